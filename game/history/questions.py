"""Reflection questions: what the student answers after playing.

Mostly a reason picked from a short menu, one optional free-text answer, and a
counterfactual that asks for two or three alternatives (never more: the point is
to weigh, not to list). Questions are data: the default set lives in
``game/classroom/default_questions.yaml`` (read there: this package does no I/O),
and a teacher's assignment may bring its own in the same shape (``QUESTION_SCHEMA``).

A menu's choices may be written out, or drawn from the playthrough itself with
``choices_from``: ``factors`` (the story's exam factors), ``decisions`` (the
decisions this student took) or ``endings``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..story import schema as S
from ..story.diagnostics import Diagnostic, make
from ..story.yamlsafe import Map, Seq

if TYPE_CHECKING:  # pragma: no cover
    from ..story import model as M

KINDS = ("menu", "text", "alternatives")
CHOICES_FROM = ("factors", "decisions", "endings")
#: A menu is short: more than this many written-out choices is refused.
MAX_MENU = 8
#: The counterfactual asks for 2–3 alternatives, never more.
MAX_ALTERNATIVES = 3
#: Longest answer kept (characters); longer text is refused with a clear message.
MAX_TEXT = 2000
MAX_ITEM = 300

@dataclass(frozen=True, slots=True)
class Question:
    """One reflection question. ``choices`` is filled in for menus once resolved."""

    id: str
    kind: str  # menu | text | alternatives
    prompt: str
    choices: tuple[str, ...] = ()
    choices_from: str = ""
    required: bool = True
    min_items: int = 2  # alternatives only
    max_items: int = 3


@dataclass(frozen=True, slots=True)
class Answer:
    """A student's answer: a menu index, a text, or alternatives (one text each)."""

    question_id: str
    choice: int | None = None
    text: str = ""
    items: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return self.choice is None and not self.text.strip() and not any(i.strip() for i in self.items)

    def as_text(self, question: Question) -> str:
        """The answer in words (the chosen menu line, the text, or the alternatives joined)."""
        if question.kind == "menu":
            if self.choice is not None and 0 <= self.choice < len(question.choices):
                return question.choices[self.choice]
            return ""
        if question.kind == "alternatives":
            return "; ".join(i.strip() for i in self.items if i.strip())
        return self.text.strip()


def _check_question(value: Map, ctx: Any) -> None:
    kind = value.get("kind")
    has_choices = "choices" in value and value.get("choices") is not None
    has_from = "choices_from" in value and value.get("choices_from") is not None
    if kind == "menu":
        if has_choices == has_from:
            ctx.add(value.pos, "AL012", "a menu question needs either 'choices' (a list) or 'choices_from'"
                    f" ({', '.join(CHOICES_FROM)}), not both")
        if isinstance(value.get("choices"), Seq) and len(value["choices"]) > MAX_MENU:
            ctx.add(value.pos_of("choices"), "AL013", f"a menu is short: at most {MAX_MENU} choices")
    elif kind in ("text", "alternatives"):
        for key in ("choices", "choices_from"):
            if key in value:
                ctx.add(value.key_pos_of(key), "AL010", f"a {kind} question has no '{key}'; remove it")
    if kind != "alternatives":
        for key in ("min", "max"):
            if key in value:
                ctx.add(value.key_pos_of(key), "AL010", f"'{key}' is for alternatives questions only")
    else:
        lo = value.get("min", 2)
        hi = value.get("max", MAX_ALTERNATIVES)
        if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
            ctx.add(value.pos_of("min"), "AL013", f"min ({lo}) is larger than max ({hi})")


QUESTION_SCHEMA = S.Record({
    "id": S.Field(S.Id("A short id, unique among the questions."), required=True),
    "kind": S.Field(S.Choice(KINDS, "menu: pick one reason; text: free answer; alternatives: 2–3 short"
                             " answers"), required=True),
    "prompt": S.Field(S.Text("The question as the student reads it."), required=True),
    "choices": S.Field(S.ListOf(S.Text(), min_items=2, doc="A menu's choices (2 to 8).")),
    "choices_from": S.Field(S.Choice(CHOICES_FROM, "Fill the menu from the story or the playthrough.")),
    "required": S.Field(S.Bool("Must the student answer it? Default: yes for menus, no otherwise.")),
    "min": S.Field(S.Int("Alternatives: fewest answers (default 2).", minimum=1, maximum=MAX_ALTERNATIVES)),
    "max": S.Field(S.Int("Alternatives: most answers (default 3, never more).", minimum=1,
                         maximum=MAX_ALTERNATIVES)),
}, title="a question", check=_check_question)

