"""Where the server keeps every student's game and every class: one database.

One row per student holds the whole playthrough as the engine's own save JSON
(``Playthrough.to_json``) and a version number. Every action is committed before the
response goes out, so a server killed at any moment restarts with each student at their
last step. The version makes two tabs of one student safe: an action carries the version
it was shown, and one that arrives after the game moved on is refused rather than
applied twice. SQLite in the data folder by default; PostgreSQL with
``--database postgresql://…``, where several server processes share the same rows.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .db import Conflict, Database, DatabaseError

__all__ = ["Conflict", "Store", "StoreError", "Row", "Member", "Slot", "ClassRow", "parse_database"]

StoreError = DatabaseError
#: The settings key before a student's id while the teacher has let them in on another device.
LET_IN = "let-in:"

SCHEMA = """
CREATE TABLE IF NOT EXISTS players (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    game TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}',
    class_code TEXT NOT NULL DEFAULT '',
    resume TEXT NOT NULL DEFAULT '',
    updated DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS players_class ON players (class_code);
CREATE TABLE IF NOT EXISTS slots (
    player TEXT NOT NULL,
    slot TEXT NOT NULL,
    game TEXT NOT NULL,
    label TEXT NOT NULL,
    saved DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (player, slot)
);
CREATE TABLE IF NOT EXISTS classes (
    code TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    assignment TEXT NOT NULL,
    created DOUBLE PRECISION NOT NULL,
    roster TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS reports (
    player TEXT PRIMARY KEY,
    class_code TEXT NOT NULL,
    data TEXT NOT NULL,
    handed DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS reports_class ON reports (class_code);
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS attempts (
    who TEXT NOT NULL,
    at DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_who ON attempts (who, at)
"""


@dataclass(frozen=True)
class Row:
    """A student's stored game."""

    version: int
    name: str
    game: dict[str, Any]
    extra: dict[str, Any]
    class_code: str = ""
    resume: str = ""


@dataclass(frozen=True)
class Member:
    """A student of a class as the dashboard lists them, without the game itself."""

    player: str
    version: int
    name: str
    resume: str
    updated: float  # last change, seconds since the epoch


@dataclass(frozen=True)
class Slot:
    slot: str
    label: str
    saved: float


@dataclass(frozen=True)
class ClassRow:
    code: str
    title: str
    assignment: str  # the assignment's YAML text, as checked
    created: float
    roster: str = ""  # the class list the teacher pasted, one name a line ('' for none)


def parse_database(url: str | None, data_dir: Path) -> str:
    """The database for ``--database``: ``sqlite:///PATH``, a plain path, or ``postgresql://…``."""
    if not url:
        return f"sqlite:///{data_dir / 'web.sqlite3'}"
    if url.startswith(("sqlite:///", "postgresql://", "postgres://")):
        return url
    if "://" in url:
        scheme = url.split("://", 1)[0]
        raise StoreError(f"--database {url!r}: use sqlite:///PATH or postgresql://USER@HOST/DB, not {scheme}://")
    return f"sqlite:///{Path(url).expanduser()}"


class Store:
    """The students' games and the classes, in one database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.db = Database(url)
        self.db.script(SCHEMA)
        self._upgrade()

    def _upgrade(self) -> None:
        """Columns added since the first release, added to a database made before them."""
        try:
            self.db.execute("SELECT roster FROM classes WHERE 1 = 0")
        except DatabaseError:
            self.db.execute("ALTER TABLE classes ADD COLUMN roster TEXT NOT NULL DEFAULT ''")

    def close(self) -> None:
        self.db.close()

    # -- the game in play -------------------------------------------------------------

    def get(self, player: str) -> Row | None:
        found = self.db.execute("SELECT version, name, game, extra, class_code, resume FROM players WHERE id = ?",
                                (player,))
        if not found:
            return None
        version, name, game, extra, class_code, resume = found[0]
        return Row(int(version), name, _loads(game), _loads(extra), class_code, resume)

    def head(self, player: str) -> tuple[int, str, dict[str, Any], str] | None:
        """Version, name, extra and class without the game itself (the game is read only when not cached)."""
        found = self.db.execute("SELECT version, name, extra, class_code FROM players WHERE id = ?", (player,))
        if not found:
            return None
        version, name, extra, class_code = found[0]
        return int(version), name, _loads(extra), class_code

    def version(self, player: str) -> int | None:
        found = self.db.execute("SELECT version FROM players WHERE id = ?", (player,))
        return None if not found else int(found[0][0])

    def put(self, player: str, game: dict[str, Any], expected: int | None, name: str | None = None,
            extra: dict[str, Any] | None = None, class_code: str | None = None, resume: str | None = None,
            durable: bool = True) -> int:
        """Write a game; ``expected`` is the version it was read at (None: a new player). Returns the new version.

        Raises :class:`Conflict` when the stored version is not ``expected``. One statement, so
        it is atomic on either database without locks.
        """
        text = json.dumps(game, ensure_ascii=False, separators=(",", ":"))
        now = time.time()
        self.db.durable(durable)
        if expected is None:
            self.db.execute(
                "INSERT INTO players (id, version, name, game, extra, class_code, resume, updated)"
                " VALUES (?, 1, ?, ?, ?, ?, ?, ?)",
                (player, name or "", text, json.dumps(extra or {}, ensure_ascii=False), class_code or "",
                 resume or "", now))
            return 1
        sets = ["version = version + 1", "game = ?", "updated = ?"]
        params: list[Any] = [text, now]
        for column, value in (("name", name), ("class_code", class_code), ("resume", resume)):
            if value is not None:
                sets.append(f"{column} = ?")
                params.append(value)
        if extra is not None:
            sets.append("extra = ?")
            params.append(json.dumps(extra, ensure_ascii=False))
        changed = self.db.changed(f"UPDATE players SET {', '.join(sets)} WHERE id = ? AND version = ?",
                                  (*params, player, expected))
        if changed != 1:
            raise Conflict("the game moved on")
        return expected + 1

    def set_extra(self, player: str, extra: dict[str, Any]) -> None:
        """Answers and the name, kept beside the game (no version change: they do not move the story)."""
        self.db.execute("UPDATE players SET extra = ? WHERE id = ?", (json.dumps(extra, ensure_ascii=False), player))

    # -- save slots -------------------------------------------------------------------

    def save_slot(self, player: str, slot: str, game: dict[str, Any], label: str) -> None:
        text = json.dumps(game, ensure_ascii=False, separators=(",", ":"))
        self.db.execute("INSERT INTO slots (player, slot, game, label, saved) VALUES (?, ?, ?, ?, ?)"
                        " ON CONFLICT (player, slot) DO UPDATE SET game = excluded.game, label = excluded.label,"
                        " saved = excluded.saved", (player, slot, text, label, time.time()))

    def slots(self, player: str) -> dict[str, Slot]:
        rows = self.db.execute("SELECT slot, label, saved FROM slots WHERE player = ?", (player,))
        return {slot: Slot(slot, label, saved) for slot, label, saved in rows}

    def load_slot(self, player: str, slot: str) -> dict[str, Any] | None:
        found = self.db.execute("SELECT game FROM slots WHERE player = ? AND slot = ?", (player, slot))
        return None if not found else _loads(found[0][0])

    # -- classes ----------------------------------------------------------------------

    def add_class(self, code: str, title: str, assignment: str, roster: str = "") -> None:
        """Raises Conflict when the code is taken (the caller draws another)."""
        self.db.execute("INSERT INTO classes (code, title, assignment, created, roster) VALUES (?, ?, ?, ?, ?)",
                        (code, title, assignment, time.time(), roster))

    def get_class(self, code: str) -> ClassRow | None:
        found = self.db.execute("SELECT code, title, assignment, created, roster FROM classes WHERE code = ?",
                                (code,))
        return ClassRow(*found[0]) if found else None

    def classes(self) -> list[ClassRow]:
        return [ClassRow(*r) for r in self.db.execute("SELECT code, title, assignment, created, roster FROM classes"
                                                     " ORDER BY created DESC")]

    def delete_class(self, code: str) -> None:
        """The class and every one of its students' data: games, save slots, reports."""
        self.db.execute("DELETE FROM slots WHERE player IN (SELECT id FROM players WHERE class_code = ?)", (code,))
        self.db.execute("DELETE FROM reports WHERE class_code = ?", (code,))
        self.db.execute("DELETE FROM settings WHERE key IN (SELECT ? || id FROM players WHERE class_code = ?)",
                        (LET_IN, code))
        self.db.execute("DELETE FROM players WHERE class_code = ?", (code,))
        self.db.execute("DELETE FROM classes WHERE code = ?", (code,))

    def members(self, code: str) -> list[tuple[str, Row, float]]:
        """Every student of a class: id, stored game, last change (seconds since the epoch)."""
        rows = self.db.execute("SELECT id, version, name, game, extra, class_code, resume, updated FROM players"
                               " WHERE class_code = ? ORDER BY name", (code,))
        return [(r[0], Row(int(r[1]), r[2], _loads(r[3]), _loads(r[4]), r[5], r[6]), float(r[7])) for r in rows]

    def roster(self, code: str) -> list[Member]:
        """Every student of a class without their games: what the dashboard polls for (cheap to read)."""
        rows = self.db.execute("SELECT id, version, name, resume, updated FROM players WHERE class_code = ?"
                               " ORDER BY name", (code,))
        return [Member(r[0], int(r[1]), r[2], r[3], float(r[4])) for r in rows]

    def games(self, players: list[str]) -> dict[str, tuple[int, dict[str, Any]]]:
        """The stored games (version, save JSON) of these students, read in batches of a few hundred."""
        out: dict[str, tuple[int, dict[str, Any]]] = {}
        for start in range(0, len(players), 500):
            batch = players[start:start + 500]
            marks = ", ".join("?" * len(batch))
            for player, version, game in self.db.execute(
                    f"SELECT id, version, game FROM players WHERE id IN ({marks})", batch):
                out[player] = (int(version), _loads(game))
        return out

    def find_member(self, code: str, name: str) -> tuple[str, str] | None:
        """(player id, resume code) of the student of that name in the class, if any."""
        found = self.db.execute("SELECT id, resume FROM players WHERE class_code = ? AND lower(name) = lower(?)",
                                (code, name))
        return (found[0][0], found[0][1]) if found else None

    def hand_in(self, player: str, code: str, data: dict[str, Any]) -> None:
        self.db.execute("INSERT INTO reports (player, class_code, data, handed) VALUES (?, ?, ?, ?)"
                        " ON CONFLICT (player) DO UPDATE SET data = excluded.data, handed = excluded.handed",
                        (player, code, json.dumps(data, ensure_ascii=False), time.time()))

    def reports(self, code: str) -> dict[str, dict[str, Any]]:
        return {p: _loads(d) for p, d in self.db.execute("SELECT player, data FROM reports WHERE class_code = ?",
                                                         (code,))}

    # -- wrong guesses (class codes, resume codes, teacher links) ------------------------

    def failures(self, who: str, since: float) -> int:
        """Wrong guesses from this address since then (seconds since the epoch), by every server process."""
        found = self.db.execute("SELECT count(*) FROM attempts WHERE who = ? AND at > ?", (who, since))
        return int(found[0][0]) if found else 0

    def fail(self, who: str, now: float, forget_before: float) -> None:
        """Count a wrong guess, and forget every guess too old to count any more."""
        self.db.execute("INSERT INTO attempts (who, at) VALUES (?, ?)", (who, now))
        self.db.execute("DELETE FROM attempts WHERE at < ?", (forget_before,))

    # -- settings (the teacher's key, sign-in links, let-in permissions) ------------------

    def setting(self, key: str) -> str | None:
        found = self.db.execute("SELECT value FROM settings WHERE key = ?", (key,))
        return found[0][0] if found else None

    def delete_setting(self, key: str) -> bool:
        """Remove a setting; whether it was there (so a one-time permission is used once, even by two processes)."""
        return self.db.changed("DELETE FROM settings WHERE key = ?", (key,)) == 1

    def delete_settings(self, prefix: str) -> None:
        """Remove every setting whose key starts with ``prefix``."""
        self.db.execute("DELETE FROM settings WHERE substr(key, 1, ?) = ?", (len(prefix), prefix))

    def set_setting(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE"
                        " SET value = excluded.value", (key, value))


def _loads(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}
