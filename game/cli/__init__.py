"""``after-lenin``: one command with subcommands (play is the default).

Nothing under ``game/`` imports this package; only ``game/__main__.py`` and the
console script do (tests/test_architecture.py checks it). The subcommands are listed
in ``game.cli.table``; exit codes live in ``game.cli.exits``.
"""

from __future__ import annotations

from .core import build_parser, main
from .exits import Exit

__all__ = ["Exit", "build_parser", "main"]
