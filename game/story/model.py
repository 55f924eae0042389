"""The immutable story: what the loader builds and everything else reads.

Scenes are compiled into flat lists of instructions (``if`` becomes a
conditional jump), so a position in the story is simply ``(scene id, index)``
— small to save, cheap to step, and easy to check after the story changes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .expr import Env, Expr, Value, VarType
from .views import Entry, OptionView, Step


@dataclass(frozen=True, slots=True)
class Loc:
    """Where something was written: file (relative to the story folder), line, column."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


# --- text -------------------------------------------------------------------------

_INTERP = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


@dataclass(frozen=True, slots=True)
class Text:
    """Player-visible text with ``{var}`` slots, and the glossary terms it mentions."""

    source: str
    parts: tuple[str | tuple[str], ...]  # literal text, or (variable name,)
    terms: tuple[str, ...] = ()
    #: The text itself when it has no slots (most text): render() is called at every step.
    plain: str | None = field(default=None, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        parts = self.parts
        if len(parts) == 1 and isinstance(parts[0], str):
            object.__setattr__(self, "plain", parts[0])

    def render(self, env: Env) -> str:
        plain = self.plain
        if plain is not None:
            return plain
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
            else:
                out.append(_show(env[part[0]]))
        return "".join(out)


def _show(value: Value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def split_text(source: str) -> tuple[tuple[str | tuple[str], ...], list[tuple[str, int]]]:
    """Split text into literal parts and variable slots; also return (name, offset) slots."""
    if "{" not in source and "}" not in source:
        return (source,), []  # most text has no slots: skip the regular expression
    parts: list[str | tuple[str]] = []
    slots: list[tuple[str, int]] = []
    buf: list[str] = []
    pos = 0
    for m in _INTERP.finditer(source):
        buf.append(source[pos:m.start()])
        token = m.group()
        if token == "{{":
            buf.append("{")
        elif token == "}}":
            buf.append("}")
        else:
            if buf:
                parts.append("".join(buf))
                buf = []
            name = m.group(1).strip()
            parts.append((name,))
            slots.append((name, m.start()))
        pos = m.end()
    buf.append(source[pos:])
    tail = "".join(buf)
    if tail or not parts:
        parts.append(tail)
    return tuple(parts), slots


# --- story-wide tables --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    type: VarType
    initial: Value
    minimum: int | None
    maximum: int | None
    label: str
    meter: bool
    historical: Mapping[str, int]
    loc: Loc

    def clamp(self, value: Value) -> Value:
        """Keep ints inside the declared range (effects saturate rather than fail)."""
        if self.type.kind != "int":
            return value
        assert isinstance(value, int)
        if self.minimum is not None and value < self.minimum:
            return self.minimum
        if self.maximum is not None and value > self.maximum:
            return self.maximum
        return value


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    name: str
    title: str
    description: str


@dataclass(frozen=True, slots=True)
class Chapter:
    id: str
    title: str
    dates: str
    start: str  # ISO date
    end: str
    summary: str


@dataclass(frozen=True, slots=True)
class Effect:
    """``variable := expr`` (mode 'set') or ``variable += expr`` (mode 'add')."""

    variable: str
    mode: str
    expr: Expr
    loc: Loc
    #: The variable's declared range (ints only; None: no bound), copied here by the
    #: loader so that running an effect needs no lookup of its variable.
    low: int | None = None
    high: int | None = None
    #: The value itself when ``expr`` is a constant ("+1", "true": most effects), so that
    #: running it calls nothing; None when it must be evaluated.
    constant: Value | None = None


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    title: str
    role: str
    start: str
    dates: str
    minutes: int
    preset: tuple[Effect, ...]
    objectives: tuple[str, ...]
    chapter: str | None = None  # a one-chapter scenario ends when another chapter begins


@dataclass(frozen=True, slots=True)
class Ending:
    id: str
    title: str
    summary: str
    historical: bool
    debrief: str
    sources: tuple[str, ...]
    loc: Loc | None = None  # where it is declared (None for a one-chapter scenario's end)


@dataclass(frozen=True, slots=True)
class Factor:
    id: str
    title: str
    description: str


@dataclass(frozen=True, slots=True)
class Character:
    id: str
    name: str
    title: str
    years: str
    portrait: str
    bio: str


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    term: str
    aliases: tuple[str, ...]
    definition: str


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    title: str
    date: str
    text: str
    attribution: str
    source: str


@dataclass(frozen=True, slots=True)
class Reading:
    view: str
    held_by: str


@dataclass(frozen=True, slots=True)
class Dispute:
    question: str
    readings: tuple[Reading, ...]


@dataclass(frozen=True, slots=True)
class HistoryRecord:
    id: str
    date: str
    title: str
    what: str
    why: str
    sources: tuple[str, ...]
    factors: tuple[str, ...]
    disputed: Dispute | None
    loc: Loc
    #: Where its ``sources:`` list is written (the lint check AL049 points there).
    sources_at: Loc | None = None


# --- instructions -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """Narration (speaker None) or a character's line."""

    text: Text
    speaker: str | None
    loc: Loc
    #: What showing it gives when its text has no slots (most lines): the step and the
    #: transcript entry, made once by the loader (see loader._compile_views).
    shown: tuple[Step, Entry] | None = field(default=None, init=False, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ShowDocument:
    document: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class Option:
    text: Text
    condition: Expr | None
    effects: tuple[Effect, ...]
    next: str | None
    historical: bool
    loc: Loc
    #: Where the option's own beats (its reaction, ``then:``) start in the scene's code,
    #: or None when it has none. They run right after it is chosen and end by going on
    #: as the option would have without them (to its ``next:`` scene or past the choice).
    reaction: int | None = None
    #: What the player is shown of it when its text has no slots (loader._compile_views).
    view: OptionView | None = field(default=None, init=False, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    prompt: Text | None
    options: tuple[Option, ...]
    history: str | None
    factors: tuple[str, ...]
    loc: Loc
    #: Where its ``history:`` link and its ``options:`` list are written, for the lint
    #: checks that point at them (AL048, AL042).
    history_at: Loc | None = None
    options_at: Loc | None = None
    #: The glossary terms of the prompt, then of every option (shown or not), in order:
    #: what showing it notes (loader._compile_views).
    terms: tuple[str, ...] = field(default=(), init=False, compare=False, repr=False)
    #: Its step when nothing in it can vary (no slots, no option with ``if:``): made once
    #: by the loader (loader._compile_views).
    shown: Step | None = field(default=None, init=False, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class SetVars:
    effects: tuple[Effect, ...]
    loc: Loc


@dataclass(frozen=True, slots=True)
class JumpUnless:
    """Jump to ``target`` unless ``condition`` holds (an ``if`` beat)."""

    condition: Expr
    target: int
    loc: Loc


@dataclass(frozen=True, slots=True)
class Jump:
    target: int
    loc: Loc


@dataclass(frozen=True, slots=True)
class Goto:
    scene: str
    loc: Loc
    #: When this goto closes an option's reaction (going on to the option's ``next:``):
    #: the position of the choice in the scene's code and the option's index, so that
    #: maps draw it as that option's arrow.
    ends_reaction: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class ChapterCard:
    chapter: str
    date: str
    place: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class Outcome:
    effects: tuple[Effect, ...]
    next: str | None


@dataclass(frozen=True, slots=True)
class Vote:
    id: str
    body: str
    date: str
    motion: Text
    seats: int
    votes_for: Expr
    abstain: Expr | None
    history: str | None
    factors: tuple[str, ...]
    passed: Outcome
    failed: Outcome
    loc: Loc


@dataclass(frozen=True, slots=True)
class Candidate:
    person: str
    effects: tuple[Effect, ...]
    historical: bool
    note: str


@dataclass(frozen=True, slots=True)
class Post:
    id: str
    title: str
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True, slots=True)
class Appointments:
    id: str
    prompt: Text
    posts: tuple[Post, ...]
    history: str | None
    factors: tuple[str, ...]
    loc: Loc


@dataclass(frozen=True, slots=True)
class EndingBeat:
    ending: str
    loc: Loc


Instr = (
    Line | ShowDocument | Choice | SetVars | JumpUnless | Jump | Goto | ChapterCard | Vote
    | Appointments | EndingBeat
)

#: Prefix of the synthetic ending of a one-chapter scenario: "chapter_end:ch4".
CHAPTER_END = "chapter_end:"

#: Instructions the player sees and must act on (the others run silently).
VISIBLE = (Line, ShowDocument, Choice, ChapterCard, Vote, Appointments, EndingBeat)
#: Decisions: instructions that end up in the decision log.
DECISIONS = (Choice, Vote, Appointments)


@dataclass(frozen=True, slots=True)
class Scene:
    id: str
    title: str
    chapter: str | None
    date: str
    place: str
    background: str
    next: str | None
    code: tuple[Instr, ...]
    loc: Loc


def _frozen(d: Mapping[str, object]) -> Mapping[str, object]:
    return MappingProxyType(dict(d))


@dataclass(frozen=True)
class Story:
    """A whole story, validated. Never changes after loading."""

    id: str
    title: str
    version: int
    content_hash: str
    root: str  # the folder the story was loaded from
    variables: Mapping[str, Variable]
    roles: Mapping[str, Role]
    chapters: tuple[Chapter, ...]
    scenarios: Mapping[str, Scenario]
    endings: Mapping[str, Ending]
    factors: Mapping[str, Factor]
    characters: Mapping[str, Character]
    glossary: Mapping[str, Term]
    documents: Mapping[str, Document]
    records: Mapping[str, HistoryRecord]
    scenes: Mapping[str, Scene]
    scene_chapter: Mapping[str, str] = field(default_factory=dict)

    def chapter(self, chapter_id: str | None) -> Chapter | None:
        for chapter in self.chapters:
            if chapter.id == chapter_id:
                return chapter
        return None

    def chapter_index(self, chapter_id: str | None) -> int:
        for i, chapter in enumerate(self.chapters):
            if chapter.id == chapter_id:
                return i
        return -1

    def meters(self) -> list[Variable]:
        return [v for v in self.variables.values() if v.meter]

    def decisions(self) -> list[tuple[Scene, int, Choice | Vote | Appointments]]:
        """Every decision in the story, in file order."""
        out: list[tuple[Scene, int, Choice | Vote | Appointments]] = []
        for scene in self.scenes.values():
            for pc, instr in enumerate(scene.code):
                if isinstance(instr, DECISIONS):
                    out.append((scene, pc, instr))
        return out

    def decision(self, decision_id: str) -> Choice | Vote | Appointments | None:
        for _scene, _pc, instr in self.decisions():
            if instr.id == decision_id:
                return instr
        return None

    def ending(self, ending_id: str | None) -> Ending | None:
        """A declared ending, or the synthetic end of a one-chapter scenario."""
        if ending_id is None:
            return None
        if ending_id in self.endings:
            return self.endings[ending_id]
        if ending_id.startswith(CHAPTER_END):
            chapter = self.chapter(ending_id[len(CHAPTER_END):])
            if chapter is not None:
                number = self.chapter_index(chapter.id) + 1
                return Ending(ending_id, f"End of chapter {number}: {chapter.title}",
                              # No "below": in the window nothing is below until the player asks (12.9).
                              "You have played this chapter to its end: now see how your decisions compare"
                              " with history.", False, "", ())
        return None

    def historical_ending(self) -> Ending | None:
        return next((e for e in self.endings.values() if e.historical), None)
