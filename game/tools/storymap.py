"""``after-lenin map``: the story map, as one self-contained HTML file or as DOT.

The HTML holds an inline SVG (no network, no external script or style): scenes
as boxes grouped by chapter (bands) and role (lanes) in date order, choices as
labelled arrows, endings, starts and decisions with a historical record marked,
unreachable scenes and dead ends in red. Every box links to its place in the
YAML (``vscode://file/…`` and the plain ``path:line``). The page reads fully
without JavaScript (the page scrolls; a problem list and a scene index link
into the map); a few lines of inline script add zoom, drag and search.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ..story import model as M
from .maplayout import GAP_X, GAP_Y, NODE_H, NODE_W, Layout, layout
from .scenegraph import SceneEdge, SceneGraph, SceneNode, build

LABEL_CHARS = 34
TITLE_CHARS = 30


@dataclass
class StoryMap:
    """A scene graph with its layout: everything the renderers need."""

    story: M.Story
    graph: SceneGraph
    layout: Layout

    @property
    def problems(self) -> list[SceneNode]:
        return [n for n in self.graph.nodes.values() if n.unreachable or n.dead_end]


def make_map(story: M.Story) -> StoryMap:
    """Build and lay out the map of a loaded story."""
    graph = build(story)
    return StoryMap(story, graph, layout(story, graph))


# --- shared helpers ----------------------------------------------------------------------


def _plain(text: str) -> str:
    """Text as the player reads it, on one line: no emphasis marks."""
    return " ".join(text.split()).replace("**", "").replace("*", "")


def _wrap(text: str, width: int) -> list[str]:
    """Whole words, lines of at most ``width`` characters (a longer word gets a line of its own)."""
    rows: list[str] = []
    for word in text.split():
        if rows and len(rows[-1]) + 1 + len(word) <= width:
            rows[-1] += " " + word
        else:
            rows.append(word)
    return rows or [""]


def edge_tip(edge: SceneEdge) -> str:
    """What hovering an arrow says: from, to, the option's whole text, its condition and effects."""
    parts = [f"{edge.source} → {edge.target}"]
    if edge.kind == "choice":
        parts.append(f"option {edge.number}: {_plain(' / '.join(edge.labels))}")
    elif edge.kind == "vote":
        parts.append(f"vote {' / '.join(edge.labels)}")
    else:
        parts.append(f"{edge.kind}:")
    if edge.condition:
        parts.append(f"if: {edge.condition}")
    if edge.effects:
        parts.append(f"set: {edge.effects}")
    if edge.via_next:
        parts.append("then on through the scene to its way out")
    if edge.historical:
        parts.append("★ what really happened")
    return " — ".join(parts)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split()).replace("**", "").replace("*", "")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _shown_path(story: M.Story, loc: M.Loc) -> str:
    """The path a writer types: relative to the folder holding the story folder."""
    return f"{Path(story.root).name}/{loc.path}:{loc.line}"


def editor_link(story: M.Story, loc: M.Loc) -> str:
    """A ``vscode://file/ABS:LINE:COL`` link (VS Code and VSCodium open the file there)."""
    path = (Path(story.root).resolve() / loc.path).as_posix()
    if not path.startswith("/"):
        path = "/" + path  # Windows: vscode://file/C:/…
    return f"vscode://file{quote(path, safe='/:')}:{loc.line}:{loc.col}"


def _badges(story: M.Story, node: SceneNode) -> list[tuple[str, str]]:
    """(css class, text) marks shown on a scene box."""
    out: list[tuple[str, str]] = []
    if node.unreachable:
        out.append(("bad", "✖ unreachable"))
    if node.dead_end:
        out.append(("bad", "✖ dead end"))
    if node.starts:
        out.append(("start", "▶ start"))
    for ending in node.endings:
        hist = story.endings.get(ending)
        out.append(("ending", f"⚑ {ending}" + (" (historical)" if hist and hist.historical else "")))
    if node.decisions:
        n = len(node.decisions)
        out.append(("dec", f"◆ {n} decision" + ("s" if n > 1 else "")))
        records = sum(1 for d in node.decisions if d.record)
        if records:
            out.append(("rec", f"★ {records} record" + ("s" if records > 1 else "")))
    return out


