"""Enter never decides (issue 12.1): going on through text never picks an option.

Real pygame events under the dummy driver, time simulated per frame, as a player
who holds Enter (or taps it, or clicks on one spot) from the title would send them.
Decisions are counted from the playthrough's decision log; what the player sees is
read from the drawn pixels.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from game import paths  # noqa: E402
from game.ui.pilot import Pilot  # noqa: E402

SAMPLE = Path(__file__).resolve().parent / "stories" / "sample"


def _decisions(p: Pilot) -> int:
    """The player's decisions so far, from the playthrough's log (choices and boards; votes are not)."""
    session = p.app.session
    log = session.pt.state.log if session.pt is not None else []
    return sum(1 for e in log if e["kind"] in ("choice", "appointments"))


def _to_choice(p: Pilot) -> None:
    for _ in range(300):
        if p.screen == "play" and p.step.kind == "choice":
            return
        p.press(pygame.K_RETURN, frames=3)
    raise AssertionError("Enter never reached a decision")


def _to_board(p: Pilot) -> None:
    """From the title of the sample: Enter through the text, option 1 by number, on to the board."""
    _to_choice(p)
    p.wait(0.35)
    p.press(pygame.K_1)
    for _ in range(20):
        if p.step.kind == "appointments":
            return
        p.press(pygame.K_RETURN, frames=3)
    raise AssertionError("never reached the board")


def _focus_pixels(p: Pilot, rect: tuple[float, float, float, float], inset: float = 0.0) -> int:
    """How many sampled pixels along ``rect`` (grown by ``inset``) are drawn in the focus colour."""
    p.app.invalidate()
    p.app.draw()
    surf = p.app.surface
    focus = tuple(p.app.theme.focus)
    x, y, w, h = rect
    x, y, w, h = x - inset, y - inset, w + 2 * inset, h + 2 * inset
    hits = 0
    for i in range(40):
        fx = x + w * (i + 0.5) / 40
        for fy in (y + 1, y + h / 2, y + h - 1):
            px, py = p.app.canvas.pt(fx, fy)
            if tuple(surf.get_at((px, py)))[:3] == focus:
                hits += 1
    return hits


@pytest.mark.parametrize("story", [SAMPLE, paths.scenes_dir()], ids=["sample", "campaign"])
def test_300_presses_of_enter_from_the_title_make_no_decision(tmp_path: Path, story: Path) -> None:
    p = Pilot.launch(story, tmp_path, size=(640, 360))
    try:
        for _ in range(300):
            p.press(pygame.K_RETURN, frames=3)  # ~50 ms between presses, like a held key
        assert p.screen == "play", "Enter alone should start a game and read on to the first decision"
        assert p.step.kind == "choice"
        assert _decisions(p) == 0
        assert p.app.top.view.ring.focus < 0, "no option is singled out"
        # the same keys decide once the player has moved the focus: the count above can move
        p.press(pygame.K_DOWN)
        p.press(pygame.K_RETURN)
        assert _decisions(p) == 1
    finally:
        p.close()


def test_space_and_clicks_on_one_spot_make_no_decision(tmp_path: Path) -> None:
    p = Pilot.launch(SAMPLE, tmp_path)
    try:
        p.press(pygame.K_RETURN)  # New game
        p.press(pygame.K_RETURN)  # the first scenario
        for _ in range(40):
            p.press(pygame.K_SPACE, frames=3)
        assert p.step.kind == "choice" and _decisions(p) == 0
        p.press(pygame.K_BACKSPACE)  # nothing to roll back to: still the first decision
        # clicks on the spot where the first option lies, with the pointer at rest there
        x, y, w, h = p.target("option:1")
        spot = p.physical((x + w / 2, y + h / 2))
        for _ in range(40):
            p.post(pygame.MOUSEBUTTONDOWN, pos=spot, button=1)
            p.post(pygame.MOUSEBUTTONUP, pos=spot, button=1)
            p.frames(3)
        assert p.step.kind == "choice" and _decisions(p) == 0
        p.click("option:1")  # the pointer moves onto the option: now a click chooses it
        assert _decisions(p) == 1
    finally:
        p.close()


def test_clicking_through_the_text_never_lands_on_an_option(tmp_path: Path) -> None:
    p = Pilot.launch(SAMPLE, tmp_path)
    try:
        p.press(pygame.K_RETURN)  # New game
        p.press(pygame.K_RETURN)  # the first scenario
        spot = p.physical((640, 440))  # the middle of the screen, where options come up
        for _ in range(60):
            p.post(pygame.MOUSEBUTTONDOWN, pos=spot, button=1)
            p.post(pygame.MOUSEBUTTONUP, pos=spot, button=1)
            p.frames(3)
        assert p.screen == "play" and p.step.kind == "choice"
        assert _decisions(p) == 0
    finally:
        p.close()


def test_a_choice_ignores_input_in_its_first_300_ms(tmp_path: Path) -> None:
    p = Pilot.launch(SAMPLE, tmp_path, size=(640, 360))
    try:
        _to_choice(p)
        p.app.top.view.t = 0.0  # as if the choice had just appeared
        p.press(pygame.K_1)
        p.click("option:2")
        assert _decisions(p) == 0 and p.step.kind == "choice"
        p.wait(0.35)
        p.press(pygame.K_1)
        assert _decisions(p) == 1
    finally:
        p.close()


def test_no_option_looks_focused_until_the_player_moves(tmp_path: Path) -> None:
    p = Pilot.launch(SAMPLE, tmp_path)
    try:
        _to_choice(p)
        p.wait(0.35)
        options = [p.target("option:1"), p.target("option:2")]
        assert [_focus_pixels(p, r) for r in options] == [0, 0]
        p.press(pygame.K_RETURN)  # Enter with nothing singled out: no decision, still nothing focused
        assert _decisions(p) == 0 and [_focus_pixels(p, r) for r in options] == [0, 0]
        p.press(pygame.K_DOWN)
        first, second = (_focus_pixels(p, r) for r in options)
        assert first > 25 and second == 0, "the focused option is drawn as a red bar, the other is not"
        p.press(pygame.K_DOWN)
        first, second = (_focus_pixels(p, r) for r in options)
        assert first == 0 and second > 25
    finally:
        p.close()


def test_a_focused_option_stands_out_on_a_red_background(tmp_path: Path) -> None:
    """The red bar has a paper rim: over the congress hall's red it does not vanish."""
    import shutil

    story = tmp_path / "stories" / "red"
    shutil.copytree(SAMPLE, story)
    os.symlink(paths.assets_dir(), tmp_path / "stories" / "assets")
    scenes = story / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    scenes.write_text(text.replace("    place: Moscow\n", "    place: Moscow\n    background: congress_hall\n", 1),
                      encoding="utf-8")
    p = Pilot.launch(story, tmp_path / "data")
    try:
        _to_choice(p)
        p.wait(0.35)
        p.press(pygame.K_DOWN)
        x, y, w, h = p.target("option:1")
        p.app.invalidate()
        p.app.draw()
        paper = tuple(p.app.theme.paper)
        rim = [tuple(p.app.surface.get_at(p.app.canvas.pt(x + w * i / 20, y + 1)))[:3] for i in range(2, 19)]
        assert rim.count(paper) >= 15, "the focused bar's top edge is a paper line, not red on red"
    finally:
        p.close()


