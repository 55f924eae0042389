"""``after-lenin``: one command with subcommands (play is the default).

Every failure a user can cause — a wrong flag, a broken story, a missing file —
ends in one clear message and an exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths
from .exits import Exit
from .table import COMMANDS, DEFAULT

if TYPE_CHECKING:  # at run time the story model loads only with the command that needs it
    from typing import TextIO

    from ..engine.playthrough import Playthrough
    from ..engine.saves import SaveStore

EXIT_USAGE = Exit.USAGE


def _load_or_report(story_dir: Path, err: object = None):  # type: ignore[no-untyped-def]
    """Load a story; on errors print them and return None."""
    from ..story import open_story, write_diagnostics

    opened = open_story(story_dir, assets=_assets_for(story_dir))
    if opened.story is None:
        sys.stderr.write(f"The story in {story_dir} has errors; fix them first:\n")
        write_diagnostics(opened, story_dir, sys.stderr)
        return None
    return opened.story


def _assets_for(story_dir: Path) -> Path:
    return paths.assets_for(story_dir)


# --- play ------------------------------------------------------------------------------


def _add_play(p: argparse.ArgumentParser) -> None:
    p.add_argument("--text", action="store_true", help="play in the terminal (plain text; screen-reader friendly)")
    p.add_argument("--scenario", help="scenario id (default: the first in story.yaml)")
    p.add_argument("--role", help="role id: start the first scenario of this role")
    p.add_argument("--scene", help="jump straight to a scene (for writers)")
    p.add_argument("--set", action="append", default=[], metavar="VAR=VALUE",
                   help="with --scene: set a variable first (repeatable)")
    p.add_argument("--seed", type=int, default=0, help="random seed")
    p.add_argument("--story", help="story folder (default: the shipped scenes/)")
    p.add_argument("--data-dir", help="where saves, settings and reports go")
    p.add_argument("--continue", dest="resume", action="store_true", help="resume the autosave")
    p.add_argument("--assignment", help="open a teacher's assignment file")
    p.add_argument("--watch", action="store_true", help="window: reload the story when a file changes")
    p.add_argument("--windowed", action="store_true", help="window: start windowed even if fullscreen is set")


def run_play(args: argparse.Namespace) -> int:
    if not args.text:
        try:
            from ..ui import app  # noqa: F401 - the window, when it is installed
        except ImportError:
            args.text = True
        else:
            return app.main(args)
    return run_text(args)


def run_text(args: argparse.Namespace) -> int:
    if getattr(args, "assignment", None):
        from .classroom import run_assignment_text  # name, play, reflection, report

        return run_assignment_text(args)
    from ..engine.playthrough import StoryRuntimeError
    from ..engine.saves import SaveError, SaveStore
    from ..engine.start import resolve
    from ..text.player import TextPlayer
    from ..text.saves import choose_resume, confirm_new_game, resumed_line

    story_dir = paths.story_dir(args.story)
    story = _load_or_report(story_dir)
    if story is None:
        return Exit.PROBLEMS
    store = SaveStore(paths.data_dir(args.data_dir))
    notice = ""
    interactive = sys.stdin.isatty()
    try:
        if getattr(args, "resume", False):
            slot = choose_resume(store, sys.stdin, sys.stdout, interactive)
            try:
                pt, notice = store.load(story, slot)
                where = resumed_line(store, slot)
                if where:
                    sys.stdout.write(where + "\n")
                if slot != "autosave":
                    _keep_previous(store)  # the game in progress stays kept; the chosen one goes on
            except SaveError as exc:
                # A missing or damaged autosave (kept aside by the store) must not stop
                # a student: say why, and start the game anew.
                sys.stderr.write(f"after-lenin: {exc}\nafter-lenin: starting a new game instead\n")
                _keep_previous(store)
                pt = resolve(story, args.scenario, args.role, seed=args.seed).begin(story)
        else:
            start = resolve(story, args.scenario, args.role, args.scene, args.set, seed=args.seed)
            pt = start.begin(story)
            if start.jump is not None:  # for the writer, beside the transcript, not in it
                for line in start.jump.describe(pt):
                    sys.stderr.write(f"after-lenin: {line}\n")
            # Never lose a game in progress (issue 12.2): a player at a terminal is asked first, and
            # the old autosave is kept as previous-1 either way (piped input is never asked).
            if interactive and not confirm_new_game(store, sys.stdin, sys.stdout):
                return Exit.OK
            _keep_previous(store)
    except (ValueError, SaveError) as exc:
        sys.stderr.write(f"after-lenin: {exc}\n")
        return EXIT_USAGE
    except StoryRuntimeError as exc:
        sys.stderr.write(f"after-lenin: the story cannot start: {exc}\n")
        return Exit.CANNOT_START
    if notice:
        sys.stdout.write(f"({notice})\n")
    data_dir = paths.data_dir(args.data_dir)

    def at_ending(pt: Playthrough, out: TextIO) -> None:
        _text_debrief(pt, out, sys.stdin, interactive, data_dir)

    player = TextPlayer(pt, sys.stdin, sys.stdout, interactive=interactive, store=store, on_ending=at_ending)
    return player.run()


def _keep_previous(store: SaveStore) -> None:
    """Keep the autosave as previous-1; a folder that cannot be written costs the copy, not the game."""
    try:
        store.keep_previous()
    except OSError as exc:
        sys.stderr.write(f"after-lenin: the previous game could not be kept ({exc.strerror or exc})\n")


def _text_debrief(pt: Playthrough, out: TextIO, inp: TextIO, interactive: bool, data_dir: Path) -> None:
    """The debrief's first page, the whole one in the data folder, more on request on a terminal."""
    from ..text.debrief import print_debrief

    print_debrief(pt, out, inp=inp, interactive=interactive, folder=data_dir)