def _node_title(story: M.Story, node: SceneNode) -> str:
    lines = [f"{node.title} ({node.id})", _shown_path(story, node.loc)]
    if node.date:
        lines.append(f"date: {node.date}")
    if node.chapter:
        lines.append(f"chapter: {node.chapter}" + (" (from the scene before)" if node.chapter_inherited else ""))
    if node.starts:
        lines.append("starts scenario: " + ", ".join(node.starts))
    for d in node.decisions:
        lines.append(f"{d.kind} {d.id}" + (f" — record: {d.record}" if d.record else ""))
    for e in node.endings:
        lines.append(f"ending: {e}")
    if node.unreachable:
        lines.append("PROBLEM: no scenario start reaches this scene (link to it with next: or goto:)")
    if node.dead_end:
        lines.append("PROBLEM: play runs out here without an ending (add next:, goto: or ending:)")
    return "\n".join(lines)


# --- HTML --------------------------------------------------------------------------------

_CSS = """
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0;background:#fafafa}
header,section{padding:8px 20px}
h1{font-size:20px;margin:8px 0}h2{font-size:16px;margin:16px 0 6px}
.legend{display:flex;flex-wrap:wrap;gap:6px 18px;padding:0;margin:6px 0;list-style:none}
.sw{display:inline-block;width:22px;height:12px;border:2px solid #222;vertical-align:middle;margin-right:5px;
background:#fff}
.sw.bad{border-color:#c62828;background:#ffebee}.sw.start{border-color:#2e7d32}
.sw.ending{border-color:#6a1b9a;border-style:double;border-width:4px;height:8px}
.ln{display:inline-block;width:26px;height:0;border-top:2px solid #222;vertical-align:middle;margin-right:5px}
.ln.hist{border-top:4px solid #b8860b}.ln.vote{border-top-color:#1565c0}.ln.cond{border-top-style:dashed}
.ln.jump{border-top-color:#999}
#viewport{overflow:auto;background:#fff;border-top:1px solid #ddd;border-bottom:1px solid #ddd}
.js #viewport{height:78vh;cursor:grab}
.tools{display:none;gap:8px;align-items:center;margin:6px 0}.js .tools{display:flex}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.band{fill:#f4f4f4}.band.odd{fill:#ececec}.bandt{font-size:15px;font-weight:600;fill:#444}
.lanet{font-size:15px;font-weight:700;fill:#333}.lane{stroke:#ccc;stroke-dasharray:4 4}
.node rect.box{fill:#fff;stroke:#555;stroke-width:1.5}
.node.start rect.box{stroke:#2e7d32;stroke-width:3}
.node.ending rect.box{stroke:#6a1b9a;stroke-width:2}.node rect.inner{fill:none;stroke:#6a1b9a;stroke-width:1}
.node.bad rect.box{fill:#ffebee;stroke:#c62828;stroke-width:3.5}
.node.hit rect.box{stroke:#ff6f00;stroke-width:5}
.node:hover rect.box,.node:focus rect.box{stroke-width:4}
.t1{font-size:13px;font-weight:700}.t2{font-size:11px;fill:#666}.t3{font-size:11px}
.t4{font-size:11px;fill:#1a4f8b;font-family:ui-monospace,Menlo,Consolas,monospace;text-decoration:underline}
.b-bad{fill:#c62828;font-weight:700}.b-start{fill:#2e7d32;font-weight:700}.b-ending{fill:#6a1b9a}
.b-dec{fill:#333}.b-rec{fill:#8d6e00;font-weight:700}
.edge{fill:none;stroke:#333;stroke-width:1.3}.edge.vote{stroke:#1565c0}.edge.goto,.edge.next{stroke:#999}
.edge.cond{stroke-dasharray:6 4}.edge.hist{stroke:#b8860b;stroke-width:3.5}
.elabel{font-size:11px;fill:#222;paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}
.elabel.hist{fill:#7a5900;font-weight:700}
table{border-collapse:collapse;background:#fff}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;
vertical-align:top}th{background:#f0f0f0}td.bad{color:#c62828;font-weight:700}code{font-size:12px}
.problems li{color:#c62828}
.chapters{display:flex;flex-wrap:wrap;gap:4px 14px;list-style:none;padding:0;margin:6px 0}
.fitband{display:none}.js .fitband{display:inline}
a:focus-visible,button:focus-visible,.node:focus-visible rect.box{outline:3px solid #ff6f00;outline-offset:2px}
"""

