"""The story as a graph of scenes: what the story map draws and the stats count.

``game.story.graph`` works on instructions (scene, index); writers think in
scenes. This module walks each scene's instructions with ``graph.successors``
and keeps only the moves that leave the scene, labelled with what causes them
(an option's text, a vote's result, a ``goto``, a ``next``). It adds what a
writer wants to see beside each scene: chapter, date, role, decisions, records,
endings, and the problems ``graph.analyse`` found (unreachable, dead end).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from ..story import model as M
from ..story.graph import GraphReport, analyse, reachable, successors

#: Edge kinds, from strongest to weakest cause.
KINDS = ("choice", "vote", "goto", "next")


@dataclass(frozen=True, slots=True)
class Decision:
    """A decision inside a scene, as the map shows it."""

    id: str
    kind: str  # choice | vote | appointments
    record: str | None  # the historical record it links to


@dataclass
class SceneNode:
    """One scene with everything the map and the stats show about it."""

    id: str
    title: str
    loc: M.Loc
    chapter: str | None  # declared, from a chapter card, or inherited from the scene before it
    chapter_inherited: bool
    date: str  # declared, or inherited from the scene before it (for ordering)
    role: str | None  # the first role (manifest order) whose scenarios reach it; None if none does
    order: int  # position in file order
    depth: int  # scene hops from the nearest scenario start; large if unreachable
    decisions: list[Decision] = field(default_factory=list)
    endings: list[str] = field(default_factory=list)
    starts: list[str] = field(default_factory=list)  # scenario ids starting here
    unreachable: bool = False
    dead_end: bool = False


@dataclass
class SceneEdge:
    """A move from one scene to another (or to itself)."""

    source: str
    target: str
    kind: str  # one of KINDS
    labels: list[str] = field(default_factory=list)  # option texts, "carried"/"defeated", or empty
    historical: bool = False  # an option marked historical takes this edge
    conditional: bool = False  # every option on it has an ``if:``


@dataclass
class SceneGraph:
    nodes: dict[str, SceneNode]
    edges: list[SceneEdge]
    report: GraphReport

    def out_edges(self) -> dict[str, list[SceneEdge]]:
        out: dict[str, list[SceneEdge]] = {sid: [] for sid in self.nodes}
        for edge in self.edges:
            out[edge.source].append(edge)
        return out

    def in_edges(self) -> dict[str, list[SceneEdge]]:
        out: dict[str, list[SceneEdge]] = {sid: [] for sid in self.nodes}
        for edge in self.edges:
            out[edge.target].append(edge)
        return out


_UNREACHED = 1 << 30


def _scene_exits(story: M.Story, scene: M.Scene) -> list[tuple[str, str, str, M.Option | None]]:
    """(target scene, kind, label, option) for every way out of ``scene``.

    Walks the scene's own instructions from its first one, so beats after an
    unconditional ``goto`` (which the checker reports) add nothing here.
    """
    exits: list[tuple[str, str, str, M.Option | None]] = []
    seen: set[int] = set()
    todo = [0]
    end = len(scene.code)
    while todo:
        pc = todo.pop()
        if pc in seen:
            continue
        seen.add(pc)
        instr = scene.code[pc] if pc < end else None
        for (target, tpc), label in successors(story, (scene.id, pc)):
            if target == scene.id and tpc != 0:
                todo.append(tpc)  # still inside the scene
                continue
            if instr is None:
                exits.append((target, "next", "", None))
            elif isinstance(instr, M.Choice):
                option = next((o for o in instr.options if o.text.source == label
                               and (o.next or scene.id) == target), None)
                exits.append((target, "choice", label, option))
            elif isinstance(instr, M.Vote):
                exits.append((target, "vote", "carried" if label == "passed" else "defeated", None))
            elif isinstance(instr, M.Goto) and instr.ends_reaction is not None:
                # the end of an option's own beats (then:), going on to its next: — that option's arrow
                at, index = instr.ends_reaction
                option = scene.code[at].options[index]  # type: ignore[union-attr]
                exits.append((target, "choice", option.text.source, option))
            else:
                exits.append((target, "goto", "", None))
    return exits


def build(story: M.Story, report: GraphReport | None = None) -> SceneGraph:
    """The scene graph of a loaded story (``report``: a ready ``graph.analyse``)."""
    report = report or analyse(story)
    nodes: dict[str, SceneNode] = {}
    for order, scene in enumerate(story.scenes.values()):
        node = SceneNode(scene.id, scene.title or scene.id, scene.loc, story.scene_chapter.get(scene.id), False,
                         scene.date, None, order, _UNREACHED)
        for instr in scene.code:
            if isinstance(instr, M.DECISIONS):
                kind = "choice" if isinstance(instr, M.Choice) else "vote" if isinstance(instr, M.Vote) \
                    else "appointments"
                node.decisions.append(Decision(instr.id, kind, instr.history))
            elif isinstance(instr, M.EndingBeat):
                node.endings.append(instr.ending)
        nodes[scene.id] = node
    for scenario in story.scenarios.values():
        if scenario.start in nodes:
            nodes[scenario.start].starts.append(scenario.id)
    for sid in report.unreachable_scenes:
        nodes[sid].unreachable = True
    for sid in report.dead_ends:
        nodes[sid].dead_end = True

    edges: dict[tuple[str, str, str], SceneEdge] = {}
    for scene in story.scenes.values():
        for target, kind, label, option in _scene_exits(story, scene):
            edge = edges.get((scene.id, target, kind))
            if edge is None:
                edge = edges[(scene.id, target, kind)] = SceneEdge(scene.id, target, kind, conditional=True)
            if label and label not in edge.labels:
                edge.labels.append(label)
            edge.historical = edge.historical or bool(option and option.historical)
            edge.conditional = edge.conditional and bool(option and option.condition is not None)
    graph = SceneGraph(nodes, list(edges.values()), report)
    _roles(story, graph)
    _inherit(story, graph)
    return graph


def _roles(story: M.Story, graph: SceneGraph) -> None:
    for role in story.roles:
        starts = [s.start for s in story.scenarios.values() if s.role == role]
        for sid, pc in reachable(story, starts):
            node = graph.nodes.get(sid)
            if pc == 0 and node is not None and node.role is None:
                node.role = role


def _inherit(story: M.Story, graph: SceneGraph) -> None:
    """Depth from the starts, and chapter and date for scenes that declare none.

    Breadth first from every scenario start (in manifest order), so a scene
    takes its chapter and date from the scene that reaches it soonest; a scene
    nothing reaches takes them from the scene before it in its file (writers
    keep a chapter's scenes together).
    """
    out = graph.out_edges()
    queue: deque[str] = deque()
    for scenario in story.scenarios.values():
        node = graph.nodes.get(scenario.start)
        if node is not None and node.depth == _UNREACHED:
            node.depth = 0
            queue.append(node.id)
    while queue:
        sid = queue.popleft()
        node = graph.nodes[sid]
        for edge in out[sid]:
            nxt = graph.nodes[edge.target]
            if nxt.depth != _UNREACHED:
                continue
            nxt.depth = node.depth + 1
            if nxt.chapter is None and node.chapter is not None:
                nxt.chapter, nxt.chapter_inherited = node.chapter, True
            if not nxt.date and node.date:
                nxt.date = node.date
            queue.append(nxt.id)
    previous: SceneNode | None = None
    for node in graph.nodes.values():
        if previous is not None and previous.loc.path == node.loc.path:
            if node.chapter is None and previous.chapter is not None:
                node.chapter, node.chapter_inherited = previous.chapter, True
            if not node.date and previous.date:
                node.date = previous.date
        previous = node
