"""Replaying decisions onto a story: after a hot reload, and along the historical line.

:func:`replay` starts a game again (a :class:`~game.engine.start.Start`) on a story that
may have changed, re-takes a decision log in order and walks on to where play was: the
window's hot reload (game/ui/session.py, driven by game/ui/watch.py) uses it.
:func:`play_historically` plays a scenario taking the historical option at every
decision: the debrief's historical line (game/history/trajectory.py) uses it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..story import model as M
from .playthrough import NotNow, Playthrough
from .start import Start

#: How many visible steps a replay may walk after the last decision to find the old position.
WALK = 400
#: Steps a replay takes at most (a story that loops without deciding).
STEP_LIMIT = 100_000


def replay(story: M.Story, start: Start, log: Sequence[dict[str, Any]], where: tuple[str, int] | None = None,
           walk: int = 0) -> tuple[Playthrough, str]:
    """Begin ``start`` on ``story`` and re-take ``log``'s decisions; then walk on towards ``where``
    (scene, position), at most ``walk`` steps (0: up to :data:`WALK`), never past a decision.

    Returns the playthrough and a notice ('' when everything was replayed). Where the
    story changed too much, play stops at the first decision that no longer fits, and the
    notice says so. Raises StoryRuntimeError (or KeyError) when the story cannot start.
    """
    pt = start.begin(story)
    taken = 0
    notice = ""
    for _ in range(STEP_LIMIT):
        if taken >= len(log):
            break
        step = pt.current
        entry = log[taken]
        if step.kind == "ending":
            notice = "The story changed: it now ends before your last decisions."
            break
        instr = step.instr
        if step.kind in ("choice", "appointments", "vote") and getattr(instr, "id", None) != entry.get("id"):
            notice = f"The story changed at '{getattr(instr, 'id', '?')}': play continues from there."
            break
        try:
            if step.kind == "choice":
                option = entry.get("option")
                if option not in {o.index for o in step.options}:
                    notice = f"Your option at '{entry.get('id')}' is no longer open: choose again."
                    break
                pt.choose(int(option))
                taken += 1
            elif step.kind == "appointments":
                pt.appoint(dict(entry.get("posts") or {}))
                taken += 1
            elif step.kind == "vote":
                pt.advance()
                taken += 1
            else:
                pt.advance()
        except NotNow:
            notice = f"Your decision at '{entry.get('id')}' no longer fits the story: decide again."
            break
    if notice or taken < len(log):
        return pt, notice or "The story changed: play continues from the last decision that still fits."
    if where is None:
        return pt, ""
    for _ in range(walk if walk > 0 else WALK):
        state = pt.state
        if (state.scene, state.pc) == where:
            break
        if pt.current.kind in ("choice", "appointments", "vote", "ending"):
            break
        pt.advance()
    return pt, ""


def play_historically(story: M.Story, scenario: str, limit: int = STEP_LIMIT) -> tuple[Playthrough, bool] | None:
    """Play ``scenario`` to its end taking the historical option at every decision (on a board,
    the historical candidate for every post). Returns the finished playthrough and whether
    some decision had no historical option open (the first open one was taken then); None
    when it does not end within ``limit`` steps. Raises StoryRuntimeError or NotNow when
    the story cannot be played that way."""
    guessed = False
    pt = Playthrough.start(story, scenario)
    for _ in range(limit):
        step = pt.current
        if step.kind == "ending":
            return pt, guessed
        if step.kind == "choice":
            pick = next((o for o in step.options if o.historical), None)
            if pick is None:
                guessed = True
                pick = step.options[0]
            pt.choose(pick.index)
        elif step.kind == "appointments":
            board = step.instr
            assert isinstance(board, M.Appointments)
            assignment, ok = _historical_board(board)
            guessed = guessed or not ok
            pt.appoint(assignment)
        else:
            pt.advance()
    return None


def _historical_board(board: M.Appointments) -> tuple[dict[str, str], bool]:
    """The historical candidate for every post (or, failing that, any free one)."""
    used: set[str] = set()
    out: dict[str, str] = {}
    ok = True
    for post in board.posts:
        cand = next((c for c in post.candidates if c.historical and c.person not in used), None)
        if cand is None:
            ok = False
            cand = next((c for c in post.candidates if c.person not in used), post.candidates[0])
        used.add(cand.person)
        out[post.id] = cand.person
    return out, ok