# A few lines of progressive enhancement: the map is complete without them.
_JS = """
document.documentElement.classList.add('js');
(function(){
const vp=document.getElementById('viewport'),svg=vp.querySelector('svg');
const W=+svg.getAttribute('width'),H=+svg.getAttribute('height');let z=1,drag=null;
function zoom(f,cx,cy){const r=vp.getBoundingClientRect();if(cx===undefined){cx=r.width/2;cy=r.height/2;}
const px=(vp.scrollLeft+cx)/z,py=(vp.scrollTop+cy)/z;z=Math.min(3,Math.max(0.05,z*f));
svg.setAttribute('width',W*z);svg.setAttribute('height',H*z);vp.scrollLeft=px*z-cx;vp.scrollTop=py*z-cy;}
vp.addEventListener('wheel',e=>{if(!e.ctrlKey&&!e.metaKey)return;e.preventDefault();
const r=vp.getBoundingClientRect();zoom(e.deltaY<0?1.15:1/1.15,e.clientX-r.left,e.clientY-r.top);},{passive:false});
vp.addEventListener('pointerdown',e=>{if(e.target.closest('a'))return;drag=[e.clientX,e.clientY,vp.scrollLeft,vp.scrollTop];});
addEventListener('pointermove',e=>{if(drag){vp.scrollLeft=drag[2]-e.clientX+drag[0];vp.scrollTop=drag[3]-e.clientY+drag[1];}});
addEventListener('pointerup',()=>{drag=null;});
document.getElementById('zin').onclick=()=>zoom(1.25);document.getElementById('zout').onclick=()=>zoom(0.8);
document.getElementById('zfit').onclick=()=>zoom(Math.min(vp.clientWidth/W,vp.clientHeight/H)/z);
document.querySelectorAll('.fitband').forEach(b=>b.onclick=()=>{const y=+b.dataset.y,h=+b.dataset.h;
z=Math.min(3,Math.max(0.05,Math.min(vp.clientWidth/W,vp.clientHeight/h)));svg.setAttribute('width',W*z);
svg.setAttribute('height',H*z);vp.scrollLeft=0;vp.scrollTop=y*z;});
document.getElementById('find').addEventListener('change',e=>{const q=e.target.value.trim().toLowerCase();
document.querySelectorAll('.node.hit').forEach(n=>n.classList.remove('hit'));if(!q)return;
const hits=[...document.querySelectorAll('.node')].filter(n=>n.dataset.id.includes(q)||
n.dataset.title.toLowerCase().includes(q));hits.forEach(n=>n.classList.add('hit'));
document.getElementById('found').textContent=hits.length+' found';
if(hits.length){const b=hits[0].getBBox();vp.scrollLeft=b.x*z-vp.clientWidth/2;vp.scrollTop=b.y*z-vp.clientHeight/3;}});
})();
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _bezier(p0: tuple[float, float], p1: tuple[float, float], p2: tuple[float, float],
            p3: tuple[float, float], t: float) -> tuple[float, float]:
    u = 1 - t
    return (u * u * u * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t * t * t * p3[0],
            u * u * u * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t * t * t * p3[1])


def _t_at_y(pts: tuple[tuple[float, float], ...], y: float) -> float:
    """The curve parameter where a downward curve reaches height ``y`` (bisection)."""
    lo, hi = 0.0, 1.0
    for _ in range(14):
        mid = (lo + hi) / 2
        if _bezier(pts[0], pts[1], pts[2], pts[3], mid)[1] < y:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


class _Obstacles:
    """Scene boxes in a coarse grid, to tell whether a curve would cut through one."""

    CELL = 128

    def __init__(self, pos: dict[str, tuple[int, int]]) -> None:
        self.grid: dict[tuple[int, int], list[tuple[str, int, int]]] = {}
        for sid, (x, y) in pos.items():
            for gx in range(x // self.CELL, (x + NODE_W) // self.CELL + 1):
                for gy in range(y // self.CELL, (y + NODE_H) // self.CELL + 1):
                    self.grid.setdefault((gx, gy), []).append((sid, x, y))

    def hit(self, px: float, py: float, skip: tuple[str, str]) -> bool:
        for sid, x, y in self.grid.get((int(px) // self.CELL, int(py) // self.CELL), ()):
            if sid not in skip and x - 4 <= px <= x + NODE_W + 4 and y - 4 <= py <= y + NODE_H + 4:
                return True
        return False


def _edge_svg(smap: StoryMap, ports: tuple[dict[int, tuple[float, int, int]], dict[int, float]],
              obstacles: _Obstacles, index: int, edge: SceneEdge, paths: list[str], labels: list[str],
              stack: dict[int, float]) -> None:
    out_ports, in_ports = ports
    pos = smap.layout.pos
    sx0, sy0 = pos[edge.source]
    tx0, ty0 = pos[edge.target]
    classes = ["edge", edge.kind] + (["cond"] if edge.conditional else []) + (["hist"] if edge.historical else [])
    full = " / ".join(edge.labels)
    tip = edge_tip(edge)
    downward = ty0 > sy0 + NODE_H / 2
    if downward:  # bottom port to top port
        px, slot, count = out_ports[index]
        p0 = (px, float(sy0 + NODE_H))
        p3 = (in_ports[index], float(ty0))
        bend = max(30.0, min(120.0, (p3[1] - p0[1]) / 2))
        pts = (p0, (p0[0], p0[1] + bend), (p3[0], p3[1] - bend), p3)
        # the labels of one box's arrows stack downwards in port order, so whole labels never overlap
        label_y = sy0 + NODE_H + 12 + stack.get(index, 0.0)
        skip = (edge.source, edge.target)
        if any(obstacles.hit(*_bezier(*pts, t / 10), skip) for t in range(1, 10)):
            # a straight curve would cut through a scene: go down the gap beside the column
            gx = sx0 + NODE_W + GAP_X / 2 if tx0 >= sx0 else sx0 - GAP_X / 2
            gx += (index % 5 - 2) * 3  # keep parallel detours apart
            h = GAP_Y / 3
            d = (f"M{p0[0]:.0f},{p0[1]:.0f} C{p0[0]:.0f},{p0[1] + h:.0f} {gx:.0f},{p0[1] + h:.0f} "
                 f"{gx:.0f},{p0[1] + 2 * h:.0f} L{gx:.0f},{p3[1] - 2 * h:.0f} C{gx:.0f},{p3[1] - h:.0f} "
                 f"{p3[0]:.0f},{p3[1] - h:.0f} {p3[0]:.0f},{p3[1]:.0f}")
            seg = ((p0[0], p0[1]), (p0[0], p0[1] + h), (gx, p0[1] + h), (gx, p0[1] + 2 * h))
            lx, ly = _bezier(*seg, _t_at_y(seg, min(label_y, p0[1] + 2 * h)))
        else:
            d = None
            lx, ly = _bezier(*pts, _t_at_y(pts, label_y))
    else:  # back up, sideways or to itself: round the right-hand sides
        p0 = (sx0 + NODE_W, sy0 + NODE_H * 0.65)
        p3 = (tx0 + NODE_W + 6, ty0 + NODE_H * 0.35)
        reach = 50.0 + min(200.0, abs(p3[1] - p0[1]) * 0.15 + abs(p3[0] - p0[0]) * 0.1)
        right = max(p0[0], p3[0]) + reach
        pts = (p0, (right, p0[1]), (right, p3[1]), p3)
        d = None
        lx, ly = _bezier(*pts, 0.5)
        lx += 4
    if d is None:
        d = (f"M{pts[0][0]:.0f},{pts[0][1]:.0f} C{pts[1][0]:.0f},{pts[1][1]:.0f} "
             f"{pts[2][0]:.0f},{pts[2][1]:.0f} {pts[3][0]:.0f},{pts[3][1]:.0f}")
    paths.append(f'<path class="{" ".join(classes)}" d="{d}" marker-end="url(#arrow)"'
                 f' data-source="{_e(edge.source)}" data-target="{_e(edge.target)}"><title>{_e(tip)}</title></path>')
    if edge.labels:
        number = f"{edge.number}. " if edge.number else ""
        text = ("★ " if edge.historical else "") + ("if… " if edge.conditional else "") + number + _plain(full)
        rows = _wrap(text, LABEL_CHARS)  # the whole label, over as many lines as it takes
        anchor = "middle" if downward else "start"
        if downward:  # keep a centred label inside the map on the left (about 6 px a character)
            lx = max(lx, max(len(r) for r in rows) * 3.1 + 4)
        if not downward:
            ly -= (len(rows) - 1) * 6.5  # centre the block of lines on the arrow
        spans = "".join(f'<tspan x="{lx:.0f}" dy="{0 if n == 0 else 13}">{_e(r)}</tspan>' for n, r in enumerate(rows))
        labels.append(f'<text class="elabel{" hist" if edge.historical else ""}" x="{lx:.0f}" y="{ly:.0f}"'
                      f' text-anchor="{anchor}"><title>{_e(tip)}</title>{spans}</text>')


def _label_rows(edge: SceneEdge) -> int:
    if not edge.labels:
        return 0
    text = ("★ " if edge.historical else "") + ("if… " if edge.conditional else "") + (
        f"{edge.number}. " if edge.number else "") + _plain(" / ".join(edge.labels))
    return len(_wrap(text, LABEL_CHARS))


def _label_stack(smap: StoryMap, out_ports: dict[int, tuple[float, int, int]]) -> dict[int, float]:
    """How far below its box each downward arrow's label starts: below the labels before it."""
    by_source: dict[str, list[tuple[int, int]]] = {}
    for i, (_x, slot, _count) in out_ports.items():
        by_source.setdefault(smap.graph.edges[i].source, []).append((slot, i))
    out: dict[int, float] = {}
    for items in by_source.values():
        y = 0.0
        for _slot, i in sorted(items):
            out[i] = y
            rows = _label_rows(smap.graph.edges[i])
            y += rows * 13 + (4 if rows else 0)
    return out


