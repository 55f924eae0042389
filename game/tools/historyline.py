"""One truth for the history line: a chapter scenario starts where history's path arrives.

A one-chapter scenario (``chapter:`` in story.yaml) presets the variables "as history left
them". The story's own historical options say the same thing a second way: play the whole
scenario of that role taking every historical option, and it arrives at the chapter's start
scene with some values. When the two disagree, a student who plays chapter 5 alone starts
from a different 1924 than one who played chapters 1–4 as history went; ``after-lenin
check`` warns (AL058) and prints the ``set:`` that would agree.
"""

from __future__ import annotations

import re

from ..engine.history_line import historical_line
from ..engine.playthrough import Playthrough, StoryRuntimeError
from ..story import model as M
from ..story.diagnostics import Diagnostic, make
from ..story.expr import Value


def _yaml(value: Value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _where(story: M.Story, scenario: M.Scenario) -> M.Loc:
    """The scenario's ``set:`` (its first value), else its ``id:`` line in story.yaml."""
    if scenario.preset:
        return scenario.preset[0].loc
    # block style (- id: x) or flow style ({id: x, …}): the scenario's id key
    pattern = re.compile(r"(?:^|[\s{,])(id:\s*['\"]?" + re.escape(scenario.id) + r"['\"]?)\s*(?:[,}#]|$)")
    try:
        with open(f"{story.root}/story.yaml", encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                m = pattern.search(line.rstrip("\n"))
                if m:
                    return M.Loc("story.yaml", n, m.start(1) + 1)
    except OSError:
        pass
    return M.Loc("story.yaml", 1, 1)


_STEPS = (M.Line, M.ShowDocument, M.ChapterCard, M.Choice, M.Vote, M.Appointments, M.EndingBeat)


def _sets_before_first_step(scene: M.Scene) -> bool:
    """The scene changes variables before it shows anything: arrival values include that change."""
    for instr in scene.code:
        if isinstance(instr, _STEPS):
            return False
        if isinstance(instr, (M.SetVars, M.JumpUnless)):
            return True
    return False


def check_history_line(story: M.Story) -> list[Diagnostic]:
    """AL058 for every chapter scenario whose start differs from the historical path's arrival."""
    out: list[Diagnostic] = []
    lines: dict[str, object] = {}
    for sc in story.scenarios.values():
        if sc.chapter is None:
            continue
        full = next((s.id for s in story.scenarios.values() if s.role == sc.role and s.chapter is None), None)
        if full is None:
            continue  # no whole-story scenario for this role: nothing to compare with
        if full not in lines:
            lines[full] = historical_line(story, full)
        line = lines[full]
        if line is None:
            continue  # the historical options cannot be played through: `after-lenin test` says why
        assert not isinstance(line, (str, int))
        loc = _where(story, sc)
        arrived = line.arrivals.get(sc.start)  # type: ignore[attr-defined]
        if arrived is None:
            out.append(make(loc.path, loc.line, loc.col, "AL058",
                            f"scenario '{sc.id}' starts at scene '{sc.start}', which the historical path of"
                            f" '{full}' never reaches; start it where history's path enters chapter"
                            f" '{sc.chapter}', or mark the historical options that lead there"))
            continue
        try:
            started = Playthrough.start(story, sc.id).state.variables
        except StoryRuntimeError:
            continue  # reported by the playtester with its place
        differ = [(name, started[name], arrived[name]) for name in story.variables
                  if name in arrived and started.get(name) != arrived[name]]
        if not differ:
            continue
        shown = ", ".join(f"{name} {_yaml(h)} (not {_yaml(s)})" for name, s, h in differ[:6])
        more = f" and {len(differ) - 6} more" if len(differ) > 6 else ""
        agree = ", ".join(f"{name}: {_yaml(value)}" for name, value in arrived.items()
                          if value != story.variables[name].initial)
        fix = (f" to agree, write set: {{{agree}}}" if not _sets_before_first_step(story.scenes[sc.start])
               else " make the scenario's set: agree (the values include what the scene's first beats set)")
        out.append(make(loc.path, loc.line, loc.col, "AL058",
                        f"scenario '{sc.id}' does not start where history's path through the earlier chapters"
                        f" arrives: at scene '{sc.start}' the historical line of '{full}' has {shown}{more};{fix}"))
    return out
