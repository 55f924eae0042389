"""``after-lenin``: one command with subcommands (play is the default).

Nothing under ``game/`` imports this package; only ``game/__main__.py`` and the
console script do. The subcommands are listed in ``game.cli.table``; exit codes
live in ``game.cli.exits``.
"""

from __future__ import annotations

from .core import _load_or_report, _parse_sets, _story_dir, build_parser, main, pick_scenario
from .exits import Exit

# _load_or_report, _parse_sets and _story_dir are still imported by game/ui/app.py until the
# engine's start (game.engine.start) and the story's door (game.story.open_story) replace them
# at merge time; then these re-exports go.

__all__ = ["Exit", "_load_or_report", "_parse_sets", "_story_dir", "build_parser", "main", "pick_scenario"]
