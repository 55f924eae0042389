"""Student reports: the debrief, the reflections and the assignment header, as JSON and HTML.

The JSON is the record (a documented, versioned schema: ``docs/report.schema.json``);
the HTML is rendered from the JSON alone, so ``after-lenin report`` can re-render a
report years later without the save, and a class summary reads exactly what the
student's page shows.
"""

from __future__ import annotations

import datetime as _dt
import glob
import json
import os
import subprocess
import sys
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..engine.playthrough import Playthrough
from ..engine.saves import write_atomic
from ..history.debrief import Debrief, DecisionView, EndingView, RecordView, build_debrief
from ..history.questions import Answer, Question, check_answers
from .assignment import Assignment
from .marking import Marking, mark
from .names import file_slug, name_key
from .questions import questions_for

FORMAT = "after-lenin-report"
VERSION = 1
MAX_NAME = 80
REPORTS_FOLDER = "reports"


class ReportError(Exception):
    """A report that cannot be written or read; the message says why."""


@dataclass(frozen=True)
class ReportPaths:
    """Where a report was written."""

    html: Path
    json: Path

    @property
    def folder(self) -> Path:
        return self.html.parent


def clean_name(name: str) -> str:
    """A student's name as typed, minus control characters and surrounding space, at most MAX_NAME."""
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C" or ch == " ")
    return " ".join(name.split())[:MAX_NAME]


def _record(rec: RecordView | None) -> dict[str, Any] | None:
    if rec is None:
        return None
    return {
        "id": rec.id, "date": rec.date, "date_text": rec.date_text, "title": rec.title, "what": rec.what,
        "why": rec.why, "sources": list(rec.sources),
        "dispute": None if rec.dispute is None else {
            "question": rec.dispute.question,
            "readings": [{"view": r.view, "held_by": r.held_by} for r in rec.dispute.readings],
        },
    }


