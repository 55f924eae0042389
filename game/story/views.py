"""What a front end is shown of an instruction: Step, OptionView, Tally, transcript Entry.

Immutable views. They live in the story rather than the engine because the loader
makes the views of instructions that never vary (a line without ``{slots}``) once,
as part of the compiled story (model.Line.shown), and the engine shows those as they
are; import them from ``game.engine.playthrough``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn

if TYPE_CHECKING:  # model imports this module (Line.shown); at run time the names are only annotations
    from . import model as M


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


class Entry(dict[str, Any]):
    """A transcript entry made by the loader and shared by every playthrough of the
    story: an ordinary dict for reading, JSON and comparing, that refuses changes so
    that no front end can change what other playthroughs show. Copies of it (``dict()``,
    ``copy.copy``, ``copy.deepcopy``, as State.to_json makes) are plain dicts.

    ``words`` is its word count (text and prompt), counted once when the story is
    compiled, because the playtester totals the words of every run's transcript."""

    __slots__ = ("words",)

    def __init__(self, fields: dict[str, Any]) -> None:
        super().__init__(fields)
        self.words = len(str(fields.get("text", "")).split()) + len(str(fields.get("prompt", "")).split())

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("transcript entries are shared between playthroughs; change a copy (dict(entry))")

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _refuse

    def __copy__(self) -> dict[str, Any]:
        return dict(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        return copy.deepcopy(dict(self), memo)

    def __reduce__(self) -> tuple[type, tuple[dict[str, Any]]]:
        return dict, (dict(self),)
