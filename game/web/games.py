"""Each student's playthrough on the server: read from the store, acted on, committed.

Starting, restoring and acting all go through the engine's public API
(``Playthrough.start``, ``Playthrough.restore``, ``advance``/``choose``/``appoint``/
``undo``, ``to_json``); this module only decides when to read and write. A small
in-memory cache keyed by student and version spares restoring the save at every
click; the database row stays the truth, so a killed server loses nothing.
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from ..engine.playthrough import NotNow, Playthrough
from ..engine.saves import PREVIOUS, SaveError, keep_previous
from ..engine.start import Start
from ..story import model as M
from .store import Conflict, Store

#: Students whose playthrough stays in memory (a class of 30 many times over).
CACHE_SIZE = 2000
#: Threads (and PostgreSQL connections) per server process for the games' database work.
POOL = 6
T = TypeVar("T")
#: Slots a student saves into by hand, and the automatic ones kept when a new game replaces one.
SLOTS = ("1", "2", "3")
__all__ = ["PREVIOUS", "SLOTS", "Games", "Loaded", "label", "saved_at"]


@dataclass
class Loaded:
    """A student's game as it stands: the playthrough, its stored version, a notice from restoring."""

    pt: Playthrough
    version: int
    name: str
    extra: dict[str, Any]
    notice: str = ""
    class_code: str = ""


