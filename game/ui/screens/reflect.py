"""Reflection: answer the debrief's questions in the game and write the report for the teacher.

A vertical form that works by keyboard alone (↑ ↓ or Tab between fields, Enter to
pick, type to write) and by mouse alone (click a choice or a field). Answers live
in the session while the game runs; "Write my report" hands them to
``game.classroom.report.write_report``, which says what is missing if anything is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pygame

from ..canvas import Canvas, Rect, inside
from ..text import TextStyle
from ..theme import BODY
from ..widgets import TextField
from .base import Screen, backdrop, heading, key_hint
from .dialog import Dialog

if TYPE_CHECKING:  # pragma: no cover
    from ..app import App

X, W = 120.0, 1040.0
TOP, BOTTOM = 150.0, 668.0


@dataclass
class Field:
    kind: str  # name | choice | text | alt | write | done
    qid: str = ""
    index: int = 0
    label: str = ""
    rect: Rect = (0, 0, 0, 0)


class ReflectScreen(Screen):
    name = "reflect"
    title = "Reflection"
    typing = True

    def __init__(self, app: "App", debrief: Any) -> None:
        super().__init__(app)
        self.debrief = debrief
        self.questions = list(debrief.questions) if debrief is not None else []
        self.fields: list[Field] = []
        self.texts: dict[tuple[str, int], TextField] = {}
        self.name_field = TextField(getattr(app, "student_name", ""), limit=80)
        self.focus = 0
        self.offset = 0.0
        self.heads: list[tuple[str, float]] = []
        self.content = 0.0
        self._load_answers()
        self.relayout()

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

    # -- layout --
    def relayout(self) -> None:
        c = self.app.canvas
        t = self.theme
        body = TextStyle("body", BODY - 2, t.ink, leading=1.3)
        fields: list[Field] = []
        heads: list[tuple[str, float]] = []
        y = 0.0
        heads.append(("Your name (for the report)", y))
        y += 30
        fields.append(Field("name", rect=(X, y, 520, 46)))
        y += 70
        for n, q in enumerate(self.questions, 1):
            opt = "" if q.required else " (optional)"
            prompt = f"{n}. {q.prompt}{opt}"
            heads.append((prompt, y))
            y += c.measure(prompt, body, W)[1] + 8
            if q.kind == "menu":
                for i, choice in enumerate(q.choices):
                    h = max(40.0, c.measure(choice, body, W - 80)[1] + 12)
                    fields.append(Field("choice", q.id, i, choice, (X + 20, y, W - 20, h)))
                    y += h + 4
            elif q.kind == "text":
                fields.append(Field("text", q.id, 0, "", (X + 20, y, W - 20, 90)))
                y += 96
            else:
                for k in range(q.max_items):
                    need = "" if k < q.min_items else " (optional)"
                    fields.append(Field("alt", q.id, k, f"{k + 1}{need}", (X + 20, y, W - 20, 46)))
                    y += 52
            y += 22
        fields.append(Field("write", label="Write my report", rect=(X, y, 360, 54)))
        fields.append(Field("done", label="Done", rect=(X + 380, y, 200, 54)))
        y += 80
        self.fields, self.heads, self.content = fields, heads, y
        self.focus = min(self.focus, len(fields) - 1)
        self._keep_visible()

    def _keep_visible(self) -> None:
        f = self.fields[self.focus]
        view = BOTTOM - TOP
        if f.rect[1] - self.offset < 0:
            self.offset = max(0.0, f.rect[1] - 40)
        elif f.rect[1] + f.rect[3] - self.offset > view:
            self.offset = f.rect[1] + f.rect[3] - view + 20
        self.offset = max(0.0, min(self.offset, max(0.0, self.content - view)))

    def _screen_rect(self, f: Field) -> Rect:
        x, y, w, h = f.rect
        return (x, TOP + y - self.offset, w, h)

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
        elif f.kind == "write":
            self._write()
        elif f.kind == "done":
            self.back()

    def back(self) -> None:
        self._store()
        self.app.pop()
        prev = self.app.top
        if hasattr(prev, "relayout"):
            prev.relayout()

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
        self.app.push(Dialog(self.app, "Your report is written", None, yes="OK",
                             detail=f"Hand in {paths.html.name} (and {paths.json.name}) from {paths.folder}."))

    def handle(self, ev: pygame.event.Event) -> None:
        f = self.fields[self.focus]
        if ev.type == pygame.KEYDOWN:
            key = ev.key
            if key == pygame.K_ESCAPE:
                self.back()
                return
            if key in (pygame.K_UP, pygame.K_DOWN, pygame.K_TAB):
                down = key == pygame.K_DOWN or (key == pygame.K_TAB and not ev.mod & pygame.KMOD_SHIFT)
                self.focus = (self.focus + (1 if down else -1)) % len(self.fields)
                self._keep_visible()
                return
            if key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                if self._field_text(f) is not None:
                    self.focus = min(len(self.fields) - 1, self.focus + 1)
                    self._keep_visible()
                else:
                    self._activate(f)
                return
            if key == pygame.K_SPACE and self._field_text(f) is None:
                self._activate(f)
                return
        field = self._field_text(f)
        if field is not None and field.handle(ev):
            return
        pos = self.app.mouse(ev)
        if ev.type == pygame.MOUSEWHEEL:
            self.offset = max(0.0, min(self.offset - ev.y * 60, max(0.0, self.content - (BOTTOM - TOP))))
            return
        if pos is None:
            return
        if ev.type == pygame.MOUSEBUTTONUP and ev.button == 1:
            for i, fld in enumerate(self.fields):
                if inside(pos, self._screen_rect(fld)):
                    self.focus = i
                    self._activate(fld)
                    return
        elif ev.type == pygame.MOUSEBUTTONUP and ev.button == 3:
            self.back()

    def targets(self) -> list[tuple[str, Rect, bool]]:
        out = []
        for f in self.fields:
            r = self._screen_rect(f)
            if TOP <= r[1] and r[1] + r[3] <= BOTTOM:
                out.append((f"{f.kind}:{f.qid}:{f.index}", r, True))
        return out

    # -- look --
    def draw(self, c: Canvas) -> None:
        t = self.theme
        backdrop(c, t, 1)
        heading(c, t, "Reflect on your path", x=X, y=30, kicker="Questions")
        body = TextStyle("body", BODY - 2, t.ink, leading=1.3)
        answers = self.app.session.answers
        with c.clip((X - 30, TOP - 4, W + 60, BOTTOM - TOP + 8)):
            for text, y in self.heads:
                yy = TOP + y - self.offset
                if -200 < yy < BOTTOM + 10:
                    c.text(text, X, yy, body if not text.startswith("Your name") else
                           TextStyle("label", 20, t.muted, scalable=False), width=W)
            for i, f in enumerate(self.fields):
                r = self._screen_rect(f)
                if r[1] + r[3] < TOP - 10 or r[1] > BOTTOM + 10:
                    continue
                focused = i == self.focus
                if f.kind == "choice":
                    a = answers.get(f.qid)
                    on = a is not None and a.choice == f.index
                    if focused:
                        c.fill(t.focus, (r[0] - 14, r[1], 6, r[3]))
                    c.circle(t.ink, (r[0] + 14, r[1] + 20), 11, 2.5)
                    if on:
                        c.circle(t.ink, (r[0] + 14, r[1] + 20), 6)
                    c.text(f.label, r[0] + 40, r[1] + 6, body.with_(colour=t.ink), width=r[2] - 60)
                elif f.kind in ("name", "text", "alt"):
                    field = self._field_text(f)
                    c.fill(t.paper, r)
                    c.box(t.focus if focused else t.ink, r, 3 if focused else 1.5)
                    value = field.value if field else ""
                    prefix = f"{f.label}.  " if f.kind == "alt" else ""
                    shown = prefix + value
                    st = body.with_(markup=False)
                    # a long answer scrolls inside its box: the end, where the typing is, stays in view
                    th = c.measure(shown, st, r[2] - 24)[1] if shown else 30.0
                    ty = r[1] + 8 - max(0.0, th - (r[3] - 16))
                    with c.clip((r[0] + 2, r[1] + 2, r[2] - 4, r[3] - 4)):
                        if shown:
                            tr = c.text(shown, r[0] + 12, ty, st, width=r[2] - 24)
                        else:
                            tr = (r[0] + 12, ty, 0, 30)
                        if focused:
                            last = c.para(shown, st, r[2] - 24).lines[-1] if shown else None
                            cx = r[0] + 12 + (last.x + last.width) / c.scale if last else r[0] + 12
                            c.fill(t.focus, (cx + 2, tr[1] + tr[3] - 32, 3, 28))
                else:
                    c.fill(t.focus if focused else t.bar, r)
                    c.text(f.label.upper(), r[0] + r[2] / 2, r[1] + r[3] / 2,
                           TextStyle("label", 24, t.bar_text, scalable=False), anchor="center")
        key_hint(c, t, "↑ ↓ or Tab move   ·   Enter pick   ·   type to answer   ·   Esc back (answers are kept)",
                 y=698)
