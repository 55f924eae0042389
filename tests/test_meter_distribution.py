"""Meters stay meaningful (issue 12.5), on the shipped campaign: few random players fill a
meter before chapter 8, the historical path fills one only in chapter 9, and each chapter
scenario starts where the historical path stands. docs/meters.md shows the same figures.
"""

from __future__ import annotations

from functools import lru_cache

from campaign_helpers import campaign

from game.engine.playthrough import Playthrough
from game.tools import meters


@lru_cache(maxsize=1)
def runs() -> list[meters.Trace]:
    # The run docs/meters.md reports (2,000 runs, seed 1): about two seconds.
    return meters.random_traces(campaign(), runs=2000, seed=1)


def test_few_random_runs_fill_a_meter_before_chapter_8() -> None:
    assert meters.early_violations(campaign(), runs()) == []


def test_the_early_rule_can_fail() -> None:
    story = campaign()
    full = {n: story.variables[n].maximum or 0 for n in meters.meter_names(story)}
    filled = meters.Trace(peak={"ch1": dict(full)}, last={"ch1": dict(full)})
    assert len(meters.early_violations(story, [filled] * 9 + [meters.Trace()])) == len(full)


def test_historical_path_fills_a_meter_only_in_chapter_9() -> None:
    story = campaign()
    filled = meters.historical_full(story, meters.historical_trace(story))
    last = story.chapters[-1].id
    assert {c: ms for c, ms in filled.items() if ms and c != last} == {}
    assert filled[last], "the historical path should end with a meter full (Stalin's victory)"


def test_historical_path_reaches_the_historical_ending() -> None:
    story = campaign()
    pt = Playthrough.start(story, "stalin_full")
    while pt.current.kind != "ending":
        if pt.current.kind in ("choice", "appointments", "vote"):
            meters.historical_pick(pt)
        else:
            pt.advance()
    historical = [e.id for e in story.endings.values() if e.historical]
    assert pt.current.ending is not None and [pt.current.ending.id] == historical


def test_chapter_scenarios_start_where_history_stands() -> None:
    story = campaign()
    trace = meters.historical_trace(story)
    ids = [c.id for c in story.chapters]
    checked = 0
    for scenario in story.scenarios.values():
        if scenario.chapter is None or scenario.chapter == ids[0]:
            continue
        before = ids[ids.index(scenario.chapter) - 1]
        start = Playthrough.start(story, scenario.id).meters()
        assert start == trace.last[before], scenario.id
        checked += 1
    assert checked == len(ids) - 1
