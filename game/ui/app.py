"""The game window: ``after-lenin play`` (and ``make play``) start here.

:func:`main` turns command-line options into an :class:`App`, opens the window
and runs the main loop. The loop is ``async`` and awaits ``asyncio.sleep(0)``
once per frame so the same code can run in a browser (pygbag); on the desktop
``asyncio.run`` drives it. It redraws only when something changed — a paused
game costs next to nothing (Ren'Py's power-save idea) — and it never loses
progress: closing the window, Alt+F4 or a crash all leave the autosave behind.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pygame  # noqa: E402  (env sets pygame's quiet mode first)

from .. import paths  # noqa: E402
from .art import ArtCache  # noqa: E402
from .audio import Audio  # noqa: E402
from .canvas import Canvas  # noqa: E402
from .env import NO_DISPLAY_MESSAGE, NoDisplay, command_here, init_display
from .screens.base import Screen  # noqa: E402
from .session import Session  # noqa: E402
from .settings import load_settings, save_settings  # noqa: E402
from .text import FontBook, TextCache, TextStyle  # noqa: E402
from .theme import LOGICAL_H, LOGICAL_W, Theme, theme_for  # noqa: E402
from .watch import StoryWatcher  # noqa: E402

ACTIVE_FPS = 60
#: Idle: poll input this often and draw nothing (a paused game must not heat a laptop).
IDLE_FPS = 30
WATCH_INTERVAL = 1.0
TOAST_SECONDS = 2.6
THUMB_SIZE = (320, 180)


@dataclass
class Options:
    """What ``after-lenin play`` was asked to do (see ``game.cli``)."""

    story_dir: Path
    data_dir: Path
    scenario: str | None = None
    role: str | None = None
    scene: str | None = None
    sets: list[str] = field(default_factory=list)
    seed: int = 0
    resume: bool = False
    assignment: str | None = None
    watch: bool = False
    windowed: bool = False
    size: tuple[int, int] | None = None  # tests and the screenshot tour fix the window size
    audio: bool = True
    picker_root: Path | None = None  # the assignment picker stays inside this folder (tests)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Options:
        return cls(story_dir=paths.story_dir(getattr(args, "story", None)),
                   data_dir=paths.data_dir(getattr(args, "data_dir", None)),
                   scenario=getattr(args, "scenario", None), role=getattr(args, "role", None),
                   scene=getattr(args, "scene", None), sets=list(getattr(args, "set", None) or []),
                   seed=int(getattr(args, "seed", 0) or 0), resume=bool(getattr(args, "resume", False)),
                   assignment=getattr(args, "assignment", None), watch=bool(getattr(args, "watch", False)),
                   windowed=bool(getattr(args, "windowed", False)))

    @property
    def direct_start(self) -> bool:
        """Play begins without the title screen."""
        return bool(self.scenario or self.role or self.scene)


class StartError(Exception):
    """A command-line request that cannot be honoured; the message says why."""


class App:
    """The window, the screen stack and the main loop."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.settings, settings_notice = load_settings(options.data_dir)
        self.session = Session(options.story_dir, options.data_dir)
        self.session.on_saved = self.write_thumbnail
        self.fonts = FontBook()
        self.texts = TextCache(self.fonts)
        art_dir = paths.assets_for(options.story_dir)
        self.art = ArtCache(art_dir if (art_dir / "backgrounds").is_dir() else paths.assets_dir())
        self.watcher: StoryWatcher | None = None
        if options.watch:  # writers and artists: a saved scene or SVG shows up within a second
            self.watcher = StoryWatcher(options.story_dir, assets=self.art.assets)
        # The sound device is opened after the first frame (begin): it can take a while, and the
        # title should not wait for it. Until then every cue is a silent no-op.
        self.audio = Audio(enabled=False)
        self.theme: Theme = theme_for(False)
        self.stack: list[Screen] = []
        self.running = True
        self.dirty = True
        self.minimised = False
        self.fullscreen = False
        self.toasts: list[list[Any]] = []
        self.mouse_pos: tuple[int, int] = (-1, -1)
        self.frames_drawn = 0
        self.student_name = ""  # typed once in the reflection form, kept for the next report
        self.picker_folder: Path | None = None
        self._watch_clock = 0.0
        self._window_size = options.size or (LOGICAL_W, LOGICAL_H)
        self.surface = self._open_window(fullscreen=self.settings.fullscreen and not options.windowed
                                         and options.size is None)
        self.canvas = Canvas(self.surface, self.texts)
        self.apply_settings(save=False)
        if settings_notice:
            self.toast(settings_notice)

    # -- window ------------------------------------------------------------------------

    def _open_window(self, fullscreen: bool) -> pygame.Surface:
        pygame.display.set_caption("After Lenin")
        if fullscreen:
            surface = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            size = self._window_size
            if self.options.size is None:
                try:
                    desk = pygame.display.get_desktop_sizes()[0]
                    if desk[0] < size[0] + 40 or desk[1] < size[1] + 80:  # a small laptop screen
                        k = min((desk[0] - 40) / LOGICAL_W, (desk[1] - 80) / LOGICAL_H)
                        size = (max(640, int(LOGICAL_W * k)), max(360, int(LOGICAL_H * k)))
                except (pygame.error, IndexError):
                    pass
            surface = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.fullscreen = fullscreen
        return surface

    def toggle_fullscreen(self) -> None:
        if not self.fullscreen:
            self._window_size = self.surface.get_size()
        self.surface = self._open_window(not self.fullscreen)
        self.canvas.resize(self.surface)
        self.settings.fullscreen = self.fullscreen
        self._save_settings()
        self.invalidate()

    def _resized(self) -> None:
        surface = pygame.display.get_surface()
        if surface is not None:
            self.surface = surface
            self.canvas.resize(surface)
        for screen in self.stack:
            relayout = getattr(screen, "relayout", None)
            if relayout:
                relayout()
        self.invalidate()

    # -- settings ------------------------------------------------------------------------

    def apply_settings(self, save: bool = True) -> None:
        s = self.settings
        self.theme = theme_for(s.high_contrast)
        self.fonts.text_scale = s.text_scale
        self.fonts.dyslexic = s.dyslexic_font
        self.audio.set_volumes(s.music_volume, s.effects_volume)
        if save:
            self._save_settings()
        for screen in self.stack:
            relayout = getattr(screen, "relayout", None)
            if relayout:
                relayout()
        self.invalidate()

    def _save_settings(self) -> None:
        try:
            save_settings(self.options.data_dir, self.settings)
        except OSError as exc:
            self.toast(f"Settings could not be saved: {exc.strerror or exc}")

    @property
    def motion(self) -> bool:
        """False under "reduce motion": every animation then jumps to its end."""
        return not self.settings.reduce_motion

    # -- the screen stack -------------------------------------------------------------------

    @property
    def top(self) -> Screen:
        return self.stack[-1]

    def push(self, screen: Screen) -> None:
        if self.stack:
            self.top.leave()
        self.stack.append(screen)
        screen.enter()
        self.invalidate()

    def pop(self) -> None:
        if len(self.stack) <= 1:
            return
        self.stack.pop().leave()
        self.top.enter()
        self.invalidate()

    def replace(self, screen: Screen) -> None:
        """Swap the whole stack for one screen (going to the title, starting play)."""
        while self.stack:
            self.stack.pop().leave()
        self.push(screen)

    def find(self, kind: type) -> Any:
        for screen in reversed(self.stack):
            if isinstance(screen, kind):
                return screen
        return None

    def invalidate(self) -> None:
        self.dirty = True

    def toast(self, text: str) -> None:
        """A short message at the top of the window that fades by itself."""
        if text:
            self.toasts = [t for t in self.toasts if t[0] != text][-2:] + [[text, TOAST_SECONDS]]
            self.invalidate()

    def quit(self) -> None:
        """Leave the game, keeping the progress."""
        self.session.autosave()
        self.running = False

    def mouse(self, ev: pygame.event.Event) -> tuple[float, float] | None:
        """The logical mouse position for a mouse event (the last one for wheel events)."""
        pos = getattr(ev, "pos", None)
        if pos is None:
            if ev.type != pygame.MOUSEWHEEL:
                return None
            pos = self.mouse_pos
        return self.canvas.to_logical(pos)

    # -- starting -----------------------------------------------------------------------------

    def start(self) -> None:
        """Put the first screen up, as the command line asked."""
        from .screens.title import TitleScreen

        self.push(TitleScreen(self))

    def begin(self) -> None:
        """After the first frame: load the story and honour --continue/--scene/--assignment."""
        from .screens.problem import ProblemScreen

        if self.options.audio and not self.audio.ok:
            self.audio = Audio(enabled=True)
            self.audio.set_volumes(self.settings.music_volume, self.settings.effects_volume)
            if self.stack:
                self.stack[-1].enter()  # let the screen start its music now that there is sound
        session = self.session
        if not session.ready and session.problem is None:
            session.load_story()
        if not session.ready:
            self.push(ProblemScreen(self))
            return
        opts = self.options
        try:
            if opts.resume:
                self.continue_game()
            elif opts.direct_start:
                self.new_game(*start_request(session, opts))
            if opts.assignment:
                self.open_assignment(Path(opts.assignment), attach=opts.resume)
        except StartError as exc:
            self.toast(str(exc))

    def new_game(self, scenario: str, scene: str | None = None, overrides: dict[str, Any] | None = None) -> None:
        from .screens.play import PlayScreen

        self.session.new_game(scenario, seed=self.options.seed, scene=scene, overrides=overrides)
        self.replace(PlayScreen(self))

    def continue_game(self, slot: str = "autosave") -> bool:
        from ..engine.saves import SaveError
        from .screens.play import PlayScreen

        try:
            self.session.load_slot(slot)
        except SaveError as exc:
            self.toast(str(exc)[:1].upper() + str(exc)[1:])
            return False
        self.replace(PlayScreen(self))
        if self.session.notice:
            self.toast(self.session.notice)
            self.session.notice = ""
        return True

    def to_title(self) -> None:
        from .screens.title import TitleScreen

        self.session.quit_game()
        self.replace(TitleScreen(self))

    def open_assignment(self, path: Path, attach: bool = False) -> None:
        from .screens.assignment import open_assignment

        open_assignment(self, path, attach=attach)

    # -- saves --------------------------------------------------------------------------

    def write_thumbnail(self, slot: str) -> None:
        """Draw the play screen (without menus) small, for the save/load screen."""
        from .screens.play import PlayScreen

        play = self.find(PlayScreen)
        if play is None or self.session.pt is None:
            return
        try:
            big = pygame.Surface((THUMB_SIZE[0] * 2, THUMB_SIZE[1] * 2))
            canvas = Canvas(big, self.texts)
            play.draw(canvas, thumbnail=True)
            small = pygame.transform.smoothscale(big, THUMB_SIZE)
            path = self.session.thumb_path(slot)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.tmp.png")
            pygame.image.save(small, str(tmp))
            tmp.replace(path)
        except (OSError, pygame.error):
            pass  # a missing thumbnail is drawn as a placeholder; never worth an error

    def quicksave(self) -> None:
        from ..engine.saves import SaveError

        if self.session.pt is None:
            return
        try:
            self.session.quicksave()
        except (OSError, SaveError) as exc:
            self.toast(f"Quicksave failed: {exc}")
            return
        self.toast("Quicksaved (F9 loads it)")

    def quickload(self) -> None:
        from ..engine.saves import QUICKSAVE

        if not self.session.ready:
            return
        if not any(s.slot == QUICKSAVE and not s.damaged for s in self.session.slots()):
            self.toast("There is no quicksave yet (F5 makes one)")
            return
        if self.continue_game(QUICKSAVE):
            self.toast("Quickload")

    def reload_story(self) -> None:
        """Reload the story from disk (Shift+R, F5 under --watch, or a watched change)."""
        from .screens.play import PlayScreen
        from .screens.problem import ProblemScreen

        playing = self.session.pt is not None
        ok = self.session.reload()
        self.art.clear()
        overlay = self.find(ProblemScreen)
        if not ok:
            if overlay is None:
                self.push(ProblemScreen(self))
            else:
                overlay.refresh()
            self.invalidate()
            return
        if overlay is not None:
            self.stack.remove(overlay)
            self.top.enter()
        if playing and self.find(PlayScreen) is None:
            self.replace(PlayScreen(self))
        self.toast(self.session.notice or "Story reloaded")
        self.session.notice = ""
        self.invalidate()

    # -- the loop ---------------------------------------------------------------------------

    def handle(self, ev: pygame.event.Event) -> None:
        t = ev.type
        if t == pygame.QUIT:
            self.quit()
            return
        if t in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED, pygame.WINDOWRESIZED):
            self._resized()
            return
        if t == pygame.WINDOWMINIMIZED:
            self.minimised = True
            return
        if t in (pygame.WINDOWRESTORED, pygame.WINDOWMAXIMIZED, pygame.WINDOWSHOWN, pygame.WINDOWEXPOSED):
            self.minimised = False
            self.invalidate()
            return
        if t == pygame.MOUSEMOTION:
            self.mouse_pos = ev.pos
        if t == pygame.KEYDOWN and self._global_key(ev):
            self.invalidate()
            return
        if t in (pygame.KEYDOWN, pygame.KEYUP, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEWHEEL,
                 pygame.TEXTINPUT):
            self.invalidate()
        elif t != pygame.MOUSEMOTION:
            return
        if self.stack:
            self.top.handle(ev)

    def _global_key(self, ev: pygame.event.Event) -> bool:
        key, mod = ev.key, ev.mod
        if key == pygame.K_F11 or (key == pygame.K_RETURN and mod & pygame.KMOD_ALT):
            if self.options.size is None:
                self.toggle_fullscreen()
            else:
                self.fullscreen = not self.fullscreen  # fixed-size runs (tests) only note the wish
                self.settings.fullscreen = self.fullscreen
            return True
        if key == pygame.K_r and mod & pygame.KMOD_SHIFT and not getattr(self.top, "typing", False):
            self.reload_story()
            return True
        if key == pygame.K_F5:
            if self.options.watch:
                self.reload_story()
            else:
                self.quicksave()
            return True
        if key == pygame.K_F9:
            self.quickload()
            return True
        return False

    def update(self, dt: float) -> None:
        if self.toasts:
            for t in self.toasts:
                t[1] -= dt
            alive = [t for t in self.toasts if t[1] > 0]
            if len(alive) != len(self.toasts):
                self.invalidate()
            self.toasts = alive
        if self.watcher is not None:
            self._watch_clock += dt
            if self._watch_clock >= WATCH_INTERVAL:
                self._watch_clock = 0.0
                if self.watcher.changed():
                    self.reload_story()
        if self.stack:
            self.top.update(0.0 if self.minimised else dt)

    @property
    def animating(self) -> bool:
        return bool(self.toasts) or (bool(self.stack) and self.top.animating)

    def draw(self) -> None:
        c = self.canvas
        c.surface.fill(self.theme.letterbox)
        first = 0
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].opaque:
                first = i
                break
        with c.clip((0, 0, LOGICAL_W, LOGICAL_H)):
            for layer, screen in enumerate(self.stack[first:]):
                c.layer = layer
                screen.draw(c)
            c.layer = len(self.stack)
            self._draw_toasts(c)
        self.frames_drawn += 1

    def _toast_lane(self, c: Canvas) -> tuple[float, float, float]:
        """Where toasts go: (top, left, right). On the play screen, between the place tag and the
        meters panel when that leaves room, else just under the tag: never over the location line."""
        from .screens.play import PlayScreen

        top = self.stack[-1] if self.stack else None
        if not isinstance(top, PlayScreen) or top.view is None or top.step is None:
            return 18.0, LOGICAL_W / 2 - 450, LOGICAL_W / 2 + 450
        from .screens import frame

        view = top.view
        left, right, below = 24.0, LOGICAL_W - 24.0, 0.0
        if view.shows_place:
            r = frame.place_tag_rect(c, self.theme, *top._place_words(top.step))
            left, below = r[0] + r[2] + 16, r[1] + r[3]
        if view.shows_meters:
            right = top.meter_rect[0] - 16
            below = max(below, top.meter_rect[1] + top.meter_rect[3] if not top.meters_open else below)
        if right - left - 32 >= 360:
            return 18.0, left, right
        return max(below, 64.0) + 8, LOGICAL_W / 2 - 450, LOGICAL_W / 2 + 450

    def _draw_toasts(self, c: Canvas) -> None:
        if not self.toasts:
            return
        y, left, right = self._toast_lane(c)
        room = right - left - 44
        mid = (left + right) / 2
        for text, _left in self.toasts:
            st = TextStyle("label", 21, self.theme.paper, scalable=False)
            w, h = c.measure(text, st, room)
            c.fill(self.theme.ink, (mid - w / 2 - 22, y, w + 44, h + 16))
            c.fill(self.theme.focus, (mid - w / 2 - 22, y, 8, h + 16))
            c.text(text, mid + 4, y + 8, st.with_(align="center"), width=room, anchor="midtop")
            y += h + 24

    def frame(self, dt: float) -> bool:
        """One turn of the loop: events, update, and a draw if anything changed. True if drawn."""
        for ev in pygame.event.get():
            self.handle(ev)
            if not self.running:
                return False
        self.update(dt)
        if self.minimised or not (self.dirty or self.animating):
            return False
        self.dirty = False
        self.draw()
        pygame.display.flip()
        return True

    def first_frame(self) -> None:
        """Put the title on screen: before the story, the engine or asyncio are even loaded."""
        self.start()
        self.frame(0.0)

    async def run(self) -> None:
        """Show the title at once, then read the story, then loop until the player leaves."""
        if self.frames_drawn == 0:
            self.first_frame()
        self.begin()
        await self.loop()

    async def loop(self) -> None:
        """The main loop: active frames at 60 fps; idle, input is polled 30 times a second and nothing drawn."""
        clock = pygame.time.Clock()
        last = time.perf_counter()
        import asyncio

        while self.running:
            await asyncio.sleep(0)
            busy = self.dirty or self.animating
            clock.tick(ACTIVE_FPS if busy else IDLE_FPS)
            now = time.perf_counter()
            dt = min(0.1, now - last)  # after a stall, move on rather than jump
            last = now
            self.frame(dt)

    def close(self) -> None:
        self.audio.close()


