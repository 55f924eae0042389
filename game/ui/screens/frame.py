"""The play screen's frame: the place tag (top left), the meters panel (top right), the quick menu.

Every size here comes from measuring the text at the player's text size, so at 200 % the
tag grows, meter rows grow with their (wrapped) labels and the quick menu gets taller; the
views below lay themselves out in what is left (issue 12.8).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..canvas import Canvas, Rect
from ..text import TextStyle
from ..theme import LOGICAL_H, LOGICAL_W, Theme

#: The quick menu's label size and its bar's least height (logical px at 100 %).
QUICK_SIZE = 19
QUICK_MIN_H = 30.0
#: The meters panel's right edge and top, and its width at 100 % (it widens a little with the text).
METERS_RIGHT = LOGICAL_W - 24.0
METERS_TOP = 20.0
METERS_W = 300.0


def quick_style(theme: Theme) -> TextStyle:
    return TextStyle("label", QUICK_SIZE, theme.paper, scalable=False)


def quick_height(c: Canvas, theme: Theme) -> float:
    """The quick menu bar's height: its label and a margin."""
    return max(QUICK_MIN_H, c.measure("MENU", quick_style(theme))[1] + 8)


def quick_top(c: Canvas, theme: Theme) -> float:
    """Where the quick menu starts; the views keep above it."""
    return LOGICAL_H - 6 - quick_height(c, theme)


def _tag_styles(theme: Theme) -> tuple[TextStyle, TextStyle]:
    kicker = TextStyle("label", 19, theme.aged if theme.name != "high_contrast" else theme.paper, leading=1.1,
                       scalable=False)
    return kicker, kicker.with_(size=22, colour=theme.paper)


def place_tag_rect(c: Canvas, theme: Theme, kicker: str, where: str) -> Rect:
    """The black tag with the chapter and the date and place, sized to its two lines."""
    ks, ws = _tag_styles(theme)
    kw, kh = c.measure(kicker, ks)
    ww, wh = c.measure(where, ws) if where else (0.0, 0.0)
    return (0.0, 20.0, max(kw, ww) + 64, 8 + kh + (4 + wh if where else 0) + 8)


def draw_place_tag(c: Canvas, theme: Theme, kicker: str, where: str) -> Rect:
    rect = place_tag_rect(c, theme, kicker, where)
    ks, ws = _tag_styles(theme)
    x, y, w, h = rect
    c.fill(theme.ink, rect)
    c.fill(theme.accent if theme.name != "high_contrast" else theme.paper, (0, y, 14, h))
    with c.within("place tag", rect, theme.ink):
        r = c.text(kicker, 34, y + 8, ks)
        if where:
            c.text(where, 34, r[1] + r[3] + 4, ws)
    return rect


@dataclass
class MeterRow:
    """One meter as laid out: its label (wrapped), value and change, and its bar."""

    label: str
    value: int
    delta: int
    frac: float
    steps: int
    rect: Rect


@dataclass
class MeterPanel:
    """The meters panel, laid out for one canvas: the title bar and the rows when open."""

    rect: Rect
    title_h: float
    rows: list[MeterRow] = field(default_factory=list)
    label_w: float = 0.0

    @property
    def bottom(self) -> float:
        return self.rect[1] + self.rect[3]


def _label_style(theme: Theme) -> TextStyle:
    return TextStyle("label", 18, theme.ink, leading=1.1, scalable=False)


def _value_style(theme: Theme) -> TextStyle:
    return TextStyle("label", 24, theme.ink, leading=1.0, scalable=False)


def _title_style(theme: Theme) -> TextStyle:
    return TextStyle("label", 19, theme.paper, leading=1.1, scalable=False)


def meter_width(c: Canvas) -> float:
    """Wider as the text grows, so labels wrap onto two lines at most where they can."""
    k = c.texts.book.text_scale
    return METERS_W * min(1.45, max(1.0, 0.55 + 0.45 * k))


