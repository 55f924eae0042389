"""The playthrough's own format: versioned JSON, read defensively.

A save is never code (no pickle): a damaged or hand-edited one can at worst be
refused with a clear message. A save made before the story changed resumes where
its position still exists, and otherwise at the start of the nearest chapter,
saying so. ``Playthrough.to_json`` and ``Playthrough.restore`` are the public doors;
game/engine/saves.py only puts the result in files.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ..story import model as M
from .playthrough import UNDO_LIMIT, Playthrough, State, StoryRuntimeError, UndoPoint

FORMAT = "after-lenin-save"
FORMAT_VERSION = 1


class SaveError(Exception):
    """A save that cannot be used; the message says why and what happened to it."""



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
            for p in pt.undo_points
        ],
    }


def _point_state(s: UndoPoint) -> dict[str, Any]:
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
    fingerprint = data.get("fingerprint")
    if not _position_ok(story, state, fingerprint):
        _move_to_chapter_start(story, state, notices)
        undo_raw: list[Any] = []  # the old undo points refer to positions that moved
    else:
        undo_raw = raw_undo if isinstance(raw_undo := data.get("undo"), list) else []
    undo: list[UndoPoint] = []
    for item in undo_raw[-UNDO_LIMIT:]:
        point = _undo_point(story, item)
        if point is None:
            undo.clear()  # a broken history is dropped whole, never half-kept
            notices.append("the rollback history could not be restored")
            break
        undo.append(point)
    try:
        pt = Playthrough.resume(story, state, undo)
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
    if not isinstance(scenario, str) or scenario not in story.scenarios:
        raise SaveError(f"the scenario '{scenario}' is not in this story any more")
    scene, pc = raw.get("scene"), raw.get("pc")
    if not isinstance(scene, str) or not isinstance(pc, int) or isinstance(pc, bool) or pc < 0:
        raise SaveError("the save's position is damaged")
    seed = raw_seed if isinstance(raw_seed := raw.get("seed"), int) else 0
    visits = raw_visits if isinstance(raw_visits := raw.get("visits"), dict) else {}
    decisions = raw.get("decisions")
    terms = raw_terms if isinstance(raw_terms := raw.get("terms"), list) else []
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
    return bool(fingerprint == _fingerprint(scene.code[state.pc]))


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


def _undo_point(story: M.Story, item: Any) -> UndoPoint | None:
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
    visits = raw_visits if isinstance(raw_visits := raw.get("visits"), dict) else {}
    decisions = raw.get("decisions")
    return UndoPoint(raw["scene"], raw["pc"], variables, {k: v for k, v in visits.items() if isinstance(v, int)},
                     _str_or_none(raw.get("chapter")), _str_or_none(raw.get("ending")),
                     decisions if isinstance(decisions, int) else 0, *lengths)


