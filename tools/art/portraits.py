"""Portraits, 512x512: cut-out busts in the palette, framed by a red circle and a black bar.

Each sitter is a set of parameters for one shared bust builder, so every portrait has the
same style; what tells them apart are a few true features (hair, facial hair, glasses,
head shape, clothing). Faces are flat planes lit from the left: paper, with the right
side in aged-paper shadow; features are black shapes. No caricature: proportions stay
natural, nothing is exaggerated for comedy.
"""

import math

from svg import SVG, RED, BLACK, PAPER, AGED, GREY, OCHRE, lerp, band, f, smooth_path

S = 512


class Head:
    """Geometry of one head. hw(y) gives the half-width of the face at height y."""

    def __init__(self, cx=256, top=100, chin=322, w=80, jw=62, chin_w=26, cheek=0.5, jaw=0.78, turn=-6, dy=26):
        top += dy
        chin += dy
        self.cx = cx
        self.top = top
        self.chin = chin
        self.w = w
        self.jw = jw
        self.chin_w = chin_w
        self.cheek_y = lerp(top, chin, cheek)
        self.jaw_y = lerp(top, chin, jaw)
        self.turn = turn
        h = chin - top
        self.eye_y = top + h * 0.47
        self.brow_y = self.eye_y - h * 0.07
        self.nose_y = top + h * 0.7
        self.mouth_y = top + h * 0.82
        self.fx = cx + turn  # centre line of the features

    def hw(self, y):
        if y <= self.top:
            return 0.0
        if y <= self.cheek_y:
            t = (self.cheek_y - y) / (self.cheek_y - self.top)
            return self.w * math.sqrt(max(0.0, 1 - t * t))
        if y <= self.jaw_y:
            t = (y - self.cheek_y) / (self.jaw_y - self.cheek_y)
            return self.w + (self.jw - self.w) * t ** 1.6
        if y <= self.chin:
            t = (y - self.jaw_y) / (self.chin - self.jaw_y)
            return self.chin_w + (self.jw - self.chin_w) * math.sqrt(max(0.0, 1 - t ** 2.2))
        return 0.0

    def ys(self, y0, y1, n=40):
        return [lerp(y0, y1, i / n) for i in range(n + 1)]

    def outline(self):
        ys = self.ys(self.top, self.chin, 60)
        right = [(self.cx + self.hw(y), y) for y in ys]
        bottom = [(self.cx + self.chin_w * 0.5, self.chin + 3), (self.cx - self.chin_w * 0.5, self.chin + 3)]
        left = [(self.cx - self.hw(y), y) for y in reversed(ys)]
        return right + bottom + left


# ---- frame -------------------------------------------------------------------------

def frame(s, circle=RED):
    s.rect(0, 0, S, S, PAPER)
    s.poly(band((-60, 470), (580, 60), 46), BLACK)
    s.circle(256, 236, 206, circle)
    s.circle(256, 236, 222, "none", stroke=BLACK, stroke_width=3)


def finish(s, seed):
    s.grain(seed, 260, AGED, 0.5, size=(1.0, 2.2))
    s.grain(seed + 1, 90, GREY, 0.2, size=(1.0, 2.0))


# ---- the bust ----------------------------------------------------------------------

def shoulders(s, hd, fill, y=392, width=236, slope=36):
    """Angular cut-out shoulders: a trapezius slope from the neck, rounded shoulder points."""
    cx = hd.cx
    sy = y + slope
    d = (
        f"M{f(cx - width - 20)} {S + 2}L{f(cx - width - 14)} {f(sy + 50)}"
        f"Q{f(cx - width + 2)} {f(sy)} {f(cx - width + 50)} {f(sy - 6)}"
        f"L{f(cx - 66)} {f(y - 6)}L{f(cx + 66)} {f(y - 6)}"
        f"L{f(cx + width - 50)} {f(sy - 6)}Q{f(cx + width - 2)} {f(sy)} {f(cx + width + 14)} {f(sy + 50)}"
        f"L{f(cx + width + 20)} {S + 2}Z"
    )
    s.path(d, fill)


def neck(s, hd, w=40, bottom=420):
    cx = hd.cx
    s.rect(cx - w, hd.jaw_y, 2 * w, bottom - hd.jaw_y, AGED)
    s.rect(cx - w, hd.jaw_y, w * 0.8, bottom - hd.jaw_y, PAPER)
    # shadow under the jaw
    pts_ = [(cx + x, hd.chin + 4 + 16 * (1 - (x / w) ** 2)) for x in [lerp(-w, w, i / 12) for i in range(13)]]
    pts_ = [(cx - w, hd.jaw_y + 20)] + pts_ + [(cx + w, hd.jaw_y + 20)]
    s.poly(pts_, GREY, fill_opacity="0.55")


def ears(s, hd, size=1.0):
    y = hd.eye_y + (hd.nose_y - hd.eye_y) * 0.45
    for side, col in ((-1, PAPER), (1, AGED)):
        x = hd.cx + side * (hd.hw(y) + 2)
        s.ellipse(x, y, 13 * size, 27 * size, col)
        s.ellipse(x + side * 2, y, 6 * size, 15 * size, GREY if side > 0 else AGED)


def face(s, hd):
    s.poly(hd.outline(), PAPER)
    # shadow side: from the outline back to a line through the nose
    ys = hd.ys(hd.top + 8, hd.chin, 40)
    outer = [(hd.cx + hd.hw(y) + 0.5, y) for y in ys]

    def inner(y):
        t = (y - hd.top) / (hd.chin - hd.top)
        x = hd.fx + lerp(hd.w * 0.62, 8, min(1, t * 1.45))
        if y > hd.nose_y:
            x = hd.fx + lerp(10, hd.chin_w * 0.4, (y - hd.nose_y) / (hd.chin - hd.nose_y))
        return min(x, hd.cx + hd.hw(y))

    inn = [(inner(y), y) for y in reversed(ys)]
    s.poly(outer + [(hd.cx + hd.chin_w * 0.5, hd.chin + 3)] + inn, AGED)


