"""``after-lenin shots --out DIR``: a fixed tour of every screen, saved as PNGs at two sizes.

The tour plays the story from the title screen through the real window code,
taking the historical option at each decision (so it meets what a class would
meet), and photographs each kind of screen the first time it appears. It runs
headless; art, fonts and layout are exactly what a player sees.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .app import App
    from .pilot import Pilot

SIZES = ((1280, 720), (1920, 1080))
#: Decisions (by number already taken) where the tour leaves the historical path.
DEVIATE_AT = frozenset({3, 8})

#: Every screen the tour must photograph, in order (file names are numbered in this order).
SHOTS = ("title", "select", "chapter", "narration", "portrait", "document", "choice", "vote", "appointments",
         "pause", "history", "glossary", "save", "load", "settings", "high-contrast", "large-text", "ending",
         "debrief", "debrief-decisions", "debrief-trajectory", "debrief-outcome", "reflect", "history-middle",
         "reflect-large")


@dataclass
class TourResult:
    size: tuple[int, int]
    written: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def run_tour(story_dir: Path, out: Path, size: tuple[int, int], log: Callable[[str], None] = lambda s: None,
             inspect: Callable[[str, App], None] | None = None) -> TourResult:
    """Photograph every screen at one window size into ``out``.

    ``inspect(name, app)`` is called at each screen photographed, with the screen still up
    (the layout check redraws it at every size and reading setting there).
    """
    import pygame

    from .pilot import Pilot
    from .screens.debrief import DebriefScreen

    out.mkdir(parents=True, exist_ok=True)
    result = TourResult(size)
    taken: set[str] = set()

    with tempfile.TemporaryDirectory(prefix="after-lenin-shots-") as tmp:
        pilot = Pilot.launch(story_dir, Path(tmp), size=size)
        app = pilot.app
        if not app.session.ready:
            raise SystemExit(f"after-lenin shots: the story in {story_dir} has errors; run `after-lenin check`"
                             f" {story_dir}` first")

        def shot(name: str) -> None:
            if name in taken:
                return
            taken.add(name)
            path = out / f"{SHOTS.index(name) + 1:02d}-{name}.png"
            app.toasts.clear()  # a passing "Saved" message is not part of the screen being shown
            pilot.shot(path)
            result.written.append(path)
            log(f"  {path}")
            if inspect is not None:
                inspect(name, app)

        def settle(seconds: float = 2.5) -> None:
            pilot.wait(seconds, dt=1 / 20)

        shot("title")
        pilot.press(pygame.K_RETURN)  # New game (Continue is disabled in a fresh data folder)
        shot("select")
        pilot.press(pygame.K_RETURN)
        extras_done = False
        for _ in range(5000):
            step = pilot.step
            if step is None or pilot.screen != "play":
                break
            kind = step.kind
            if kind == "chapter":
                settle(1.0)
                shot("chapter")
                pilot.press(pygame.K_RETURN)
            elif kind == "line":
                settle(6.0)
                if step.speaker is None:
                    shot("narration")
                elif "portrait" not in taken:
                    shot("portrait")
                pilot.press(pygame.K_RETURN)
            elif kind == "document":
                settle(1.0)
                shot("document")
                pilot.press(pygame.K_RETURN)
            elif kind == "choice":
                settle(0.5)
                if "choice" not in taken:
                    pilot.press(pygame.K_DOWN)  # show the keyboard focus on the first option
                    shot("choice")
                pt = app.session.pt
                assert pt is not None
                if not extras_done and len(pt.state.log) >= 1:
                    _menus(pilot, shot, settle)
                    extras_done = True
                # Mostly what was done historically, but not always: the debrief then shows
                # both marks and the player's line leaving history's.
                decided = len(pt.state.log)
                historical = next((o for o in step.options if o.historical), step.options[0])
                other = next((o for o in step.options if not o.historical), historical)
                pick = other if decided in DEVIATE_AT else historical
                number = step.options.index(pick) + 1
                if number <= 9:
                    pilot.press(pygame.K_1 + number - 1)
                else:  # only nine number keys: click the option instead
                    pilot.click(f"option:{number}")
            elif kind == "vote":
                settle(2.5)
                shot("vote")
                pilot.press(pygame.K_RETURN)
            elif kind == "appointments":
                settle(0.5)
                board = step.instr
                used: set[str] = set()
                plan = {}
                for post in board.posts:
                    cand = next((c for c in post.candidates if c.historical and c.person not in used),
                                next(c for c in post.candidates if c.person not in used))
                    used.add(cand.person)
                    plan[post.id] = cand.person
                first = board.posts[0]
                pilot.click(f"candidate:{first.id}:{plan[first.id]}")
                pilot.move((640, 700))
                shot("appointments")
                for post in board.posts[1:]:
                    pilot.click(f"candidate:{post.id}:{plan[post.id]}")
                pilot.click("confirm")
            elif kind == "ending":
                settle(1.5)
                shot("ending")
                break
            else:  # pragma: no cover - every kind is handled above
                pilot.press(pygame.K_RETURN)
        if pilot.step is not None and pilot.step.kind == "ending":
            _long_history(pilot, shot)
            pilot.press(pygame.K_RETURN)  # "Your path beside history" has the focus
            if pilot.screen == "debrief":
                settle(0.3)
                shot("debrief")  # it opens on the summary: the first page
                pilot.press(pygame.K_2)
                # scroll (with the arrow key, as a player would) to the first decision that left history
                screen = app.top
                assert isinstance(screen, DebriefScreen)
                first_off = next((i for i, d in enumerate(screen.data.decisions) if d.matched is False), 0)
                target = sum(b.height for b in screen.blocks[:first_off])
                for _ in range(400):
                    if screen.scroll.offset + 48 > min(target, screen.scroll.limit):
                        break
                    pilot.press(pygame.K_DOWN)
                shot("debrief-decisions")
                pilot.press(pygame.K_4)
                shot("debrief-trajectory")
                pilot.press(pygame.K_3)
                shot("debrief-outcome")
                pilot.press(pygame.K_6)
                pilot.press(pygame.K_RETURN)
                if pilot.screen == "reflect":
                    pilot.type("Ada")
                    pilot.press(pygame.K_DOWN)
                    pilot.press(pygame.K_DOWN)
                    pilot.press(pygame.K_RETURN)
                    shot("reflect")
                    _large_reflect(pilot, shot)
        pilot.close()
    result.missing = [name for name in SHOTS if name not in taken]
    return result


def _menus(pilot: Pilot, shot: Callable[[str], None], settle: Callable[..., None]) -> None:
    """Pause, history, glossary, save/load and settings, opened from the middle of a game."""
    import pygame

    pilot.press(pygame.K_F5)  # a quicksave, so the save screen has a filled slot with a thumbnail
    pilot.press(pygame.K_ESCAPE)
    shot("pause")
    pilot.click("History log")
    shot("history")
    pilot.press(pygame.K_ESCAPE)
    pilot.click("Glossary")
    shot("glossary")
    pilot.press(pygame.K_ESCAPE)
    pilot.click("Save")
    pilot.click("slot:slot1")
    pilot.click("slot:slot2")
    if pilot.screen == "dialog":
        pilot.press(pygame.K_ESCAPE)
    shot("save")
    pilot.press(pygame.K_ESCAPE)
    pilot.click("Load")
    pilot.press(pygame.K_PAGEUP)
    shot("load")
    pilot.press(pygame.K_ESCAPE)
    pilot.click("Settings")
    shot("settings")
    # high contrast and 150 % text, seen on the play screen
    app = pilot.app
    app.settings.high_contrast = True
    app.apply_settings(save=False)
    pilot.press(pygame.K_ESCAPE)
    pilot.press(pygame.K_ESCAPE)
    pilot.press(pygame.K_DOWN)
    shot("high-contrast")
    app.settings.high_contrast = False
    app.settings.text_size = 150
    app.apply_settings(save=False)
    pilot.frames(2)
    shot("large-text")
    app.settings.text_size = 100
    app.apply_settings(save=False)
    pilot.frames(2)


def _long_history(pilot: Pilot, shot: Callable[[str], None]) -> None:
    """The history log of the whole playthrough, scrolled (by Page Down, as a player would) to its middle."""
    import pygame

    from .screens.history import HistoryScreen

    pilot.press(pygame.K_h)
    screen = pilot.app.top
    if not isinstance(screen, HistoryScreen):
        return
    scroll = screen.scroll
    pilot.press(pygame.K_HOME)
    for _ in range(2000):
        if scroll.offset >= scroll.limit / 2:
            break
        pilot.press(pygame.K_PAGEDOWN)
    shot("history-middle")
    pilot.press(pygame.K_ESCAPE)


def _large_reflect(pilot: Pilot, shot: Callable[[str], None]) -> None:
    """The reflection form at 150 % text with the dyslexia font, a long alternative being typed."""
    import pygame

    from .screens.reflect import ReflectScreen

    app = pilot.app
    form = app.top
    if not isinstance(form, ReflectScreen):
        return
    app.settings.text_size = 150
    app.settings.dyslexic_font = True
    app.apply_settings(save=False)
    for _ in range(60):
        if form.fields[form.focus].kind == "alt" or form.focus == len(form.fields) - 1:
            break
        pilot.press(pygame.K_TAB)
    pilot.type("Trotsky could have read Lenin's letter aloud to the whole congress and asked for the vote"
               " Lenin wanted.")
    shot("reflect-large")
    app.settings.text_size = 100
    app.settings.dyslexic_font = False
    app.apply_settings(save=False)


def main(story_dir: Path, out: Path, sizes: tuple[tuple[int, int], ...] = SIZES) -> int:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    missing_any = False
    for size in sizes:
        folder = out / f"{size[0]}x{size[1]}"
        print(f"{size[0]}×{size[1]} → {folder}")
        result = run_tour(story_dir, folder, size, log=print)
        if result.missing:
            missing_any = True
            print(f"  not reached in this story: {', '.join(result.missing)}")
    return 1 if missing_any else 0