def _ports(smap: StoryMap) -> tuple[dict[int, tuple[float, int, int]], dict[int, float]]:
    """Spread the arrows leaving (and entering) a box along its bottom (top) edge."""
    pos = smap.layout.pos
    outs: dict[str, list[int]] = {}
    ins: dict[str, list[int]] = {}
    for i, e in enumerate(smap.graph.edges):
        if pos[e.target][1] > pos[e.source][1] + NODE_H / 2:
            outs.setdefault(e.source, []).append(i)
            ins.setdefault(e.target, []).append(i)
    out_ports: dict[int, tuple[float, int, int]] = {}
    in_ports: dict[int, float] = {}
    edges = smap.graph.edges
    for sid, idx in outs.items():
        idx.sort(key=lambda i: pos[edges[i].target][0])
        x = pos[sid][0]
        for slot, i in enumerate(idx):
            out_ports[i] = (x + NODE_W * (slot + 1) / (len(idx) + 1), slot, len(idx))
    for sid, idx in ins.items():
        idx.sort(key=lambda i: pos[edges[i].source][0])
        x = pos[sid][0]
        for slot, i in enumerate(idx):
            in_ports[i] = x + NODE_W * (slot + 1) / (len(idx) + 1)
    return out_ports, in_ports


def _node_svg(smap: StoryMap, node: SceneNode) -> str:
    story = smap.story
    x, y = smap.layout.pos[node.id]
    classes = ["node"]
    if node.unreachable or node.dead_end:
        classes.append("bad")
    if node.starts:
        classes.append("start")
    if node.endings:
        classes.append("ending")
    problems = [p for p, bad in (("unreachable", node.unreachable), ("dead end", node.dead_end)) if bad]
    name = (f"scene {node.title} ({node.id})" + (f", {node.date}" if node.date else "")
            + (f", {', '.join(problems)}" if problems else "") + f", open {_shown_path(story, node.loc)}")
    parts = [f'<a class="{" ".join(classes)}" id="scene-{_e(node.id)}" href="{_e(editor_link(story, node.loc))}"'
             f' data-id="{_e(node.id)}" data-title="{_e(node.title)}" aria-label="{_e(name)}">',
             f"<title>{_e(_node_title(story, node))}</title>",
             f'<rect class="box" x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="6"/>']
    if node.endings:
        parts.append(f'<rect class="inner" x="{x + 4}" y="{y + 4}" width="{NODE_W - 8}" height="{NODE_H - 8}" rx="4"/>')
    tx = x + 10
    second = node.id + (f" · {node.date}" if node.date else "")
    parts.append(f'<text class="t1" x="{tx}" y="{y + 20}">{_e(_short(node.title, TITLE_CHARS))}</text>')
    parts.append(f'<text class="t2" x="{tx}" y="{y + 37}">{_e(_short(second, 38))}</text>')
    badges = _badges(story, node)
    if badges:
        spans = " ".join(f'<tspan class="b-{cls}">{_e(text)}</tspan>' for cls, text in badges)
        parts.append(f'<text class="t3" x="{tx}" y="{y + 54}">{spans}</text>')
    where = _shown_path(story, node.loc)
    where = where if len(where) <= 34 else "…" + where[-33:]  # the file name and line matter most
    parts.append(f'<text class="t4" x="{tx}" y="{y + 72}">{_e(where)}</text>')
    parts.append("</a>")
    return "".join(parts)


