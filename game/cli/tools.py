"""The writers' subcommands: ``map``, ``stats`` and ``find`` (listed in ``game.cli.table``).

Both read a story folder the way ``check`` does and refuse, with the checker's
own messages, a story that does not load.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import paths
from ..story.diagnostics import ERROR
from ..story.model import Story
from ..story.opening import open_story
from .exits import Exit

EXIT_USAGE = Exit.USAGE


def load_for_tool(story_dir: Path, assets: str | None = None) -> Story | None:
    """Load a story; on loader errors print them (as ``check`` does) and return None.

    Graph problems (unreachable scenes, dead ends) do not stop the tools: the map
    is where a writer goes to see them.
    """
    from ..story import Opened, write_diagnostics

    assets_dir = Path(assets) if assets else paths.assets_for(story_dir)
    opened = open_story(story_dir, assets_dir)
    if opened.loaded is None:
        sys.stderr.write(f"The story in {story_dir} has errors; fix them first (the map needs a story that loads):\n")
        write_diagnostics(Opened(None, [d for d in opened.diagnostics if d.severity == ERROR]), story_dir, sys.stderr)
        return None
    return opened.loaded


# --- map -----------------------------------------------------------------------------------


def _add_map(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", nargs="?", help="story folder (default: scenes/)")
    p.add_argument("-o", "--output", help="file to write (default: map.html or map.dot; '-' for standard output)")
    p.add_argument("--format", choices=("html", "dot"), default="html",
                   help="html: one self-contained page; dot: for Graphviz (dot -Tsvg map.dot -o map.svg)")
    p.add_argument("--assets", help="assets folder (default: beside the story folder)")


def run_map(args: argparse.Namespace) -> int:
    from ..tools.storymap import make_map, render_dot, render_html

    story_dir = paths.story_dir(args.dir)
    story = load_for_tool(story_dir, args.assets)
    if story is None:
        return Exit.PROBLEMS
    smap = make_map(story)
    text = render_html(smap) if args.format == "html" else render_dot(smap)
    target = args.output or f"map.{args.format}"
    if target == "-":
        sys.stdout.write(text)
        return Exit.OK
    out = Path(target)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        sys.stderr.write(f"after-lenin: cannot write {out}: {exc.strerror or exc}\n")
        return EXIT_USAGE
    problems = smap.problems
    unreachable = sum(1 for n in problems if n.unreachable)
    dead = sum(1 for n in problems if n.dead_end)
    sys.stdout.write(f"wrote {out}: {len(smap.graph.nodes)} scenes, {len(smap.graph.edges)} links;"
                     f" {unreachable} unreachable, {dead} dead end(s) (in red)\n")
    if args.format == "html":
        sys.stdout.write(f"open it in a browser: {out.resolve().as_uri()}\n")
    return Exit.OK


# --- stats ---------------------------------------------------------------------------------


def _add_stats(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", nargs="?", help="story folder (default: scenes/)")
    p.add_argument("--runs", type=int, default=100, help="random playthroughs per scenario for words per path")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--assets", help="assets folder (default: beside the story folder)")


def run_stats(args: argparse.Namespace) -> int:
    import json

    from ..tools.stats import compute, format_text

    if args.runs < 0:
        sys.stderr.write("after-lenin: --runs must not be negative\n")
        return EXIT_USAGE
    story = load_for_tool(paths.story_dir(args.dir), args.assets)
    if story is None:
        return Exit.PROBLEMS
    stats = compute(story, runs=args.runs, seed=args.seed)
    if args.format == "json":
        json.dump(stats.as_json(), sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_text(story, stats))
    return Exit.OK


# --- find ----------------------------------------------------------------------------------


def _add_find(p: argparse.ArgumentParser) -> None:
    p.add_argument("text", help="a person (id or name), a glossary term, or any phrase")
    p.add_argument("dir", nargs="?", help="story folder (default: scenes/)")


def run_find(args: argparse.Namespace) -> int:
    from ..tools.find import lines_for

    if not args.text.strip():
        sys.stderr.write("after-lenin find: say what to look for, e.g. after-lenin find zinoviev\n")
        return EXIT_USAGE
    story_dir = paths.story_dir(args.dir)
    if not story_dir.is_dir():
        sys.stderr.write(f"after-lenin find: '{story_dir}' is not a folder; give the story folder (e.g. scenes)\n")
        return EXIT_USAGE
    # The people and terms come from the loaded story; a story that does not load is
    # still searched, word for word.
    story = open_story(story_dir, paths.assets_for(story_dir)).loaded
    shown = Path(args.dir) if args.dir else _relative(story_dir)
    found = False
    for line in lines_for(story, shown, args.text):
        sys.stdout.write(line + "\n")
        found = found or not line.startswith(("searching for:", "no mentions"))
    return Exit.OK if found else Exit.PROBLEMS


def _relative(folder: Path) -> Path:
    """``folder`` relative to where the writer stands, when it is under it (shorter lines to click)."""
    try:
        return folder.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return folder


# --- chapters ------------------------------------------------------------------------------


def _add_chapters(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", nargs="?", help="story folder (default: scenes/)")
    p.add_argument("--write", nargs="?", const="", metavar="FILE",
                   help="instead of printing, (re)write the teachers' chapter list (default: docs/teachers/chapters.md"
                        " in the checkout)")


def run_chapters(args: argparse.Namespace) -> int:
    from ..engine.saves import write_atomic
    from ..tools.chapters import chapter_list, format_markdown

    story = load_for_tool(paths.story_dir(args.dir), None)
    if story is None:
        return Exit.PROBLEMS
    text = format_markdown(story, chapter_list(story))
    if args.write is None:
        sys.stdout.write(text)
        return Exit.OK
    if not args.write and not paths.in_checkout():
        sys.stderr.write("after-lenin: this is an installed copy, not a checkout: say where, --write FILE\n")
        return EXIT_USAGE
    target = Path(args.write) if args.write else paths.PROJECT_DIR / "docs" / "teachers" / "chapters.md"
    try:
        write_atomic(target, text)
    except OSError as exc:
        sys.stderr.write(f"after-lenin: cannot write {target}: {exc.strerror or exc}\n")
        return Exit.PROBLEMS
    sys.stdout.write(f"Wrote {target}\n")
    return Exit.OK
