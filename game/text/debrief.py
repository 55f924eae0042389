"""The debrief and the reflection questions as plain text, for the terminal player.

No escape codes, no colour, no box drawing: a screen reader reads it top to
bottom, and a scripted run (tests, teachers' checks) can compare it exactly.
``print_debrief(pt, out)`` is what the text player calls at an ending;
``ask_reflection`` asks an assignment's questions on the same streams.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import TextIO

from ..engine.playthrough import Playthrough
from ..history.debrief import Debrief, DecisionView, RecordView, build_debrief
from ..history.questions import MAX_ITEM, MAX_TEXT, Answer, Question

WIDTH = 78


def _plain(text: str) -> str:
    return text.replace("**", "").replace("*", "")


class _Out:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def line(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def para(self, text: str, indent: str = "", first: str | None = None) -> None:
        text = _plain(text).strip()
        if not text:
            return
        for i, block in enumerate(text.split("\n")):
            if not block.strip():
                continue
            lead = first if (first is not None and i == 0) else indent
            self.line(textwrap.fill(block, WIDTH, initial_indent=lead, subsequent_indent=indent))

    def heading(self, text: str) -> None:
        self.line()
        self.line(text)
        self.line("-" * len(text))


def _mark(matched: bool | None) -> str:
    if matched is None:
        return "no single historical option to compare"
    return "same as history" if matched else "different from history"


def _record(w: _Out, rec: RecordView, indent: str) -> None:
    w.para(f"What happened ({rec.date_text}): {rec.title}. {rec.what}", indent)
    if rec.why:
        w.para(f"Why it mattered: {rec.why}", indent)
    if rec.dispute is not None:
        w.para(f"Historians disagree: {rec.dispute.question}", indent)
        for r in rec.dispute.readings:
            w.para(f"- {r.view} (held by {r.held_by})", indent + "    ", first=indent + "  ")
    w.para("Sources: " + "; ".join(rec.sources), indent)


def _decision(w: _Out, d: DecisionView) -> None:
    where = f" ({d.chapter_title})" if d.chapter_title else ""
    w.line()
    w.para(f"{d.n}. {d.prompt}{where}", "   ", first="")
    if d.kind == "appointments":
        for p in d.posts:
            hist = f"; historically: {p.historical}" if p.historical else ""
            w.para(f"- {p.post}: you chose {p.player}{hist}", "      ", first="   ")
    else:
        w.para(f"You: {d.player}", "   ")
        if d.historical:
            w.para(f"Historically: {d.historical}", "   ")
    w.para(f"[{_mark(d.matched)}]", "   ")
    if d.record is not None:
        _record(w, d.record, "   ")


def format_debrief(debrief: Debrief, out: TextIO) -> None:
    """Write a built debrief as plain text."""
    w = _Out(out)
    w.line()
    w.line("=== Your path beside history ===")
    w.para(f"{debrief.scenario_title} — played as {debrief.role_name}.")
    if not debrief.finished:
        w.para("You have not reached an ending yet: this is your path so far.")

    w.heading("Your decisions")
    if not debrief.decisions:
        w.line("You have not taken a decision yet.")
    elif debrief.comparable_count:
        w.para(f"You did what was done historically in {debrief.matched_count} of the "
               f"{debrief.comparable_count} decisions that can be compared.")
    for d in debrief.decisions:
        _decision(w, d)

    w.heading("Outcome")
    o = debrief.outcome
    if o.player is not None:
        w.para(f"Your ending: {o.player.title}. {o.player.summary}")
        if o.player.debrief and not o.player.historical:
            w.para(f"What historians say (interpretation): {o.player.debrief}", "  ", first="  ")
    if o.historical is not None:
        w.para(f"What happened: {o.historical.title}. {o.historical.summary}")
        if o.historical.debrief:
            w.para(o.historical.debrief, "  ", first="  ")
        if o.historical.sources:
            w.para("Sources: " + "; ".join(o.historical.sources), "  ", first="  ")
    if o.matched is not None:
        w.para("Your ending is the historical one." if o.matched else "Your ending differs from history.")
    if o.aftermath:
        w.line()
        w.line("What followed:")
        for a in o.aftermath:
            w.para(f"- {a.person} ({a.record.date_text}): {a.record.what}", "    ", first="  ")
            w.para("Sources: " + "; ".join(a.record.sources), "    ")

    t = debrief.trajectory
    w.heading("Trajectory (meters at each chapter end: you / history)")
    if not t.meters or not t.chapters:
        w.line("This story has no meters to chart.")
    else:
        for m in t.meters:
            w.line()
            w.para(f"{m.label} ({m.minimum}–{m.maximum}); {m.note}")
            for i, tick in enumerate(t.chapters):
                you = "–" if m.player[i] is None else str(m.player[i])
                if tick.id == t.current:
                    you += " (so far)"
                hist = "–" if m.historical[i] is None else str(m.historical[i])
                w.line(f"  Chapter {tick.number}, {_plain(tick.title)}: you {you} / history {hist}")

    w.heading("Factors historians weigh")
    for f in debrief.factors:
        w.line()
        w.para(f"{f.title}: {f.summary}")
        for u in f.uses:
            w.para(f"- decision {u.n}: {u.prompt} — you: {u.player} [{_mark(u.matched)}]", "    ", first="  ")
    w.line()


def print_debrief(pt: Playthrough, out: TextIO) -> None:
    """The terminal player's debrief at an ending (or from a pause)."""
    format_debrief(build_debrief(pt), out)


