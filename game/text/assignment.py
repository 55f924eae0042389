"""An assignment played in the terminal: the student's name, the game, the debrief, the
questions, and the report saved for the teacher.

The command line (``after-lenin play --text --assignment FILE``) reads the files and the
flags and hands over here; this module only talks to the student on the streams it is
given, so tests drive it with ``StringIO`` like the player.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..classroom.assignment import Assignment
from ..classroom.report import ReportError, clean_name, open_folder, write_report
from ..engine.playthrough import Playthrough
from ..engine.saves import SaveStore
from ..history.dates import human_date
from ..history.debrief import build_debrief
from .debrief import ReflectionInputEnded, ask_reflection, format_answers, show_debrief
from .layout import fill
from .player import EXIT_INPUT_ENDED, EXIT_OK, TextPlayer

#: The report could not be written (the message says why); the command line's "problems" code.
EXIT_REPORT_FAILED = 1

__all__ = ["AssignmentRun", "ask_name", "header", "play_assignment", "EXIT_REPORT_FAILED"]


def _say(out: TextIO, text: str, indent: str = "") -> None:
    for line in fill(text, indent):
        out.write(line + "\n")


def ask_name(inp: TextIO, out: TextIO, interactive: bool) -> str:
    """The student's name as their teacher knows them; raises ValueError when the input gives none."""
    while True:
        if interactive:
            out.write("Your name (as your teacher knows you): ")
            out.flush()
        line = inp.readline()
        if not line:
            raise ValueError("the input ended before a name was given")
        name = clean_name(line)
        if not interactive:
            out.write(f"Your name (as your teacher knows you): {name}\n")
        if name:
            return name
        if not interactive:
            raise ValueError("a name is needed so your teacher knows whose report it is")
        out.write("(Please type your name.)\n")


def header(assignment: Assignment, scenario_title: str, out: TextIO) -> None:
    """What the student is asked to do, before the game starts."""
    _say(out, f"Assignment: {assignment.title}")
    if assignment.class_name:
        _say(out, f"Class: {assignment.class_name}")
    if assignment.due:
        _say(out, f"Due: {human_date(assignment.due)}")
    _say(out, f"You will play: {scenario_title}")
    if assignment.instructions:
        _say(out, assignment.instructions)
    if assignment.reflection_required:
        _say(out, "At the end you answer a few questions; then your report is saved for your teacher.")
    out.write("\n")


@dataclass
class AssignmentRun:
    """One student's assignment in the terminal, from the first decision to the saved report."""

    pt: Playthrough
    assignment: Assignment
    name: str
    inp: TextIO
    out: TextIO
    interactive: bool
    data_dir: Path
    #: How the student resumes when the input ends before the questions are answered.
    resume_command: str = ""
    code: int = EXIT_OK

    def at_ending(self, pt: Playthrough, o: TextIO) -> None:
        """The debrief's first page (the whole one goes to a file), the questions, the report."""
        debrief = build_debrief(pt, self.assignment.questions)
        show_debrief(debrief, o, self.inp, self.interactive, self.data_dir)
        try:
            answers = ask_reflection(debrief.questions, self.inp, o, self.interactive,
                                     self.assignment.reflection_required)
        except ReflectionInputEnded:
            o.write("\n")
            _say(o, "The input ended before the questions were answered. To answer them and save your"
                    f" report, run: {self.resume_command}")
            self.code = EXIT_INPUT_ENDED
            return
        o.write("\nYour answers:\n")
        format_answers(debrief.questions, answers, o)
        try:
            written = write_report(pt, self.assignment, self.name, answers, self.data_dir)
        except ReportError as exc:
            o.write("\n")
            _say(o, f"Your report could not be saved: {exc}.")
            self.code = EXIT_REPORT_FAILED
            return
        o.write("\nYour report is saved. Hand in these two files (or the whole folder):\n")
        o.write(f"  {written.html}\n  {written.json}\n")
        o.write(f"The folder: {written.folder}\n")
        if self.interactive:
            o.write("Open the folder now? (y/N) ")
            o.flush()
            if self.inp.readline().strip().lower().startswith("y") and not open_folder(written.folder):
                o.write("(It could not be opened here; open the folder above in your file manager.)\n")

    def run(self, store: SaveStore | None = None) -> int:
        """Play to the end; the player's exit code, or this run's when the ending went wrong."""
        player = TextPlayer(self.pt, self.inp, self.out, interactive=self.interactive, store=store,
                            on_ending=self.at_ending)
        return player.run() or self.code


def play_assignment(pt: Playthrough, assignment: Assignment, name: str, inp: TextIO, out: TextIO,
                    interactive: bool, data_dir: Path, store: SaveStore | None, resume_command: str) -> int:
    """Play ``pt`` for ``assignment`` as ``name`` (reports and debriefs go into ``data_dir``); the exit code."""
    run = AssignmentRun(pt, assignment, name, inp, out, interactive, data_dir, resume_command)
    return run.run(store)
