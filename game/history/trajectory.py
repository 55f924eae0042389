"""The trajectory: each meter at every chapter end, the player's line beside history's.

A meter's historical line is what the story declares (``historical: {chapter:
value}`` on the variable). Where a meter declares none, the line is computed by
playing the same scenario taking every option the story marks historical; the
result says which of the two each line is, so nobody mistakes a computed line for
a sourced one.

A one-chapter scenario's chart has two points, the chapter's start and its end (one point
is no line): the start is where the scenario begins, for the player and for history alike,
unless the story declares history's value at the end of the chapter before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..engine.history_line import historical_line
from ..engine.playthrough import NotNow, Playthrough, StoryRuntimeError
from ..story import model as M

DECLARED = "declared"
COMPUTED = "computed"
NONE = "none"

SOURCE_NOTES = {
    DECLARED: "historical line declared in the story",
    COMPUTED: "historical line computed by playing the story's historical options",
    NONE: "no historical line",
}

@dataclass(frozen=True, slots=True)
class ChapterTick:
    """One point on the chart's horizontal axis: the end of a chapter."""

    id: str
    number: int  # 1-based in the story; a start tick carries the number of the chapter before (0 for none)
    title: str
    start: bool = False  # the start of a one-chapter scenario's chapter, not a chapter's end

    @property
    def label(self) -> str:
        """How a table or chart names the point: "Chapter 4", or "Start of chapter 4"."""
        return f"Start of chapter {self.number + 1}" if self.start else f"Chapter {self.number}"


@dataclass(frozen=True, slots=True)
class MeterLine:
    """One meter: the player's value and the historical value at each chapter end."""

    name: str
    label: str
    minimum: int
    maximum: int
    player: tuple[int | None, ...]  # one per tick; None: not reached
    historical: tuple[int | None, ...]
    source: str  # declared | computed | none
    note: str  # SOURCE_NOTES[source], plus a caveat if the replay had to guess


@dataclass(frozen=True, slots=True)
class Trajectory:
    chapters: tuple[ChapterTick, ...]
    meters: tuple[MeterLine, ...]
    current: str  # chapter id whose player value is "so far" (an unfinished playthrough), or ""


@dataclass(frozen=True, slots=True)
class _Replay:
    values: Mapping[str, Mapping[str, int]]  # chapter -> meter -> value
    guessed: bool  # some decision had no historical option open, so the first one was taken


_CACHE: dict[tuple[str, str, str, str], _Replay | None] = {}
_CACHE_LIMIT = 16


def historical_replay(story: M.Story, scenario: str) -> _Replay | None:
    """Meters at each chapter end on the historical line (``engine.history_line``) of ``scenario``.

    None when the story cannot be played that way (a runtime error, or it never ends).
    Cached per story content and scenario: it is the same every time.
    """
    key = (story.id, str(story.version), story.content_hash, scenario)
    if key in _CACHE:
        return _CACHE[key]
    line = historical_line(story, scenario)
    result = None if line is None else _Replay(line.chapter_ends, line.guessed)
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = result
    return result


START = "start:"


def _axis(story: M.Story, pt: Playthrough) -> tuple[ChapterTick, ...]:
    scenario = story.scenarios.get(pt.state.scenario)
    only = scenario.chapter if scenario is not None else None
    chapters = [c for c in story.chapters if only is None or c.id == only]
    ticks = tuple(ChapterTick(c.id, story.chapter_index(c.id) + 1, c.title) for c in chapters)
    if only is not None and len(ticks) == 1:
        first = ticks[0]
        ticks = (ChapterTick(START + first.id, first.number - 1, f"Start of chapter {first.number}: {first.title}",
                             start=True), first)
    return ticks


def _start_values(story: M.Story, scenario: str) -> dict[str, int]:
    """The meters where a scenario begins (its presets applied), for a one-chapter chart's first point."""
    try:
        return Playthrough.start(story, scenario).meters()
    except (StoryRuntimeError, NotNow):
        return {}


def build_trajectory(pt: Playthrough) -> Trajectory:
    """Meters at every chapter end, the player's line and the historical line."""
    story = pt.story
    ticks = _axis(story, pt)
    player_at = {snap["chapter"]: snap["meters"] for snap in pt.state.snapshots}
    start = next((t for t in ticks if t.start), None)
    begun: dict[str, int] = {}
    if start is not None:
        begun = _start_values(story, pt.state.scenario)
        player_at = {**player_at, start.id: begun}
    before = story.chapters[start.number - 1].id if start is not None and start.number > 0 else ""
    current = ""
    if pt.state.ending is None and pt.state.chapter and pt.state.chapter not in player_at:
        current = pt.state.chapter
        player_at = {**player_at, current: pt.meters()}
    replay: _Replay | None = None
    lines = []
    for var in story.meters():
        lo = var.minimum if var.minimum is not None else 0
        hi = var.maximum if var.maximum is not None else 10
        player = tuple(_int(player_at.get(t.id, {}).get(var.name)) for t in ticks)
        if var.historical:
            hist = tuple(var.historical.get(before, _int(begun.get(var.name))) if t.start
                         else var.historical.get(t.id) for t in ticks)
            source, note = DECLARED, SOURCE_NOTES[DECLARED]
        else:
            if replay is None:
                replay = historical_replay(story, pt.state.scenario)
            if replay is None:
                hist = tuple(None for _ in ticks)
                source, note = NONE, SOURCE_NOTES[NONE] + " (the historical options could not be played through)"
            else:
                hist = tuple(_int(begun.get(var.name)) if t.start else _int(replay.values.get(t.id, {}).get(var.name))
                             for t in ticks)
                source, note = COMPUTED, SOURCE_NOTES[COMPUTED]
                if replay.guessed:
                    note += " (where the story marks none, the first option)"
        lines.append(MeterLine(var.name, var.label or var.name, lo, hi, player, hist, source, note))
    return Trajectory(ticks, tuple(lines), current)


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
