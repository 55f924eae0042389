"""The state of a playthrough and its saved form: everything that changes during play, as plain data.

The state owns its serialisation. :meth:`State.to_json` gives what a save's ``state``
holds and :meth:`State.from_json` reads it back defensively (a damaged or hand-edited
save is refused with a clear :class:`SaveError`, never a traceback); undo points do the
same. The save as a whole (format, version, story, undo history) is
``Playthrough.to_json`` / ``Playthrough.restore``; game/engine/saves.py only puts it in
files. A save is never code (no pickle).

Format versions: 1 (since 2026-12-02, the only one so far). A change that older builds
cannot read bumps :data:`FORMAT_VERSION`, and :meth:`State.from_json` keeps reading
every older version (tests/data/ holds saves written by earlier code).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..story import model as M
from ..story.expr import Value

FORMAT = "after-lenin-save"
FORMAT_VERSION = 1


class SaveError(Exception):
    """A save that cannot be used; the message says why and what happened to it."""


@dataclass
class State:
    """Everything that changes during play. Plain data: it is what saves hold."""

    scenario: str
    role: str
    seed: int
    scene: str
    pc: int
    variables: dict[str, Value]
    visits: dict[str, int] = field(default_factory=dict)
    chapter: str | None = None
    log: list[dict[str, Any]] = field(default_factory=list)
    snapshots: list[dict[str, Any]] = field(default_factory=list)
    transcript: list[dict[str, Any]] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    ending: str | None = None
    decisions: int = 0

    # -- saving ----------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """An independent copy as JSON-ready data (what a save's ``state`` holds)."""
        return {
            "scenario": self.scenario, "role": self.role, "seed": self.seed,
            "scene": self.scene, "pc": self.pc, "variables": dict(self.variables),
            "visits": dict(self.visits), "chapter": self.chapter, "log": json_copy(self.log),
            "snapshots": json_copy(self.snapshots), "transcript": json_copy(self.transcript),
            "terms": list(self.terms), "ending": self.ending, "decisions": self.decisions,
        }

    @classmethod
    def from_json(cls, story: M.Story, raw: Any, version: int = FORMAT_VERSION) -> tuple[State, list[str]]:
        """Read a save's ``state`` (written by format ``version``) for ``story``: the state
        and notices of what could not be kept as saved (a variable reset, say).

        Raises SaveError for a state this story cannot use.
        """
        if not isinstance(raw, dict):
            raise SaveError("the save has no game state in it")
        notices: list[str] = []
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
        state = cls(
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
        return state, notices

    # -- its position in a story that may have changed ---------------------------------

    def fingerprint(self, story: M.Story) -> str:
        """A name for the instruction at the state's position that survives line shifts in
        the YAML ('' past a scene's end): a save checks it on loading."""
        scene = story.scenes.get(self.scene)
        if scene is None or self.pc >= len(scene.code):
            return ""
        return _fingerprint(scene.code[self.pc])

    def move_to_chapter_start(self, story: M.Story) -> str:
        """Put a state whose position vanished from the story at the start of its chapter
        (or of the scenario); returns the notice saying where play continues."""
        chapter = story.chapter(self.chapter)
        target = _chapter_start(story, chapter.id) if chapter is not None else None
        if target is None:
            chapter = None  # so the notice says where play really continues
            target = story.scenarios[self.scenario].start
        where = f"the start of '{chapter.title}'" if chapter else "the start of the scenario"
        self.scene, self.pc, self.ending = target, 0, None
        return f"the place where this save stopped is no longer in the story; it continues from {where}"


class UndoPoint:
    """Where undo() goes back to: the position and values just before a decision, and
    the lengths that the lists which only grow (log, snapshots, transcript, terms) had
    then (they are cut back to these rather than copied at every decision)."""

    __slots__ = ("scene", "pc", "variables", "visits", "chapter", "ending", "decisions",
                 "log", "snapshots", "transcript", "terms")

    def __init__(self, scene: str, pc: int, variables: dict[str, Value], visits: dict[str, int],
                 chapter: str | None, ending: str | None, decisions: int,
                 log: int, snapshots: int, transcript: int, terms: int) -> None:
        self.scene, self.pc, self.variables, self.visits = scene, pc, variables, visits
        self.chapter, self.ending, self.decisions = chapter, ending, decisions
        self.log, self.snapshots, self.transcript, self.terms = log, snapshots, transcript, terms

    def to_json(self) -> dict[str, Any]:
        """As a save's ``undo`` list holds it."""
        return {"state": {"scene": self.scene, "pc": self.pc, "variables": dict(self.variables),
                          "visits": dict(self.visits), "chapter": self.chapter, "ending": self.ending,
                          "decisions": self.decisions},
                "log": self.log, "snapshots": self.snapshots, "transcript": self.transcript, "terms": self.terms}

    @classmethod
    def from_json(cls, story: M.Story, item: Any) -> UndoPoint | None:
        """Read one point of a save's ``undo`` list; None when it is damaged or its position is gone."""
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
        return cls(raw["scene"], raw["pc"], variables, {k: v for k, v in visits.items() if isinstance(v, int)},
                   _str_or_none(raw.get("chapter")), _str_or_none(raw.get("ending")),
                   decisions if isinstance(decisions, int) else 0, *lengths)


def json_copy(value: Any) -> Any:
    """A copy of JSON-shaped data (dicts, lists, scalars): what copy.deepcopy gives, at a fifth of the cost,
    because it needs no memo (the state holds no cycles) and no per-object hooks. The browser server
    saves the whole state at every step (bench/web.py)."""
    if isinstance(value, dict):
        return {k: json_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_copy(v) for v in value]
    return value


def _fingerprint(instr: M.Instr) -> str:
    name = type(instr).__name__
    ident = getattr(instr, "id", None) or getattr(instr, "ending", None) or getattr(instr, "chapter", None) \
        or getattr(instr, "document", None)
    if ident:
        return f"{name}:{ident}"
    text = getattr(instr, "text", None)
    if isinstance(text, M.Text):
        return f"{name}:{text.source[:80]}"
    return name


def _chapter_start(story: M.Story, chapter_id: str) -> str | None:
    """The scene a chapter begins with: a scenario's start in it, else the scene showing its card."""
    for scenario in story.scenarios.values():
        if story.scene_chapter.get(scenario.start) == chapter_id:
            return scenario.start
    for scene in story.scenes.values():
        if any(isinstance(instr, M.ChapterCard) and instr.chapter == chapter_id for instr in scene.code):
            return scene.id
    return None


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
