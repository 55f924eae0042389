"""Backgrounds, 1280x720, one per place. Lower third (y >= 480) is kept calm for the text box."""

import math
import random

from svg import SVG, RED, BLACK, PAPER, AGED, GREY, OCHRE, lerp, lerp_pt, band, arc_pts, smooth_path, f

W, H = 1280, 720
CALM = 480  # the text box covers y >= CALM


def new(title):
    return SVG(W, H, title)


def finish(s, seed, grain=900):
    """Paper grain over everything: a print texture, not a picture element."""
    s.grain(seed, grain, AGED, 0.45)
    s.grain(seed + 1, grain // 3, GREY, 0.18)


# ---- shared motifs ---------------------------------------------------------------

def merlon_wall(s, x0, x1, top, base, color=BLACK, mw=16, gap=10, mh=20, notch=8):
    """Kremlin wall with swallowtail (Ghibelline) merlons."""
    d = [f"M{f(x0)} {f(base)}L{f(x0)} {f(top)}"]
    x = x0
    while x < x1:
        a = x + gap / 2
        b = min(a + mw, x1)
        d.append(f"L{f(a)} {f(top)}L{f(a)} {f(top - mh)}L{f((a + b) / 2)} {f(top - mh + notch)}L{f(b)} {f(top - mh)}L{f(b)} {f(top)}")
        x = b + gap / 2
    d.append(f"L{f(x1)} {f(top)}L{f(x1)} {f(base)}Z")
    s.path("".join(d), color)


def onion(s, cx, base, w, h, color=BLACK, spire=0):
    """An onion dome sitting on y=base."""
    r = w / 2
    d = (
        f"M{f(cx - r * 0.55)} {f(base)}"
        f"C{f(cx - r * 1.15)} {f(base - h * 0.25)} {f(cx - r * 1.05)} {f(base - h * 0.62)} {f(cx - r * 0.35)} {f(base - h * 0.8)}"
        f"C{f(cx - r * 0.12)} {f(base - h * 0.88)} {f(cx)} {f(base - h * 0.95)} {f(cx)} {f(base - h)}"
        f"C{f(cx)} {f(base - h * 0.95)} {f(cx + r * 0.12)} {f(base - h * 0.88)} {f(cx + r * 0.35)} {f(base - h * 0.8)}"
        f"C{f(cx + r * 1.05)} {f(base - h * 0.62)} {f(cx + r * 1.15)} {f(base - h * 0.25)} {f(cx + r * 0.55)} {f(base)}Z"
    )
    s.path(d, color)
    if spire:
        s.line(cx, base - h, cx, base - h - spire, color, 2.5)


def person(s, x, base, h, color=BLACK, coat=True, lean=0.0, head_scale=1.0):
    """A small standing figure in a winter coat, seen from behind/side: head, shoulders, coat."""
    hw = h * 0.16
    head_r = h * 0.085 * head_scale
    neck = base - h + head_r * 2
    sh = neck + h * 0.05
    hem = base - h * 0.12
    lx = lean * h
    pts_ = [
        (x - hw * 0.9 + lx, sh + h * 0.02),
        (x - hw + lx * 0.8, sh + h * 0.12),
        (x - hw * (1.15 if coat else 0.9) + lx * 0.2, hem),
        (x - hw * 0.45, hem),
        (x - hw * 0.45, base),
        (x - hw * 0.1, base),
        (x, hem - h * 0.05),
        (x + hw * 0.1, base),
        (x + hw * 0.45, base),
        (x + hw * 0.45, hem),
        (x + hw * (1.15 if coat else 0.9) + lx * 0.2, hem),
        (x + hw + lx * 0.8, sh + h * 0.12),
        (x + hw * 0.9 + lx, sh + h * 0.02),
        (x + hw * 0.3 + lx, sh - h * 0.02),
        (x - hw * 0.3 + lx, sh - h * 0.02),
    ]
    s.poly(pts_, color)
    s.circle(x + lx * 1.05, neck - head_r * 0.9, head_r, color)


def crowd_row(s, x0, x1, base, h, rnd, color=BLACK, spacing=0.42, jitter=0.25):
    """A dense row of head-and-shoulder silhouettes."""
    x = x0
    while x < x1:
        hh = h * rnd.uniform(1 - jitter * 0.4, 1 + jitter * 0.4)
        head_r = hh * 0.2
        cy = base - hh + head_r
        sw = hh * 0.48
        s.path(
            f"M{f(x - sw)} {f(base)}C{f(x - sw)} {f(cy + head_r * 1.2)} {f(x - sw * 0.6)} {f(cy + head_r * 0.9)} {f(x)} {f(cy + head_r * 0.9)}"
            f"C{f(x + sw * 0.6)} {f(cy + head_r * 0.9)} {f(x + sw)} {f(cy + head_r * 1.2)} {f(x + sw)} {f(base)}Z",
            color,
        )
        s.circle(x + rnd.uniform(-1, 1) * head_r * 0.15, cy, head_r, color)
        x += hh * spacing * rnd.uniform(0.85, 1.3) * 2


def snow(s, rnd, n, inside, box=(0, 0, W, CALM), r=(1.5, 3.5)):
    """Falling snow: paper flakes where `inside(x, y)` (on dark/red), grey elsewhere."""
    light, dark = [], []
    for _ in range(n):
        x = rnd.uniform(box[0], box[2])
        y = rnd.uniform(box[1], box[3])
        rr = rnd.uniform(*r)
        (light if inside(x, y) else dark).append(f"M{f(x - rr)} {f(y)}a{f(rr)} {f(rr)} 0 1 0 {f(2 * rr)} 0a{f(rr)} {f(rr)} 0 1 0 -{f(2 * rr)} 0z")
    if light:
        s.path("".join(light), PAPER)
    if dark:
        s.path("".join(dark), GREY, fill_opacity="0.55")


# ---- scenes ----------------------------------------------------------------------

def spasskaya(s, cx, base, scale=1.0, color=BLACK, cut=PAPER, gate=RED):
    """The Spasskaya tower as it stood in the 1920s: tiers, corner pinnacles, clock, tent roof."""
    k = scale

    def Y(v):  # heights measured up from the base
        return base - v * k

    def pinnacle(x, y, h):
        s.poly([(x - 4 * k, y), (x, y - h * k), (x + 4 * k, y)], color)
        s.circle(x, y - h * k, 2.6 * k, color)

    s.rect(cx - 52 * k, Y(230), 104 * k, 230 * k, color)
    for dx in (-52, -30, -8, 14, 36):
        s.rect(cx + dx * k, Y(242), 12 * k, 14 * k, color)
    s.rect(cx - 42 * k, Y(290), 84 * k, 62 * k, color)
    for dx in (-42, 42):
        pinnacle(cx + dx * k * 0.9, Y(288), 30)
    for dx in (-21, 0, 21):
        s.path(f"M{f(cx + dx * k - 5 * k)} {f(Y(236))}v{f(-20 * k)}a{f(5 * k)} {f(5 * k)} 0 0 1 {f(10 * k)} 0v{f(20 * k)}z", cut)
    s.rect(cx - 33 * k, Y(360), 66 * k, 72 * k, color)
    for dx in (-33, 33):
        pinnacle(cx + dx * k * 0.9, Y(358), 24)
    s.circle(cx, Y(325), 22 * k, cut)
    s.circle(cx, Y(325), 22 * k, "none", stroke=color, stroke_width=3 * k)
    s.line(cx, Y(325), cx, Y(341), color, 3 * k, stroke_linecap="round")
    s.line(cx, Y(325), cx + 11 * k, Y(321), color, 3 * k, stroke_linecap="round")
    s.rect(cx - 24 * k, Y(396), 48 * k, 38 * k, color)
    for dx in (-12, 0, 12):
        s.path(f"M{f(cx + dx * k - 3.5 * k)} {f(Y(364))}v{f(-18 * k)}a{f(3.5 * k)} {f(3.5 * k)} 0 0 1 {f(7 * k)} 0v{f(18 * k)}z", cut)
    s.poly([(cx - 26 * k, Y(394)), (cx, Y(468)), (cx + 26 * k, Y(394))], color)
    s.line(cx, Y(466), cx, Y(484), color, 2.5 * k)
    s.circle(cx, Y(470), 4.5 * k, color)
    if gate:
        s.path(f"M{f(cx - 18 * k)} {f(base)}v{f(-52 * k)}a{f(18 * k)} {f(18 * k)} 0 0 1 {f(36 * k)} 0v{f(52 * k)}z", gate)


def kremlin_winter():
    s = new("Kremlin in winter: wall, Spasskaya tower, Ivan the Great, a red wedge of sky")
    s.rect(0, 0, W, H, PAPER)
    # the one strong diagonal: a red wedge rising at 30 degrees
    t30 = math.tan(math.radians(30))
    s.poly([(250, CALM), (W, CALM), (W, CALM - (W - 250) * t30)], RED)
    s.circle(1125, 150, 62, PAPER)  # pale winter sun cut out of the wedge

    def in_wedge(x, y):
        return x > 250 and y < CALM and (CALM - y) < (x - 250) * t30 and math.hypot(x - 1125, y - 150) > 64

    # cathedral domes behind the wall
    s.rect(540, 350, 150, 120, BLACK)
    for cx, w_, h_, drum in ((615, 44, 60, 46), (572, 30, 42, 30), (658, 30, 42, 30), (586, 26, 36, 20), (644, 26, 36, 20)):
        s.rect(cx - w_ * 0.3, 350 - drum, w_ * 0.6, drum + 2, BLACK)
        onion(s, cx, 350 - drum, w_, h_, BLACK, spire=10)
    # Ivan the Great bell tower
    for (a, b, top) in [(388, 452, 210), (396, 444, 160), (402, 438, 118), (408, 432, 88)]:
        s.rect(a, top, b - a, CALM - top, BLACK)
    for y in (232, 180, 136):
        for k in (-1, 0, 1):
            s.path(f"M{f(420 + k * 12 - 4)} {f(y + 16)}v-10a4 4 0 0 1 8 0v10z", PAPER)
    onion(s, 420, 88, 34, 44, BLACK, spire=14)
    spasskaya(s, 840, CALM, 1.0, BLACK, PAPER, RED)
    # Senate dome far right
    s.rect(1010, 395, 200, 80, BLACK)
    s.path("M1060 398a50 40 0 0 1 100 0z", BLACK)
    s.rect(1106, 340, 8, 20, BLACK)
    # the wall, crossing the whole frame
    merlon_wall(s, -10, 788, 420, CALM)
    merlon_wall(s, 892, W + 10, 420, CALM)
    for tx in (150, 1230):
        s.rect(tx - 22, 360, 44, 120, BLACK)
        s.poly([(tx - 26, 362), (tx, 300), (tx + 26, 362)], BLACK)
    # snow, visible where it falls across the red
    rnd = random.Random(11)
    flakes = []
    for _ in range(420):
        x, y, r = rnd.uniform(250, W), rnd.uniform(0, CALM - 70), rnd.uniform(1.4, 3.4)
        if in_wedge(x, y):
            flakes.append(f"M{f(x - r)} {f(y)}a{f(r)} {f(r)} 0 1 0 {f(2 * r)} 0a{f(r)} {f(r)} 0 1 0 -{f(2 * r)} 0z")
    s.path("".join(flakes), PAPER)
    # calm lower third: snow field with one rule
    s.rect(0, CALM, W, H - CALM, PAPER)
    s.rect(0, CALM, W, 6, BLACK)
    s.rect(0, CALM + 6, W, 30, AGED)
    finish(s, 101)
    return s


def politburo_table():
    s = new("The Politburo table: a long red-clothed table seen on a tilted, Rodchenko-like camera; an empty chair at its head")
    s.rect(0, 0, W, H, AGED)
    with s.group(transform="rotate(-9 640 300)"):
        s.rect(-400, -500, 2100, 1400, AGED)
        for x in (20, 330, 640, 950, 1260):
            s.rect(x, -40, 150, 280, BLACK)
            s.rect(x + 10, -30, 130, 260, PAPER)
            s.rect(x + 72, -30, 6, 260, BLACK)
            for y in (50, 130, 200):
                s.rect(x + 10, y, 130, 5, BLACK)
        s.rect(-400, 262, 2100, 16, BLACK)  # skirting
        s.rect(-400, 278, 2100, 600, GREY)  # floor
        near_a, near_b = (-160, 400), (60, 500)
        far_a, far_b = (1140, 292), (1200, 306)

        def on_table(u, v):
            return lerp_pt(lerp_pt(near_a, far_a, u), lerp_pt(near_b, far_b, u), v)

        def chair(p, k, seat=None):
            w_, h_ = 58 * k, 128 * k
            s.path(f"M{f(p[0])} {f(p[1])}v{f(-h_)}q{f(w_ / 2)} {f(-w_ * 0.3)} {f(w_)} 0v{f(h_)}z", BLACK)
            if seat:
                s.rect(p[0] + w_ * 0.18, p[1] - h_ * 0.86, w_ * 0.64, h_ * 0.42, seat)

        us = [0.03, 0.17, 0.3, 0.42, 0.53, 0.63, 0.72, 0.8, 0.87]
        for u in us:  # far side: backs rise above the far edge of the table
            k = 1 - u * 0.78
            chair(lerp_pt(near_a, far_a, u + 0.02), k, GREY)
        s.poly([near_b, far_b, (far_b[0], far_b[1] + 12), (near_b[0], near_b[1] + 60)], BLACK)
        s.poly([near_a, far_a, far_b, near_b], RED)
        for u in (0.06, 0.19, 0.32, 0.44, 0.55, 0.65, 0.74, 0.82):
            k = 1 - u * 0.85
            for v in (0.1, 0.6):
                s.poly([on_table(u, v), on_table(u + 0.05, v), on_table(u + 0.05, v + 0.25), on_table(u, v + 0.25)], PAPER)
            for v in (0.42, 0.92):
                g = on_table(u + 0.03, v)
                s.rect(g[0] - 5 * k, g[1] - 15 * k, 10 * k, 15 * k, BLACK)
        for u in us[:-1]:  # near side: open chair backs in front of the table edge
            k = 1 - u * 0.78
            p = lerp_pt(near_b, far_b, u + 0.05)
            x, y, w_, h_ = p[0], p[1] + 70 * k, 60 * k, 140 * k
            s.path(f"M{f(x)} {f(y)}v{f(-h_)}q{f(w_ / 2)} {f(-w_ * 0.3)} {f(w_)} 0v{f(h_)}", "none", stroke=BLACK, stroke_width=f(11 * k), stroke_linejoin="round")
            s.rect(x, y - h_ * 0.62, w_, 8 * k, BLACK)
        # the head of the table: one chair, empty
        chair((1206, 312), 0.9, RED)
    # lamp light, flat and ochre, hanging straight down regardless of the tilt
    s.line(560, 0, 560, 60, BLACK, 3)
    s.circle(560, 112, 34, OCHRE)
    s.path("M526 88h68l-14 -28h-40z", BLACK)
    # calm lower third: a flat black band, like a caption strip under a photomontage
    s.rect(0, CALM, W, H - CALM, BLACK)
    s.rect(0, CALM, W, 8, RED)
    finish(s, 102)
    return s


def secretariat_office():
    s = new("The Secretariat: a wall of card-index drawers (the party's cadres) running away in perspective")
    s.rect(0, 0, W, H, AGED)
    # window on the right, light falling in as a paper wedge
    s.rect(960, 40, 240, 350, BLACK)
    s.rect(972, 52, 216, 326, PAPER)
    s.rect(1075, 52, 10, 326, BLACK)
    s.rect(972, 206, 216, 10, BLACK)
    s.poly([(972, 378), (1188, 378), (1000, CALM), (700, CALM)], PAPER, fill_opacity="0.6")
    # the cabinet wall: near edge at the left, far edge at x=780, true perspective spacing
    x0, x1 = -30, 800
    top0, top1 = -80, 190
    bot0, bot1 = 520, 400
    cols, rows = 8, 9
    z1 = 2.6

    def S(t):
        return t * z1 / (t * z1 + (1 - t))

    xs = [lerp(x0, x1, S(i / cols)) for i in range(cols + 1)]

    def top(x):
        return lerp(top0, top1, (x - x0) / (x1 - x0))

    def bot(x):
        return lerp(bot0, bot1, (x - x0) / (x1 - x0))

    s.poly([(x0, top0), (x1, top1), (x1, bot1), (x0, bot0)], BLACK)
    s.poly([(x1, top1), (x1 + 14, top1 + 4), (x1 + 14, bot1 - 2), (x1, bot1)], GREY)
    red = {(1, 6), (3, 2), (5, 7), (6, 3)}
    pulled = (1, 4)
    for i in range(cols):
        a, b = xs[i], xs[i + 1]
        gap = (b - a) * 0.05
        for j in range(rows):
            ta, tb = lerp(top(a), bot(a), j / rows), lerp(top(b), bot(b), j / rows)
            ba, bb = lerp(top(a), bot(a), (j + 1) / rows), lerp(top(b), bot(b), (j + 1) / rows)
            g = (ba - ta) * 0.07
            if (i, j) == pulled:
                continue
            face = RED if (i, j) in red else GREY
            s.poly([(a + gap, ta + g), (b - gap, tb + g), (b - gap, bb - g), (a + gap, ba - g)], face)
            cx = (a + b) / 2
            cy = lerp(ta, tb, 0.5)
            hgt = lerp(ba - ta, bb - tb, 0.5)
            lw = (b - a) * 0.34
            s.rect(cx - lw / 2, cy + hgt * 0.2, lw, hgt * 0.22, PAPER)
            s.rect(cx - lw * 0.3, cy + hgt * 0.56, lw * 0.6, hgt * 0.1, BLACK)
    # one drawer pulled out towards us, full of index cards
    i, j = pulled
    a, b = xs[i], xs[i + 1]
    ta, tb = lerp(top(a), bot(a), j / rows), lerp(top(b), bot(b), j / rows)
    ba, bb = lerp(top(a), bot(a), (j + 1) / rows), lerp(top(b), bot(b), (j + 1) / rows)
    dx, dy = -70, 40
    s.poly([(a, ta), (b, tb), (b, bb), (a, ba)], BLACK)  # the empty slot
    s.poly([(b, tb), (b + dx, tb + dy), (b + dx, bb + dy), (b, bb)], BLACK)  # drawer side
    for n in range(10):  # cards standing in the drawer, back to front
        t = 0.08 + n * 0.085
        p = (a + dx * t, ta + dy * t)
        q = (b + dx * t, tb + dy * t)
        lift = (ba - ta) * (0.5 if n != 5 else 0.8)
        s.poly([(p[0], p[1] - lift + (ba - ta) * 0.5), (q[0], q[1] - lift + (bb - tb) * 0.5), (q[0], q[1] + (bb - tb) * 0.6), (p[0], p[1] + (ba - ta) * 0.6)], PAPER)
        s.line(p[0], p[1] - lift + (ba - ta) * 0.5, q[0], q[1] - lift + (bb - tb) * 0.5, BLACK, 1.5)
    s.poly([(a + dx, ta + dy + (ba - ta) * 0.35), (b + dx, tb + dy + (bb - tb) * 0.35), (b + dx, bb + dy), (a + dx, ba + dy)], RED)
    # desk with a lamp and a stack of files, by the window
    s.rect(860, 410, 420, 70, BLACK)
    s.rect(900, 386, 120, 24, PAPER)
    s.rect(910, 374, 110, 12, AGED)
    s.rect(904, 362, 104, 12, PAPER)
    s.rect(1120, 300, 8, 110, BLACK)
    s.path("M1080 306h88l-20 -44h-48z", BLACK)
    s.rect(1100, 400, 48, 10, BLACK)
    s.rect(0, CALM, W, H - CALM, BLACK)
    finish(s, 103)
    return s


def birch(s, x, base, top, lean, rnd, w=16, branches=4):
    """A birch: paper trunk with black marks and a few clean branches."""
    p = (x, base)
    q = (x + lean, top)
    s.poly(band(p, q, w), PAPER)
    s.poly(band(p, q, w), "none", stroke=BLACK, stroke_width=2)
    for n in range(12):
        t = rnd.uniform(0.04, 0.96)
        c = lerp_pt(p, q, t)
        side = rnd.choice((-1, 1))
        s.rect(c[0] - (w / 2 if side < 0 else 0), c[1], w / 2 + rnd.uniform(-2, 2), rnd.uniform(2.5, 5), BLACK)
    for n in range(branches):
        t = 0.45 + n * 0.5 / branches
        c = lerp_pt(p, q, t)
        side = 1 if n % 2 else -1
        ln = rnd.uniform(60, 110)
        e = (c[0] + side * ln, c[1] - ln * 0.75)
        s.line(c[0], c[1], e[0], e[1], BLACK, 3, stroke_linecap="round")
        m = lerp_pt(c, e, 0.55)
        s.line(m[0], m[1], m[0] + side * 30, m[1] - 8, BLACK, 2, stroke_linecap="round")


def gorki():
    s = new("Gorki: the estate house with its columned portico, birches, winter; a grey diagonal of sky")
    s.rect(0, 0, W, H, AGED)
    t30 = math.tan(math.radians(30))
    s.poly([(0, 0), (470 / t30, 0), (0, 470)], GREY)
    s.circle(1010, 205, 92, RED)
    cx = 660
    s.rect(cx - 330, 322, 140, 146, PAPER)  # wings
    s.rect(cx + 190, 322, 140, 146, PAPER)
    s.poly([(cx - 340, 324), (cx - 320, 300), (cx - 200, 300), (cx - 180, 324)], BLACK)
    s.poly([(cx + 180, 324), (cx + 200, 300), (cx + 320, 300), (cx + 340, 324)], BLACK)
    s.rect(cx - 190, 270, 380, 198, PAPER)  # central block
    s.poly([(cx - 200, 272), (cx - 180, 250), (cx + 180, 250), (cx + 200, 272)], BLACK)
    s.rect(cx - 40, 226, 80, 26, PAPER)  # belvedere
    s.path(f"M{cx - 46} 228a46 22 0 0 1 92 0z", BLACK)
    for wx in (cx - 305, cx - 255, cx + 215, cx + 265):
        s.rect(wx, 350, 26, 54, BLACK)
    for wx in (cx - 175, cx + 145):
        s.rect(wx, 290, 28, 50, BLACK)
        s.rect(wx, 380, 28, 62, BLACK)
    # portico: shadowed recess with windows, then six columns, entablature and pediment
    s.rect(cx - 124, 300, 248, 160, GREY)
    for wx in (cx - 84, cx - 40, cx + 4, cx + 48):
        s.rect(wx + 10, 326, 16, 40, BLACK)
        s.rect(wx + 10, 390, 16, 66, BLACK)
    for n in range(6):
        x = cx - 116 + n * 44
        s.rect(x, 304, 24, 156, PAPER)
        s.rect(x + 17, 304, 7, 156, AGED)
        s.rect(x - 3, 298, 30, 8, PAPER)
    s.rect(cx - 130, 284, 260, 16, PAPER)
    s.rect(cx - 130, 298, 260, 3, BLACK)
    s.poly([(cx - 138, 286), (cx, 236), (cx + 138, 286)], PAPER)
    s.poly([(cx - 138, 286), (cx, 236), (cx + 138, 286)], "none", stroke=BLACK, stroke_width=4, stroke_linejoin="round")
    s.circle(cx, 268, 9, GREY)
    s.rect(cx - 150, 458, 300, 10, BLACK)  # steps
    rnd = random.Random(5)
    birch(s, 110, CALM + 4, -20, 30, rnd, 22, 4)
    birch(s, 215, CALM + 4, 70, -12, rnd, 14, 3)
    birch(s, 1170, CALM + 4, -20, -40, rnd, 22, 4)
    s.rect(0, CALM - 12, W, 12, PAPER)
    s.rect(0, CALM, W, H - CALM, PAPER)
    s.rect(0, CALM + 2, W, 4, GREY)
    finish(s, 104)
    return s


def congress_hall():
    s = new("A Party Congress: tiers of delegates rising on a diagonal, a speaker at the rostrum, hangings")
    s.rect(0, 0, W, H, PAPER)
    s.rect(0, 0, W, CALM, RED)
    for x, w_, c in ((1010, 60, AGED), (1100, 60, BLACK), (1190, 60, AGED)):
        s.rect(x, 0, w_, 250, c)
        s.poly([(x, 250), (x + w_ / 2, 280), (x + w_, 250)], c)
    rnd = random.Random(3)
    with s.group(transform="rotate(-27 0 480)"):
        for r in range(9):
            y = 470 - r * 56
            hh = 40 - r * 1.2
            crowd_row(s, -60, 1120 - r * 40, y, hh, rnd, BLACK, spacing=0.36)
            s.rect(-80, y - 2, 1220, 16, PAPER if r % 2 == 0 else AGED)
    # the speaker, leaning out over the rostrum towards the hall
    s.circle(1060, 300, 122, BLACK)
    s.circle(1060, 300, 106, PAPER)
    # angular half-figure in profile, facing the hall, arm raised
    s.poly([(1018, 256), (1086, 248), (1112, 286), (1116, 392), (1008, 392), (1000, 300)], BLACK)
    s.rect(1030, 236, 22, 24, BLACK)
    s.circle(1036, 222, 25, BLACK)
    s.poly([(1006, 258), (1040, 262), (962, 196), (944, 212)], BLACK)
    s.poly([(944, 212), (962, 196), (946, 164), (932, 172)], BLACK)
    s.circle(936, 164, 11, BLACK)
    s.poly([(950, 392), (1170, 392), (1190, CALM), (930, CALM)], BLACK)
    s.rect(950, 384, 220, 14, AGED)
    s.rect(0, CALM, W, H - CALM, BLACK)
    s.rect(0, CALM, W, 10, AGED)
    finish(s, 105)
    return s


def mountains(s, ridge, base, color, snow_line=None, snow=PAPER, rnd=None):
    """A mountain mass under a ridge polyline; snow above snow_line with a ragged lower edge,
    drawn as one polygon per snowfield so no seams show."""
    s.poly([(ridge[0][0], base)] + ridge + [(ridge[-1][0], base)], color)
    if snow_line is None:
        return
    rnd = rnd or random.Random(0)

    def ridge_y(x):
        for (x0, y0), (x1, y1) in zip(ridge, ridge[1:]):
            if x0 <= x <= x1:
                return lerp(y0, y1, (x - x0) / (x1 - x0))
        return base

    step = 6
    xs = [ridge[0][0] + i * step for i in range(int((ridge[-1][0] - ridge[0][0]) / step) + 1)]
    runs, cur = [], []
    for x in xs:
        if ridge_y(x) < snow_line:
            cur.append(x)
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    for run in runs:
        if len(run) < 3:
            continue
        top = []
        for x in run:
            top.append((x, ridge_y(x)))
        for (rx, ry) in ridge:  # keep the exact peaks
            if run[0] < rx < run[-1]:
                top.append((rx, ry))
        top.sort()
        bottom = []
        rev = list(reversed(run))
        for i, x in enumerate(rev):
            if i % 3 and 0 < i < len(rev) - 1:
                continue
            y = ridge_y(x)
            d = (snow_line - y) * 0.55 + 8
            if 0 < i < len(rev) - 1:
                d += rnd.choice((0, 6, 22, 38)) if i % 2 else rnd.uniform(-4, 6)
            bottom.append((x, y + max(4, d)))
        s.poly(top + bottom, snow)


def locomotive(s, x, y, k=1.0, color=BLACK):
    """A steam locomotive facing +x, rails at y (local, unrotated)."""
    s.rect(x - 120 * k, y - 70 * k, 150 * k, 44 * k, color)          # boiler
    s.rect(x - 170 * k, y - 100 * k, 60 * k, 74 * k, color)          # cab
    s.rect(x - 176 * k, y - 108 * k, 72 * k, 10 * k, color)          # cab roof
    s.rect(x - 160 * k, y - 92 * k, 22 * k, 22 * k, PAPER)           # cab window
    s.rect(x + 4 * k, y - 108 * k, 18 * k, 40 * k, color)            # chimney
    s.rect(x - 2 * k, y - 112 * k, 30 * k, 8 * k, color)
    s.path(f"M{f(x - 60 * k)} {f(y - 70 * k)}a{f(14 * k)} {f(12 * k)} 0 0 1 {f(28 * k)} 0z", color)  # dome
    s.poly([(x + 30 * k, y - 26 * k), (x + 58 * k, y), (x + 30 * k, y)], color)  # cowcatcher
    s.rect(x - 176 * k, y - 30 * k, 210 * k, 14 * k, color)
    for wx, r in ((-140, 18), (-96, 22), (-46, 22), (4, 14)):
        s.circle(x + wx * k, y - r * k, r * k, color)
        s.circle(x + wx * k, y - r * k, r * k * 0.35, GREY)
    s.line(x - 140 * k, y - 18 * k, x - 46 * k, y - 22 * k, GREY, 4 * k)


def carriage(s, x, y, k=1.0, color=BLACK, length=200):
    L = length * k
    s.rect(x - L, y - 92 * k, L - 8 * k, 70 * k, color)
    s.path(f"M{f(x - L - 4 * k)} {f(y - 92 * k)}q{f((L + 4 * k) / 2)} {f(-18 * k)} {f(L - 4 * k)} 0z", color)
    n = int(length / 34)
    for i in range(n):
        s.rect(x - L + (14 + i * 32) * k, y - 80 * k, 18 * k, 20 * k, PAPER)
    for wx in (-L + 30 * k, -38 * k):
        s.circle(x + wx, y - 12 * k, 12 * k, color)
        s.circle(x + wx + 28 * k, y - 12 * k, 12 * k, color)


def smoke(s, points, colors=(GREY, AGED)):
    """A flat plume: overlapping discs of one colour, a lighter core on top."""
    for (x, y, r) in points:
        s.circle(x, y, r, colors[0])
    for (x, y, r) in points:
        s.circle(x - r * 0.18, y - r * 0.22, r * 0.68, colors[1])


def viaduct(s, x0, x1, deck, depth, span, color, base=1000):
    s.rect(x0, deck, x1 - x0, 16, color)
    x = x0
    while x < x1:
        r = span * 0.36
        a, b = x + span * 0.14, x + span
        s.rect(x, deck, span * 0.14, base - deck, color)
        s.path(f"M{f(a)} {f(deck)}H{f(b)}V{f(deck + r + 24)}A{f((b - a) / 2)} {f((b - a) / 2)} 0 0 0 {f(a)} {f(deck + r + 24)}Z", color)
        x += span


def caucasus_train():
    s = new("A train climbing through the Caucasus: peaks, a red sun, the line of the track as the diagonal")
    s.rect(0, 0, W, H, AGED)
    s.circle(310, 170, 120, RED)
    rnd = random.Random(9)
    mountains(s, [(-20, 330), (120, 220), (220, 262), (380, 110), (520, 240), (640, 170), (760, 40), (900, 210), (1010, 150), (1140, 60), (1300, 220)], CALM, GREY, 200, PAPER, rnd)
    mountains(s, [(-20, 400), (160, 320), (300, 370), (470, 300), (640, 380), (820, 290), (1000, 360), (1300, 300)], CALM, BLACK)
    with s.group(transform="rotate(-24 640 420)"):
        viaduct(s, -300, 1600, 420, 200, 120, PAPER)
        s.rect(-300, 414, 1900, 6, BLACK)
        carriage(s, 440, 414, 0.9)
        carriage(s, 640, 414, 0.9)
        carriage(s, 840, 414, 0.9)
        locomotive(s, 1030, 414, 0.95)
        smoke(s, [(1043 - i * 58, 300 - i * 6, 20 + i * 5) for i in range(9)])
    s.rect(0, CALM, W, H - CALM, PAPER)
    s.rect(0, CALM, W, 6, BLACK)
    finish(s, 106)
    return s


def telegraph_office():
    s = new("A telegraph office: a Hughes printing telegraph, a clock, wires outside, the paper tape as the diagonal")
    s.rect(0, 0, W, H, AGED)
    # window: poles and wires running away to the right
    s.rect(60, 50, 520, 330, BLACK)
    s.rect(72, 62, 496, 306, PAPER)
    s.rect(72, 320, 496, 48, GREY)
    poles = []
    for i in range(7):
        t = i / 6
        sc = 1 / (1 + t * 3.2)
        x = lerp(40, 600, 1 - sc) + 70
        poles.append((x, sc))
    for (x, sc) in poles:
        if x > 560:
            continue
        s.rect(x - 5 * sc, 320 - 260 * sc, 10 * sc, 260 * sc + 4, BLACK)
        s.rect(x - 30 * sc, 320 - 250 * sc, 60 * sc, 7 * sc, BLACK)
    for k in (-24, 0, 24):
        pts_ = [(x + k * sc, 320 - 252 * sc) for (x, sc) in poles]
        s.polyline(pts_, BLACK, 1.8)
    s.rect(316, 62, 8, 306, BLACK)
    # the clock, high on the right
    cx, cy = 1170, 110
    s.circle(cx, cy, 72, BLACK)
    s.circle(cx, cy, 60, PAPER)
    for i in range(12):
        a = math.radians(i * 30)
        s.line(cx + 48 * math.cos(a), cy + 48 * math.sin(a), cx + 56 * math.cos(a), cy + 56 * math.sin(a), BLACK, 4 if i % 3 == 0 else 2)
    s.line(cx, cy, cx, cy - 42, BLACK, 5, stroke_linecap="round")
    s.line(cx, cy, cx + 30, cy + 16, BLACK, 6, stroke_linecap="round")
    s.circle(cx, cy, 6, RED)
    # the apparatus: case, type wheel, governor, weight column, keyboard
    s.poly([(700, 420), (712, 300), (988, 300), (1000, 420)], BLACK)
    s.rect(846, 230, 8, 72, BLACK)
    s.line(850, 244, 814, 276, BLACK, 4)
    s.line(850, 244, 886, 276, BLACK, 4)
    s.circle(812, 278, 11, BLACK)
    s.circle(888, 278, 11, BLACK)
    s.circle(930, 290, 38, BLACK)
    s.circle(930, 290, 15, RED)
    s.circle(770, 292, 22, BLACK)
    s.rect(1050, 170, 24, 250, BLACK)
    s.rect(1040, 160, 44, 14, BLACK)
    s.line(1076, 172, 1110, 250, BLACK, 3)
    s.rect(1092, 250, 36, 76, GREY)
    s.rect(690, 420, 320, 34, PAPER)
    for i in range(27):
        s.rect(692 + i * 11.8, 420, 1.6, 34, BLACK)
    for i in range(27):
        if i % 7 not in (2, 6):
            s.rect(698 + i * 11.8, 420, 7, 20, BLACK)
    s.rect(680, 452, 340, 10, BLACK)
    # the tape: from the type wheel up to the top-left, the one strong diagonal
    p, q = (918, 270), (-40, -300)
    s.poly(band(p, q, 30), PAPER)
    s.poly(band(p, q, 30), "none", stroke=BLACK, stroke_width=2)
    rnd = random.Random(4)
    t = 0.06
    while t < 0.98:
        c = lerp_pt(p, q, t)
        c2 = lerp_pt(p, q, t + (0.004 if rnd.random() < 0.5 else 0.016))
        s.line(c[0], c[1], c2[0], c2[1], BLACK, 5, stroke_linecap="round")
        t += rnd.uniform(0.018, 0.04)
    s.rect(0, 460, W, 20, BLACK)
    s.rect(0, CALM, W, H - CALM, GREY)
    finish(s, 107)
    return s


def red_square_mausoleum():
    s = new("Red Square, 1924: the wooden mausoleum (stepped), the Kremlin wall, a queue of mourners in the snow")
    s.rect(0, 0, W, H, PAPER)
    t = math.tan(math.radians(32))
    s.poly([(0, 300), (0, 40), (W, 40 - W * t), (W, 300 - W * t)], AGED)
    s.poly([(0, 420), (0, 330), (W, 330 - W * t), (W, 420 - W * t)], RED)
    # distant Kremlin in grey: Senate dome with the flag, Spasskaya, the wall
    s.rect(250, 300, 240, 80, GREY)
    s.path("M310 304a60 46 0 0 1 120 0z", GREY)
    s.line(370, 258, 370, 196, GREY, 3)
    s.poly([(370, 196), (420, 204), (370, 218)], RED)
    spasskaya(s, 1130, 404, 0.74, GREY, AGED, None)
    merlon_wall(s, -10, 1091, 350, 404, GREY, mw=14, gap=9, mh=17, notch=7)
    merlon_wall(s, 1169, W + 10, 350, 404, GREY, mw=14, gap=9, mh=17, notch=7)
    s.rect(0, 404, W, 76, PAPER)
    s.rect(0, 404, W, 4, AGED)
    # the wooden mausoleum: stepped, dark timber, a small colonnaded top
    cx = 760
    s.rect(cx - 210, 414, 420, 56, BLACK)
    s.rect(cx - 166, 382, 332, 36, BLACK)
    s.rect(cx - 126, 354, 252, 32, BLACK)
    s.rect(cx - 96, 312, 192, 12, BLACK)
    for n in range(8):
        s.rect(cx - 92 + n * 26, 324, 10, 32, BLACK)
    s.rect(cx - 210, 410, 420, 5, GREY)
    s.rect(cx - 166, 378, 332, 5, GREY)
    s.rect(cx - 126, 350, 252, 5, GREY)
    s.rect(cx - 24, 424, 48, 46, RED)
    s.rect(cx - 340, 446, 110, 24, BLACK)  # stands
    s.rect(cx + 230, 446, 110, 24, BLACK)
    # queue of mourners in winter coats: from the left towards the door
    rnd = random.Random(21)
    xs = []
    x = 10
    while x < cx - 250:
        xs.append(x)
        x += 30 - x / 30
    for x in xs:
        u = x / (cx - 250)
        h = lerp(92, 50, u) * rnd.uniform(0.94, 1.05)
        person(s, x, 474 - u * 4, h, BLACK, lean=rnd.uniform(-0.02, 0.03))
    s.rect(0, CALM, W, H - CALM, PAPER)
    s.rect(0, CALM, W, 5, BLACK)
    finish(s, 108)
    return s


def gear(s, cx, cy, r, teeth, color, hole=None, tooth=None):
    tooth = tooth or r * 0.16
    pts_ = []
    n = teeth * 4
    for i in range(n):
        a = 2 * math.pi * i / n
        rr = r + (tooth if (i % 4) in (1, 2) else 0)
        pts_.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    s.poly(pts_, color)
    if hole:
        s.circle(cx, cy, r * 0.45, hole)


def leningrad_factory():
    s = new("A Leningrad factory: saw-tooth halls, chimneys, a great gear, a red crane jib as the diagonal")
    s.rect(0, 0, W, H, PAPER)
    gear(s, 190, 150, 130, 14, GREY, PAPER)
    # chimneys with smoke drifting right
    for x, top, w_ in ((350, 70, 44), (440, 120, 38), (530, 40, 48)):
        smoke(s, [(x + 30 + i * 44, top - 24 - i * 10, 18 + i * 6) for i in range(5)])
    for x, top, w_ in ((350, 70, 44), (440, 120, 38), (530, 40, 48)):
        s.poly([(x - w_ / 2, 400), (x - w_ * 0.38, top), (x + w_ * 0.38, top), (x + w_ / 2, 400)], BLACK)
        s.rect(x - w_ * 0.46, top, w_ * 0.92, 10, BLACK)
    # crane: a luffing jib rising from the yard to the top-right corner
    pivot, tip = (700, 390), (1240, 40)
    s.rect(660, 330, 90, 70, BLACK)
    s.poly([(650, 330), (705, 250), (760, 330)], BLACK)
    jib = band(pivot, tip, 36)
    s.poly(jib, RED)
    for i in range(20):
        a = lerp_pt(jib[0], jib[1], i / 20)
        b = lerp_pt(jib[3], jib[2], (i + 1) / 20)
        s.line(a[0], a[1], b[0], b[1], PAPER, 3)
    s.line(705, 250, tip[0], tip[1], BLACK, 2.5)
    hook = lerp_pt(pivot, tip, 0.86)
    s.line(hook[0], hook[1], hook[0], hook[1] + 150, BLACK, 3)
    s.rect(hook[0] - 60, hook[1] + 150, 120, 16, BLACK)
    s.rect(hook[0] - 60, hook[1] + 166, 120, 6, GREY)
    # saw-tooth halls
    for i in range(19):
        x = -20 + i * 70
        s.poly([(x, 400), (x, 330), (x + 70, 400)], BLACK)
        s.poly([(x + 2, 396), (x + 2, 344), (x + 16, 358), (x + 16, 396)], PAPER)
    s.rect(-20, 400, 1320, 80, BLACK)
    for i in range(18):
        s.rect(20 + i * 72, 420, 40, 34, AGED)
    s.rect(0, CALM, W, H - CALM, GREY)
    s.rect(0, CALM, W, 6, BLACK)
    finish(s, 109)
    return s


def sack(s, x, base, h, fill=PAPER):
    """A grain sack standing up: a soft body, a gathered neck tied with cord, a tuft."""
    w_ = h * 0.78
    s.path(
        f"M{f(x - w_ * 0.5)} {f(base)}C{f(x - w_ * 0.62)} {f(base - h * 0.5)} {f(x - w_ * 0.5)} {f(base - h * 0.72)} {f(x - w_ * 0.18)} {f(base - h * 0.8)}"
        f"L{f(x - w_ * 0.34)} {f(base - h)}Q{f(x)} {f(base - h * 0.9)} {f(x + w_ * 0.34)} {f(base - h)}L{f(x + w_ * 0.18)} {f(base - h * 0.8)}"
        f"C{f(x + w_ * 0.5)} {f(base - h * 0.72)} {f(x + w_ * 0.62)} {f(base - h * 0.5)} {f(x + w_ * 0.5)} {f(base)}Z",
        fill, stroke=BLACK, stroke_width=3, stroke_linejoin="round")
    s.line(x - w_ * 0.2, base - h * 0.8, x + w_ * 0.2, base - h * 0.8, BLACK, 4)


def village_granary():
    s = new("A village granary, 1928: a log barn on posts, a cart of sacks, haystacks, a well sweep, a low red sun")
    s.rect(0, 0, W, H, PAPER)
    horizon = 330
    s.circle(250, 250, 120, RED)
    s.rect(0, horizon, W, CALM - horizon, AGED)
    for i, x in enumerate(range(20, 640, 46)):
        hgt = 12 + (i * 7) % 10
        s.rect(x, horizon - hgt, 30, hgt, BLACK)
        s.poly([(x - 4, horizon - hgt), (x + 15, horizon - hgt - 14), (x + 34, horizon - hgt)], BLACK)
    # the stubble strip running to the horizon
    s.poly([(-40, CALM), (300, CALM), (760, horizon), (720, horizon)], OCHRE)
    for u in (0.1, 0.34, 0.54, 0.7, 0.83):
        a = lerp_pt((-40, CALM), (720, horizon), u)
        b = lerp_pt((300, CALM), (760, horizon), u)
        c = lerp_pt(a, b, 0.5)
        k = 1 - u * 0.9
        w_, h_ = 44 * k, 84 * k
        s.path(f"M{f(c[0] - w_)} {f(c[1])}C{f(c[0] - w_)} {f(c[1] - h_ * 0.8)} {f(c[0] - w_ * 0.4)} {f(c[1] - h_)} {f(c[0])} {f(c[1] - h_)}C{f(c[0] + w_ * 0.4)} {f(c[1] - h_)} {f(c[0] + w_)} {f(c[1] - h_ * 0.8)} {f(c[0] + w_)} {f(c[1])}Z", BLACK)
        s.line(c[0], c[1] - h_, c[0], c[1] - h_ - 16 * k, BLACK, max(1.5, 3 * k))
    # well sweep: post, long pole on a diagonal, rope and bucket over the well
    s.rect(536, 262, 12, 206, BLACK)
    s.poly([(532, 270), (542, 250), (552, 270)], BLACK)
    s.line(640, 450, 300, 110, BLACK, 7, stroke_linecap="round")
    s.rect(620, 436, 40, 22, BLACK)
    s.line(300, 110, 300, 400, BLACK, 2)
    s.rect(291, 400, 18, 14, BLACK)
    s.rect(270, 430, 60, 40, BLACK)
    s.rect(270, 430, 60, 6, GREY)
    # the granary, gable end towards us, on posts
    cx, gb = 1010, 440
    s.rect(cx - 160, 280, 320, gb - 280, BLACK)
    for y in range(292, gb, 17):
        s.rect(cx - 160, y, 320, 4, GREY)
    for y in range(290, gb, 17):
        s.circle(cx - 166, y + 4, 8, PAPER, stroke=BLACK, stroke_width=2)
        s.circle(cx + 166, y + 4, 8, PAPER, stroke=BLACK, stroke_width=2)
    s.poly([(cx - 200, 296), (cx, 150), (cx + 200, 296), (cx + 176, 296), (cx, 178), (cx - 176, 296)], BLACK)
    s.poly([(cx - 176, 296), (cx, 178), (cx + 176, 296)], GREY)
    s.rect(cx - 8, 196, 16, 30, BLACK)
    s.rect(cx - 46, 310, 92, 130, RED)
    s.rect(cx - 4, 310, 8, 130, BLACK)
    for x in (cx - 150, cx - 60, cx + 46, cx + 136):
        s.rect(x, gb, 14, 28, BLACK)
    s.rect(cx - 170, gb, 340, 6, BLACK)
    # cart loaded with sacks
    s.rect(700, 414, 150, 14, BLACK)
    s.line(700, 420, 640, 404, BLACK, 5)
    for x in (724, 826):
        s.circle(x, 440, 26, "none", stroke=BLACK, stroke_width=6)
        s.line(x - 26, 440, x + 26, 440, BLACK, 3)
        s.line(x, 414, x, 466, BLACK, 3)
    for x, h in ((728, 60), (772, 66), (818, 58)):
        sack(s, x, 414, h)
    sack(s, 900, 468, 62)
    sack(s, 940, 470, 56)
    s.rect(0, CALM, W, H - CALM, AGED)
    s.rect(0, CALM, W, 5, BLACK)
    finish(s, 110)
    return s


def poplar(s, x, base, h, w, color=BLACK):
    s.path(f"M{f(x)} {f(base - h)}C{f(x + w)} {f(base - h * 0.7)} {f(x + w * 0.8)} {f(base - h * 0.15)} {f(x)} {f(base - 8)}C{f(x - w * 0.8)} {f(base - h * 0.15)} {f(x - w)} {f(base - h * 0.7)} {f(x)} {f(base - h)}Z", color)
    s.rect(x - 2, base - 12, 4, 12, color)


def alma_ata():
    s = new("Alma-Ata under the Zailiysky Alatau: snow peaks, poplars, low houses; the ridge is the diagonal")
    s.rect(0, 0, W, H, AGED)
    s.circle(240, 140, 70, RED)
    rnd = random.Random(13)
    ridge = [(-20, 420), (90, 370), (170, 384), (300, 300), (380, 316), (520, 210), (600, 230), (760, 110), (830, 140), (930, 50), (1020, 100), (1120, 80), (1300, 180)]
    mountains(s, ridge, CALM, GREY, 260, PAPER, rnd)
    mountains(s, [(-20, 430), (140, 400), (280, 420), (420, 384), (600, 410), (780, 370), (960, 400), (1120, 376), (1300, 404)], CALM, BLACK)
    # the town: a few low houses with flat roofs, rows of poplars between them
    for x, w_, h_ in ((30, 120, 40), (300, 90, 34), (520, 150, 44), (840, 110, 38), (1090, 140, 42)):
        s.rect(x, 468 - h_, w_, h_, PAPER)
        s.rect(x - 6, 462 - h_, w_ + 12, 8, BLACK)
        for k in range(int(w_ // 46)):
            s.rect(x + 18 + k * 46, 478 - h_, 14, 18, BLACK)
    for x in (190, 222, 254, 430, 462, 720, 752, 784, 1000, 1032, 1250):
        poplar(s, x, 472, rnd.uniform(150, 210), 16)
    s.rect(0, 468, W, 12, BLACK)
    s.rect(0, CALM, W, H - CALM, AGED)
    finish(s, 111)
    return s


def odessa_ship():
    s = new("A steamer leaving Odessa, February 1929: the city and lighthouse behind, smoke trailing back on a diagonal")
    s.rect(0, 0, W, H, PAPER)
    horizon = 372
    s.circle(1090, 340, 110, RED)
    # the city falling behind, small on the left horizon
    for x, w_, h_ in ((0, 40, 34), (40, 60, 22), (100, 30, 44), (130, 70, 28), (200, 44, 38)):
        s.rect(x, horizon - h_, w_, h_, GREY)
    s.path(f"M120 {horizon - 44}a22 22 0 0 1 44 0z", GREY)
    s.rect(0, horizon, W, CALM - horizon, GREY)
    # breakwater and lighthouse
    s.rect(-10, 404, 400, 18, BLACK)
    s.poly([(320, 404), (330, 250), (354, 250), (364, 404)], PAPER)
    s.poly([(320, 404), (330, 250), (354, 250), (364, 404)], "none", stroke=BLACK, stroke_width=4)
    s.rect(324, 232, 36, 20, BLACK)
    s.poly([(320, 234), (342, 210), (364, 234)], BLACK)
    s.rect(326, 310, 32, 18, RED)
    # the steamer, heading out to the right
    x0, x1, wl = 560, 1060, 440
    s.path(f"M{x0} {wl - 46}L{x1 + 40} {wl - 50}L{x1} {wl}L{x0 + 24} {wl}Z", BLACK)
    s.rect(x0 + 90, wl - 84, 300, 38, PAPER)
    s.rect(x0 + 150, wl - 112, 180, 28, AGED)
    for i in range(10):
        s.circle(x0 + 112 + i * 28, wl - 64, 5.5, BLACK)
    s.rect(x0 + 80, wl - 86, 320, 5, BLACK)
    s.rect(x0 + 140, wl - 114, 200, 5, BLACK)
    fx = x0 + 236
    s.poly([(fx - 22, wl - 112), (fx - 32, wl - 196), (fx + 12, wl - 196), (fx + 20, wl - 112)], BLACK)
    s.poly([(fx - 27, wl - 168), (fx - 30, wl - 184), (fx + 13, wl - 184), (fx + 15, wl - 168)], RED)
    s.line(x0 + 60, wl - 46, x0 + 44, wl - 236, BLACK, 5)
    s.line(x1 - 40, wl - 48, x1 - 50, wl - 226, BLACK, 5)
    s.line(x0 + 44, wl - 236, x1 - 50, wl - 226, BLACK, 1.5)
    s.line(x0 + 44, wl - 236, x0 - 10, wl - 46, BLACK, 1.5)
    s.line(x1 - 50, wl - 226, x1 + 40, wl - 50, BLACK, 1.5)
    # the smoke: the strong diagonal, streaming back and up to the left
    smoke(s, [(lerp(fx - 10, 150, i / 10), lerp(wl - 214, 40, i / 10), lerp(18, 58, i / 10)) for i in range(11)])
    s.poly([(x0 + 24, wl), (x0 - 260, wl + 22), (x0 - 260, wl + 30), (x0 + 34, wl + 6)], PAPER)
    for gx, gy, k in ((470, 180, 1), (530, 214, 0.8), (930, 120, 0.7), (1180, 160, 0.9)):
        s.path(f"M{f(gx - 16 * k)} {f(gy)}q{f(8 * k)} {f(-10 * k)} {f(16 * k)} 0q{f(8 * k)} {f(-10 * k)} {f(16 * k)} 0", "none", stroke=BLACK, stroke_width=3, stroke_linecap="round")
    s.rect(0, CALM, W, H - CALM, GREY)
    s.rect(0, CALM, W, 4, BLACK)
    finish(s, 112)
    return s


def moscow_street():
    s = new("A Moscow street, 7 November 1927: the anniversary demonstration, banners leaning on one diagonal")
    s.rect(0, 0, W, H, PAPER)

    def pt(u, v):
        return (lerp(0, 460, u), lerp(lerp(0, 120, u), lerp(420, 400, u), v))

    s.poly([pt(0, 0), pt(1, 0), pt(1, 1), pt(0, 1)], AGED)
    for c in range(6):
        for r in range(5):
            if r == 2 and c in (2, 3):
                continue
            u0, u1 = c / 6 + 0.02, (c + 1) / 6 - 0.04
            v0, v1 = 0.08 + r * 0.17, 0.08 + r * 0.17 + 0.1
            s.poly([pt(u0, v0), pt(u1, v0), pt(u1, v1), pt(u0, v1)], BLACK)
    # a balcony with three figures addressing the street
    s.poly([pt(0.3, 0.42), pt(0.64, 0.42), pt(0.64, 0.5), pt(0.3, 0.5)], GREY)
    for u in (0.36, 0.45, 0.54):
        p = pt(u, 0.5)
        s.circle(p[0] + 8, p[1] - 38, 8.5, BLACK)
        s.path(f"M{f(p[0] - 4)} {f(p[1])}v-22q12 -10 24 0v22z", BLACK)
    s.poly([pt(0.28, 0.5), pt(0.66, 0.5), pt(0.66, 0.53), pt(0.28, 0.53)], BLACK)
    s.rect(900, 200, 400, 240, AGED)
    for c in range(6):
        for r in range(3):
            s.rect(930 + c * 62, 230 + r * 64, 30, 40, BLACK)
    s.rect(880, 190, 420, 14, BLACK)
    # flags on parallel slanting poles: the strong diagonal
    rnd = random.Random(17)
    lean = math.tan(math.radians(28))
    for x, h in ((360, 300), (470, 340), (680, 380), (780, 300), (880, 360), (990, 280), (1090, 330), (1200, 260)):
        base = (x, 470)
        top = (x + h * lean, 470 - h)
        s.line(base[0], base[1], top[0], top[1], BLACK, 5, stroke_linecap="round")
        fw = rnd.uniform(70, 110)
        fh = rnd.uniform(46, 64)
        a = lerp_pt(base, top, 1 - fh / h)
        s.poly([top, (top[0] + fw, top[1] + 10), (a[0] + fw, a[1] + 10), a], RED)
    # one great banner between two poles
    p1b, p2b = (540, 470), (1000, 470)
    p1t = (p1b[0] + 150 * lean, p1b[1] - 150)
    p2t = (p2b[0] + 230 * lean, p2b[1] - 230)
    s.line(p1b[0], p1b[1], p1t[0], p1t[1], BLACK, 6)
    s.line(p2b[0], p2b[1], p2t[0], p2t[1], BLACK, 6)
    s.poly([p1t, p2t, lerp_pt(p2b, p2t, 0.78), lerp_pt(p1b, p1t, 0.6)], RED)
    for r, (y, hh) in enumerate(((430, 40), (452, 46), (478, 54))):
        crowd_row(s, -30 + r * 13, W + 30, y, hh, rnd, BLACK, spacing=0.33)
    s.rect(0, CALM - 6, W, H - CALM + 6, BLACK)
    s.rect(0, CALM + 20, W, 6, RED)
    finish(s, 113)
    return s


def missing():
    s = new("Placeholder shown when a background file is missing: a neutral constructivist composition")
    s.rect(0, 0, W, H, AGED)
    t30 = math.tan(math.radians(30))
    s.poly([(0, 400), (0, 400 - 120), (W, 280 - W * t30), (W, 400 - W * t30)], PAPER)
    s.circle(860, 230, 130, GREY)
    s.poly([(330, 330), (760, 200), (760, 250)], BLACK)
    s.rect(0, CALM, W, H - CALM, AGED)
    s.rect(0, CALM, W, 6, BLACK)
    finish(s, 100)
    return s


SCENES = {
    "kremlin_winter": kremlin_winter,
    "secretariat_office": secretariat_office,
    "gorki": gorki,
    "politburo_table": politburo_table,
    "congress_hall": congress_hall,
    "caucasus_train": caucasus_train,
    "telegraph_office": telegraph_office,
    "red_square_mausoleum": red_square_mausoleum,
    "leningrad_factory": leningrad_factory,
    "village_granary": village_granary,
    "alma_ata": alma_ata,
    "odessa_ship": odessa_ship,
    "moscow_street": moscow_street,
    "_missing": missing,
}
