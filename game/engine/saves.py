"""Saves: versioned JSON, written atomically, read defensively.

A save is never code (no pickle): a damaged or hand-edited file can at worst be
refused with a clear message, and it is then moved aside, never deleted. A save
made before the story changed resumes where its position still exists, and
otherwise at the start of the nearest chapter, saying so.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..story import model as M
from .playthrough import UNDO_LIMIT, Playthrough, State, StoryRuntimeError, _UndoPoint

FORMAT = "after-lenin-save"
FORMAT_VERSION = 1
MAX_SAVE_BYTES = 16 * 1024 * 1024
SLOT_RE = re.compile(r"^[a-z0-9_-]{1,40}$")
AUTOSAVE = "autosave"
QUICKSAVE = "quicksave"
#: A temporary file this old was left by a write that was killed; a live one is never this old.
STALE_TEMP_SECONDS = 60


class SaveError(Exception):
    """A save that cannot be used; the message says why and what happened to it."""


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


# --- encoding ------------------------------------------------------------------------


def _fingerprint(instr: M.Instr) -> str:
    """A stable name for an instruction that survives line shifts in the YAML."""
    name = type(instr).__name__
    ident = getattr(instr, "id", None) or getattr(instr, "ending", None) or getattr(instr, "chapter", None) \
        or getattr(instr, "document", None)
    if ident:
        return f"{name}:{ident}"
    text = getattr(instr, "text", None)
    if isinstance(text, M.Text):
        return f"{name}:{text.source[:80]}"
    return name


def to_json(pt: Playthrough, meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """The whole playthrough as JSON-ready data, undo history included."""
    story = pt.story
    scene = story.scenes[pt.state.scene]
    instr = scene.code[pt.state.pc] if pt.state.pc < len(scene.code) else None
    chapter = pt.chapter
    info = {
        "chapter": chapter.title if chapter else "",
        "scene_title": scene.title,
        "date": scene.date or (pt.current.date if pt.current.kind == "chapter" else ""),
        "scenario": story.scenarios[pt.state.scenario].title if pt.state.scenario in story.scenarios else "",
    }
    info.update(meta or {})
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "story": {"id": story.id, "version": story.version, "hash": story.content_hash},
        "saved_at": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "meta": info,
        "fingerprint": _fingerprint(instr) if instr is not None else "",
        "state": pt.state.to_dict(),
        "undo": [
            {"state": _point_state(p), "log": p.log, "snapshots": p.snapshots, "transcript": p.transcript,
             "terms": p.terms}
            for p in pt._undo
        ],
    }


def _point_state(point: _UndoPoint) -> dict[str, Any]:
    s = point.state
    return {"scene": s.scene, "pc": s.pc, "variables": dict(s.variables), "visits": dict(s.visits),
            "chapter": s.chapter, "ending": s.ending, "decisions": s.decisions}


def from_json(story: M.Story, data: Any) -> tuple[Playthrough, str]:
    """Rebuild a playthrough. Returns it and a notice ('' when all went as saved).

    Raises SaveError for anything that is not a usable save of this story.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SaveError("this is not an After Lenin save file")
    if not isinstance(data.get("version"), int) or data["version"] > FORMAT_VERSION:
        raise SaveError("this save was made by a newer version of the game; update the game to load it")
    meta = data.get("story")
    if not isinstance(meta, dict) or meta.get("id") != story.id:
        raise SaveError(f"this save belongs to another story ({_short(meta)}), not '{story.id}'")
    raw = data.get("state")
    if not isinstance(raw, dict):
        raise SaveError("the save has no game state in it")
    notices: list[str] = []
    state = _state(story, raw, notices)
    pt = Playthrough(story, state)
    fingerprint = data.get("fingerprint")
    if not _position_ok(story, state, fingerprint):
        _move_to_chapter_start(story, state, notices)
        undo_raw: list[Any] = []  # the old undo points refer to positions that moved
    else:
        undo_raw = data.get("undo") if isinstance(data.get("undo"), list) else []
    for item in undo_raw[-UNDO_LIMIT:]:
        point = _undo_point(story, state, item)
        if point is None:
            pt._undo.clear()  # a broken history is dropped whole, never half-kept
            notices.append("the rollback history could not be restored")
            break
        pt._undo.append(point)
    try:
        pt._settle()
    except StoryRuntimeError as exc:
        raise SaveError(f"the story cannot continue from this save: {exc.message}") from None
    if meta.get("hash") != story.content_hash and not notices:
        notices.append("the story has changed since this save; it continues where it was")
    return pt, "; ".join(notices)


def _short(meta: Any) -> str:
    return str(meta.get("id")) if isinstance(meta, dict) else "unknown"