def features(s, hd, brow=6.0, brow_tilt=0, eye=1.0, mouth=True, lips=1.0, cheek_hollow=False, nose_len=1.0, nose_w=1.0, lids=False):
    fx = hd.fx
    ey = hd.eye_y
    dx = hd.w * 0.43
    if cheek_hollow:
        for side in (-1, 1):
            x = hd.cx + side * hd.hw(hd.nose_y) * 0.78
            s.path(f"M{f(x)} {f(ey + 30)}q{f(-side * 8)} {f(24)} {f(-side * 2)} {f(44)}q{f(side * 6)} {f(-20)} {f(side * 2)} {f(-44)}z", AGED if side < 0 else GREY, fill_opacity="1" if side < 0 else "0.45")
    # eye sockets and eyes
    for side in (-1, 1):
        x = fx + side * dx
        s.ellipse(x, ey - 3, 19 * eye, 10 * eye, AGED if side < 0 else GREY, fill_opacity="1" if side < 0 else "0.35")
        s.ellipse(x, ey, 10.5 * eye, 4.3 * eye, BLACK)
        if lids:
            s.rect(x - 12 * eye, ey - 6 * eye, 24 * eye, 3 * eye, BLACK)
    # brows
    for side in (-1, 1):
        x0 = fx + side * (dx - 17)
        x1 = fx + side * (dx + 17)
        y0 = hd.brow_y + brow_tilt * 0.5
        y1 = hd.brow_y - brow_tilt * 0.5 + 2
        s.poly([(x0, y0), (x1, y1), (x1, y1 + brow * 0.7), (x0, y0 + brow)], BLACK)
    # nose: shadow on the right flank and a nostril
    ny = hd.nose_y + (nose_len - 1) * 14
    s.poly([(fx + 3, ey + 6), (fx + 12 * nose_w, ny - 6), (fx + 17 * nose_w, ny + 2), (fx + 4, ny + 4)], GREY, fill_opacity="0.75")
    s.path(f"M{f(fx - 14 * nose_w)} {f(ny + 2)}q{f(14 * nose_w)} {f(9)} {f(28 * nose_w)} 0q{f(-14 * nose_w)} {f(4)} {f(-28 * nose_w)} 0z", BLACK)
    if mouth:
        my = hd.mouth_y
        s.path(f"M{f(fx - 22)} {f(my)}q{f(22)} {f(4)} {f(44)} 0q{f(-22)} {f(3 + 2 * lips)} {f(-44)} 0z", BLACK)
        s.ellipse(fx + 2, my + 9 * lips, 13 * lips, 4 * lips, AGED)


# ---- hair ----------------------------------------------------------------------------

def hair_mass(s, hd, vol, hairline, temple=None, side=8, wave=0.0, waves=9, lift=0.0, color=BLACK, back=0.0,
              seed=0, sideburn=8, recede=10, part=None, strands=GREY, curls=False, crown=1.0):
    """Hair framing the face: sideburns in front of the ears, a hairline across the forehead,
    `vol` of height above the crown, `side` of fullness over the ears, `lift` extra height
    on the viewer's right (hair swept up and back), `wave` amplitude of a wavy outer edge.
    A few thin strands in `strands` colour show which way it is combed."""
    cx = hd.cx
    y_sb = hd.eye_y + sideburn
    hl = hd.top + hairline
    corner_y = hl + recede
    n = 60
    outer = []
    ry = hd.cheek_y - hd.top
    y_full = hd.eye_y - 34

    def taper(y):  # fullness over the ears: none at the bottom of the sideburn, all above the temple
        return side * min(1.0, max(0.06, (y_sb - y) / max(1.0, y_sb - y_full))) ** 0.8

    for i in range(1, n):
        t = i / n                       # 0 = left side, 1 = right side
        a = math.pi * (1 - t)
        up = math.sin(a)
        y0 = hd.cheek_y - ry * up
        v = vol * up ** 0.8 * crown + lift * max(0.0, t - 0.3) * up
        if wave:
            v += wave * (0.5 + 0.5 * math.cos(t * waves * 2 * math.pi)) * up ** 0.5
        sd = taper(y0) * (1 - up) ** 0.7 + back * (1 - up)
        x = cx + math.cos(a) * (hd.w + sd + v * 0.9)
        y = hd.cheek_y - (ry + v) * up
        outer.append((x, y))
    left_side = [(cx - hd.hw(y) - taper(y) - back * 0.3 * (1 - (y - hd.cheek_y) / max(1.0, y_sb - hd.cheek_y)), y) for y in hd.ys(y_sb, hd.cheek_y, 8)[:-1]]
    right_side = [(cx + hd.hw(y) + taper(y) + back * 0.3 * (1 - (y - hd.cheek_y) / max(1.0, y_sb - hd.cheek_y)), y) for y in hd.ys(hd.cheek_y, y_sb, 8)[1:]]
    outer = left_side + outer + right_side
    # inner edge: right sideburn up to the temple corner, across the hairline, down the left
    inner = []
    for y in hd.ys(y_sb, corner_y, 6):
        inner.append((cx + hd.hw(y) - (4 if y > corner_y + 10 else 0) - 8 * (1 - (y - corner_y) / max(1, y_sb - corner_y)), y))
    cw = hd.hw(corner_y) * 0.8
    pk = part if part is not None else 0
    for i in range(13):
        t = i / 12
        x = lerp(cx + cw, cx - cw, t)
        y = lerp(corner_y, hl, math.sin(math.pi * t) ** 0.8)
        inner.append((x, y))
    for y in hd.ys(corner_y, y_sb, 6):
        inner.append((cx - hd.hw(y) + (4 if y > corner_y + 10 else 0) + 8 * (1 - (y - corner_y) / max(1, y_sb - corner_y)), y))
    s.poly(outer + inner, color)
    top_y = hd.cheek_y - ry - vol * crown
    if part is not None:
        px = cx + part
        s.path(f"M{f(px)} {f(hl + 2)}Q{f(px + 2)} {f(lerp(hl, top_y, 0.5))} {f(px + 10)} {f(top_y + 12)}", "none", stroke=AGED, stroke_width=3, stroke_linecap="round")
    if strands and not curls:
        for k, fr in enumerate((-0.55, -0.2, 0.15, 0.5)):
            x0 = cx + fr * cw * 1.1
            y0 = lerp(corner_y, hl, 1 - abs(fr) ** 1.5) - 10
            x1 = x0 + fr * 40 + lift * 0.6
            y1 = top_y + 18 + abs(fr) * 22
            s.path(f"M{f(x0)} {f(y0)}Q{f(x0 + fr * 10)} {f((y0 + y1) / 2)} {f(x1)} {f(y1)}", "none", stroke=strands, stroke_width=2.5, stroke_linecap="round")
    if curls:
        import random as _r
        rnd = _r.Random(seed or 5)
        for _ in range(16):
            u = rnd.uniform(0.1, 0.9)
            a = math.pi * (1 - u)
            rr = rnd.uniform(0.35, 0.85)
            x = cx + math.cos(a) * (hd.w + vol * 0.5) * rr
            y = hd.cheek_y - (ry + vol * 0.6) * math.sin(a) * (0.75 + 0.25 * rr)
            if y > hl - 6:
                continue
            r = rnd.uniform(6, 10)
            s.path(f"M{f(x - r)} {f(y)}a{f(r)} {f(r)} 0 0 1 {f(2 * r)} 0", "none", stroke=strands, stroke_width=2.5, stroke_linecap="round")


