"""Story loading and engine: ``python -m bench story`` (part of ``make bench``).

- load + check (``open_story``: YAML, schema, references, expressions, graph) of the
  shipped story, the sample story, and synthetic stories of 1,000 and 10,000 scenes
  (bench/synthetic.py: ~400 words, 3 options, 5 % guarded, as in the design doc's peer
  comparison), each beside the floor: ``yaml.load(text, Loader=yaml.CSafeLoader)`` of the
  same files. The floor is given twice: as PyYAML runs by default (garbage collector on),
  and with the collector off (the parse alone). Goal: within 2x, and linear in size.
- engine choices per second (bar: 100,000), on a loop of choices;
- random playthroughs per second of the shipped story, through the engine and through the
  playtester (goal: 10,000 in a few seconds);
- rollback: undo 200 decisions;
- peak memory of loading (tracemalloc) and of the whole run (getrusage).

Times are CPU seconds of this process (``time.process_time``), best of several runs, so
other work on a shared machine disturbs them as little as possible.
"""

from __future__ import annotations

import gc
import random
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any, Callable

import yaml

from bench import Report
from bench.synthetic import write_story

ROOT = Path(__file__).resolve().parent.parent

CHOICE_LOOP = {
    "story.yaml": """\
id: choices
title: A loop of choices
version: 1
variables:
  power: {type: int, initial: 5, min: 0, max: 10, label: Power, meter: true}
  trust: {type: int, initial: 5, min: 0, max: 10, label: Trust, meter: true}
  ally: {type: bool, initial: false}
roles:
  clerk: {name: Clerk}
chapters:
  - {id: one, title: One, from: 1922-01-01, to: 1922-12-31}
scenarios:
  - {id: main, title: Main, role: clerk, start: loop}
endings:
  done: {title: Done, summary: Done., historical: true}
""",
    "scenes.yaml": """\
scenes:
  - id: loop
    beats:
      - choice:
          id: pick
          prompt: Which way?
          options:
            - text: Up.
              set: {power: "+1"}
            - text: Down.
              set: {power: "-1", trust: "+1"}
            - text: Sideways.
              if: power >= 3 and not ally
              set: {ally: true}
            - text: Stop.
              if: power > 100
              next: end
      - goto: loop
  - id: end
    beats:
      - ending: done
""",
}


def best(fn: Callable[[], Any], repeat: int, collect: bool = True) -> float:
    """The least CPU time of ``repeat`` runs (garbage collector as it is: on)."""
    least = float("inf")
    for _ in range(repeat):
        if collect:
            gc.collect()
        start = time.process_time()
        fn()
        least = min(least, time.process_time() - start)
    return least


def best_without_gc(fn: Callable[[], Any], repeat: int) -> float:
    def run() -> None:
        gc.disable()
        try:
            fn()
        finally:
            gc.enable()
    return best(run, repeat)


def yaml_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.yaml") if not any(part.startswith(".") for part in p.relative_to(root).parts))


def bare_parse(files: list[Path]) -> Callable[[], None]:
    def parse() -> None:
        for path in files:
            yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return parse


def load_and_check(report: Report, label: str, key: str, root: Path, repeat: int) -> dict[str, float]:
    from game.story import open_story

    result = open_story(root, assets=root.parent / "assets")
    errors = sum(1 for d in result.diagnostics if d.severity == "error")
    files = yaml_files(root)
    size = sum(p.stat().st_size for p in files)
    floor_gc = best(bare_parse(files), repeat)
    floor = best_without_gc(bare_parse(files), repeat)
    check = best(lambda: open_story(root, assets=root.parent / "assets"), repeat)
    scenes = len(result.story.scenes) if result.story else 0
    status = f"{scenes:,} scenes" if errors == 0 else f"{errors} error(s): does not pass the checker"
    report(f"{label}: {len(files)} files, {size / 1e6:.2f} MB, {status}")
    report(f"    load + check {check:8.3f} s | yaml.load (CSafeLoader) {floor_gc:7.3f} s, GC off {floor:7.3f} s"
           f" | ratio {check / floor_gc:.2f}x, {check / floor:.2f}x against the parse alone")
    for name, value, unit in (("check", check, "s"), ("floor", floor_gc, "s"), ("floor_nogc", floor, "s"),
                              ("ratio", check / floor_gc, "x"), ("ratio_nogc", check / floor, "x"),
                              ("mb", size / 1e6, "MB"), ("errors", errors, "")):
        report.figure(f"story.load.{key}.{name}", value, unit)
    return {"check": check, "floor": floor_gc, "floor_nogc": floor, "scenes": scenes}


def peak_load_memory(root: Path) -> float:
    """Peak Python memory while loading and checking, in MB (tracemalloc; slows the load down)."""
    from game.story import open_story

    gc.collect()
    tracemalloc.start()
    open_story(root, assets=root.parent / "assets")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def choices_per_second(report: Report, repeat: int) -> None:
    from game.engine.playthrough import Playthrough
    from game.story.loader import load_story

    with tempfile.TemporaryDirectory() as tmp:
        for name, text in CHOICE_LOOP.items():
            (Path(tmp) / name).write_text(text, encoding="utf-8")
        story = load_story(tmp).story
    assert story is not None
    rng = random.Random(1)
    picks = [rng.randrange(2) for _ in range(10_000)]
    holder: list[Playthrough] = []

    def play() -> None:
        pt = holder.pop()
        for k in picks:
            pt.choose(k)

    least = float("inf")
    for _ in range(repeat):
        holder.append(Playthrough.start(story, "main"))
        least = min(least, best(play, 1))
    rate = len(picks) / least
    report(f"engine: {rate:,.0f} choices/s (choose(), each with its effects, undo point, log entry and the next"
           f" step; best of {repeat} x 10,000) — bar 100,000/s: {'met' if rate >= 100_000 else 'NOT met'}")
    report.figure("story.engine.choices_per_s", rate, "1/s")


