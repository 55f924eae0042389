"""The screen protocol: one class per screen, a stack of them in the app.

As in arcade's Views: the app hands each frame's events to the top screen,
then calls ``update(dt)`` (which never draws) and, only when something changed,
``draw(canvas)`` (which never changes state). Overlays (pause, dialogs) are
screens that are not ``opaque``: the app draws what lies beneath them first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from ..canvas import Canvas, Rect
from ..text import TextStyle
from ..theme import HEADING, LABEL, LOGICAL_H, LOGICAL_W, Theme
from ..widgets import Button, FocusRing, draw_bar

if TYPE_CHECKING:  # pragma: no cover
    from ..app import App


class Screen:
    """Base class. Subclasses override what they need."""

    opaque = True
    name = "screen"
    #: Shown by the app's help line and used by tests to know where they are.
    title = ""

    def __init__(self, app: App) -> None:
        self.app = app
        self.ring = FocusRing(on_move=self._moved)

    # -- lifecycle --
    def enter(self) -> None:
        """Became the top screen (pushed, or uncovered again)."""

    def leave(self) -> None:
        """Stopped being the top screen."""

    # -- the frame --
    def handle(self, ev: pygame.event.Event) -> None:
        if self.ring.handle(ev, self.app.mouse(ev)):
            self.app.invalidate()
            return
        if ev.type == pygame.KEYDOWN and ev.key == pygame.K_ESCAPE:
            self.back()

    def update(self, dt: float) -> None:
        pass

    def draw(self, c: Canvas) -> None:
        pass

    @property
    def animating(self) -> bool:
        """True while something moves on its own (the app then redraws every frame)."""
        return False

    # -- helpers --
    def back(self) -> None:
        self.app.pop()

    def _moved(self) -> None:
        self.app.audio.play("tick")
        self.app.invalidate()

    @property
    def theme(self) -> Theme:
        return self.app.theme

    def targets(self) -> list[tuple[str, Rect, bool]]:
        """Every clickable thing: (name, logical rect, enabled). Tests and the monkey use this."""
        return [(b.name, b.rect, b.enabled) for b in self.ring.buttons]

    def draw_buttons(self, c: Canvas, ring: FocusRing | None = None, align: str = "left",
                     style: TextStyle | None = None) -> None:
        ring = ring or self.ring
        for i, b in enumerate(ring.buttons):
            draw_bar(c, self.theme, b, i == ring.focus and b.enabled, style=style, align=align)


def heading(c: Canvas, theme: Theme, text: str, x: float = 80, y: float = 56, kicker: str = "",
            draw: bool = True) -> float:
    """A screen's title: a red kicker label and a bold condensed heading. Returns the y below it.

    ``draw`` False only measures (a screen lays out what goes below the heading).
    """
    if kicker:
        st = TextStyle("label", LABEL, theme.paper, leading=1.05, scalable=False)
        kw, kh = c.measure(kicker.upper(), st)
        ph = max(30.0, kh + 8)
        if draw:
            c.slanted(theme.accent, (x, y, kw + 28, ph), 8)
            with c.within("kicker", (x, y, kw + 28 + 8, ph), theme.accent):
                c.text(kicker.upper(), x + 14, y + ph / 2, st, anchor="midleft")
        y += ph + 10
    st = TextStyle("label", HEADING + 8, theme.ink, leading=1.05, scalable=False)
    if not draw:
        return y + c.measure(text, st)[1] + 12
    r = c.text(text, x, y, st)
    return r[1] + r[3] + 12


def backdrop(c: Canvas, theme: Theme, variant: int = 0) -> None:
    """The menus' poster: paper, one strong diagonal in red, a black block and a circle."""
    c.fill(theme.paper, (0, 0, LOGICAL_W, LOGICAL_H))
    if theme.name == "high_contrast":
        c.fill(theme.ink, (0, 0, LOGICAL_W, 10))
        return
    if variant == 0:
        c.poly(theme.accent, [(860, 0), (1280, 0), (1280, 720), (1130, 720)])
        c.poly(theme.ink, [(1040, 0), (1090, 0), (1280, 330), (1280, 420)])
        c.circle(theme.aged, (1150, 560), 90)
    else:
        c.poly(theme.aged, [(0, 640), (1280, 420), (1280, 720), (0, 720)])
        c.poly(theme.accent, [(1120, 0), (1280, 0), (1280, 140)])
        c.fill(theme.ink, (0, 0, 1280, 8))


def veil(c: Canvas, theme: Theme) -> None:
    """Dim what lies under an overlay."""
    c.fill(theme.shade, (0, 0, LOGICAL_W, LOGICAL_H))


ARROWS = {"↑": "up", "↓": "down", "←": "left", "→": "right"}


HINT_SEP = "   ·   "


def hint_style(theme: Theme, colour: tuple[int, int, int] | None = None) -> TextStyle:
    return TextStyle("label", 18, colour or theme.muted, scalable=False)