def fringe_sides(s, hd, y0=None, y1=None, thick=14, color=BLACK):
    """Hair left only at the sides and back (a bald crown)."""
    y0 = y0 if y0 is not None else hd.eye_y - 40
    y1 = y1 if y1 is not None else hd.eye_y + 30
    for side in (-1, 1):
        ys = hd.ys(y0, y1, 12)
        outer = [(hd.cx + side * (hd.hw(y) + thick * math.sin(math.pi * (y - y0) / (y1 - y0)) ** 0.5), y) for y in ys]
        inner = [(hd.cx + side * (hd.hw(y) - 3), y) for y in reversed(ys)]
        s.poly(outer + inner, color)


# ---- facial hair ---------------------------------------------------------------------

def moustache(s, hd, w=30, th=9, droop=6, color=BLACK, y=None):
    fx = hd.fx
    y = y if y is not None else hd.mouth_y - 13
    s.path(
        f"M{f(fx)} {f(y - th * 0.7)}"
        f"C{f(fx + w * 0.5)} {f(y - th)} {f(fx + w)} {f(y - th * 0.2)} {f(fx + w + 2)} {f(y + droop)}"
        f"C{f(fx + w * 0.6)} {f(y + th * 0.35)} {f(fx + w * 0.3)} {f(y + th * 0.15)} {f(fx)} {f(y + th * 0.3)}"
        f"C{f(fx - w * 0.3)} {f(y + th * 0.15)} {f(fx - w * 0.6)} {f(y + th * 0.35)} {f(fx - w - 2)} {f(y + droop)}"
        f"C{f(fx - w)} {f(y - th * 0.2)} {f(fx - w * 0.5)} {f(y - th)} {f(fx)} {f(y - th * 0.7)}Z",
        color,
    )


def beard(s, hd, start=None, cover=1.0, below=20, point=0.5, lip_gap=10, color=BLACK, tip_w=0.0, strands=GREY):
    """Beard on chin and jaw. cover: fraction of the face width it reaches (1 = full
    cheeks, 0.45 = chin only); below: how far it hangs under the chin; point: 0 round .. 1 sharp."""
    fx = hd.fx
    cx = hd.cx
    start = start if start is not None else hd.nose_y
    grow = 2.5 if cover >= 0.9 else 0.0
    ys = hd.ys(start, hd.chin, 14)
    left = [(cx - hd.hw(y) * cover - grow, y) for y in ys]
    right = [(cx + hd.hw(y) * cover + grow, y) for y in reversed(ys)]
    bw = max(hd.chin_w * 0.9, hd.hw(hd.chin - 2) * cover) + 3
    by = hd.chin + below
    bottom = []
    for i in range(1, 16):
        t = i / 16
        a = math.pi * (1 - t)  # left -> right along the bottom
        x = fx + math.cos(a) * lerp(bw, bw * (1 - abs(math.cos(a)) ** 0.3) + tip_w, point * 0.0) * (1 - point * (1 - abs(math.cos(a))) ** 0.0 * 0)
        # blend a round bottom (ellipse) with a pointed one (straight lines to a tip)
        xr = fx + math.cos(a) * bw
        yr = hd.chin + math.sin(a) * below
        xp = lerp(fx - bw, fx + bw, t)
        yp = hd.chin + below * (1 - abs(2 * t - 1))
        bottom.append((lerp(xr, xp, point), lerp(yr, yp, point)))
    my = hd.mouth_y + lip_gap
    inner = [
        (fx + 26, hd.mouth_y + 2),
        (fx + 18, my),
        (fx, my + 3),
        (fx - 18, my),
        (fx - 26, hd.mouth_y + 2),
    ]
    pts_ = left + [(cx - bw, hd.chin)] + bottom + [(cx + bw, hd.chin)] + right + inner
    s.poly(pts_, color, stroke=color, stroke_width=2, stroke_linejoin="round")
    if strands:
        for k in (-0.5, 0.0, 0.5):
            x0 = fx + k * bw * 0.8
            s.path(f"M{f(x0)} {f(my + 14)}Q{f(x0 + k * 6)} {f((my + by) / 2)} {f(fx + k * bw * 0.4)} {f(by - 8)}", "none", stroke=strands, stroke_width=2, stroke_linecap="round")


# ---- glasses -------------------------------------------------------------------------

def pince_nez(s, hd, r=17, cord=True):
    fx, ey, dx = hd.fx, hd.eye_y, hd.w * 0.43
    for side in (-1, 1):
        s.ellipse(fx + side * dx, ey + 1, r, r * 0.86, "none", stroke=BLACK, stroke_width=3.5)
    s.path(f"M{f(fx - dx + r)} {f(ey - 2)}q{f(dx - r)} {f(-12)} {f(2 * (dx - r))} 0", "none", stroke=BLACK, stroke_width=3)
    if cord:
        s.path(f"M{f(fx + dx + r)} {f(ey + 2)}q{f(18)} {f(40)} {f(10)} {f(90)}q{f(-8)} {f(50)} {f(-18)} {f(110)}", "none", stroke=BLACK, stroke_width=1.6)


