"""How a game starts — scenario, role, ``--scene``, ``--set`` — resolved in one place.

The terminal, the window and the browser all call :func:`resolve` and :meth:`Start.begin`,
so a start request means the same thing, with the same messages, in every front end.
A :class:`Start` is also what a hot reload starts again before it replays the decisions
(game/engine/replay.py).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..story.expr import Value
from ..story.model import Story

if TYPE_CHECKING:
    from .playthrough import Playthrough
    from .scene_start import SceneStart


class StartError(ValueError):
    """A start request the story cannot meet; the message says why and what to write instead."""


@dataclass(frozen=True)
class Start:
    """How a playthrough begins: a scenario, the seed, and (writers testing) a scene to
    begin at with variables set on top of the scenario's presets."""

    scenario: str
    seed: int = 0
    scene: str | None = None
    overrides: Mapping[str, Value] = field(default_factory=dict)
    #: for a ``--scene`` start: where its values come from, to tell the writer (``describe``)
    jump: SceneStart | None = field(default=None, compare=False)

    def begin(self, story: Story) -> Playthrough:
        """A new playthrough of ``story`` started this way (StoryRuntimeError if the story cannot start)."""
        from .playthrough import Playthrough

        return Playthrough.start(story, self.scenario, seed=self.seed, scene=self.scene, overrides=self.overrides)


def resolve(story: Story, scenario: str | None = None, role: str | None = None, scene: str | None = None,
            sets: Sequence[str] = (), seed: int = 0) -> Start:
    """Turn ``--scenario``/``--role``/``--scene``/``--set VAR=VALUE`` into a :class:`Start`,
    or raise StartError with one clear message. A ``--scene`` start takes the starting values
    of the scene's chapter (game/engine/scene_start.py), ``--set`` on top."""
    try:
        picked = pick_scenario(story, scenario, role)
        overrides = parse_sets(story, sets)
    except ValueError as exc:
        raise StartError(str(exc)) from None
    if sets and not scene:
        raise StartError("--set works together with --scene")
    if scene is None:
        return Start(picked, seed, None, overrides)
    problem = scene_problem(story, scene)
    if problem:
        raise StartError(problem)
    # the scene's chapter gives the values (scene_start says which, and what they hide)
    from .scene_start import scene_start

    jump = scene_start(story, scene, scenario, role, overrides)
    return Start(jump.scenario, seed, scene, jump.overrides, jump)


def scene_problem(story: Story, scene: str) -> str | None:
    """None if ``scene`` exists, else a message with the nearest id."""
    if scene in story.scenes:
        return None
    guess = difflib.get_close_matches(scene, list(story.scenes), n=1)
    return f"no scene '{scene}'" + (f" — did you mean '{guess[0]}'?" if guess else "")


def parse_sets(story: Story, items: Sequence[str]) -> dict[str, Value]:
    """Read ``--set VAR=VALUE`` items as typed values of declared variables, or raise ValueError."""
    out: dict[str, Value] = {}
    for item in items:
        name, eq, raw = item.partition("=")
        name = name.strip()
        if not eq or name not in story.variables:
            known = ", ".join(story.variables)
            raise ValueError(f"--set {item}: expected VAR=VALUE with a declared variable ({known})")
        var = story.variables[name]
        raw = raw.strip()
        if var.type.kind == "int":
            try:
                out[name] = int(raw)
            except ValueError:
                raise ValueError(f"--set {item}: '{name}' is a whole number") from None
            # a value the story could never hold is a typo, not something to clamp silently
            if var.clamp(out[name]) != out[name]:
                bounds = " and ".join(f"{word} {n}" for word, n in (("at least", var.minimum), ("at most", var.maximum))
                                      if n is not None)
                raise ValueError(f"--set {item}: '{name}' is {bounds}")
        elif var.type.kind == "bool":
            if raw.lower() not in ("true", "false"):
                raise ValueError(f"--set {item}: '{name}' is true or false")
            out[name] = raw.lower() == "true"
        else:
            if raw not in var.type.values:
                raise ValueError(f"--set {item}: '{name}' is one of {', '.join(var.type.values)}")
            out[name] = raw
    return out


def pick_scenario(story: Story, scenario: str | None, role: str | None) -> str:
    """Resolve --scenario/--role to a scenario id, or raise ValueError with the choices."""
    if scenario:
        if scenario not in story.scenarios:
            raise ValueError(f"no scenario '{scenario}'; choose one of: {', '.join(story.scenarios)}")
        if role and story.scenarios[scenario].role != role:
            raise ValueError(f"scenario '{scenario}' is played as '{story.scenarios[scenario].role}', not '{role}'")
        return scenario
    if role:
        for sc in story.scenarios.values():
            if sc.role == role:
                return sc.id
        raise ValueError(f"no role '{role}'; choose one of: {', '.join(story.roles)}")
    return next(iter(story.scenarios))
