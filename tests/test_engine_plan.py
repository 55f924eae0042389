"""The engine's prepared plan (game/engine/plan.py) changes nothing a player or a save sees.

The plan works steps, transcript entries and effects out once per story, and lets
advance() hop over plain jumps and scene ends. Each story here is played on many
seeds twice, once with the plan and once with every step worked out from the
instructions alone (``Plan(story, prepared=False)``: the engine's original path),
with undo, forks and save/load round trips on the way; every step, the whole state
(transcript, decision log, chapter snapshots, glossary terms), every save and every
error must be the same.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import random
from pathlib import Path
from typing import Any, Iterator

import pytest

from engine_helpers import random_board, step_view
from game import paths
from game.engine import playthrough as engine
from game.engine.plan import Plan
from game.engine.playthrough import Playthrough, State, StoryRuntimeError
from game.engine.saves import from_json, to_json
from game.story import model as M
from game.story.loader import load_story

STORIES = Path(__file__).resolve().parent / "stories"


def _story(root: Path) -> M.Story:
    result = load_story(root)
    assert result.story is not None, [d.format() for d in result.diagnostics]
    return result.story


def _save_text(pt: Playthrough) -> str:
    data = to_json(pt)
    data["saved_at"] = ""
    return json.dumps(data, ensure_ascii=False)


def _play(story: M.Story, scenario: str, seed: int, steps: int = 3_000) -> Iterator[Any]:
    """Everything observable on one seeded random run, with undo, forks and saves on the way."""
    rng = random.Random(seed)
    try:
        pt = Playthrough.start(story, scenario, seed=seed)
    except StoryRuntimeError as exc:
        yield "cannot start", str(exc)
        return
    for _ in range(steps):
        yield pt.current, step_view(pt), pt.state.to_dict(), pt.meters(), pt.undo_depth, pt.finished
        if pt.current.kind == "ending":
            break
        roll = rng.random()
        if roll < 0.04 and pt.can_undo:
            pt.undo()
            yield "undone", pt.current, pt.state.to_dict()
        elif roll < 0.07:
            text = _save_text(pt)
            yield text
            pt, notice = from_json(story, json.loads(text))
            yield "loaded", notice
        elif roll < 0.08:
            pt = pt.fork()
        step = pt.current
        try:
            if step.kind == "choice":
                pt.choose(rng.choice(step.options).index)
            elif step.kind == "appointments":
                assert isinstance(step.instr, M.Appointments)
                pt.appoint(random_board(step.instr, rng))
            else:
                pt.advance()
        except StoryRuntimeError as exc:
            yield "error", str(exc), pt.state.to_dict()
            return
    yield _save_text(pt)
    while pt.undo():
        yield "undone", pt.current, pt.state.to_dict()


def _unprepared(monkeypatch: pytest.MonkeyPatch) -> None:
    """Play without the plan: every step worked out from the instructions."""
    plans: dict[int, Plan] = {}

    def plan_for(story: M.Story) -> Plan:
        return plans.setdefault(id(story), Plan(story, prepared=False))

    monkeypatch.setattr(engine, "plan_for", plan_for)


def _compare(story: M.Story, seeds: range, monkeypatch: pytest.MonkeyPatch) -> int:
    compared = 0
    for scenario in story.scenarios:
        for seed in seeds:
            planned = list(_play(story, scenario, seed))
            with monkeypatch.context() as m:
                _unprepared(m)
                plain = list(_play(story, scenario, seed))
            assert planned == plain, f"scenario '{scenario}', seed {seed}"
            compared += 1 if len(planned) > 1 else 0  # a run that got past its start
    return compared


@pytest.mark.parametrize("name", ["sample", "loop", "debrief", "runtime_error"])
def test_test_stories_play_the_same_with_and_without_the_plan(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    story = _story(STORIES / name)
    assert _compare(story, range(40), monkeypatch) == 40 * len(story.scenarios)


def test_the_campaign_plays_the_same_with_and_without_the_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    story = _story(paths.scenes_dir())
    assert _compare(story, range(12), monkeypatch) == 12 * len(story.scenarios)


def test_the_sample_story_takes_hops(sample_story: M.Story) -> None:
    """The comparison above exercises advance()'s hops, not only _settle."""
    hops = advances = 0
    for seed in range(20):
        rng = random.Random(seed)
        pt = Playthrough.start(sample_story, seed=seed)
        while pt.current.kind != "ending":
            step = pt.current
            if step.kind == "choice":
                pt.choose(rng.choice(step.options).index)
            elif step.kind == "appointments":
                assert isinstance(step.instr, M.Appointments)
                pt.appoint(random_board(step.instr, rng))
            else:
                advances += 1
                hops += pt._hop is not None
                pt.advance()
    assert 0 < hops < advances


def test_an_undo_point_copies_every_field_of_the_state(sample_story: M.Story) -> None:
    """State.copy is written out field by field; a field added later must be copied too."""
    pt = Playthrough.start(sample_story)
    copied = pt.state.copy()
    for f in dataclasses.fields(State):
        assert getattr(copied, f.name) == getattr(pt.state, f.name), f.name
    assert copied.variables is not pt.state.variables and copied.visits is not pt.state.visits
    assert copied.transcript is pt.state.transcript  # grows only: undo keeps its length


def test_a_shared_transcript_entry_refuses_changes_and_copies_to_a_plain_dict(sample_story: M.Story) -> None:
    """Entries made by the plan are shared by every playthrough of a story: changing one
    in place would change what others show, so it is refused; copies are plain dicts."""
    pt = Playthrough.start(sample_story)
    while pt.current.kind != "choice":
        pt.advance()
    entry = pt.state.transcript[-1]
    assert isinstance(entry, dict) and entry["kind"] in ("line", "document")
    with pytest.raises(TypeError, match="change a copy"):
        entry["text"] = "changed"
    with pytest.raises(TypeError):
        entry.update(text="changed")
    assert type(copy.deepcopy(entry)) is dict and copy.deepcopy(entry) == entry
    assert all(type(e) is dict for e in pt.state.to_dict()["transcript"])
    changed = dict(entry)
    changed["text"] = "changed"
    assert Playthrough.start(sample_story).state.transcript[-1] != changed
