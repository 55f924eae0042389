"""The shipped default reflection questions, read from ``default_questions.yaml`` beside this module.

``game.history`` turns questions into data but reads no files (it does no I/O), so the
file is read here, once, and callers pass the questions in: an assignment brings its
own, and every other debrief (the window, the terminal, the browser, a report without
an assignment) gets these.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..history.questions import Question, questions_from_data
from ..story.yamlsafe import Map, YamlError, load_text

if TYPE_CHECKING:  # pragma: no cover
    from .assignment import Assignment

DEFAULTS_FILE = Path(__file__).with_name("default_questions.yaml")

_DEFAULTS: tuple[Question, ...] | None = None


def load_default_questions() -> tuple[Question, ...]:
    """The shipped default set (unresolved). A broken file is a packaging bug: it raises."""
    global _DEFAULTS
    if _DEFAULTS is None:
        try:
            data = load_text(DEFAULTS_FILE.read_text(encoding="utf-8"))
        except YamlError as exc:  # pragma: no cover - a shipped file is tested
            raise RuntimeError(f"{DEFAULTS_FILE}:{exc.pos.line}:{exc.pos.col}: {exc.message}") from None
        questions, diags = questions_from_data(data.get("questions") if isinstance(data, Map) else data,
                                               str(DEFAULTS_FILE))
        if diags:  # pragma: no cover - a shipped file is tested
            raise RuntimeError("\n".join(d.format() for d in diags))
        _DEFAULTS = questions
    return _DEFAULTS


def questions_for(assignment: Assignment | None) -> tuple[Question, ...]:
    """The questions a debrief asks: the assignment's own, or the shipped defaults."""
    return assignment.questions if assignment is not None else load_default_questions()
