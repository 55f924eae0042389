"""The window's subcommand ``shots`` (listed in ``game.cli.table``)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .. import paths
from . import core as cli
from .exits import Exit


def _add_shots(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", default="shots", help="folder for the PNGs (default: shots/)")
    p.add_argument("--story", help="story folder (default: the shipped scenes/)")
    p.add_argument("--size", action="append", metavar="WxH",
                   help="window size (repeatable; default: 1280x720 and 1920x1080)")


def _run_shots(args: argparse.Namespace) -> int:
    # Headless unless the caller chose a driver: the tour needs no screen.
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from ..ui.shots import SIZES, main

    sizes: tuple[tuple[int, int], ...] = SIZES
    if args.size:
        try:
            sizes = tuple((int(w), int(h)) for w, h in (s.lower().split("x") for s in args.size))
        except ValueError:
            sys.stderr.write("after-lenin shots: --size is WIDTHxHEIGHT, e.g. 1280x720\n")
            return Exit.USAGE
    story = paths.story_dir(args.story)
    if cli._load_or_report(story) is None:
        return Exit.PROBLEMS
    try:
        return main(story, Path(args.out), sizes)
    except SystemExit as exc:
        sys.stderr.write(f"{exc}\n")
        return Exit.PROBLEMS
