"""Classroom benchmark: a class summary of 2,000 student reports.

``python -m bench.classroom`` (or ``make bench``, which calls :func:`run`) plays
the shipped campaign a few dozen times at random (seeded), writes 2,000 report
JSON files from those playthroughs (each with its own student, id and answers,
like a year group's folder), then times reading and aggregating the folder and
writing the HTML and CSV summary. Each figure is the best of a few repeats.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _random_play(story: Any, scenario: str, rng: random.Random) -> Any:
    from game.engine.playthrough import Playthrough

    pt = Playthrough.start(story, scenario, seed=rng.randrange(1 << 30))
    for _ in range(10_000):
        step = pt.current
        if step.kind == "ending":
            break
        if step.kind == "choice":
            pt.choose(rng.choice(step.options).index)
        elif step.kind == "appointments":
            used: set[str] = set()
            pick: dict[str, str] = {}
            for post in step.instr.posts:
                free = [c for c in post.candidates if c.person not in used]
                person = rng.choice(free).person
                used.add(person)
                pick[post.id] = person
            pt.appoint(pick)
        else:
            pt.advance()
    return pt


def write_reports(folder: Path, count: int = 2000, distinct: int = 40, seed: int = 5) -> Path:
    """Write ``count`` report files built from ``distinct`` random playthroughs of the campaign."""
    from game.classroom.report import report_data
    from game.history.questions import Answer
    from game.story.loader import load_story

    rng = random.Random(seed)
    story = load_story(ROOT / "scenes").story
    if story is None:  # the campaign is being edited: fall back to the sample story
        story = load_story(ROOT / "tests" / "stories" / "sample").story
    assert story is not None
    scenario = next(iter(story.scenarios))
    bases = []
    for _ in range(distinct):
        pt = _random_play(story, scenario, rng)
        bases.append(report_data(pt, None, "x"))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        data = dict(bases[i % distinct])
        data["id"] = f"{i:032x}"
        data["student"] = {"name": f"Student {i:04d}", "class": f"Class {i % 12}"}
        refl = []
        for q in data["reflection"]:
            q = dict(q)
            if q["kind"] == "menu" and q["choices"]:
                c = rng.randrange(len(q["choices"]))
                q["answer"] = {"choice": c, "text": "", "items": []}
                q["answer_text"] = q["choices"][c]
            elif q["kind"] == "text":
                q["answer_text"] = "I would have read the letter to the whole congress." if i % 3 else ""
            refl.append(q)
        data["reflection"] = refl
        (folder / f"student-{i:04d}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    _ = Answer  # the answers above follow the report schema's shape directly
    return folder


def _best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def run(reports: int = 2000, repeat: int = 3, out: Callable[[str], None] = print) -> dict[str, float]:
    """Time a class summary of ``reports`` reports; print a line per stage; return the figures (seconds)."""
    from game.classroom.summary import summarise, summary_csv, summary_html

    with tempfile.TemporaryDirectory() as tmp:
        folder = write_reports(Path(tmp) / "reports", reports)
        size = sum(p.stat().st_size for p in folder.iterdir())
        read, summary = _best(lambda: summarise(folder), repeat)
        html, page = _best(lambda: summary_html(summary), repeat)
        csv, _ = _best(lambda: summary_csv(summary), repeat)
        whole, _ = _best(lambda: (lambda s: (summary_html(s), summary_csv(s)))(summarise(folder)), repeat)
    figures = {"read_and_aggregate": read, "html": html, "csv": csv, "total": whole}
    out(f"classroom: {summary.report_count} reports ({size / 1e6:.1f} MB of JSON, "
        f"{len(summary.decisions)} decisions), best of {repeat}")
    out(f"  read + aggregate  {read * 1000:8.1f} ms")
    out(f"  HTML summary      {html * 1000:8.1f} ms  ({len(page) / 1e3:.0f} kB)")
    out(f"  CSV               {csv * 1000:8.1f} ms")
    out(f"  whole summary     {whole * 1000:8.1f} ms")
    return figures


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.classroom", description=__doc__.splitlines()[0])
    p.add_argument("--reports", type=int, default=2000)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    run(args.reports, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
