"""How the meters move: per chapter, how many playtester runs have reached each meter's
maximum, and where the historical path stands (issue 12.5).

A meter that most players fill by chapter 4 says nothing for the rest of the game, so
the campaign keeps two rules, checked by tests/test_meter_distribution.py and reported
in docs/meters.md:

- in the playtester's random runs of the whole road, no more than 10 % reach a meter's
  maximum before chapter 8;
- the historical path (every historical option and candidate) reaches the maximum of a
  meter only in chapter 9.

Random runs are the playtester's own (``playtest.decide``: seeded, preferring the options
taken least so far), so the figures describe the runs ``after-lenin test`` plays.

    python -m game.tools.meters --runs 2000 --seed 1
"""

from __future__ import annotations

import argparse
import functools
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .. import paths
from ..engine.history_line import historical_board
from ..engine.playthrough import Playthrough
from ..story import model as M
from ..story import open_story
from .playtest import MAX_DECISIONS, Report, decide

#: The chapter from which a full meter is allowed for more than a few players.
LATE_CHAPTER = "ch8"
#: Share of random runs that may fill a meter before LATE_CHAPTER.
EARLY_MAX_SHARE = 0.10


@dataclass
class Trace:
    """One playthrough's meters: for each chapter, each meter's highest and last value."""

    peak: dict[str, dict[str, int]] = field(default_factory=dict)
    last: dict[str, dict[str, int]] = field(default_factory=dict)

    def note(self, chapter: str | None, meters: dict[str, int]) -> None:
        if chapter is None:
            return
        peak = self.peak.setdefault(chapter, dict(meters))
        for name, value in meters.items():
            if value > peak[name]:
                peak[name] = value
        self.last[chapter] = dict(meters)


def _play(story: M.Story, scenario: str, pick: Callable[[Playthrough], None]) -> Trace:
    pt = Playthrough.start(story, scenario)
    trace = Trace()
    trace.note(pt.state.chapter, pt.meters())
    steps = 0
    while not pt.finished and pt.current.kind != "ending":
        chapter = pt.state.chapter
        if pt.current.kind in ("choice", "appointments", "vote"):
            pick(pt)
        else:
            pt.advance()
        # A decision's effects belong to the chapter it was taken in, even when the same
        # step carries the player on into the next chapter.
        trace.note(chapter, pt.meters())
        if pt.state.chapter != chapter:
            trace.note(pt.state.chapter, pt.meters())
        steps += 1
        if steps > MAX_DECISIONS * 50:
            raise RuntimeError(f"scenario '{scenario}' did not end")
    return trace


def historical_pick(pt: Playthrough) -> None:
    """Take what really happened: the historical option or candidates, chosen as the
    engine's historical line chooses them (``engine.history_line``)."""
    step = pt.current
    if step.kind == "choice":
        pick = next((o for o in step.options if o.historical), step.options[0])
        pt.choose(pick.index)
    elif step.kind == "appointments":
        board = step.instr
        assert isinstance(board, M.Appointments)
        pt.appoint(historical_board(board)[0])
    else:
        pt.advance()


def historical_trace(story: M.Story, scenario: str = "stalin_full") -> Trace:
    """The meters along the historical path of ``scenario``."""
    return _play(story, scenario, historical_pick)


def random_traces(story: M.Story, runs: int, seed: int, scenario: str = "stalin_full") -> list[Trace]:
    """``runs`` playtester runs of ``scenario`` (seeds ``seed`` … ``seed + runs - 1``)."""
    report = Report()
    traces: list[Trace] = []
    for n in range(runs):
        rng = random.Random(seed + n)
        traces.append(_play(story, scenario, functools.partial(decide, rng=rng, report=report)))
    return traces


def meter_names(story: M.Story) -> list[str]:
    return [name for name, var in story.variables.items() if var.meter]


