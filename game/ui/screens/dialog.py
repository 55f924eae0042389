"""A small modal question ("Quit to the title?") or message, over whatever is below."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from ..canvas import Canvas
from ..text import TextStyle
from ..theme import BODY, LOGICAL_H, LOGICAL_W
from ..widgets import Button
from .base import Screen, veil

if TYPE_CHECKING:  # pragma: no cover
    from ...engine.saves import SaveInfo
    from ..app import App


def kept_detail(info: SaveInfo) -> str:
    """What a new game does to the game in progress, in the player's words (issue 12.2)."""
    from .formatting import save_where, saved_when

    when = saved_when(info.saved_at)
    if when.startswith(("Today", "Yesterday")):
        when = when[0].lower() + when[1:]
    return (f"Your game in progress ({save_where(info)}, saved {when})"
            " is kept: Load lists it as Previous 1, with your two games before it.")


class Dialog(Screen):
    """Yes/No (or just OK). Esc answers No; Enter answers the focused button."""

    opaque = False
    name = "dialog"

    def __init__(self, app: App, question: str, on_yes: Callable[[], None] | None = None,
                 yes: str = "Yes", no: str = "No", detail: str = "", on_no: Callable[[], None] | None = None) -> None:
        super().__init__(app)
        self.title = question
        self.question = question
        self.detail = detail
        self.on_yes = on_yes
        self.on_no = on_no
        self.yes_label = yes
        self.no_label = no if on_yes is not None else ""
        self.ring.axis = "horizontal"

    def _layout(self, c: Canvas) -> tuple[float, float, float, float]:
        w = 640
        qh = c.measure(self.question, TextStyle("label", 34, self.theme.ink, scalable=False), w - 80)[1]
        dh = c.measure(self.detail, TextStyle("body", BODY - 2, self.theme.ink), w - 80)[1] + 14 if self.detail else 0
        h = 60 + qh + dh + 30 + 56 + 40
        x, y = (LOGICAL_W - w) / 2, (LOGICAL_H - h) / 2
        by = y + h - 40 - 56
        buttons = []
        if self.no_label:
            buttons.append(Button(self.yes_label, (x + 40, by, 260, 56), self._yes, ident="yes"))
            buttons.append(Button(self.no_label, (x + w - 300, by, 260, 56), self._no, ident="no"))
        else:
            buttons.append(Button(self.yes_label, (x + (w - 260) / 2, by, 260, 56), self._yes, ident="yes"))
        first = not self.ring.buttons
        self.ring.set(buttons)
        if first and self.no_label:
            self.ring.focus = 1  # the safe answer is the default
        return x, y, w, h

    def _yes(self) -> None:
        self.app.pop()
        if self.on_yes is not None:
            self.on_yes()

    def _no(self) -> None:
        self.app.pop()
        if self.on_no is not None:
            self.on_no()

    def enter(self) -> None:
        self._layout(self.app.canvas)

    def handle(self, ev: pygame.event.Event) -> None:
        self._layout(self.app.canvas)
        if ev.type == pygame.KEYDOWN and ev.key == pygame.K_ESCAPE:
            self._no() if self.no_label else self._yes()
            return
        if ev.type == pygame.KEYDOWN and ev.key in (pygame.K_y, pygame.K_n) and self.no_label:
            self._yes() if ev.key == pygame.K_y else self._no()
            return
        super().handle(ev)

    def draw(self, c: Canvas) -> None:
        t = self.theme
        veil(c, t)
        x, y, w, h = self._layout(c)
        c.fill(t.ink, (x + 10, y + 10, w, h))
        c.fill(t.paper, (x, y, w, h))
        c.fill(t.accent, (x, y, w, 12))
        r = c.text(self.question, x + 40, y + 48, TextStyle("label", 34, t.ink, leading=1.1, scalable=False),
                   width=w - 80)
        if self.detail:
            c.text(self.detail, x + 40, r[1] + r[3] + 14, TextStyle("body", BODY - 2, t.ink), width=w - 80)
        self.draw_buttons(c, align="center")
