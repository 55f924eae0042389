"""The play screen: the scene's art, the current beat, the meters and the quick menu.

What is shown is exactly what the engine's current Step says. Each kind of step
has a view in :mod:`beats` (a line with its typewriter, a document on the desk,
a choice, a vote, an appointments board, a chapter card, an ending); this screen
owns what is common to all of them and turns input into Session calls.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from ...engine.playthrough import NotNow, Step, StoryRuntimeError
from ..canvas import Canvas, Rect, inside
from ..text import TextStyle
from ..theme import LOGICAL_W
from ..widgets import Button, FocusRing
from . import beats
from .base import Screen
from .formatting import human_date

if TYPE_CHECKING:  # pragma: no cover
    from ..app import App

QUICK_Y = 684
QUICK_H = 30


class PlayScreen(Screen):
    name = "play"
    title = "Play"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.session = app.session
        self.seen_version = -1
        self.view: beats.BeatView | None = None
        self.quick = FocusRing(axis="horizontal", on_move=self._moved)
        self.quick_active = False  # Tab moved the keyboard focus into the quick menu
        self.quick_hover: int | None = None  # the quick-menu button under the pointer
        self.quick_pressed: int | None = None
        self.meters_open = True
        self.delta_serial = -1
        self.delta_age = 99.0  # seconds since the meters last moved
        self.meter_rect: Rect = (LOGICAL_W - 24 - 300, 20.0, 300.0, 44.0)  # its title bar folds and unfolds it
        self._sync()

    # -- keeping up with the engine ----------------------------------------------------

    @property
    def step(self) -> Step | None:
        return self.session.step

    def _sync(self) -> None:
        """Build the view for the engine's current step (after any action, load or reload)."""
        self.seen_version = self.session.version
        step = self.step
        if step is None:
            self.view = None
            return
        self.view = beats.view_for(self, step)
        if self.session.delta_serial != self.delta_serial:
            self.delta_serial = self.session.delta_serial
            self.delta_age = 0.0 if self.session.deltas else 99.0
        self.relayout()
        if step.kind in ("chapter", "document"):
            self.app.audio.play(step.kind)

    def relayout(self) -> None:
        if self.view is not None:
            self.view.layout(self.app.canvas)
        self._layout_quick()
        self.app.invalidate()

    def enter(self) -> None:
        self.app.audio.music("play")
        if self.seen_version != self.session.version:
            self._sync()
        else:
            self.relayout()

    def _layout_quick(self) -> None:
        items = [("Back", self.rollback, self.session.can_undo, "back"),
                 ("History", self.open_history, True, "history"),
                 ("Glossary", self.open_glossary, True, "glossary"),
                 ("Save", self.open_save, self.step is not None and self.step.kind != "ending", "save"),
                 ("Load", self.open_load, True, "load"),
                 ("Menu", self.open_pause, True, "menu")]
        x = 1240.0
        buttons: list[Button] = []
        st = TextStyle("label", 19, (0, 0, 0), scalable=False)
        for label, action, enabled, ident in reversed(items):
            w = self.app.canvas.measure(label.upper(), st)[0] + 24
            x -= w
            buttons.append(Button(label.upper(), (x, QUICK_Y, w, QUICK_H), action, enabled, ident=f"quick:{ident}"))
            x -= 4
        buttons.reverse()
        self.quick.set(buttons)

    # -- actions (each one a Session call) -----------------------------------------------

    def act(self, fn: Callable[..., object], *args: object) -> None:
        """Run an engine action; a story bug becomes a message, never a crash."""
        try:
            fn(*args)
        except NotNow:
            return
        except StoryRuntimeError as exc:
            from .problem import ProblemScreen

            self.app.push(ProblemScreen(self.app, runtime=str(exc)))
            return
        self._sync()

    def advance(self) -> None:
        self.app.audio.play("page")
        self.act(self.session.advance)

    def choose(self, index: int) -> None:
        self.app.audio.play("choose")
        self.act(self.session.choose, index)

    def appoint(self, assignment: dict[str, str]) -> None:
        self.app.audio.play("stamp")
        self.act(self.session.appoint, assignment)

    def rollback(self) -> None:
        if self.session.can_undo and self.session.undo():
            self.app.toast("Back to your previous decision")
            self._sync()
        else:
            self.app.toast("This is as far back as you can go")

    def open_pause(self) -> None:
        from .pause import PauseScreen

        self.app.push(PauseScreen(self.app))

    def open_history(self) -> None:
        from .history import HistoryScreen

        self.app.push(HistoryScreen(self.app))

    def open_glossary(self) -> None:
        from .glossary import GlossaryScreen

        self.app.push(GlossaryScreen(self.app))

    def open_save(self) -> None:
        from .saveload import SaveLoadScreen

        self.app.push(SaveLoadScreen(self.app, mode="save"))

    def open_load(self) -> None:
        from .saveload import SaveLoadScreen

        self.app.push(SaveLoadScreen(self.app, mode="load"))

    def open_debrief(self) -> None:
        from .debrief import DebriefScreen

        self.app.push(DebriefScreen(self.app))

    # -- input -------------------------------------------------------------------------

    def handle(self, ev: pygame.event.Event) -> None:
        if self.seen_version != self.session.version:
            self._sync()
        view = self.view
        pos = self.app.mouse(ev)
        if ev.type == pygame.KEYDOWN:
            key = ev.key
            if key == pygame.K_ESCAPE:
                if self.quick_active:
                    self.quick_active = False
                    return
                self.open_pause()
                return
            if key == pygame.K_TAB and not (view and view.wants_tab):
                if not self.quick_active:
                    self.quick_active = True
                    self.quick.focus = len(self.quick.buttons) - 1 if ev.mod & pygame.KMOD_SHIFT else 0
                    if not self.quick.buttons[self.quick.focus].enabled:
                        self.quick._step(1)
                    return
                last = len(self.quick.buttons) - 1
                forward = not ev.mod & pygame.KMOD_SHIFT
                if (forward and self.quick.focus == last) or (not forward and self.quick.focus == 0):
                    self.quick_active = False
                    return
                self.quick.key(key, ev.mod)
                return
            if self.quick_active:
                if key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE,
                           pygame.K_HOME, pygame.K_END):
                    self.quick.key(key, ev.mod)
                    return
                self.quick_active = False
            if key == pygame.K_BACKSPACE:
                self.rollback()
                return
            if key == pygame.K_h:
                self.open_history()
                return
            if key == pygame.K_g:
                self.open_glossary()
                return
            if key == pygame.K_m and (view is None or not view.wants_letters):
                self.meters_open = not self.meters_open
                return
        if ev.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP) and pos is not None:
            if ev.type == pygame.MOUSEBUTTONUP and ev.button == 3:
                self.open_pause()
                return
            if ev.type == pygame.MOUSEBUTTONUP and ev.button == 1 and inside(pos, self.meter_rect) \
                    and self.view is not None and self.view.shows_meters:
                self.meters_open = not self.meters_open
                return
            # The pointer over the quick menu highlights a button but does not take the keyboard
            # focus: a mouse parked in the corner must not turn Space ("go on") into "open the menu".
            hover = next((i for i, b in enumerate(self.quick.buttons) if b.enabled and inside(pos, b.rect)), None)
            if hover != self.quick_hover:
                self.quick_hover = hover
                self.app.invalidate()
            if hover is not None or (ev.type == pygame.MOUSEBUTTONUP and self.quick_pressed is not None):
                if ev.type == pygame.MOUSEBUTTONDOWN and ev.button == 1:
                    self.quick_pressed = hover
                elif ev.type == pygame.MOUSEBUTTONUP and ev.button == 1:
                    pressed, self.quick_pressed = self.quick_pressed, None
                    if hover is not None and hover == pressed:
                        self.quick.buttons[hover].action()
                return
        if ev.type == pygame.MOUSEWHEEL and ev.y > 0 and not (view and view.scrolls_with_wheel(pos)):
            self.rollback()
            return
        if view is not None:
            view.handle(ev, pos)

    def update(self, dt: float) -> None:
        if self.seen_version != self.session.version:
            self._sync()
        if self.delta_age < 99:
            self.delta_age += dt
        if self.view is not None:
            self.view.update(dt)

    @property
    def animating(self) -> bool:
        return (self.view is not None and self.view.animating) or (self.delta_age < 1.0 and self.app.motion)

    def targets(self) -> list[tuple[str, Rect, bool]]:
        out = self.view.targets() if self.view is not None else []
        out += [(b.name, b.rect, b.enabled) for b in self.quick.buttons]
        story = self.session.story
        if self.view is not None and self.view.shows_meters and story is not None and story.meters():
            out.append(("meters", self.meter_rect, True))
        return out

    # -- look ----------------------------------------------------------------------------

    def draw(self, c: Canvas, thumbnail: bool = False) -> None:
        view = self.view
        step = self.step
        if view is None or step is None:
            c.fill(self.theme.paper)
            return
        if c is not self.app.canvas:
            view.layout(c)  # an off-screen canvas (thumbnails) may measure text differently
        view.draw_background(c)
        if view.shows_place:
            self._place_tag(c, step)
        if view.shows_meters:
            self._meters(c)
        view.draw(c)
        if not thumbnail:
            self._quick_menu(c)
        if c is not self.app.canvas:
            view.layout(self.app.canvas)

    def _place_tag(self, c: Canvas, step: Step) -> None:
        t = self.theme
        scene = step.scene
        chapter = self.session.pt.chapter if self.session.pt else None
        date = human_date(scene.date)
        bits = [b for b in (date, scene.place) if b]
        if chapter is not None:
            number = self.session.story.chapter_index(chapter.id) + 1 if self.session.story else 0
            kicker = f"CHAPTER {number}  ·  {chapter.title.upper()}"
        else:
            kicker = (self.session.story.title.upper() if self.session.story else "")
        st = TextStyle("label", 19, t.paper, scalable=False)
        w = max(c.measure(kicker, st)[0], c.measure("   ·   ".join(bits), st.with_(size=22))[0] if bits else 0)
        c.fill(t.ink, (0, 20, w + 64, 62 if bits else 36))
        c.fill(t.accent if t.name != "high_contrast" else t.paper, (0, 20, 14, 62 if bits else 36))
        c.text(kicker, 34, 28, st.with_(colour=t.aged if t.name != "high_contrast" else t.paper))
        if bits:
            c.text("   ·   ".join(bits), 34, 50, st.with_(size=22))

    def _meters(self, c: Canvas) -> None:
        story = self.session.story
        pt = self.session.pt
        if story is None or pt is None:
            return
        meters = story.meters()
        if not meters:
            return
        t = self.theme
        values = pt.meters()
        deltas = self.session.deltas
        x, y, w = self.meter_rect[:3]
        row = 46
        is_open = self.meters_open and not (self.view is not None and self.view.collapse_meters)
        h = 44 + (len(meters) * row + 10 if is_open else 0)
        c.fill(t.paper, (x, y, w, h))
        c.box(t.ink, (x, y, w, h), 2)
        c.fill(t.ink, (x, y, w, 36))
        c.text("YOUR POSITION", x + 16, y + 18, TextStyle("label", 19, t.paper, scalable=False), anchor="midleft")
        mark = "HIDE (M)" if is_open else "SHOW (M)"
        c.text(mark, x + w - 14, y + 18, TextStyle("label", 19, t.aged if t.name != "high_contrast"
               else t.paper, scalable=False), anchor="midright")
        if not is_open:
            if deltas:
                moved = sum(1 for v in deltas.values() if v)
                c.text(f"{moved} changed", x + w - 100, y + 18, TextStyle("label", 19, t.paper, scalable=False),
                       anchor="midright")
            return
        fresh = min(1.0, self.delta_age / 0.6) if self.app.motion else 1.0
        for i, var in enumerate(meters):
            ry = y + 44 + i * row
            value = values.get(var.name, 0)
            lo = var.minimum if var.minimum is not None else 0
            hi = var.maximum if var.maximum is not None else 10
            frac = 0.0 if hi <= lo else (value - lo) / (hi - lo)
            d = deltas.get(var.name, 0)
            if d and fresh < 1.0:  # a short flash says "this just moved"
                c.fill(t.aged, (x + 4, ry - 2, w - 8, row - 4))
            label = var.label or var.name
            right = x + w - 16
            num = c.text(str(value), right, ry + 10, TextStyle("label", 24, t.ink, scalable=False), anchor="midright")
            if d:
                col = t.accent if d < 0 or t.name == "high_contrast" else t.ink
                sign = "+" if d > 0 else "−"
                dr = c.text(f"{sign}{abs(d)}", num[0] - 8, ry + 10, TextStyle("label", 18, col, scalable=False),
                            anchor="midright")
                tx, ty = dr[0] - 18, ry + 10
                if d > 0:
                    c.poly(col, [(tx, ty + 5), (tx + 6, ty - 6), (tx + 12, ty + 5)])
                else:
                    c.poly(col, [(tx, ty - 5), (tx + 6, ty + 6), (tx + 12, ty - 5)])
                label_w = tx - 8 - (x + 16)
            else:
                label_w = num[0] - 8 - (x + 16)
            c.text(label, x + 16, ry, TextStyle("label", 18, t.ink, scalable=False), width=max(40.0, label_w))
            bx, by, bw, bh = x + 16, ry + 26, w - 32, 10
            c.fill(t.meter_track, (bx, by, bw, bh))
            c.fill(t.meter, (bx, by, bw * frac, bh))
            # a tick at every step makes the value countable, not just a length of colour
            if hi - lo <= 12:
                for k in range(1, hi - lo):
                    c.fill(t.paper, (bx + bw * k / (hi - lo) - 0.75, by, 1.5, bh))

    def _quick_menu(self, c: Canvas) -> None:
        t = self.theme
        buttons = self.quick.buttons
        if not buttons:
            return
        left = buttons[0].rect[0]
        c.fill(t.ink, (left - 10, QUICK_Y - 2, 1240 - left + 14, QUICK_H + 4))
        for i, b in enumerate(buttons):
            focused = (self.quick_active and i == self.quick.focus) or i == self.quick_hover
            if focused and b.enabled:
                c.fill(t.focus, b.rect)
            colour = t.paper if b.enabled else t.disabled
            c.text(b.label, b.rect[0] + b.rect[2] / 2, b.rect[1] + QUICK_H / 2,
                   TextStyle("label", 19, colour, scalable=False), anchor="center")