def _ending(e: EndingView | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {"id": e.id, "title": e.title, "summary": e.summary, "debrief": e.debrief, "sources": list(e.sources),
            "historical": e.historical, "chapter_end": e.chapter_end}


def _decision(d: DecisionView) -> dict[str, Any]:
    return {
        "n": d.n, "id": d.id, "kind": d.kind, "chapter": d.chapter_id, "chapter_title": d.chapter_title,
        "prompt": d.prompt, "player": d.player, "historical": d.historical, "matched": d.matched, "key": d.key,
        "posts": [{"post": p.post, "player": p.player, "historical": p.historical, "matched": p.matched}
                  for p in d.posts],
        "record": _record(d.record), "factors": list(d.factors),
    }


def _answer(q: Question, a: Answer | None, marking: Marking | None = None) -> dict[str, Any]:
    if a is not None:  # a window's unused alternative fields arrive as empty strings: keep what was written
        a = Answer(a.question_id, a.choice, a.text.strip(), tuple(i.strip() for i in a.items if i.strip()))
        if a.is_empty():
            a = None
    out = {
        "id": q.id, "kind": q.kind, "prompt": q.prompt, "choices": list(q.choices), "required": q.required,
        "answer": {
            "choice": a.choice if a is not None else None,
            "text": a.text if a is not None else "",
            "items": list(a.items) if a is not None else [],
        },
        "answer_text": a.as_text(q) if a is not None else "",
    }
    marked = mark(q, a, marking)
    if marked is not None:
        out["mark"] = marked
    return out


def _score(reflection: list[dict[str, Any]]) -> dict[str, int] | None:
    marks = [r["mark"] for r in reflection if "mark" in r]
    if not marks:
        return None
    return {"points": sum(m["points"] for m in marks), "of": sum(m["of"] for m in marks),
            "correct": sum(1 for m in marks if m["correct"]), "marked": len(marks)}


def report_data(pt: Playthrough, assignment: Assignment | None, student: str,
                answers: Mapping[str, Answer] | None = None, debrief: Debrief | None = None,
                class_name: str = "") -> dict[str, Any]:
    """The report as JSON-ready data (schema ``docs/report.schema.json``)."""
    story = pt.story
    d = debrief or build_debrief(pt, questions_for(assignment))
    answers = answers or {}
    t = d.trajectory
    markings = assignment.markings if assignment else {}
    reflection = [_answer(q, answers.get(q.id), markings.get(q.id)) for q in d.questions]
    now = _dt.datetime.now().astimezone().isoformat(timespec="seconds")
    return {
        "format": FORMAT,
        "version": VERSION,
        "id": uuid.uuid4().hex,
        "generated_at": now,
        "story": {"id": story.id, "title": story.title, "version": story.version, "hash": story.content_hash},
        "student": {"name": clean_name(student), "class": assignment.class_name if assignment and
                    assignment.class_name else class_name},
        "assignment": assignment.header() if assignment else None,
        "scenario": {"id": d.scenario_id, "title": d.scenario_title, "role": pt.state.role, "role_name": d.role_name},
        "finished": d.finished,
        "counts": {"decisions": len(d.decisions), "comparable": d.comparable_count, "matched": d.matched_count},
        "decisions": [_decision(x) for x in d.decisions],
        "outcome": {
            "player": _ending(d.outcome.player), "historical": _ending(d.outcome.historical),
            "matched": d.outcome.matched,
            "aftermath": [{"person": a.person, "record": _record(a.record)} for a in d.outcome.aftermath],
        },
        "trajectory": {
            "chapters": [{"id": c.id, "number": c.number, "title": c.title} for c in t.chapters],
            "meters": [{"name": m.name, "label": m.label, "min": m.minimum, "max": m.maximum,
                        "player": list(m.player), "historical": list(m.historical), "source": m.source,
                        "note": m.note} for m in t.meters],
            "current": t.current,
        },
        "factors": [{"id": f.id, "title": f.title, "description": f.description, "summary": f.summary,
                     "uses": [{"n": u.n, "decision": u.decision_id, "prompt": u.prompt, "player": u.player,
                               "matched": u.matched} for u in f.uses]} for f in d.factors],
        "reflection": reflection,
        "score": _score(reflection),
    }


def _slug(text: str, limit: int = 40) -> str:
    return file_slug(text, limit)


def report_basename(data: Mapping[str, Any]) -> str:
    """``<name>_<assignment or scenario>_<YYYYmmdd-HHMMSS>``: sortable, safe on every file system."""
    who = _slug(str(data.get("student", {}).get("name", "")))
    assignment = data.get("assignment") or {}
    what = _slug(str(assignment.get("title") or data.get("scenario", {}).get("id", "")), 30)
    stamp = str(data.get("generated_at", ""))[:19].replace("-", "").replace(":", "").replace("T", "-")
    return f"{who}_{what}_{stamp}"


def write_report(pt: Playthrough, assignment: Assignment | None, student: str,
                 answers: Mapping[str, Answer] | None, data_dir: str | os.PathLike[str]) -> ReportPaths:
    """Write the student's report (HTML and JSON) into ``data_dir/reports/``; return both paths.

    Raises ReportError when the answers are incomplete (and reflection is required)
    or the folder cannot be written; the message says what to do.
    """
    name = clean_name(student)
    if not name:
        raise ReportError("type your name so your teacher knows whose report this is")
    debrief = build_debrief(pt, questions_for(assignment))
    answers = dict(answers or {})
    problems = check_answers(debrief.questions, answers,
                             assignment.reflection_required if assignment else False)
    if problems:
        raise ReportError("; ".join(problems))
    data = report_data(pt, assignment, name, answers, debrief)
    return save_report(data, Path(data_dir) / REPORTS_FOLDER)


def _same_play(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Two reports of one playthrough for one assignment: the same student, story, scenario and decisions."""
    def key(d: Mapping[str, Any]) -> tuple[Any, ...]:
        return (name_key(str((d.get("student") or {}).get("name", ""))), (d.get("story") or {}).get("id"),
                (d.get("scenario") or {}).get("id"), (d.get("assignment") or {}).get("title"),
                d.get("finished"), [(x.get("id"), x.get("key"), x.get("player")) for x in d.get("decisions") or []
                                    if isinstance(x, Mapping)])
    return key(a) == key(b)


def _earlier_copy(data: Mapping[str, Any], folder: Path, base: str) -> Path | None:
    """A report already in ``folder`` for this same playthrough (written a moment ago), if any."""
    prefix = base.rsplit("_", 1)[0] + "_"  # the same student and assignment, any time
    try:
        candidates = sorted(folder.glob(f"{glob.escape(prefix)}*.json"))
    except OSError:
        return None
    for p in candidates:
        try:
            if _same_play(read_report(p), data):
                return p
        except ReportError:
            continue
    return None


def save_report(data: Mapping[str, Any], folder: Path) -> ReportPaths:
    """Write a report's JSON and HTML side by side (atomically); never overwrite another report.

    Writing the report of the same playthrough again (a second click on "Write", an
    answer changed) replaces the earlier files instead of making a second copy.
    """
    from .html import render_report

    base = report_basename(data)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        earlier = _earlier_copy(data, folder, base)
        if earlier is not None:
            stem = earlier.stem
        else:
            n = 1
            stem = base
            while (folder / f"{stem}.json").exists() or (folder / f"{stem}.html").exists():
                n += 1
                stem = f"{base}-{n}"
        json_path, html_path = folder / f"{stem}.json", folder / f"{stem}.html"
        write_atomic(json_path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        write_atomic(html_path, render_report(data))
    except OSError as exc:
        raise ReportError(f"the report could not be written to {folder}: {exc.strerror or exc}") from None
    return ReportPaths(html_path, json_path)


def read_report(path: str | os.PathLike[str], max_bytes: int = 4 * 1024 * 1024) -> dict[str, Any]:
    """Read a report JSON file. Raises ReportError saying why it cannot be used."""
    p = Path(path)
    try:
        if p.stat().st_size > max_bytes:
            raise ReportError(f"too large for a report ({p.stat().st_size // 1024} KiB)")
        raw = p.read_bytes()
    except OSError as exc:
        raise ReportError(f"cannot be read: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ReportError("not UTF-8 text (damaged?)") from None
    except json.JSONDecodeError as exc:
        raise ReportError(f"damaged: not valid JSON (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise ReportError("damaged: nested too deeply") from None
    return check_report(data)


def check_report(data: Any) -> dict[str, Any]:
    """The structural checks a reader relies on (the JSON Schema in docs/ says the rest)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReportError("not an After Lenin report (no 'format: after-lenin-report')")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ReportError("damaged: the report has no version number")
    if version > VERSION:
        raise ReportError(f"made by a newer version of the game (report version {version}); update the game")
    for key, kind in (("student", dict), ("story", dict), ("scenario", dict), ("decisions", list),
                      ("outcome", dict), ("reflection", list), ("trajectory", dict), ("factors", list)):
        if not isinstance(data.get(key), kind):
            raise ReportError(f"damaged: '{key}' is missing or of the wrong kind")
    if not isinstance(data["student"].get("name"), str):
        raise ReportError("damaged: no student name")
    for d in data["decisions"]:
        if not isinstance(d, dict) or not isinstance(d.get("id"), str):
            raise ReportError("damaged: a decision without an id")
    for r in data["reflection"]:
        if not isinstance(r, dict) or not isinstance(r.get("id"), str):
            raise ReportError("damaged: a reflection answer without a question id")
    return data


def open_folder(folder: str | os.PathLike[str]) -> bool:
    """Open a folder in the system's file manager. False when there is no way to (say the path instead)."""
    path = str(folder)
    try:
        if sys.platform.startswith("win"):
            os.startfile(path)  # type: ignore[attr-defined]
            return True
        opener = "open" if sys.platform == "darwin" else "xdg-open"
        subprocess.Popen([opener, path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return True
    except (OSError, AttributeError):
        return False
