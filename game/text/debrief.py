"""The debrief and the reflection questions as plain text, for the terminal player.

No escape codes, no colour, no box drawing, no rulers: a screen reader reads it top to
bottom, and a scripted run (tests, teachers' checks) can compare it exactly.

The debrief starts on one page (issue 12.3): the ending beside history's, the three
factors that most decided the path, and the few decisions where the player differed.
Everything else is one step away: the whole debrief is written to a file, and on a
terminal the player asks for each part (every decision, the outcome, the meters, the
factors); a long part comes a few decisions at a time. A whole road once printed about
21,000 words at once.
``show_debrief`` is what the text player calls at an ending; ``ask_reflection`` asks an
assignment's questions on the same streams.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TextIO

from ..engine.playthrough import Playthrough
from ..engine.saves import write_atomic
from ..history.debrief import Debrief, DecisionView, EndingView, RecordView, build_debrief
from ..history.questions import MAX_ITEM, MAX_TEXT, Answer, Question
from .layout import WIDTH, WebAddresses, fill, number_lead, plain, value_range

__all__ = ["WIDTH", "DEBRIEF_FOLDER", "DECISIONS_PER_PAGE", "Lines", "first_page_lines", "debrief_text",
           "format_debrief", "format_first_page", "write_debrief_file", "show_debrief", "print_debrief",
           "ReflectionInputEnded", "ask_reflection", "format_answers"]

#: The debrief files' folder inside the data folder.
DEBRIEF_FOLDER = "debriefs"
#: How many decisions a terminal shows before it asks whether to go on.
DECISIONS_PER_PAGE = 5


class Lines:
    """Collects wrapped lines and the web addresses taken out of them (listed once, at the end)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.links = WebAddresses()

    def line(self, text: str = "") -> None:
        self.lines.append(text)

    def para(self, text: str, indent: str = "", first: str | None = None) -> None:
        text = plain(text).strip()
        if not text:
            return
        self.lines += [x for x in fill(self.links.take(text), indent, first) if x]

    def heading(self, text: str) -> None:
        # A blank line and the words: no underline, which a reader reads out as dashes.
        self.line()
        self.line(text)

    def item(self, n: int, text: str, indent: str = "") -> None:
        first, hang = number_lead(n, indent)
        self.para(text, hang, first)

    def text(self) -> str:
        return "\n".join(self.lines + self.links.lines()) + "\n"


def _mark(matched: bool | None) -> str:
    """The comparison as a sentence of its own."""
    if matched is None:
        return "There is no single historical option to compare."
    return "Same as history." if matched else "Different from history."


def _where(d: DecisionView) -> str:
    return f"{d.chapter_title}: " if d.chapter_title else ""


def _ending(w: Lines, label: str, e: EndingView | None, missing: str) -> None:
    if e is None:
        w.para(f"{label}: {missing}")
        return
    w.para(f"{label}: {e.title}. {e.summary}")


# --- the first page -----------------------------------------------------------------


def first_page_lines(d: Debrief, w: Lines) -> None:
    """The debrief's first page: endings side by side, key factors, where the player differed."""
    page = d.first_page
    w.line()
    w.line("Your path beside history")
    w.para(f"{d.scenario_title}, played as {d.role_name}.")
    w.para(page.headline)
    w.line()
    mine, hist = page.player_ending, page.historical_ending
    if mine is not None and hist is not None and mine.id == hist.id:
        _ending(w, "Your ending is history's", mine, "")  # once, not the same words twice
    else:
        _ending(w, "Your ending", mine, "not reached yet; this is your path so far.")
        _ending(w, "In history", hist, "the story gives no historical ending.")
    if page.key_factors:
        w.heading("What most decided your path")
        for i, f in enumerate(page.key_factors, 1):
            w.item(i, f"{f.title}. {f.summary}")
    w.heading("Where you differed from history")
    if not page.differences:
        w.para("Nowhere: at every decision that can be compared, you did what was done historically."
               if d.comparable_count else "There is no decision to compare yet.")
    for x in page.differences:
        w.line()
        w.para(f"Decision {x.n}. {_where(x)}{x.prompt}")
        w.para(f"You: {x.player}", "  ", first="  ")
        if x.historical:
            w.para(f"History: {x.historical}", "  ", first="  ")
    if page.more_differences:
        w.line()
        w.para(f"You differed at {page.more_differences} more"
               f" decision{'s' if page.more_differences != 1 else ''}; every decision is in the full debrief.")


# --- the parts one step away ---------------------------------------------------------


