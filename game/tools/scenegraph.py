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
    """A move from one scene to another (or to itself): one per option, outcome, goto or next."""

    source: str
    target: str
    kind: str  # one of KINDS
    labels: list[str] = field(default_factory=list)  # the option's text, "carried"/"defeated", or empty
    historical: bool = False  # the option marked historical takes this edge
    conditional: bool = False  # the option has an ``if:``
    number: int = 0  # the option's number in its choice, from 1 as in play (0: not an option)
    condition: str = ""  # the option's ``if:``, as written
    effects: str = ""  # the option's ``set:``, as written: "power +1, ally true"
    via_next: bool = False  # the option has no ``next:``: play goes on in the scene, then leaves here

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


@dataclass(frozen=True)
class _Exit:
    target: str
    kind: str
    label: str
    option: M.Option | None = None
    number: int = 0
    key: object = None  # what tells apart two exits to the same scene (the option, the outcome)
    via_next: bool = False


def _scene_exits(story: M.Story, scene: M.Scene) -> list[_Exit]:
    """Every way out of ``scene``: one per option, vote outcome, ``goto`` and ``next``.

    Walks the scene's own instructions from its first one, so beats after an
    unconditional ``goto`` (which the checker reports) add nothing here. An option
    without ``next:`` goes on in the scene: the walk carries it along, so the way it
    finally leaves (a ``goto``, the scene's ``next:``) is drawn as that option's arrow,
    with its text and its historical mark.
    """
    exits: list[_Exit] = []
    seen: set[tuple[int, object]] = set()
    Via = tuple[int, int, M.Option] | None  # (choice pc, option index, option) the path came through
    todo: list[tuple[int, Via]] = [(0, None)]
    end = len(scene.code)
    while todo:
        pc, via = todo.pop()
        mark = (pc, None if via is None else via[:2])
        if mark in seen:
            continue
        seen.add(mark)
        instr = scene.code[pc] if pc < end else None
        if isinstance(instr, M.Choice):
            for i, option in enumerate(instr.options):
                if option.reaction is not None:  # its own beats (then:) first; they end by going on
                    todo.append((option.reaction, (pc, i, option)))
                elif option.next:
                    if option.next in story.scenes:
                        exits.append(_Exit(option.next, "choice", option.text.source, option, i + 1, (pc, i)))
                else:
                    todo.append((pc + 1, (pc, i, option)))
            continue
        for (target, tpc), label in successors(story, (scene.id, pc)):
            if target == scene.id and tpc != 0:
                # still inside the scene; a vote is a decision of its own, so the option's path ends there
                todo.append((tpc, None if isinstance(instr, M.Vote) else via))
                continue
            if isinstance(instr, M.Vote):
                outcome = "carried" if label == "passed" else "defeated"
                exits.append(_Exit(target, "vote", outcome, key=(pc, outcome)))
            elif isinstance(instr, M.Goto) and instr.ends_reaction is not None:
                # the end of an option's own beats (then:), going on to its next: — that
                # option's arrow, whatever choices its reaction asked on the way
                at, i = instr.ends_reaction
                option = scene.code[at].options[i]  # type: ignore[union-attr]
                exits.append(_Exit(target, "choice", option.text.source, option, i + 1, (at, i)))
            elif via is not None:
                _cpc, i, option = via
                exits.append(_Exit(target, "choice", option.text.source, option, i + 1, via[:2], via_next=True))
            else:
                exits.append(_Exit(target, "next" if instr is None else "goto", ""))
    return exits


def _effects_text(effects: tuple[M.Effect, ...]) -> str:
    """An option's ``set:`` as a writer wrote it: ``power +1, ally true, line = 'left'``."""
    out = []
    for e in effects:
        src = e.expr.source.strip()
        if e.mode == "add":  # '+2' keeps only '2' as its expression; '-2' keeps its sign
            out.append(f"{e.variable} {src if src[:1] in '+-' else '+' + src}")
        elif e.expr.tree.op in ("num", "bool", "str"):
            value = e.expr.tree.value
            out.append(f"{e.variable} {('true' if value else 'false') if isinstance(value, bool) else value}")
        else:
            out.append(f"{e.variable} = {src}")
    return ", ".join(out)


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

    edges: dict[tuple[str, str, str, object], SceneEdge] = {}
    for scene in story.scenes.values():
        for ex in _scene_exits(story, scene):
            key = (scene.id, ex.target, ex.kind, ex.key)
            if key in edges:
                continue  # the same option reaching the same scene twice (both sides of an if:)
            option = ex.option
            edges[key] = SceneEdge(
                scene.id, ex.target, ex.kind, [ex.label] if ex.label else [],
                historical=bool(option and option.historical),
                conditional=bool(option and option.condition is not None),
                number=ex.number,
                condition=option.condition.source.strip() if option and option.condition else "",
                effects=_effects_text(option.effects) if option else "",
                via_next=ex.via_next)
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