def _svg(smap: StoryMap) -> str:
    lay = smap.layout
    out = [f'<svg id="map" width="{lay.width}" height="{lay.height}" viewBox="0 0 {lay.width} {lay.height}"'
           ' aria-labelledby="map-title">',  # no role="img": it would hide the scene links inside
           f'<title id="map-title">Story map of {_e(smap.story.title)}: {len(smap.graph.nodes)} scenes</title>',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9"'
           ' markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/>'
           "</marker></defs>",
           '<g class="bands">']
    for i, band in enumerate(lay.bands):
        out.append(f'<rect class="band{" odd" if i % 2 else ""}" id="chapter-{_e(band.key)}" x="0" y="{band.y}"'
                   f' width="{lay.width}" height="{band.height}"/>')
        out.append(f'<text class="bandt" x="12" y="{band.y + 26}">{_e(band.title)}</text>')
    out.append("</g><g class=\"lanes\">")
    for lane in lay.lanes:
        out.append(f'<text class="lanet" x="{lane.x + 12}" y="{lay.bands[0].y - 12 if lay.bands else 40}">'
                   f"{_e(lane.title)}</text>")
        if lane.x > 30:
            out.append(f'<line class="lane" x1="{lane.x}" y1="0" x2="{lane.x}" y2="{lay.height}"/>')
    out.append('</g><g class="edges">')
    ports = _ports(smap)
    obstacles = _Obstacles(smap.layout.pos)
    paths: list[str] = []
    labels: list[str] = []
    stack = _label_stack(smap, ports[0])
    for i, edge in enumerate(smap.graph.edges):
        _edge_svg(smap, ports, obstacles, i, edge, paths, labels, stack)
    out.extend(paths)
    out.append('</g><g class="nodes">')
    out.extend(_node_svg(smap, n) for n in smap.graph.nodes.values())
    out.append('</g><g class="labels">')
    out.extend(labels)
    out.append("</g></svg>")
    return "\n".join(out)


