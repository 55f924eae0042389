"""Drive the window with real pygame events: for tests, the screenshot tour and benchmarks.

Like textual's Pilot, it presses keys and clicks through SDL's own event queue
(under the dummy video driver when headless), then runs the app's normal frame,
so what is tested is what a player's input does. Time is simulated: each frame
is given a fixed ``dt``, which makes typewriters and animations deterministic.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame

from .app import App, Options
from .canvas import inside
from .env import init_display


class Pilot:
    """Presses, clicks and waits on one App."""

    def __init__(self, app: App) -> None:
        self.app = app

    @classmethod
    def launch(cls, story_dir: Path, data_dir: Path, size: tuple[int, int] = (1280, 720), **options: Any) -> Pilot:
        """Open the window (headless under SDL_VIDEODRIVER=dummy) and show the title, story loaded."""
        init_display()
        app = App(Options(story_dir=Path(story_dir), data_dir=Path(data_dir), size=size, audio=False, **options))
        app.start()
        app.frame(0.0)
        app.begin()
        pilot = cls(app)
        pilot.frames(1)
        return pilot

    # -- time --
    def frames(self, n: int = 1, dt: float = 1 / 60) -> None:
        for _ in range(n):
            if not self.app.running:
                return
            self.app.frame(dt)

    def wait(self, seconds: float, dt: float = 1 / 30) -> None:
        self.frames(max(1, int(seconds / dt)), dt)

    # -- input --
    def post(self, ev_type: int, **attrs: Any) -> None:
        pygame.event.post(pygame.event.Event(ev_type, **attrs))

    def press(self, key: int, mod: int = 0, unicode: str = "", frames: int = 1) -> None:
        self.post(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0)
        self.post(pygame.KEYUP, key=key, mod=mod, unicode=unicode, scancode=0)
        self.frames(frames)

    def type(self, text: str) -> None:
        for ch in text:
            self.post(pygame.TEXTINPUT, text=ch)
        self.frames(1)

    def physical(self, pos: tuple[float, float]) -> tuple[int, int]:
        return self.app.canvas.pt(*pos)

    def move(self, pos: tuple[float, float]) -> None:
        self.post(pygame.MOUSEMOTION, pos=self.physical(pos), rel=(0, 0), buttons=(0, 0, 0))
        self.frames(1)

    def click_at(self, pos: tuple[float, float], button: int = 1) -> None:
        p = self.physical(pos)
        self.post(pygame.MOUSEMOTION, pos=p, rel=(0, 0), buttons=(0, 0, 0))
        self.post(pygame.MOUSEBUTTONDOWN, pos=p, button=button)
        self.post(pygame.MOUSEBUTTONUP, pos=p, button=button)
        self.frames(1)

    def wheel(self, y: int, at: tuple[float, float] | None = None) -> None:
        if at is not None:
            self.post(pygame.MOUSEMOTION, pos=self.physical(at), rel=(0, 0), buttons=(0, 0, 0))
        self.post(pygame.MOUSEWHEEL, x=0, y=y, flipped=False)
        self.frames(1)

    # -- what is on screen --
    @property
    def screen(self) -> str:
        return self.app.top.name

    @property
    def step(self) -> Any:
        return self.app.session.step

    def targets(self) -> list[tuple[str, tuple[float, float, float, float], bool]]:
        return self.app.top.targets()

    def target(self, name: str) -> tuple[float, float, float, float]:
        for n, rect, enabled in self.targets():
            if n == name:
                if not enabled:
                    raise AssertionError(f"'{name}' is disabled on the {self.screen} screen")
                return rect
        names = ", ".join(n for n, _, _ in self.targets())
        raise AssertionError(f"no '{name}' on the {self.screen} screen (there are: {names})")

    def has(self, name: str) -> bool:
        return any(n == name and en for n, _, en in self.targets())

    def click(self, name: str, button: int = 1) -> None:
        """Click the middle of a named target (a button, an option, a slot…)."""
        x, y, w, h = self.target(name)
        self.click_at((x + w / 2, y + min(h / 2, 20)), button)

    def hovering(self, pos: tuple[float, float]) -> bool:
        return any(inside(pos, r) for _, r, _ in self.targets())

    def shot(self, path: Path) -> None:
        """Save what is on screen now (drawn afresh) as a PNG."""
        self.app.invalidate()
        self.app.draw()
        pygame.image.save(self.app.surface, str(path))

    def close(self) -> None:
        self.app.close()
