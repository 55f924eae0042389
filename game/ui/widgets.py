"""Small building blocks shared by screens: buttons in a focus ring, a scroller, a text field.

Every control works by mouse *and* keyboard: hovering moves the focus, arrows and
Tab move it too, Enter or Space activates, and a click activates on release over
the same control (so a slip of the mouse cancels, as players expect).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

import pygame

from .canvas import Canvas, Rect, inside
from .text import TextStyle
from .theme import BUTTON, Theme

ACTIVATE_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)


@dataclass
class Button:
    """A control with a logical rectangle. ``ident`` names it for tests and the screenshot tour."""

    label: str
    rect: Rect
    action: Callable[[], None]
    enabled: bool = True
    hint: str = ""
    ident: str = ""
    number: int | None = None  # shown as a badge; the key that picks it

    @property
    def name(self) -> str:
        return self.ident or self.label


@dataclass
class FocusRing:
    """A list of buttons with one focus, driven by keys and mouse.

    ``axis`` decides which arrows move the focus (vertical: up/down, horizontal:
    left/right, grid: all four with ``columns``).
    """

    buttons: list[Button] = field(default_factory=list)
    focus: int = 0
    axis: str = "vertical"
    columns: int = 1
    pressed: int | None = None
    on_move: Callable[[], None] | None = None

    def set(self, buttons: list[Button], keep: bool = True) -> None:
        old = self.focused.name if keep and self.focused else None
        self.buttons = buttons
        if old is not None:
            for i, b in enumerate(buttons):
                if b.name == old:
                    self.focus = i
                    break
        self.focus = max(0, min(self.focus, len(buttons) - 1)) if buttons else 0
        if buttons and not buttons[self.focus].enabled:
            self._step(1)

    @property
    def focused(self) -> Button | None:
        if 0 <= self.focus < len(self.buttons):
            return self.buttons[self.focus]
        return None

    def focus_on(self, name: str) -> None:
        for i, b in enumerate(self.buttons):
            if b.name == name:
                self.focus = i
                return

    def _step(self, delta: int) -> bool:
        n = len(self.buttons)
        if n == 0:
            return False
        i = self.focus
        for _ in range(n):
            i = (i + delta) % n
            if self.buttons[i].enabled:
                if i != self.focus:
                    self.focus = i
                    if self.on_move:
                        self.on_move()
                    return True
                return False
        return False

    def _grid(self, dx: int, dy: int) -> bool:
        n = len(self.buttons)
        if n == 0:
            return False
        cols = max(1, self.columns)
        i = self.focus + dx + dy * cols
        if 0 <= i < n and self.buttons[i].enabled and (dx == 0 or i // cols == self.focus // cols):
            self.focus = i
            if self.on_move:
                self.on_move()
            return True
        return False

    def handle(self, ev: pygame.event.Event, pos: tuple[float, float] | None) -> bool:
        """Handle one event; True if it was used. ``pos`` is the logical mouse position."""
        if ev.type == pygame.KEYDOWN:
            return self.key(ev.key, ev.mod)
        if ev.type == pygame.MOUSEMOTION and pos is not None:
            for i, b in enumerate(self.buttons):
                if b.enabled and inside(pos, b.rect):
                    if i != self.focus:
                        self.focus = i
                        if self.on_move:
                            self.on_move()
                    return True
            return False
        if ev.type == pygame.MOUSEBUTTONDOWN and ev.button == 1 and pos is not None:
            for i, b in enumerate(self.buttons):
                if b.enabled and inside(pos, b.rect):
                    self.pressed = i
                    self.focus = i
                    return True
            self.pressed = None
            return False
        if ev.type == pygame.MOUSEBUTTONUP and ev.button == 1 and pos is not None:
            pressed, self.pressed = self.pressed, None
            for i, b in enumerate(self.buttons):
                if b.enabled and inside(pos, b.rect):
                    if pressed == i:
                        b.action()
                    return True
            return False
        return False

    def key(self, key: int, mod: int = 0) -> bool:
        if key in ACTIVATE_KEYS:
            b = self.focused
            if b is not None and b.enabled:
                b.action()
                return True
            return False
        if key == pygame.K_TAB:
            return self._step(-1 if mod & pygame.KMOD_SHIFT else 1)
        if self.axis == "grid":
            moves = {pygame.K_LEFT: (-1, 0), pygame.K_RIGHT: (1, 0), pygame.K_UP: (0, -1), pygame.K_DOWN: (0, 1)}
            if key in moves:
                return self._grid(*moves[key])
        elif self.axis == "horizontal":
            if key == pygame.K_LEFT:
                return self._step(-1)
            if key == pygame.K_RIGHT:
                return self._step(1)
        else:
            if key == pygame.K_UP:
                return self._step(-1)
            if key == pygame.K_DOWN:
                return self._step(1)
        if key == pygame.K_HOME and self.buttons:
            self.focus = -1
            return self._step(1)
        if key == pygame.K_END and self.buttons:
            self.focus = len(self.buttons)
            return self._step(-1)
        if pygame.K_1 <= key <= pygame.K_9:
            n = key - pygame.K_1 + 1
            for b in self.buttons:
                if b.number == n and b.enabled:
                    b.action()
                    return True
        return False


def bar_height(c: Canvas, minimum: float, style: TextStyle | None = None) -> float:
    """A button's height at the player's text size: ``minimum``, or its label's line and a margin."""
    st = style or TextStyle("label", BUTTON, (0, 0, 0), leading=1.1, scalable=False)
    return max(minimum, c.measure("Ag", st)[1] + 12)