def _chapter_nav(smap: StoryMap) -> str:
    """Per chapter: a link to its band (works without script) and a 'fit' that zooms to it."""
    items = []
    for band in smap.layout.bands:
        items.append(f'<li><a href="#chapter-{_e(band.key)}">{_e(band.title)}</a>'
                     f' <button type="button" class="fitband" data-y="{band.y}" data-h="{band.height}"'
                     f' aria-label="fit {_e(band.title)} to the window">fit</button></li>')
    return '<nav aria-label="chapters"><ul class="chapters">' + "".join(items) + "</ul></nav>"


def _legend() -> str:
    items = [
        ('<span class="sw"></span>', "scene (click: open the YAML in VS Code)"),
        ('<span class="sw start"></span>', "▶ a scenario starts here"),
        ('<span class="sw ending"></span>', "⚑ ending"),
        ('<span class="sw bad"></span>', "✖ unreachable or dead end"),
        ("", "◆ decisions in the scene · ★ linked to a historical record"),
        ('<span class="ln"></span>', "choice"),
        ('<span class="ln hist"></span>', "★ the historical option"),
        ('<span class="ln cond"></span>', "only if a condition holds"),
        ('<span class="ln vote"></span>', "vote carried / defeated"),
        ('<span class="ln jump"></span>', "next: or goto:"),
    ]
    return '<ul class="legend">' + "".join(f"<li>{sw}{_e(text)}</li>" for sw, text in items) + "</ul>"