def _hint_parts(c: Canvas, st: TextStyle, text: str) -> tuple[list[str], list[float]]:
    """A hint line cut into text and arrow key caps, with each part's logical width."""
    parts: list[str] = []
    buf = ""
    for ch in text:
        if ch in ARROWS:
            if buf:
                parts.append(buf)
                buf = ""
            parts.append(ch)
        else:
            buf += ch
    if buf:
        parts.append(buf)
    cap = _cap_size(c, st)
    # text measures without its outer spaces, so the spaces beside a key cap are added back by hand
    space = c.measure("a a", st)[0] - c.measure("aa", st)[0]

    def lead(p: str) -> float:
        return (len(p) - len(p.lstrip(" "))) * space

    widths = [cap + 3 if p in ARROWS else
              lead(p) + c.measure(p.strip(" "), st)[0] + (len(p) - len(p.rstrip(" "))) * space for p in parts]
    return parts, widths


def _cap_size(c: Canvas, st: TextStyle) -> float:
    return max(18.0, c.measure("M", st)[1] * 0.9)


def hint_lines(c: Canvas, theme: Theme, text: str, width: float) -> tuple[list[str], float]:
    """The hint broken between its "·"-separated groups to fit ``width``; and its line height."""
    st = hint_style(theme)
    lines: list[str] = []
    current = ""
    for group in text.split(HINT_SEP):
        wider = group if not current else current + HINT_SEP + group
        if current and sum(_hint_parts(c, st, wider)[1]) > width:
            lines.append(current)
            current = group
        else:
            current = wider
    lines.append(current)
    return lines, max(_cap_size(c, st), c.measure("Ag", st)[1]) + 4


def hint_top(c: Canvas, theme: Theme, text: str, y: float, x: float = 80) -> float:
    """The top edge of a hint in the lower half of the page, drawn by :func:`key_hint` at ``y``
    (the middle of its last line) from ``x`` to the page's margin: more lines go up from it."""
    lines, line_h = hint_lines(c, theme, text, LOGICAL_W - 40 - x)
    return y - line_h * (len(lines) - 0.5)


def grown(base: float, needed: float) -> float:
    """``base``, or ``needed`` when larger text needs more than a pixel beyond it: a layout laid
    out from measured text stays exactly where it was at 100 %, where text measured at a window's
    scale rounds up by a fraction of a pixel."""
    return needed if needed > base + 1 else base


def key_hint(c: Canvas, theme: Theme, text: str, y: float = 690, colour: tuple[int, int, int] | None = None,
             x: float = 80, anchor: str = "left", width: float | None = None, grow: str = "") -> Rect:
    """A line of keyboard hints; arrow keys are drawn as small key caps (the UI fonts have no arrows).

    ``y`` is the middle of the first line. When the hint is wider than ``width`` (default: to
    the page's margin) it breaks between its "·" groups onto more lines, which go up from a
    hint in the lower half of the page (``grow`` "up") and down from one in the upper half.
    Returns the logical box of the whole hint. ``anchor`` right puts the lines' ends at ``x``.
    """
    ink = colour or theme.muted
    st = hint_style(theme, ink)
    room = width if width is not None else (x - 40 if anchor == "right" else LOGICAL_W - 40 - x)
    lines, line_h = hint_lines(c, theme, text, room)
    up = (grow or ("up" if y > LOGICAL_H / 2 else "down")) == "up"
    first = y - line_h * (len(lines) - 1) if up else y
    cap = _cap_size(c, st)
    widest = 0.0
    for n, line in enumerate(lines):
        ly = first + n * line_h
        parts, widths = _hint_parts(c, st, line)
        total = sum(widths)
        widest = max(widest, total)
        cx = x - total if anchor == "right" else x
        for part, w in zip(parts, widths):
            if part in ARROWS:
                _arrow_cap(c, ink, cx, ly, cap, ARROWS[part])
            elif part.strip(" "):
                lead = (len(part) - len(part.lstrip(" "))) * (c.measure("a a", st)[0] - c.measure("aa", st)[0])
                c.text(part.strip(" "), cx + lead, ly, st, anchor="midleft")
            cx += w
    left = x - widest if anchor == "right" else x
    return (left, first - line_h / 2, widest, line_h * len(lines))


def _arrow_cap(c: Canvas, ink: tuple[int, int, int], x: float, y: float, size: float, way: str) -> None:
    c.box(ink, (x, y - size / 2, size, size), 1.5)
    m, k = size / 2, size * 0.22
    cx, cy = x + m, y
    pts = {"up": [(cx - k, cy + k * 0.7), (cx + k, cy + k * 0.7), (cx, cy - k)],
           "down": [(cx - k, cy - k * 0.7), (cx + k, cy - k * 0.7), (cx, cy + k)],
           "left": [(cx + k * 0.7, cy - k), (cx + k * 0.7, cy + k), (cx - k, cy)],
           "right": [(cx - k * 0.7, cy - k), (cx - k * 0.7, cy + k), (cx + k, cy)]}[way]
    c.poly(ink, pts)


__all__ = ["Screen", "Button", "FocusRing", "heading", "backdrop", "veil", "key_hint"]
