"""Where the server keeps every student's game: one SQLite file in the data folder.

One row per student holds the whole playthrough as the engine's own save JSON
(``Playthrough.to_json``) and a version number. Every action is committed before the
response goes out (WAL, ``synchronous=FULL``), so a server killed at any moment
restarts with each student at their last step. The version makes two tabs of one
student safe: an action carries the version it was shown, and one that arrives after
the game moved on is refused rather than applied twice.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS players (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    game TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}',
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS slots (
    player TEXT NOT NULL,
    slot TEXT NOT NULL,
    game TEXT NOT NULL,
    label TEXT NOT NULL,
    saved REAL NOT NULL,
    PRIMARY KEY (player, slot)
);
"""


class StoreError(Exception):
    """The database cannot be opened or written; the message says which file and why."""


class Conflict(Exception):
    """The game moved on since the page was shown (another tab, a double click)."""


@dataclass(frozen=True)
class Row:
    """A student's stored game."""

    version: int
    name: str
    game: dict[str, Any]
    extra: dict[str, Any]


@dataclass(frozen=True)
class Slot:
    slot: str
    label: str
    saved: float


def parse_database(url: str | None, data_dir: Path) -> Path:
    """The SQLite file for ``--database`` (``sqlite:///path`` or a plain path; default in the data folder)."""
    if not url:
        return data_dir / "web.sqlite3"
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///"):]).expanduser()
    if "://" in url:
        scheme = url.split("://", 1)[0]
        raise StoreError(f"--database {url!r}: only sqlite:///PATH is supported by this server, not {scheme}://")
    return Path(url).expanduser()


class Store:
    """The students' games in one SQLite file. Not shared between threads: the app uses one event loop."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            # FULL: a commit is on disk before the student sees its result (WAL makes that cheap).
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA busy_timeout=5000")
            self.db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the database {path}: {exc}") from exc

    def close(self) -> None:
        self.db.close()

    # -- the game in play -------------------------------------------------------------

    def get(self, player: str) -> Row | None:
        found = self.db.execute("SELECT version, name, game, extra FROM players WHERE id = ?", (player,)).fetchone()
        if found is None:
            return None
        version, name, game, extra = found
        return Row(version, name, _loads(game), _loads(extra))

    def head(self, player: str) -> tuple[int, str, dict[str, Any]] | None:
        """Version, name and extra without the game itself (the game is read only when not cached)."""
        found = self.db.execute("SELECT version, name, extra FROM players WHERE id = ?", (player,)).fetchone()
        if found is None:
            return None
        return int(found[0]), found[1], _loads(found[2])

    def version(self, player: str) -> int | None:
        found = self.db.execute("SELECT version FROM players WHERE id = ?", (player,)).fetchone()
        return None if found is None else int(found[0])

    def put(self, player: str, game: dict[str, Any], expected: int | None, name: str | None = None,
            extra: dict[str, Any] | None = None) -> int:
        """Write a game; ``expected`` is the version it was read at (None: a new game). Returns the new version.

        Raises :class:`Conflict` when the stored version is not ``expected``.
        """
        text = json.dumps(game, ensure_ascii=False, separators=(",", ":"))
        now = time.time()
        try:
            self.db.execute("BEGIN IMMEDIATE")
            current = self.version(player)
            if expected is not None and current != expected:
                self.db.execute("ROLLBACK")
                raise Conflict()
            new = (current or 0) + 1
            if current is None:
                self.db.execute("INSERT INTO players (id, version, name, game, extra, updated) VALUES (?, ?, ?, ?, ?, ?)",
                                (player, new, name or "", text, json.dumps(extra or {}), now))
            else:
                self.db.execute("UPDATE players SET version = ?, game = ?, updated = ? WHERE id = ?",
                                (new, text, now, player))
                if name is not None:
                    self.db.execute("UPDATE players SET name = ? WHERE id = ?", (name, player))
                if extra is not None:
                    self.db.execute("UPDATE players SET extra = ? WHERE id = ?", (json.dumps(extra), player))
            self.db.execute("COMMIT")
            return new
        except sqlite3.Error as exc:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise StoreError(f"cannot write to the database {self.path}: {exc}") from exc

    def set_extra(self, player: str, extra: dict[str, Any]) -> None:
        """Answers and the name, kept beside the game (no version change: they do not move the story)."""
        try:
            self.db.execute("UPDATE players SET extra = ? WHERE id = ?", (json.dumps(extra, ensure_ascii=False), player))
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to the database {self.path}: {exc}") from exc

    # -- save slots -------------------------------------------------------------------

    def save_slot(self, player: str, slot: str, game: dict[str, Any], label: str) -> None:
        text = json.dumps(game, ensure_ascii=False, separators=(",", ":"))
        try:
            self.db.execute("INSERT OR REPLACE INTO slots (player, slot, game, label, saved) VALUES (?, ?, ?, ?, ?)",
                            (player, slot, text, label, time.time()))
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to the database {self.path}: {exc}") from exc

    def slots(self, player: str) -> dict[str, Slot]:
        rows = self.db.execute("SELECT slot, label, saved FROM slots WHERE player = ?", (player,)).fetchall()
        return {slot: Slot(slot, label, saved) for slot, label, saved in rows}

    def load_slot(self, player: str, slot: str) -> dict[str, Any] | None:
        found = self.db.execute("SELECT game FROM slots WHERE player = ? AND slot = ?", (player, slot)).fetchone()
        return None if found is None else _loads(found[0])


def _loads(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