def spectacles(s, hd, r=19):
    fx, ey, dx = hd.fx, hd.eye_y, hd.w * 0.43
    for side in (-1, 1):
        s.circle(fx + side * dx, ey + 1, r, "none", stroke=BLACK, stroke_width=4)
        x_out = fx + side * (dx + r)
        x_ear = hd.cx + side * (hd.hw(ey) + 2)
        s.line(x_out, ey - 2, x_ear, ey - 6, BLACK, 3.5)
    s.path(f"M{f(fx - dx + r)} {f(ey - 1)}q{f(dx - r)} {f(-10)} {f(2 * (dx - r))} 0", "none", stroke=BLACK, stroke_width=3.5)


# ---- clothes ---------------------------------------------------------------------------

def collar_v(s, hd, depth=486, half=44, shirt=PAPER):
    cx = hd.cx
    s.poly([(cx - half, 388), (cx + half, 388), (cx, depth)], shirt)


def suit(s, hd, tie=BLACK, tie_dots=False, jacket=BLACK, bow=False, wing=False):
    cx = hd.cx
    shoulders(s, hd, jacket)
    collar_v(s, hd)
    # shirt collar points
    s.poly([(cx - 42, 384), (cx - 4, 404), (cx - 22, 428)], PAPER, stroke=GREY, stroke_width=2, stroke_linejoin="round")
    s.poly([(cx + 42, 384), (cx + 4, 404), (cx + 22, 428)], AGED, stroke=GREY, stroke_width=2, stroke_linejoin="round")
    if bow:
        s.poly([(cx - 24, 398), (cx, 410), (cx - 24, 422)], BLACK)
        s.poly([(cx + 24, 398), (cx, 410), (cx + 24, 422)], BLACK)
        s.circle(cx, 410, 6, BLACK)
    elif tie:
        s.poly([(cx - 9, 404), (cx + 9, 404), (cx + 6, 416), (cx + 14, 500), (cx, 516), (cx - 14, 500), (cx - 6, 416)], tie)
        if tie_dots:
            for (x, y) in ((cx - 4, 428), (cx + 5, 446), (cx - 6, 466), (cx + 4, 486), (cx - 3, 505)):
                s.circle(x, y, 2.6, PAPER)
    # lapels
    s.poly([(cx - 46, 388), (cx - 8, 500), (cx - 26, S + 2), (cx - 96, S + 2), (cx - 58, 456), (cx - 80, 440)], GREY)
    s.poly([(cx + 46, 388), (cx + 8, 500), (cx + 26, S + 2), (cx + 96, S + 2), (cx + 58, 456), (cx + 80, 440)], GREY)
    s.poly([(cx - 40, 392), (cx - 6, 500), (cx - 20, S + 2), (cx - 84, S + 2), (cx - 54, 462), (cx - 72, 446)], jacket)
    s.poly([(cx + 40, 392), (cx + 6, 500), (cx + 20, S + 2), (cx + 84, S + 2), (cx + 54, 462), (cx + 72, 446)], jacket)


def tunic(s, hd, cloth=BLACK, trim=GREY, pockets=True, tabs=None, belt=None, collar_h=30):
    """High stand-collar tunic (френч / гимнастёрка)."""
    cx = hd.cx
    shoulders(s, hd, cloth)
    s.path(f"M{f(cx - 46)} {f(414)}L{f(cx - 44)} {f(384)}Q{f(cx)} {f(384 + 10)} {f(cx + 44)} {f(384)}L{f(cx + 46)} {f(414)}Q{f(cx)} {f(424)} {f(cx - 46)} {f(414)}Z", cloth, stroke=trim, stroke_width=3)
    s.line(cx, 424, cx, S, trim, 3)
    for y in (442, 472, 502):
        s.circle(cx + 8, y, 4.5, trim)
    if pockets:
        for side in (-1, 1):
            x0 = cx + side * 40
            x1 = cx + side * 120
            s.poly([(x0, 444), (x1, 440), (x1, 462), ((x0 + x1) / 2, 470), (x0, 466)], "none", stroke=trim, stroke_width=3, stroke_linejoin="round")
            s.line((x0 + x1) / 2, 466, (x0 + x1) / 2, S, trim, 2)
    if tabs:
        for side in (-1, 1):
            s.poly([(cx + side * 14, 392), (cx + side * 40, 388), (cx + side * 42, 410), (cx + side * 16, 414)], tabs)
    if belt:
        s.poly(band((cx - 150, 400), (cx + 110, S + 20), 20), belt)


def razgovory(s, hd, cloth=BLACK, tab=RED):
    """The 1919-22 Red Army tunic with three cloth tabs across the chest."""
    tunic(s, hd, cloth, GREY, pockets=False, tabs=tab)
    cx = hd.cx
    for y in (446, 478, 510):
        for side in (-1, 1):
            x0 = cx + side * 16
            x1 = cx + side * 92
            s.poly([(x0, y - 9), (x1, y - 7), (x1 + side * 10, y), (x1, y + 7), (x0, y + 9)], tab)
            s.circle(x1 - side * 8, y, 3.5, BLACK)


def greatcoat(s, hd, cloth=GREY, collar=BLACK):
    cx = hd.cx
    shoulders(s, hd, cloth, width=250)
    s.poly([(cx - 50, 350), (cx - 6, 420), (cx - 40, S + 2), (cx - 150, S + 2), (cx - 96, 420)], collar)
    s.poly([(cx + 50, 350), (cx + 6, 420), (cx + 40, S + 2), (cx + 150, S + 2), (cx + 96, 420)], collar)
    s.poly([(cx - 44, 388), (cx + 44, 388), (cx + 8, 430), (cx - 8, 430)], BLACK)
    for y in (458, 498):
        s.circle(cx - 60, y, 5, AGED)
        s.circle(cx + 60, y, 5, AGED)


def shirt_kosovorotka(s, hd, cloth=AGED, band_=BLACK):
    cx = hd.cx
    shoulders(s, hd, cloth)
    s.poly([(cx - 44, 382), (cx + 44, 382), (cx + 46, 402), (cx - 46, 402)], band_)
    s.rect(cx - 30, 402, 14, 70, band_)
    for y in (418, 440, 462):
        s.circle(cx - 23, y, 3.2, cloth)
    s.path(f"M{f(cx - 200)} {S}q{f(30)} {f(-60)} {f(60)} {f(-90)}", "none", stroke=GREY, stroke_width=3)
    s.path(f"M{f(cx + 200)} {S}q{f(-30)} {f(-60)} {f(-60)} {f(-90)}", "none", stroke=GREY, stroke_width=3)


