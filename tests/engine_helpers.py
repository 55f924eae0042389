"""Helpers shared by the engine, saves and property tests (not a test module itself)."""

from __future__ import annotations

import json
import random
from typing import Any

from game.engine.playthrough import Playthrough
from game.story import model as M


def roundtrip(pt: Playthrough) -> Playthrough:
    """Save to JSON text and load it again, as a save file would; the notice must be empty."""
    text = json.dumps(pt.to_json(), ensure_ascii=False)
    loaded, notice = Playthrough.restore(pt.story, json.loads(text))
    assert notice == "", notice
    return loaded


def step_view(pt: Playthrough) -> tuple[Any, ...]:
    """Everything a front end can see of the current step, as comparable plain data."""
    s = pt.current
    tally = (s.tally.votes_for, s.tally.against, s.tally.abstain, s.tally.seats) if s.tally else None
    return (s.kind, s.scene.id, s.text, s.speaker.id if s.speaker else None, s.document.id if s.document else None,
            s.prompt, tuple((o.index, o.text, o.historical) for o in s.options),
            s.chapter.id if s.chapter else None, s.date, s.place, tally, s.ending.id if s.ending else None)


def snapshot(pt: Playthrough) -> tuple[dict[str, Any], tuple[Any, ...]]:
    """The whole state and the current step: what must survive undo and save/load."""
    return pt.state.to_json(), step_view(pt)


def random_board(board: M.Appointments, rng: random.Random) -> dict[str, str]:
    """A valid assignment of people to posts, chosen at random."""
    while True:
        chosen: dict[str, str] = {}
        for post in board.posts:
            free = [c.person for c in post.candidates if c.person not in chosen.values()]
            if not free:
                break
            chosen[post.id] = rng.choice(free)
        else:
            return chosen


def act(pt: Playthrough, rng: random.Random, avoid: tuple[str, ...] = ()) -> None:
    """Take one step at random: choose (never an option whose text is in ``avoid``, if
    another is open), appoint, or advance past anything else."""
    step = pt.current
    if step.kind == "choice":
        options = [o for o in step.options if o.text not in avoid] or list(step.options)
        pt.choose(rng.choice(options).index)
    elif step.kind == "appointments":
        assert isinstance(step.instr, M.Appointments)
        pt.appoint(random_board(step.instr, rng))
    else:
        pt.advance()


def play_decisions(pt: Playthrough, decisions: int, rng: random.Random, avoid: tuple[str, ...] = ()) -> int:
    """Make up to ``decisions`` undoable decisions (choices, boards, votes); return how many."""
    start = pt.state.decisions
    while pt.state.decisions - start < decisions and pt.current.kind != "ending":
        act(pt, rng, avoid)
    return pt.state.decisions - start