def _typed(story: M.Story, values: Any, notices: list[str]) -> dict[str, Any]:
    out = {name: var.initial for name, var in story.variables.items()}
    if not isinstance(values, dict):
        raise SaveError("the save's variables are damaged")
    bad: list[str] = []
    for name, value in values.items():
        var = story.variables.get(name)
        if var is None:
            continue  # a variable the story no longer has
        kind = var.type.kind
        ok = (kind == "int" and isinstance(value, int) and not isinstance(value, bool)) or \
             (kind == "bool" and isinstance(value, bool)) or \
             (kind == "enum" and isinstance(value, str) and value in var.type.values)
        if ok:
            out[name] = var.clamp(value)
        else:
            bad.append(name)
    if bad:
        notices.append("reset to their starting values: " + ", ".join(sorted(bad)))
    return out


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _list_of_dicts(value: Any, name: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise SaveError(f"the save's {name} is damaged")
    return value


def _state(story: M.Story, raw: dict[str, Any], notices: list[str]) -> State:
    scenario = raw.get("scenario")
    if scenario not in story.scenarios:
        raise SaveError(f"the scenario '{scenario}' is not in this story any more")
    scene, pc = raw.get("scene"), raw.get("pc")
    if not isinstance(scene, str) or not isinstance(pc, int) or isinstance(pc, bool) or pc < 0:
        raise SaveError("the save's position is damaged")
    seed = raw.get("seed") if isinstance(raw.get("seed"), int) else 0
    visits = raw.get("visits") if isinstance(raw.get("visits"), dict) else {}
    decisions = raw.get("decisions")
    terms = raw.get("terms") if isinstance(raw.get("terms"), list) else []
    return State(
        scenario=scenario, role=story.scenarios[scenario].role, seed=seed, scene=scene, pc=pc,
        variables=_typed(story, raw.get("variables"), notices),
        visits={k: v for k, v in visits.items() if isinstance(k, str) and isinstance(v, int)},
        chapter=_str_or_none(raw.get("chapter")),
        log=_list_of_dicts(raw.get("log"), "decision log"),
        snapshots=_list_of_dicts(raw.get("snapshots"), "chapter history"),
        transcript=_list_of_dicts(raw.get("transcript"), "history log"),
        terms=[t for t in terms if isinstance(t, str) and t in story.glossary],
        ending=raw["ending"] if isinstance(raw.get("ending"), str) and story.ending(raw["ending"]) else None,
        decisions=decisions if isinstance(decisions, int) and decisions >= 0 else len(raw.get("log") or []),
    )


def _position_ok(story: M.Story, state: State, fingerprint: Any) -> bool:
    scene = story.scenes.get(state.scene)
    if scene is None or state.pc >= len(scene.code):
        return False
    return fingerprint == _fingerprint(scene.code[state.pc])


def _move_to_chapter_start(story: M.Story, state: State, notices: list[str]) -> None:
    """Put a save whose position vanished at the start of its chapter (or the scenario)."""
    chapter = story.chapter(state.chapter)
    target = _chapter_start(story, chapter.id) if chapter is not None else None
    if target is None:
        chapter = None  # so the notice says where play really continues
        target = story.scenarios[state.scenario].start
    where = f"the start of '{chapter.title}'" if chapter else "the start of the scenario"
    notices.append(f"the place where this save stopped is no longer in the story; it continues from {where}")
    state.scene, state.pc, state.ending = target, 0, None


def _chapter_start(story: M.Story, chapter_id: str) -> str | None:
    """The scene a chapter begins with: a scenario's start in it, else the scene showing its card."""
    for scenario in story.scenarios.values():
        if story.scene_chapter.get(scenario.start) == chapter_id:
            return scenario.start
    for scene in story.scenes.values():
        if any(isinstance(instr, M.ChapterCard) and instr.chapter == chapter_id for instr in scene.code):
            return scene.id
    return None


def _undo_point(story: M.Story, current: State, item: Any) -> _UndoPoint | None:
    if not isinstance(item, dict) or not isinstance(item.get("state"), dict):
        return None
    raw = item["state"]
    try:
        lengths = [item[k] for k in ("log", "snapshots", "transcript", "terms")]
    except KeyError:
        return None
    if not all(isinstance(n, int) and n >= 0 for n in lengths):
        return None
    if not isinstance(raw.get("scene"), str) or raw["scene"] not in story.scenes:
        return None
    if not isinstance(raw.get("pc"), int) or raw["pc"] >= len(story.scenes[raw["scene"]].code):
        return None
    try:
        variables = _typed(story, raw.get("variables"), [])
    except SaveError:
        return None
    visits = raw.get("visits") if isinstance(raw.get("visits"), dict) else {}
    state = State(current.scenario, current.role, current.seed, raw["scene"], raw["pc"], variables,
                  {k: v for k, v in visits.items() if isinstance(v, int)}, _str_or_none(raw.get("chapter")),
                  current.log, current.snapshots, current.transcript, current.terms,
                  _str_or_none(raw.get("ending")), raw.get("decisions") if isinstance(raw.get("decisions"), int) else 0)
    return _UndoPoint(state, *lengths)


# --- files -------------------------------------------------------------------------------


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
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
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
        write_atomic(path, json.dumps(to_json(pt, meta), ensure_ascii=False, indent=1))
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
            return from_json(story, data)
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
                out.append(SaveInfo(slot, path, str(data["saved_at"]), str(meta.get("chapter", "")),
                                    str(meta.get("scene_title", "")), str(meta.get("date", "")),
                                    str(meta.get("scenario", state.get("scenario", "")))))
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
