"""The story as a graph: where each instruction can lead, what is reachable,
where play can run out. Used by the checker, the playtester and the story map."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from . import model as M
from .diagnostics import Diagnostic, make

Node = tuple[str, int]  # (scene id, instruction index); index == len(code) is "ran out"


def successors(story: M.Story, node: Node) -> Iterator[tuple[Node, str]]:
    """Where play can go from ``node``, each with a short label for maps."""
    scene_id, pc = node
    scene = story.scenes[scene_id]
    if pc >= len(scene.code):
        if scene.next and scene.next in story.scenes:
            yield (scene.next, 0), ""
        return
    instr = scene.code[pc]
    after = (scene_id, pc + 1)
    if isinstance(instr, M.Choice):
        for opt in instr.options:
            if opt.reaction is not None:  # its own beats first (they end by going on)
                yield (scene_id, opt.reaction), opt.text.source
                continue
            target = (opt.next, 0) if opt.next else after
            if target[0] in story.scenes:
                yield target, opt.text.source
    elif isinstance(instr, M.Vote):
        for label, outcome in (("passed", instr.passed), ("failed", instr.failed)):
            target = (outcome.next, 0) if outcome.next else after
            if target[0] in story.scenes:
                yield target, label
    elif isinstance(instr, M.JumpUnless):
        yield after, ""
        yield (scene_id, instr.target), ""
    elif isinstance(instr, M.Jump):
        yield (scene_id, instr.target), ""
    elif isinstance(instr, M.Goto):
        if instr.scene in story.scenes:
            yield (instr.scene, 0), ""
    elif isinstance(instr, M.EndingBeat):
        return
    else:
        yield after, ""


def reachable(story: M.Story, starts: list[str] | None = None) -> set[Node]:
    """Every instruction some path from a scenario start can reach."""
    if starts is None:
        starts = [s.start for s in story.scenarios.values()]
    seen: set[Node] = set()
    todo = [(s, 0) for s in starts if s in story.scenes]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for nxt, _label in successors(story, node):
            if nxt not in seen:
                todo.append(nxt)
    return seen


@dataclass
class GraphReport:
    reachable: set[Node] = field(default_factory=set)
    unreachable_scenes: list[str] = field(default_factory=list)
    dead_ends: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def analyse(story: M.Story) -> GraphReport:
    """Reachability and dead ends, as diagnostics (checks of single parts are in ``lint``)."""
    report = GraphReport(reachable=reachable(story))
    seen = report.reachable
    for scene in story.scenes.values():
        if (scene.id, 0) not in seen:
            report.unreachable_scenes.append(scene.id)
            report.diagnostics.append(make(
                scene.loc.path, scene.loc.line, scene.loc.col, "AL040",
                f"scene '{scene.id}' can never be reached from any scenario start; link to it with next:"
                " or goto:, or remove it"))
        end = (scene.id, len(scene.code))
        if end in seen and not scene.next:
            report.dead_ends.append(scene.id)
            last = scene.code[-1].loc if scene.code else scene.loc
            report.diagnostics.append(make(
                last.path, last.line, last.col, "AL041",
                f"play can run out of beats at the end of scene '{scene.id}'; add 'next: SCENE' to the scene,"
                " a '- goto: SCENE' or an '- ending: ID' beat"))
    return report

