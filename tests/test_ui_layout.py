"""Layout (issue 12.8): over the screenshot tour no text leaves its box, overlaps other text or
sinks into its background, at 100/125/150/200 % text size, with the dyslexia font and in high
contrast, drawn at 1366×768 and 1920×1080.

The canvas records every text it draws (its inked rectangle, the box it belongs to, its layer
and colours); game.ui.layout redraws each screen the tour photographs at every size and reading
setting and reports what is wrong, located ("select at 1366×768, 200 %: … leaves its button").
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest  # noqa: E402

from game import paths  # noqa: E402
from game.ui.canvas import PAGE, Drawn  # noqa: E402
from game.ui.layout import check_screen, problems  # noqa: E402
from game.ui.shots import SHOTS, run_tour  # noqa: E402


def _drawn(text: str, rect: tuple[float, float, float, float], box: tuple[float, float, float, float] = PAGE,
           layer: int = 0, colour: tuple[int, int, int] = (0, 0, 0),
           background: tuple[int, int, int] | None = None) -> Drawn:
    return Drawn(text, rect, box, "button" if box != PAGE else "page", layer, None, colour, background)


def test_the_check_finds_what_a_player_would_see() -> None:
    # A label poking out of its button, two texts on each other, red on red: each is found.
    assert problems([_drawn("New game", (80, 100, 200, 40), box=(80, 100, 150, 40))]) == [
        "“New game” leaves its button (right by 50px)"]
    assert problems([_drawn("YOUR POSITION", (0, 0, 100, 20)), _drawn("2 changed", (90, 5, 60, 20))]) == [
        "“YOUR POSITION” and “2 changed” overlap (10×15px)"]
    assert problems([_drawn("Option", (0, 0, 50, 20), box=(0, 0, 60, 30), colour=(0xC0, 0x27, 0x2D),
                            background=(0xB0, 0x00, 0x0C))])[0].startswith("“Option” is hard to see on its button")
    # An overlay covers what lies beneath it; texts that only touch within a pixel are fine.
    assert problems([_drawn("a", (0, 0, 50, 20)), _drawn("b", (0, 0, 50, 20), layer=1)]) == []
    assert problems([_drawn("a", (0, 0, 50, 20)), _drawn("b", (0, 19, 50, 20))]) == []


@pytest.fixture(scope="module")
def tour_problems(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}

    def inspect(name: str, app: object) -> None:
        found[name] = check_screen(app, name)  # type: ignore[arg-type]

    result = run_tour(paths.scenes_dir(), tmp_path_factory.mktemp("tour"), (1366, 768), inspect=inspect)
    assert result.missing == [], "the tour reaches every screen"
    return found


def test_every_screen_of_the_tour_was_checked(tour_problems: dict[str, list[str]]) -> None:
    assert sorted(tour_problems) == sorted(SHOTS)


@pytest.mark.parametrize("screen", SHOTS)
def test_no_text_leaves_its_box_or_overlaps(tour_problems: dict[str, list[str]], screen: str) -> None:
    assert tour_problems[screen] == []
