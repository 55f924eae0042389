"""Resolving how a game starts — ``--scenario``, ``--role``, ``--set`` — in one place.

The terminal, the window and the browser all call these, so a start request means the same
thing, with the same messages, in every front end.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..story.expr import Value
from ..story.model import Story


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
