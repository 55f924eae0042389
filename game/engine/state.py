"""The state of a playthrough: everything that changes during play, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..story.expr import Value


@dataclass
class State:
    """Everything that changes during play. Plain data: it is what saves hold."""

    scenario: str
    role: str
    seed: int
    scene: str
    pc: int
    variables: dict[str, Value]
    visits: dict[str, int] = field(default_factory=dict)
    chapter: str | None = None
    log: list[dict[str, Any]] = field(default_factory=list)
    snapshots: list[dict[str, Any]] = field(default_factory=list)
    transcript: list[dict[str, Any]] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    ending: str | None = None
    decisions: int = 0

    def to_dict(self) -> dict[str, Any]:
        """An independent copy as JSON-ready data (what a save's ``state`` holds)."""
        return {
            "scenario": self.scenario, "role": self.role, "seed": self.seed,
            "scene": self.scene, "pc": self.pc, "variables": dict(self.variables),
            "visits": dict(self.visits), "chapter": self.chapter, "log": json_copy(self.log),
            "snapshots": json_copy(self.snapshots), "transcript": json_copy(self.transcript),
            "terms": list(self.terms), "ending": self.ending, "decisions": self.decisions,
        }


def json_copy(value: Any) -> Any:
    """A copy of JSON-shaped data (dicts, lists, scalars): what copy.deepcopy gives, at a fifth of the cost,
    because it needs no memo (the state holds no cycles) and no per-object hooks. The browser server
    saves the whole state at every step (bench/web.py)."""
    if isinstance(value, dict):
        return {k: json_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_copy(v) for v in value]
    return value
