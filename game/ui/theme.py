"""Colours and type sizes: the constructivist palette, and its high-contrast twin.

Every screen takes its colours from a :class:`Theme` by role (ink, paper, accent …)
rather than by hue, so switching to high contrast is one object, not a search
through drawing code. Palette from the project's art direction (shared/art-direction.md).
"""

from __future__ import annotations

from dataclasses import dataclass

Colour = tuple[int, int, int]

RED: Colour = (0xC0, 0x27, 0x2D)
BLACK: Colour = (0x1A, 0x1A, 0x1A)
PAPER: Colour = (0xEF, 0xE6, 0xD2)
AGED: Colour = (0xD9, 0xCB, 0xB0)
GREY: Colour = (0x6E, 0x6A, 0x63)
OCHRE: Colour = (0xD9, 0xA2, 0x3A)
PURE_BLACK: Colour = (0, 0, 0)
WHITE: Colour = (0xFF, 0xFF, 0xFF)

#: The logical canvas every screen lays itself out in; scaled to the real window.
LOGICAL_W = 1280
LOGICAL_H = 720


@dataclass(frozen=True, slots=True)
class Theme:
    """Colours by role."""

    name: str
    ink: Colour  # body text and rules
    paper: Colour  # panels that carry text
    aged: Colour  # documents, secondary panels
    muted: Colour  # secondary text (≥ 4.5:1 on paper)
    accent: Colour  # the red: name plates, focus, stamps
    bar: Colour  # choice bars and buttons at rest
    bar_text: Colour
    focus: Colour  # choice bars and buttons under hover/keyboard focus
    focus_text: Colour
    meter: Colour  # meter fill (the one sparing accent)
    meter_track: Colour
    letterbox: Colour  # outside the 16:9 canvas
    shade: tuple[int, int, int, int]  # the veil behind menus
    disabled: Colour
    disabled_on_ink: Colour = (0x8E, 0x88, 0x7E)  # a disabled label on a black bar (3:1 or more there too)


CLASSIC = Theme(
    name="classic", ink=BLACK, paper=PAPER, aged=AGED, muted=(0x5E, 0x5A, 0x53), accent=RED,
    bar=BLACK, bar_text=PAPER, focus=RED, focus_text=PAPER, meter=BLACK, meter_track=AGED,
    letterbox=(0x0E, 0x0E, 0x0E), shade=(0x1A, 0x1A, 0x1A, 190), disabled=(0x8E, 0x88, 0x7E),
)

# Black on white, red only for focus (art direction); muted text is darkened to keep 7:1.
HIGH_CONTRAST = Theme(
    name="high_contrast", ink=PURE_BLACK, paper=WHITE, aged=WHITE, muted=(0x33, 0x33, 0x33), accent=PURE_BLACK,
    bar=PURE_BLACK, bar_text=WHITE, focus=(0xB0, 0x00, 0x0C), focus_text=WHITE, meter=PURE_BLACK,
    meter_track=(0xDD, 0xDD, 0xDD), letterbox=PURE_BLACK, shade=(0, 0, 0, 220), disabled=(0x55, 0x55, 0x55),
    disabled_on_ink=(0x99, 0x99, 0x99),
)


def theme_for(high_contrast: bool) -> Theme:
    return HIGH_CONTRAST if high_contrast else CLASSIC


# Logical type sizes (px at 1280×720, before the player's text-size setting).
BODY = 24  # the art direction's floor is 22
SMALL = 19
LABEL = 20
BUTTON = 26
HEADING = 40
DISPLAY = 96
DOC = 22


def _lin(c: int) -> float:
    v = c / 255
    return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4


def contrast(a: Colour, b: Colour) -> float:
    """WCAG contrast ratio between two colours (1 … 21)."""
    la = 0.2126 * _lin(a[0]) + 0.7152 * _lin(a[1]) + 0.0722 * _lin(a[2])
    lb = 0.2126 * _lin(b[0]) + 0.7152 * _lin(b[1]) + 0.0722 * _lin(b[2])
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)