def open_collar(s, hd, jacket=BLACK, shirt=PAPER):
    """A jacket over a shirt open at the neck, collar points laid out (tolstovka style)."""
    cx = hd.cx
    shoulders(s, hd, jacket)
    s.poly([(cx - 46, 386), (cx + 46, 386), (cx + 30, 470), (cx - 30, 470)], shirt)
    s.poly([(cx - 40, 386), (cx, 440), (cx, 470)], AGED)
    s.poly([(cx - 50, 380), (cx - 4, 440), (cx - 64, 452), (cx - 84, 408)], PAPER, stroke=GREY, stroke_width=2)
    s.poly([(cx + 50, 380), (cx + 4, 440), (cx + 64, 452), (cx + 84, 408)], AGED, stroke=GREY, stroke_width=2)


def leather(s, hd):
    cx = hd.cx
    shoulders(s, hd, BLACK)
    s.poly([(cx - 42, 388), (cx + 42, 388), (cx, 470)], PAPER)
    s.poly([(cx - 46, 382), (cx - 2, 470), (cx - 40, S + 2), (cx - 130, S + 2), (cx - 110, 430)], GREY)
    s.poly([(cx + 46, 382), (cx + 2, 470), (cx + 40, S + 2), (cx + 130, S + 2), (cx + 110, 430)], GREY)
    s.line(cx - 40, 400, cx - 104, 436, BLACK, 3)
    s.line(cx + 40, 400, cx + 104, 436, BLACK, 3)


def dress(s, hd, cloth=BLACK, collar=PAPER, brooch=None):
    cx = hd.cx
    shoulders(s, hd, cloth, y=404, width=222, slope=40)
    s.path(f"M{f(cx - 50)} {f(392)}Q{f(cx)} {f(412)} {f(cx + 50)} {f(392)}L{f(cx + 66)} {f(418)}Q{f(cx)} {f(452)} {f(cx - 66)} {f(418)}Z", collar)
    if brooch:
        s.circle(cx, 438, 8, brooch)


def blouse_jacket(s, hd):
    cx = hd.cx
    shoulders(s, hd, BLACK, y=404, width=220, slope=40)
    s.poly([(cx - 50, 392), (cx + 50, 392), (cx + 18, 500), (cx - 18, 500)], PAPER)
    s.poly([(cx - 48, 390), (cx - 6, 420), (cx - 30, 446)], PAPER, stroke=GREY, stroke_width=2)
    s.poly([(cx + 48, 390), (cx + 6, 420), (cx + 30, 446)], AGED, stroke=GREY, stroke_width=2)
    for y in (452, 480):
        s.circle(cx, y, 3.5, GREY)
    s.poly([(cx - 50, 396), (cx - 14, 500), (cx - 28, S + 2), (cx - 100, S + 2), (cx - 70, 440)], GREY)
    s.poly([(cx + 50, 396), (cx + 14, 500), (cx + 28, S + 2), (cx + 100, S + 2), (cx + 70, 440)], GREY)


# ---- hats --------------------------------------------------------------------------------

def budenovka(s, hd, cloth=GREY):
    """The Red Army cloth helmet with its pointed crown and folded-up flaps."""
    cx, top = hd.cx, hd.top
    w = hd.w + 14
    band_y = hd.brow_y - 10
    s.path(f"M{f(cx - w)} {f(band_y)}C{f(cx - w)} {f(top + 10)} {f(cx - 30)} {f(top - 12)} {f(cx)} {f(top - 48)}"
           f"C{f(cx + 30)} {f(top - 12)} {f(cx + w)} {f(top + 10)} {f(cx + w)} {f(band_y)}Z", cloth)
    s.path(f"M{f(cx)} {f(top - 48)}C{f(cx + 30)} {f(top - 12)} {f(cx + w)} {f(top + 10)} {f(cx + w)} {f(band_y)}L{f(cx + 20)} {f(band_y)}Z", BLACK, fill_opacity="0.25")
    s.rect(cx - 3, top - 62, 6, 18, cloth)
    s.circle(cx, top - 64, 7, cloth)
    s.path(f"M{f(cx - w - 4)} {f(band_y - 6)}L{f(cx + w + 4)} {f(band_y - 6)}L{f(cx + w)} {f(band_y + 14)}Q{f(cx)} {f(band_y + 24)} {f(cx - w)} {f(band_y + 14)}Z", BLACK)
    s.path(f"M{f(cx - w * 0.9)} {f(band_y - 4)}L{f(cx - 16)} {f(band_y - 8)}L{f(cx - 16)} {f(band_y - 40)}Q{f(cx - w * 0.6)} {f(band_y - 30)} {f(cx - w * 0.9)} {f(band_y - 4)}Z", cloth, stroke=BLACK, stroke_width=2)
    s.path(f"M{f(cx + w * 0.9)} {f(band_y - 4)}L{f(cx + 16)} {f(band_y - 8)}L{f(cx + 16)} {f(band_y - 40)}Q{f(cx + w * 0.6)} {f(band_y - 30)} {f(cx + w * 0.9)} {f(band_y - 4)}Z", cloth, stroke=BLACK, stroke_width=2)
    s.circle(cx, band_y - 28, 13, RED)


def peaked_cap(s, hd, cloth=BLACK, band_col=RED):
    cx = hd.cx
    y = hd.brow_y - 14
    w = hd.w + 22
    s.path(f"M{f(cx - w)} {f(y - 36)}Q{f(cx)} {f(y - 78)} {f(cx + w)} {f(y - 36)}L{f(cx + w - 14)} {f(y - 8)}L{f(cx - w + 14)} {f(y - 8)}Z", cloth)
    s.rect(cx - w + 14, y - 14, 2 * (w - 14), 18, band_col)
    s.path(f"M{f(cx - w + 18)} {f(y + 2)}Q{f(cx)} {f(y + 30)} {f(cx + w - 18)} {f(y + 2)}Q{f(cx)} {f(y + 12)} {f(cx - w + 18)} {f(y + 2)}Z", BLACK)
    s.circle(cx, y - 26, 7, AGED)


# ---- assembling a sitter ------------------------------------------------------------------

