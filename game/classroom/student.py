"""The name a student typed for an assignment, remembered in the data folder.

``--continue`` resumes the autosave; without this the terminal asked for the name
again (and a student who typed it differently the second time handed in a report
under another name). One small JSON file per data folder, written atomically;
a missing or damaged file only means the name is asked again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..engine.saves import write_atomic
from .assignment import Assignment

STUDENT_FILE = "assignment-students.json"
MAX_REMEMBERED = 50  # assignments; the oldest are forgotten first


def _key(assignment: Assignment) -> str:
    return f"{Path(assignment.path).absolute()}\n{assignment.title}\n{assignment.scenario or assignment.chapter}"


def _read(data_dir: Path) -> dict[str, str]:
    try:
        raw = json.loads((data_dir / STUDENT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, str)}


def remembered_student(data_dir: str | os.PathLike[str], assignment: Assignment) -> str:
    """The name last typed for this assignment in this data folder ("" when none)."""
    return _read(Path(data_dir)).get(_key(assignment), "")


def remember_student(data_dir: str | os.PathLike[str], assignment: Assignment, name: str) -> None:
    """Keep ``name`` for this assignment; a folder that cannot be written only loses the reminder."""
    folder = Path(data_dir)
    names = _read(folder)
    names.pop(_key(assignment), None)
    names[_key(assignment)] = name
    while len(names) > MAX_REMEMBERED:
        names.pop(next(iter(names)))
    try:
        write_atomic(folder / STUDENT_FILE, json.dumps(names, ensure_ascii=False, indent=1) + "\n")
    except OSError:
        pass
