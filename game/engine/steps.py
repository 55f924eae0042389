"""What a front end sees of a playthrough at each step: Step, OptionView, Tally.

Immutable views. They live here, apart from the engine, because the engine's
per-story plan (plan.py) builds many of them ahead of play; import them from
``game.engine.playthrough`` as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from ..story import model as M


class OptionView(NamedTuple):
    """An option as the player sees it. ``index`` is what ``choose`` takes. Immutable."""

    index: int  # type: ignore[assignment]  # (a field, where tuple has a method)
    text: str
    historical: bool


@dataclass(frozen=True, slots=True)
class Tally:
    votes_for: int
    against: int
    abstain: int
    seats: int

    @property
    def passed(self) -> bool:
        return self.votes_for > self.against


class Step(NamedTuple):
    """What the player sees now. ``kind`` is one of: line, document, choice,
    chapter, vote, appointments, ending.

    Immutable. A named tuple rather than a frozen dataclass because one is built at
    every step of play, and a frozen dataclass costs four times as much to build
    (bench/ measures playthroughs per second).
    """

    kind: str
    scene: M.Scene
    instr: M.Instr
    text: str = ""
    speaker: M.Character | None = None
    document: M.Document | None = None
    prompt: str = ""
    options: tuple[OptionView, ...] = ()
    chapter: M.Chapter | None = None
    date: str = ""
    place: str = ""
    tally: Tally | None = None
    ending: M.Ending | None = None

    @property
    def needs_decision(self) -> bool:
        return self.kind in ("choice", "appointments")


#: Builds a named tuple from a tuple without the Python-level ``__new__``: for the
#: objects made at every step of play (measured in bench/).
tuple_new = tuple.__new__
