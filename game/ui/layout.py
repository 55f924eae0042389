"""The layout check: no text leaves its box, overlaps other text or vanishes into its background.

While :attr:`Canvas.record` is a list, every text the canvas draws is recorded with its
logical rectangle, the box it was drawn in (``Canvas.within``), its layer (which screen of
the stack) and its colours. :func:`check_screen` redraws the screen on show at each window
size and each reading setting (text size, dyslexia font, high contrast) and reports what
:func:`problems` finds. The screenshot tour calls it at every screen it photographs
(``after-lenin shots --check-layout``, and tests/test_ui_layout.py), issue 12.8.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from .canvas import PAGE, Canvas, Drawn, Rect
from .theme import contrast

if TYPE_CHECKING:  # pragma: no cover
    from .app import App

#: Window sizes the check draws at: the commonest school laptop and a full-HD screen.
SIZES: tuple[tuple[int, int], ...] = ((1366, 768), (1920, 1080))
#: How far (logical px) a text may poke out of its box, or into another text, before it counts:
#: antialiasing and rounding to physical pixels move edges by about one pixel.
TOLERANCE = 1.5
#: Below this contrast (WCAG) a text is lost against what it is drawn on.
MIN_CONTRAST = 3.0


@dataclass(frozen=True)
class Reading:
    """One combination of the player's reading settings."""

    text_size: int
    dyslexic: bool = False
    high_contrast: bool = False

    @property
    def label(self) -> str:
        bits = [f"{self.text_size} %"]
        if self.dyslexic:
            bits.append("dyslexia font")
        if self.high_contrast:
            bits.append("high contrast")
        return ", ".join(bits)


#: Every text size with each font, and high contrast at the smallest and largest size.
READINGS: tuple[Reading, ...] = tuple(
    [Reading(n) for n in (100, 125, 150, 200)] + [Reading(n, dyslexic=True) for n in (100, 125, 150, 200)]
    + [Reading(100, high_contrast=True), Reading(200, dyslexic=True, high_contrast=True)])


def _overlap(a: Rect, b: Rect) -> tuple[float, float]:
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return w, h


def _cut(r: Rect, clip: Rect | None) -> Rect | None:
    """``r`` as far as it shows inside ``clip`` (None when nothing of it shows)."""
    if clip is None or clip == PAGE:
        return r
    w, h = _overlap(r, clip)
    if w <= 0 or h <= 0:
        return None
    x, y = max(r[0], clip[0]), max(r[1], clip[1])
    return (x, y, w, h)


def _short(text: str) -> str:
    one = " ".join(text.split())
    return f"“{one[:48]}…”" if len(one) > 48 else f"“{one}”"


def _outside(r: Rect, box: Rect) -> str:
    """How far ``r`` pokes out of ``box``, in words ('' when it stays inside)."""
    sides = [("left", box[0] - r[0]), ("top", box[1] - r[1]),
             ("right", r[0] + r[2] - (box[0] + box[2])), ("bottom", r[1] + r[3] - (box[1] + box[3]))]
    out = [f"{side} by {d:.0f}px" for side, d in sides if d > TOLERANCE]
    return ", ".join(out)


def problems(drawn: Sequence[Drawn]) -> list[str]:
    """What is wrong with one drawn frame: texts out of their box, texts on texts, unreadable colours."""
    found: list[str] = []
    shown: list[tuple[Drawn, Rect]] = []
    for d in drawn:
        if d.box_name.startswith("decor"):
            continue  # a poster numeral behind the page is art, not text to read
        visible = _cut(d.rect, d.clip)
        if visible is None:
            continue  # scrolled out of its list
        out = _outside(d.rect, d.box)
        if out and (d.clip is None or d.clip == PAGE or _outside(visible, d.box)):
            found.append(f"{_short(d.text)} leaves its {d.box_name} ({out})")
        if d.background is not None and contrast(d.colour, d.background) < MIN_CONTRAST:
            found.append(f"{_short(d.text)} is hard to see on its {d.box_name}"
                         f" (contrast {contrast(d.colour, d.background):.1f}:1)")
        shown.append((d, visible))
    for i, (a, ra) in enumerate(shown):
        for b, rb in shown[i + 1:]:
            if a.layer != b.layer:
                continue  # an overlay covers what lies beneath it
            w, h = _overlap(ra, rb)
            if w > TOLERANCE and h > TOLERANCE:
                found.append(f"{_short(a.text)} and {_short(b.text)} overlap ({w:.0f}×{h:.0f}px)")
    return found


def draw_recorded(app: App) -> list[Drawn]:
    """Draw the app's current stack once onto its canvas and return every text drawn."""
    app.canvas.record = []
    try:
        app.invalidate()
        app.draw()
        return app.canvas.record
    finally:
        app.canvas.record = None


def check_screen(app: App, where: str, sizes: Iterable[tuple[int, int]] = SIZES,
                 readings: Iterable[Reading] = READINGS) -> list[str]:
    """Redraw what is on screen at each size and reading setting; every problem found, located.

    The player's settings and the window are put back afterwards, so play goes on as it was.
    """
    s = app.settings
    kept = (s.text_size, s.dyslexic_font, s.high_contrast)
    canvas, surface = app.canvas, app.surface
    found: list[str] = []
    try:
        for size in sizes:
            app.surface = pygame.Surface(size)
            app.canvas = Canvas(app.surface, app.texts)
            for reading in readings:
                s.text_size, s.dyslexic_font, s.high_contrast = (reading.text_size, reading.dyslexic,
                                                                 reading.high_contrast)
                app.apply_settings(save=False)
                seen: set[str] = set()
                for problem in problems(draw_recorded(app)):
                    if problem not in seen:
                        seen.add(problem)
                        found.append(f"{where} at {size[0]}×{size[1]}, {reading.label}: {problem}")
    finally:
        app.canvas, app.surface = canvas, surface
        s.text_size, s.dyslexic_font, s.high_contrast = kept
        app.apply_settings(save=False)
    return found