def draw_bar(c: Canvas, theme: Theme, b: Button, focused: bool, style: TextStyle | None = None,
             align: str = "left", slide: float = 1.0) -> None:
    """The constructivist button: a black bar that turns red with a wedge when focused."""
    x, y, w, h = b.rect
    if not b.enabled:
        c.fill(theme.meter_track, b.rect)
        # A light bar already says "not now"; its label stays readable (the grey alone was 2.2:1).
        colour = theme.muted
    elif focused:
        shift = 10 * slide
        # The red bar sits on a black shadow inside a paper rim, so it stays a bar on any ground,
        # a red background too (a bare red bar vanished over the congress hall's red).
        shape = [(x - 4 + shift, y), (x + w, y), (x + w, y + h), (x - 4 + shift - h * 0.45, y + h)]
        c.poly(theme.ink, [(px + 4, py + 4) for px, py in shape])
        c.fill(theme.focus, (x + shift, y, w - shift, h))
        c.poly(theme.focus, shape)
        c.poly(theme.paper, shape, 3)
        c.wedge(theme.ink if theme.name != "high_contrast" else theme.focus, x - 18 + shift * 0.4, y + h * 0.2,
                14, h * 0.6)
        colour = theme.focus_text
    else:
        c.fill(theme.bar, b.rect)
        c.box(theme.muted, b.rect, 1)  # keeps a black bar distinct on a dark background
        colour = theme.bar_text
    st = style or TextStyle("label", BUTTON, colour, leading=1.1, scalable=False)
    st = st.with_(colour=colour)
    pad = 22.0
    if b.number is not None:
        bst = TextStyle("label", 20, theme.focus if focused else theme.bar, leading=1.0, scalable=False)
        side = max(30.0, c.measure("8", bst)[1] + 8)
        badge = (x + 10 + (10 * slide if focused else 0), y + (h - side) / 2, side, side)
        c.fill(colour, badge)
        with c.within("number badge", badge, colour):
            c.text(str(b.number), badge[0] + side / 2, badge[1] + side / 2, bst, anchor="center")
        pad = 26 + side
    inner_x = x + pad + (10 * slide if focused else 0)
    ground = theme.meter_track if not b.enabled else theme.focus if focused else theme.bar
    with c.within("button", b.rect, ground):
        hint_w = 0.0
        if b.hint:
            hr = c.text(b.hint, x + w - 16, y + h / 2, TextStyle("label", 17, colour, scalable=False),
                        anchor="midright")
            hint_w = hr[2] + 16
        if align == "center":
            c.text(b.label, x + w / 2 + (5 * slide if focused else 0), y + h / 2, st, anchor="center")
        else:
            c.text(b.label, inner_x, y + h / 2, st, width=w - pad - 20 - hint_w, anchor="midleft")