def portrait(title, seed, head, clothes, hair=None, under=None, over=None, feats=None, glasses=None, circle=RED):
    s = SVG(S, S, title)
    frame(s, circle)
    if under:
        under(s, head)          # hair behind the head (buns, long hair)
    neck(s, head)
    clothes(s, head)
    ears(s, head)
    face(s, head)
    features(s, head, **(feats or {}))
    if hair:
        hair(s, head)
    if over:
        over(s, head)           # beards, moustaches, hats
    if glasses:
        glasses(s, head)
    finish(s, seed)
    return s


def stalin():
    hd = Head(top=104, chin=322, w=80, jw=66, chin_w=30, turn=-8)
    return portrait(
        "Stalin: thick hair swept back, heavy moustache, the stand-collar tunic", 201, hd,
        lambda s, h: tunic(s, h, BLACK, GREY),
        hair=lambda s, h: hair_mass(s, h, 30, 34, side=10, wave=3, waves=6, lift=6),
        over=lambda s, h: moustache(s, h, w=34, th=12, droop=8),
        feats=dict(brow=7, brow_tilt=-1, mouth=False),
    )


def lenin():
    hd = Head(top=88, chin=326, w=84, jw=62, chin_w=24, cheek=0.47, turn=-6)
    return portrait(
        "Lenin: bald domed head, fringe of hair at the sides, short pointed beard and moustache, spotted tie", 202, hd,
        lambda s, h: suit(s, h, tie=BLACK, tie_dots=True),
        hair=lambda s, h: fringe_sides(s, h, h.eye_y - 46, h.eye_y + 26, 12),
        over=lambda s, h: (beard(s, h, start=h.nose_y + 8, cover=0.82, below=26, point=0.75, lip_gap=8), moustache(s, h, w=28, th=9, droop=10)),
        feats=dict(brow=6, brow_tilt=1, mouth=False, eye=0.95),
    )


def trotsky():
    hd = Head(top=112, chin=326, w=76, jw=58, chin_w=22, turn=-4)
    return portrait(
        "Trotsky: a shock of wavy hair brushed up and back, pince-nez on a cord, goatee and moustache", 203, hd,
        lambda s, h: suit(s, h, tie=BLACK),
        hair=lambda s, h: hair_mass(s, h, 66, 34, side=30, wave=12, waves=4.5, lift=16, back=18, recede=-4),
        over=lambda s, h: (beard(s, h, start=h.mouth_y - 2, cover=0.42, below=34, point=1.0, lip_gap=8), moustache(s, h, w=26, th=8, droop=12)),
        feats=dict(brow=6, brow_tilt=1, mouth=False),
        glasses=lambda s, h: pince_nez(s, h),
    )


def zinoviev():
    hd = Head(top=106, chin=326, w=86, jw=76, chin_w=36, turn=-6)
    return portrait(
        "Zinoviev: a full, clean-shaven face under thick curly hair", 204, hd,
        lambda s, h: suit(s, h, tie=GREY),
        hair=lambda s, h: hair_mass(s, h, 44, 28, side=20, wave=12, waves=8, lift=2, back=8),
        feats=dict(brow=5, brow_tilt=0, lips=1.2),
    )


def kamenev():
    hd = Head(top=100, chin=324, w=82, jw=66, chin_w=28, turn=-6)
    return portrait(
        "Kamenev: receding hair, a full rounded beard and moustache, round spectacles", 205, hd,
        lambda s, h: suit(s, h, tie=BLACK),
        hair=lambda s, h: hair_mass(s, h, 14, 72, side=14, back=8, recede=-30, sideburn=14),
        over=lambda s, h: (beard(s, h, start=h.eye_y + 46, cover=1.0, below=30, point=0.2, lip_gap=8), moustache(s, h, w=30, th=10, droop=12)),
        feats=dict(brow=5, mouth=False),
        glasses=lambda s, h: spectacles(s, h),
    )


def bukharin():
    hd = Head(top=100, chin=322, w=78, jw=60, chin_w=22, turn=-6)
    return portrait(
        "Bukharin: a high bald forehead with hair at the sides, small pointed beard, an open-necked shirt", 206, hd,
        lambda s, h: open_collar(s, h),
        hair=lambda s, h: hair_mass(s, h, 12, 64, side=18, wave=4, waves=7, back=12, recede=-36, sideburn=12),
        over=lambda s, h: (beard(s, h, start=h.mouth_y + 2, cover=0.55, below=22, point=0.8, lip_gap=8), moustache(s, h, w=24, th=7, droop=9)),
        feats=dict(brow=5, brow_tilt=1, mouth=False, eye=1.05),
    )


def bun_back(s, hd, r=36, dx=0.0, color=BLACK, dy=-4):
    s.circle(hd.cx + dx, hd.top + dy, r, color)
    s.circle(hd.cx + dx, hd.top + dy, r * 0.55, "none", stroke=AGED if color != AGED else GREY, stroke_width=2.5)


def krupskaya():
    hd = Head(top=112, chin=326, w=82, jw=70, chin_w=32, turn=-6)

    def hair(s, h):
        hair_mass(s, h, 14, 28, side=20, back=6, color=GREY, strands=AGED, part=-4)

    return portrait(
        "Krupskaya: hair parted in the middle and pulled back into a bun, high white collar", 207, hd,
        lambda s, h: dress(s, h, BLACK, PAPER),
        hair=hair,
        under=lambda s, h: bun_back(s, h, 30, 84, GREY, 6),
        feats=dict(brow=4, brow_tilt=1, eye=1.12, lips=1.0),
    )


def molotov():
    hd = Head(top=104, chin=318, w=84, jw=66, chin_w=28, turn=-6, cheek=0.48)
    return portrait(
        "Molotov: broad forehead, hair combed back, pince-nez, small clipped moustache", 208, hd,
        lambda s, h: suit(s, h, tie=GREY),
        hair=lambda s, h: hair_mass(s, h, 16, 44, side=10, lift=4),
        over=lambda s, h: moustache(s, h, w=15, th=8, droop=1),
        feats=dict(brow=6, brow_tilt=-1),
        glasses=lambda s, h: pince_nez(s, h, r=16, cord=False),
    )


