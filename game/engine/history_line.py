"""The historical line: a scenario played taking what really happened at every decision.

One function, used by everything that needs history's own path through the story: the
debrief's historical meter line (``game.history.trajectory``), the writers' check that a
chapter scenario starts where the historical path arrives (``game.tools.historyline``),
and ``--scene``, which starts a scene with the values history brings there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..story import model as M
from ..story.expr import Value
from .playthrough import NotNow, Playthrough, StoryRuntimeError

#: Steps the replay may take before it gives up (a story that loops).
STEP_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class HistoricalLine:
    """What the historical path through one scenario met."""

    #: scene id -> every variable at the first step shown in that scene (first visit)
    arrivals: Mapping[str, Mapping[str, Value]]
    #: chapter id -> meters at the chapter's end (the playthrough's chapter snapshots)
    chapter_ends: Mapping[str, Mapping[str, int]]
    #: some decision had no historical option open, so the first open one was taken
    guessed: bool


def historical_board(board: M.Appointments) -> tuple[dict[str, str], bool]:
    """The historical candidate for every post (or, failing that, any free one); ok=False if guessed."""
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


def play_historically(story: M.Story, scenario: str, limit: int = STEP_LIMIT,
                      arrivals: dict[str, Mapping[str, Value]] | None = None) -> tuple[Playthrough, bool] | None:
    """Play ``scenario`` to its end taking the historical option at every decision (on a board,
    the historical candidate for every post); votes fall as the story's numbers make them fall.

    Returns the finished playthrough and whether some decision had no historical option open
    (the first open one was taken then); None when it does not end within ``limit`` steps.
    With ``arrivals``, every variable at the first step shown in each scene is noted there.
    Raises StoryRuntimeError or NotNow when the story cannot be played that way.
    """
    guessed = False
    pt = Playthrough.start(story, scenario)
    for _ in range(limit):
        if arrivals is not None and pt.state.scene not in arrivals:
            arrivals[pt.state.scene] = MappingProxyType(dict(pt.state.variables))
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
            assignment, ok = historical_board(board)
            guessed = guessed or not ok
            pt.appoint(assignment)
        else:
            pt.advance()
    return None


def historical_line(story: M.Story, scenario: str) -> HistoricalLine | None:
    """What ``scenario`` meets played as history went (:func:`play_historically`).

    None when the story cannot be played that way (a runtime error, or no ending within
    ``STEP_LIMIT`` steps).
    """
    arrivals: dict[str, Mapping[str, Value]] = {}
    try:
        played = play_historically(story, scenario, arrivals=arrivals)
    except (StoryRuntimeError, NotNow):
        return None
    if played is None:
        return None
    pt, guessed = played
    ends = {snap["chapter"]: MappingProxyType(dict(snap["meters"])) for snap in pt.state.snapshots}
    return HistoricalLine(MappingProxyType(arrivals), MappingProxyType(ends), guessed)


def full_scenario(story: M.Story, role: str) -> str | None:
    """The scenario of ``role`` that plays the whole story (no ``chapter:``): history's whole path."""
    for sc in story.scenarios.values():
        if sc.role == role and sc.chapter is None:
            return sc.id
    return None
