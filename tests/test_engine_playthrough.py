"""The engine: scenarios, every step kind, effects, rollback — each also through a save/load.

The ``via`` fixture runs every test twice: once on the playthrough as it is, and once
saving it to JSON text and loading it again at each point the test looks at, so
nothing the engine keeps can be lost by a save.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Callable

import pytest

from engine_helpers import act, play_decisions, roundtrip, snapshot
from game.engine.playthrough import UNDO_LIMIT, NotNow, Playthrough, StoryRuntimeError
from game.story import model as M
from game.story.loader import load_story

STORIES = Path(__file__).resolve().parent / "stories"

Via = Callable[[Playthrough], Playthrough]
#: The loop story's only way out; rollback tests keep playing instead.
KEEP_GOING = ("Stop.",)


@pytest.fixture(params=["direct", "save-load"])
def via(request: pytest.FixtureRequest) -> Via:
    return (lambda pt: pt) if request.param == "direct" else roundtrip


def load(name: str) -> M.Story:
    result = load_story(STORIES / name)
    assert result.story is not None, [d.format() for d in result.diagnostics]
    return result.story


@pytest.fixture(scope="module")
def loop_story() -> M.Story:
    return load("loop")


# --- starting -------------------------------------------------------------------------


def test_scenarios_apply_their_presets(sample_story: M.Story, via: Via) -> None:
    # Values read from tests/stories/sample/story.yaml.
    whole = via(Playthrough.start(sample_story, "whole"))
    assert dict(whole.variables) == {"apparatus": 2, "trust": 5, "wired": False, "alliance": "none"}
    assert (whole.current.kind, whole.current.scene.id) == ("chapter", "office")
    wire = via(Playthrough.start(sample_story, "wire_only"))
    assert dict(wire.variables) == {"apparatus": 6, "trust": 5, "wired": False, "alliance": "left"}
    assert (wire.current.kind, wire.current.scene.id, wire.state.scenario) == ("chapter", "wire", "wire_only")


@pytest.mark.parametrize("story_name", ["sample", "loop", "runtime_error"])
def test_every_scenario_starts_with_initial_values_and_presets(story_name: str, via: Via) -> None:
    story = load(story_name)
    for scenario in story.scenarios.values():
        pt = via(Playthrough.start(story, scenario.id))
        expected = {name: var.initial for name, var in story.variables.items()}
        for effect in scenario.preset:
            value = effect.expr.evaluate(expected)
            if effect.mode == "add":
                value = expected[effect.variable] + value  # type: ignore[operator]
            expected[effect.variable] = story.variables[effect.variable].clamp(value)
        assert dict(pt.variables) == expected
        assert pt.state.role == scenario.role
        assert pt.state.visits == {scenario.start: 1}


def test_default_scenario_is_the_first(sample_story: M.Story) -> None:
    assert Playthrough.start(sample_story).state.scenario == "whole"


def test_unknown_scenario_is_refused(sample_story: M.Story) -> None:
    with pytest.raises(KeyError):
        Playthrough.start(sample_story, "nope")


def test_scene_jump_with_overrides_is_clamped(sample_story: M.Story, via: Via) -> None:
    pt = via(Playthrough.start(sample_story, "whole", scene="office", overrides={"apparatus": 99, "trust": -4}))
    assert (pt.variables["apparatus"], pt.variables["trust"]) == (10, 0)
    assert pt.state.chapter == "one"


# --- each step kind --------------------------------------------------------------------


def test_historical_path_step_by_step(sample_story: M.Story, via: Via) -> None:
    """Every beat kind of the sample, in order, with the values the YAML implies."""
    pt = via(Playthrough.start(sample_story, "whole"))
    step = pt.current
    assert (step.kind, step.chapter.id, step.date, step.place) == ("chapter", "one", "1922-04-03", "Moscow, the Kremlin")
    pt.advance()
    pt = via(pt)
    assert (pt.current.kind, pt.current.text) == ("line", "You are given the files. The Politburo does not care.")
    pt.advance()
    step = via(pt).current
    assert (step.kind, step.speaker.id, step.text) == ("line", "boss", "Keep them *tidy*. Your apparatus is 2.")
    pt.advance()
    step = pt.current
    assert (step.kind, step.document.id, step.text) == ("document", "letter", "The clerk is too rude.")
    pt.advance()
    pt = via(pt)
    step = pt.current
    assert step.kind == "choice" and step.prompt == "What do you do with the files?"
    assert [(o.index, o.text, o.historical) for o in step.options] == [
        (0, "Read every card.", True), (1, "Give them to the rival.", False)]  # 'Burn them' needs apparatus > 8
    pt.choose(0)
    pt = via(pt)
    assert pt.variables["apparatus"] == 4
    assert pt.current.kind == "appointments" and pt.current.prompt == "Two posts are open."
    pt.appoint({"north": "boss", "south": "rival"})
    pt = via(pt)
    assert pt.variables["apparatus"] == 5
    step = pt.current
    assert (step.kind, step.chapter.id, step.scene.id, step.date) == ("chapter", "two", "wire", "1924-01-21")
    pt.advance()
    assert pt.current.text == "You are alone."  # alliance is still 'none': the else branch
    pt.advance()
    pt = via(pt)
    assert pt.current.prompt == "What do you wire? (apparatus 5)"
    pt.choose(0)
    pt = via(pt)
    assert (pt.variables["wired"], pt.variables["trust"]) == (False, 3)
    step = pt.current
    assert step.kind == "vote" and step.text == "Keep the clerk" and step.prompt == "The Committee"
    assert (step.tally.votes_for, step.tally.against, step.tally.abstain, step.tally.seats) == (6, 3, 1, 10)
    assert step.tally.passed
    pt.advance()
    pt = via(pt)
    assert pt.variables["apparatus"] == 6  # passed: apparatus +1
    assert pt.current.text == "The files stay with you."
    pt.advance()
    pt = via(pt)
    assert pt.current.kind == "ending" and pt.current.ending.id == "won" and pt.finished
    assert pt.state.ending == "won"
    assert pt.state.terms == ["politburo"]
    assert [e["id"] for e in pt.state.log] == ["first_choice", "board", "wire_choice", "the_vote"]
    assert pt.state.log[1]["posts"] == {"north": "boss", "south": "rival"}
    assert pt.state.log[1]["historical"] == {"north": True, "south": True}
    assert pt.state.log[3]["passed"] is True and pt.state.log[3]["for"] == 6
    assert pt.state.snapshots == [{"chapter": "one", "meters": {"apparatus": 5, "trust": 5}},
                                  {"chapter": "two", "meters": {"apparatus": 6, "trust": 3}}]
    assert pt.state.visits == {"office": 1, "wire": 1, "win": 1}


def test_rival_path_goto_enum_and_failed_vote(sample_story: M.Story, via: Via) -> None:
    pt = Playthrough.start(sample_story, "whole")
    for _ in range(4):
        pt.advance()
    pt.choose(1)
    pt = via(pt)
    assert (pt.current.scene.id, pt.current.speaker.id) == ("rival_scene", "rival")
    assert (pt.variables["apparatus"], pt.variables["trust"]) == (1, 6)
    pt.advance()  # the line; then set alliance and goto wire
    pt = via(pt)
    assert pt.variables["alliance"] == "left" and pt.current.scene.id == "wire"
    pt.advance()
    assert pt.current.text == "Your ally waits."
    pt.advance()
    pt.choose(1)
    pt = via(pt)
    assert (pt.variables["wired"], pt.variables["trust"]) == (True, 8)
    assert (pt.current.tally.votes_for, pt.current.tally.against) == (2, 7)
    pt.advance()
    assert pt.current.scene.id == "lose"
    pt.advance()
    assert pt.current.ending.id == "lost"


def test_guarded_option_opens_when_its_condition_holds(sample_story: M.Story, via: Via) -> None:
    pt = via(Playthrough.start(sample_story, "whole", scene="office", overrides={"apparatus": 9}))
    for _ in range(4):
        pt.advance()
    assert [o.text for o in pt.current.options] == ["Read every card.", "Give them to the rival.", "Burn them."]
    pt.choose(2)
    assert pt.current.scene.id == "wire"


def test_vote_is_clamped_to_the_seats(sample_story: M.Story, via: Via) -> None:
    pt = via(Playthrough.start(sample_story, "whole", scene="wire", overrides={"apparatus": 10}))
    pt.advance()
    pt.advance()
    pt.choose(1)
    tally = via(pt).current.tally
    assert (tally.votes_for, tally.against, tally.abstain) == (10, 0, 0)  # 11 for, clamped; no room to abstain


def test_refusals(sample_story: M.Story, via: Via) -> None:
    pt = via(Playthrough.start(sample_story, "whole"))
    with pytest.raises(NotNow):
        pt.choose(0)  # a chapter card is not a choice
    with pytest.raises(NotNow):
        pt.appoint({})
    for _ in range(4):
        pt.advance()
    with pytest.raises(NotNow):
        pt.advance()  # a choice needs a decision
    with pytest.raises(NotNow):
        pt.choose(2)  # hidden
    with pytest.raises(NotNow):
        pt.choose(7)
    pt.choose(0)
    pt = via(pt)
    for bad in ({"north": "boss"}, {"north": "boss", "south": "boss"}, {"north": "nobody", "south": "rival"}):
        with pytest.raises(NotNow):
            pt.appoint(bad)
    assert pt.state.decisions == 1  # nothing half-done by a refused board
    pt.appoint({"north": "rival", "south": "boss"})
    assert pt.state.decisions == 2


def test_ending_refuses_to_advance(sample_story: M.Story) -> None:
    pt = Playthrough.start(sample_story, "whole", scene="win")
    pt.advance()
    with pytest.raises(NotNow):
        pt.advance()


def test_all_options_hidden_is_a_runtime_error_naming_the_place() -> None:
    story = load("runtime_error")
    pt = Playthrough.start(story, "main")
    with pytest.raises(StoryRuntimeError) as info:
        pt.choose(1)  # the weak road: power 0, and every option of 'gate' needs more
    assert info.value.loc is not None and info.value.loc.path == "scenes.yaml" and info.value.loc.line == 12
    assert "no option of choice 'gate' is open" in str(info.value)


def test_one_chapter_scenario_ends_when_the_next_chapter_begins(sample_dir: Path, tmp_path: Path,
                                                                via: Via) -> None:
    story_dir = tmp_path / "sample"
    shutil.copytree(sample_dir, story_dir)
    manifest = story_dir / "story.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "  - id: wire_only\n",
        "  - id: office_only\n    title: Only the office\n    role: clerk\n    start: office\n    chapter: one\n"
        "  - id: wire_only\n"), encoding="utf-8")
    result = load_story(story_dir)
    assert result.story is not None, [d.format() for d in result.diagnostics]
    pt = Playthrough.start(result.story, "office_only")
    for _ in range(4):
        pt.advance()
    pt.choose(0)
    pt.appoint({"north": "boss", "south": "rival"})
    pt = via(pt)
    assert pt.current.kind == "ending" and pt.finished
    assert pt.current.ending.title == "End of chapter 1: The Office"
    assert pt.state.snapshots == [{"chapter": "one", "meters": {"apparatus": 5, "trust": 5}}]


# --- rollback ----------------------------------------------------------------------------


def test_rollback_150_decisions(loop_story: M.Story, via: Via) -> None:
    """Undo walks back through every decision, restoring state and step exactly."""
    rng = random.Random(150)
    pt = Playthrough.start(loop_story, "loop")
    history = []
    while pt.state.decisions < 150:
        while pt.current.kind not in ("choice", "appointments", "vote"):
            pt.advance()
        pt = via(pt)
        history.append(snapshot(pt))
        act(pt, rng, avoid=KEEP_GOING)
    assert pt.undo_depth == 150
    for expected in reversed(history):
        pt = via(pt)
        assert pt.undo()
        assert snapshot(pt) == expected
    assert not pt.can_undo and not pt.undo()


def test_undo_goes_back_at_most_the_limit(loop_story: M.Story) -> None:
    pt = Playthrough.start(loop_story, "loop")
    assert play_decisions(pt, UNDO_LIMIT + 50, random.Random(3), avoid=KEEP_GOING) == UNDO_LIMIT + 50
    pt = roundtrip(pt)
    undone = 0
    while pt.undo():
        undone += 1
    assert undone == UNDO_LIMIT
    assert pt.state.decisions == 50


def test_undo_then_a_different_decision(sample_story: M.Story, via: Via) -> None:
    pt = Playthrough.start(sample_story, "whole")
    for _ in range(4):
        pt.advance()
    start = snapshot(pt)
    pt.choose(1)
    pt = via(pt)
    assert pt.undo()
    assert snapshot(pt) == start
    pt.choose(0)
    assert pt.current.kind == "appointments"
    assert [e["option"] for e in pt.state.log] == [0]


def test_fork_is_independent(loop_story: M.Story) -> None:
    pt = Playthrough.start(loop_story, "loop")
    play_decisions(pt, 5, random.Random(1), avoid=KEEP_GOING)
    copy = pt.fork()
    assert not copy.can_undo and snapshot(copy) == snapshot(pt)
    before = snapshot(pt)
    play_decisions(copy, 20, random.Random(2), avoid=KEEP_GOING)
    assert snapshot(pt) == before
    assert copy.state.decisions == pt.state.decisions + 20
