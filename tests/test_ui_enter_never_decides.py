"""Enter never decides (issue 12.1): going on through text by Enter never picks an option.

Real pygame events under the dummy driver, time simulated per frame, as a player
who holds Enter (or taps it 300 times) from the title would send them.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

from game.ui.pilot import Pilot  # noqa: E402

SAMPLE = Path(__file__).resolve().parent / "stories" / "sample"


def _decisions(p: Pilot) -> int:
    session = p.app.session
    return len(session.pt.state.log) if session.pt is not None else 0


def test_300_presses_of_enter_from_the_title_make_no_decision(tmp_path: Path) -> None:
    p = Pilot.launch(SAMPLE, tmp_path, size=(640, 360))
    try:
        for _ in range(300):
            p.press(pygame.K_RETURN, frames=3)  # ~50 ms between presses, like a held key
        assert p.screen == "play", "Enter alone should start a game and read on to the first decision"
        assert p.step.kind == "choice"
        assert _decisions(p) == 0
    finally:
        p.close()


def test_a_choice_ignores_input_in_its_first_300_ms(tmp_path: Path) -> None:
    p = Pilot.launch(SAMPLE, tmp_path, size=(640, 360))
    try:
        for _ in range(300):
            if p.screen == "play" and p.step.kind == "choice":
                break
            p.press(pygame.K_RETURN, frames=3)
        p.app.top.view.t = 0.0  # as if the choice had just appeared
        p.press(pygame.K_1)
        assert _decisions(p) == 0 and p.step.kind == "choice"
        p.wait(0.35)
        p.press(pygame.K_1)
        assert _decisions(p) == 1
    finally:
        p.close()