def rykov():
    hd = Head(top=106, chin=322, w=78, jw=62, chin_w=24, turn=-6)
    return portrait(
        "Rykov: wavy hair with a parting, a short full beard and moustache", 209, hd,
        lambda s, h: suit(s, h, tie=BLACK),
        hair=lambda s, h: hair_mass(s, h, 30, 30, side=14, wave=6, waves=4, lift=-4),
        over=lambda s, h: (beard(s, h, start=h.nose_y + 4, cover=0.9, below=24, point=0.55, lip_gap=8), moustache(s, h, w=28, th=9, droop=10)),
        feats=dict(brow=6, brow_tilt=1, mouth=False),
    )


def tomsky():
    hd = Head(top=110, chin=324, w=80, jw=68, chin_w=30, turn=-6)
    return portrait(
        "Tomsky: close-cropped hair, clean-shaven, a worker's shirt buttoned at the side", 210, hd,
        lambda s, h: shirt_kosovorotka(s, h, AGED, BLACK),
        hair=lambda s, h: hair_mass(s, h, 5, 36, side=4, recede=-8, strands=None),
        feats=dict(brow=6, brow_tilt=-1, eye=0.9),
    )


def kaganovich():
    hd = Head(top=104, chin=324, w=84, jw=70, chin_w=32, turn=-6)
    return portrait(
        "Kaganovich: dark wavy hair, a full moustache, a light-coloured tunic", 211, hd,
        lambda s, h: tunic(s, h, AGED, BLACK),
        hair=lambda s, h: hair_mass(s, h, 34, 28, side=12, wave=7, waves=5, lift=-6),
        over=lambda s, h: moustache(s, h, w=30, th=11, droop=5),
        feats=dict(brow=7, brow_tilt=0, mouth=False),
    )


def dzerzhinsky():
    hd = Head(top=104, chin=334, w=70, jw=52, chin_w=20, cheek=0.46, turn=-4)
    return portrait(
        "Dzerzhinsky: a long, gaunt face, hair swept back, pointed goatee, greatcoat with a high collar", 212, hd,
        lambda s, h: greatcoat(s, h, GREY, BLACK),
        hair=lambda s, h: hair_mass(s, h, 20, 40, side=10, lift=6),
        over=lambda s, h: (beard(s, h, start=h.mouth_y, cover=0.5, below=42, point=1.0, lip_gap=8), moustache(s, h, w=26, th=8, droop=12)),
        feats=dict(brow=5, brow_tilt=1, mouth=False, cheek_hollow=True, nose_len=1.2),
    )


def ordzhonikidze():
    hd = Head(top=110, chin=326, w=80, jw=64, chin_w=28, turn=-8)

    def hair(s, h):
        hair_mass(s, h, 50, 32, side=18, wave=6, waves=6, lift=10, back=6)
        for dx in (-30, 6, 40):
            s.path(f"M{f(h.cx + dx)} {f(h.top - 30)}q{f(16)} {f(-10)} {f(30)} {f(-6)}", "none", stroke=GREY, stroke_width=3)

    return portrait(
        "Ordzhonikidze: a high, bushy mane of hair, a large moustache, a strong nose, a grey tunic", 213, hd,
        lambda s, h: tunic(s, h, GREY, BLACK),
        hair=hair,
        over=lambda s, h: moustache(s, h, w=36, th=12, droop=10),
        feats=dict(brow=8, brow_tilt=-1, mouth=False, nose_len=1.25, nose_w=1.2),
    )


def frunze():
    hd = Head(top=112, chin=322, w=80, jw=64, chin_w=26, turn=-6)
    return portrait(
        "Frunze: the Red Army cloth helmet (budenovka), a short full beard, the tunic with chest tabs", 214, hd,
        lambda s, h: razgovory(s, h, BLACK, RED),
        hair=lambda s, h: fringe_sides(s, h, h.eye_y - 30, h.eye_y + 20, 8),
        over=lambda s, h: (beard(s, h, start=h.nose_y - 4, cover=0.95, below=22, point=0.35, lip_gap=8), moustache(s, h, w=30, th=10, droop=8), budenovka(s, h, GREY)),
        feats=dict(brow=6, mouth=False),
        circle=RED,
    )


def voroshilov():
    hd = Head(top=112, chin=326, w=82, jw=70, chin_w=32, turn=-6)
    return portrait(
        "Voroshilov: a round face, clipped moustache, peaked military cap, a shoulder belt across the tunic", 215, hd,
        lambda s, h: tunic(s, h, BLACK, GREY, pockets=True, tabs=RED, belt=AGED),
        hair=lambda s, h: fringe_sides(s, h, h.eye_y - 34, h.eye_y + 10, 8),
        over=lambda s, h: (moustache(s, h, w=18, th=8, droop=2), peaked_cap(s, h, BLACK, GREY)),
        feats=dict(brow=6, brow_tilt=-1),
    )


def kirov():
    hd = Head(top=106, chin=326, w=88, jw=74, chin_w=34, turn=-6)
    return portrait(
        "Kirov: a broad, open, clean-shaven face, hair brushed straight back, a leather jacket", 216, hd,
        lambda s, h: leather(s, h),
        hair=lambda s, h: hair_mass(s, h, 24, 30, side=10, lift=2),
        feats=dict(brow=7, brow_tilt=0, lips=1.1),
    )


def sokolnikov():
    hd = Head(top=106, chin=322, w=78, jw=62, chin_w=26, turn=-6)

    def hair(s, h):
        hair_mass(s, h, 22, 32, side=10, lift=-8, part=-30)

    return portrait(
        "Sokolnikov: dark hair neatly parted at the side, a small moustache, a dark suit", 217, hd,
        lambda s, h: suit(s, h, tie=RED),
        hair=hair,
        over=lambda s, h: moustache(s, h, w=22, th=8, droop=4),
        feats=dict(brow=6, brow_tilt=-1, mouth=False),
    )


def fotieva():
    hd = Head(top=114, chin=324, w=74, jw=56, chin_w=22, turn=-6)

    def hair(s, h):
        hair_mass(s, h, 22, 26, side=22, wave=4, waves=4, back=8, part=0, strands=None, sideburn=22)

    return portrait(
        "Fotieva, Lenin's secretary: dark hair parted in the middle and drawn back over the ears, a white blouse", 218, hd,
        blouse_jacket, hair=hair,
        feats=dict(brow=4, brow_tilt=1, eye=1.05, lips=1.0),
    )


