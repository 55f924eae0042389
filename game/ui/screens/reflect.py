"""Reflection: answer the debrief's questions in the game and write the report for the teacher.

Each question is a numbered card that says what kind of answer it wants, whether
it is required, and whether it is answered yet; the header counts the answers.
The counterfactual asks for two or three short alternatives, one field each; the
free-text answer has a larger box (long answers scroll inside their box, the
end, where the typing is, stays in view). "Write my report" stays disabled, with
the reason beside it, until the report can be written; it then hands the answers
to ``game.classroom.report.write_report``.

All of it works by keyboard alone (Tab or ↑ ↓ between fields, Enter or Space to
pick, type to write) and by mouse alone (click a choice or a field, the wheel
scrolls, the numbers in the header jump to their question).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pygame

from ..bindings import Binding, dispatch
from ..canvas import Canvas, Rect, inside
from ..text import TextStyle
from ..theme import BODY, BUTTON, LOGICAL_H, Theme
from ..widgets import Button, SnapScroller, TextField, draw_bar
from .base import Screen, backdrop, grown, heading, hint_top, key_hint
from .dialog import Dialog

if TYPE_CHECKING:  # pragma: no cover
    from ..app import App

X, W = 80.0, 1120.0
CARD_W = W - 30  # room for the scrollbar
TOP, BOTTOM = 144.0, 580.0  # the scrolling column of cards
TAB = 56.0  # the number square at a card's corner
INNER = X + TAB + 22  # where a card's text starts
INNER_W = X + CARD_W - 24 - INNER
GAP = 20.0
FOOT_Y = 608.0  # the fixed bar with the report button
WRITE: Rect = (X, FOOT_Y + 8, 300, 52)
DONE: Rect = (X + 316, FOOT_Y + 8, 250, 52)
REASON_X = X + 590
CHIP = 30.0
HINT_Y = 698.0  # the middle of the key hint's last line
KEYS_HINT = ("Tab or ↑ ↓ move   ·   Enter or Space picks   ·   type to answer   ·   wheel or PgUp PgDn"
             " scroll   ·   Esc back (answers are kept)")


@dataclass(frozen=True)
class Foot:
    """The fixed bar under the cards, laid out from measured text: at 100 % exactly the
    constants above. Larger text makes the buttons taller and wider and the hint wrap; when
    the state line no longer fits beside the buttons it goes on its own row above them. The
    bar and the cards' column give them room instead of running into them."""

    write: Rect = WRITE
    done: Rect = DONE
    reason: Rect = (REASON_X, WRITE[1], X + W - REASON_X, WRITE[3])  # the mark, then the text
    top: float = FOOT_Y  # where the bar starts (its rule is 4 above)
    bottom: float = BOTTOM  # where the cards' column ends


def measure_foot(c: Canvas, t: Theme, reason_st: TextStyle, reasons: list[str]) -> Foot:
    """Where the bar's parts go for the player's text size (``reasons``: every text the state line can show)."""
    label = TextStyle("label", BUTTON, t.ink, leading=1.1, scalable=False)
    (ww, wh), (dw, dh) = c.measure("Write my report", label), c.measure("Back to the debrief", label)
    write_w, done_w = grown(WRITE[2], ww + 60), grown(DONE[2], dw + 60)
    h = grown(WRITE[3], max(wh, dh) + 12)
    reason_x = grown(REASON_X, X + write_w + 16 + done_w + 24)

    def tallest(width: float) -> float:
        return max(c.measure(r, reason_st, width - 34)[1] for r in reasons)

    # the state line may stand a little over the buttons' height (it has the bar's margin)
    beside = tallest(X + W - reason_x) <= h + 8
    row_h = 0.0 if beside else tallest(W) + 10
    top = min(FOOT_Y, hint_top(c, t, KEYS_HINT, HINT_Y, X) - 10 - h - 8 - row_h)
    buttons_y = top + 8 + row_h
    reason: Rect = ((reason_x, buttons_y, X + W - reason_x, h) if beside else (X, top + 8, W, row_h - 10))
    return Foot((X, buttons_y, write_w, h), (X + write_w + 16, buttons_y, done_w, h), reason, top,
                min(BOTTOM, top - (FOOT_Y - BOTTOM)))