def _index(smap: StoryMap) -> str:
    story = smap.story
    chapters = {c.id: c.title for c in story.chapters}
    rows = ["<table><thead><tr><th>chapter</th><th>scene</th><th>date</th><th>role</th><th>decisions</th>"
            "<th>leads to</th><th>file</th></tr></thead><tbody>"]
    outs = smap.graph.out_edges()
    ordered = sorted(smap.graph.nodes.values(),
                     key=lambda n: (story.chapter_index(n.chapter) if n.chapter else 1 << 20, n.date or "9999",
                                    n.depth, n.order))
    for node in ordered:
        problem = ", ".join(p for p, bad in (("unreachable", node.unreachable), ("dead end", node.dead_end)) if bad)
        decisions = "; ".join(d.id + (f" ★ {d.record}" if d.record else "") for d in node.decisions)
        if node.endings:
            decisions = "; ".join(filter(None, [decisions, "ending " + ", ".join(node.endings)]))
        targets = ", ".join(dict.fromkeys(f'<a href="#scene-{_e(e.target)}">{_e(e.target)}</a>' for e in outs[node.id]))
        where = _shown_path(story, node.loc)
        rows.append(
            f'<tr><td>{_e(chapters.get(node.chapter or "", "—"))}</td>'
            f'<td><a href="#scene-{_e(node.id)}">{_e(node.id)}</a> {_e(node.title)}'
            f'{f" <strong class=bad>({_e(problem)})</strong>" if problem else ""}</td>'
            f"<td>{_e(node.date)}</td><td>{_e(story.roles[node.role].name if node.role else '—')}</td>"
            f"<td>{_e(decisions)}</td><td>{targets}</td>"
            f'<td><a href="{_e(editor_link(story, node.loc))}"><code>{_e(where)}</code></a></td></tr>')
    rows.append("</tbody></table>")
    return "\n".join(rows)


def _problems(smap: StoryMap) -> str:
    diags = smap.graph.report.diagnostics
    if not diags:
        return "<p>No unreachable scenes, dead ends or unused endings.</p>"
    root = Path(smap.story.root).name
    items = []
    for d in sorted(diags):
        scene = next((n.id for n in smap.graph.nodes.values() if n.loc.path == d.path and f"'{n.id}'" in d.message),
                     None)
        link = f' <a href="#scene-{_e(scene)}">show on the map</a>' if scene else ""
        items.append(f"<li><code>{_e(root)}/{_e(d.path)}:{d.line}:{d.col}</code> {_e(d.severity)}:"
                     f" {_e(d.message)} [{_e(d.code)}]{link}</li>")
    return '<ul class="problems">' + "".join(items) + "</ul>"