def layout_meters(c: Canvas, theme: Theme, meters: list[tuple[str, int, int, float, int]], open_: bool) -> MeterPanel:
    """Lay the panel out. ``meters``: (label, value, change, fill 0..1, steps) per meter."""
    w = meter_width(c)
    x = METERS_RIGHT - w
    title_h = max(36.0, c.measure("YOUR POSITION", _title_style(theme))[1] + 14)
    panel = MeterPanel((x, METERS_TOP, w, title_h + 8), title_h)
    if not open_:
        return panel
    vs = _value_style(theme)
    ls = _label_style(theme)
    # Room for the widest value and change ("10", "+2" with its arrow) beside every label.
    value_w = c.measure("10", vs)[0]
    delta_w = c.measure("+10", ls.with_(size=18))[0] + 26
    panel.label_w = max(60.0, w - 32 - value_w - 8 - delta_w)
    y = METERS_TOP + title_h + 8
    for label, value, delta, frac, steps in meters:
        lh = c.measure(label, ls, panel.label_w)[1]
        vh = c.measure(str(value), vs)[1]
        h = max(lh, vh) + 6 + 10 + 10
        panel.rows.append(MeterRow(label, value, delta, frac, steps, (x, y, w, h)))
        y += h
    panel.rect = (x, METERS_TOP, w, y - METERS_TOP + 2)
    return panel


def draw_meters(c: Canvas, theme: Theme, panel: MeterPanel, open_: bool, changed: int, flash: bool) -> None:
    """The panel: title bar ("YOUR POSITION", what changed, HIDE/SHOW), then a row per meter."""
    t = theme
    x, y, w, h = panel.rect
    c.fill(t.paper, panel.rect)
    c.box(t.ink, panel.rect, 2)
    bar = (x, y, w, panel.title_h)
    c.fill(t.ink, bar)
    ts = _title_style(t)
    with c.within("meters title bar", bar, t.ink):
        mid = y + panel.title_h / 2
        title = c.text("YOUR POSITION", x + 16, mid, ts, anchor="midleft")
        mark = c.text("HIDE (M)" if open_ else "SHOW (M)", x + w - 14, mid,
                      ts.with_(colour=t.aged if t.name != "high_contrast" else t.paper), anchor="midright")
        if changed and not open_:
            words = f"{changed} changed"
            if c.measure(words, ts)[0] > mark[0] - 12 - (title[0] + title[2] + 12):
                words = f"{changed}±"
            c.text(words, mark[0] - 12, mid, ts, anchor="midright")
    if not open_:
        return
    vs = _value_style(t)
    ls = _label_style(t)
    for row in panel.rows:
        rx, ry, rw, rh = row.rect
        if row.delta and flash:  # a short flash says "this just moved"
            c.fill(t.aged, (rx + 4, ry, rw - 8, rh - 4))
        with c.within("meter row", row.rect, t.paper if not (row.delta and flash) else t.aged):
            right = rx + rw - 16
            num = c.text(str(row.value), right, ry, vs, anchor="topright")
            if row.delta:
                col = t.accent if row.delta < 0 or t.name == "high_contrast" else t.ink
                sign = "+" if row.delta > 0 else "−"
                dr = c.text(f"{sign}{abs(row.delta)}", num[0] - 8, ry + num[3] / 2, ls.with_(colour=col),
                            anchor="midright")
                tx, ty = dr[0] - 18, ry + num[3] / 2
                if row.delta > 0:
                    c.poly(col, [(tx, ty + 5), (tx + 6, ty - 6), (tx + 12, ty + 5)])
                else:
                    c.poly(col, [(tx, ty - 5), (tx + 6, ty + 6), (tx + 12, ty - 5)])
            lr = c.text(row.label, rx + 16, ry, ls, width=panel.label_w)
            bx, by, bw, bh = rx + 16, max(lr[1] + lr[3], ry + num[3]) + 6, rw - 32, 10.0
            c.fill(t.meter_track, (bx, by, bw, bh))
            c.fill(t.meter, (bx, by, bw * row.frac, bh))
            # a tick at every step makes the value countable, not just a length of colour
            if 0 < row.steps <= 12:
                for k in range(1, row.steps):
                    c.fill(t.paper, (bx + bw * k / row.steps - 0.75, by, 1.5, bh))