QUESTIONS_SCHEMA = S.ListOf(QUESTION_SCHEMA, min_items=1, doc="Reflection questions, asked in order.")


def questions_from_data(data: object, path: str) -> tuple[tuple[Question, ...], list[Diagnostic]]:
    """Build questions from a validated-or-not YAML list; returns them and every problem found."""
    diags = S.validate(data, QUESTIONS_SCHEMA, path)
    seen: dict[str, Any] = {}
    out: list[Question] = []
    if not isinstance(data, Seq):
        return (), diags
    for _i, q in enumerate(data):
        if not isinstance(q, Map) or not isinstance(q.get("id"), str):
            continue
        qid = q["id"]
        if qid in seen:
            pos = q.pos_of("id")
            diags.append(make(path, pos.line, pos.col, "AL020", f"the question id '{qid}' is used twice"
                              f" (first at line {seen[qid].line}); give each question its own id"))
            continue
        seen[qid] = q.pos_of("id")
        raw_kind = q.get("kind")
        kind = raw_kind if isinstance(raw_kind, str) and raw_kind in KINDS else "text"
        choices = tuple(c for c in (q.get("choices") or []) if isinstance(c, str)) if isinstance(
            q.get("choices"), Seq) else ()
        required = q.get("required")
        if not isinstance(required, bool):
            required = kind == "menu"
        lo = raw_min if isinstance(raw_min := q.get("min"), int) else 2
        hi = raw_max if isinstance(raw_max := q.get("max"), int) else MAX_ALTERNATIVES
        source = q.get("choices_from")
        out.append(Question(qid, kind, str(q.get("prompt", "")), choices,
                            source if isinstance(source, str) and source in CHOICES_FROM else "",
                            required, max(1, min(lo, MAX_ALTERNATIVES)), max(1, min(hi, MAX_ALTERNATIVES))))
    return tuple(out), diags


def resolve(questions: Iterable[Question], story: M.Story,
            decisions: Sequence[Any] = ()) -> tuple[Question, ...]:
    """Fill in menus drawn ``choices_from`` the story or the playthrough's decisions.

    A menu that would be empty (no decisions yet, a story without factors) is left out.
    """
    out = []
    for q in questions:
        if q.kind == "menu" and q.choices_from:
            if q.choices_from == "factors":
                choices = tuple(f.title for f in story.factors.values())
            elif q.choices_from == "endings":
                choices = tuple(e.title for e in story.endings.values())
            else:
                choices = tuple(_decision_label(d) for d in _short_list(decisions))
            if not choices:
                continue
            q = replace(q, choices=choices)
        out.append(q)
    return tuple(out)


def _short_list(decisions: Sequence[Any]) -> list[Any]:
    """At most MAX_MENU decisions, keeping play order: those where the player left history first."""
    if len(decisions) <= MAX_MENU:
        return list(decisions)
    ranked = sorted(range(len(decisions)), key=lambda i: (getattr(decisions[i], "matched", None) is not False, i))
    keep = sorted(ranked[:MAX_MENU])
    return [decisions[i] for i in keep]


def _decision_label(d: Any) -> str:
    prompt = (getattr(d, "prompt", "") or getattr(d, "id", "")).strip()
    chapter = getattr(d, "chapter_title", "")
    return f"{chapter}: {prompt}" if chapter else prompt


def check_answers(questions: Sequence[Question], answers: Mapping[str, Answer],
                  reflection_required: bool = True) -> list[str]:
    """Every problem with a set of answers, in words a student understands ([] when fine)."""
    problems: list[str] = []
    known = {q.id for q in questions}
    for qid in answers:
        if qid not in known:
            problems.append(f"there is no question '{qid}'")
    for n, q in enumerate(questions, 1):
        a = answers.get(q.id)
        if a is None or a.is_empty():
            if q.required and reflection_required:
                problems.append(f"question {n} needs an answer")
            continue
        if q.kind == "menu":
            if a.choice is None or not 0 <= a.choice < len(q.choices):
                problems.append(f"question {n}: pick one of the {len(q.choices)} choices")
        elif q.kind == "text":
            if len(a.text) > MAX_TEXT:
                problems.append(f"question {n}: keep the answer under {MAX_TEXT} characters")
        else:
            items = [i for i in a.items if i.strip()]
            if len(items) < q.min_items:
                problems.append(f"question {n}: give at least {q.min_items} alternatives")
            if len(items) > q.max_items:
                problems.append(f"question {n}: give at most {q.max_items} alternatives")
            if any(len(i) > MAX_ITEM for i in items):
                problems.append(f"question {n}: keep each alternative under {MAX_ITEM} characters")
    return problems