def _record(w: Lines, rec: RecordView, indent: str) -> None:
    w.para(f"What happened ({rec.date_text}): {rec.title}. {rec.what}", indent)
    if rec.why:
        w.para(f"Why it mattered: {rec.why}", indent)
    if rec.dispute is not None:
        w.para(f"Historians disagree: {rec.dispute.question}", indent)
        for r in rec.dispute.readings:
            w.para(f"{r.view} (held by {r.held_by})", indent + "    ", first=indent + "  - ")
    if rec.sources:
        w.para("Sources: " + "; ".join(rec.sources), indent)


def decision_lines(w: Lines, x: DecisionView) -> None:
    """One decision beside history, with what happened and its sources."""
    w.line()
    w.para(f"Decision {x.n}. {_where(x)}{x.prompt}")
    if x.kind == "appointments":
        for p in x.posts:
            hist = f"; in history, {p.historical}" if p.historical else ""
            w.para(f"{p.post}: you chose {p.player}{hist}.", "    ", first="  - ")
    else:
        w.para(f"You: {x.player}", "  ", first="  ")
        if x.historical:
            w.para(f"History: {x.historical}", "  ", first="  ")
    w.para(_mark(x.matched), "  ", first="  ")
    if x.record is not None:
        _record(w, x.record, "  ")


def _decisions_intro(w: Lines, d: Debrief) -> None:
    w.heading("Every decision")
    if not d.decisions:
        w.para("You have not taken a decision yet.")
    elif d.comparable_count:
        w.para(f"You did what was done historically in {d.matched_count} of the {d.comparable_count}"
               " decisions that can be compared.")


def decisions_lines(d: Debrief, w: Lines) -> None:
    _decisions_intro(w, d)
    for x in d.decisions:
        decision_lines(w, x)


def outcome_lines(d: Debrief, w: Lines) -> None:
    o = d.outcome
    w.heading("The outcome")
    if o.player is not None:
        w.para(f"Your ending: {o.player.title}. {o.player.summary}")
        if o.player.debrief and not o.player.historical:
            w.para(f"What historians say (interpretation): {o.player.debrief}", "  ", first="  ")
    else:
        w.para("You have not reached an ending yet.")
    if o.historical is not None:
        w.para(f"In history: {o.historical.title}. {o.historical.summary}")
        if o.historical.debrief:
            w.para(o.historical.debrief, "  ", first="  ")
        if o.historical.sources:
            w.para("Sources: " + "; ".join(o.historical.sources), "  ", first="  ")
    if o.matched is not None:
        w.para("Your ending is the historical one." if o.matched else "Your ending differs from history.")
    if o.aftermath:
        w.heading("What followed")
        for a in o.aftermath:
            w.para(f"{a.person} ({a.record.date_text}): {a.record.what}", "    ", first="  - ")
            if a.record.sources:
                w.para("Sources: " + "; ".join(a.record.sources), "    ")


def trajectory_lines(d: Debrief, w: Lines) -> None:
    t = d.trajectory
    w.heading("Your meters over time, beside history")
    if not t.meters or not t.chapters:
        w.para("This story has no meters to chart.")
        return
    notes = {m.note for m in t.meters}
    shared = f" The {next(iter(notes))}." if len(notes) == 1 else ""
    w.para("Each meter at the end of each chapter" + (" (and where the chapter began)" if any(
        c.start for c in t.chapters) else "") + ": your value, then history's." + shared)
    for m in t.meters:
        w.line()
        w.para(f"{m.label}, {value_range(m.minimum, m.maximum)}" + ("." if shared else f"; {m.note}."))
        for i, tick in enumerate(t.chapters):
            you = "not reached" if m.player[i] is None else str(m.player[i])
            if tick.id == t.current:
                you += " so far"
            hist = "not known" if m.historical[i] is None else str(m.historical[i])
            name = tick.label if tick.start else f"{tick.label}, {plain(tick.title)}"
            w.para(f"{name}: you {you}, history {hist}.", "    ", first="  ")


def factors_lines(d: Debrief, w: Lines) -> None:
    w.heading("The factors historians weigh")
    if not d.factors:
        w.para("This story names no factors.")
    for f in d.factors:
        w.line()
        w.para(f"{f.title}. {f.summary}")
        for u in f.uses:
            w.para(f"Decision {u.n}: {u.prompt} You: {u.player} {_mark(u.matched)}", "    ", first="  - ")


def debrief_text(d: Debrief) -> str:
    """The whole debrief: the first page, then every part, then the web addresses once."""
    w = Lines()
    first_page_lines(d, w)
    decisions_lines(d, w)
    outcome_lines(d, w)
    trajectory_lines(d, w)
    factors_lines(d, w)
    return w.text()


