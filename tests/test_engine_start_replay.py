"""The shared start (game/engine/start.py) and replay (game/engine/replay.py) every front end calls."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.engine.history_line import play_historically
from game.engine.replay import replay
from game.engine.start import Start, StartError, resolve
from game.story import model as M
from game.story.loader import load_story

SAMPLE = Path(__file__).resolve().parent / "stories" / "sample"


def test_a_start_request_resolves_scenario_role_scene_and_sets(sample_story: M.Story) -> None:
    assert resolve(sample_story) == Start("whole")  # the first scenario
    assert resolve(sample_story, role="clerk").scenario == "whole"
    start = resolve(sample_story, "wire_only", scene="wire", sets=["apparatus=7"], seed=3)
    assert start == Start("wire_only", 3, "wire", {"apparatus": 7})
    pt = start.begin(sample_story)
    assert pt.state.scene == "wire" and pt.variables["apparatus"] == 7 and pt.state.seed == 3


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"scenario": "wholee"}, "no scenario 'wholee'; choose one of: whole, wire_only"),
    ({"scenario": "whole", "role": "rival"}, "scenario 'whole' is played as 'clerk', not 'rival'"),
    ({"sets": ["apparatus=3"]}, "--set works together with --scene"),
    ({"scene": "wier"}, "no scene 'wier' — did you mean 'wire'?"),
    ({"scene": "wire", "sets": ["apparatus=99"]}, "--set apparatus=99: 'apparatus' is at least 0 and at most 10"),
])
def test_a_start_the_story_cannot_meet_says_why(sample_story: M.Story, kwargs: dict[str, object],
                                                message: str) -> None:
    with pytest.raises(StartError) as caught:
        resolve(sample_story, **kwargs)  # type: ignore[arg-type]
    assert str(caught.value) == message


def _played(story: M.Story) -> tuple[list[dict[str, object]], tuple[str, int]]:
    pt = Start("whole").begin(story)
    while pt.current.kind != "choice":
        pt.advance()
    pt.choose(0)
    pt.appoint({"north": "boss", "south": "rival"})
    pt.advance()  # past the chapter card, onto a line
    return pt.state.log, (pt.state.scene, pt.state.pc)


def test_a_replay_onto_the_same_story_comes_back_to_where_play_was(sample_story: M.Story) -> None:
    log, where = _played(sample_story)
    pt, notice = replay(sample_story, Start("whole"), log, where)
    assert notice == "" and pt.state.log == log and (pt.state.scene, pt.state.pc) == where


def test_a_replay_onto_a_changed_story_stops_where_a_decision_no_longer_fits(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE, tmp_path / "s")
    scenes = tmp_path / "s" / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    before = load_story(tmp_path / "s").story
    assert before is not None
    log, where = _played(before)
    scenes.write_text(text.replace("id: board", "id: new_board"), encoding="utf-8")
    after = load_story(tmp_path / "s").story
    assert after is not None
    pt, notice = replay(after, Start("whole"), log, where)
    assert notice == "The story changed at 'new_board': play continues from there."
    assert pt.current.kind == "appointments" and len(pt.state.log) == 1


def test_the_historical_line_takes_every_historical_option(sample_story: M.Story) -> None:
    played = play_historically(sample_story, "whole")
    assert played is not None
    pt, guessed = played
    assert not guessed and pt.finished
    # every decision in the sample has a historical option, and it was the one taken
    assert [e.get("historical") for e in pt.state.log if e["kind"] == "choice"] == [True, True]
    # apparatus 2, +2 (read every card), +1 (boss to the north): 5; the vote is 6 for, 1 abstains, 3 against
    assert pt.state.log[-1]["for"] == 6 and pt.state.log[-1]["passed"] is True
    assert pt.state.ending == "won"  # declared the historical ending in the sample's story.yaml
