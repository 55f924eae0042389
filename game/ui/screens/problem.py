"""The story-errors overlay: every problem with file:line:col, instead of a crash.

Writers see this when a reload finds errors (``--watch`` or Shift+R); it closes
by itself once the files are fixed and the game carries on where it was. A
player sees it only if the shipped story is broken or the story hits a bug.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from ..canvas import Canvas
from ..text import TextStyle
from ..theme import LOGICAL_H, LOGICAL_W
from ..widgets import Scroller
from .base import Screen, key_hint, veil

if TYPE_CHECKING:  # pragma: no cover
    from ..app import App


class ProblemScreen(Screen):
    opaque = False
    name = "problem"
    title = "Story errors"

    def __init__(self, app: App, runtime: str = "") -> None:
        super().__init__(app)
        self.runtime = runtime
        self.scroll = Scroller()
        self.rows: list[tuple[str, str]] = []
        self.refresh()

    def refresh(self) -> None:
        problem = self.app.session.problem
        rows: list[tuple[str, str]] = []
        if self.runtime:
            rows.append(("", self.runtime))
        elif problem is not None:
            root = self.app.session.story_dir
            for d in problem.diagnostics:
                where = d.path if d.path.startswith("/") else f"{root.as_posix().rstrip('/')}/{d.path}"
                rows.append((f"{where}:{d.line}:{d.col}", f"{d.message}  [{d.code}]"))
            if problem.message:
                rows.append(("", problem.message))
        self.rows = rows
        self.scroll.content = sum(self._heights(self.app.canvas))
        self.scroll.view = 600.0 - 150 - 60
        self.scroll.clamp()
        self.app.invalidate()

    def _heights(self, c: Canvas) -> list[float]:
        mono = TextStyle("doc", 19, (0, 0, 0), leading=1.3, scalable=False, markup=False)
        msg = TextStyle("body", 20, (0, 0, 0), leading=1.3, scalable=False, markup=False)
        return [(c.measure(where, mono, 1140 - 120)[1] if where else 0) + c.measure(message, msg, 1140 - 140)[1] + 16
                for where, message in self.rows]

    def handle(self, ev: pygame.event.Event) -> None:
        if self.scroll.handle(ev, 40):
            self.app.invalidate()
            return
        if ev.type == pygame.KEYDOWN and ev.key in (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER):
            self.close()
        elif ev.type == pygame.MOUSEBUTTONUP and ev.button == 1:
            self.close()

    def close(self) -> None:
        if self.runtime or self.app.session.ready:
            self.app.pop()
        elif len(self.app.stack) > 1:
            self.app.pop()  # back to the title: Settings and Quit still work

    def targets(self) -> list[tuple[str, tuple[float, float, float, float], bool]]:
        return [("close", (0, 0, LOGICAL_W, LOGICAL_H), True)]

    def draw(self, c: Canvas) -> None:
        t = self.theme
        veil(c, t)
        x, y, w, h = 70.0, 60.0, 1140.0, 600.0
        c.fill(t.ink, (x, y, w, h))
        c.fill(t.focus, (x, y, 14, h))
        title = "The story cannot go on" if self.runtime else "The story has errors"
        c.text(title.upper(), x + 50, y + 34, TextStyle("label", 44, t.paper if t.name != "high_contrast" else
                                                          (255, 255, 255), scalable=False))
        watch = self.app.options.watch
        how = ("Fix the files: the game reloads by itself and goes on where it was." if watch else
               "Fix the files, then press Shift+R to reload; the game goes on where it was.")
        if self.runtime:
            how = "This is a bug in the story, not your fault. Your progress up to the last decision is in the autosave."
        c.text(how, x + 50, y + 96, TextStyle("label", 22, (0xD9, 0xCB, 0xB0), scalable=False), width=w - 100)
        top = y + 150
        view_h = h - 150 - 60
        mono = TextStyle("doc", 19, (0xEF, 0xE6, 0xD2), leading=1.3, scalable=False, markup=False)
        msg = TextStyle("body", 20, (0xFF, 0xFF, 0xFF), leading=1.3, scalable=False, markup=False)
        heights = self._heights(c)
        with c.clip((x + 40, top, w - 80, view_h)):
            cy = top - self.scroll.offset
            for (where, message), hh in zip(self.rows, heights):
                if cy + hh >= top and cy <= top + view_h:
                    r = (0.0, cy, 0.0, 0.0)
                    if where:
                        r = c.text(where, x + 50, cy, mono, width=w - 120)
                    c.text(message, x + 70, r[1] + r[3], msg, width=w - 140)
                cy += hh
        self.scroll.draw(c, t, x + w - 30, top, view_h)
        n = len(self.rows)
        key_hint(c, t, f"{n} problem{'s' if n != 1 else ''}   ·   ↑ ↓ scroll   ·   Esc close", y=y + h - 30, x=x + 50,
                 colour=(0xD9, 0xCB, 0xB0))
