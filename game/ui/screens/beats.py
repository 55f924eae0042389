"""One view per kind of step: how a line, document, choice, vote, board, chapter card or ending looks.

Each view lays itself out in logical units (``layout``), turns input into calls
on the play screen (which calls the Session), animates in ``update`` and draws
in ``draw``. Nothing here decides story logic: the options, tallies, posts and
candidates are exactly those the engine's Step carries.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import pygame

from ...engine.playthrough import Step
from ...story import model as M
from ..art import circle_crop
from ..canvas import Canvas, Rect, ease_out, inside
from ..text import TextStyle
from ..theme import BODY, DOC, LOGICAL_H, LOGICAL_W, Theme
from ..widgets import ACTIVATE_KEYS, Button, FocusRing, Scroller, bar_height, draw_bar
from . import frame
from .base import hint_lines, key_hint
from .formatting import human_date

if TYPE_CHECKING:  # pragma: no cover
    from ..app import App
    from .play import PlayScreen

PROCEED_KEYS = ACTIVATE_KEYS + (pygame.K_RIGHT, pygame.K_PAGEDOWN)
#: Seconds after a decision appears in which no input decides: the Enter or click that was
#: meant to go on through the text before must not land on an option (measured in update(dt)).
GRACE = 0.3
BOX_X = 40.0
BOX_W = 1200.0
TEXT_PAD_X = 52.0


class BeatView:
    """What every view provides; the defaults suit a full-screen beat."""

    shows_place = True
    shows_meters = True
    collapse_meters = False  # fold the meters panel to its title bar for this beat (room for options)
    wants_tab = False  # Tab moves within the view rather than into the quick menu
    wants_letters = False

    def __init__(self, play: PlayScreen, step: Step) -> None:
        self.play = play
        self.app = play.app
        self.step = step
        self.t = 0.0

    @property
    def theme(self) -> Theme:
        return self.app.theme

    def layout(self, c: Canvas) -> None:
        pass

    def handle(self, ev: pygame.event.Event, pos: tuple[float, float] | None) -> None:
        pass

    def update(self, dt: float) -> None:
        self.t += dt

    @property
    def animating(self) -> bool:
        return False

    def draw_background(self, c: Canvas) -> None:
        page = c.page
        art = self.app.art.background(self.step.scene.background or "_missing", page.size)
        c.surface.blit(art, page.topleft)

    def draw(self, c: Canvas) -> None:
        pass

    def targets(self) -> list[tuple[str, Rect, bool]]:
        return []

    def right_top(self, c: Canvas) -> float:
        """How far down the meters panel (top right) may reach before it meets this beat."""
        return float(LOGICAL_H)

    def scrolls_with_wheel(self, pos: tuple[float, float] | None) -> bool:
        return False

    def proceed_event(self, ev: pygame.event.Event) -> bool:
        """Space, Enter, → or a left click: the player wants to go on."""
        if ev.type == pygame.KEYDOWN and ev.key in PROCEED_KEYS:
            return True
        return ev.type == pygame.MOUSEBUTTONUP and ev.button == 1

    def motion(self, seconds: float) -> float:
        """Progress 0..1 of an entrance animation lasting ``seconds`` (1 at once under reduce motion)."""
        if not self.app.motion:
            return 1.0
        return min(1.0, self.t / seconds)

    def hint(self, c: Canvas, text: str, x: float = 1240, y: float = 652, colour: tuple[int, int, int] | None = None,
             anchor: str = "midright") -> None:
        c.text(text, x, y, TextStyle("label", 19, colour or self.theme.muted, scalable=False), anchor=anchor)


def decides(ev: pygame.event.Event) -> bool:
    """An input that would pick an option: Enter, Space, a number key or a click."""
    if ev.type == pygame.KEYDOWN:
        return ev.key in ACTIVATE_KEYS or pygame.K_1 <= ev.key <= pygame.K_9
    return ev.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP)


# --- the text box -----------------------------------------------------------------------------


def body_style(theme: Theme) -> TextStyle:
    return TextStyle("body", BODY, theme.ink, leading=1.42)


class TextBox:
    """The paper panel in the lower third, with an optional name plate and portrait."""

    def __init__(self, view: BeatView, text: str, plate: str = "", portrait: str = "", kicker: bool = False,
                 min_height: float = 150.0) -> None:
        self.view = view
        self.min_height = min_height
        self.text = text
        self.plate = plate
        self.portrait = portrait
        self.kicker = kicker  # the plate names a kind of beat (DECISION) rather than a speaker
        self.rect: Rect = (BOX_X, 500, BOX_W, 170)
        self.chars = 0

    def layout(self, c: Canvas) -> None:
        theme = self.view.theme
        para = c.para(self.text, body_style(theme), BOX_W - 2 * TEXT_PAD_X)
        self.chars = para.chars
        _, h = c.measure(self.text, body_style(theme), BOX_W - 2 * TEXT_PAD_X)
        box_h = max(self.min_height, h + 44 + self._text_offset(c))
        bottom = frame.quick_top(c, theme) - 10
        self.rect = (BOX_X, bottom - box_h, BOX_W, box_h)

    def _plate_style(self) -> TextStyle:
        return TextStyle("label", 26, self.view.theme.paper, leading=1.05, scalable=False)

    def _tag_style(self) -> TextStyle:
        return TextStyle("label", 15, self.view.theme.muted, scalable=False)

    def _text_offset(self, c: Canvas) -> float:
        """How far below the box's top edge the text starts: clear of the plate and the tag."""
        top = 40.0
        if self.plate:
            top = max(top, max(44.0, c.measure(self.plate.upper(), self._plate_style())[1] + 12) / 2 + 8)
            if not self.kicker:
                top = max(top, 8 + c.measure("DRAMATISED DIALOGUE", self._tag_style())[1] + 6)
        return top

    def draw(self, c: Canvas, reveal: int | None = None) -> None:
        t = self.view.theme
        x, y, w, h = self.rect
        if self.portrait:
            self._portrait(c, x, y)
        c.fill(t.paper, (x, y, w, h))
        c.fill(t.ink, (x, y, w, 3))
        c.box(t.ink, (x, y, w, h), 1.5)
        c.poly(t.accent if t.name != "high_contrast" else t.ink, [(x + w - 64, y + h), (x + w, y + h - 40),
                                                                    (x + w, y + h)])
        top = y + self._text_offset(c)
        if self.plate:
            st = self._plate_style()
            tw, th = c.measure(self.plate.upper(), st)
            pw, ph = tw + 44, max(44.0, th + 12)
            px = x + (250 if self.portrait else 28)
            c.slanted(t.ink, (px + 5, y - ph / 2 + 5, pw, ph), 12)
            plate = (px, y - ph / 2, pw, ph)
            c.slanted(t.accent, plate, 12)
            with c.within("name plate", (px, plate[1], pw + 12, ph), t.accent if t.name != "high_contrast" else t.ink):
                c.text(self.plate.upper(), px + 22 + 6, y, st, anchor="midleft")
            if not self.kicker:
                c.text("DRAMATISED DIALOGUE", x + w - 24, y + 8, self._tag_style(), anchor="topright")
        with c.within("text box", self.rect, t.paper):
            c.text(self.text, x + TEXT_PAD_X, top, body_style(t), width=w - 2 * TEXT_PAD_X, reveal=reveal)

    def _portrait(self, c: Canvas, x: float, y: float) -> None:
        t = self.view.theme
        d = 220.0
        cx, cy = x + 30 + d / 2, y - d / 2 + 36
        c.circle(t.ink, (cx, cy), d / 2 + 7)
        px = c.px(d)
        img = portrait_disc(self.view.app, self.portrait, px)
        centre = c.pt(cx, cy)
        c.surface.blit(img, (centre[0] - px // 2, centre[1] - px // 2))


def who_card(c: Canvas, app: App, person: M.Character, x: float, top: float, bottom: float) -> None:
    """A card with the person's portrait, name, years and post, its foot at ``bottom``.

    Left out when the beat leaves it no room between ``top`` and ``bottom`` (large text): the
    glossary and the history log name people too.
    """
    t = app.theme
    w = 460.0
    kick = TextStyle("label", 15, t.accent if t.name != "high_contrast" else t.ink, scalable=False)
    name_st = TextStyle("label", 26, t.ink, leading=1.05, scalable=False)
    body = TextStyle("body", 18, t.ink, leading=1.25, scalable=False)
    d = 84.0
    tw = w - d - 44
    about = " · ".join(b for b in (person.years, person.title) if b)
    kh = c.measure("WHO'S WHO", kick)[1]
    nh = c.measure(person.name, name_st, tw)[1]
    ah = c.measure(about, body, tw)[1] if about else 0.0
    h = max(d + 24, 12 + kh + 4 + nh + 4 + ah + 14)
    y = bottom - h
    if y < top:
        return
    rect = (x, y, w, h)
    c.fill(t.ink, (x + 6, y + 6, w, h))
    c.fill(t.paper, rect)
    c.box(t.ink, rect, 1.5)
    c.fill(t.accent if t.name != "high_contrast" else t.ink, (x, y, 6, h))
    px = c.px(d)
    img = portrait_disc(app, person.portrait or person.id, px)
    centre = (x + 18 + d / 2, y + 12 + d / 2)
    c.circle(t.ink, centre, d / 2 + 3)
    p = c.pt(*centre)
    c.surface.blit(img, (p[0] - px // 2, p[1] - px // 2))
    tx = x + d + 30
    with c.within("who's who card", rect, t.paper):
        r = c.text("WHO'S WHO", tx, y + 12, kick)
        r = c.text(person.name, tx, r[1] + r[3] + 4, name_st, width=tw)
        if about:
            c.text(about, tx, r[1] + r[3] + 4, body, width=tw)


_DISCS: dict[tuple[str, int, int], pygame.Surface] = {}


def portrait_disc(app: App, ident: str, px: int) -> pygame.Surface:
    """A portrait cropped to a circle at ``px`` physical pixels (cached per art generation)."""
    key = (ident, px, app.art.generation)
    img = _DISCS.get(key)
    if img is None:
        img = circle_crop(app.art.portrait(ident, (px, px)))
        _DISCS[key] = img
        if len(_DISCS) > 48:
            _DISCS.pop(next(iter(_DISCS)))
    return img


# --- lines ------------------------------------------------------------------------------------


class LineView(BeatView):
    """Narration or a character's line, revealed by a typewriter."""

    def __init__(self, play: PlayScreen, step: Step) -> None:
        super().__init__(play, step)
        speaker = step.speaker
        self.box = TextBox(self, step.text, plate=speaker.name if speaker else "",
                           portrait=(speaker.portrait or speaker.id) if speaker else "")
        self.shown = 0.0
        # Who's who (issue 12.6): the first time someone speaks, a card says who they are.
        self.who = speaker if speaker is not None and play.session.meet(speaker.id) else None
        self.box.layout(self.app.canvas)
        if self.app.settings.chars_per_second <= 0:
            self.shown = float(self.box.chars)

    def layout(self, c: Canvas) -> None:
        self.box.layout(c)

    @property
    def done(self) -> bool:
        return self.shown >= self.box.chars

    def handle(self, ev: pygame.event.Event, pos: tuple[float, float] | None) -> None:
        if self.proceed_event(ev):
            if not self.done:
                self.shown = float(self.box.chars)
                self.app.invalidate()
            else:
                self.play.advance()

    def update(self, dt: float) -> None:
        super().update(dt)
        if not self.done:
            cps = self.app.settings.chars_per_second
            self.shown = float(self.box.chars) if cps <= 0 else min(float(self.box.chars), self.shown + cps * dt)

    @property
    def animating(self) -> bool:
        return not self.done

    def draw(self, c: Canvas) -> None:
        self.box.draw(c, reveal=None if self.done else int(self.shown))
        if self.who is not None:
            who_card(c, self.app, self.who, x=BOX_X + (270 if self.box.portrait else 0),
                     top=self.play.place_bottom(c) + 12, bottom=self.box.rect[1] - 36)
        if self.done:
            x, y, w, h = self.box.rect
            c.wedge(self.theme.ink, x + w - 96, y + h - 32, 16, 18)

    def targets(self) -> list[tuple[str, Rect, bool]]:
        return [("continue", self.box.rect, True)]

    def right_top(self, c: Canvas) -> float:
        return self.box.rect[1]


# --- choices ----------------------------------------------------------------------------------


class ChoiceView(BeatView):
    """The prompt in the text box and the open options as bars above it."""

    collapse_meters = False

    def __init__(self, play: PlayScreen, step: Step) -> None:
        super().__init__(play, step)
        self.box = TextBox(self, step.prompt or "What do you do?", plate="Decision", kicker=True, min_height=120.0)
        self.ring = FocusRing(on_move=play._moved)
        self.ring.focus = -1  # nothing is singled out until the player points or presses a key
        # A click chooses only an option the pointer has moved onto since the choice appeared:
        # clicks on the spot where the player was clicking through the text never decide.
        self.pointed = False
        self.nudged = False  # Enter was pressed with nothing singled out: the hint says how to choose
        self.scroll = Scroller()
        self.area: Rect | None = None  # the option list's window when it scrolls
        self.layout(self.app.canvas)

    def layout(self, c: Canvas) -> None:
        self.box.layout(c)
        t = self.theme
        st = TextStyle("body", BODY, t.bar_text, leading=1.25)
        bottom = self.box.rect[1] - 24
        # Normally a column beside the meters panel. When long options at a large text size
        # do not fit there, the column widens and the meters fold to their title bar; when
        # even that is not enough, the place tag gives way too. Options are never cut.
        below_tag = max(self.play.place_bottom(c), frame.METERS_TOP + 36 + 8) + 14
        below_bar = frame.METERS_TOP + frame.layout_meters(c, t, [], False).title_h + 18
        for width, top_limit, collapse, place in ((860.0, below_tag, False, True),  # noqa: B007 (read after the loop)
                                                  (1152.0, below_tag, True, True), (1152.0, below_bar, True, False)):
            heights = [max(54.0, c.measure(o.text, st, width - 56 - 30)[1] + 24) for o in self.step.options]
            gap = 10.0 if sum(heights) + 10.0 * (len(heights) - 1) <= bottom - top_limit else 4.0
            total = sum(heights) + gap * (len(heights) - 1)
            if bottom - total >= top_limit:
                break
        self.collapse_meters = collapse
        self.shows_place = place
        self.options_top = max(top_limit, bottom - total)
        # At the largest text sizes even the widest column may not hold every option: the list
        # then scrolls (arrows keep the focused option in view; the wheel scrolls), never cut off.
        self.scroll.view = bottom - top_limit
        self.scroll.content = total
        self.scroll.clamp()
        self.area = (30.0, top_limit, width + 64, bottom - top_limit) if total > bottom - top_limit else None
        x = 64.0
        y = self.options_top - (self.scroll.offset if self.area else 0.0)
        buttons = []
        for n, (o, h) in enumerate(zip(self.step.options, heights), 1):
            buttons.append(Button(o.text, (x, y, width, h), partial(self.play.choose, o.index),
                                  ident=f"option:{n}", number=n if n <= 9 else None))
            y += h + gap
        focus = self.ring.focus
        self.ring.set(buttons, keep=False)
        self.ring.focus = focus

    def _keep_visible(self) -> None:
        """Scroll the option list so the focused option shows whole (only when the list scrolls)."""
        b = self.ring.focused
        if self.area is None or b is None or self.ring.focus < 0:
            return
        top, bottom = self.area[1], self.area[1] + self.area[3]
        if b.rect[1] < top:
            self.scroll.by(b.rect[1] - top)
        elif b.rect[1] + b.rect[3] > bottom:
            self.scroll.by(b.rect[1] + b.rect[3] - bottom)
        else:
            return
        self.layout(self.app.canvas)

    def scrolls_with_wheel(self, pos: tuple[float, float] | None) -> bool:
        return self.area is not None and pos is not None and inside(pos, self.area)

    def handle(self, ev: pygame.event.Event, pos: tuple[float, float] | None) -> None:
        if ev.type == pygame.MOUSEMOTION:
            self.pointed = True
        if self.t < GRACE and decides(ev):
            return  # still the input that went on through the text before
        if ev.type == pygame.KEYDOWN and self.ring.focus < 0 and ev.key in (pygame.K_UP, pygame.K_DOWN):
            self.ring.focus = 0 if ev.key == pygame.K_DOWN else len(self.ring.buttons) - 1
            self._keep_visible()
            self.app.invalidate()
            return
        if ev.type == pygame.KEYDOWN and ev.key in ACTIVATE_KEYS and self.ring.focus < 0:
            # Enter never decides: nothing is chosen until the player has singled an option out
            if not self.nudged:
                self.nudged = True
                self.app.invalidate()
            return
        if ev.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP) and not self.pointed:
            return
        if self.area is not None:
            if ev.type == pygame.MOUSEWHEEL and self.scrolls_with_wheel(pos):
                self.scroll.by(-ev.y * 40)
                self.layout(self.app.canvas)
                self.app.invalidate()
                return
            if pos is not None and not inside(pos, self.area) and ev.type != pygame.KEYDOWN:
                return  # a part of an option scrolled out of view is not there to click
        if self.ring.handle(ev, pos):
            self._keep_visible()
            self.app.invalidate()

    def _more_marks(self, c: Canvas) -> None:
        """Triangles at the list's edge where more options lie beyond it."""
        assert self.area is not None
        x, y, w, h = self.area
        ink = self.theme.focus
        cx = x + w - 14
        if self.scroll.offset > 0:
            c.poly(ink, [(cx - 9, y + 12), (cx + 9, y + 12), (cx, y)])
        if self.scroll.offset < self.scroll.limit:
            c.poly(ink, [(cx - 9, y + h - 12), (cx + 9, y + h - 12), (cx, y + h)])

    def right_top(self, c: Canvas) -> float:
        wide = bool(self.ring.buttons) and self.ring.buttons[0].rect[2] > 900
        return self.options_top if wide else self.box.rect[1]

    def draw(self, c: Canvas) -> None:
        self.box.draw(c)
        st = TextStyle("body", BODY, self.theme.bar_text, leading=1.25)
        if self.area is not None:
            with c.clip(self.area):
                for i, b in enumerate(self.ring.buttons):
                    draw_bar(c, self.theme, b, i == self.ring.focus, style=st)
            self._more_marks(c)
        else:
            for i, b in enumerate(self.ring.buttons):
                draw_bar(c, self.theme, b, i == self.ring.focus, style=st)
        if self.ring.focus < 0:
            n = len(self.ring.buttons)
            keys = "1" if n == 1 else f"1–{min(n, 9)}"
            t = self.theme
            x, y, w, h = self.box.rect
            key_hint(c, t, f"Choose with ↑ ↓ then Enter, a number key {keys}, or the mouse", y=y + h - 28,
                     x=x + w - 80, anchor="right", colour=t.focus if self.nudged else None)

    def targets(self) -> list[tuple[str, Rect, bool]]:
        return [(b.name, b.rect, b.enabled) for b in self.ring.buttons]


# --- documents ----------------------------------------------------------------------------------


class DocumentView(BeatView):
    """A primary source as aged paper on the desk, typed, with a red archival stamp."""

    shows_meters = False
    W = 880.0
    PAD = 60.0
    STAMP_W = 320.0

    def __init__(self, play: PlayScreen, step: Step) -> None:
        super().__init__(play, step)
        assert step.document is not None
        self.doc: M.Document = step.document
        self.scroll = Scroller()
        self.sheet: Rect = (200, 70, self.W, 560)
        self.view_rect: Rect = self.sheet
        self.footer: Rect = self.sheet
        self.layout(self.app.canvas)

    def _styles(self) -> tuple[TextStyle, TextStyle, TextStyle, TextStyle]:
        t = self.theme
        red = t.accent if t.name != "high_contrast" else t.ink
        return (TextStyle("label", 30, t.ink, leading=1.1, scalable=False),
                TextStyle("doc", DOC, t.ink, leading=1.5),
                TextStyle("body", 17, t.muted, leading=1.3, scalable=False),
                TextStyle("label", 21, red, leading=1.1, align="center", scalable=False))

    def layout(self, c: Canvas) -> None:
        title_st, doc_st, src_st, stamp_st = self._styles()
        w, pad = self.W, self.PAD
        inner = w - 2 * pad
        th = c.measure(self.doc.title, title_st, inner)[1]
        bh = c.measure(self.doc.text.strip(), doc_st, inner)[1]
        content = th + 16 + 26 + bh + 8
        src = f"Source: {self.doc.source}" if self.doc.source else ""
        src_h = c.measure(src, src_st, inner - self.STAMP_W - 30)[1] if src else 0
        stamp_h = c.measure(self.doc.attribution.upper(), stamp_st, self.STAMP_W - 40)[1] + 40
        footer_h = max(src_h, stamp_h) + 24
        kicker_h = c.measure("DOCUMENT", TextStyle("label", 19, doc_st.colour, scalable=False))[1]
        top_h = max(62.0, 26 + kicker_h + 12)
        lines, line_h = hint_lines(c, self.theme, "More below: ↓ or the mouse wheel", inner)
        more_h = line_h * len(lines) + 4
        # Below the place tag, above the "Enter or click to continue" line over the quick menu.
        cont_h = c.measure("Enter", TextStyle("label", 19, doc_st.colour, scalable=False))[1]
        top = self.play.place_bottom(c) + 12
        bottom = frame.quick_top(c, self.theme) - 12 - cont_h - 8
        h = min(bottom - top, top_h + content + footer_h + 24 + more_h)
        x = (LOGICAL_W - w) / 2
        y = max(top, (top + bottom - h) / 2)
        self.sheet = (x, y, w, h)
        self.view_rect = (x + pad, y + top_h, inner, h - top_h - footer_h - 24 - more_h)
        self.footer = (x + pad, y + h - footer_h - 16, inner, footer_h)
        self.more_y = self.footer[1] - more_h + line_h / 2
        self.cont_y = frame.quick_top(c, self.theme) - 12 - cont_h / 2
        self.scroll.content = content
        self.scroll.view = self.view_rect[3]
        self.scroll.clamp()

    def handle(self, ev: pygame.event.Event, pos: tuple[float, float] | None) -> None:
        if ev.type == pygame.MOUSEWHEEL or (ev.type == pygame.KEYDOWN and ev.key in (
                pygame.K_UP, pygame.K_DOWN, pygame.K_PAGEUP, pygame.K_HOME, pygame.K_END)):
            if self.scroll.handle(ev, 36):
                self.app.invalidate()
            return
        if ev.type == pygame.KEYDOWN and ev.key == pygame.K_PAGEDOWN and self.scroll.offset < self.scroll.limit:
            self.scroll.handle(ev, 36)
            self.app.invalidate()
            return
        if self.proceed_event(ev):
            self.play.advance()

    def scrolls_with_wheel(self, pos: tuple[float, float] | None) -> bool:
        return self.scroll.limit > 0

    @property
    def animating(self) -> bool:
        return self.motion(0.35) < 1.0

    def draw(self, c: Canvas) -> None:
        t = self.theme
        hc = t.name == "high_contrast"
        c.fill(t.shade, (0, 0, LOGICAL_W, LOGICAL_H))
        k = ease_out(self.motion(0.35))
        dy = (1 - k) * 40
        x, y, w, h = self.sheet
        y += dy
        # the sheet lies a little askew on the desk: its shadow is a rotated plane
        c.poly(t.ink, [(x + 4, y + 16), (x + w + 20, y + 4), (x + w + 14, y + h + 10), (x - 2, y + h + 22)])
        c.fill(t.aged, (x, y, w, h))
        if not hc:
            c.fill((0xE4, 0xD8, 0xBE), (x + 8, y + 8, w - 16, h - 16))
        c.box(t.ink, (x, y, w, h), 1)
        title_st, doc_st, src_st, _ = self._styles()
        vx, vy, vw, vh = self.view_rect
        vy += dy
        kicker = "DOCUMENT" + (f"  ·  {human_date(self.doc.date).upper()}" if self.doc.date else "")
        c.text(kicker, x + self.PAD, y + 26, TextStyle("label", 19, t.accent if not hc else t.ink, scalable=False))
        with c.clip((vx - 4, vy, vw + 8, vh)):
            cy = vy - self.scroll.offset
            r = c.text(self.doc.title, vx, cy, title_st, width=vw)
            cy = r[1] + r[3] + 14
            c.fill(t.ink, (vx, cy, vw, 2))
            cy += 26
            c.text(self.doc.text.strip(), vx, cy, doc_st, width=vw)
        self.scroll.draw(c, t, x + w - 28, vy, vh)
        fx, fy, fw, fh = self.footer
        fy += dy
        if self.scroll.limit > 0 and self.scroll.offset < self.scroll.limit:
            key_hint(c, t, "More below: ↓ or the mouse wheel", y=self.more_y + dy, x=fx + fw, anchor="right",
                     width=fw, grow="down")
        c.fill(t.ink, (fx, fy + 6, fw, 1))
        if self.doc.source:
            c.text(f"Source: {self.doc.source}", fx, fy + 18, src_st, width=fw - self.STAMP_W - 30)
        self._stamp(c, fx + fw - self.STAMP_W / 2, fy + 6 + fh / 2)
        self.hint(c, "Enter or click to continue", x=1240, y=self.cont_y, colour=t.paper if not hc else t.ink)

    def _stamp(self, c: Canvas, cx: float, cy: float) -> None:
        """The attribution as a red archival stamp, slightly askew."""
        _, _, _, st = self._styles()
        key = (self.doc.attribution, c.scale, st.colour)
        img = _STAMPS.get(key)
        if img is None:
            para = c.para(self.doc.attribution.upper(), st, self.STAMP_W - 40)
            pw, ph = para.size
            pad = c.px(14)
            border = max(2, c.px(3))
            surf = pygame.Surface((pw + 2 * pad, ph + 2 * pad), pygame.SRCALPHA)
            pygame.draw.rect(surf, st.colour, surf.get_rect(), border)
            pygame.draw.rect(surf, st.colour, surf.get_rect().inflate(-border * 3, -border * 3), max(1, border // 2))
            surf.blit(para.surface, (pad, pad))
            img = pygame.transform.rotozoom(surf, 4, 1.0)
            _STAMPS[key] = img
            if len(_STAMPS) > 16:
                _STAMPS.pop(next(iter(_STAMPS)))
        px, py = c.pt(cx, cy)
        c.surface.blit(img, (px - img.get_width() // 2, py - img.get_height() // 2))

    def targets(self) -> list[tuple[str, Rect, bool]]:
        return [("continue", self.sheet, True)]


_STAMPS: dict[tuple[object, ...], pygame.Surface] = {}


# --- chapter cards --------------------------------------------------------------------------------


class ChapterView(BeatView):
    """A chapter card: number, title, date and place, with a red wedge driving in."""

    shows_place = False
    shows_meters = False

    def handle(self, ev: pygame.event.Event, pos: tuple[float, float] | None) -> None:
        if self.proceed_event(ev):
            self.play.advance()

    @property
    def animating(self) -> bool:
        return self.motion(0.7) < 1.0

    def draw_background(self, c: Canvas) -> None:
        c.fill(self.theme.ink, (0, 0, LOGICAL_W, LOGICAL_H))

    def draw(self, c: Canvas) -> None:
        t = self.theme
        step = self.step
        story = self.app.session.story
        chapter = step.chapter
        number = story.chapter_index(chapter.id) + 1 if (story and chapter) else 0
        k = ease_out(self.motion(0.7))
        hc = t.name == "high_contrast"
        # the wedge: from the left edge into the page, ending in a point
        tip = -200 + 1000 * k
        if not hc:
            c.poly(t.accent, [(-40, 120), (tip, 380), (-40, 640)])
            c.circle(t.paper, (1040, 240), 120 * k)
            c.poly(t.ink, [(900, 240), (1180, 240), (1180, 250), (900, 250)])
        big = str(number) if number else ""
        if big:
            with c.within("decor numeral", (0, 0, LOGICAL_W, LOGICAL_H)):  # a poster numeral, not text to read
                c.text(big, 1220, 690, TextStyle("label", 300, (0x2A, 0x2A, 0x2A) if not hc else t.ink, leading=1.0,
                                                 scalable=False), anchor="bottomright")
        x = 120 + (1 - k) * 60
        r = c.text(f"CHAPTER {number}" if number else "CHAPTER", x, 200,
                   TextStyle("label", 30, t.paper, scalable=False))
        r = c.text(chapter.title if chapter else "", x, max(240, r[1] + r[3] + 10),
                   TextStyle("label", 86, t.paper, leading=1.0, scalable=False), width=820)
        y = r[1] + r[3] + 24
        c.fill(t.paper, (x, y, 120, 6))
        y += 26
        when = human_date(step.date) or (chapter.dates if chapter else "")
        for line in (when, step.place):
            if line:
                rr = c.text(line, x, y, TextStyle("label", 32, t.aged if not hc else t.paper, scalable=False),
                            width=820)
                y = rr[1] + rr[3] + 4
        self.hint(c, "Enter or click to begin", x=x, y=max(660, y + 30), colour=t.aged if not hc else t.paper,
                  anchor="midleft")

    def targets(self) -> list[tuple[str, Rect, bool]]:
        return [("continue", (0, 0, LOGICAL_W, LOGICAL_H), True)]


# --- votes --------------------------------------------------------------------------------------------


class VoteView(BeatView):
    """The motion, then the tally as bars that grow, then the verdict stamped."""

    shows_meters = False  # the panel needs the width; the vote's effects show on the next beat
    GROW = 1.6

    def __init__(self, play: PlayScreen, step: Step) -> None:
        super().__init__(play, step)
        self.finished = not self.app.motion
        self.panel: Rect = (120, 118, 1040, 542)
        self.columns = False
        self.layout(self.app.canvas)

    def layout(self, c: Canvas) -> None:
        """Below the place tag when the tally fits there, else the tag gives way; rows tighten; last,
        the motion on the left and the tally beside it (a long motion at 200 % in a low window)."""
        for place, gap, columns in ((True, 22.0, False), (False, 22.0, False), (False, 8.0, False),
                                    (False, 22.0, True), (False, 8.0, True)):
            self.shows_place, self.gap, self.columns = place, gap, columns
            top = self.play.place_bottom(c) + 36 if place else 40.0
            self.panel = (120.0, top, 1040.0, frame.quick_top(c, self.theme) - 18 - top)
            if self._height(c) <= self.panel[3]:
                break

    def _note(self) -> str:
        tally = self.step.tally
        assert tally is not None
        return f"{tally.seats} in all. The motion carries with more votes for than against."

    def _areas(self) -> tuple[float, float, float, float]:
        """The motion's left edge and width, and the tally's: one above the other, or side by side."""
        x, _, w, _ = self.panel
        if not self.columns:
            return x + 50, w - 100, x + 50, w - 100
        text_w = (w - 140) / 2
        return x + 50, text_w, x + 50 + text_w + 40, w - 140 - text_w

    def _height(self, c: Canvas) -> float:
        """The panel height the vote needs at this text size (mirrors ``draw``)."""
        t = self.theme
        _, text_w, _, tally_w = self._areas()
        kh = max(42.0, c.measure("VOTE", TextStyle("label", 22, t.paper, leading=1.05, scalable=False))[1] + 12)
        top = max(44.0, kh / 2 + 12)
        h = top
        if self.step.prompt:
            h += c.measure(self.step.prompt, TextStyle("label", 24, t.muted, scalable=False), text_w)[1] + 6
        h += c.measure(self.step.text, TextStyle("label", 40, t.ink, leading=1.05, scalable=False), text_w)[1]
        tally = 3 * (self._bar_h(c) + self.gap)
        tally += 4 + c.measure(self._note(), TextStyle("body", 19, t.muted, scalable=False), tally_w)[1]
        tally += 8 + c.measure("Enter", TextStyle("label", 19, t.muted, scalable=False))[1] + 8
        if self.columns:
            return max(h + 16, top + tally)
        return h + 30 + tally

    def _bar_h(self, c: Canvas) -> float:
        return max(48.0, c.measure("8", TextStyle("label", 36, self.theme.ink, leading=1.0, scalable=False))[1] + 6)

    def handle(self, ev: pygame.event.Event, pos: tuple[float, float] | None) -> None:
        if self.proceed_event(ev):
            if not self.done:
                self.finished = True
                self.app.invalidate()
            else:
                self.play.advance()

    @property
    def done(self) -> bool:
        return self.finished or self.t >= self.GROW + 0.4

    @property
    def animating(self) -> bool:
        return not self.done

    def update(self, dt: float) -> None:
        was = self.done
        super().update(dt)
        if self.done and not was:
            self.app.audio.play("stamp")

    def draw(self, c: Canvas) -> None:
        t = self.theme
        tally = self.step.tally
        assert tally is not None
        hc = t.name == "high_contrast"
        x, y, w, h = self.panel
        c.fill(t.ink, (x + 12, y + 12, w, h))
        c.fill(t.paper, (x, y, w, h))
        c.box(t.ink, (x, y, w, h), 2)
        # kicker plate
        kick = "VOTE" + (f"  ·  {human_date(self.step.date).upper()}" if self.step.date else "")
        st = TextStyle("label", 22, t.paper, leading=1.05, scalable=False)
        kw, kh = c.measure(kick, st)
        kw += 44
        kh = max(42.0, kh + 12)
        c.slanted(t.accent if not hc else t.ink, (x + 40, y - kh / 2, kw, kh), 10)
        with c.within("plate", (x + 40, y - kh / 2, kw + 10, kh), t.accent if not hc else t.ink):
            c.text(kick, x + 62, y, st, anchor="midleft")
        text_x, text_w, tally_x, tally_w = self._areas()
        cy = top = y + max(44.0, kh / 2 + 12)
        if self.step.prompt:
            r = c.text(self.step.prompt, text_x, cy, TextStyle("label", 24, t.muted, scalable=False), width=text_w)
            cy = r[1] + r[3] + 6
        r = c.text(self.step.text, text_x, cy, TextStyle("label", 40, t.ink, leading=1.05, scalable=False),
                   width=text_w)
        cy = top if self.columns else r[1] + r[3] + 30
        k = 1.0 if self.done else ease_out(self.t / self.GROW)
        rows = [("FOR", tally.votes_for, t.ink, "solid"), ("AGAINST", tally.against, t.accent if not hc else t.ink,
                                                            "hatch"),
                ("ABSTAIN", tally.abstain, t.muted, "outline")]
        label_st = TextStyle("label", 28, t.ink, leading=1.0, scalable=False)
        num_st = TextStyle("label", 36, t.ink, leading=1.0, scalable=False)
        bar_x = tally_x + 30 + max(c.measure(label, label_st)[0] for label, *_ in rows)
        num_w = c.measure(str(tally.seats), num_st)[0] + 40
        bar_w = x + w - 40 - num_w - bar_x
        bar_h = self._bar_h(c)
        for label, value, colour, pattern in rows:
            c.text(label, tally_x, cy + bar_h / 2, label_st, anchor="midleft")
            c.fill(t.meter_track, (bar_x, cy, bar_w, bar_h))
            length = bar_w * (value / tally.seats if tally.seats else 0) * k
            if pattern == "solid":
                c.fill(colour, (bar_x, cy, length, bar_h))
            elif pattern == "hatch":
                c.fill(colour, (bar_x, cy, length, bar_h))
                with c.clip((bar_x, cy, length, bar_h)):
                    step_px = 16
                    for i in range(int(bar_w / step_px) + 4):
                        sx = bar_x + i * step_px
                        c.line(t.paper, (sx, cy + bar_h), (sx + 24, cy), 2)
            else:
                c.box(colour, (bar_x, cy, max(length, 2), bar_h), 3)
            shown = round(value * k)
            c.text(str(shown), bar_x + bar_w + 20, cy + bar_h / 2, num_st, anchor="midleft")
            cy += bar_h + self.gap
        foot = TextStyle("label", 19, t.muted, scalable=False)
        fw, fh = c.measure("Enter or click to continue", foot)
        # the note keeps clear of the "Enter or click to continue" line at the panel's foot (in columns
        # the panel was made tall enough for the line beneath the note)
        note_w = tally_w if self.columns or cy + 4 + 60 < y + h - 16 - fh else tally_w - fw - 40
        r = c.text(self._note(), tally_x, cy + 4, TextStyle("body", 19, t.muted, scalable=False), width=note_w)
        if self.done:
            word = "CARRIED" if tally.passed else "DEFEATED"
            # the stamp sits in what room the tally leaves, right of the panel's foot
            _stamp_word(c, word, x + w - 200, min(y + h - 110, max(r[1] + r[3] + 50, y + h - 110 - (fh - 24))),
                        t.accent if not hc else t.ink)
            below = r[1] + r[3] + 8 + fh / 2 if self.columns else cy + 4 + fh / 2
            self.hint(c, "Enter or click to continue", x=x + w - 20, y=max(y + h - 8 - fh / 2, below))

    def targets(self) -> list[tuple[str, Rect, bool]]:
        return [("continue", self.panel, True)]


def _stamp_word(c: Canvas, word: str, cx: float, cy: float, colour: tuple[int, int, int]) -> None:
    key = ("word", word, c.scale, colour)
    img = _STAMPS.get(key)
    if img is None:
        para = c.para(word, TextStyle("label", 54, colour, scalable=False))
        pw, ph = para.size
        pad = c.px(12)
        b = max(2, c.px(5))
        surf = pygame.Surface((pw + 2 * pad, ph + pad), pygame.SRCALPHA)
        pygame.draw.rect(surf, colour, surf.get_rect(), b)
        surf.blit(para.surface, (pad, pad // 2))
        img = pygame.transform.rotozoom(surf, 12, 1.0)
        _STAMPS[key] = img
    px, py = c.pt(cx, cy)
    c.surface.blit(img, (px - img.get_width() // 2, py - img.get_height() // 2))


# --- appointments -----------------------------------------------------------------------------------


class BoardView(BeatView):
    """Posts in columns, candidates as cards; pick one per post, then confirm."""

    shows_meters = False
    wants_tab = True

    def __init__(self, play: PlayScreen, step: Step) -> None:
        super().__init__(play, step)
        board = step.instr
        assert isinstance(board, M.Appointments)
        self.board = board
        self.chosen: dict[str, str] = {}
        self.col = 0
        self.row = 0
        self.on_confirm = False
        # Enter or Space act only after the player has moved the focus (arrows, Tab, pointer) since
        # the board appeared or since the last pick, so Enter alone never fills or confirms a board.
        self.armed = False
        # No card is shown as focused until the player first moves (keys or pointer), so nothing on
        # a fresh board looks picked; clicks act only once the pointer has moved since it appeared.
        self.moved = False
        self.pointed = False
        self.hover: tuple[int, int] | None = None
        self.cards: list[list[Rect]] = []
        self.columns: list[Rect] = []
        self.confirm: Rect = (0, 0, 0, 0)
        self.panel: Rect = (40, 116, 1200, 556)
        self.pressed: object = None
        self.scroll = Scroller()
        self.area: Rect = (0, 0, 0, 0)
        self.foot: Rect = (0, 0, 0, 0)
        self.kicker_h = self.prompt_y = self.hint_y = self.card_h = 0.0
        self.portrait_d = 64.0
        self.layout(self.app.canvas)

    # -- model of the board (presentation state only; the engine checks the result) --
    @property
    def complete(self) -> bool:
        return all(p.id in self.chosen for p in self.board.posts)

    def post_of(self, person: str) -> str | None:
        return next((post for post, who in self.chosen.items() if who == person), None)

    def pick(self, col: int, row: int) -> None:
        post = self.board.posts[col]
        person = post.candidates[row].person
        if self.chosen.get(post.id) == person:
            del self.chosen[post.id]  # a second press takes the appointment back
        else:
            other = self.post_of(person)
            if other is not None:
                del self.chosen[other]  # one person, one post: moving them frees the other
            self.chosen[post.id] = person
            self.app.audio.play("tick")
            if not self.complete and col + 1 < len(self.board.posts) and self.board.posts[col + 1].id not in self.chosen:
                self.col, self.row = col + 1, 0
        self.armed = False
        self.app.invalidate()

    def do_confirm(self) -> None:
        if self.complete:
            self.play.appoint(dict(self.chosen))

    def _sub(self, cand: M.Candidate) -> str:
        story = self.app.session.story
        person = story.characters.get(cand.person) if story else None
        return cand.note or (person.title if person else "")

    HINT = "← → ↑ ↓ or the mouse to point   ·   Enter or a click appoints   ·   Tab to Confirm"

    def _styles(self) -> dict[str, TextStyle]:
        t = self.theme
        return {"kicker": TextStyle("label", 22, t.paper, leading=1.05, scalable=False),
                "prompt": TextStyle("body", BODY, t.ink, leading=1.3),
                "title": TextStyle("label", 22, t.ink, leading=1.1, scalable=False),
                "name": TextStyle("label", 24, t.ink, leading=1.05, scalable=False),
                "sub": TextStyle("body", 17, t.ink, leading=1.15, scalable=False),
                "msg": TextStyle("body", 20, t.muted, leading=1.2, scalable=False),
                "confirm": TextStyle("label", 26, t.bar_text, leading=1.1, scalable=False)}

    def layout(self, c: Canvas) -> None:
        if not self._layout(c, place=True):
            self._layout(c, place=False)

    def _layout(self, c: Canvas, place: bool) -> bool:
        """Lay the board out, with the place tag above it or not; False when it then would not fit."""
        t = self.theme
        st = self._styles()
        self.shows_place = place
        top_y = self.play.place_bottom(c) + 34 if place else 40.0
        bottom_y = frame.quick_top(c, t) - 12
        self.panel = (40.0, top_y, 1200.0, bottom_y - top_y)
        x, y, w, h = self.panel
        self.kicker_h = max(42.0, c.measure("APPOINTMENTS", st["kicker"])[1] + 12)
        self.prompt_y = y + max(36.0, self.kicker_h / 2 + 12)
        ph = c.measure(self.step.prompt, st["prompt"], w - 80)[1]
        top = self.prompt_y + ph + 22
        # The foot: the confirm button with the message beside it, the key hint under both.
        lines, line_h = hint_lines(c, t, self.HINT, w - 80)
        hint_h = line_h * len(lines)
        bw = max(350.0, c.measure("Confirm appointments", st["confirm"])[0] + 60)
        bh = max(54.0, c.measure("Confirm appointments", st["confirm"])[1] + 16)
        msg_w = w - 80 - bw - 24
        msg_h = max(c.measure(m, st["msg"], msg_w)[1] for m in (self._message(0), self._message(2)))
        foot_h = max(bh, msg_h)
        foot_y = y + h - 16 - hint_h - 8 - foot_h
        self.confirm = (x + w - 40 - bw, foot_y + (foot_h - bh) / 2, bw, bh)
        self.foot = (x + 40, foot_y, msg_w, foot_h)
        self.hint_y = foot_y + foot_h + 8 + line_h / 2
        n = len(self.board.posts)
        gap = 18.0
        cw = (w - 60 - gap * (n - 1)) / n
        self.portrait_d = d = min(64.0, max(48.0, c.measure("Ag", st["name"])[1] * 1.6))
        text_w = cw - d - 64
        title_h = max(c.measure(p.title.upper(), st["title"], cw - 20)[1] for p in self.board.posts)
        cy = top + title_h + 14
        placed = max(c.measure(f"Placed as {p.title}", st["sub"], text_w)[1] for p in self.board.posts)
        self.card_h = card_h = max((max(d + 16, 8 + c.measure(self._name(cand), st["name"], text_w)[1] + 4
                                        + max(placed, c.measure(self._sub(cand), st["sub"], text_w)[1]) + 10)
                                    for p in self.board.posts for cand in p.candidates), default=80.0)
        most = max(len(p.candidates) for p in self.board.posts)
        # Every card is as tall as its text needs; when the posts' titles and cards are then taller
        # than the room (large text), that part of the board scrolls with the focus (and the wheel),
        # never cutting a card; the place tag gives way first.
        self.area = (x + 10, top - 12, w - 20, foot_y - 14 - (top - 12))
        content = title_h + 14 + most * (card_h + 8) - 8 + 12
        if content > self.area[3] and place:
            return False
        self.scroll.view = self.area[3]
        self.scroll.content = content
        self.scroll.clamp()
        off = self.scroll.offset
        cy = top + title_h + 14 - off
        self.columns = []
        self.cards = []
        for i, post in enumerate(self.board.posts):
            cx = x + 30 + i * (cw + gap)
            self.columns.append((cx, top - off, cw, title_h))
            self.cards.append([(cx, cy + j * (card_h + 8), cw, card_h) for j in range(len(post.candidates))])
        return True

    @property
    def scrolls(self) -> bool:
        return self.scroll.limit > 0

    def _keep_visible(self) -> None:
        if not self.scrolls or self.on_confirm or not self.cards:
            return
        r = self.cards[self.col][self.row]
        top, bottom = self.area[1] + 6, self.area[1] + self.area[3] - 6
        if r[1] < top:
            self.scroll.by(r[1] - top)
        elif r[1] + r[3] > bottom:
            self.scroll.by(r[1] + r[3] - bottom)
        else:
            return
        self.layout(self.app.canvas)

    def scrolls_with_wheel(self, pos: tuple[float, float] | None) -> bool:
        return self.scrolls and pos is not None and inside(pos, self.area)

    def _name(self, cand: M.Candidate) -> str:
        story = self.app.session.story
        person = story.characters.get(cand.person) if story else None
        return person.name if person else cand.person

    def _message(self, left: int) -> str:
        return "Every post is filled: confirm to make the appointments." if not left else \
            f"{left} post{'s' if left != 1 else ''} still to fill. One person, one post."

    def handle(self, ev: pygame.event.Event, pos: tuple[float, float] | None) -> None:
        if self.t < GRACE and decides(ev):
            return  # still the input that went on through the text before
        if ev.type == pygame.KEYDOWN:
            if self._key(ev.key):
                self._keep_visible()
                self.app.invalidate()
            return
        if ev.type == pygame.MOUSEWHEEL and self.scrolls_with_wheel(pos):
            self.scroll.by(-ev.y * 40)
            self.layout(self.app.canvas)
            self.app.invalidate()
            return
        if pos is not None:
            self._pointer(ev, pos)

    def _key(self, key: int) -> bool:
        """Arrows move between cards, Tab to Confirm, Enter or a number appoints. True when used."""
        if key in ACTIVATE_KEYS and not self.armed:
            return False  # Enter alone never fills or confirms a board
        if key in (pygame.K_TAB, pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN):
            self.armed = True
            if not self.moved:
                self.moved = True
                if key != pygame.K_TAB:
                    return True  # the first arrow shows where the focus is (the first card)
        if pygame.K_1 <= key <= pygame.K_9:
            self.moved = True
        if key == pygame.K_TAB:
            self.on_confirm = not self.on_confirm
        elif self.on_confirm and key in ACTIVATE_KEYS:
            self.do_confirm()
        elif key in (pygame.K_LEFT, pygame.K_RIGHT):
            self._across(1 if key == pygame.K_RIGHT else -1)
        elif key in (pygame.K_UP, pygame.K_DOWN):
            self._down(1 if key == pygame.K_DOWN else -1)
        elif key in ACTIVATE_KEYS:
            self.pick(self.col, self.row)
        elif pygame.K_1 <= key <= pygame.K_9:
            j = key - pygame.K_1
            if j < len(self.board.posts[self.col].candidates):
                self.row = j
                self.pick(self.col, j)
        else:
            return False
        return True

    def _across(self, step: int) -> None:
        posts = self.board.posts
        self.on_confirm = False
        self.col = (self.col + step) % len(posts)
        self.row = min(self.row, len(posts[self.col].candidates) - 1)

    def _down(self, step: int) -> None:
        """Up and down a column; below its last card lies Confirm, and above Confirm its last card."""
        last = len(self.board.posts[self.col].candidates) - 1
        if self.on_confirm:
            self.on_confirm = False
            if step < 0:
                self.row = last
        elif step > 0 and self.row == last:
            self.on_confirm = True
        else:
            self.row = max(0, min(last, self.row + step))

    def _pointer(self, ev: pygame.event.Event, pos: tuple[float, float]) -> None:
        """Hover points at a card or Confirm; a click (press and release on the same one) acts."""
        hit = self._hit(pos)
        if ev.type == pygame.MOUSEMOTION:
            self.pointed = True
            if hit != self.hover:
                self.hover = hit if isinstance(hit, tuple) else None
                self.armed = True
                self.moved = self.moved or hit is not None
                if isinstance(hit, tuple):
                    self.col, self.row = hit
                    self.on_confirm = False
                elif hit == "confirm":
                    self.on_confirm = True
                self.app.invalidate()
        elif not self.pointed:
            return  # a click where the player was clicking through the text before
        elif ev.type == pygame.MOUSEBUTTONDOWN and ev.button == 1:
            self.pressed = hit
        elif ev.type == pygame.MOUSEBUTTONUP and ev.button == 1:
            pressed, self.pressed = self.pressed, None
            if hit is None or hit != pressed:
                return
            if hit == "confirm":
                self.do_confirm()
            else:
                self.col, self.row = hit  # type: ignore[misc]
                self.pick(*hit)  # type: ignore[misc]

    def _hit(self, pos: tuple[float, float]) -> object:
        if inside(pos, self.confirm):
            return "confirm" if self.complete else None
        if not inside(pos, self.area):
            return None  # a card scrolled out of view is not there to click
        for i, col in enumerate(self.cards):
            for j, r in enumerate(col):
                if inside(pos, r):
                    return (i, j)
        return None

    def draw(self, c: Canvas) -> None:
        t = self.theme
        hc = t.name == "high_contrast"
        st = self._styles()
        x, y, w, h = self.panel
        c.fill(t.ink, (x + 12, y + 12, w, h))
        c.fill(t.paper, (x, y, w, h))
        c.box(t.ink, (x, y, w, h), 2)
        kick = "APPOINTMENTS"
        kw = c.measure(kick, st["kicker"])[0] + 44
        plate = (x + 40, y - self.kicker_h / 2, kw, self.kicker_h)
        c.slanted(t.accent if not hc else t.ink, plate, 10)
        with c.within("plate", (plate[0], plate[1], kw + 10, self.kicker_h), t.accent if not hc else t.ink):
            c.text(kick, x + 62, y, st["kicker"], anchor="midleft")
        with c.within("board", self.panel, t.paper):
            c.text(self.step.prompt, x + 40, self.prompt_y, st["prompt"], width=w - 80)
        with c.clip(self.area), c.within("board", self.panel, t.paper):
            for i, post in enumerate(self.board.posts):
                cx, top, cw, _ = self.columns[i]
                active = i == self.col and not self.on_confirm and self.moved
                c.fill(t.accent if active and not hc else t.ink, (cx, top - 8, cw, 4))
                c.text(post.title.upper(), cx, top, st["title"], width=cw - 20)
            for i, post in enumerate(self.board.posts):
                active = i == self.col and not self.on_confirm and self.moved
                for j, cand in enumerate(post.candidates):
                    chosen = self.chosen.get(post.id) == cand.person
                    elsewhere = self.post_of(cand.person)
                    self._card(c, self.cards[i][j], self._name(cand), self._sub(cand), cand.person, chosen,
                               elsewhere if elsewhere != post.id else None, active and j == self.row)
        if self.scrolls:
            ax, ay, aw, ah = self.area
            mark = t.focus
            if self.scroll.offset > 0:
                c.poly(mark, [(ax + aw - 23, ay + 12), (ax + aw - 5, ay + 12), (ax + aw - 14, ay)])
            if self.scroll.offset < self.scroll.limit:
                c.poly(mark, [(ax + aw - 23, ay + ah - 12), (ax + aw - 5, ay + ah - 12), (ax + aw - 14, ay + ah)])
        cb = Button("Confirm appointments", self.confirm, self.do_confirm, enabled=self.complete)
        draw_bar(c, t, cb, self.on_confirm and self.complete, style=st["confirm"], align="center")
        left = len([p for p in self.board.posts if p.id not in self.chosen])
        fx, fy, fw, fh = self.foot
        with c.within("board", self.panel, t.paper):
            c.text(self._message(left), fx, fy + fh / 2, st["msg"], width=fw, anchor="midleft")
            key_hint(c, t, self.HINT, y=self.hint_y, x=x + 40, width=w - 80, grow="down")

    def _card(self, c: Canvas, r: Rect, name: str, sub: str, person: str, chosen: bool, elsewhere: str | None,
              focus: bool) -> None:
        t = self.theme
        st = self._styles()
        x, y, w, h = r
        if chosen:
            c.fill(t.ink, r)
            ink, sub_ink, ground = t.paper, t.aged if t.name != "high_contrast" else t.paper, t.ink
        else:
            c.fill(t.paper, r)
            c.box(t.ink, r, 1.5)
            ink, sub_ink, ground = (t.muted, t.muted, t.paper) if elsewhere else (t.ink, t.muted, t.paper)
        if focus:
            c.box(t.focus, (x - 4, y - 4, w + 8, h + 8), 4)
        d = self.portrait_d
        px = c.px(d)
        img = portrait_disc(self.app, person, px)
        c.circle(t.accent if chosen and t.name != "high_contrast" else t.ink, (x + 10 + d / 2, y + 8 + d / 2),
                 d / 2 + 3)
        p = c.pt(x + 10 + d / 2, y + 8 + d / 2)
        c.surface.blit(img, (p[0] - px // 2, p[1] - px // 2))
        tx = x + d + 24
        with c.within("candidate card", r, ground):
            nr = c.text(name, tx, y + 8, st["name"].with_(colour=ink), width=w - d - 64)
            if elsewhere:
                post = next((p.title for p in self.board.posts if p.id == elsewhere), elsewhere)
                sub = f"Placed as {post}"
            if sub:
                c.text(sub, tx, nr[1] + nr[3] + 4, st["sub"].with_(colour=sub_ink), width=w - d - 64)
        if chosen:
            c.wedge(t.accent if t.name != "high_contrast" else t.paper, x + w - 30, y + h / 2 - 11, 18, 22)

    def targets(self) -> list[tuple[str, Rect, bool]]:
        out: list[tuple[str, Rect, bool]] = []
        for i, post in enumerate(self.board.posts):
            for j, cand in enumerate(post.candidates):
                out.append((f"candidate:{post.id}:{cand.person}", self.cards[i][j], True))
        out.append(("confirm", self.confirm, self.complete))
        return out


# --- endings ---------------------------------------------------------------------------------------------


class EndingView(BeatView):
    """The ending, large, with the way on to the debrief."""

    shows_place = False
    shows_meters = False

    def __init__(self, play: PlayScreen, step: Step) -> None:
        super().__init__(play, step)
        self.ring = FocusRing(on_move=play._moved)
        # One mark per decision taken (same as history / different / nothing to compare),
        # from the debrief module: the ending shows the shape of the path at a glance.
        from .debrief import build

        pt = self.app.session.pt
        data = build(pt) if pt is not None else None
        self.marks: list[bool | None] = [d.matched for d in data.decisions] if data is not None else []
        self.layout(self.app.canvas)

    def _styles(self) -> tuple[TextStyle, TextStyle, TextStyle, TextStyle]:
        """The kicker on its plate, the title, the summary and the verdict beneath it."""
        t = self.theme
        return (TextStyle("label", 24, t.paper, leading=1.05, scalable=False),
                TextStyle("label", 72, t.ink, leading=1.0, scalable=False),
                TextStyle("body", BODY, t.ink, leading=1.4),
                TextStyle("label", 24, t.ink, scalable=False))

    def layout(self, c: Canvas) -> None:
        """Where the title, summary, verdict, path and buttons go at this text size.

        Tried in turn: all in one column with the buttons at its foot; the buttons on the right,
        over the poster; and when even then the summary and verdict would run into the quick
        menu, the verdict too on the right, on a strip of paper above the buttons.
        """
        ending = self.step.ending
        assert ending is not None
        items = [("Your path beside history", self.play.open_debrief, True, "debrief"),
                 ("Back to your last decision", self.play.rollback, self.app.session.can_undo, "rollback"),
                 ("Return to the title", self.app.to_title, True, "title")]
        kst, tst, sst, mst = self._styles()
        self.kicker = "END OF THE CHAPTER" if ending.id.startswith(M.CHAPTER_END) else "THE END"
        self.mark = "" if ending.id.startswith(M.CHAPTER_END) else (
            "This is how it happened." if ending.historical else "History went another way.")
        self.kicker_h = max(42.0, c.measure(self.kicker, kst)[1] + 12)
        self.title_y = 70 + self.kicker_h + 18
        self.summary_y = self.title_y + c.measure(ending.title, tst, 640)[1] + 18
        after = self.summary_y + c.measure(ending.summary, sst, 620)[1] + 16
        self.mark_h = max(32.0, c.measure(self.mark, mst)[1]) if self.mark else 0.0
        left_bottom = after + (self.mark_h + 12 if self.mark else 0.0)
        h = bar_height(c, 50)
        limit = frame.quick_top(c, self.theme) - 10
        top = LOGICAL_H - 20 - 3 * (h + 10)
        #: the verdict's strip of paper on the right, or None when the verdict is in the column
        self.mark_plate: Rect | None = None
        self.mark_y = after
        if left_bottom <= top - 10:  # under the ending's text
            x, y, w = 100.0, top, 520.0
            self.path_below = top - 12
        else:
            x, y, w = 720.0, 250.0, 520.0
            self.path_below = limit
            if left_bottom > limit and self.mark:
                self.mark_plate = (x, y, w, self.mark_h + 16)
                self.mark_y = y + 8
                y += self.mark_h + 16 + 14
                left_bottom = after
        self.path_y = max(left_bottom + 10, 400)
        self.ring.set([Button(label, (x, y + i * (h + 10), w, h), fn, enabled=en, ident=f"ending:{ident}")
                       for i, (label, fn, en, ident) in enumerate(items)])

    def handle(self, ev: pygame.event.Event, pos: tuple[float, float] | None) -> None:
        if self.ring.handle(ev, pos):
            self.app.invalidate()

    @property
    def animating(self) -> bool:
        return self.motion(0.8) < 1.0

    def draw_background(self, c: Canvas) -> None:
        c.fill(self.theme.paper, (0, 0, LOGICAL_W, LOGICAL_H))

    def draw(self, c: Canvas) -> None:
        t = self.theme
        ending = self.step.ending
        assert ending is not None
        hc = t.name == "high_contrast"
        k = ease_out(self.motion(0.8))
        if not hc:
            c.poly(t.ink, [(760, 0), (1280, 0), (1280, 720), (900, 720)])
            c.poly(t.accent, [(1280, 90 + (1 - k) * 300), (680, 430), (1280, 250 + (1 - k) * 300)])
            c.circle(t.aged, (1080, 560), 70 * k)
        kst, tst, sst, mst = self._styles()
        kicker, kh = self.kicker, self.kicker_h
        kw = c.measure(kicker, kst)[0]
        c.slanted(t.accent if not hc else t.ink, (96, 70, kw + 44, kh), 10)
        with c.within("plate", (96, 70, kw + 54, kh), t.accent if not hc else t.ink):
            c.text(kicker, 118, 70 + kh / 2, kst, anchor="midleft")
        c.text(ending.title, 100, self.title_y, tst, width=640)
        c.text(ending.summary, 100, self.summary_y, sst, width=620)
        if self.mark:
            mx, my, mh = 100.0, self.mark_y, self.mark_h
            if self.mark_plate is not None:
                c.fill(t.paper, self.mark_plate)
                c.box(t.ink, self.mark_plate, 2)
                mx = self.mark_plate[0] + 14
            if ending.historical:
                c.fill(t.ink, (mx, my + mh / 2 - 14, 28, 28))
            else:
                c.box(t.ink, (mx, my + mh / 2 - 14, 28, 28), 3)
            if self.mark_plate is not None:
                with c.within("verdict", self.mark_plate, t.paper):
                    c.text(self.mark, mx + 40, my + mh / 2, mst, anchor="midleft")
            else:
                c.text(self.mark, mx + 40, my + mh / 2, mst, anchor="midleft")
        self._path(c, 100, self.path_y, 620, self.path_below)
        for i, b in enumerate(self.ring.buttons):
            draw_bar(c, t, b, i == self.ring.focus and b.enabled)

    def _path(self, c: Canvas, x: float, y: float, w: float, below: float) -> None:
        """Your decisions as a row of marks: filled as in history, hollow where you left it.

        Left out when it would not fit above ``below`` (the buttons): the debrief shows it too.
        """
        marks = self.marks
        t = self.theme
        lab = TextStyle("label", 19, t.muted, scalable=False)
        key = TextStyle("label", 17, t.muted, scalable=False)
        lh = c.measure("Y", lab)[1]
        kh = c.measure("a", key)[1]
        size = min(18.0, (w - 4 * (len(marks) - 1)) / max(1, len(marks)))
        if not marks or y + lh + 8 + size + 12 + kh > below:
            return
        same = sum(1 for m in marks if m)
        comparable = sum(1 for m in marks if m is not None)
        label = f"YOUR {len(marks)} DECISIONS" + (f"  ·  {same} OF {comparable} AS IN HISTORY" if comparable else "")
        c.text(label, x, y, lab)
        red = t.accent if t.name != "high_contrast" else t.ink
        my = y + lh + 8
        for i, m in enumerate(marks):
            mx = x + i * (size + 4)
            if m is None:
                c.circle(t.muted, (mx + size / 2, my + size / 2), size / 2 - 1, 2)
            elif m:
                c.fill(t.ink, (mx, my, size, size))
            else:
                c.box(red, (mx, my, size, size), 3)
        # the key, in shapes as well as colours
        ky, st = my + size + 12 + kh / 2, key
        c.fill(t.ink, (x, ky - 6, 12, 12))
        r = c.text("as in history", x + 18, ky, st, anchor="midleft")
        kx = r[0] + r[2] + 22
        c.box(red, (kx, ky - 6, 12, 12), 2.5)
        r = c.text("your own way", kx + 18, ky, st, anchor="midleft")
        kx = r[0] + r[2] + 22
        c.circle(t.muted, (kx + 6, ky), 5, 2)
        c.text("nothing to compare (votes)", kx + 18, ky, st, anchor="midleft")

    def targets(self) -> list[tuple[str, Rect, bool]]:
        return [(b.name, b.rect, b.enabled) for b in self.ring.buttons]


def view_for(play: PlayScreen, step: Step) -> BeatView:
    kinds = {"line": LineView, "choice": ChoiceView, "document": DocumentView, "chapter": ChapterView,
             "vote": VoteView, "appointments": BoardView, "ending": EndingView}
    return kinds[step.kind](play, step)


__all__ = ["BeatView", "view_for"]