def render_html(smap: StoryMap) -> str:
    """The whole map page: one file, no network."""
    story = smap.story
    g = smap.graph
    decisions = sum(len(n.decisions) for n in g.nodes.values())
    records = sum(1 for n in g.nodes.values() for d in n.decisions if d.record)
    endings = sum(len(n.endings) for n in g.nodes.values())
    unreachable = sum(1 for n in g.nodes.values() if n.unreachable)
    dead = sum(1 for n in g.nodes.values() if n.dead_end)
    summary = (f"{len(g.nodes)} scenes, {len(g.edges)} links, {decisions} decisions ({records} with a historical"
               f" record), {endings} ending beats; {unreachable} unreachable, {dead} dead ends.")
    return "\n".join([
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Story map — {_e(story.title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<header><h1>Story map — {_e(story.title)}</h1><p>{_e(summary)} Folder: <code>{_e(story.root)}</code></p>",
        _legend(),
        '<div class="tools"><button id="zout" type="button">−</button><button id="zin" type="button">+</button>'
        '<button id="zfit" type="button">fit</button><label>find a scene <input id="find" type="search"'
        ' placeholder="id or title"></label><span id="found"></span>'
        "<span>Ctrl + wheel zooms; drag to move.</span></div>",
        _chapter_nav(smap),
        "</header>",
        f'<main id="viewport" tabindex="0">{_svg(smap)}</main>',
        f'<section id="problems"><h2>Problems</h2>{_problems(smap)}</section>',
        f'<section id="scenes"><h2>Scenes in chapter and date order</h2>{_index(smap)}</section>',
        f"<script>{_JS}</script>",
        "</body></html>",
        "",
    ])


# --- DOT ---------------------------------------------------------------------------------


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def render_dot(smap: StoryMap) -> str:
    """The same graph for Graphviz (``dot -Tsvg map.dot -o map.svg``)."""
    story = smap.story
    lines = ["digraph story {",
             f"  graph [rankdir=TB, fontname=Helvetica, label={_q('Story map — ' + story.title)}, labelloc=t];",
             "  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=Helvetica, fontsize=10];",
             "  edge [fontname=Helvetica, fontsize=9];"]
    roles = list(story.roles) + [None]
    chapters = [c.id for c in story.chapters] + [None]
    by_cell: dict[tuple[str | None, str | None], list[SceneNode]] = {}
    for node in smap.graph.nodes.values():
        chapter = node.chapter if story.chapter(node.chapter) else None
        by_cell.setdefault((node.role, chapter), []).append(node)
    for r, role in enumerate(roles):
        cells = [(ch, by_cell[(role, ch)]) for ch in chapters if (role, ch) in by_cell]
        if not cells:
            continue
        title = story.roles[role].name if role else "Reached by no scenario"
        lines.append(f"  subgraph cluster_role_{r} {{")
        lines.append(f"    label={_q(title)}; style=dashed;")
        for c, (chapter, members) in enumerate(cells):
            chap = story.chapter(chapter)
            ctitle = f"Chapter {story.chapter_index(chapter) + 1}: {chap.title}" if chap else "No chapter"
            lines.append(f"    subgraph cluster_{r}_{c} {{")
            lines.append(f"      label={_q(ctitle)}; style=filled; fillcolor=\"#f2f2f2\";")
            for node in sorted(members, key=lambda n: (n.date or "9999", n.depth, n.order)):
                marks = " ".join(text for _cls, text in _badges(story, node))
                label = "\n".join(filter(None, [_short(node.title, TITLE_CHARS), node.id, marks,
                                                _shown_path(story, node.loc)]))
                attrs = [f"label={_q(label)}", f"URL={_q(editor_link(story, node.loc))}",
                         f"tooltip={_q(_node_title(story, node))}"]
                if node.unreachable or node.dead_end:
                    attrs += ["color=red", "fillcolor=\"#ffebee\"", "penwidth=3", "fontcolor=\"#b71c1c\""]
                elif node.starts:
                    attrs += ["color=\"#2e7d32\"", "penwidth=3"]
                if node.endings:
                    attrs += ["peripheries=2"]
                lines.append(f"      {_q(node.id)} [{', '.join(attrs)}];")
            lines.append("    }")
        lines.append("  }")
    for edge in smap.graph.edges:
        attrs = []
        if edge.labels:
            number = f"{edge.number}. " if edge.number else ""
            text = ("★ " if edge.historical else "") + number + _plain(" / ".join(edge.labels))
            attrs.append(f"label={_q(chr(10).join(_wrap(text, LABEL_CHARS)))}")
        attrs.append(f"tooltip={_q(edge_tip(edge))}")
        if edge.historical:
            attrs += ["color=\"#b8860b\"", "penwidth=3"]
        elif edge.kind == "vote":
            attrs.append("color=\"#1565c0\"")
        elif edge.kind in ("goto", "next"):
            attrs.append("color=gray50")
        if edge.conditional:
            attrs.append("style=dashed")
        lines.append(f"  {_q(edge.source)} -> {_q(edge.target)}" + (f" [{', '.join(attrs)}]" if attrs else "") + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"
