"""Reactions under options (an option's own beats, ``then:``), on tests/stories/reactions:
the engine (also through a save and load at every point looked at), the graph and the map."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from engine_helpers import roundtrip
from game.engine.playthrough import Playthrough
from game.story import model as M
from game.story.graph import analyse
from game.story.loader import load_story
from game.tools.scenegraph import build

STORY = Path(__file__).resolve().parent / "stories" / "reactions"
Via = Callable[[Playthrough], Playthrough]


@pytest.fixture(scope="module")
def story() -> M.Story:
    result = load_story(STORY)
    assert result.story is not None, [d.format() for d in result.diagnostics]
    return result.story


@pytest.fixture(params=["direct", "save-load"])
def via(request: pytest.FixtureRequest) -> Via:
    return (lambda pt: pt) if request.param == "direct" else roundtrip


def _at_greet(story: M.Story, via: Via) -> Playthrough:
    pt = Playthrough.start(story)
    while pt.current.kind != "choice":
        pt.advance()
    return via(pt)


def _lines(pt: Playthrough, via: Via) -> tuple[Playthrough, list[str]]:
    """Advance through lines, each time through ``via``, up to the next decision or ending:
    the playthrough then, and the lines shown."""
    shown = []
    while pt.current.kind == "line":
        shown.append(pt.current.text)
        pt.advance()
        pt = via(pt)
    return pt, shown


def test_a_reaction_plays_after_the_options_effects_then_goes_on_past_the_choice(story: M.Story, via: Via) -> None:
    pt = _at_greet(story, via)
    pt.choose(1)  # Good morning, comrade: trust +1 (5 to 6), then its reaction
    pt = via(pt)
    pt, shown = _lines(pt, via)
    assert shown == ["Good morning. Your trust is 6.", "He almost smiles.", "He walks on.",
                               "Back at your desk. Trust 6, warned no."]


def test_an_option_without_a_reaction_skips_the_others_reactions(story: M.Story, via: Via) -> None:
    pt = _at_greet(story, via)
    pt.choose(0)  # Nothing.
    pt, shown = _lines(via(pt), via)
    assert shown == ["He walks on.", "Back at your desk. Trust 5, warned no."]
    assert pt.state.ending == "kept"


def test_a_reaction_can_hold_a_choice_and_ends_by_going_to_the_options_next_scene(story: M.Story, via: Via) -> None:
    pt = _at_greet(story, via)
    pt.choose(2)  # Warn him about the letter: warned, then its reaction with a choice of its own
    pt = via(pt)
    pt, shown = _lines(pt, via)
    assert shown == ["Which letter?"]
    assert pt.current.kind == "choice" and pt.current.prompt == "Which letter?"
    assert pt.state.scene == "corridor"
    pt.choose(0)  # The one from the south: trust +2 (5 to 7), and its own reaction
    pt = via(pt)
    # "He walks on." (after the first choice) is skipped: the option goes to its next: scene
    pt, shown = _lines(pt, via)
    assert shown == ["I will read it tonight.", "Back at your desk. Trust 7, warned yes."]
    assert pt.state.ending == "kept" and [e["id"] for e in pt.state.log] == ["greet", "which"]


def test_undo_from_a_choice_inside_a_reaction_goes_back_to_the_option(story: M.Story, via: Via) -> None:
    pt = _at_greet(story, via)
    pt.choose(2)
    pt, _ = _lines(via(pt), via)
    assert pt.undo()
    pt = via(pt)
    assert pt.current.instr.id == "greet"  # type: ignore[union-attr]
    assert pt.variables["warned"] is False and pt.state.log == []


def test_the_checker_finds_every_reaction_beat_reachable(story: M.Story) -> None:
    report = analyse(story)
    assert report.diagnostics == [] and report.unreachable_scenes == []
    corridor = story.scenes["corridor"]
    reactions = [o.reaction for o in corridor.code[2].options]  # type: ignore[union-attr]
    assert reactions[0] is None and all(r is not None for r in reactions[1:])
    assert all(("corridor", r) in report.reachable for r in reactions if r is not None)


def test_the_map_draws_an_option_with_a_reaction_as_that_options_arrow(story: M.Story) -> None:
    graph = build(story)
    edges = [(e.source, e.target, e.kind, tuple(e.labels)) for e in graph.edges]
    assert ("corridor", "office", "choice", ("Warn him about the letter.",)) in edges
    # the options that go on past the choice leave by the goto after "He walks on.", each its own arrow
    assert ("corridor", "office", "choice", ("Good morning, comrade.",)) in edges
    assert ("corridor", "office", "choice", ("Nothing.",)) in edges
    # the reaction's own question is asked inside the scene: its options are no arrows of their own
    assert not any(labels == ("I am not sure.",) for _s, _t, _k, labels in edges)