def start_request(session: Session, opts: Options,
                  report: bool = False) -> tuple[str, str | None, dict[str, Any] | None]:
    """Resolve --scenario/--role/--scene/--set against the story (game/engine/start.py, as every front end).

    With ``report``, a ``--scene`` start tells the writer (on standard error) the values used
    and the options they hide; the first resolution at start-up does, the window's own does not.
    """
    from ..engine import start as engine_start

    story = session.story
    assert story is not None
    try:
        start = engine_start.resolve(story, opts.scenario, opts.role, opts.scene, opts.sets, seed=opts.seed)
    except engine_start.StartError as exc:
        raise StartError(str(exc)) from None
    if report and start.jump is not None:
        for line in start.jump.describe(start.begin(story)):
            sys.stderr.write(f"after-lenin: {line}\n")
    return start.scenario, start.scene, dict(start.overrides)


def _crash_log(data_dir: Path) -> Path | None:
    import traceback

    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        path = data_dir / "crash.log"
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
            traceback.print_exc(file=fh)
        return path
    except OSError:
        return None


def main(args: argparse.Namespace, run: Callable[[Any], Any] | None = None) -> int:
    """``after-lenin play`` with the window. Returns the process exit code."""
    opts = Options.from_args(args)
    # Requests that need the story are checked before a window opens, so a typo
    # gets one line in the terminal rather than a window that closes at once.
    preload: Session | None = None
    if opts.direct_start or opts.resume:
        preload = Session(opts.story_dir, opts.data_dir)
        if not preload.load_story():
            from ..story import assets_beside, open_story, write_diagnostics

            # every problem with file:line:col, as `after-lenin check` prints them
            opened = open_story(opts.story_dir, assets=assets_beside(opts.story_dir))
            sys.stderr.write(f"The story in {opts.story_dir} has errors; fix them first:\n")
            write_diagnostics(opened, opts.story_dir, sys.stderr)
            if not opts.watch:
                return 1
        elif opts.direct_start:
            try:
                start_request(preload, opts, report=True)
            except StartError as exc:
                sys.stderr.write(f"after-lenin: {exc}\n")
                return 2
    try:
        init_display()
    except NoDisplay as exc:
        sys.stderr.write(NO_DISPLAY_MESSAGE.format(why=exc, command=command_here()) + "\n")
        return 1
    app: App | None = None
    try:
        app = App(opts)
        if preload is not None:
            app.session.story, app.session.problem = preload.story, preload.problem
        app.first_frame()  # the window shows the title before anything slow happens
        if run is None:
            import asyncio

            run = asyncio.run
        run(app.run())
    except KeyboardInterrupt:
        if app is not None:
            app.session.autosave()
        return 130
    except Exception:  # the last line of defence: keep the progress, explain, log the details
        if app is not None:
            try:
                app.session.autosave()
            except Exception:  # noqa: BLE001 - the save itself may be what failed
                pass
        log = _crash_log(opts.data_dir)
        where = f" Details are in {log}." if log else ""
        sys.stderr.write("after-lenin: the game window stopped because of an internal error; your progress"
                         f" up to the last decision is in the autosave (start again and choose Continue).{where}\n")
        return 70
    finally:
        if app is not None:
            app.close()
        pygame.quit()
    return 0
