"""One database connection, SQLite or PostgreSQL, behind the few calls the store makes.

SQL is written once, in the dialect both understand (``ON CONFLICT … DO UPDATE``, plain
types), with ``?`` placeholders that become ``%s`` for PostgreSQL. Every statement runs
in autocommit: each is its own transaction, so a change is on disk (SQLite) or committed
(PostgreSQL) before the call returns — and before the student sees its result.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any


class DatabaseError(Exception):
    """The database cannot be opened, read or written; the message says which and why."""


class Conflict(Exception):
    """A row another request changed first (optimistic concurrency), or a key already taken."""


def describe(url: str) -> str:
    """The database for messages, without a password."""
    if "://" in url and "@" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url


class _Link(threading.local):
    """This thread's connection, and whether its commits wait for the disk."""

    conn: Any = None
    durable: bool = True


class Database:
    """Connections to ``sqlite:///PATH`` (or a plain path) or ``postgresql://…``: one per thread.

    The server's event loop uses one; the few threads that run PostgreSQL round trips off the
    loop (``Games.pool``) each have their own, so a query never waits for another thread's.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.kind = "postgresql" if url.startswith(("postgresql://", "postgres://")) else "sqlite"
        self.open = False
        self._link = _Link()
        self._all: list[Any] = []
        self._lock = threading.Lock()
        if self.kind == "postgresql":
            try:
                import psycopg
            except ImportError:
                raise DatabaseError("--database postgresql://… needs the psycopg package: pip install "
                                    "'psycopg[binary]'") from None
            self._errors: tuple[type[BaseException], ...] = (psycopg.Error,)
            self._unique: tuple[type[BaseException], ...] = (psycopg.errors.UniqueViolation,)
        else:
            self._errors = (sqlite3.Error,)
            self._unique = (sqlite3.IntegrityError,)
        self._connect()

    def _connect(self) -> Any:
        url = self.url
        try:
            if self.kind == "postgresql":
                import psycopg

                conn: Any = psycopg.connect(url, autocommit=True, connect_timeout=10)
            else:
                path = Path(url[len("sqlite:///"):] if url.startswith("sqlite:///") else url)
                path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
                conn.execute("PRAGMA journal_mode=WAL")
                # FULL: a commit is on disk before the student sees its result (see durable()).
                conn.execute("PRAGMA synchronous=FULL")
                conn.execute("PRAGMA busy_timeout=5000")
                conn.execute("PRAGMA foreign_keys=ON")
        except Exception as exc:
            raise DatabaseError(f"cannot open the database {describe(url)}: {_reason(exc)}. If it is a damaged file, "
                                "it is kept as it is: move it aside (or pass another --database) and start again."
                                ) from exc
        self._link.conn = conn
        self._link.durable = True
        with self._lock:
            self._all.append(conn)
            self.open = True
        return conn

    def _conn(self) -> Any:
        # closed at an app's shutdown, and the same app started again (tests do): connect anew
        conn = self._link.conn if self.open else None
        return conn if conn is not None else self._connect()

    def durable(self, on: bool) -> None:
        """Whether this thread's next commits wait for the disk (fsync).

        Decisions always do. Going on through a line need not: SQLite in WAL mode with
        ``synchronous=NORMAL`` still keeps such a commit when the server is killed at once
        (SIGKILL), and only a power cut could lose it, before the next decision's commit,
        which writes it to the disk with its own. PostgreSQL's ``synchronous_commit = off``
        is the same bargain: the database server has the row at once and writes it out
        within a fraction of a second; only a crash of the database machine itself could
        lose the last lines (never a decision, and never a half-written row).
        """
        self._conn()
        if on == self._link.durable:
            return
        if self.kind == "sqlite":
            self._run(f"PRAGMA synchronous={'FULL' if on else 'NORMAL'}", ())
        else:
            self._run(f"SET synchronous_commit TO {'on' if on else 'off'}", ())
        self._link.durable = on

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement (its own transaction); the rows it returns, if any."""
        return self._run(sql, params)[0]

    def changed(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one changing statement; how many rows it changed."""
        return self._run(sql, params)[1]

    def _run(self, sql: str, params: Sequence[Any]) -> tuple[list[tuple[Any, ...]], int]:
        conn = self._conn()
        try:
            if self.kind == "postgresql":
                with conn.cursor() as cur:
                    cur.execute(sql.replace("?", "%s"), tuple(params))
                    return (list(cur.fetchall()) if cur.description else []), int(cur.rowcount)
            cursor = conn.execute(sql, tuple(params))
            return cursor.fetchall(), int(cursor.rowcount)
        except self._unique as exc:
            raise Conflict(str(exc)) from exc
        except self._errors as exc:
            raise DatabaseError(f"the database {describe(self.url)} failed: {_reason(exc)}") from exc

    def script(self, statements: str) -> None:
        for statement in statements.split(";"):
            if statement.strip():
                self.execute(statement)

    def close(self) -> None:
        """Close every thread's connection (a thread that asks again afterwards connects anew)."""
        with self._lock:
            self.open = False
            conns, self._all = self._all, []
        self._link = _Link()
        for conn in conns:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - closing at shutdown never fails the shutdown
                pass


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