def format_debrief(d: Debrief, out: TextIO) -> None:
    """Write the whole debrief (what the debrief file holds)."""
    out.write(debrief_text(d))


def format_first_page(d: Debrief, out: TextIO) -> None:
    """Write the first page only."""
    w = Lines()
    first_page_lines(d, w)
    out.write(w.text())


def write_debrief_file(d: Debrief, folder: Path, now: _dt.datetime | None = None) -> Path:
    """Write the whole debrief into ``folder/debriefs/``; returns the file. Raises OSError."""
    when = (now or _dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    path = Path(folder) / DEBRIEF_FOLDER / f"debrief-{d.scenario_id}-{when}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, debrief_text(d))
    return path


_PARTS: tuple[tuple[str, Callable[[Debrief, Lines], None]], ...] = (
    ("every decision, beside history", decisions_lines),
    ("the outcome", outcome_lines),
    ("your meters over time", trajectory_lines),
    ("the factors historians weigh", factors_lines),
)


def _ask(inp: TextIO, out: TextIO, prompt: str) -> str | None:
    out.write(prompt)
    out.flush()
    line = inp.readline()
    return None if not line else line.strip().lower()


def _page_decisions(d: Debrief, inp: TextIO, out: TextIO) -> None:
    """Every decision, a few at a time: a whole road has dozens, each with its sources."""
    w = Lines()
    _decisions_intro(w, d)
    out.write(w.text())
    for start in range(0, len(d.decisions), DECISIONS_PER_PAGE):
        w = Lines()
        for x in d.decisions[start:start + DECISIONS_PER_PAGE]:
            decision_lines(w, x)
        out.write(w.text())
        left = len(d.decisions) - start - DECISIONS_PER_PAGE
        if left > 0:
            answer = _ask(inp, out, f"\n{left} more. Press Enter for the next {min(left, DECISIONS_PER_PAGE)},"
                                    " or type m for the menu: ")
            if answer is None or answer.startswith("m") or answer.startswith("q"):
                return


def _menu(d: Debrief, inp: TextIO, out: TextIO) -> None:
    while True:
        w = Lines()
        w.heading("Read more here")
        for i, (name, _part) in enumerate(_PARTS, 1):
            w.item(i, name[0].upper() + name[1:] + ".", "  ")
        w.para("Type a number, or press Enter to finish.")
        out.write(w.text())
        answer = _ask(inp, out, "> ")
        if not answer or answer in ("q", "quit", "0"):
            return
        if answer.isdigit() and 1 <= int(answer) <= len(_PARTS):
            if int(answer) == 1:
                _page_decisions(d, inp, out)
            else:
                w = Lines()
                _PARTS[int(answer) - 1][1](d, w)
                out.write(w.text())
            continue
        out.write(f"'{answer}' is not on the list: type a number from 1 to {len(_PARTS)}.\n")


def show_debrief(d: Debrief, out: TextIO, inp: TextIO | None = None, interactive: bool = False,
                 folder: Path | None = None) -> Path | None:
    """The debrief at an ending: the first page, where the whole one is, then (on a terminal) more on request.

    ``folder``: the data folder; the whole debrief is written into its ``debriefs/`` (None:
    no file). A stream that is not a terminal gets the first page and the file's name, never
    the whole debrief. Returns the file written, if any.
    """
    format_first_page(d, out)
    path: Path | None = None
    if folder is not None:
        try:
            path = write_debrief_file(d, folder)
        except OSError as exc:
            out.write(f"\n(The whole debrief could not be saved: {exc.strerror or exc}.)\n")
    w = Lines()
    if path is not None:
        w.line()
        w.para("The whole debrief, with every decision, its sources, your meters and the factors, is in"
               " this file:")
        w.line(str(path))
    out.write(w.text())
    if interactive and inp is not None:
        _menu(d, inp, out)
    return path


def print_debrief(pt: Playthrough, out: TextIO, questions: tuple[Question, ...] = (), inp: TextIO | None = None,
                  interactive: bool = False, folder: Path | None = None) -> Path | None:
    """The terminal player's debrief at an ending (or from a pause)."""
    return show_debrief(build_debrief(pt, questions), out, inp, interactive, folder)


# --- reflection --------------------------------------------------------------------


class _Out:
    """Writes wrapped lines straight to a stream (the questions wait for answers between lines)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def line(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def para(self, text: str, indent: str = "", first: str | None = None) -> None:
        text = plain(text).strip()
        if text:
            for line in fill(text, indent, first):
                self.line(line)


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
    w.line("Reflection")
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
                    first, hang = number_lead(i)
                    w.para(c, hang, first=first)
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