def test_a_board_is_never_filled_or_confirmed_by_enter_alone(tmp_path: Path) -> None:
    p = Pilot.launch(SAMPLE, tmp_path)
    try:
        _to_board(p)
        board = p.app.top.view
        before = _decisions(p)
        for _ in range(60):
            p.press(pygame.K_RETURN, frames=3)
            p.press(pygame.K_SPACE, frames=3)
        assert p.step.kind == "appointments" and board.chosen == {} and _decisions(p) == before
        first = p.target("candidate:north:boss")
        assert _focus_pixels(p, first, inset=2) == 0, "no card looks focused on a fresh board"
        p.press(pygame.K_DOWN)  # the first move shows the focus on the first card
        assert _focus_pixels(p, first, inset=2) > 20 and board.chosen == {}
        p.press(pygame.K_RETURN)
        assert board.chosen == {"north": "boss"}
        for _ in range(10):
            p.press(pygame.K_RETURN)  # no move since the pick: nothing more is filled
        assert board.chosen == {"north": "boss"}
        p.press(pygame.K_UP)
        p.press(pygame.K_RETURN)
        assert board.chosen == {"north": "boss", "south": "rival"}
        for _ in range(10):
            p.press(pygame.K_RETURN)  # a full board is not confirmed by Enter alone either
        assert p.step.kind == "appointments" and _decisions(p) == before
        p.press(pygame.K_TAB)
        p.press(pygame.K_RETURN)
        assert p.step.kind != "appointments" and _decisions(p) == before + 1
    finally:
        p.close()


def test_clicks_on_one_spot_do_not_fill_a_board(tmp_path: Path) -> None:
    p = Pilot.launch(SAMPLE, tmp_path)
    try:
        _to_board(p)
        board = p.app.top.view
        x, y, w, h = p.target("candidate:north:boss")
        spot = p.physical((x + w / 2, y + h / 2))
        p.wait(0.35)
        for _ in range(20):
            p.post(pygame.MOUSEBUTTONDOWN, pos=spot, button=1)
            p.post(pygame.MOUSEBUTTONUP, pos=spot, button=1)
            p.frames(3)
            assert board.chosen == {}, "a click with the pointer at rest picked a card"
        p.click("candidate:north:boss")  # the pointer moves there: the click appoints
        assert board.chosen == {"north": "boss"}
    finally:
        p.close()
