"""What each step shows, however the compiled story made it, and that it never leaks between games.

The loader makes what never varies once (a line without slots, an option's view, a choice
without conditions: model.Line.shown and friends); these tests hold the engine to what a
player sees: values at the time they are shown, only open options, shared entries nobody
can change, and the same game whether it is played straight or saved and loaded at every step.
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest

from engine_helpers import act, roundtrip, step_view
from game import paths
from game.engine.playthrough import Playthrough, StoryRuntimeError
from game.story import model as M
from game.story.loader import load_story

STORIES = Path(__file__).resolve().parent / "stories"


def _story(root: Path) -> M.Story:
    result = load_story(root)
    assert result.story is not None, [d.format() for d in result.diagnostics]
    return result.story


def _to(pt: Playthrough, kind: str) -> None:
    while pt.current.kind != kind:
        pt.advance()


def test_a_line_with_a_slot_shows_the_value_when_it_is_shown(sample_story: M.Story) -> None:
    # tests/stories/sample: "Keep them *tidy*. Your apparatus is {apparatus}." with apparatus 2 at the start
    for start, shown in ((None, "2"), (7, "7")):
        pt = Playthrough.start(sample_story, "whole", overrides=None if start is None else {"apparatus": start})
        while not (pt.current.kind == "line" and pt.current.speaker is not None):
            pt.advance()
        assert pt.current.text == f"Keep them *tidy*. Your apparatus is {shown}."
        assert pt.state.transcript[-1] == {"kind": "line", "speaker": "boss", "text": pt.current.text}


def test_a_choice_shows_only_the_options_whose_condition_holds(sample_story: M.Story) -> None:
    # "Burn them." needs apparatus > 8
    low = Playthrough.start(sample_story, "whole")
    _to(low, "choice")
    assert [o.text for o in low.current.options] == ["Read every card.", "Give them to the rival."]
    high = Playthrough.start(sample_story, "whole", overrides={"apparatus": 9})
    _to(high, "choice")
    assert [o.text for o in high.current.options] == ["Read every card.", "Give them to the rival.", "Burn them."]
    assert [o.index for o in high.current.options] == [0, 1, 2]


def test_a_prompt_with_a_slot_shows_the_value_after_the_options_taken(sample_story: M.Story) -> None:
    pt = Playthrough.start(sample_story, "whole")
    _to(pt, "choice")
    pt.choose(0)  # Read every card: apparatus +2, from 2 to 4
    pt.appoint({"north": "boss", "south": "rival"})  # boss north: +1
    _to(pt, "choice")
    assert pt.current.prompt == "What do you wire? (apparatus 5)"


def test_a_shared_transcript_entry_refuses_changes_and_copies_to_a_plain_dict(sample_story: M.Story) -> None:
    """Entries the loader made are shared by every playthrough of a story: changing one
    in place would change what others show, so it is refused; copies are plain dicts."""
    pt = Playthrough.start(sample_story)
    _to(pt, "document")
    pt.advance()
    line = next(e for e in reversed(pt.state.transcript) if e["kind"] == "line" and e["speaker"] is None)
    with pytest.raises(TypeError, match="change a copy"):
        line["text"] = "changed"
    with pytest.raises(TypeError):
        line.update(text="changed")
    assert type(copy.deepcopy(line)) is dict and copy.deepcopy(line) == line
    assert all(type(e) is dict for e in pt.state.to_json()["transcript"])
    other = Playthrough.start(sample_story)
    _to(other, "document")
    assert line in other.state.transcript  # the same text for every game


def _trace(story: M.Story, scenario: str, seed: int, save_each_step: bool) -> list[Any]:
    """What a player sees on one seeded random run, straight or saving and loading at every step."""
    rng = random.Random(seed)
    try:
        pt = Playthrough.start(story, scenario, seed=seed)
    except StoryRuntimeError as exc:
        return [str(exc)]
    seen: list[Any] = []
    for _ in range(2_000):
        if save_each_step:
            pt = roundtrip(pt)
        seen.append((step_view(pt), pt.meters(), pt.undo_depth))
        if pt.current.kind == "ending":
            break
        if rng.random() < 0.05 and pt.can_undo:
            pt.undo()
            continue
        try:
            act(pt, rng)
        except StoryRuntimeError as exc:
            seen.append(str(exc))
            break
    data = pt.to_json()
    data.pop("saved_at")
    seen.append(json.dumps(data, sort_keys=True))
    return seen


@pytest.mark.parametrize("name", ["sample", "loop", "debrief", "runtime_error"])
def test_a_game_saved_and_loaded_at_every_step_is_the_game_played_straight(name: str) -> None:
    story = _story(STORIES / name)
    for scenario in story.scenarios:
        for seed in range(15):
            assert _trace(story, scenario, seed, True) == _trace(story, scenario, seed, False), (scenario, seed)


def test_the_campaign_saved_and_loaded_at_every_step_is_the_campaign_played_straight() -> None:
    story = _story(paths.scenes_dir())
    scenario = next(iter(story.scenarios))
    for seed in range(3):
        straight = _trace(story, scenario, seed, False)
        assert len(straight) > 50  # it got well past its start
        assert _trace(story, scenario, seed, True) == straight
