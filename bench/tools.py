"""Writers' tools benchmark: story-map layout and rendering at 2,000 scenes.

``python -m bench.tools`` (or ``make bench``, which calls :func:`run`) writes a
synthetic story (default 2,000 scenes in 8 chapters; every scene about 400
words, one choice of 3 options, 5 % of options guarded), loads it, and times the
map's stages: the scene graph, the layout, and the HTML and DOT rendering.
Each figure is the best of a few repeats (the least disturbed by the machine).
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

WORDS = ("the party congress secretary apparatus committee delegates vote motion telegram funeral "
         "comrade politburo faction opposition letter testament general power people moscow").split()


def write_story(root: Path, scenes: int = 2000, chapters: int = 0, seed: int = 7, words: int = 400) -> Path:
    """Write a synthetic story folder; return it. Deterministic for a seed.

    One file per chapter; ``chapters`` 0 means 8, or more for big stories so that no
    file passes the loader's 4 MiB limit (250 scenes of 400 words is about 0.6 MiB).
    """
    rng = random.Random(seed)
    chapters = chapters or max(8, scenes // 250)
    root.mkdir(parents=True, exist_ok=True)
    per = max(1, scenes // chapters)
    chapter_lines = []
    for c in range(chapters):
        chapter_lines.append(f"  - {{id: c{c}, title: Chapter {c}, from: {1922 + c}-01-01, to: {1922 + c}-12-31}}")
    (root / "story.yaml").write_text(
        "id: synthetic\ntitle: Synthetic\nversion: 1\n"
        "variables:\n  power: {type: int, initial: 5, min: 0, max: 10, label: Power, meter: true}\n"
        "roles:\n  clerk: {name: Clerk}\n"
        "chapters:\n" + "\n".join(chapter_lines) + "\n"
        "scenarios:\n  - {id: main, title: Main, role: clerk, start: s0}\n"
        "endings:\n  won: {title: Won, summary: You won., historical: true}\n"
        "  lost: {title: Lost, summary: You lost.}\n",
        encoding="utf-8")
    for c in range(chapters):
        lo, hi = c * per, scenes if c == chapters - 1 else (c + 1) * per
        out = [f"# chapter {c}", "records:", f"  r{c}: {{date: {1922 + c}-06-01, title: Record {c},"
               f" what: It happened., sources: [\"Synthetic (2024)\"]}}", "scenes:"]
        for i in range(lo, hi):
            text = " ".join(rng.choice(WORDS) for _ in range(words)) + "."
            out += [f"  - id: s{i}", f"    title: Scene {i}", f"    chapter: c{c}",
                    f"    date: {1922 + c}-{1 + (i - lo) * 12 // max(1, hi - lo):02d}-01", "    beats:",
                    f"      - narrate: {text}"]
            if i == scenes - 1:
                out.append("      - ending: won")
                continue
            targets = [min(scenes - 1, i + k) for k in (1, 2, 3 + rng.randrange(4))]
            out += ["      - choice:", f"          id: d{i}", "          prompt: What now?"]
            if i % 10 == 0:
                out.append(f"          history: r{c}")
            out.append("          options:")
            for k, target in enumerate(targets):
                out.append(f"            - text: Option {k} towards scene {target}")
                if k == 0 and i % 10 == 0:
                    out.append("              historical: true")
                if k == 2 and rng.random() < 0.15:  # 5 % of all options
                    out.append("              if: power >= 5")
                out.append(f"              next: s{target}")
        if c == chapters - 1:
            out += ["  - id: lost_scene", "    title: Lost", f"    chapter: c{c}", "    beats:",
                    "      - narrate: It is over.", "      - ending: lost"]
        (root / f"ch{c}.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
    return root


def _best(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def run(scenes: int = 2000, repeat: int = 3, out: Callable[[str], None] = print) -> dict[str, float]:
    """Time the map at ``scenes`` scenes; print a line per stage; return the figures (seconds)."""
    from game.story.loader import load_story
    from game.tools import maplayout, scenegraph, storymap

    with tempfile.TemporaryDirectory() as tmp:
        root = write_story(Path(tmp) / "story", scenes)
        load_s, result = _best(lambda: load_story(root, Path(tmp) / "assets"), 1)
        story = result.story  # type: ignore[union-attr]
        if story is None:
            raise SystemExit("the synthetic story did not load: "
                             + "; ".join(d.format() for d in result.diagnostics[:5]))  # type: ignore[union-attr]
        graph_s, graph = _best(lambda: scenegraph.build(story), repeat)
        layout_s, lay = _best(lambda: maplayout.layout(story, graph), repeat)  # type: ignore[arg-type]
        smap = storymap.StoryMap(story, graph, lay)  # type: ignore[arg-type]
        html_s, page = _best(lambda: storymap.render_html(smap), repeat)
        dot_s, _dot = _best(lambda: storymap.render_dot(smap), repeat)
        total_s, _ = _best(lambda: storymap.render_html(storymap.make_map(story)), repeat)
    figures = {"load": load_s, "graph": graph_s, "layout": layout_s, "html": html_s, "dot": dot_s,
               "map_total": total_s}
    out(f"writers' tools, story map of a {scenes:,}-scene synthetic story ({len(graph.edges):,} links;"  # type: ignore[union-attr]
        f" HTML {len(page) / 1e6:.1f} MB; best of {repeat}):")  # type: ignore[arg-type]
    out(f"  load + check (for scale)   {load_s * 1000:8.0f} ms")
    out(f"  scene graph (analyse)      {graph_s * 1000:8.0f} ms")
    out(f"  layout                     {layout_s * 1000:8.0f} ms")
    out(f"  render HTML + SVG          {html_s * 1000:8.0f} ms")
    out(f"  render DOT                 {dot_s * 1000:8.0f} ms")
    out(f"  whole map (graph → HTML)   {total_s * 1000:8.0f} ms")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.tools", description=__doc__)
    parser.add_argument("--scenes", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", metavar="DIR", help="only write the synthetic story to DIR")
    args = parser.parse_args(argv)
    if args.write:
        write_story(Path(args.write), args.scenes)
        print(f"wrote a {args.scenes}-scene story to {args.write}")
        return 0
    run(args.scenes, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
