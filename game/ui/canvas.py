"""The canvas: lay out in logical 1280×720 units, draw at the window's real pixels.

Every screen positions things on a fixed 1280×720 page. A :class:`Canvas` maps
that page onto the real surface (letterboxed to keep 16:9) and draws shapes and
text *at the physical size*, so a 1920×1080 window gets 1.5× sharper text and
art rather than a blurred upscale.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import pygame

from .text import Paragraph, TextCache, TextStyle
from .theme import LOGICAL_H, LOGICAL_W, Colour

Rect = tuple[float, float, float, float]
Point = tuple[float, float]

PAGE: Rect = (0.0, 0.0, float(LOGICAL_W), float(LOGICAL_H))


@dataclass(frozen=True, slots=True)
class Drawn:
    """One piece of text as it was drawn: where it went, and the box it had to stay in.

    Recorded only while ``Canvas.record`` is a list (the layout check over the screenshot
    tour, issue 12.8); ``box`` is the innermost :meth:`Canvas.within` box (the page when
    none), ``clip`` the clip rectangle in force (a scrolled list may cut text off there).
    """

    text: str
    rect: Rect
    box: Rect
    box_name: str
    layer: int
    clip: Rect | None
    colour: tuple[int, int, int]
    background: tuple[int, int, int] | None


class Canvas:
    """Logical drawing on a physical surface."""

    def __init__(self, surface: pygame.Surface, texts: TextCache) -> None:
        self.texts = texts
        self.surface = surface
        self.scale = 1.0
        self.ox = 0
        self.oy = 0
        #: While a list, every text drawn is appended to it (see :class:`Drawn`); None costs nothing.
        self.record: list[Drawn] | None = None
        #: Which screen of the stack is drawing (texts of different layers may cover each other).
        self.layer = 0
        self._boxes: list[tuple[str, Rect, tuple[int, int, int] | None]] = []
        self._clips: list[Rect] = []
        self.resize(surface)

    def resize(self, surface: pygame.Surface) -> None:
        """Fit the logical page into ``surface``, centred, with bars on the long side."""
        self.surface = surface
        w, h = surface.get_size()
        self.scale = max(0.05, min(w / LOGICAL_W, h / LOGICAL_H))
        self.ox = (w - round(LOGICAL_W * self.scale)) // 2
        self.oy = (h - round(LOGICAL_H * self.scale)) // 2

    @property
    def page(self) -> pygame.Rect:
        """The physical rectangle of the logical page."""
        return pygame.Rect(self.ox, self.oy, round(LOGICAL_W * self.scale), round(LOGICAL_H * self.scale))

    # -- coordinates ---------------------------------------------------------------

    def px(self, v: float) -> int:
        return round(v * self.scale)

    def pt(self, x: float, y: float) -> tuple[int, int]:
        return (self.ox + round(x * self.scale), self.oy + round(y * self.scale))

    def rect(self, r: Rect) -> pygame.Rect:
        x, y, w, h = r
        left, top = self.pt(x, y)
        right, bottom = self.pt(x + w, y + h)
        return pygame.Rect(left, top, max(0, right - left), max(0, bottom - top))

    def to_logical(self, pos: tuple[int, int]) -> tuple[float, float]:
        return ((pos[0] - self.ox) / self.scale, (pos[1] - self.oy) / self.scale)

    # -- shapes ----------------------------------------------------------------------

    def fill(self, colour: Colour | tuple[int, int, int, int], r: Rect | None = None) -> None:
        if r is None:
            self.surface.fill(colour)
        elif len(colour) == 4 and colour[3] < 255:
            pr = self.rect(r)
            veil = pygame.Surface(pr.size, pygame.SRCALPHA)
            veil.fill(colour)
            self.surface.blit(veil, pr.topleft)
        else:
            self.surface.fill(colour[:3], self.rect(r))

    def box(self, colour: Colour, r: Rect, width: float = 0) -> None:
        """A rectangle outline ``width`` logical px thick (at least one physical pixel)."""
        pr = self.rect(r)
        if width <= 0:
            self.surface.fill(colour, pr)
            return
        t = max(1, self.px(width))
        self.surface.fill(colour, (pr.x, pr.y, pr.w, t))
        self.surface.fill(colour, (pr.x, pr.bottom - t, pr.w, t))
        self.surface.fill(colour, (pr.x, pr.y, t, pr.h))
        self.surface.fill(colour, (pr.right - t, pr.y, t, pr.h))

    def poly(self, colour: Colour | tuple[int, int, int, int], points: Sequence[Point], width: float = 0) -> None:
        pts = [self.pt(x, y) for x, y in points]
        if len(colour) == 4 and colour[3] < 255:
            xs = [p[0] for p in pts]
            ys = [p[1] for p in pts]
            x0, y0 = min(xs), min(ys)
            layer = pygame.Surface((max(xs) - x0 + 1, max(ys) - y0 + 1), pygame.SRCALPHA)
            pygame.draw.polygon(layer, colour, [(x - x0, y - y0) for x, y in pts])
            self.surface.blit(layer, (x0, y0))
            return
        pygame.draw.polygon(self.surface, colour, pts, 0 if width <= 0 else max(1, self.px(width)))

    def line(self, colour: Colour, a: Point, b: Point, width: float = 1) -> None:
        pygame.draw.line(self.surface, colour, self.pt(*a), self.pt(*b), max(1, self.px(width)))

    def circle(self, colour: Colour, centre: Point, radius: float, width: float = 0) -> None:
        r = max(1, self.px(radius))
        pygame.draw.circle(self.surface, colour, self.pt(*centre), r, 0 if width <= 0 else max(1, self.px(width)))

    def wedge(self, colour: Colour, x: float, y: float, w: float, h: float, point: str = "right") -> None:
        """A solid triangle pointing left or right inside the box (the constructivist wedge)."""
        if point == "right":
            self.poly(colour, [(x, y), (x + w, y + h / 2), (x, y + h)])
        else:
            self.poly(colour, [(x + w, y), (x, y + h / 2), (x + w, y + h)])

    def slanted(self, colour: Colour, r: Rect, slant: float) -> None:
        """A parallelogram: the box with its top edge pushed ``slant`` logical px to the right."""
        x, y, w, h = r
        self.poly(colour, [(x + slant, y), (x + w + slant, y), (x + w, y + h), (x, y + h)])

    @contextmanager
    def clip(self, r: Rect) -> Iterator[None]:
        old = self.surface.get_clip()
        self.surface.set_clip(self.rect(r).clip(old) if old else self.rect(r))
        # What the layout check is told is what shows: a clip inside another shows only where both do.
        self._clips.append(_meet(r, self._clips[-1]) if self._clips else r)
        try:
            yield
        finally:
            self._clips.pop()
            self.surface.set_clip(old)

    @contextmanager
    def within(self, name: str, r: Rect, background: tuple[int, int, int] | None = None) -> Iterator[None]:
        """Text drawn inside this block must stay inside ``r`` (a button, a card, a panel).

        It draws nothing: it tells the layout check which box each text belongs to, and on
        which colour it sits (so a red label on a red bar is caught too).
        """
        self._boxes.append((name, r, background))
        try:
            yield
        finally:
            self._boxes.pop()

    def blit(self, image: pygame.Surface, at: Point, area: pygame.Rect | None = None,
             special_flags: int = 0) -> None:
        self.surface.blit(image, self.pt(*at), area, special_flags)

    # -- text ----------------------------------------------------------------------------

    def para(self, text: str, style: TextStyle, width: float | None = None) -> Paragraph:
        """The rendered paragraph (cached) for ``text`` wrapped to ``width`` logical px."""
        return self.texts.get(text, style, self.scale, None if width is None else max(1, self.px(width)))

    def measure(self, text: str, style: TextStyle, width: float | None = None) -> tuple[float, float]:
        """Logical width and height of ``text`` as it would be drawn."""
        w, h = self.texts.measure(text, style, self.scale, None if width is None else max(1, self.px(width)))
        return w / self.scale, h / self.scale

    def _logical_height(self, para: Paragraph) -> float:
        last = para.lines[-1]
        return (last.y + last.height) / self.scale

    def text(self, text: str, x: float, y: float, style: TextStyle, width: float | None = None,
             anchor: str = "topleft", reveal: int | None = None) -> Rect:
        """Draw text; returns its logical box. ``anchor``: topleft, midtop, topright, center, midleft…"""
        para = self.para(text, style, width)
        pw, _ = para.size
        w = pw / self.scale
        h = self._logical_height(para)
        left, top = _anchor(anchor, x, y, w, h)
        dest = self.pt(left, top)
        if reveal is None:
            self.surface.blit(para.surface, dest)
        else:
            for area in para.reveal_areas(reveal):
                self.surface.blit(para.surface, (dest[0] + area[0], dest[1] + area[1]), area)
        if self.record is not None and text.strip():
            # The inked pixels, not the line boxes: tight leading lets boxes touch where letters do not.
            ink = para.ink
            k = self.scale
            name, box, bg = self._boxes[-1] if self._boxes else ("page", PAGE, None)
            self.record.append(Drawn(text, (left + ink[0] / k, top + ink[1] / k, ink[2] / k, ink[3] / k), box,
                                     name, self.layer, self._clips[-1] if self._clips else None, style.colour, bg))
        return (left, top, w, h)


def _meet(a: Rect, b: Rect) -> Rect:
    """The part of ``a`` inside ``b`` (empty, at ``a``'s corner, when they do not meet)."""
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    return (x0, y0, max(0.0, x1 - x0), max(0.0, y1 - y0))


def _anchor(anchor: str, x: float, y: float, w: float, h: float) -> tuple[float, float]:
    if anchor == "topleft":
        return x, y
    if anchor == "midtop":
        return x - w / 2, y
    if anchor == "topright":
        return x - w, y
    if anchor == "center":
        return x - w / 2, y - h / 2
    if anchor == "midleft":
        return x, y - h / 2
    if anchor == "midright":
        return x - w, y - h / 2
    if anchor == "bottomleft":
        return x, y - h
    if anchor == "midbottom":
        return x - w / 2, y - h
    if anchor == "bottomright":
        return x - w, y - h
    raise ValueError(anchor)


def inside(pos: Point, r: Rect) -> bool:
    x, y, w, h = r
    return x <= pos[0] < x + w and y <= pos[1] < y + h


def ease_out(t: float) -> float:
    """Cubic ease-out on 0..1 (motion that settles)."""
    t = max(0.0, min(1.0, t))
    return 1 - (1 - t) ** 3


def angle_of(dx: float, dy: float) -> float:
    return math.degrees(math.atan2(-dy, dx))
