"""Never lose a game in progress (issue 12.2): a new game keeps the old one, the last three rotate.

The file store, the terminal (asked only at a terminal) and the window (a dialog, then Load
lists "Previous 1") all keep the autosave as ``previous-1`` before a new game replaces it.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pygame
import pytest

from game import cli
from game.engine.playthrough import Playthrough
from game.engine.saves import AUTOSAVE, PREVIOUS, SaveStore
from game.story import model as M
from game.text.saves import choose_resume, confirm_new_game
from game.ui.pilot import Pilot


def _game(story: M.Story, decisions: int) -> Playthrough:
    """The sample's 'whole' scenario, some way in (0: at the start; 1: at the board)."""
    pt = Playthrough.start(story, "whole")
    for _ in range(4):
        pt.advance()
    if decisions:
        pt.choose(0)
    return pt


def _saved_state(store: SaveStore, slot: str) -> dict[str, object]:
    data = json.loads(store.path(slot).read_text(encoding="utf-8"))
    return data["state"]


def test_four_new_games_keep_the_last_three_in_order(data_dir: Path, sample_story: M.Story) -> None:
    store = SaveStore(data_dir)
    assert store.keep_previous() is None  # nothing to keep: nothing moves
    seeds = []
    for seed in range(4):
        pt = Playthrough.start(sample_story, "whole", seed=seed)
        store.autosave(pt)
        seeds.append(seed)
        if seed < 3:
            assert store.keep_previous() == "previous-1"
    # The last game is still the autosave; the three before it are kept newest first; none was lost
    # except the oldest beyond three (there is none yet: 4 games = autosave + 3 kept).
    assert _saved_state(store, AUTOSAVE)["seed"] == 3
    assert [_saved_state(store, slot)["seed"] for slot in PREVIOUS] == [2, 1, 0]
    store.keep_previous()
    assert not store.path(AUTOSAVE).exists()
    assert [_saved_state(store, slot)["seed"] for slot in PREVIOUS] == [3, 2, 1]


def test_load_lists_kept_games_with_chapter_number_and_time(data_dir: Path, sample_story: M.Story) -> None:
    store = SaveStore(data_dir)
    store.autosave(_game(sample_story, 1))
    store.keep_previous()
    info = {s.slot: s for s in store.list()}["previous-1"]
    assert (info.chapter_number, info.chapter, info.finished) == (1, "The Office", False)
    assert info.saved_at[:4].isdigit()


def _play(argv: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch, tty: bool = False) -> tuple[int, str]:
    out = io.StringIO()
    inp = io.StringIO(stdin)
    monkeypatch.setattr(inp, "isatty", lambda: tty)
    monkeypatch.setattr(sys, "stdin", inp)
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    monkeypatch.setattr(cli.core, "_text_debrief", lambda pt, out: None)
    return cli.main(argv), out.getvalue()


def test_terminal_new_game_keeps_the_game_in_progress(sample_dir: Path, data_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    base = ["play", "--text", "--story", str(sample_dir), "--data-dir", str(data_dir)]
    assert _play(base, "1\n", monkeypatch)[0] == 3  # input ends at the board: a game in progress
    first = json.loads((data_dir / "saves" / "autosave.json").read_text(encoding="utf-8"))["state"]["log"]
    assert first, "the first game made a decision"
    code, _out = _play(base, "", monkeypatch)  # piped input: never asked, the old game still kept
    kept = json.loads((data_dir / "saves" / "previous-1.json").read_text(encoding="utf-8"))["state"]["log"]
    assert kept == first


def test_terminal_asks_at_a_terminal_and_enter_keeps_the_old_game(sample_dir: Path, data_dir: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    base = ["play", "--text", "--story", str(sample_dir), "--data-dir", str(data_dir)]
    _play(base, "1\n", monkeypatch)
    before = (data_dir / "saves" / "autosave.json").read_text(encoding="utf-8")
    code, out = _play(base, "\nn\n", monkeypatch, tty=True)
    assert code == 0
    assert "You have a game in progress: chapter 1: The Office" in out
    assert "Nothing changed." in out
    assert (data_dir / "saves" / "autosave.json").read_text(encoding="utf-8") == before
    assert not (data_dir / "saves" / "previous-1.json").exists()


def test_confirm_and_resume_choice_read_the_answer(data_dir: Path, sample_story: M.Story) -> None:
    store = SaveStore(data_dir)
    assert confirm_new_game(store, io.StringIO(""), io.StringIO())  # no game in progress: no question
    store.autosave(_game(sample_story, 1))
    assert confirm_new_game(store, io.StringIO("maybe\ny\n"), io.StringIO())
    store.keep_previous()
    store.autosave(_game(sample_story, 0))
    out = io.StringIO()
    assert choose_resume(store, io.StringIO("2\n"), out, interactive=True) == "previous-1"
    assert "1. chapter 1: The Office" in out.getvalue() and "kept (previous-1)" in out.getvalue()
    assert choose_resume(store, io.StringIO("\n"), io.StringIO(), interactive=True) == AUTOSAVE
    assert choose_resume(store, io.StringIO("2\n"), io.StringIO(), interactive=False) == AUTOSAVE


def test_window_asks_before_a_new_game_and_load_lists_the_old_one(sample_dir: Path, data_dir: Path,
                                                                  sample_story: M.Story) -> None:
    SaveStore(data_dir).autosave(_game(sample_story, 1))
    p = Pilot.launch(sample_dir, data_dir, size=(1280, 720))
    try:
        # the title's New game, then the scenario list's first scenario
        p.click("New game")
        assert p.screen == "select"
        p.press(pygame.K_RETURN)
        assert p.screen == "dialog"
        assert "chapter 1: The Office" in p.app.top.detail and "Previous 1" in p.app.top.detail
        p.press(pygame.K_RETURN)  # Enter answers the safe default: back, nothing replaced
        assert p.screen == "select" and p.app.session.pt is None
        p.press(pygame.K_RETURN)
        p.click("yes")
        assert p.screen == "play"
        p.app.to_title()
        p.click("Load")
        assert p.screen == "saveload"
        assert "slot:previous-1" in [name for name, _rect, enabled in p.targets() if enabled]
        assert p.app.top.infos["previous-1"].chapter_number == 1
    finally:
        p.close()
