"""The trajectory as SVG: one small chart per meter, the player's line beside history's.

Readable without colour: the player's line is solid black with round markers,
history's is dashed red with square markers, and the legend and axes are
labelled in words. Missing values (a chapter not played) break the line.
Pure string building, escaped, no scripts: the HTML report inlines it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

PLAYER = "#1A1A1A"
HISTORY = "#C0272D"
GRID = "#B8AE9C"
INK = "#1A1A1A"
MUTED = "#5C5851"

W, H = 320, 200
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 14, 42


def _x(i: int, n: int) -> float:
    span = W - LEFT - RIGHT
    return LEFT + (span / 2 if n <= 1 else span * i / (n - 1))


def _y(v: float, lo: int, hi: int) -> float:
    span = H - TOP - BOTTOM
    if hi <= lo:
        return TOP + span / 2
    return TOP + span * (1 - (v - lo) / (hi - lo))


def _segments(values: Sequence[int | None]) -> list[list[tuple[int, int]]]:
    out: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    for i, v in enumerate(values):
        if v is None:
            if cur:
                out.append(cur)
            cur = []
        else:
            cur.append((i, v))
    if cur:
        out.append(cur)
    return out


def _ticks(lo: int, hi: int) -> list[int]:
    span = hi - lo
    step = 1 if span <= 5 else 2 if span <= 12 else max(1, span // 5)
    ticks = list(range(lo, hi + 1, step))
    if ticks[-1] != hi:
        ticks.append(hi)
    return ticks


def meter_svg(meter: Mapping[str, Any], chapters: Sequence[Mapping[str, Any]], ident: str = "") -> str:
    """One meter's chart. ``meter``/``chapters`` are the report JSON's trajectory entries."""
    lo, hi = int(meter.get("min", 0)), int(meter.get("max", 10))
    n = len(chapters)
    label = escape(str(meter.get("label", "")))
    parts = [
        f'<svg class="chart" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" '
        f'aria-labelledby="{ident}t" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}t">{label}: your line (solid, circles) and history (dashed, squares)'
        f' at the end of each chapter</title>',
    ]
    for t in _ticks(lo, hi):
        y = _y(t, lo, hi)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{W - RIGHT}" y2="{y:.1f}" stroke="{GRID}" '
                     f'stroke-width="0.6"/>')
        parts.append(f'<text x="{LEFT - 5}" y="{y + 3.5:.1f}" text-anchor="end" font-size="10" '
                     f'fill="{INK}">{t}</text>')
    parts.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{H - BOTTOM}" stroke="{INK}" stroke-width="1"/>')
    parts.append(f'<line x1="{LEFT}" y1="{H - BOTTOM}" x2="{W - RIGHT}" y2="{H - BOTTOM}" stroke="{INK}" '
                 f'stroke-width="1"/>')
    for i, ch in enumerate(chapters):
        x = _x(i, n)
        parts.append(f'<text x="{x:.1f}" y="{H - BOTTOM + 13}" text-anchor="middle" font-size="10" '
                     f'fill="{INK}">{escape(str(ch.get("number", i + 1)))}</text>')
    parts.append(f'<text x="{(LEFT + W - RIGHT) / 2:.1f}" y="{H - 12}" text-anchor="middle" font-size="10" '
                 f'fill="{MUTED}">End of chapter</text>')
    parts.append(f'<text transform="translate(11 {(TOP + H - BOTTOM) / 2:.1f}) rotate(-90)" '
                 f'text-anchor="middle" font-size="10" fill="{MUTED}">Value ({lo}–{hi})</text>')

    def line(values: Sequence[int | None], colour: str, dash: str, marker: str, width: float) -> None:
        for seg in _segments(values):
            pts = " ".join(f"{_x(i, n):.1f},{_y(v, lo, hi):.1f}" for i, v in seg)
            if len(seg) > 1:
                parts.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="{width}" '
                             f'stroke-linejoin="round"{dash}/>')
            for i, v in seg:
                x, y = _x(i, n), _y(v, lo, hi)
                if marker == "circle":
                    parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>')
                else:
                    parts.append(f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="white" '
                                 f'stroke="{colour}" stroke-width="2"/>')

    line(meter.get("historical") or [], HISTORY, ' stroke-dasharray="6 4"', "square", 2)
    line(meter.get("player") or [], PLAYER, "", "circle", 2.5)
    parts.append("</svg>")
    return "".join(parts)


def legend_svg() -> str:
    """The key shared by every chart."""
    return (
        '<svg class="legend" viewBox="0 0 300 22" width="300" height="22" role="img" aria-label="Key: your line '
        'is solid with circles; history is dashed with squares" xmlns="http://www.w3.org/2000/svg">'
        f'<line x1="2" y1="11" x2="30" y2="11" stroke="{PLAYER}" stroke-width="2.5"/>'
        f'<circle cx="16" cy="11" r="4" fill="{PLAYER}"/>'
        f'<text x="36" y="15" font-size="12" fill="{INK}">You</text>'
        f'<line x1="110" y1="11" x2="138" y2="11" stroke="{HISTORY}" stroke-width="2" stroke-dasharray="6 4"/>'
        f'<rect x="120" y="7" width="8" height="8" fill="white" stroke="{HISTORY}" stroke-width="2"/>'
        f'<text x="144" y="15" font-size="12" fill="{INK}">History</text>'
        "</svg>"
    )
