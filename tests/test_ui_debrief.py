"""The window's debrief opens on its first page (issue 12.3): the ending beside history's, the
three key factors and three to five differences, on one screen; the rest one key away."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from classroom_helpers import play  # noqa: E402
from game import paths  # noqa: E402
from game.ui.canvas import Canvas  # noqa: E402
from game.ui.pilot import Pilot  # noqa: E402
from game.ui.screens.debrief import BOTTOM, MIN_DIFFERENCES, SUMMARY, TABS, TOP, DebriefScreen  # noqa: E402
from test_debrief_first_page import campaign, play_against_history  # noqa: E402


@pytest.fixture(scope="module", params=[(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def pilot(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pilot]:
    p = Pilot.launch(paths.scenes_dir(), tmp_path_factory.mktemp("data"), size=request.param)
    yield p
    p.close()


def open_debrief(p: Pilot, pt: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[DebriefScreen, list[tuple[str, Any]]]:
    """Open the debrief on ``pt`` and draw it once, noting every text and where it went."""
    p.app.session.pt = pt
    screen = DebriefScreen(p.app)
    p.app.push(screen)
    drawn: list[tuple[str, Any]] = []
    real = Canvas.text

    def spy(self: Canvas, text: str, *args: Any, **kwargs: Any) -> Any:
        r = real(self, text, *args, **kwargs)
        drawn.append((text, r))
        return r

    monkeypatch.setattr(Canvas, "text", spy)
    screen.draw(p.app.canvas)
    monkeypatch.undo()
    return screen, drawn


def shown(drawn: list[tuple[str, Any]]) -> list[str]:
    """The texts drawn inside the scrolled area, top to bottom (what the player sees without scrolling)."""
    return [t for t, r in drawn if TOP - 6 <= r[1] and r[1] + r[3] <= BOTTOM + 2]


def test_the_whole_road_opens_on_one_screen(pilot: Pilot, monkeypatch: pytest.MonkeyPatch) -> None:
    pt = play_against_history(campaign(), "stalin_full")
    screen, drawn = open_debrief(pilot, pt, monkeypatch)
    try:
        page = screen.data.first_page
        assert screen.tab == SUMMARY and TABS[SUMMARY] == "Summary"
        texts = [t for t, _r in drawn]
        assert page.headline in texts  # under the title, where it is read first
        seen = shown(drawn)
        assert page.player_ending.title in seen and page.historical_ending.title in seen
        assert [f"{i}. {f.title}" for i, f in enumerate(page.key_factors, 1)] == [
            t for t in seen if any(t == f"{i}. {f.title}" for i, f in enumerate(page.key_factors, 1))]
        diffs = [t for t in seen if any(t.startswith(f"{x.n}. ") and x.prompt in t for x in page.differences)]
        assert MIN_DIFFERENCES <= len(diffs) == screen.differences_shown <= 5
        more = page.more_differences + len(page.differences) - screen.differences_shown
        assert f"…and {more} more differences: tab 2, Decisions, has every one." in seen
        # one screen at 100 %: nothing to scroll
        assert screen.scroll.content <= screen.scroll.view
    finally:
        pilot.app.pop()


def test_a_chapter_debrief_shows_that_chapter_and_a_two_point_chart(pilot: Pilot,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    st = campaign()
    screen, drawn = open_debrief(pilot, play(st, "stalin_ch4"), monkeypatch)
    try:
        seen = shown(drawn)
        assert "WHAT HAPPENED IN THIS CHAPTER" in seen
        assert st.historical_ending().title not in [t for t, _r in drawn]  # no 1929 "Sole leader"
        assert "Nowhere: at every decision that can be compared, you did what was done historically." in seen
        pilot.press(pygame.K_4)
        assert TABS[screen.tab] == "Trajectory"
        drawn.clear()
        _screen, drawn = screen, []
        real = Canvas.text

        def spy(self: Canvas, text: str, *args: Any, **kwargs: Any) -> Any:
            r = real(self, text, *args, **kwargs)
            drawn.append((text, r))
            return r

        monkeypatch.setattr(Canvas, "text", spy)
        screen.draw(pilot.app.canvas)
        monkeypatch.undo()
        texts = [t for t, _r in drawn]
        meters = len(screen.data.trajectory.meters)
        assert texts.count("start") == meters and texts.count("4") == meters  # two points per chart
    finally:
        pilot.app.pop()


def test_the_reflect_tab_is_the_sixth(pilot: Pilot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    screen, _drawn = open_debrief(pilot, play(campaign(), "stalin_ch4"), monkeypatch)
    try:
        pilot.press(pygame.K_6)
        assert TABS[screen.tab] == "Reflect" and screen.ring.buttons[0].ident == "answer"
        pilot.press(pygame.K_1)
        assert screen.tab == SUMMARY
    finally:
        pilot.app.pop()