class Games:
    """The students' playthroughs of one story, over one store."""

    def __init__(self, story: M.Story, store: Store) -> None:
        self.story = story
        self.store = store
        self._cache: OrderedDict[str, tuple[int, Playthrough]] = OrderedDict()
        # PostgreSQL is a network round trip per statement, and a commit waits for the database
        # server: done on the event loop, every other student would wait too. A few threads (each
        # with its own connection) take the game's reads and writes off the loop; SQLite's calls
        # are short enough (a fraction of a millisecond) to stay on it.
        self.threaded = store.db.kind == "postgresql"
        self.pool: ThreadPoolExecutor | None = None  # made at first use, again after close() (tests restart an app)
        self._locks: dict[str, threading.Lock] = {}
        self._cache_lock = threading.Lock()

    async def off_loop(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)``: in the pool on PostgreSQL, right here on SQLite."""
        if not self.threaded:
            return fn(*args)
        if self.pool is None:
            self.pool = ThreadPoolExecutor(POOL, thread_name_prefix="al-db")
        return await asyncio.get_running_loop().run_in_executor(self.pool, functools.partial(fn, *args))

    def close(self) -> None:
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def load(self, player: str) -> Loaded | None:
        """The student's game, or None when they have none (or it cannot be read: ``broken`` says)."""
        head = self.store.head(player)
        if head is None:
            return None
        with self._cache_lock:
            cached = self._cache.get(player)
            if cached is not None and cached[0] == head[0]:
                self._cache.move_to_end(player)
        if cached is not None and cached[0] == head[0]:
            return Loaded(cached[1], head[0], head[1], head[2], class_code=head[3])
        row = self.store.get(player)
        if row is None:
            return None
        try:
            pt, notice = Playthrough.restore(self.story, row.game)
        except SaveError:
            return None
        self._remember(player, row.version, pt)
        return Loaded(pt, row.version, row.name, row.extra, notice, row.class_code)

    def has_broken(self, player: str) -> bool:
        """A stored game exists but cannot be restored into this story."""
        return self.store.head(player) is not None and self.load(player) is None

    def start(self, player: str, scenario: str, name: str = "", extra: dict[str, Any] | None = None,
              class_code: str | None = None, resume: str | None = None) -> Loaded:
        """A new game. A game already in play is kept in the 'previous' slots first, never overwritten."""
        old = self.store.get(player)
        if old is not None and old.game:
            self._keep_previous(player, old.game)
        pt = Start(scenario).begin(self.story)  # as every front end starts a game (game/engine/start.py)
        version = self.store.put(player, pt.to_json(), None if old is None else old.version, name=name,
                                 extra=extra if extra is not None else {}, class_code=class_code, resume=resume)
        self._remember(player, version, pt)
        return Loaded(pt, version, name, extra or {}, class_code=class_code or (old.class_code if old else ""))

    def act(self, player: str, shown: int, action: Callable[[Playthrough], Any]) -> Loaded | None:
        """Apply ``action`` to the game the page was showing (version ``shown``) and commit it.

        None when the game has moved on since (another tab, a double click): nothing is applied.
        A failing action (``NotNow``, a story error) leaves the stored game as it was.
        """
        # One action per student at a time: two tabs' clicks in two pool threads must not both act on
        # the one cached playthrough (the second then finds the version moved on and is refused).
        with self._locks.setdefault(player, threading.Lock()):
            return self._act(player, shown, action)

    def _act(self, player: str, shown: int, action: Callable[[Playthrough], Any]) -> Loaded | None:
        loaded = self.load(player)
        if loaded is None or loaded.version != shown:
            return None
        # Work on a restored copy when the action might fail halfway: the cached object must stay
        # what the database holds. Engine actions check before they change anything, so the
        # cached playthrough is safe to act on; a StoryRuntimeError drops it from the cache.
        pt = loaded.pt
        decisions = len(pt.state.log)
        undo_depth = pt.undo_depth
        try:
            action(pt)
        except NotNow:
            raise
        except Exception:
            self._forget(player)
            raise
        try:
            # A decision (or an undo of one) waits for the disk; a line gone past need not (Database.durable).
            durable = len(pt.state.log) != decisions or pt.undo_depth != undo_depth
            version = self.store.put(player, pt.to_json(), loaded.version, durable=durable)
        except Conflict:  # another server process moved this game on in between: theirs stands
            self._forget(player)
            return None
        self._remember(player, version, pt)
        return Loaded(pt, version, loaded.name, loaded.extra, class_code=loaded.class_code)

    def save_slot(self, player: str, slot: str) -> bool:
        loaded = self.load(player)
        if loaded is None:
            return False
        self.store.save_slot(player, slot, loaded.pt.to_json(), label(loaded.pt))
        return True

    def load_slot(self, player: str, slot: str) -> Loaded | None:
        data = self.store.load_slot(player, slot)
        row = self.store.get(player)
        if data is None or row is None:
            return None
        try:
            pt, notice = Playthrough.restore(self.story, data)
        except SaveError:
            return None
        if row.game:
            self._keep_previous(player, row.game)
        version = self.store.put(player, pt.to_json(), row.version)
        self._remember(player, version, pt)
        return Loaded(pt, version, row.name, row.extra, notice, row.class_code)

    def slots(self, player: str) -> Mapping[str, Any]:
        return self.store.slots(player)

    def _keep_previous(self, player: str, game: dict[str, Any]) -> None:
        try:
            pt, _notice = Playthrough.restore(self.story, game)
            text = label(pt)
        except SaveError:
            text = "a game from an earlier version of the story"

        def move(newer: str, older: str) -> None:
            moved = self.store.load_slot(player, newer)
            if moved is not None:
                info = self.store.slots(player)[newer]
                self.store.save_slot(player, older, moved, info.label)

        self.store.save_slot(player, keep_previous(move), game, text)

    def _remember(self, player: str, version: int, pt: Playthrough) -> None:
        with self._cache_lock:
            self._cache[player] = (version, pt)
            self._cache.move_to_end(player)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)

    def _forget(self, player: str) -> None:
        with self._cache_lock:
            self._cache.pop(player, None)


def label(pt: Playthrough) -> str:
    """A save's label as Load lists it: scenario, chapter, decisions made."""
    story = pt.story
    scenario = story.scenarios.get(pt.state.scenario)
    chapter = pt.chapter
    parts = [scenario.title if scenario else pt.state.scenario]
    # A one-chapter scenario's title already names its chapter ("Chapter 7: …"): not twice.
    if chapter is not None and not (scenario is not None and scenario.chapter == chapter.id):
        parts.append(f"chapter {story.chapter_index(chapter.id) + 1}: {chapter.title}")
    if pt.finished:
        parts.append("finished")
    n = pt.state.decisions
    parts.append(f"{n} decision{'' if n == 1 else 's'}")
    return " · ".join(parts)


def saved_at(seconds: float) -> str:
    return _dt.datetime.fromtimestamp(seconds).strftime("%d %b %Y, %H:%M")