# --- check / test / schema ----------------------------------------------------------------


def _add_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", nargs="?", help="story folder (default: scenes/), or an assignment FILE.yaml to check"
                                          " against the story")
    p.add_argument("--story", help="with an assignment file: the story folder (default: the shipped scenes/)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--assets", help="assets folder (default: beside the story folder)")


def run_check(args: argparse.Namespace) -> int:
    from ..story import open_story, write_diagnostics

    if args.dir and Path(args.dir).is_file():  # a teacher's assignment, checked against the story
        from .classroom import check_assignment_file

        return check_assignment_file(Path(args.dir), args.story, args.format, sys.stdout)
    story_dir = paths.story_dir(args.story or args.dir)
    opened = open_story(story_dir, assets=args.assets or _assets_for(story_dir), strict=args.strict)
    if opened.story is not None:
        from ..tools.historyline import check_history_line  # plays the story: needs the engine

        opened = opened.adding(check_history_line(opened.story), strict=args.strict)
    return write_diagnostics(opened, args.dir or story_dir, sys.stdout, args.format)


def _add_test(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", nargs="?", help="story folder (default: scenes/)")
    p.add_argument("--runs", type=int, default=200, help="random playthroughs per scenario")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--budget", type=int, default=20_000, help="states the coverage search may visit")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when any option, scene or ending was never reached (for CI)")


def run_test(args: argparse.Namespace) -> int:
    from ..tools.playtest import coverage_search, format_report, random_runs, unreached

    if args.runs < 0 or args.budget < 0:
        sys.stderr.write("after-lenin: --runs and --budget must not be negative\n")
        return EXIT_USAGE
    story = _load_or_report(paths.story_dir(args.dir))
    if story is None:
        return Exit.PROBLEMS
    report = random_runs(story, args.runs, args.seed)
    coverage_search(story, report, args.budget)
    lines: list[str] = []
    format_report(story, report, lines)
    sys.stdout.write("\n".join(lines) + "\n")
    if report.errors:
        return Exit.PROBLEMS
    if args.strict and (gaps := unreached(story, report)):
        sys.stdout.write(f"--strict: {gaps} option(s), scene(s) or ending(s) never reached\n")
        return Exit.PROBLEMS
    return Exit.OK


def _add_schema(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", nargs="?", choices=("manifest", "content"), help="which file kind")
    p.add_argument("--write", nargs="?", const="", metavar="DIR",
                   help="instead of printing, (re)write both editor schemas (default: the repo's schemas/)")


def run_schema(args: argparse.Namespace) -> int:
    import json

    from ..story.schema import json_schema

    if getattr(args, "write", None) is not None:
        from ..tools import schemas  # the files editors read; kept equal to the loader's schema

        folder = Path(args.write) if args.write else schemas.schemas_dir()
        try:
            changed = schemas.write(folder)
        except OSError as exc:
            sys.stderr.write(f"after-lenin: cannot write the schemas in {folder}: {exc.strerror or exc}\n")
            return EXIT_USAGE
        sys.stdout.write(f"updated {', '.join(str(p) for p in changed)}\n" if changed
                         else f"the schemas in {folder} are up to date\n")
        return Exit.OK
    if args.kind is None:
        sys.stderr.write("after-lenin schema: say which kind (manifest or content), or --write\n")
        return EXIT_USAGE
    json.dump(json_schema(args.kind), sys.stdout, indent=1)
    sys.stdout.write("\n")
    return Exit.OK


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("after-lenin")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, built from the static table in ``game.cli.table``."""
    import importlib

    parser = argparse.ArgumentParser(
        prog="after-lenin",
        description="After Lenin — a branching history game of the Soviet succession struggle, 1922–1929.",
    )
    parser.add_argument("--version", action="version", version=f"after-lenin {_version()}")
    sub = parser.add_subparsers(dest="command")
    for name, command in COMMANDS.items():
        module = importlib.import_module(f"{__package__}.{command.module}")
        p = sub.add_parser(name, help=command.help, description=command.help)
        getattr(module, command.add)(p)
        p.set_defaults(run=getattr(module, command.run))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv = [DEFAULT, *argv]  # play is the default subcommand
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        sys.stderr.write("\nStopped.\n")
        return Exit.INTERRUPTED
    except BrokenPipeError:
        # e.g. `after-lenin check | head`: the reader left; nothing to report
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return Exit.OK