def step_randomly(pt: Any, rng: random.Random, avoid: str = "") -> None:
    """Take the current step at random, as a player clicking through would."""
    step = pt.current
    kind = step.kind
    if kind == "choice":
        pt.choose(rng.choice([o for o in step.options if o.text != avoid] or step.options).index)
    elif kind == "appointments":
        used: set[str] = set()
        pick: dict[str, str] = {}
        for post in step.instr.posts:
            person = rng.choice([c.person for c in post.candidates if c.person not in used])
            pick[post.id] = person
            used.add(person)
        pt.appoint(pick)
    else:
        pt.advance()


def random_play(story: Any, scenario: str, seed: int) -> tuple[int, int]:
    """One random playthrough through the public API, as a front end drives it."""
    from game.engine.playthrough import Playthrough

    rng = random.Random(seed)
    pt = Playthrough.start(story, scenario, seed=seed)
    steps = 0
    while pt.current.kind != "ending":
        step_randomly(pt, rng)
        steps += 1
    return steps, pt.state.decisions


def playthroughs_per_second(report: Report, story: Any, label: str, runs: int) -> None:
    from game.tools.playtest import Report as PlaytestReport
    from game.tools.playtest import play_once

    scenario = next(iter(story.scenarios))
    totals = [0, 0]

    def engine() -> None:
        for seed in range(runs):
            steps, decisions = random_play(story, scenario, seed)
            totals[0] += steps
            totals[1] += decisions

    engine_s = best(engine, 1)
    rate = runs / engine_s
    steps, decisions = totals[0] / runs, totals[1] / runs
    report(f"{label}, scenario '{scenario}': {rate:,.0f} random playthroughs/s through the engine"
           f" ({steps:.0f} steps and {decisions:.0f} decisions each: {rate * steps:,.0f} steps/s);"
           f" 10,000 take {10_000 / rate:.1f} s")
    playtest = PlaytestReport()
    tester_s = best(lambda: [play_once(story, scenario, seed, playtest) for seed in range(runs)], 1)
    tester = runs / tester_s
    report(f"    through the playtester (weighted choices, coverage and word counts): {tester:,.0f}/s;"
           f" 10,000 take {10_000 / tester:.1f} s")
    report.figure("story.engine.playthroughs_per_s", rate, "1/s")
    report.figure("story.engine.steps_per_s", rate * steps, "1/s")
    report.figure("story.playtest.playthroughs_per_s", tester, "1/s")


def rollback(report: Report, story: Any) -> None:
    from game.engine.playthrough import UNDO_LIMIT, Playthrough

    scenario = next(iter(story.scenarios))
    rng = random.Random(7)
    pt = Playthrough.start(story, scenario)
    while pt.undo_depth < UNDO_LIMIT:
        step_randomly(pt, rng, avoid="Stop.")  # the loop story's only way out
    start = time.process_time()
    undone = 0
    while pt.undo():
        undone += 1
    elapsed = time.process_time() - start
    report(f"rollback: {undone} decisions undone in {elapsed * 1000:.1f} ms ({elapsed / undone * 1e6:.1f} µs each)")
    report.figure("story.engine.undo_us", elapsed / undone * 1e6, "µs")


def run(report: Report, quick: bool = False) -> None:
    from game.story.loader import load_story

    sizes = (200, 1_000) if quick else (1_000, 10_000)
    report("load + check beside the bare YAML parse (CPU seconds, best of several runs):")
    shipped = ROOT / "scenes"
    shipped_ok = False
    if shipped.is_dir():
        figures = load_and_check(report, "  shipped story (scenes/)", "shipped", shipped, 3 if quick else 7)
        shipped_ok = figures["scenes"] > 0
    load_and_check(report, "  sample story (tests/stories/sample)", "sample", ROOT / "tests" / "stories" / "sample",
                   5 if quick else 20)
    per_scene: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            root = write_story(Path(tmp) / f"s{n}", n)
            figures = load_and_check(report, f"  synthetic, {n:,} scenes", str(n), root, 5 if n <= 1_000 else 3)
            per_scene.append(figures["check"] / n)
            report(f"    {figures['check'] / n * 1e6:.0f} µs per scene")
        report(f"  linearity: {per_scene[-1] / per_scene[0]:.2f}x the time per scene at {sizes[-1]:,} scenes"
               f" as at {sizes[0]:,} (1.00 = linear)")
        report.figure("story.load.linearity", per_scene[-1] / per_scene[0], "x")
        peak = peak_load_memory(Path(tmp) / f"s{sizes[-1]}")
        report(f"  peak Python memory while loading and checking {sizes[-1]:,} scenes: {peak:,.0f} MB (tracemalloc)")
        report.figure(f"story.load.{sizes[-1]}.peak_mb", peak, "MB")

    report("")
    choices_per_second(report, 5 if quick else 20)
    story = load_story(shipped).story if shipped_ok else None
    if story is None:
        report("the shipped story does not load; playthroughs measured on the sample story instead")
        story = load_story(ROOT / "tests" / "stories" / "sample").story
        label = "sample story"
    else:
        label = "shipped story"
    playthroughs_per_second(report, story, label, 300 if quick else 2_000)
    loop = load_story(ROOT / "tests" / "stories" / "loop").story
    rollback(report, loop)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    report(f"peak resident memory of this benchmark process: {rss:,.0f} MB (getrusage)")
    report.figure("story.rss_mb", rss, "MB")


if __name__ == "__main__":
    import sys

    sys.exit(__import__("bench.__main__", fromlist=["main"]).main(["story", *sys.argv[1:]]))