def full_by_chapter(story: M.Story, traces: Sequence[Trace]) -> dict[str, dict[str, float]]:
    """For each chapter and meter, the share of runs that have reached the meter's
    maximum at some moment up to the end of that chapter."""
    names = meter_names(story)
    out: dict[str, dict[str, float]] = {}
    reached = [set[str]() for _ in traces]
    for chapter in story.chapters:
        row: dict[str, float] = {}
        for name in names:
            top = story.variables[name].maximum
            count = 0
            for done, trace in zip(reached, traces):
                peak = trace.peak.get(chapter.id)
                if peak is not None and top is not None and peak[name] >= top:
                    done.add(name)
                if name in done:
                    count += 1
            row[name] = count / len(traces) if traces else 0.0
        out[chapter.id] = row
    return out


def early_violations(story: M.Story, traces: Sequence[Trace]) -> list[str]:
    """Meters more than EARLY_MAX_SHARE of runs fill before LATE_CHAPTER."""
    table = full_by_chapter(story, traces)
    ids = [c.id for c in story.chapters]
    before = ids[ids.index(LATE_CHAPTER) - 1]
    return [f"{name}: {share:.0%} of runs full by the end of {before}"
            for name, share in table[before].items() if share > EARLY_MAX_SHARE]


def historical_full(story: M.Story, trace: Trace) -> dict[str, list[str]]:
    """For each chapter, the meters the historical path fills during it."""
    out: dict[str, list[str]] = {}
    for chapter in story.chapters:
        peak = trace.peak.get(chapter.id, {})
        out[chapter.id] = [n for n in meter_names(story)
                           if n in peak and peak[n] >= (story.variables[n].maximum or 0)]
    return out


def _short(name: str) -> str:
    return name.removeprefix("trust.")


def format_tables(story: M.Story, traces: Sequence[Trace], hist: Trace) -> list[str]:
    """Markdown tables: share of runs full by each chapter's end, median value at each
    chapter's end, and the historical path's value at each chapter's end."""
    names = meter_names(story)
    full = full_by_chapter(story, traces)
    lines = [f"Share of {len(traces)} random runs that have reached the maximum by the end of each chapter:", "",
             "| chapter | " + " | ".join(_short(n) for n in names) + " |",
             "|---|" + "---:|" * len(names)]
    for chapter in story.chapters:
        lines.append(f"| {chapter.id} | " + " | ".join(f"{full[chapter.id][n]:.1%}" for n in names) + " |")
    lines += ["", "Median value at the end of each chapter (random runs), and the historical path's value:", "",
              "| chapter | " + " | ".join(f"{_short(n)} (hist.)" for n in names) + " |",
              "|---|" + "---:|" * len(names)]
    for chapter in story.chapters:
        cells = []
        for n in names:
            values = sorted(t.last[chapter.id][n] for t in traces if chapter.id in t.last)
            median = values[len(values) // 2] if values else 0
            h = hist.last.get(chapter.id, {}).get(n)
            cells.append(f"{median} ({h if h is not None else '—'})")
        lines.append(f"| {chapter.id} | " + " | ".join(cells) + " |")
    filled = historical_full(story, hist)
    first = next((c for c, ms in filled.items() if ms), None)
    lines += ["", "Historical path: first reaches a maximum in "
              + (f"{first} ({', '.join(_short(n) for n in filled[first])})" if first else "no chapter") + "."]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Print the tables for docs/meters.md; exit status 1 if a rule is broken."""
    parser = argparse.ArgumentParser(prog="python -m game.tools.meters", description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", default=str(paths.scenes_dir()))
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    result = open_story(args.dir)
    if result.story is None:
        for d in result.diagnostics:
            print(d.format(), file=sys.stderr)
        return 2
    story = result.story
    traces = random_traces(story, args.runs, args.seed)
    hist = historical_trace(story)
    for line in format_tables(story, traces, hist):
        print(line)
    problems = early_violations(story, traces)
    filled = historical_full(story, hist)
    last = story.chapters[-1].id
    problems += [f"historical path fills {', '.join(ms)} in {c}" for c, ms in filled.items() if ms and c != last]
    for p in problems:
        print(f"rule broken: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