@dataclass
class Scroller:
    """A vertical scroll offset over content of a known height (logical units)."""

    offset: float = 0.0
    content: float = 0.0
    view: float = 0.0

    @property
    def limit(self) -> float:
        return max(0.0, self.content - self.view)

    def clamp(self) -> None:
        self.offset = max(0.0, min(self.offset, self.limit))

    def by(self, delta: float) -> bool:
        old = self.offset
        self.offset += delta
        self.clamp()
        return self.offset != old

    def to_end(self) -> None:
        self.offset = self.limit

    def handle(self, ev: pygame.event.Event, line: float = 40) -> bool:
        if ev.type == pygame.MOUSEWHEEL:
            return self.by(-ev.y * line * 1.5) or True
        if ev.type == pygame.KEYDOWN:
            page = max(line, self.view - line)
            moves = {pygame.K_UP: -line, pygame.K_DOWN: line, pygame.K_PAGEUP: -page, pygame.K_PAGEDOWN: page}
            if ev.key in moves:
                self.by(moves[ev.key])
                return True
            if ev.key == pygame.K_HOME:
                self.offset = 0
                return True
            if ev.key == pygame.K_END:
                self.to_end()
                return True
        return False

    def draw(self, c: Canvas, theme: Theme, x: float, y: float, h: float) -> None:
        """A thin bar with a thumb, only when there is something to scroll."""
        if self.limit <= 0:
            return
        c.fill(theme.meter_track, (x, y, 6, h))
        thumb = max(30.0, h * self.view / self.content)
        top = y + (h - thumb) * (self.offset / self.limit)
        c.fill(theme.ink, (x, top, 6, thumb))


@dataclass
class TextField:
    """A one-line text entry (search boxes, names). Uses TEXTINPUT so any keyboard layout works."""

    value: str = ""
    limit: int = 80

    def handle(self, ev: pygame.event.Event) -> bool:
        if ev.type == pygame.TEXTINPUT:
            text = "".join(ch for ch in ev.text if ch.isprintable())
            if text and len(self.value) < self.limit:
                self.value = (self.value + text)[: self.limit]
                return True
            return False
        if ev.type == pygame.KEYDOWN and ev.key == pygame.K_BACKSPACE:
            if self.value:
                if ev.mod & pygame.KMOD_CTRL:
                    self.value = self.value.rstrip().rpartition(" ")[0]
                else:
                    self.value = self.value[:-1]
                return True
        return False


