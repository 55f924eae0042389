"""``--scene``: start a writer at one scene with the values its chapter starts with.

A writer jumping to a scene of chapter 5 wants May 1924, not April 1922's initial values.
``scene_start`` picks the values and says where they came from; ``engine.start.resolve``
calls it for every front end, and the terminal and the window print ``describe()``, so a writer sees the values used and which
options of the scene those values hide, and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..story import model as M
from ..story.expr import Value
from .playthrough import Playthrough
from .start import pick_scenario


@dataclass(frozen=True)
class SceneStart:
    """How a ``--scene`` start begins: which scenario, which values, from where."""

    scenario: str
    scene: str
    #: what ``Playthrough.start`` sets on top of the scenario's presets: the chapter's
    #: starting values (when they come from another scenario), then ``--set``
    overrides: Mapping[str, Value]
    #: where the values come from, in words
    source: str
    #: the variables ``--set`` gave
    sets: Mapping[str, Value] = field(default_factory=dict)

    def start(self, story: M.Story, seed: int = 0) -> Playthrough:
        """The playthrough, at the scene, with the values."""
        return Playthrough.start(story, self.scenario, seed=seed, scene=self.scene, overrides=dict(self.overrides))

    def hidden(self, story: M.Story, values: Mapping[str, Value]) -> list[str]:
        """Each option of the scene's choices that ``values`` hide, with the condition that does."""
        out: list[str] = []
        for instr in story.scenes[self.scene].code:
            if not isinstance(instr, M.Choice):
                continue
            for n, option in enumerate(instr.options, 1):
                cond = option.condition
                if cond is None or cond(values):
                    continue
                now = ", ".join(f"{name} is {_show(values[name])}" for name in sorted(cond.tree.names())
                                if name in values)
                out.append(f"choice '{instr.id}' option {n} \"{option.text.source.strip()}\" is hidden:"
                           f" 'if: {cond.source.strip()}' does not hold ({now}) — {story.root.rstrip('/')}/{option.loc}")
        return out

    def describe(self, pt: Playthrough) -> list[str]:
        """Lines for the writer: the start, the values used, the options they hide."""
        values = pt.state.variables
        shown = ", ".join(f"{name} {_show(value)}" for name, value in values.items())
        lines = [f"--scene {self.scene}: scenario '{self.scenario}', {self.source}", f"values used: {shown}"]
        if self.sets:
            lines.append("of which --set: " + ", ".join(f"{name} {_show(v)}" for name, v in self.sets.items()))
        lines.extend(self.hidden(pt.story, values))
        return lines


def _show(value: Value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def chapter_scenario(story: M.Story, chapter: str | None, role: str | None = None) -> M.Scenario | None:
    """The one-chapter scenario of ``chapter`` (of ``role``, if given), if the story has one."""
    if chapter is None:
        return None
    for sc in story.scenarios.values():
        if sc.chapter == chapter and (role is None or sc.role == role):
            return sc
    return None


def scene_start(story: M.Story, scene: str, scenario: str | None, role: str | None,
                sets: Mapping[str, Value]) -> SceneStart:
    """Where a ``--scene`` start of an existing ``scene`` takes its values from
    (``engine.start.resolve`` has checked the scene, scenario, role and ``--set`` values).

    With ``--scenario``, that scenario's presets are the start (as before). Otherwise the
    scene's chapter decides: its one-chapter scenario's starting values (which the checker
    keeps equal to where the historical path arrives, AL058), played on in the role's
    whole-story scenario so that play does not stop at the chapter's end.
    """
    chapter = story.scene_chapter.get(scene)
    source_sc = None if scenario else chapter_scenario(story, chapter, role)
    if source_sc is not None:
        whole = next((s.id for s in story.scenarios.values() if s.role == source_sc.role and s.chapter is None),
                     source_sc.id)
        base: dict[str, Value] = dict(Playthrough.start(story, source_sc.id).state.variables)
        found = story.chapter(chapter)
        title = found.title if found is not None else chapter
        return SceneStart(whole, scene, {**base, **sets},
                          f"with the starting values of chapter '{chapter}' ({title}) from scenario"
                          f" '{source_sc.id}'", dict(sets))
    played = pick_scenario(story, scenario, role)
    why = "the scenario given" if scenario else (
        f"chapter '{chapter}' has no one-chapter scenario" if chapter else "the scene has no chapter")
    return SceneStart(played, scene, dict(sets), f"with that scenario's starting values ({why})", dict(sets))
