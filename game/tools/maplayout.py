"""Where each scene goes on the story map.

A grid of cells: one row band per chapter (manifest order, top to bottom), one
column lane per role (manifest order, left to right; scenes no scenario reaches
get a lane of their own so they stand out). Inside a cell, play flows down in
date order: a scene sits one layer below every scene of its cell that leads to
it and comes before it (date, then distance from the start, then file order),
and scenes in one layer are ordered by where their predecessors stand, which
keeps edges short and crossings few. Linear in scenes plus edges, apart from
sorting: a 2,000-scene story lays out in well under a second (bench/tools.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..story import model as M
from .scenegraph import SceneGraph, SceneNode

NODE_W = 240
NODE_H = 84
GAP_X = 56
GAP_Y = 150  # room for the whole labels of the arrows between layers, stacked
BAND_HEAD = 44  # a chapter band's title row
LANE_HEAD = 40  # the role names above the lanes
MARGIN = 24

NO_CHAPTER = ""  # band key for scenes with no chapter at all
UNREACHED_LANE = ""  # lane key for scenes no scenario reaches


@dataclass(frozen=True, slots=True)
class Band:
    key: str
    title: str
    y: int
    height: int


@dataclass(frozen=True, slots=True)
class Lane:
    key: str
    title: str
    x: int
    width: int


@dataclass
class Layout:
    pos: dict[str, tuple[int, int]]  # scene id -> top-left corner
    bands: list[Band]
    lanes: list[Lane]
    width: int
    height: int
    layer: dict[str, int] = field(default_factory=dict)  # scene id -> row inside its band


def _sort_key(node: SceneNode) -> tuple[str, int, int]:
    return (node.date or "9999", node.depth, node.order)


def layout(story: M.Story, graph: SceneGraph) -> Layout:
    """Place every scene of ``graph``; positions are in SVG pixels."""
    band_keys = [c.id for c in story.chapters]
    band_titles = {c.id: f"Chapter {i}: {c.title}" + (f" · {c.dates}" if c.dates else "")
                   for i, c in enumerate(story.chapters, 1)}
    lane_keys = list(story.roles)
    lane_titles = {r.id: r.name for r in story.roles.values()}
    cells: dict[tuple[str, str], list[SceneNode]] = {}
    for node in graph.nodes.values():
        band = node.chapter if node.chapter in band_titles else NO_CHAPTER
        lane = node.role if node.role in lane_titles else UNREACHED_LANE
        cells.setdefault((band, lane), []).append(node)
    if any(b == NO_CHAPTER for b, _ in cells):
        band_keys.append(NO_CHAPTER)
        band_titles[NO_CHAPTER] = "No chapter"
    if any(lane == UNREACHED_LANE for _, lane in cells):
        lane_keys.append(UNREACHED_LANE)
        lane_titles[UNREACHED_LANE] = "Reached by no scenario"

    preds: dict[str, list[str]] = {sid: [] for sid in graph.nodes}
    for edge in graph.edges:
        if edge.source != edge.target:
            preds[edge.target].append(edge.source)

    # Per cell: layers (rows) of scene ids, in left-to-right order.
    rows: dict[tuple[str, str], list[list[str]]] = {}
    layer_of: dict[str, int] = {}
    for key, members in cells.items():
        members.sort(key=_sort_key)
        rank = {n.id: i for i, n in enumerate(members)}
        layers: list[list[str]] = []
        slot: dict[str, float] = {}
        for node in members:
            earlier = [p for p in preds[node.id] if p in rank and rank[p] < rank[node.id]]
            layer = 1 + max((layer_of[p] for p in earlier), default=-1)
            layer_of[node.id] = layer
            while len(layers) <= layer:
                layers.append([])
            layers[layer].append(node.id)
        for layer_ids in layers:
            # barycentre of predecessors already placed; the rest keep their date order
            here = {sid: float(i) for i, sid in enumerate(layer_ids)}

            # bary is used at once, by the sort below, so the loop's current values are the right ones.
            def bary(sid: str, _here: dict[str, float] = here) -> tuple[float, int]:
                placed = [slot[p] for p in preds[sid] if p in slot]  # noqa: B023
                return (sum(placed) / len(placed) if placed else _here[sid], rank[sid])  # noqa: B023

            layer_ids.sort(key=bary)
            for i, sid in enumerate(layer_ids):
                slot[sid] = float(i)
        rows[key] = layers

    lane_cols = {lane: max((len(layer) for (b, ln), layers in rows.items() if ln == lane for layer in layers),
                           default=1) for lane in lane_keys}
    band_rows = {band: max((len(layers) for (b, _), layers in rows.items() if b == band), default=1)
                 for band in band_keys}

    lanes: list[Lane] = []
    x = MARGIN
    for lane in lane_keys:
        width = lane_cols[lane] * (NODE_W + GAP_X)
        lanes.append(Lane(lane, lane_titles[lane], x, width))
        x += width
    bands: list[Band] = []
    y = MARGIN + LANE_HEAD
    for band in band_keys:
        height = BAND_HEAD + band_rows[band] * (NODE_H + GAP_Y)
        bands.append(Band(band, band_titles[band], y, height))
        y += height

    lane_x = {ln.key: ln.x for ln in lanes}
    band_y = {b.key: b.y for b in bands}
    pos: dict[str, tuple[int, int]] = {}
    for (band, lane), layers in rows.items():
        for li, layer_ids in enumerate(layers):
            for i, sid in enumerate(layer_ids):
                pos[sid] = (lane_x[lane] + GAP_X // 2 + i * (NODE_W + GAP_X),
                            band_y[band] + BAND_HEAD + GAP_Y // 3 + li * (NODE_H + GAP_Y))
    return Layout(pos, bands, lanes, x + MARGIN, y + MARGIN, layer_of)
