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
from .base import Screen, backdrop, heading, hint_top, key_hint

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


HINT = "↑ ↓ setting   ·   ← → change   ·   Esc back   ·   saved automatically"
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
        self.row_y, self.row_h, self.label_w, self.preview_x = ROW_Y, ROW_H, LABEL_W, 860.0
        self.preview_t = 99.0
        self.layout()

    def layout(self) -> None:
        """Rows, label column and cells sized from their text, so the screen works at 200 % too."""
        c = self.app.canvas
        t = self.theme
        label_st = TextStyle("label", 26, t.ink, scalable=False)
        cell_st = TextStyle("label", 21, t.ink, scalable=False)
        self.row_y = max(ROW_Y, heading(c, t, "Settings", kicker="Your comfort", draw=False) + 4)
        self.label_w = max(LABEL_W, max(c.measure(r.label, label_st)[0] for r in ROWS) + 30)
        self.row_h = max(ROW_H, c.measure("Ag", label_st)[1] + 14, c.measure("Ag", cell_st)[1] + 26)
        self.hint_top = hint_top(c, t, HINT, 696)
        bh = max(48.0, c.measure("BACK", TextStyle("label", 24, t.bar_text, scalable=False))[1] + 12)
        room = self.hint_top - 12 - bh - 20 - self.row_y  # the Back button and the key hint below the rows
        self.row_h = min(self.row_h, room / len(ROWS)) if self.row_h * len(ROWS) > room else self.row_h
        self.cells = []
        right = 0.0
        # cells keep a margin inside their row, smaller when rows had to tighten to fit the page
        inset = max(2.0, min(6.0, (self.row_h - c.measure("Ag", cell_st)[1] - 8) / 2))
        for i, row in enumerate(ROWS):
            y = self.row_y + i * self.row_h
            x = ROW_X + self.label_w
            cells: list[tuple[Rect, Any]] = []
            if row.slider:
                for n in range(11):
                    cells.append(((x + n * 34, y + inset, 30, self.row_h - 2 * inset - 4), n * 10))
                x += 11 * 34 + 16 + c.measure("100 %", TextStyle("label", 22, t.ink, scalable=False))[0]
            else:
                for label, value in row.choices:
                    w = float(100 if len(row.choices) > 3 else 128 if len(row.choices) == 3 else 150)
                    w = max(w, c.measure(label, cell_st)[0] + 24)
                    cells.append(((x, y + inset, w - 8, self.row_h - 2 * inset - 4), value))
                    x += w
            right = max(right, x)
            self.cells.append(cells)
        self.back_rect = (ROW_X, self.row_y + len(ROWS) * self.row_h + 20, 220, bh)
        # The preview goes right of the widest row; where none is left it is not shown.
        self.preview_x = max(860.0, right + 30)
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
                if inside(pos, (ROW_X, self.row_y + i * self.row_h, 820, self.row_h)):
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
        row_h = self.row_h
        for i, row in enumerate(ROWS):
            y = self.row_y + i * row_h
            focused = i == self.row
            if focused:
                c.fill(t.focus, (ROW_X - 24, y + 8, 10, row_h - 20))
            c.text(row.label, ROW_X, y + row_h / 2 - 4, TextStyle("label", 26, t.ink, scalable=False),
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
                with c.within("setting", rect, t.focus if on and focused else t.ink if on else t.paper):
                    c.text(label, rect[0] + rect[2] / 2, rect[1] + rect[3] / 2,
                           TextStyle("label", 21, t.paper if on else t.ink, scalable=False), anchor="center")
            if row.slider:
                last = self.cells[i][-1][0]
                c.text(f"{current} %", last[0] + 46, y + row_h / 2 - 4, TextStyle("label", 22, t.ink, scalable=False),
                       anchor="midleft")
        bx, by, bw, bh = self.back_rect
        back_focus = self.row == len(ROWS)
        c.fill(t.focus if back_focus else t.bar, self.back_rect)
        c.text("BACK", bx + bw / 2, by + bh / 2, TextStyle("label", 24, t.bar_text, scalable=False), anchor="center")
        self._preview(c)
        if not self.app.audio.ok:
            st = TextStyle("label", 18, t.muted, scalable=False)
            words = "No sound device was found: the game plays silently."
            if c.measure(words, st, 1240 - bx - bw - 30)[1] <= max(bh, self.hint_top - 8 - by):
                c.text(words, bx + bw + 30, by + bh / 2, st, anchor="midleft", width=1240 - bx - bw - 30)
        key_hint(c, t, HINT, y=696)

    def _preview(self, c: Canvas) -> None:
        t = self.theme
        x, y = self.preview_x, 110.0
        w = 1240 - x
        if w < 300:
            return  # no room beside the rows at this text size: the screens themselves show it
        r = c.text("PREVIEW", x, y, TextStyle("label", 20, t.muted, scalable=False))
        y = r[1] + r[3] - 30 + 8
        st = TextStyle("body", BODY, t.ink, leading=1.42)
        # as much of the sample as fits above the key hint (a preview, not text to read through)
        h = min(c.measure(SAMPLE, st, w - 48)[1] + 48, 660 - (y + 30))
        c.fill(t.paper, (x, y + 30, w, h))
        c.fill(t.ink, (x, y + 30, w, 3))
        c.box(t.ink, (x, y + 30, w, h), 1.5)
        cps = self.app.settings.chars_per_second
        para = c.para(SAMPLE, st, w - 48)
        reveal = None if cps <= 0 or self.preview_t >= 99 else int(self.preview_t * cps)
        if reveal is not None and reveal >= para.chars:
            reveal = None
        with c.clip((x, y + 30, w, h)), c.within("preview", (x, y + 30, w, h + 10 ** 4), t.paper):
            c.text(SAMPLE, x + 24, y + 54, st, width=w - 48, reveal=reveal)


__all__ = ["SettingsScreen", "ROWS", "Callable", "LOGICAL_W"]