@dataclass
class SnapScroller:
    """A scroll position that only ever rests where a whole line begins.

    ``tops`` are the offsets the view may start at (the top of each line, card or
    bar), ``bottoms`` the offsets it may end at (their bottoms). The view shows
    from ``offset`` down to the last bottom that fits, so neither edge cuts a line
    in half, whatever the text size or window scale. Keys and the wheel move by
    whole stops; Page Down brings the first line not fully shown to the top.
    """

    tops: list[float] = field(default_factory=lambda: [0.0])
    bottoms: list[float] = field(default_factory=lambda: [0.0])
    view: float = 0.0
    offset: float = 0.0
    _limit: float = 0.0

    def set(self, tops: list[float], bottoms: list[float], view: float) -> None:
        self.tops = sorted(set(tops)) or [0.0]
        self.bottoms = sorted(set(bottoms)) or [0.0]
        self.view = view
        end = self.content
        # the last resting offset: the first top from which everything left fits in the view
        self._limit = next((top for top in self.tops if end - top <= view + 0.01), self.tops[-1])
        self.offset = self._snap(self.offset)

    @property
    def content(self) -> float:
        return max(self.bottoms[-1], self.tops[-1])

    @property
    def limit(self) -> float:
        """The last resting offset (0 when everything fits)."""
        return self._limit

    @property
    def shown(self) -> float:
        """How much of the view is filled, from ``offset`` to the last whole line's bottom."""
        i = bisect_right(self.bottoms, self.offset + self.view + 0.01) - 1
        bottom = self.bottoms[i] if i >= 0 else self.offset
        return max(0.0, min(self.view, bottom - self.offset))

    def _snap(self, offset: float) -> float:
        """The nearest resting offset at or above ``offset``, no further than the limit."""
        limit = self.limit
        if offset >= limit:
            return limit
        i = bisect_right(self.tops, offset + 0.01) - 1
        return self.tops[max(0, i)]

    def to(self, offset: float) -> bool:
        old = self.offset
        self.offset = self._snap(max(0.0, offset))
        return self.offset != old

    def lines(self, n: int) -> bool:
        """Move by ``n`` stops (negative: up)."""
        i = bisect_left(self.tops, self.offset - 0.01)
        j = max(0, min(len(self.tops) - 1, i + n))
        return self.to(self.tops[j])

    def page(self, direction: int) -> bool:
        """One view down (the first line not wholly shown comes to the top) or up."""
        if direction > 0:
            target = self.offset + self.shown
            i = bisect_left(self.tops, target - 0.01)
            if i < len(self.tops) and self.tops[i] > self.offset + 0.01:
                return self.to(self.tops[i])
            return self.lines(1)
        target = self.offset - self.view
        i = bisect_left(self.tops, target - 0.01)
        if i < len(self.tops) and self.tops[i] < self.offset - 0.01:
            return self.to(self.tops[i])
        return self.lines(-1)

    def to_end(self) -> None:
        self.offset = self.limit

    def reveal(self, top: float, bottom: float) -> bool:
        """Scroll as little as possible so that ``top``..``bottom`` is in view (its top, if it cannot all be)."""
        if top < self.offset - 0.01 or bottom - top > self.view:
            return self.to(top)
        if bottom > self.offset + self.shown + 0.01:
            i = bisect_left(self.tops, bottom - self.view - 0.01)
            return self.to(self.tops[min(i, len(self.tops) - 1)])
        return False

    def handle(self, ev: pygame.event.Event, wheel_lines: int = 3) -> bool:
        """Arrows, Page Up/Down, Home/End and the wheel. True if the event was a scrolling one."""
        if ev.type == pygame.MOUSEWHEEL:
            self.lines(-ev.y * wheel_lines)
            return True
        if ev.type == pygame.KEYDOWN:
            moves = {pygame.K_UP: lambda: self.lines(-1), pygame.K_DOWN: lambda: self.lines(1),
                     pygame.K_PAGEUP: lambda: self.page(-1), pygame.K_PAGEDOWN: lambda: self.page(1),
                     pygame.K_HOME: lambda: self.to(0.0), pygame.K_END: lambda: self.to(self.limit)}
            move = moves.get(ev.key)
            if move is not None:
                move()
                return True
        return False

    def thumb(self, y: float, h: float) -> tuple[float, float]:
        """The thumb's top and height on a track from ``y`` of height ``h``."""
        if self.limit <= 0:
            return y, h
        size = max(30.0, h * min(1.0, self.view / max(1.0, self.content)))
        return y + (h - size) * (self.offset / self.limit), size

    def draw(self, c: Canvas, theme: Theme, x: float, y: float, h: float) -> None:
        """A thin track with a thumb, only when there is something to scroll."""
        if self.limit <= 0:
            return
        c.fill(theme.meter_track, (x, y, 6, h))
        top, size = self.thumb(y, h)
        c.fill(theme.ink, (x, top, 6, size))
