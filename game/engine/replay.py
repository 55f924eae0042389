"""Replaying a decision log onto a story that may have changed (hot reload).

:func:`replay` starts a game again (a :class:`~game.engine.start.Start`) on a story that
may have changed, re-takes a decision log in order and walks on to where play was: the
window's hot reload (game/ui/session.py, driven by game/ui/watch.py) uses it.
The historical line (every decision taken as history went) is game/engine/history_line.py.
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
