"""Classroom subcommands: ``report``, ``class-report``, and ``play --assignment`` in the terminal.

``play --assignment`` only reads the files and flags here; the student's side (name, game,
debrief, questions, report) is ``game.text.assignment``.

Listed in ``game.cli.table``; nothing else imports this module.
Every failure a teacher or student can cause ends in one clear message, never a
traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from .. import paths
from ..classroom.assignment import Assignment, AssignmentError, load_assignment, scenario_for
from ..classroom.report import FORMAT, ReportError, check_report, report_data
from ..classroom.student import remember_student, remembered_student
from . import core as cli
from .exits import Exit

EXIT_USAGE = Exit.USAGE


def print_assignment_error(exc: AssignmentError, err: TextIO) -> None:
    err.write("after-lenin: the assignment file has problems; fix them (or ask your teacher):\n")
    for d in exc.diagnostics:
        err.write(d.format() + "\n")


# --- check FILE.yaml -------------------------------------------------------------------


def check_assignment_file(path: Path, story_dir: str | None, fmt: str, out: TextIO) -> int:
    """``after-lenin check FILE.yaml``: every problem of an assignment, or what the students will get."""
    from ..story.diagnostics import Diagnostic

    diags: list[Diagnostic] = []
    assignment: Assignment | None = None
    summary = ""
    story = cli._load_or_report(paths.story_dir(story_dir))
    if story is None:
        return Exit.PROBLEMS
    try:
        assignment = load_assignment(path)
        scenario = story.scenarios[scenario_for(assignment, story)]
    except AssignmentError as exc:
        diags = exc.diagnostics
    else:
        marked = len(assignment.markings)
        summary = (f"{path}: no problems found: \"{assignment.title}\" plays {scenario.title}"
                   f" ({scenario.dates}); {len(assignment.questions)} question(s)"
                   + (f", {marked} marked ({assignment.max_score} point(s))" if marked else "")
                   + ("" if assignment.reflection_required else "; answering is optional"))
    if fmt == "json":
        json.dump({"file": str(path), "errors": len(diags),
                   "diagnostics": [d.as_json() for d in diags]}, out, indent=1)
        out.write("\n")
    else:
        for d in diags:
            out.write(d.format() + "\n")
        out.write(f"{len(diags)} error(s) in {path}\n" if diags else summary + "\n")
    return Exit.PROBLEMS if diags else Exit.OK


# --- play --assignment (terminal) ------------------------------------------------------


def run_assignment_text(args: argparse.Namespace, inp: TextIO | None = None, out: TextIO | None = None,
                        err: TextIO | None = None) -> int:
    """Play an assignment in the terminal: name, play, debrief, reflection, report."""
    from ..engine.playthrough import StoryRuntimeError
    from ..engine.saves import SaveError, SaveStore
    from ..engine.start import Start
    from ..text.assignment import ask_name, header, play_assignment

    inp = inp or sys.stdin
    out = out or sys.stdout
    err = err or sys.stderr
    interactive = inp.isatty() if hasattr(inp, "isatty") else False
    try:
        assignment = load_assignment(args.assignment)
    except AssignmentError as exc:
        print_assignment_error(exc, err)
        return EXIT_USAGE
    story = cli._load_or_report(paths.story_dir(args.story))
    if story is None:
        return Exit.PROBLEMS
    try:
        scenario = scenario_for(assignment, story)
    except AssignmentError as exc:
        print_assignment_error(exc, err)
        return EXIT_USAGE
    data_dir = paths.data_dir(args.data_dir)
    store = SaveStore(data_dir)
    header(assignment, story.scenarios[scenario].title, out)
    resume = bool(getattr(args, "resume", False))
    try:
        name = remembered_student(data_dir, assignment) if resume else ""
        if name:
            out.write(f"Welcome back, {name}. (Not you? Start without --continue.)\n")
        else:
            name = ask_name(inp, out, interactive)
            remember_student(data_dir, assignment, name)
        pt = None
        if resume:
            pt, notice = store.load(story, "autosave")
            if pt.state.scenario != scenario:
                out.write("(Your autosave is from another scenario; the assignment starts afresh.)\n")
                pt = None
            elif notice:
                out.write(f"({notice})\n")
        if pt is None:
            pt = Start(scenario, args.seed).begin(story)
    except (ValueError, SaveError) as exc:
        err.write(f"after-lenin: {exc}\n")
        return EXIT_USAGE
    except StoryRuntimeError as exc:
        err.write(f"after-lenin: the story cannot start: {exc}\n")
        return Exit.CANNOT_START
    return play_assignment(pt, assignment, name, inp, out, interactive, data_dir, store,
                           f"after-lenin play --text --continue --assignment {args.assignment}")


# --- report -------------------------------------------------------------------------


def _add_report(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", help="a student's report (.json) or a save file (.json) to render")
    p.add_argument("-o", "--output", help="the HTML file to write (default: beside the source, .html)")
    p.add_argument("--json", dest="json_out", help="from a save: also write the report's JSON here")
    p.add_argument("--name", default="", help="from a save: the student's name to put on the report")
    p.add_argument("--assignment", help="from a save: the assignment it was played for (its header and questions)")
    p.add_argument("--story", help="from a save: the story folder (default: the shipped scenes/)")


def run_report(args: argparse.Namespace) -> int:
    from ..classroom.html import render_report
    from ..engine.playthrough import Playthrough
    from ..engine.saves import FORMAT as SAVE_FORMAT
    from ..engine.saves import SaveError, write_atomic

    src = Path(args.source)
    try:
        raw = json.loads(src.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        sys.stderr.write(f"after-lenin: {src}: cannot be read: {exc.strerror or exc}\n")
        return Exit.PROBLEMS
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        sys.stderr.write(f"after-lenin: {src}: not a report or a save (not valid JSON text)\n")
        return Exit.PROBLEMS
    fmt = raw.get("format") if isinstance(raw, dict) else None
    try:
        if fmt == FORMAT:
            data = check_report(raw)
        elif fmt == SAVE_FORMAT:
            assignment = load_assignment(args.assignment) if args.assignment else None
            story = cli._load_or_report(paths.story_dir(args.story))
            if story is None:
                return Exit.PROBLEMS
            pt, notice = Playthrough.restore(story, raw)
            if notice:
                sys.stderr.write(f"({notice})\n")
            data = report_data(pt, assignment, args.name)
            if args.json_out:
                write_atomic(Path(args.json_out), json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        else:
            sys.stderr.write(f"after-lenin: {src}: neither a student report nor a save file\n")
            return Exit.PROBLEMS
    except ReportError as exc:
        sys.stderr.write(f"after-lenin: {src}: {exc}\n")
        return Exit.PROBLEMS
    except SaveError as exc:
        sys.stderr.write(f"after-lenin: {src}: {exc}\n")
        return Exit.PROBLEMS
    except AssignmentError as exc:
        print_assignment_error(exc, sys.stderr)
        return EXIT_USAGE
    target = Path(args.output) if args.output else src.with_suffix(".html")
    try:
        write_atomic(target, render_report(data))
    except OSError as exc:
        sys.stderr.write(f"after-lenin: cannot write {target}: {exc.strerror or exc}\n")
        return Exit.PROBLEMS
    sys.stdout.write(f"Wrote {target}\n")
    return Exit.OK


# --- class-report -------------------------------------------------------------------


def _add_class_report(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", help="the folder holding the students' report .json files")
    p.add_argument("-o", "--output", default="class-summary",
                   help="where to write: OUT.html and OUT.csv (default: class-summary)")
    p.add_argument("--roster", help="a text file with one student name per line: shows who has not finished")
    p.add_argument("--assignment", default="", metavar="TITLE",
                   help="summarise only this assignment (its title or file name); by default every assignment"
                        " found is summarised on its own")


def run_class_report(args: argparse.Namespace) -> int:
    from ..classroom.summary import SummaryError, write_summary

    try:
        html_path, csv_path, summary = write_summary(Path(args.dir), Path(args.output),
                                                     Path(args.roster) if args.roster else None, args.assignment)
    except SummaryError as exc:
        sys.stderr.write(f"after-lenin: {exc}\n")
        return Exit.PROBLEMS
    sys.stdout.write(f"Read {summary.report_count} report(s); skipped {len(summary.skipped)}.\n")
    if len(summary.groups) > 1:
        sys.stdout.write(f"The reports are for {len(summary.groups)} assignments, each summarised on its own"
                         " (--assignment TITLE for one):\n")
        for g in summary.groups:
            sys.stdout.write(f"  {g.label}: {g.report_count} report(s)\n")
    for item in summary.skipped:
        sys.stdout.write(f"  skipped {item.name}: {item.reason}\n")
    for s in summary.students:
        for flag in s.flags:
            sys.stdout.write(f"  check {s.file} ({s.name}): {flag}\n")
    for name, close in summary.roster_suggestions.items():
        sys.stdout.write(f"  '{name}' is not on the roster; did you mean {' or '.join(repr(c) for c in close)}?\n")
    if summary.pages_made:
        sys.stdout.write(f"Made {len(summary.pages_made)} report page(s) from a JSON file handed in without its"
                         f" HTML page: {', '.join(summary.pages_made)}\n")
    for file, why in summary.pages_failed:
        sys.stdout.write(f"  no report page for {file} ({why}); its name in the summary opens nothing: run"
                         f" after-lenin report {Path(args.dir) / file} -o PAGE.html\n")
    sys.stdout.write(f"Wrote {html_path}\nWrote {csv_path}\n")
    return Exit.OK