def uglanov():
    hd = Head(top=108, chin=326, w=80, jw=66, chin_w=28, turn=-6)

    def hair(s, h):
        hair_mass(s, h, 16, 30, side=8, lift=-4, part=-34)

    return portrait(
        "Uglanov: short hair combed flat, clean-shaven, a worker's shirt under a dark jacket", 219, hd,
        lambda s, h: (shoulders(s, h, BLACK), shirt_kosovorotka_inner(s, h)),
        hair=hair,
        feats=dict(brow=6, brow_tilt=1, eye=0.95),
    )


def shirt_kosovorotka_inner(s, hd):
    cx = hd.cx
    s.poly([(cx - 48, 390), (cx + 48, 390), (cx + 40, S + 2), (cx - 40, S + 2)], AGED)
    s.poly([(cx - 44, 382), (cx + 44, 382), (cx + 46, 402), (cx - 46, 402)], BLACK)
    s.rect(cx - 30, 402, 12, 70, BLACK)
    s.poly([(cx - 48, 392), (cx - 40, S + 2), (cx - 110, S + 2), (cx - 90, 420)], GREY)
    s.poly([(cx + 48, 392), (cx + 40, S + 2), (cx + 110, S + 2), (cx + 90, 420)], GREY)


def kuibyshev():
    hd = Head(top=108, chin=328, w=82, jw=68, chin_w=30, turn=-6)
    return portrait(
        "Kuibyshev: a great mane of wavy hair swept back, clean-shaven, a stand-collar tunic", 220, hd,
        lambda s, h: tunic(s, h, BLACK, GREY, pockets=False),
        hair=lambda s, h: hair_mass(s, h, 62, 30, side=20, wave=12, waves=3.5, lift=26, back=14),
        feats=dict(brow=6, brow_tilt=1, lips=1.1),
    )


def mikoyan():
    hd = Head(top=108, chin=330, w=74, jw=56, chin_w=22, turn=-6)
    return portrait(
        "Mikoyan: a narrow face, thick dark hair, a moustache and short beard, a grey tunic", 221, hd,
        lambda s, h: tunic(s, h, GREY, BLACK),
        hair=lambda s, h: hair_mass(s, h, 30, 30, side=12, wave=4, waves=6, lift=4),
        over=lambda s, h: (beard(s, h, start=h.nose_y + 10, cover=0.75, below=14, point=0.4, lip_gap=8), moustache(s, h, w=26, th=9, droop=8)),
        feats=dict(brow=7, brow_tilt=-1, mouth=False, nose_len=1.2),
    )


def rakovsky():
    hd = Head(top=98, chin=324, w=84, jw=66, chin_w=28, turn=-6)
    return portrait(
        "Rakovsky: balding crown, hair at the sides, clean-shaven, a diplomat's wing collar and bow tie", 222, hd,
        lambda s, h: suit(s, h, tie=None, bow=True),
        hair=lambda s, h: fringe_sides(s, h, h.eye_y - 50, h.eye_y + 20, 16, GREY),
        feats=dict(brow=6, brow_tilt=1),
    )


def sedova():
    hd = Head(top=114, chin=326, w=74, jw=58, chin_w=24, turn=-6)

    def under(s, h):
        for side in (-1, 1):  # bobbed hair falling to the jaw, behind the face
            x = h.cx + side * (h.w + 4)
            s.path(f"M{f(x - side * 40)} {f(h.eye_y - 40)}Q{f(x + side * 26)} {f(h.eye_y)} {f(x + side * 14)} {f(h.jaw_y + 10)}Q{f(x - side * 10)} {f(h.jaw_y + 22)} {f(x - side * 30)} {f(h.jaw_y + 4)}Z", BLACK)

    def hair(s, h):
        hair_mass(s, h, 26, 34, temple=h.eye_y - 4, side=22, wave=6, waves=5, lift=-8, back=10)
        # a fringe swept across the forehead from the viewer's left
        s.path(f"M{f(h.cx - h.w + 2)} {f(h.top + 76)}Q{f(h.cx - 30)} {f(h.top + 40)} {f(h.cx + 44)} {f(h.top + 40)}L{f(h.cx + 50)} {f(h.top + 20)}L{f(h.cx - h.w - 4)} {f(h.top + 24)}Z", BLACK)
        s.path(f"M{f(h.cx - h.w + 20)} {f(h.top + 60)}Q{f(h.cx - 20)} {f(h.top + 36)} {f(h.cx + 30)} {f(h.top + 34)}", "none", stroke=GREY, stroke_width=2.5, stroke_linecap="round")

    return portrait(
        "Natalia Sedova: wavy bobbed hair swept across the forehead, a dark dress with a white collar", 223, hd,
        lambda s, h: dress(s, h, GREY, PAPER, brooch=BLACK),
        hair=hair, under=under,
        feats=dict(brow=4, brow_tilt=1, eye=1.05, lips=1.05),
    )


def missing():
    s = SVG(S, S, "Placeholder shown when a portrait file is missing: a neutral cut-out bust, no features")
    frame(s, GREY)
    hd = Head()
    s.rect(hd.cx - 40, hd.jaw_y, 80, 420 - hd.jaw_y, AGED)
    shoulders(s, hd, BLACK)
    s.poly(hd.outline(), AGED)
    finish(s, 200)
    return s


SITTERS = {
    "stalin": stalin,
    "lenin": lenin,
    "trotsky": trotsky,
    "zinoviev": zinoviev,
    "kamenev": kamenev,
    "bukharin": bukharin,
    "krupskaya": krupskaya,
    "molotov": molotov,
    "rykov": rykov,
    "tomsky": tomsky,
    "kaganovich": kaganovich,
    "dzerzhinsky": dzerzhinsky,
    "ordzhonikidze": ordzhonikidze,
    "frunze": frunze,
    "voroshilov": voroshilov,
    "kirov": kirov,
    "sokolnikov": sokolnikov,
    "fotieva": fotieva,
    "uglanov": uglanov,
    "kuibyshev": kuibyshev,
    "mikoyan": mikoyan,
    "rakovsky": rakovsky,
    "sedova": sedova,
    "_missing": missing,
}