# --- reflection --------------------------------------------------------------------


class ReflectionInputEnded(Exception):
    """The input ended before every required question was answered."""


def _read(inp: TextIO, out: TextIO, interactive: bool, prompt: str) -> str:
    if interactive:
        out.write(prompt)
        out.flush()
    line = inp.readline()
    if not line:
        raise ReflectionInputEnded()
    answer = line.rstrip("\n").strip()
    if not interactive:
        out.write(f"{prompt}{answer}\n")
    return answer


def ask_reflection(questions: Sequence[Question], inp: TextIO, out: TextIO, interactive: bool,
                   required: bool = True) -> dict[str, Answer]:
    """Ask each question in turn; returns {question id: Answer}.

    On a terminal a wrong answer is asked again; in a scripted run (not
    interactive) it raises ValueError naming the question, like the player does.
    ``required=False`` (the assignment does not require reflection) lets every
    question be skipped with an empty line.
    """
    w = _Out(out)
    answers: dict[str, Answer] = {}
    w.line()
    w.line("=== Reflection ===")
    for n, q in enumerate(questions, 1):
        must = q.required and required
        w.line()
        w.para(f"Question {n}. {q.prompt}")
        items: list[str] = []
        problem_items = False  # alternatives: a list too short was typed, and is kept
        while True:
            problem = ""
            if q.kind == "menu":
                for i, c in enumerate(q.choices, 1):
                    w.para(f"{i}. {c}", "     ", first="  ")
                raw = _read(inp, out, interactive, "> " if must else "> (Enter to skip) ")
                if not raw and not must:
                    break
                if raw.isdigit() and 1 <= int(raw) <= len(q.choices):
                    answers[q.id] = Answer(q.id, choice=int(raw) - 1)
                    break
                problem = f"'{raw}' is not a choice: type a number from 1 to {len(q.choices)}"
            elif q.kind == "text":
                raw = _read(inp, out, interactive, "> " if must else "> (Enter to skip) ")
                if not raw and must:
                    problem = "this question needs an answer"
                elif len(raw) > MAX_TEXT:
                    problem = f"keep the answer under {MAX_TEXT} characters"
                else:
                    if raw:
                        answers[q.id] = Answer(q.id, text=raw)
                    break
            else:
                # What was typed before a "give at least N" message is kept: the student
                # goes on from the next number instead of typing it all again.
                kept: list[str] = list(items) if problem_items else []
                if not kept:
                    w.para(f"Give {q.min_items} to {q.max_items} answers, one per line; an empty line ends"
                           " the list.")
                items = list(kept)
                while len(items) < q.max_items:
                    raw = _read(inp, out, interactive, f"{len(items) + 1}> ")
                    if not raw:
                        break
                    if len(raw) > MAX_ITEM:
                        w.line(f"(Keep each answer under {MAX_ITEM} characters; that one was not kept.)")
                        continue
                    items.append(raw)
                if not must and (not items or (problem_items and items == kept)):
                    break  # optional: nothing given, or Enter again after the message skips it
                if len(items) >= q.min_items:
                    answers[q.id] = Answer(q.id, items=tuple(items))
                    break
                problem_items = True
                more = q.min_items - len(items)
                problem = (f"give at least {q.min_items} answers; your {len(items)} {'is' if len(items) == 1 else 'are'}"
                           f" kept, add {more} more" + ("" if must else ", or press Enter to skip this question"))
                if not items:
                    problem = f"give at least {q.min_items} answers"
            if not interactive:
                raise ValueError(f"question {n}: {problem}")
            w.line(f"({problem[0].upper()}{problem[1:]}.)")
    return answers


def format_answers(questions: Sequence[Question], answers: Mapping[str, Answer], out: TextIO) -> None:
    """Repeat the student's answers back (so they can see what the report holds)."""
    w = _Out(out)
    for n, q in enumerate(questions, 1):
        a = answers.get(q.id)
        w.para(f"{n}. {q.prompt}", "   ", first="")
        w.para(a.as_text(q) if a is not None and not a.is_empty() else "(no answer)", "   ", first="   ")
