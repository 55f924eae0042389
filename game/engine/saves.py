"""Save files: written atomically, read defensively, listed by slot.

This module only handles files; what a save holds, and how a playthrough is rebuilt
from it, is the state's own format (``Playthrough.to_json`` and ``Playthrough.restore``,
over game/engine/state.py). A damaged or
hand-edited file is refused with a clear message and moved aside, never deleted.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..story import model as M
from .playthrough import Playthrough
from .state import FORMAT, FORMAT_VERSION, SaveError

__all__ = ["AUTOSAVE", "FORMAT", "FORMAT_VERSION", "PREVIOUS", "QUICKSAVE", "SaveError", "SaveInfo", "SaveStore",
           "keep_previous", "write_atomic"]

MAX_SAVE_BYTES = 16 * 1024 * 1024
SLOT_RE = re.compile(r"^[a-z0-9_-]{1,40}$")
AUTOSAVE = "autosave"
QUICKSAVE = "quicksave"
#: The games in progress kept when a new game (or a loaded save) takes the autosave's place,
#: newest first. Every front end rotates through these same names (issue 12.2).
PREVIOUS = ("previous-1", "previous-2", "previous-3")
#: A temporary file this old was left by a write that was killed; a live one is never this old.
STALE_TEMP_SECONDS = 60


@dataclass(frozen=True)
class SaveInfo:
    """What a save/load screen lists for one slot."""

    slot: str
    path: Path
    saved_at: str
    chapter: str
    scene_title: str
    date: str
    scenario: str
    damaged: str = ""  # why it cannot be loaded, if it cannot
    finished: bool = False  # the game reached an ending (not a game in progress)
    chapter_number: int = 0  # 1-based; 0 when unknown (saves written before it was recorded)


def keep_previous(move: Callable[[str, str], None]) -> str:
    """Make room in ``PREVIOUS[0]`` by moving each kept game one place older; the oldest is dropped.

    ``move(newer, older)`` moves one slot's content over another (doing nothing when ``newer``
    is empty); it is called oldest first, so nothing is overwritten before it has moved on.
    Returns the slot the game being replaced now goes into. The file store and the browser's
    database share this, so both keep the same three games under the same names.
    """
    for newer, older in zip(PREVIOUS[-2::-1], PREVIOUS[:0:-1]):
        move(newer, older)
    return PREVIOUS[0]


# --- files -------------------------------------------------------------------------------


_UMASK_LOCK = threading.Lock()


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows.

    Linux shows it in /proc/self/status; elsewhere the only way is to set it and
    set it back, which a lock keeps from racing with another thread doing the same
    (a file created between the two calls would otherwise get mode 0666).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:
        mask = os.umask(0o077)  # the strictest value while it is briefly changed
        os.umask(mask)
    return mask


def write_atomic(path: Path, text: str) -> None:
    """Write so that ``path`` holds the old or the new content, never a mix.

    Temp file in the same folder, flush and fsync, then rename over the target,
    then fsync the folder so the rename itself survives a power cut.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes 0600 files; give the mode a plain open() would (0666 minus the
        # umask) so a teacher's account can read a shared classroom data folder.
        os.chmod(tmp, 0o666 & ~current_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return  # e.g. Windows: directories cannot be opened; the rename is still atomic
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


class SaveStore:
    """The saves folder: named slots, the autosave and the quicksave."""

    def __init__(self, data_dir: Path) -> None:
        self.dir = Path(data_dir) / "saves"

    def path(self, slot: str) -> Path:
        if not SLOT_RE.match(slot):
            raise SaveError(f"'{slot}' is not a valid save name (use letters, digits, - and _)")
        return self.dir / f"{slot}.json"

    def save(self, pt: Playthrough, slot: str, meta: dict[str, Any] | None = None) -> Path:
        path = self.path(slot)
        chapter = pt.chapter
        # What Load lists without restoring the game: is it still in progress, and in which chapter.
        info: dict[str, Any] = {"finished": pt.finished,
                                "chapter_number": pt.story.chapter_index(chapter.id) + 1 if chapter else 0}
        info.update(meta or {})
        write_atomic(path, json.dumps(pt.to_json(info), ensure_ascii=False, indent=1))
        self._sweep(path)
        return path

    def _sweep(self, path: Path) -> None:
        """Remove temporary files that killed writes of this slot left behind.

        A fresh one is left alone: another game on the same machine may be writing it now.
        """
        cutoff = time.time() - STALE_TEMP_SECONDS
        for tmp in path.parent.glob(f".{path.name}.*.tmp"):
            try:
                if tmp.stat().st_mtime < cutoff:
                    tmp.unlink()
            except OSError:
                pass  # gone already, or not ours to remove: harmless either way

    def autosave(self, pt: Playthrough) -> Path:
        return self.save(pt, AUTOSAVE)

    def keep_previous(self, slot: str = AUTOSAVE) -> str | None:
        """Before a new game replaces ``slot``'s game, move it to ``previous-1`` (the older ones
        one place on, the fourth dropped). Returns the slot it went to, None when there was none.

        Renames within one folder, so each step is atomic: a crash leaves every game somewhere.
        """
        source = self.path(slot)
        if not source.exists():
            return None

        def move(newer: str, older: str) -> None:
            src = self.path(newer)
            if src.exists():
                os.replace(src, self.path(older))

        target = keep_previous(move)
        os.replace(source, self.path(target))
        return target

    def read(self, slot: str) -> dict[str, Any]:
        """Read a slot's JSON. Raises SaveError (and moves a damaged file aside)."""
        path = self.path(slot)
        if not path.exists():
            raise SaveError(f"there is no save called '{slot}'")
        try:
            if path.stat().st_size > MAX_SAVE_BYTES:
                raise ValueError("file too large")
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError("not a save")
        except (OSError, ValueError, UnicodeDecodeError, RecursionError) as exc:
            aside = self.set_aside(path)
            raise SaveError(f"the save '{slot}' is damaged ({_why(exc)}); it was kept as {aside.name}"
                            " and the game goes on") from None
        return data

    def load(self, story: M.Story, slot: str) -> tuple[Playthrough, str]:
        data = self.read(slot)
        try:
            return Playthrough.restore(story, data)
        except SaveError as exc:
            if "another story" in str(exc) or "newer version" in str(exc):
                raise  # a good file for something else: leave it where it is
            aside = self.set_aside(self.path(slot))
            raise SaveError(f"the save '{slot}' cannot be used: {exc}; it was kept as {aside.name}") from None

    def set_aside(self, path: Path) -> Path:
        """Rename a bad save so it is kept for inspection but no longer listed."""
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.stem}.damaged-{stamp}.json.bak")
        n = 1
        while aside.exists():
            aside = path.with_name(f"{path.stem}.damaged-{stamp}-{n}.json.bak")
            n += 1
        try:
            os.replace(path, aside)
        except OSError:
            return path
        return aside

    def list(self) -> list[SaveInfo]:
        """Every slot, newest first; damaged files are listed as damaged."""
        out: list[SaveInfo] = []
        if not self.dir.is_dir():
            return out
        for path in self.dir.glob("*.json"):
            slot = path.stem
            if not SLOT_RE.match(slot):
                continue
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                meta = data["meta"]
                state = data["state"]
                number = meta.get("chapter_number", 0)
                out.append(SaveInfo(slot, path, str(data["saved_at"]), str(meta.get("chapter", "")),
                                    str(meta.get("scene_title", "")), str(meta.get("date", "")),
                                    str(meta.get("scenario", state.get("scenario", ""))),
                                    finished=meta.get("finished") is True,
                                    chapter_number=number if isinstance(number, int) else 0))
            except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
                out.append(SaveInfo(slot, path, "", "", "", "", "", damaged=_why(exc)))
        out.sort(key=lambda info: info.saved_at, reverse=True)
        return out

    def latest(self) -> SaveInfo | None:
        usable = [s for s in self.list() if not s.damaged]
        return usable[0] if usable else None


def _why(exc: BaseException) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON at line {exc.lineno}, column {exc.colno}"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    return str(exc) or type(exc).__name__
