"""Writers' hot reload: --watch notices a saved file, reloads, and play stays where it was.

A broken file shows its errors (file:line:col) over the game instead of a crash;
once fixed, the overlay goes and play continues at the same place.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.ui.pilot import Pilot  # noqa: E402

SAMPLE = Path(__file__).resolve().parent / "stories" / "sample"


@pytest.fixture
def story(tmp_path: Path) -> Path:
    root = tmp_path / "story"
    shutil.copytree(SAMPLE, root)
    return root


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    # make sure the change is visible even on file systems with coarse timestamps
    later = time.time() + 2
    os.utime(path, (later, later))


def position(p: Pilot) -> tuple[str, int]:
    state = p.app.session.pt.state
    return state.scene, state.pc


def to_boss_line(p: Pilot) -> None:
    p.press(pygame.K_RETURN)  # New game
    p.press(pygame.K_RETURN)  # the whole sample
    p.press(pygame.K_RETURN)  # chapter card
    p.press(pygame.K_RETURN)
    p.press(pygame.K_RETURN)  # narration done
    assert p.step.speaker is not None and "tidy" in p.step.text


def test_watch_reloads_changes_and_keeps_the_position(story: Path, tmp_path: Path) -> None:
    p = Pilot.launch(story, tmp_path / "data", watch=True)
    try:
        to_boss_line(p)
        where = position(p)
        rewrite(story / "scenes.yaml", "Keep them *tidy*.", "Keep them *neat*.")
        p.wait(1.2)  # the watcher looks once a second
        assert p.screen == "play"
        assert position(p) == where
        assert "neat" in p.step.text and "tidy" not in p.step.text

        # break the file: the errors show, with their place, and the game does not crash
        rewrite(story / "scenes.yaml", "      - document: letter", "      - document: [letter")
        p.wait(1.2)
        assert p.screen == "problem"
        rows = p.app.top.rows
        assert rows and rows[0][0].startswith(f"{story.as_posix()}/scenes.yaml:")
        line, col = map(int, rows[0][0].rsplit(":", 2)[1:])
        assert line > 1 and col > 1
        p.press(pygame.K_RETURN)  # dismissing the overlay does not lose the game underneath
        assert p.screen == "play" and position(p) == where

        # fix it: play continues where it was
        rewrite(story / "scenes.yaml", "      - document: [letter", "      - document: letter")
        p.wait(1.2)
        assert p.screen == "play" and position(p) == where
        p.press(pygame.K_RETURN)
        p.press(pygame.K_RETURN)
        assert p.step.kind == "document"
    finally:
        p.close()


def test_reload_replays_decisions_after_a_choice(story: Path, tmp_path: Path) -> None:
    p = Pilot.launch(story, tmp_path / "data", watch=True)
    try:
        to_boss_line(p)
        for _ in range(3):
            p.press(pygame.K_RETURN)
        p.wait(0.35)  # a decision takes no input in its first 300 ms
        p.press(pygame.K_1)  # read every card: apparatus +2
        assert p.step.kind == "appointments"
        rewrite(story / "scenes.yaml", 'set: {apparatus: "+2"}', 'set: {apparatus: "+3"}')
        p.press(pygame.K_F5)  # under --watch, F5 reloads at once
        assert p.step.kind == "appointments"
        assert p.app.session.pt.meters()["apparatus"] == 5, "the decision was re-taken on the new story"
        assert [e["id"] for e in p.app.session.pt.state.log] == ["first_choice"]
        assert p.app.session.can_undo, "the replayed decision can be rolled back as before"
    finally:
        p.close()


def test_shift_r_reloads_without_watch_and_f5_still_quicksaves(story: Path, tmp_path: Path) -> None:
    p = Pilot.launch(story, tmp_path / "data")
    try:
        to_boss_line(p)
        where = position(p)
        rewrite(story / "scenes.yaml", "Keep them *tidy*.", "Keep them *in order*.")
        p.wait(1.5)
        assert "tidy" in p.step.text, "without --watch nothing reloads by itself"
        p.press(pygame.K_F5)
        assert any(s.slot == "quicksave" for s in p.app.session.slots())
        p.press(pygame.K_r, mod=pygame.KMOD_SHIFT)
        assert "in order" in p.step.text and position(p) == where
    finally:
        p.close()


def test_a_story_changed_at_the_decision_stops_there_and_says_so(story: Path, tmp_path: Path) -> None:
    p = Pilot.launch(story, tmp_path / "data", watch=True)
    try:
        to_boss_line(p)
        for _ in range(3):
            p.press(pygame.K_RETURN)
        p.wait(0.35)  # a decision takes no input in its first 300 ms
        p.press(pygame.K_1)
        rewrite(story / "scenes.yaml", "id: first_choice", "id: first_decision")
        p.press(pygame.K_F5)
        assert p.step.kind == "choice" and p.step.instr.id == "first_decision"
        toasts = [t[0] for t in p.app.toasts]
        assert any("first_decision" in t for t in toasts), toasts
    finally:
        p.close()


def test_a_broken_story_at_start_shows_the_errors_then_plays_once_fixed(story: Path, tmp_path: Path) -> None:
    rewrite(story / "scenes.yaml", "      - document: letter", "      - document: nowhere")
    p = Pilot.launch(story, tmp_path / "data", watch=True)
    try:
        assert p.screen == "problem"
        assert any("nowhere" in message for _, message in p.app.top.rows)
        p.press(pygame.K_ESCAPE)
        assert p.screen == "title"
        assert [n for n, _, en in p.targets() if en] == ["Story errors", "Settings", "Quit"]
        rewrite(story / "scenes.yaml", "      - document: nowhere", "      - document: letter")
        p.wait(1.2)
        p.frames(2)
        assert p.app.session.ready
        assert p.app.top.ring.focused.name == "New game"
        p.press(pygame.K_RETURN)
        assert p.screen == "select"
    finally:
        p.close()
