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
from ..bindings import Binding, dispatch
from ..canvas import Canvas, Rect, inside
from ..theme import LOGICAL_H, LOGICAL_W
from ..widgets import Button, FocusRing
from . import beats, frame
from .base import Screen
from .formatting import human_date

if TYPE_CHECKING:  # pragma: no cover
    from ..app import App



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
        self.meters_peek = False  # M asked for the panel where the beat leaves it no room (it floats)
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
        self.meters_peek = False
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
        c = self.app.canvas
        st = frame.quick_style(self.theme)
        top, h = frame.quick_top(c, self.theme), frame.quick_height(c, self.theme)
        for label, action, enabled, ident in reversed(items):
            w = c.measure(label.upper(), st)[0] + 24
            x -= w
            buttons.append(Button(label.upper(), (x, top, w, h), action, enabled, ident=f"quick:{ident}"))
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

    def toggle_meters(self) -> None:
        """M: fold or unfold the meters; where the beat leaves no room, float them over it or not."""
        laid = self._meter_panel(self.app.canvas)
        crowded = laid is not None and (laid[2] or (self.meters_open and not laid[1]))
        if crowded and self.view is not None and not self.view.collapse_meters:
            self.meters_peek = not self.meters_peek
        else:
            self.meters_open = not self.meters_open
        self.app.invalidate()

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

    #: The play screen's keys (the quick menu shows the same actions for the mouse).
    BINDINGS = (
        Binding((pygame.K_ESCAPE,), "escape", "menu", "Esc"),
        Binding((pygame.K_BACKSPACE,), "rollback", "back to your last decision", "Backspace"),
        Binding((pygame.K_h,), "open_history", "history", "H"),
        Binding((pygame.K_g,), "open_glossary", "glossary", "G"),
        Binding((pygame.K_m,), "toggle_meters", "meters", "M", when="letters_free"),
    )
    #: Keys that work inside the quick menu once Tab has moved the focus there.
    QUICK_KEYS = (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE,
                  pygame.K_HOME, pygame.K_END)

    @property
    def letters_free(self) -> bool:
        """Letter keys are commands here (not while a view takes typed letters)."""
        return self.view is None or not self.view.wants_letters

    def handle(self, ev: pygame.event.Event) -> None:
        if self.seen_version != self.session.version:
            self._sync()
        view = self.view
        pos = self.app.mouse(ev)
        if ev.type == pygame.KEYDOWN and (self._quick_key(ev) or dispatch(self.BINDINGS, self, ev)):
            return
        if ev.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP) and pos is not None \
                and self._mouse(ev, pos):
            return
        if ev.type == pygame.MOUSEWHEEL and ev.y > 0 and not (view and view.scrolls_with_wheel(pos)):
            self.rollback()
            return
        if view is not None:
            view.handle(ev, pos)

    def escape(self) -> None:
        """Esc: out of the quick menu, else the pause menu."""
        if self.quick_active:
            self.quick_active = False
        else:
            self.open_pause()

    def _quick_key(self, ev: pygame.event.Event) -> bool:
        """Tab into, along and out of the quick menu; its keys while it has the focus."""
        key = ev.key
        if key == pygame.K_TAB and not (self.view and self.view.wants_tab):
            forward = not ev.mod & pygame.KMOD_SHIFT
            if not self.quick_active:
                self.quick_active = True
                self.quick.focus = 0 if forward else len(self.quick.buttons) - 1
                if not self.quick.buttons[self.quick.focus].enabled:
                    self.quick._step(1)
            elif self.quick.focus == (len(self.quick.buttons) - 1 if forward else 0):
                self.quick_active = False
            else:
                self.quick.key(key, ev.mod)
            return True
        if self.quick_active and key != pygame.K_ESCAPE:
            if key in self.QUICK_KEYS:
                self.quick.key(key, ev.mod)
                return True
            self.quick_active = False
        return False

    def _mouse(self, ev: pygame.event.Event, pos: tuple[float, float]) -> bool:
        """Right click, the meters' title bar and the quick menu; True when the event was theirs."""
        if ev.type == pygame.MOUSEBUTTONUP and ev.button == 3:
            self.open_pause()
            return True
        if ev.type == pygame.MOUSEBUTTONUP and ev.button == 1 and inside(pos, self.meter_rect) \
                and self.view is not None and self.view.shows_meters:
            self.toggle_meters()
            return True
        # The pointer over the quick menu highlights a button but does not take the keyboard
        # focus: a mouse parked in the corner must not turn Space ("go on") into "open the menu".
        hover = next((i for i, b in enumerate(self.quick.buttons) if b.enabled and inside(pos, b.rect)), None)
        if hover != self.quick_hover:
            self.quick_hover = hover
            self.app.invalidate()
        if hover is None and not (ev.type == pygame.MOUSEBUTTONUP and self.quick_pressed is not None):
            return False
        if ev.type == pygame.MOUSEBUTTONDOWN and ev.button == 1:
            self.quick_pressed = hover
        elif ev.type == pygame.MOUSEBUTTONUP and ev.button == 1:
            pressed, self.quick_pressed = self.quick_pressed, None
            if hover is not None and hover == pressed:
                self.quick.buttons[hover].action()
        return True

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

    def _place_words(self, step: Step) -> tuple[str, str]:
        scene = step.scene
        chapter = self.session.pt.chapter if self.session.pt else None
        bits = [b for b in (human_date(scene.date), scene.place) if b]
        if chapter is not None:
            number = self.session.story.chapter_index(chapter.id) + 1 if self.session.story else 0
            kicker = f"CHAPTER {number}  ·  {chapter.title.upper()}"
        else:
            kicker = (self.session.story.title.upper() if self.session.story else "")
        return kicker, "   ·   ".join(bits)

    def place_bottom(self, c: Canvas) -> float:
        """Where the place tag ends when it is shown (a view asks while it lays itself out)."""
        step = self.step
        if step is None:
            return 0.0
        r = frame.place_tag_rect(c, self.theme, *self._place_words(step))
        return r[1] + r[3]

    def _place_tag(self, c: Canvas, step: Step) -> None:
        frame.draw_place_tag(c, self.theme, *self._place_words(step))

    def _meter_panel(self, c: Canvas) -> tuple[frame.MeterPanel, bool, bool] | None:
        """The panel laid out for ``c``; whether it is open, and whether it floats over the view
        (open at the player's request although the view leaves it no room)."""
        story = self.session.story
        pt = self.session.pt
        view = self.view
        if story is None or pt is None or view is None:
            return None
        meters = story.meters()
        if not meters:
            return None
        values = pt.meters()
        rows = []
        for var in meters:
            lo = var.minimum if var.minimum is not None else 0
            hi = var.maximum if var.maximum is not None else 10
            value = values.get(var.name, 0)
            rows.append((var.label or var.name, value, self.session.deltas.get(var.name, 0),
                         0.0 if hi <= lo else (value - lo) / (hi - lo), hi - lo))
        wanted = self.meters_open and not view.collapse_meters
        panel = frame.layout_meters(c, self.theme, rows, wanted)
        if wanted and panel.bottom > view.right_top(c) - 8:
            # No room beside this beat at this text size: folded, unless the player asked (M).
            if self.meters_peek:
                return panel, True, True
            panel = frame.layout_meters(c, self.theme, rows, False)
            wanted = False
        return panel, wanted, False

    def _meters(self, c: Canvas) -> None:
        laid = self._meter_panel(c)
        if laid is None:
            return
        panel, is_open, floating = laid
        self.meter_rect = panel.rect if not is_open else panel.rect[:2] + (panel.rect[2], panel.title_h)
        flash = (min(1.0, self.delta_age / 0.6) if self.app.motion else 1.0) < 1.0
        changed = sum(1 for v in self.session.deltas.values() if v)
        if floating:  # over the view, like a menu: the view is veiled beneath it
            c.fill(self.theme.shade, (0, 0, LOGICAL_W, LOGICAL_H))
            c.layer += 100
        frame.draw_meters(c, self.theme, panel, is_open, changed, flash)
        if floating:
            c.layer -= 100

    def _quick_menu(self, c: Canvas) -> None:
        t = self.theme
        buttons = self.quick.buttons
        if not buttons:
            return
        left = buttons[0].rect[0]
        top, h = buttons[0].rect[1], buttons[0].rect[3]
        c.fill(t.ink, (left - 10, top - 2, 1240 - left + 14, h + 4))
        for i, b in enumerate(buttons):
            focused = (self.quick_active and i == self.quick.focus) or i == self.quick_hover
            if focused and b.enabled:
                c.fill(t.focus, b.rect)
            colour = t.paper if b.enabled else t.disabled_on_ink
            with c.within("quick menu button", b.rect, t.focus if focused and b.enabled else t.ink):
                c.text(b.label, b.rect[0] + b.rect[2] / 2, b.rect[1] + h / 2,
                       frame.quick_style(t).with_(colour=colour), anchor="center")
