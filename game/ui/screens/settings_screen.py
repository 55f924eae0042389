"""Settings: text speed, text size, high contrast, dyslexia font, reduce motion, display, volumes.

Each change applies at once, is saved at once, and shows in the sample text box
on the right, so a player sees what the setting does before leaving.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pygame

from ..canvas import Canvas, Rect, inside
from ..settings import SPEEDS, TEXT_SIZES
from ..text import TextStyle
from ..theme import BODY, LOGICAL_W
from ..widgets import ACTIVATE_KEYS
from .base import Screen, backdrop, heading, key_hint

if TYPE_CHECKING:  # pragma: no cover
    from ..app import App

SAMPLE = ("Moscow, April 1922. You are given a post that most of your comrades think is a desk job: "
          "*General Secretary*. Nobody thinks it matters.")

ROW_X, ROW_Y, ROW_H, LABEL_W = 80.0, 170.0, 54.0, 300.0


@dataclass
class Row:
    key: str
    label: str
    choices: list[tuple[str, Any]]  # for sliders: empty
    slider: bool = False

    @property
    def ident(self) -> str:
        return f"setting:{self.key}"


ROWS = [
    Row("text_speed", "Text speed", [(k.title(), k) for k in SPEEDS]),
    Row("text_size", "Text size", [(f"{n} %", n) for n in TEXT_SIZES]),
    Row("high_contrast", "High-contrast theme", [("Off", False), ("On", True)]),
    Row("dyslexic_font", "Dyslexia-friendly font", [("Off", False), ("On", True)]),
    Row("reduce_motion", "Reduce motion", [("Off", False), ("On", True)]),
    Row("fullscreen", "Display (F11)", [("Window", False), ("Full screen", True)]),
    Row("music_volume", "Music volume", [], slider=True),
    Row("effects_volume", "Effects volume", [], slider=True),
]


class SettingsScreen(Screen):
    name = "settings"
    title = "Settings"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.row = 0
        self.cells: list[list[tuple[Rect, Any]]] = []
        self.back_rect: Rect = (ROW_X, ROW_Y + len(ROWS) * ROW_H + 20, 220, 48)
        self.preview_t = 99.0
        self.layout()

    def layout(self) -> None:
        self.cells = []
        for i, row in enumerate(ROWS):
            y = ROW_Y + i * ROW_H
            x = ROW_X + LABEL_W
            cells: list[tuple[Rect, Any]] = []
            if row.slider:
                for n in range(11):
                    cells.append(((x + n * 34, y + 6, 30, ROW_H - 16), n * 10))
            else:
                for _label, value in row.choices:
                    w = 100 if len(row.choices) > 3 else 128 if len(row.choices) == 3 else 150
                    cells.append(((x, y + 6, w - 8, ROW_H - 16), value))
                    x += w
            self.cells.append(cells)

    def relayout(self) -> None:
        self.layout()

    # -- changing values --
    def value(self, row: Row) -> Any:
        return getattr(self.app.settings, row.key)

    def set_value(self, row: Row, value: Any) -> None:
        if self.value(row) == value:
            return
        if row.key == "fullscreen":
            if self.app.options.size is None:
                if value != self.app.fullscreen:
                    self.app.toggle_fullscreen()  # also records and saves the setting
            else:  # a fixed-size run (tests, screenshots) only records the wish
                self.app.fullscreen = self.app.settings.fullscreen = value
                self.app._save_settings()
            self.app.invalidate()
            return
        setattr(self.app.settings, row.key, value)
        self.app.apply_settings()
        if row.key in ("text_speed", "text_size", "dyslexic_font"):
            self.preview_t = 0.0
        if row.key == "effects_volume":
            self.app.audio.play("tick")
        self.app.invalidate()

    def step_value(self, row: Row, delta: int, wrap: bool = False) -> None:
        """Arrows stop at the ends (like a slider); Enter cycles round."""
        if row.slider:
            self.set_value(row, max(0, min(100, self.value(row) + 10 * delta)))
            return
        values = [v for _, v in row.choices]
        i = values.index(self.value(row)) if self.value(row) in values else 0
        j = (i + delta) % len(values) if wrap else max(0, min(len(values) - 1, i + delta))
        self.set_value(row, values[j])

    # -- input --
    def handle(self, ev: pygame.event.Event) -> None:
        n = len(ROWS) + 1  # the last "row" is the Back button
        if ev.type == pygame.KEYDOWN:
            key = ev.key
            if key == pygame.K_ESCAPE:
                self.back()
            elif key in (pygame.K_UP, pygame.K_DOWN) or key == pygame.K_TAB:
                down = key == pygame.K_DOWN or (key == pygame.K_TAB and not ev.mod & pygame.KMOD_SHIFT)
                self.row = (self.row + (1 if down else -1)) % n
            elif self.row < len(ROWS) and key in (pygame.K_LEFT, pygame.K_RIGHT):
                self.step_value(ROWS[self.row], 1 if key == pygame.K_RIGHT else -1)
            elif key in ACTIVATE_KEYS:
                if self.row == len(ROWS):
                    self.back()
                else:
                    self.step_value(ROWS[self.row], 1, wrap=True)
            return
        pos = self.app.mouse(ev)
        if pos is None:
            return
        if ev.type == pygame.MOUSEMOTION:
            for i in range(len(ROWS)):
                if inside(pos, (ROW_X, ROW_Y + i * ROW_H, 820, ROW_H)):
                    if self.row != i:
                        self.row = i
                        self.app.invalidate()
                    return
            if inside(pos, self.back_rect) and self.row != len(ROWS):
                self.row = len(ROWS)
                self.app.invalidate()
        elif ev.type == pygame.MOUSEBUTTONUP and ev.button == 1:
            if inside(pos, self.back_rect):
                self.back()
                return
            for i, cells in enumerate(self.cells):
                for rect, value in cells:
                    if inside(pos, rect):
                        self.row = i
                        self.set_value(ROWS[i], value)
                        return

    def update(self, dt: float) -> None:
        if self.preview_t < 99:
            self.preview_t += dt

    @property
    def animating(self) -> bool:
        cps = self.app.settings.chars_per_second
        return cps > 0 and self.preview_t * cps < len(SAMPLE) + 5

    def targets(self) -> list[tuple[str, Rect, bool]]:
        out: list[tuple[str, Rect, bool]] = []
        for row, cells in zip(ROWS, self.cells):
            for rect, value in cells:
                out.append((f"{row.ident}:{value}", rect, True))
        out.append(("back", self.back_rect, True))
        return out

    # -- look --
    def draw(self, c: Canvas) -> None:
        t = self.theme
        backdrop(c, t, 1)
        heading(c, t, "Settings", kicker="Your comfort")
        for i, row in enumerate(ROWS):
            y = ROW_Y + i * ROW_H
            focused = i == self.row
            if focused:
                c.fill(t.focus, (ROW_X - 24, y + 8, 10, ROW_H - 20))
            c.text(row.label, ROW_X, y + ROW_H / 2 - 4, TextStyle("label", 26, t.ink, scalable=False),
                   anchor="midleft")
            current = self.value(row)
            for rect, value in self.cells[i]:
                on = (value <= current) if row.slider else (value == current)
                if row.slider:
                    if on and value > 0:
                        c.fill(t.focus if focused else t.ink, rect)
                    else:
                        c.box(t.ink, rect, 1.5)
                    continue
                if on:
                    c.fill(t.focus if focused else t.ink, rect)
                else:
                    c.box(t.ink, rect, 1.5)
                label = next(lbl for lbl, v in row.choices if v == value)
                c.text(label, rect[0] + rect[2] / 2, rect[1] + rect[3] / 2,
                       TextStyle("label", 21, t.paper if on else t.ink, scalable=False), anchor="center")
            if row.slider:
                last = self.cells[i][-1][0]
                c.text(f"{current} %", last[0] + 46, y + ROW_H / 2 - 4, TextStyle("label", 22, t.ink, scalable=False),
                       anchor="midleft")
        bx, by, bw, bh = self.back_rect
        back_focus = self.row == len(ROWS)
        c.fill(t.focus if back_focus else t.bar, self.back_rect)
        c.text("BACK", bx + bw / 2, by + bh / 2, TextStyle("label", 24, t.bar_text, scalable=False), anchor="center")
        self._preview(c)
        if not self.app.audio.ok:
            c.text("No sound device was found: the game plays silently.", ROW_X + LABEL_W + 250, by + bh / 2,
                   TextStyle("label", 18, t.muted, scalable=False), anchor="midleft")
        key_hint(c, t, "↑ ↓ setting   ·   ← → change   ·   Esc back   ·   saved automatically", y=696)

    def _preview(self, c: Canvas) -> None:
        t = self.theme
        x, y, w = 860.0, 110.0, 380.0
        c.text("PREVIEW", x, y, TextStyle("label", 20, t.muted, scalable=False))
        st = TextStyle("body", BODY, t.ink, leading=1.42)
        h = c.measure(SAMPLE, st, w - 48)[1] + 48
        c.fill(t.paper, (x, y + 30, w, h))
        c.fill(t.ink, (x, y + 30, w, 3))
        c.box(t.ink, (x, y + 30, w, h), 1.5)
        cps = self.app.settings.chars_per_second
        para = c.para(SAMPLE, st, w - 48)
        reveal = None if cps <= 0 or self.preview_t >= 99 else int(self.preview_t * cps)
        if reveal is not None and reveal >= para.chars:
            reveal = None
        c.text(SAMPLE, x + 24, y + 54, st, width=w - 48, reveal=reveal)


__all__ = ["SettingsScreen", "ROWS", "Callable", "LOGICAL_W"]