@dataclass
class Field:
    kind: str  # name | choice | text | alt | write | done
    qid: str = ""
    index: int = 0
    label: str = ""
    rect: Rect = (0, 0, 0, 0)  # content coordinates for the cards, screen coordinates for the buttons
    card: int = -1


@dataclass
class Card:
    """One question (or the name) as laid out: where it sits and what its header says."""

    number: int  # 0 for the name card
    qid: str
    kicker: str
    prompt: str
    rect: Rect
    prompt_y: float
    note: str = ""  # a line under the fields (how many alternatives, characters left)
    note_y: float = 0.0
    fields: list[int] = field(default_factory=list)


class ReflectScreen(Screen):
    name = "reflect"
    title = "Reflection"
    typing = True

    def __init__(self, app: App, debrief: Any) -> None:
        super().__init__(app)
        self.debrief = debrief
        self.top = TOP  # where the cards' column starts (measured in relayout)
        self.foot = Foot()
        self.questions = list(debrief.questions) if debrief is not None else []
        self.fields: list[Field] = []
        self.cards: list[Card] = []
        self.texts: dict[tuple[str, int], TextField] = {}
        self.name_field = TextField(getattr(app, "student_name", "") or self._remembered_name(), limit=80)
        self.focus = 0
        self.hover = -1
        # the column of cards rests only where a whole line, row or field begins, as the history log does
        self.scroll = SnapScroller()
        self.chips: list[tuple[str, Rect]] = []
        # what the header and the report button say; recomputed whenever an answer changes
        self.answered: dict[str, str] = {}  # question id → "yes" | "partly" | "no"
        self.ready = False
        self.reason = ""
        self._load_answers()
        self._refresh()
        self.relayout()

    # -- answers --
    def _load_answers(self) -> None:
        for q in self.questions:
            a = self.app.session.answers.get(q.id)
            if q.kind == "text":
                self.texts[(q.id, 0)] = TextField(a.text if a else "", limit=2000)
            elif q.kind == "alternatives":
                items = list(a.items) if a else []
                for k in range(q.max_items):
                    self.texts[(q.id, k)] = TextField(items[k] if k < len(items) else "", limit=300)

    def _store(self) -> None:
        """Keep the answers in the session (a report reads them from there)."""
        try:
            from ...history.questions import Answer
        except ImportError:  # pragma: no cover
            return
        answers = dict(self.app.session.answers)
        for q in self.questions:
            if q.kind == "text":
                answers[q.id] = Answer(q.id, text=self.texts[(q.id, 0)].value)
            elif q.kind == "alternatives":
                answers[q.id] = Answer(q.id, items=tuple(self.texts[(q.id, k)].value for k in range(q.max_items)))
        self.app.session.answers = answers
        self.app.student_name = self.name_field.value

    def _choose(self, q: Any, index: int) -> None:
        from ...history.questions import Answer

        self.app.session.answers = {**self.app.session.answers, q.id: Answer(q.id, choice=index)}

    @property
    def reflection_required(self) -> bool:
        """As the report writer decides: required answers only when an assignment asks for them."""
        a = self.app.session.assignment
        return bool(a.reflection_required) if a is not None else False

    def required(self, q: Any) -> bool:
        return bool(q.required) and self.reflection_required

    def _reasons(self) -> list[str]:
        """The longest texts the state line beside the button can show, for the bar to make room."""
        required = [str(n) for n, q in enumerate(self.questions, 1) if self.required(q)]
        needs = ["your name"] + ([("an answer to question " if len(required) == 1 else "answers to questions ")
                                  + _and(required)] if required else [])
        alts = [(n, q) for n, q in enumerate(self.questions, 1) if q.kind == "alternatives"]
        also = (f" Also, question {alts[0][0]} needs at least {alts[0][1].min_items} alternatives (or none)."
                if alts else "")
        return ["Ready: your teacher gets a web page to read and a data file for the class summary.",
                "Still needed: " + _and(needs) + "." + also, self.reason]

    def _refresh(self) -> None:
        """Recount the answers and decide whether the report can be written (and if not, why)."""
        answers = self.app.session.answers
        answered: dict[str, str] = {}
        missing: list[str] = []
        short: list[str] = []
        for n, q in enumerate(self.questions, 1):
            a = answers.get(q.id)
            if q.kind == "alternatives":
                filled = sum(1 for i in (a.items if a else ()) if i.strip())
                state = "no" if filled == 0 else ("yes" if filled >= q.min_items else "partly")
                if state == "partly":
                    short.append(f"question {n} needs at least {q.min_items} alternatives (or none)"
                                 if not self.required(q) else f"question {n} needs {q.min_items} alternatives")
            else:
                state = "no" if a is None or a.is_empty() else "yes"
            answered[q.id] = state
            if state == "no" and self.required(q):
                missing.append(str(n))
        needs: list[str] = []
        if not " ".join(self.name_field.value.split()):
            needs.append("your name")
        if missing:
            needs.append(("an answer to question " if len(missing) == 1 else "answers to questions ")
                         + _and(missing))
        problems: list[str] = []
        try:
            from ...history.questions import check_answers

            problems = check_answers(self.questions, answers, self.reflection_required)
        except ImportError:  # pragma: no cover - the history package ships with the game
            pass
        self.answered = answered
        self.ready = not needs and not short and not problems
        if self.ready:
            self.reason = "Ready: your teacher gets a web page to read and a data file for the class summary."
        elif needs:
            self.reason = "Still needed: " + _and(needs) + "." + (f" Also, {short[0]}." if short else "")
        elif short:
            self.reason = short[0][:1].upper() + short[0][1:] + "."
        else:
            self.reason = problems[0][:1].upper() + problems[0][1:] + "."

    def _first_missing(self) -> int | None:
        """The field to go to when the report cannot be written yet."""
        if not " ".join(self.name_field.value.split()):
            return 0
        for q in self.questions:
            state = self.answered.get(q.id, "no")
            if state == "partly" or (state == "no" and self.required(q)):
                for i, f in enumerate(self.fields):
                    text = self._field_text(f)
                    if f.qid == q.id and not (f.kind == "alt" and text is not None and text.value.strip()):
                        return i  # the question's first choice, or its first empty alternative
        return None

    # -- layout --
    def _styles(self) -> dict[str, TextStyle]:
        t = self.theme
        # leading 1.4 keeps even OpenDyslexic's descenders inside their line, so a view or a box
        # that ends between two lines never shows a sliver of the next one
        return {"body": TextStyle("body", BODY - 1, t.ink, leading=1.4),
                "field": TextStyle("body", BODY - 1, t.ink, leading=1.4, markup=False),
                "kicker": TextStyle("label", 18, t.muted, scalable=False, grows=False),
                "note": TextStyle("label", 17, t.muted, scalable=False, grows=False),
                "reason": TextStyle("label", 19, t.ink, leading=1.15, scalable=False)}

    def relayout(self) -> None:
        c = self.app.canvas
        st = self._styles()
        lh = c.measure("Hg", st["field"])[1]
        fields: list[Field] = []
        cards: list[Card] = []
        tops: list[float] = [0.0]
        bottoms: list[float] = [0.0]
        y = 0.0

        def card_top(number: int, qid: str, kicker: str, prompt: str) -> tuple[Card, float]:
            ph = c.measure(prompt, st["body"], INNER_W)[1] if prompt else 0.0
            lp = c.measure("Hg", st["body"])[1]
            card = Card(number, qid, kicker, prompt, (X, y, CARD_W, 0), y + 40)
            tops.append(y)
            # the view may start or end between the prompt's lines, once below the number square
            lines = [y + 40 + k * lp for k in range(1, round(ph / lp) + 1)]
            tops.extend(v for v in lines[:-1] if v >= y + TAB)
            bottoms.extend(lines)
            return card, max(y + TAB + 8, y + 40 + ph + 14)

        def row(top: float, h: float) -> None:
            tops.append(top)
            bottoms.append(top + h)

        # the name, which the report needs
        card, fy = card_top(0, "", "FOR THE REPORT  ·  NEEDED TO WRITE IT", "Your name")
        card.fields.append(len(fields))
        fields.append(Field("name", rect=(INNER, fy, min(560.0, INNER_W), lh + 18), card=0))
        row(fy, lh + 18)
        fy += lh + 18
        card.rect = (X, y, CARD_W, fy + 20 - y)
        bottoms.append(fy + 26)
        cards.append(card)
        y = fy + 20 + GAP
        for n, q in enumerate(self.questions, 1):
            kind = {"menu": "PICK ONE", "text": "IN YOUR OWN WORDS",
                    "alternatives": f"{q.min_items}–{q.max_items} SHORT ANSWERS"
                    if q.min_items != q.max_items else f"{q.max_items} SHORT ANSWERS"}.get(q.kind, "")
            kicker = f"QUESTION {n}  ·  {kind}  ·  " + ("REQUIRED" if self.required(q) else "OPTIONAL")
            card, fy = card_top(n, q.id, kicker, q.prompt)
            ci = len(cards)
            if q.kind == "menu":
                for i, choice in enumerate(q.choices):
                    h = max(44.0, c.measure(choice, st["body"], INNER_W - 60)[1] + 14)
                    card.fields.append(len(fields))
                    fields.append(Field("choice", q.id, i, choice, (INNER, fy, INNER_W, h), ci))
                    row(fy, h)
                    fy += h + 4
            elif q.kind == "text":
                card.fields.append(len(fields))
                fields.append(Field("text", q.id, 0, "", (INNER, fy, INNER_W, 4 * lh + 18), ci))
                row(fy, 4 * lh + 18)
                fy += 4 * lh + 18
                card.note, card.note_y = "count", fy + 6
                row(fy + 6, 20)
                fy += 26
            else:
                for k in range(q.max_items):
                    card.fields.append(len(fields))
                    label = str(k + 1)
                    fields.append(Field("alt", q.id, k, label, (INNER, fy, INNER_W, 2 * lh + 18), ci))
                    row(fy, 2 * lh + 18)
                    fy += 2 * lh + 18 + 8
                fy -= 8
                if q.min_items < q.max_items:
                    card.note = f"At least {q.min_items}; a {_ordinal(q.max_items)} if you like."
                else:
                    card.note = f"{q.max_items} answers."
                card.note_y = fy + 6
                row(fy + 6, 20)
                fy += 26
            card.rect = (X, y, CARD_W, fy + 20 - y)
            bottoms.append(fy + 26)  # the card's foot and its shadow
            cards.append(card)
            y = fy + 20 + GAP
        self.foot = measure_foot(c, self.theme, st["reason"], self._reasons())
        # the cards' column starts under the heading, lower when large text makes it taller
        self.top = grown(TOP, heading(c, self.theme, "Reflect on your path", x=X, y=24, kicker="Questions",
                                       draw=False) + 4)
        fields.append(Field("write", label="Write my report", rect=self.foot.write))
        fields.append(Field("done", label="Back to the debrief", rect=self.foot.done))
        self.fields, self.cards = fields, cards
        self.scroll.set(tops, bottoms, self.foot.bottom - self.top)
        self.focus = max(0, min(self.focus, len(fields) - 1))
        self._place_chips()
        self._keep_visible()

    def _place_chips(self) -> None:
        n = len(self.questions)
        right = 1090.0
        x0 = right - n * (CHIP + 8) + 8
        self.chips = [(q.id, (x0 + i * (CHIP + 8), 58, CHIP, CHIP)) for i, q in enumerate(self.questions)]

    @property
    def offset(self) -> float:
        return self.scroll.offset

    def _keep_visible(self) -> None:
        f = self.fields[self.focus]
        if f.card < 0:
            return
        card = self.cards[f.card]
        top, bottom = f.rect[1], f.rect[1] + f.rect[3]
        if card.fields and card.fields[-1] == self.focus:
            bottom = card.rect[1] + card.rect[3] + 6  # the last field of a card: its note and foot too
        if card.fields and card.fields[0] == self.focus and bottom - card.rect[1] <= self.scroll.view:
            top = card.rect[1]  # the first field of a card: show its question too
        self.scroll.reveal(top, bottom)

    def _screen_rect(self, f: Field) -> Rect:
        if f.card < 0:
            return f.rect
        x, y, w, h = f.rect
        return (x, self.top + y - self.offset, w, h)

    # -- input --
    def _field_text(self, f: Field) -> TextField | None:
        if f.kind == "name":
            return self.name_field
        if f.kind in ("text", "alt"):
            return self.texts.get((f.qid, f.index))
        return None

    def _activate(self, f: Field) -> None:
        if f.kind == "choice":
            q = next(q for q in self.questions if q.id == f.qid)
            self._choose(q, f.index)
            self._refresh()
        elif f.kind == "write":
            if self.ready:
                self._write()
            else:  # the button says why it is disabled; Enter on it goes to what is missing
                target = self._first_missing()
                if target is not None:
                    self._focus_on(target)
        elif f.kind == "done":
            self.back()

    def _focus_on(self, i: int) -> None:
        self.focus = i
        self._keep_visible()

    def back(self) -> None:
        self._store()
        self.app.pop()
        prev = self.app.top
        if hasattr(prev, "relayout"):
            prev.relayout()

    def _remembered_name(self) -> str:
        """The name typed for this assignment before (a --continue after closing the window)."""
        session = getattr(self.app, "session", None)
        if session is None or getattr(session, "assignment", None) is None:
            return ""
        try:
            from ...classroom.student import remembered_student
        except ImportError:
            return ""
        return remembered_student(session.data_dir, session.assignment)

    def _write(self) -> None:
        self._store()
        try:
            from ...classroom.report import ReportError, write_report
        except ImportError:
            self.app.push(Dialog(self.app, "Reports are not available", None, yes="OK",
                                 detail="This copy of the game has no classroom module."))
            return
        pt = self.app.session.pt
        assert pt is not None  # the debrief (and so this form) needs a playthrough
        try:
            paths = write_report(pt, self.app.session.assignment, self.name_field.value,
                                 self.app.session.answers, self.app.session.data_dir)
        except ReportError as exc:
            msg = str(exc)
            self.app.push(Dialog(self.app, "Not yet", None, yes="OK", detail=msg[:1].upper() + msg[1:] + "."))
            return
        if self.app.session.assignment is not None:
            from ...classroom.student import remember_student

            remember_student(self.app.session.data_dir, self.app.session.assignment, self.name_field.value.strip())
        self.app.push(Dialog(self.app, "Your report is written", None, yes="OK",
                             detail=f"Hand in {paths.html.name} (and {paths.json.name}) from {paths.folder}."))

    BINDINGS = (
        Binding((pygame.K_ESCAPE,), "back"),
        Binding((pygame.K_TAB,), "previous_field", mod=pygame.KMOD_SHIFT),
        Binding((pygame.K_UP,), "previous_field"), Binding((pygame.K_DOWN, pygame.K_TAB), "next_field"),
        Binding((pygame.K_PAGEUP,), "page_up"), Binding((pygame.K_PAGEDOWN,), "page_down"),
        Binding((pygame.K_RETURN, pygame.K_KP_ENTER), "enter_key"),
        Binding((pygame.K_SPACE,), "space"),
    )

    def handle(self, ev: pygame.event.Event) -> None:
        if dispatch(self.BINDINGS, self, ev):
            return
        text = self._field_text(self.fields[self.focus])
        if text is not None and text.handle(ev):
            self._store()
            self._refresh()
            return
        pos = self.app.mouse(ev)
        if ev.type == pygame.MOUSEWHEEL:
            self.scroll.lines(-ev.y * 2)
            self.hover = self._hit(pos) if pos is not None else -1
        elif pos is not None:
            self._pointer(ev, pos)

    def previous_field(self) -> None:
        self._focus_on((self.focus - 1) % len(self.fields))

    def next_field(self) -> None:
        self._focus_on((self.focus + 1) % len(self.fields))

    def page_up(self) -> None:
        self.scroll.page(-1)

    def page_down(self) -> None:
        self.scroll.page(1)

    def enter_key(self) -> None:
        """Enter moves on from a text field (it never writes the report from one); else it activates."""
        f = self.fields[self.focus]
        if self._field_text(f) is not None:
            self._focus_on(min(len(self.fields) - 1, self.focus + 1))
        else:
            self._activate(f)

    def space(self) -> bool:
        """Space activates a choice or button; in a text field it is a space (not ours)."""
        f = self.fields[self.focus]
        if self._field_text(f) is not None:
            return False
        self._activate(f)
        return True

    def _pointer(self, ev: pygame.event.Event, pos: tuple[float, float]) -> None:
        if ev.type == pygame.MOUSEMOTION:
            hover = self._hit(pos)
            if hover != self.hover:
                self.hover = hover
                self.app.invalidate()
        elif ev.type == pygame.MOUSEBUTTONUP and ev.button == 1:
            for qid, rect in self.chips:
                if inside(pos, rect):
                    first = next(i for i, fld in enumerate(self.fields) if fld.qid == qid)
                    self._focus_on(first)
                    return
            i = self._hit(pos)
            if i >= 0:
                fld = self.fields[i]
                if fld.kind == "write" and not self.ready:
                    return  # disabled: the reason is written beside it
                self.focus = i
                self._activate(fld)
        elif ev.type == pygame.MOUSEBUTTONUP and ev.button == 3:
            self.back()

    def _hit(self, pos: tuple[float, float]) -> int:
        """The field under the pointer (cards only where the column shows them), or -1."""
        for i, fld in enumerate(self.fields):
            r = self._screen_rect(fld)
            if fld.card >= 0 and not self.top <= pos[1] < self.top + self.scroll.shown:
                continue
            if inside(pos, r):
                return i
        return -1

    def targets(self) -> list[tuple[str, Rect, bool]]:
        out: list[tuple[str, Rect, bool]] = []
        for f in self.fields:
            r = self._screen_rect(f)
            if self.top <= r[1] and r[1] + r[3] <= self.top + self.scroll.shown + 0.01 or f.card < 0:
                out.append((f"{f.kind}:{f.qid}:{f.index}", r, self.ready if f.kind == "write" else True))
        out += [(f"question:{qid}", rect, True) for qid, rect in self.chips]
        return out

    # -- look --
    def draw(self, c: Canvas) -> None:
        t = self.theme
        st = self._styles()
        foot = self.foot
        backdrop(c, t, 1)
        heading(c, t, "Reflect on your path", x=X, y=24, kicker="Questions")
        self._draw_progress(c, t)
        with c.clip((X - 10, self.top, W + 20, self.scroll.shown)):
            for ci, card in enumerate(self.cards):
                top = self.top + card.rect[1] - self.offset
                if top > foot.bottom or top + card.rect[3] < self.top:
                    continue
                self._draw_card(c, t, st, ci, card, top)
        self.scroll.draw(c, t, X + W - 10, self.top, foot.bottom - self.top)
        if self.scroll.offset < self.scroll.limit:  # more cards below the fold
            key_hint(c, t, "More below  ·  ↓, Tab or the wheel", y=foot.bottom + 12, x=X + W - 20, anchor="right")
        # the fixed bar: the report button, its state in words, and the way back
        write_r = foot.write
        c.fill(t.paper, (0, foot.top - 4, 1280, LOGICAL_H - foot.top + 4))
        c.fill(t.ink, (X, foot.top - 4, W, 2))
        write = Button("Write my report", write_r, lambda: None, enabled=self.ready)
        draw_bar(c, t, write, self.focus == len(self.fields) - 2 or (self.ready and self.hover == len(self.fields) - 2))
        if not self.ready and self.focus == len(self.fields) - 2:
            c.box(t.focus, (write_r[0] - 4, write_r[1] - 4, write_r[2] + 8, write_r[3] + 8), 3)
        draw_bar(c, t, Button("Back to the debrief", foot.done, lambda: None),
                 self.focus == len(self.fields) - 1 or self.hover == len(self.fields) - 1)
        reason_st = st["reason"].with_(colour=t.ink if self.ready else (t.accent if t.name != "high_contrast"
                                                                         else t.ink))
        rx, ry, rw, rh = foot.reason
        mark_y = ry + rh / 2 - 14
        if self.ready:
            _check(c, t.ink, rx, mark_y, 22)
        else:
            c.box(reason_st.colour, (rx + 2, mark_y + 2, 18, 18), 2.5)
            c.text("!", rx + 11, mark_y + 11,
                   TextStyle("label", 16, reason_st.colour, scalable=False, grows=False), anchor="center")
        c.text(self.reason, rx + 34, ry + rh / 2, reason_st, width=rw - 34, anchor="midleft")
        key_hint(c, t, KEYS_HINT, y=HINT_Y)

    def _draw_progress(self, c: Canvas, t: Theme) -> None:
        if not self.questions:
            return
        done = sum(1 for s in self.answered.values() if s == "yes")
        req = [q for q in self.questions if self.required(q)]
        req_open = sum(1 for q in req if self.answered.get(q.id) != "yes")
        label = f"{done} OF {len(self.questions)} ANSWERED"
        x0 = self.chips[0][1][0]
        c.text(label, x0, 30, TextStyle("label", 20, t.ink, scalable=False, grows=False))
        for (qid, (x, y, w, h)), q in zip(self.chips, self.questions):
            state = self.answered.get(qid, "no")
            n = self.questions.index(q) + 1
            if state == "yes":
                c.fill(t.ink, (x, y, w, h))
                colour = t.paper
            else:
                c.fill(t.paper, (x, y, w, h))
                c.box(t.ink, (x, y, w, h), 2)
                colour = t.ink
            if state == "partly":  # begun but not enough yet: a thick foot under the number
                c.fill(t.ink, (x, y + h - 7, w, 7))
            c.text(str(n), x + w / 2, y + h / 2 - (3 if state == "partly" else 0),
                   TextStyle("label", 18, colour, scalable=False, grows=False), anchor="center")
            if self.required(q):  # a red wedge under the number marks a required question (and the words say so)
                c.poly(t.accent if t.name != "high_contrast" else t.ink,
                       [(x + w / 2 - 6, y + h + 10), (x + w / 2 + 6, y + h + 10), (x + w / 2, y + h + 3)])
        if req:
            words = "ALL REQUIRED ANSWERED" if req_open == 0 else f"{req_open} REQUIRED STILL TO ANSWER"
        else:
            words = "ALL OPTIONAL FOR THIS REPORT"
        c.text(words, x0, 102, TextStyle("label", 17, t.muted, scalable=False, grows=False))

    def _draw_card(self, c: Canvas, t: Theme, st: dict[str, TextStyle], ci: int, card: Card, top: float) -> None:
        x, _, w, h = card.rect
        focused_card = self.fields[self.focus].card == ci
        hc = t.name == "high_contrast"
        c.fill(t.ink, (x + 6, top + 6, w, h))
        c.fill(t.paper, (x, top, w, h))
        c.box(t.ink, (x, top, w, h), 1.5)
        tab_colour = t.focus if focused_card else t.ink
        c.fill(tab_colour, (x, top, TAB, TAB))
        if card.number:
            c.text(str(card.number), x + TAB / 2, top + TAB / 2, TextStyle("label", 32, t.paper, scalable=False, grows=False),
                   anchor="center")
        else:  # the name card: the constructivist wedge instead of a number
            c.wedge(t.paper, x + 20, top + 16, 18, 24)
        kicker = card.kicker
        if "REQUIRED" in kicker or "NEEDED" in kicker:  # the requirement in red (and in words)
            head, _, tail = kicker.rpartition("  ·  ")
            r = c.text(head + "  ·", INNER, top + 12, st["kicker"])
            c.text(tail, r[0] + r[2] + 8, top + 12, st["kicker"].with_(colour=t.accent if not hc else t.ink))
        else:
            c.text(kicker, INNER, top + 12, st["kicker"])
        # the status, in words and a mark
        if card.number:
            state = self.answered.get(card.qid, "no")
        else:
            state = "yes" if " ".join(self.name_field.value.split()) else "no"
        words = {"yes": "ANSWERED", "partly": "NOT ENOUGH YET", "no": "NOT ANSWERED YET"}[state]
        sst = TextStyle("label", 18, t.ink if state == "yes" else t.muted, scalable=False, grows=False)
        sw = c.measure(words, sst)[0]
        sx = x + w - 20 - sw
        c.text(words, sx, top + 12, sst)
        if state == "yes":
            _check(c, t.ink, sx - 26, top + 12, 18)
        else:
            c.box(t.muted, (sx - 24, top + 14, 16, 16), 2)
        c.text(card.prompt, INNER, top + 40, st["body"] if card.number else st["body"].with_(colour=t.ink),
               width=INNER_W)
        for i in card.fields:
            self._draw_field(c, t, st, i)
        if card.note:
            note = card.note
            if note == "count":
                tf = self.texts.get((card.qid, 0))
                used = len(tf.value) if tf else 0
                note = f"{used} / {tf.limit if tf else 2000} characters"
            c.text(note, INNER + INNER_W, top + card.note_y - card.rect[1], st["note"], anchor="topright")

    def _draw_field(self, c: Canvas, t: Theme, st: dict[str, TextStyle], i: int) -> None:
        f = self.fields[i]
        r = self._screen_rect(f)
        focused = i == self.focus
        hover = i == self.hover
        if f.kind == "choice":
            a = self.app.session.answers.get(f.qid)
            on = a is not None and a.choice == f.index
            if on:
                c.fill(t.aged if t.name != "high_contrast" else t.meter_track, r)
            if focused:
                c.fill(t.focus, (r[0] - 12, r[1], 6, r[3]))
                c.box(t.focus, r, 2)
            elif hover:
                c.box(t.ink, r, 1)
            cy = r[1] + 22
            c.circle(t.focus if focused else t.ink, (r[0] + 22, cy), 11, 2.5)
            if on:
                c.circle(t.ink, (r[0] + 22, cy), 6)
            c.text(f.label, r[0] + 46, r[1] + 7, st["body"], width=r[2] - 60)
            return
        field = self._field_text(f)
        value = field.value if field else ""
        c.fill(t.paper, r)
        c.box(t.focus if focused else t.ink, r, 3 if focused else (2 if hover else 1.5))
        pad_x = 14.0
        if f.kind == "alt":  # the alternative's number as a black chip inside the box
            c.fill(t.ink, (r[0], r[1], 34, r[3]))
            c.text(f.label, r[0] + 17, r[1] + r[3] / 2, TextStyle("label", 20, t.paper, scalable=False, grows=False),
                   anchor="center")
            pad_x = 34 + 14
        inner_w = r[2] - pad_x - 14
        tx = r[0] + pad_x
        fst = st["field"]
        lh = c.measure("Hg", fst)[1]
        rows = max(1, round((r[3] - 18) / lh))
        hidden = 0
        with c.clip((r[0] + 2, r[1] + 9, r[2] - 4, rows * lh)):
            if not value:
                hint = {"name": "Type your name", "text": "Type here, if you like.",
                        "alt": "Who could have done what?" if f.index == 0 else
                        ("Another way it could have gone" if f.index == 1 else "A third, if you like")}.get(f.kind, "")
                c.text(hint, tx, r[1] + 9, fst.with_(colour=t.muted), width=inner_w)
                if focused:
                    c.fill(t.focus, (tx, r[1] + 9, 3, r[3] - 18 if f.kind == "name" else c.measure("Hg", fst)[1]))
                return
            # a long answer scrolls inside its box by whole lines: the end, where the typing is, stays in view
            para = c.para(value, fst, inner_w)
            hidden = max(0, len(para.lines) - rows)
            ty = r[1] + 9 - hidden * lh
            tr = c.text(value, tx, ty, fst, width=inner_w)
            if focused:
                last = para.lines[-1]
                cx = tx + (last.x + last.width) / c.scale
                c.fill(t.focus, (cx + 2, tr[1] + tr[3] - lh + 3, 3, lh - 6))
        if value and hidden:  # earlier lines are above: a small wedge in the margin says so
            rx = r[0] + r[2] - 12
            c.poly(t.muted, [(rx - 5, r[1] + 16), (rx + 5, r[1] + 16), (rx, r[1] + 8)])


def _and(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(n, f"{n}th")


def _check(c: Canvas, colour: tuple[int, int, int], x: float, y: float, size: float) -> None:
    """A tick drawn with lines (the UI fonts have no check mark)."""
    c.line(colour, (x + size * 0.1, y + size * 0.55), (x + size * 0.4, y + size * 0.85), 3)
    c.line(colour, (x + size * 0.4, y + size * 0.85), (x + size * 0.95, y + size * 0.15), 3)
