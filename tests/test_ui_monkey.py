"""A monkey on the window: 20,000 random keys, clicks, wheels and window events over every screen.

Each segment first walks to one screen (so all of them get their share), then
lets the monkey loose. Nothing may raise, and after every segment the keyboard
alone must still bring the game back to the title (no stuck state). If the
monkey quits the game, it is started again on the same data folder, which also
exercises Continue after a quit.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

from game.ui.pilot import Pilot  # noqa: E402

SAMPLE = Path(__file__).resolve().parent / "stories" / "sample"
EVENTS = 20_000
SIZE = (640, 360)  # small frames keep 20,000 events quick; layout is the same at every size

KEYS = [pygame.K_RETURN, pygame.K_SPACE, pygame.K_ESCAPE, pygame.K_TAB, pygame.K_BACKSPACE, pygame.K_UP,
        pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT, pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_HOME,
        pygame.K_END, pygame.K_DELETE, pygame.K_F5, pygame.K_F9, pygame.K_F11, pygame.K_h, pygame.K_g,
        pygame.K_m, pygame.K_y, pygame.K_n, pygame.K_q, pygame.K_e, pygame.K_r, pygame.K_KP_ENTER,
        *range(pygame.K_1, pygame.K_9 + 1)]


def route_to(p: Pilot, target: str) -> None:
    """Walk (by keyboard) from the title to one screen the monkey should start on."""
    go_title(p)
    if target == "title":
        return
    if target == "settings":
        p.app.top.ring.focus_on("Settings")
        p.press(pygame.K_RETURN)
        return
    if target == "picker":
        p.app.top.ring.focus_on("Open assignment")
        p.press(pygame.K_RETURN)
        return
    if target == "load":
        p.app.top.ring.focus_on("Load")
        p.press(pygame.K_RETURN)
        return
    p.app.top.ring.focus_on("New game")
    p.press(pygame.K_RETURN)
    if target == "select":
        return
    p.press(pygame.K_RETURN)
    if p.screen == "dialog":
        p.press(pygame.K_y)
    if target == "play":
        return
    if target in ("ending", "debrief", "reflect"):
        for _ in range(100):
            if p.step.kind == "ending":
                break
            if p.step.kind == "appointments":
                p.press(pygame.K_RETURN)
                p.press(pygame.K_RETURN)
                p.press(pygame.K_RETURN)
            elif p.step.kind == "choice":
                p.press(pygame.K_1)
            else:
                p.press(pygame.K_RETURN)
        if target != "ending":
            p.press(pygame.K_RETURN)
        if target == "reflect":
            p.press(pygame.K_6)  # the Reflect tab
            p.press(pygame.K_RETURN)
        return
    p.press(pygame.K_ESCAPE)
    names = {"pause": None, "save": "Save", "history": "History log", "glossary": "Glossary",
             "pause-settings": "Settings", "debrief": "Debrief so far"}
    if names.get(target):
        p.app.top.ring.focus_on(names[target])
        p.press(pygame.K_RETURN)


def go_title(p: Pilot) -> bool:
    """Keyboard only: Escape out of anything, quit to the title from the pause menu. True if it got there."""
    for _ in range(40):
        screen = p.screen
        if screen == "title":
            return True
        if screen == "dialog":
            p.press(pygame.K_ESCAPE)  # No to a question, OK to a message
        elif screen == "pause":
            p.app.top.ring.focus_on("Quit to title")
            p.press(pygame.K_RETURN)
            if p.screen == "dialog":
                p.press(pygame.K_y)
        elif screen == "glossary" and p.app.top.search.value:
            p.press(pygame.K_ESCAPE)
        else:
            p.press(pygame.K_ESCAPE)
    return p.screen == "title"


def random_event(rng: random.Random, p: Pilot) -> tuple[int, dict]:
    roll = rng.random()
    if roll < 0.45:
        key = rng.choice(KEYS)
        mod = pygame.KMOD_SHIFT if rng.random() < 0.08 else 0
        return pygame.KEYDOWN, {"key": key, "mod": mod, "unicode": "", "scancode": 0}
    if roll < 0.52:
        return pygame.TEXTINPUT, {"text": rng.choice("abcdefgxyz PRS1")}
    targets = p.targets()
    if targets and rng.random() < 0.7:
        _, (x, y, w, h), _ = rng.choice(targets)
        pos = (x + rng.random() * w, y + rng.random() * h)
    else:
        pos = (rng.uniform(-20, 1300), rng.uniform(-20, 740))
    phys = p.physical(pos)
    if roll < 0.62:
        return pygame.MOUSEMOTION, {"pos": phys, "rel": (0, 0), "buttons": (0, 0, 0)}
    if roll < 0.90:
        return pygame.MOUSEBUTTONUP, {"pos": phys, "button": rng.choice((1, 1, 1, 1, 3))}
    if roll < 0.96:
        return pygame.MOUSEWHEEL, {"x": 0, "y": rng.choice((-1, 1)), "flipped": False}
    return rng.choice([(pygame.WINDOWMINIMIZED, {}), (pygame.WINDOWRESTORED, {}), (pygame.WINDOWFOCUSLOST, {}),
                       (pygame.WINDOWFOCUSGAINED, {}), (pygame.VIDEORESIZE, {"size": SIZE, "w": SIZE[0],
                                                                              "h": SIZE[1]})])


def test_twenty_thousand_random_events_over_every_screen(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The monkey saves thousands of times; durability is tested elsewhere, so skip the disk flushes here.
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    rng = random.Random(20260526)
    picker = tmp_path / "picker"
    picker.mkdir()
    (picker / "task.yaml").write_text("title: Try the wire\nscenario: wire_only\n", encoding="utf-8")
    (picker / "broken.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    data = tmp_path / "data"

    def launch() -> Pilot:
        return Pilot.launch(SAMPLE, data, size=SIZE, picker_root=picker)

    p = launch()
    starts = ["title", "select", "play", "pause", "save", "load", "history", "glossary", "settings",
              "pause-settings", "debrief", "ending", "reflect", "picker"]
    per = EVENTS // len(starts) + 1
    sent = 0
    restarts = 0
    events_on: Counter[str] = Counter()
    try:
        for target in starts:
            route_to(p, target)
            events_on[p.screen] += 0
            budget = min(per, EVENTS - sent)
            while budget > 0:
                batch = min(budget, rng.randint(1, 4))
                for _ in range(batch):
                    kind, attrs = random_event(rng, p)
                    if kind == pygame.MOUSEBUTTONUP:  # a click is a press and a release
                        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, **attrs))
                    pygame.event.post(pygame.event.Event(kind, **attrs))
                    events_on[p.screen] += 1
                sent += batch
                budget -= batch
                p.frames(1, dt=rng.choice((0.0, 1 / 60, 1 / 30, 0.25)))
                if not p.app.running:  # the monkey found Quit: start again, as a player would
                    p.close()
                    p = launch()
                    restarts += 1
            p.post(pygame.WINDOWRESTORED)
            p.frames(1)
            assert go_title(p), f"stuck on the {p.screen} screen after the monkey started from {target}"
    finally:
        p.close()
    print(f"events per screen: {dict(events_on)}; restarts after Quit: {restarts}")
    assert sent >= EVENTS
    every = {"title", "select", "play", "pause", "saveload", "history", "glossary", "settings", "debrief",
             "reflect", "picker", "dialog"}
    assert every <= set(events_on), f"never reached: {sorted(every - set(events_on))}"
