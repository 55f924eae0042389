"""The history log: a scrollable backlog of everything shown so far, the current line included."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from ..canvas import Canvas
from ..text import TextStyle
from ..theme import BODY
from ..widgets import Scroller
from .base import Screen, backdrop, heading, key_hint
from .formatting import human_date

if TYPE_CHECKING:  # pragma: no cover
    from ..app import App

COL_X, COL_W = 150.0, 980.0
TOP, BOTTOM = 176.0, 664.0


class HistoryScreen(Screen):
    name = "history"
    title = "History log"

    def __init__(self, app: "App") -> None:
        super().__init__(app)
        self.scroll = Scroller()
        self.blocks: list[tuple[str, str, str, float]] = []  # (kind, label, text, height)
        self.relayout()
        self.scroll.to_end()  # open at the newest line, as a backlog does

    def _entries(self) -> list[tuple[str, str, str]]:
        session = self.app.session
        pt, story = session.pt, session.story
        if pt is None or story is None:
            return []
        out: list[tuple[str, str, str]] = []
        for e in pt.state.transcript:
            kind = e.get("kind")
            text = str(e.get("text", ""))
            if kind == "chapter":
                chapter = story.chapter(e.get("chapter"))
                n = story.chapter_index(chapter.id) + 1 if chapter else 0
                where = " · ".join(b for b in (human_date(str(e.get("date", ""))), str(e.get("place", ""))) if b)
                out.append(("chapter", f"CHAPTER {n}" if n else "CHAPTER", f"{text}" + (f"\n{where}" if where else "")))
            elif kind == "line":
                who = e.get("speaker")
                person = story.characters.get(who) if who else None
                out.append(("line", (person.name if person else str(who)) if who else "", text))
            elif kind == "document":
                doc = story.documents.get(e.get("document", ""))
                label = "DOCUMENT"
                body = text + (f" — {doc.attribution}" if doc and doc.attribution else "")
                out.append(("document", label, body))
            elif kind == "choice":
                out.append(("choice", "YOU DECIDED", text))
            elif kind == "vote":
                verdict = "carried" if e.get("passed") else "defeated"
                out.append(("vote", f"VOTE · {str(e.get('body', '')).upper()}",
                            f"{text}: {e.get('for', 0)} for, {e.get('against', 0)} against, "
                            f"{e.get('abstain', 0)} abstaining — {verdict}."))
            elif kind == "ending":
                out.append(("ending", "ENDING", text))
        step = pt.current
        if step.kind == "choice":
            out.append(("prompt", "NOW", step.prompt or "A decision"))
        elif step.kind == "appointments":
            out.append(("prompt", "NOW", step.prompt))
        return out

    def relayout(self) -> None:
        c = self.app.canvas
        t = self.theme
        body = TextStyle("body", BODY, t.ink, leading=1.4)
        blocks = []
        for kind, label, text in self._entries():
            h = c.measure(text, body, COL_W - 190)[1]
            if kind == "chapter":
                h += 26
            blocks.append((kind, label, text, h + 22))
        at_end = self.scroll.offset >= self.scroll.limit - 1
        self.blocks = blocks
        self.scroll.content = sum(b[3] for b in blocks)
        self.scroll.view = BOTTOM - TOP
        if at_end:
            self.scroll.to_end()
        self.scroll.clamp()

    def handle(self, ev: pygame.event.Event) -> None:
        if self.scroll.handle(ev, 44):
            self.app.invalidate()
            return
        if ev.type == pygame.KEYDOWN and ev.key in (pygame.K_ESCAPE, pygame.K_h, pygame.K_BACKSPACE):
            self.back()
        elif ev.type == pygame.MOUSEBUTTONUP and ev.button == 3:
            self.back()

    def targets(self) -> list[tuple[str, tuple[float, float, float, float], bool]]:
        return [("back", (0, 0, 1280, 140), True)]

    def draw(self, c: Canvas) -> None:
        t = self.theme
        backdrop(c, t, 1)
        heading(c, t, "History log", kicker="So far")
        body = TextStyle("body", BODY, t.ink, leading=1.4)
        c.fill(t.paper, (COL_X - 30, TOP - 14, COL_W + 60, BOTTOM - TOP + 28))
        c.box(t.ink, (COL_X - 30, TOP - 14, COL_W + 60, BOTTOM - TOP + 28), 1.5)
        with c.clip((COL_X - 30, TOP - 6, COL_W + 60, BOTTOM - TOP + 12)):
            y = TOP - self.scroll.offset
            for kind, label, text, h in self.blocks:
                if y + h >= TOP - 20 and y <= BOTTOM + 20:
                    self._block(c, kind, label, text, y, body)
                y += h
        self.scroll.draw(c, t, COL_X + COL_W + 14, TOP, BOTTOM - TOP)
        key_hint(c, t, "↑ ↓ PgUp PgDn scroll   ·   Esc back to the game", y=698)

    def _block(self, c: Canvas, kind: str, label: str, text: str, y: float, body: TextStyle) -> None:
        t = self.theme
        tx = COL_X + 180
        label_st = TextStyle("label", 19, t.muted, scalable=False)
        if kind == "chapter":
            c.fill(t.ink, (COL_X, y + 2, COL_W, 2))
            c.text(label, COL_X, y + 12, label_st.with_(colour=t.accent if t.name != "high_contrast" else t.ink))
            c.text(text, tx, y + 12, TextStyle("label", 26, t.ink, leading=1.3, scalable=False), width=COL_W - 190)
            return
        if kind in ("choice", "prompt"):
            c.fill(t.focus if kind == "prompt" else t.ink, (COL_X, y + 4, 6, 28))
        if kind == "ending":
            c.fill(t.accent if t.name != "high_contrast" else t.ink, (COL_X, y + 4, 6, 28))
        if label:
            c.text(label.upper(), COL_X + 14, y + 6, label_st.with_(colour=t.ink), width=160)
        st = body if kind != "document" else body.with_(colour=t.muted)
        if kind in ("choice", "prompt"):
            st = st.with_(role="body")
        c.text(text, tx, y, st, width=COL_W - 190)


__all__ = ["HistoryScreen", "Any"]
