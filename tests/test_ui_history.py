"""The history log: whole lines only at both edges, the current beat marked NOW, keys, wheel and mouse.

The story is the sample with forty more lines of narration and speech in its
first scene, so the log is long enough to scroll at every text size. What is
checked is what the player sees: the pixel rows along the top and bottom edges
of the text area, at every resting place the keys lead to.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.ui.pilot import Pilot  # noqa: E402
from game.ui.screens import history as H  # noqa: E402

SAMPLE = Path(__file__).resolve().parent / "stories" / "sample"

WORDS = ("The files arrive in the morning and leave at night, each one *read*, each one signed, and nobody in"
         " the building asks who reads them or why the cards come back in a different order.").split()


def long_story(folder: Path) -> Path:
    """The sample story with forty extra lines (of many lengths, some spoken) before its first document."""
    story = folder / "long"
    shutil.copytree(SAMPLE, story)
    scenes = story / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    extra = []
    for i in range(40):
        words = " ".join(WORDS[: 6 + (i * 7) % len(WORDS)])
        if i % 3 == 1:
            extra.append(f"      - say: {'boss' if i % 2 else 'rival'}\n        text: \"{words} ({i})\"\n")
        else:
            extra.append(f"      - narrate: \"{words} ({i})\"\n")
    anchor = "      - narrate: You are given the files. The Politburo does not care.\n"
    assert anchor in text
    scenes.write_text(text.replace(anchor, anchor + "".join(extra)), encoding="utf-8")
    return story


def play_until(p: Pilot, kind: str) -> None:
    """Keyboard only, instant text: the first option at each choice, until a beat of ``kind``."""
    p.app.settings.text_speed = "instant"
    p.app.apply_settings(save=False)
    p.press(pygame.K_RETURN)  # New game
    p.press(pygame.K_RETURN)  # the first scenario
    for _ in range(200):
        step = p.step
        if step.kind == kind:
            return
        if step.kind == "choice":
            p.wait(0.35)  # a decision takes no input in its first 300 ms
            p.press(pygame.K_1)
        elif step.kind == "appointments":
            p.wait(0.35)
            # Enter acts on a board only after a move: Up (at the top it stays), Enter picks the first
            # candidate of each post in turn; Tab reaches Confirm
            for key in (pygame.K_UP, pygame.K_RETURN, pygame.K_UP, pygame.K_RETURN, pygame.K_TAB, pygame.K_RETURN):
                p.press(key)
        else:
            p.press(pygame.K_RETURN)
    raise AssertionError(f"never reached a {kind} beat")


def edge_rows_are_plain(p: Pilot) -> tuple[bool, bool]:
    """Whether the pixel rows along the top and bottom edges of the text area are each one colour.

    A line cut in half leaves a row of letter fragments along an edge; a whole line,
    a bar or a card leaves plain paper (or one flat colour) there.
    """
    screen = p.app.top
    assert isinstance(screen, H.HistoryScreen)
    p.app.invalidate()
    p.app.draw()
    surf = p.app.surface
    c = p.app.canvas
    x0 = c.pt(H.TEXT_X + 12, 0)[0]
    x1 = c.pt(H.RIGHT - 12, 0)[0]
    top = c.rect((0, H.VIEW_TOP, 1, screen.scroll.shown))
    results = []
    for rows in ((top.top,), (top.bottom - 1,)):
        plain = True
        for y in rows:
            first = surf.get_at((x0, y))
            if any(surf.get_at((x, y)) != first for x in range(x0, x1, 2)):
                plain = False
        results.append(plain)
    return results[0], results[1]


@pytest.mark.parametrize("size, text_size, dyslexic", [((1280, 720), 100, False), ((1920, 1080), 150, True)])
def test_the_log_never_shows_half_a_line(tmp_path: Path, size: tuple[int, int], text_size: int,
                                          dyslexic: bool) -> None:
    p = Pilot.launch(long_story(tmp_path), tmp_path / "data", size=size)
    try:
        p.app.settings.text_size = text_size
        p.app.settings.dyslexic_font = dyslexic
        play_until(p, "vote")
        p.press(pygame.K_h)
        assert p.screen == "history"
        scroll = p.app.top.scroll
        p.press(pygame.K_HOME)
        assert scroll.offset == 0
        seen = []
        for _ in range(400):
            seen.append(scroll.offset)
            top_plain, bottom_plain = edge_rows_are_plain(p)
            assert top_plain, f"a line is cut at the top edge at offset {scroll.offset}"
            assert bottom_plain, f"a line is cut at the bottom edge at offset {scroll.offset}"
            assert 0 < scroll.shown <= H.VIEW_H
            p.press(pygame.K_DOWN)
            if scroll.offset == seen[-1]:
                break
        assert len(seen) > 20, "the long log scrolls a line at a time"
        assert seen == sorted(seen) and seen[-1] == scroll.limit
        # the wheel and Page Up land on whole lines too
        for move in (lambda: p.wheel(1), lambda: p.press(pygame.K_PAGEUP), lambda: p.wheel(1)):
            move()
            assert edge_rows_are_plain(p) == (True, True)
    finally:
        p.close()


def test_keys_page_and_jump_by_whole_lines(tmp_path: Path) -> None:
    p = Pilot.launch(long_story(tmp_path), tmp_path / "data")
    try:
        play_until(p, "vote")
        p.press(pygame.K_h)
        screen = p.app.top
        scroll = screen.scroll
        assert scroll.offset == scroll.limit > 0, "the log opens at the newest line"
        last = screen.blocks[-1]
        assert last.top + last.height - H.GAP <= scroll.offset + scroll.shown + 0.01, "the newest entry shows whole"
        p.press(pygame.K_HOME)
        assert scroll.offset == 0
        p.press(pygame.K_DOWN)
        assert screen.blocks[0].kind == "chapter" and scroll.offset == screen.blocks[1].top, \
            "↓ moves past the chapter card as one piece"
        p.press(pygame.K_DOWN)
        one_line = scroll.offset - screen.blocks[1].top
        assert 0 < one_line < 60, "then by one line"
        p.press(pygame.K_UP)
        p.press(pygame.K_UP)
        assert scroll.offset == 0
        shown = scroll.shown
        p.press(pygame.K_PAGEDOWN)
        # a page on: the first line that was not wholly shown is now at the top
        assert shown - 60 < scroll.offset <= shown + 0.01
        p.press(pygame.K_PAGEUP)
        assert scroll.offset == 0
        p.wheel(-1)
        assert scroll.offset > screen.blocks[1].top + one_line, "a wheel notch moves three lines"
        p.press(pygame.K_END)
        assert scroll.offset == scroll.limit
    finally:
        p.close()


def test_entries_are_told_apart_and_the_current_beat_is_now(tmp_path: Path) -> None:
    p = Pilot.launch(SAMPLE, tmp_path / "data")
    try:
        play_until(p, "vote")
        p.press(pygame.K_h)
        blocks = p.app.top.blocks
        kinds = [b.kind for b in blocks]
        assert kinds[0] == "chapter" and "document" in kinds and "choice" in kinds and kinds.count("chapter") == 2
        assert any(b.kind == "line" and b.label == "The Boss" for b in blocks), "speakers are named"
        doc = next(b for b in blocks if b.kind == "document")
        assert doc.text == "A letter" and doc.info["body"] == "The clerk is too rude."
        assert doc.info["stamp"][0] == "THE BOSS", "the attribution is stamped"
        chapter = blocks[-1 - kinds[::-1].index("chapter")]
        assert chapter.label == "CHAPTER 2" and chapter.text == "The Wire"
        assert blocks[-1].kind == "vote" and blocks[-1].now and not any(b.now for b in blocks[:-1])
        assert blocks[-1].info["for"] + blocks[-1].info["against"] + blocks[-1].info["abstain"] == 10
        p.press(pygame.K_ESCAPE)
        p.press(pygame.K_RETURN)  # past the vote
        p.press(pygame.K_h)
        blocks = p.app.top.blocks
        assert blocks[-1].kind == "vote" or blocks[-1].now
    finally:
        p.close()


def test_a_pending_decision_is_the_now_entry(tmp_path: Path) -> None:
    p = Pilot.launch(SAMPLE, tmp_path / "data")
    try:
        play_until(p, "choice")
        p.press(pygame.K_h)
        last = p.app.top.blocks[-1]
        assert (last.kind, last.text, last.now) == ("prompt", "What do you do with the files?", True)
    finally:
        p.close()


def test_mouse_alone_pages_and_goes_back(tmp_path: Path) -> None:
    p = Pilot.launch(long_story(tmp_path), tmp_path / "data")
    try:
        play_until(p, "vote")
        p.click("quick:history")
        assert p.screen == "history"
        scroll = p.app.top.scroll
        end = scroll.offset
        p.click("page:up")
        assert scroll.offset < end
        before = scroll.offset
        p.wheel(1, at=(640, 400))
        assert scroll.offset < before
        p.click("page:down")
        assert scroll.offset > before - 1
        p.click("back")
        assert p.screen == "play"
        p.click("quick:history")
        p.click_at((640, 400), button=3)
        assert p.screen == "play", "a right click goes back, as on every menu"
    finally:
        p.close()
