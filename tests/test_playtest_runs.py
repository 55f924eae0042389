"""The playtester's random runs report exactly what its plain loop reported.

play_once advances through lines, documents and chapter cards without calling
decide(), and _words counts each shared transcript entry once (game/tools/playtest.py).
Here the same seeds are run through the plain loop of before (every step through
decide(), every entry's words counted from its text) and every report must match:
each run's result, the options taken (which weight later runs), the scenes and
endings seen, and the errors.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from game import paths
from game.engine.playthrough import Playthrough, StoryRuntimeError
from game.story import model as M
from game.story.loader import load_story
from game.tools import playtest
from game.tools.playtest import MAX_DECISIONS, Report, RunResult

STORIES = Path(__file__).resolve().parent / "stories"


def _plain_words(pt: Playthrough) -> int:
    total = 0
    for entry in pt.state.transcript:
        kind = entry.get("kind")
        if kind == "document":
            doc = pt.story.documents.get(entry.get("document", ""))
            total += len(doc.text.split()) if doc else 0
        else:
            total += len(str(entry.get("text", "")).split())
        if kind == "choice":
            total += len(str(entry.get("prompt", "")).split())
    return total


def _plain_play_once(story: M.Story, scenario: str, seed: int, report: Report) -> RunResult:
    """play_once as it was: decide() for every step."""
    rng = random.Random(seed)
    try:
        pt = Playthrough.start(story, scenario, seed=seed)
        report.scenes_seen.add(pt.state.scene)
        steps = 0
        while not pt.finished:
            if pt.current.kind == "ending":
                break
            playtest.decide(pt, rng, report)
            steps += 1
            if pt.state.decisions > MAX_DECISIONS or steps > MAX_DECISIONS * 50:
                raise StoryRuntimeError(f"no ending after {MAX_DECISIONS} decisions: the story may loop forever")
        if pt.state.ending:
            report.endings_seen[pt.state.ending] += 1
        return RunResult(scenario, seed, pt.state.ending, _plain_words(pt), pt.state.decisions, pt.meters())
    except StoryRuntimeError as exc:
        report.errors.append(f"scenario '{scenario}', seed {seed}: {exc}")
        return RunResult(scenario, seed, None, 0, 0, {}, error=str(exc))


def _same_reports(story: M.Story, runs: int) -> int:
    fast, plain = Report(), Report()
    for scenario in story.scenarios:
        for seed in range(runs):
            fast.runs.append(playtest.play_once(story, scenario, seed, fast))
            plain.runs.append(_plain_play_once(story, scenario, seed, plain))
            assert fast.runs[-1] == plain.runs[-1], (scenario, seed)
    assert fast.options_taken == plain.options_taken
    assert fast.scenes_seen == plain.scenes_seen
    assert fast.endings_seen == plain.endings_seen
    assert fast.errors == plain.errors
    return len(fast.runs)


@pytest.mark.parametrize("name", ["sample", "loop", "debrief", "runtime_error"])
def test_test_stories_report_the_same(name: str) -> None:
    result = load_story(STORIES / name)
    assert result.story is not None
    assert _same_reports(result.story, 60) == 60 * len(result.story.scenarios)


def test_the_campaign_reports_the_same() -> None:
    result = load_story(paths.scenes_dir())
    assert result.story is not None, [d.format() for d in result.diagnostics]
    assert _same_reports(result.story, 40) == 40 * len(result.story.scenarios)
