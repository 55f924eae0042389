"""A tiny SVG writer for the game's art (standard library only).

It emits only what pygame-ce's SVG loader (nanosvg) draws reliably: paths, polygons,
circles, ellipses, rects, lines, groups with transforms, solid fills and strokes with
presentation attributes. No CSS, no text, no filters, masks, clip paths or gradients.
"""

import math
import random

# The palette of /work/shared/art-direction.md. Nothing else is used.
RED = "#C0272D"
BLACK = "#1A1A1A"
PAPER = "#EFE6D2"
AGED = "#D9CBB0"
GREY = "#6E6A63"
OCHRE = "#D9A23A"


def f(v):
    """Format a number compactly (one decimal, no trailing zeros)."""
    s = f"{v:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    if s == "-0":
        s = "0"
    return s


def pts(points):
    return " ".join(f"{f(x)},{f(y)}" for x, y in points)


def _attrs(kw):
    out = []
    for k, v in kw.items():
        if v is None:
            continue
        k = k.rstrip("_").replace("_", "-")
        if isinstance(v, float):
            v = f(v)
        out.append(f'{k}="{v}"')
    return (" " + " ".join(out)) if out else ""


class SVG:
    def __init__(self, width, height, title=""):
        self.w = width
        self.h = height
        self.title = title
        self.parts = []
        self.depth = 0

    def _add(self, s):
        self.parts.append("  " * (self.depth + 1) + s)

    def comment(self, text):
        self._add(f"<!-- {text} -->")

    def rect(self, x, y, w, h, fill, **kw):
        self._add(f'<rect x="{f(x)}" y="{f(y)}" width="{f(w)}" height="{f(h)}" fill="{fill}"{_attrs(kw)}/>')

    def poly(self, points, fill, **kw):
        self._add(f'<polygon points="{pts(points)}" fill="{fill}"{_attrs(kw)}/>')

    def polyline(self, points, stroke, width, **kw):
        kw.setdefault("fill", "none")
        self._add(f'<polyline points="{pts(points)}" stroke="{stroke}" stroke-width="{f(width)}"{_attrs(kw)}/>')

    def circle(self, cx, cy, r, fill, **kw):
        self._add(f'<circle cx="{f(cx)}" cy="{f(cy)}" r="{f(r)}" fill="{fill}"{_attrs(kw)}/>')

    def ellipse(self, cx, cy, rx, ry, fill, **kw):
        self._add(f'<ellipse cx="{f(cx)}" cy="{f(cy)}" rx="{f(rx)}" ry="{f(ry)}" fill="{fill}"{_attrs(kw)}/>')

    def line(self, x1, y1, x2, y2, stroke, width, **kw):
        self._add(f'<line x1="{f(x1)}" y1="{f(y1)}" x2="{f(x2)}" y2="{f(y2)}" stroke="{stroke}" stroke-width="{f(width)}"{_attrs(kw)}/>')

    def path(self, d, fill, **kw):
        self._add(f'<path d="{d}" fill="{fill}"{_attrs(kw)}/>')

    def group(self, **kw):
        svg = self

        class _G:
            def __enter__(self_):
                svg._add(f"<g{_attrs(kw)}>")
                svg.depth += 1
                return svg

            def __exit__(self_, *a):
                svg.depth -= 1
                svg._add("</g>")

        return _G()

    def grain(self, seed, count, color, opacity=0.35, box=None, size=(1.2, 2.6)):
        """Paper grain: one path of many tiny squares, deterministic."""
        rnd = random.Random(seed)
        x0, y0, x1, y1 = box or (0, 0, self.w, self.h)
        d = []
        for _ in range(count):
            x = rnd.uniform(x0, x1)
            y = rnd.uniform(y0, y1)
            s = rnd.uniform(*size)
            d.append(f"M{f(x)} {f(y)}h{f(s)}v{f(s)}h-{f(s)}z")
        self.path("".join(d), color, fill_opacity=f(opacity))

    def render(self):
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.w}" height="{self.h}" '
            f'viewBox="0 0 {self.w} {self.h}">'
        )
        lines = [head]
        if self.title:
            lines.append(f"  <!-- {self.title} -->")
        lines.extend(self.parts)
        lines.append("</svg>")
        return "\n".join(lines) + "\n"


# ---- geometry helpers -------------------------------------------------------------

def lerp(a, b, t):
    return a + (b - a) * t


def lerp_pt(p, q, t):
    return (lerp(p[0], q[0], t), lerp(p[1], q[1], t))


def rot(p, angle_deg, about=(0, 0)):
    a = math.radians(angle_deg)
    x, y = p[0] - about[0], p[1] - about[1]
    return (about[0] + x * math.cos(a) - y * math.sin(a), about[1] + x * math.sin(a) + y * math.cos(a))


def band(p, q, width):
    """A straight band (quad) of the given width centred on segment p-q."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    n = math.hypot(dx, dy) or 1
    ox, oy = -dy / n * width / 2, dx / n * width / 2
    return [(p[0] + ox, p[1] + oy), (q[0] + ox, q[1] + oy), (q[0] - ox, q[1] - oy), (p[0] - ox, p[1] - oy)]


def arc_pts(cx, cy, rx, ry, a0, a1, n=24):
    """Points on an ellipse arc, angles in degrees (0 = +x, 90 = +y, screen coordinates)."""
    out = []
    for i in range(n + 1):
        a = math.radians(lerp(a0, a1, i / n))
        out.append((cx + rx * math.cos(a), cy + ry * math.sin(a)))
    return out


def smooth_path(points, closed=True):
    """Catmull-Rom spline through points, as an SVG path string of cubic Béziers."""
    n = len(points)
    if n < 3:
        return "M" + " L".join(f"{f(x)} {f(y)}" for x, y in points)
    d = [f"M{f(points[0][0])} {f(points[0][1])}"]
    rng = range(n) if closed else range(n - 1)
    for i in rng:
        p0 = points[(i - 1) % n] if (closed or i > 0) else points[i]
        p1 = points[i]
        p2 = points[(i + 1) % n]
        p3 = points[(i + 2) % n] if (closed or i + 2 < n) else p2
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        d.append(f"C{f(c1[0])} {f(c1[1])} {f(c2[0])} {f(c2[1])} {f(p2[0])} {f(p2[1])}")
    if closed:
        d.append("Z")
    return "".join(d)
