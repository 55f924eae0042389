"""The window, played from the title to the debrief by keyboard alone and by mouse alone.

Real pygame events go through SDL's queue under the dummy video driver; the
assertions are about what the player sees and keeps (screens, the current beat,
meters, saves, settings on disk).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.ui.pilot import Pilot  # noqa: E402

SAMPLE = Path(__file__).resolve().parent / "stories" / "sample"


@pytest.fixture
def pilot(tmp_path: Path):  # type: ignore[no-untyped-def]
    p = Pilot.launch(SAMPLE, tmp_path / "data")
    yield p
    p.close()


def read_on(p: Pilot) -> None:
    """Enter until the current line is fully shown, then once more to go on."""
    view = p.app.top.view
    assert p.step.kind == "line"
    if not view.done:
        p.press(pygame.K_RETURN)
        assert view.done, "the first press shows the whole line"
    p.press(pygame.K_RETURN)


def test_keyboard_only_from_title_to_debrief(pilot: Pilot, tmp_path: Path) -> None:
    p = pilot
    session = p.app.session
    assert p.screen == "title"
    # Continue is disabled without a save; the focus starts on New game.
    assert [n for n, _, en in p.targets() if not en] == ["Continue"]
    p.press(pygame.K_RETURN)
    assert p.screen == "select"
    assert p.app.top.ring.focused.name == "scenario:whole"
    p.press(pygame.K_RETURN)
    assert p.screen == "play" and p.step.kind == "chapter"
    assert (tmp_path / "data" / "saves" / "autosave.json").exists(), "a chapter card is autosaved"
    p.press(pygame.K_RETURN)

    # narration with a typewriter: the first frames show part of the line
    assert p.step.kind == "line" and p.step.speaker is None
    p.frames(3)
    view = p.app.top.view
    assert 0 < view.shown < view.box.chars
    read_on(p)
    # a line with a speaker and a name plate
    assert p.step.speaker is not None and p.step.speaker.name == "The Boss"
    assert "Your apparatus is 2" in p.step.text
    read_on(p)
    assert p.step.kind == "document" and p.step.document.attribution == "The Boss"
    p.press(pygame.K_SPACE)

    # a choice by number key; the meter moves and the panel marks the change
    assert p.step.kind == "choice"
    assert [o.text for o in p.step.options] == ["Read every card.", "Give them to the rival."]
    p.wait(0.35)  # a decision takes no input in its first 300 ms
    p.press(pygame.K_1)
    assert session.pt.meters()["apparatus"] == 4
    assert session.deltas == {"apparatus": 2}

    # rollback with Backspace returns to the choice; choose again
    assert p.step.kind == "appointments"
    p.press(pygame.K_BACKSPACE)
    assert p.step.kind == "choice" and session.pt.meters()["apparatus"] == 2
    p.wait(0.35)
    p.press(pygame.K_DOWN)
    p.press(pygame.K_RETURN)  # the focus is on option 1 after Down
    assert p.step.kind == "appointments" and session.pt.meters()["apparatus"] == 4

    # appointments by keyboard: Enter alone does nothing; after a move it picks the focused
    # candidate and the focus moves on; Confirm is reached by Tab
    board = p.app.top.view
    p.wait(0.35)
    p.press(pygame.K_RETURN)
    assert board.chosen == {}
    p.press(pygame.K_DOWN)
    p.press(pygame.K_UP)
    p.press(pygame.K_RETURN)
    assert board.chosen == {"north": "boss"}
    p.press(pygame.K_RETURN)
    assert board.chosen == {"north": "boss"}, "Enter again without a move must not fill the next post"
    p.press(pygame.K_UP)  # a move (already at the top) arms Enter again
    p.press(pygame.K_RETURN)
    assert board.chosen == {"north": "boss", "south": "rival"} and not board.on_confirm
    p.press(pygame.K_RETURN)
    assert p.step.kind == "appointments"
    p.press(pygame.K_TAB)
    p.press(pygame.K_RETURN)
    assert p.step.kind == "chapter" and p.step.chapter.id == "two"
    assert session.pt.meters()["apparatus"] == 5

    # save in a slot through the pause menu, by keyboard
    p.press(pygame.K_ESCAPE)
    assert p.screen == "pause"
    p.press(pygame.K_DOWN)
    p.press(pygame.K_RETURN)
    assert p.screen == "saveload" and p.app.top.mode == "save"
    p.press(pygame.K_RETURN)  # slot 1, empty
    saves = {s.slot: s for s in session.slots()}
    assert "slot1" in saves and saves["slot1"].chapter == "The Wire"
    assert session.thumb_path("slot1").exists()
    p.press(pygame.K_ESCAPE)
    # change a setting: text speed to Instant (the pause menu kept its focus on Save)
    for _ in range(4):
        p.press(pygame.K_DOWN)
    assert p.app.top.ring.focused.label == "Settings"
    p.press(pygame.K_RETURN)
    assert p.screen == "settings"
    for _ in range(3):
        p.press(pygame.K_RIGHT)
    assert p.app.settings.text_speed == "instant"
    on_disk = json.loads((tmp_path / "data" / "settings.json").read_text())
    assert on_disk["text_speed"] == "instant"
    p.press(pygame.K_ESCAPE)
    p.press(pygame.K_ESCAPE)
    assert p.screen == "play"

    p.press(pygame.K_RETURN)  # past the chapter card
    assert p.step.kind == "line" and p.app.top.view.done, "instant text shows the whole line at once"
    assert p.step.text == "You are alone."
    # the history log ends with the current line
    p.press(pygame.K_h)
    assert p.screen == "history"
    assert p.app.top.blocks[-1][2] == "You are alone."
    p.press(pygame.K_ESCAPE)
    p.press(pygame.K_RETURN)

    # load slot 1 (saved at the chapter card) through the pause menu
    assert p.step.kind == "choice"
    p.press(pygame.K_ESCAPE)
    p.press(pygame.K_DOWN)
    p.press(pygame.K_DOWN)
    p.press(pygame.K_RETURN)
    assert p.screen == "saveload" and p.app.top.mode == "load"
    while p.app.top.ring.focused.name != "slot:slot1":
        p.press(pygame.K_PAGEDOWN) if p.app.top.page == 0 else p.press(pygame.K_RIGHT)
    p.press(pygame.K_RETURN)
    assert p.screen == "play" and p.step.kind == "chapter" and p.step.chapter.id == "two"
    p.press(pygame.K_RETURN)
    read_on(p)

    # the wire choice, then the vote shown as a tally
    assert "apparatus 5" in p.step.prompt
    p.wait(0.35)  # a decision takes no input in its first 300 ms
    p.press(pygame.K_1)
    assert p.step.kind == "vote"
    tally = p.step.tally
    assert (tally.votes_for, tally.against, tally.abstain) == (6, 3, 1)
    vote = p.app.top.view
    assert not vote.done
    p.press(pygame.K_RETURN)  # the first press completes the animation
    assert vote.done and p.step.kind == "vote"
    p.press(pygame.K_RETURN)
    read_on(p)

    # the ending, then the debrief
    assert p.step.kind == "ending" and p.step.ending.title == "You won"
    p.press(pygame.K_RETURN)
    assert p.screen == "debrief"
    d = p.app.top.data
    assert d.finished and [x.id for x in d.decisions] == ["first_choice", "board", "wire_choice", "the_vote"]
    assert d.matched_count == 3 and d.comparable_count == 3
    for key in (pygame.K_RIGHT, pygame.K_RIGHT, pygame.K_RIGHT, pygame.K_RIGHT):
        p.press(key)
    assert p.app.top.tab == 4
    p.press(pygame.K_ESCAPE)
    assert p.step.kind == "ending"


def test_mouse_only_from_title_to_debrief(pilot: Pilot) -> None:
    p = pilot
    p.click("New game")
    p.click("scenario:whole")
    assert p.screen == "play"
    seen: set[str] = set()
    for _ in range(200):
        step = p.step
        seen.add(step.kind)
        if step.kind == "ending":
            break
        if step.kind in ("choice", "appointments"):
            p.wait(0.35)  # a decision takes no click in its first 300 ms
        if step.kind == "choice":
            if "option:2" in {n for n, _, _ in p.targets()} and step.prompt.startswith("What do you wire"):
                p.click("option:2")
            else:
                p.click("option:1")
        elif step.kind == "appointments":
            p.click("candidate:north:rival")
            p.click("candidate:south:boss")
            p.click("confirm")
        else:
            p.click("continue")
    assert seen == {"chapter", "line", "document", "choice", "appointments", "vote", "ending"}
    # with the true date wired, trust rises but the apparatus is short: the vote fails
    assert p.step.ending.title == "You lost"
    # save from the quick menu is disabled at an ending; the debrief is one click away
    p.click("ending:debrief")
    assert p.screen == "debrief"
    p.click("tab:trajectory")
    assert p.app.top.tab == 3
    p.click("tab:reflect")
    p.click("answer")
    assert p.screen == "reflect"


def test_mouse_save_and_load_from_the_quick_menu(pilot: Pilot) -> None:
    p = pilot
    p.click("New game")
    p.click("scenario:wire_only")
    p.click("continue")
    p.click("continue")
    p.click("continue")
    assert p.step.kind == "choice"
    p.click("quick:save")
    assert p.screen == "saveload"
    p.click("slot:slot3")
    assert "slot3" in {s.slot for s in p.app.session.slots()}
    p.click_at((640, 700), button=3)  # right click is "back" on menus too
    p.press(pygame.K_ESCAPE) if p.screen != "play" else None
    assert p.screen == "play"
    p.wait(0.35)  # a decision takes no click in its first 300 ms
    p.click("option:1")
    assert p.step.kind == "vote"
    p.click("quick:load")
    p.click("page:1")
    p.click("slot:slot3")
    assert p.screen == "play" and p.step.kind == "choice"
    # nothing to roll back to at the scenario's first decision: the quick menu says so by disabling Back
    assert ("quick:back", False) in {(n, en) for n, _, en in p.targets()}


def test_f5_quicksaves_and_f9_quickloads(pilot: Pilot) -> None:
    p = pilot
    p.press(pygame.K_F9)
    assert p.screen == "title"
    p.press(pygame.K_RETURN)
    p.press(pygame.K_RETURN)
    p.press(pygame.K_RETURN)
    line = p.step.text
    p.press(pygame.K_F5)
    assert any(s.slot == "quicksave" for s in p.app.session.slots())
    read_on(p)
    assert p.step.text != line
    p.press(pygame.K_F9)
    assert p.screen == "play" and p.step.text == line
