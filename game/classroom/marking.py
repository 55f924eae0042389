"""Marking menu questions: an optional right answer (``answer:`` or ``accept:``) and ``points:``.

Only menu questions are marked: a reason picked from a list can be right or wrong,
a free answer or a list of alternatives is for the teacher to read. The marks live
with the assignment (not in the debrief's questions), and a report carries each
question's mark so the class summary can count the share correct without the
assignment file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..history.questions import QUESTION_SCHEMA, Answer, Question
from ..story import model as M
from ..story import schema as S
from ..story.diagnostics import Diagnostic, make
from ..story.yamlsafe import Map, Pos, Seq
from .names import name_key

MAX_POINTS = 100
_ANSWER_DOC = "A menu's right answer: the choice as written, or its number (1 = the first)."


def _check_marked(value: Map, ctx: Any) -> None:
    if QUESTION_SCHEMA.check is not None:
        QUESTION_SCHEMA.check(value, ctx)
    has_answer, has_accept = value.get("answer") is not None, value.get("accept") is not None
    if has_answer and has_accept:
        ctx.add(value.key_pos_of("accept"), "AL010", "give either 'answer' (one right choice) or 'accept'"
                " (a list of right choices), not both")
    if value.get("kind") != "menu":
        for key in ("answer", "accept", "points"):
            if key in value:
                ctx.add(value.key_pos_of(key), "AL010", f"'{key}' marks menu questions only; a"
                        f" {value.get('kind')} question is for you to read — remove '{key}'")
        return
    if "points" in value and not (has_answer or has_accept):
        ctx.add(value.key_pos_of("points"), "AL012", "'points' needs the right answer too: add 'answer:'"
                " (the right choice) or remove 'points'")
    if (has_answer or has_accept) and value.get("choices_from") == "decisions":
        key = "answer" if has_answer else "accept"
        ctx.add(value.key_pos_of(key), "AL010", "a menu of the student's own decisions has no single right"
                f" answer; remove '{key}'")
    choices = value.get("choices")
    if isinstance(choices, Seq):
        for given, pos in _given(value):
            if _index(given, [c for c in choices if isinstance(c, str)]) is None:
                ctx.add(pos, "AL013", f"{given!r} is not one of this question's choices; copy a choice"
                        f" exactly, or give its number (1 to {len(choices)})")


#: A question as an assignment may write it: the debrief's fields, plus marking.
MARKED_QUESTION_SCHEMA = S.Record({
    **QUESTION_SCHEMA.fields,
    "answer": S.Field(S.Scalar(_ANSWER_DOC)),
    "accept": S.Field(S.ListOf(S.Scalar(_ANSWER_DOC), min_items=1,
                               doc="Several right answers to a menu (each a choice or its number).")),
    "points": S.Field(S.Int("Points for a right answer (default 1).", minimum=0, maximum=MAX_POINTS)),
}, title="a question", check=_check_marked)

MARKED_QUESTIONS_SCHEMA = S.ListOf(MARKED_QUESTION_SCHEMA, min_items=1, doc="Reflection questions, asked in order.")


@dataclass(frozen=True)
class Marking:
    """A menu question's right answers (as written: choice texts or 1-based numbers) and its points."""

    accept: tuple[str | int, ...]
    points: int = 1
    pos: Pos = Pos(1, 1)


def _given(q: Map) -> list[tuple[str | int, Pos]]:
    if q.get("answer") is not None:
        v = q["answer"]
        return [(v, q.pos_of("answer"))] if isinstance(v, (str, int)) and not isinstance(v, bool) else []
    acc = q.get("accept")
    if isinstance(acc, Seq):
        return [(v, acc.pos_of(i)) for i, v in enumerate(acc) if isinstance(v, (str, int)) and not isinstance(v, bool)]
    return []


def _index(given: str | int, choices: list[str]) -> int | None:
    """The 0-based choice an answer names, by number or by text (case and spaces forgiven)."""
    if isinstance(given, int):
        return given - 1 if 1 <= given <= len(choices) else None
    text = given.strip()
    if text.isdigit():
        return _index(int(text), choices)
    keys = [name_key(c) for c in choices]
    return keys.index(name_key(text)) if name_key(text) in keys else None


def markings_from_data(data: Any) -> dict[str, Marking]:
    """The marking of each question that has one, by question id (from validated YAML)."""
    out: dict[str, Marking] = {}
    if not isinstance(data, Seq):
        return out
    for q in data:
        if not isinstance(q, Map) or not isinstance(q.get("id"), str) or q.get("kind") != "menu":
            continue
        given = _given(q)
        if given:
            points = q.get("points")
            out[q["id"]] = Marking(tuple(g for g, _ in given), points if isinstance(points, int) else 1,
                                   given[0][1])
    return out


def check_against_story(markings: Mapping[str, Marking], questions: tuple[Question, ...], story: M.Story,
                        path: str) -> list[Diagnostic]:
    """Right answers of menus filled from the story (factors, endings) must name one of them."""
    diags = []
    for q in questions:
        m = markings.get(q.id)
        if m is None or q.choices_from not in ("factors", "endings"):
            continue
        choices = ([f.title for f in story.factors.values()] if q.choices_from == "factors"
                   else [e.title for e in story.endings.values()])
        for given in m.accept:
            if _index(given, choices) is None:
                diags.append(make(path, m.pos.line, m.pos.col, "AL013",
                                  f"{given!r} is not one of the {q.choices_from} of this story; choose one of: "
                                  + "; ".join(choices)))
    return diags


def mark(question: Question, answer: Answer | None, marking: Marking | None) -> dict[str, Any] | None:
    """A report's mark for one answer: right or not, points given and possible; None when unmarked."""
    if marking is None or question.kind != "menu":
        return None
    right = [question.choices[i] for g in marking.accept
             if (i := _index(g, list(question.choices))) is not None]
    chosen = (question.choices[answer.choice] if answer is not None and answer.choice is not None
              and 0 <= answer.choice < len(question.choices) else None)
    correct = chosen is not None and chosen in right
    return {"correct": correct, "points": marking.points if correct else 0, "of": marking.points,
            "accepted": right}
