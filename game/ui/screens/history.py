"""The history log: everything shown so far, newest at the bottom, the current beat marked NOW.

Set like a script along a timeline: chapters cross the page as black cards with
their number, a speaker's name sits on a red slanted plate in the margin (as on
the play screen), documents are typed on aged paper with their attribution
stamped, a decision is the black bar that was chosen, a vote shows its tally.

The view rests only where a whole line begins and ends (:class:`SnapScroller`):
each entry says where it may be cut (between its lines, never through a plate,
a bar or a card), so neither edge of the panel ever shows half a line, at any
text size or window scale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

import pygame

from ..canvas import Canvas, Rect, inside
from ..text import TextStyle
from ..theme import BODY, BUTTON, DOC, SMALL, Theme
from ..widgets import Button, SnapScroller, bar_height, draw_bar
from .base import Screen, backdrop, heading, hint_top, key_hint
from .formatting import human_date

if TYPE_CHECKING:  # pragma: no cover
    from ..app import App

#: The panel at its tallest; it ends higher when the key hint below wraps onto more lines.
PANEL: Rect = (80.0, 150.0, 1120.0, 522.0)
#: The text area, inset from the panel's rule so the first and last lines have air around them.
VIEW_TOP = PANEL[1] + 18
VIEW_H = PANEL[3] - 36
HINT = ("↑ ↓ a line   ·   PgUp PgDn a page   ·   Home End first and last   ·   wheel scrolls"
        "   ·   Esc back to the game")
HINT_Y = 698.0  # the middle of the hint's last line; more lines go up from it
HINT_X = 80.0
HINT_GAP = 4.0  # between the panel's shadow and the hint's first line
SHADOW = 8.0
LEFT = PANEL[0] + 22
RIGHT = PANEL[0] + PANEL[2] - 40
PLATE_R = 302.0  # margin plates end here, right-aligned against the timeline
RULE_X = 320.0  # the timeline
TEXT_X = 344.0
TEXT_W = RIGHT - TEXT_X
GAP = 18.0  # between entries
PLATE_H = 28.0
NOW_H = 24.0
TRACK_X = RIGHT + 12
BACK: Rect = (1040.0, 46.0, 160.0, 46.0)
#: Kinds that get a plate in the margin and hang on the timeline (bands cross the whole page instead).
BANDS = ("chapter", "ending")


class Entry(NamedTuple):
    """One laid-out entry. ``tops``/``bottoms`` are where the view may start/end, relative to ``top``."""

    kind: str  # chapter | line | document | choice | vote | ending | prompt
    label: str  # the speaker's name or the margin plate's word
    text: str
    height: float  # including the gap below
    top: float = 0.0
    now: bool = False
    info: Any = None  # per-kind details (dict) and geometry
    tops: tuple[float, ...] = (0.0,)
    bottoms: tuple[float, ...] = ()


def _styles(t: Theme) -> dict[str, TextStyle]:
    # Leading 1.45 leaves room inside each line for OpenDyslexic's long descenders, so a view
    # that ends at a line's foot never clips the tail of a "y".
    return {
        "body": TextStyle("body", BODY, t.ink, leading=1.45),
        "small": TextStyle("body", SMALL, t.muted, leading=1.45),
        "bar": TextStyle("body", BODY, t.bar_text, leading=1.3),
        "doc_title": TextStyle("label", 24, t.ink, leading=1.2, scalable=False),
        "doc": TextStyle("doc", DOC, t.ink, leading=1.45),
        "stamp": TextStyle("label", 17, t.accent if t.name != "high_contrast" else t.ink, leading=1.2,
                           scalable=False),
        "plate": TextStyle("label", 18, t.paper, scalable=False),
        "kicker": TextStyle("label", 18, t.aged if t.name != "high_contrast" else t.paper, scalable=False),
        "band_title": TextStyle("label", 30, t.paper, leading=1.15, scalable=False),
        "numeral": TextStyle("label", 40, t.paper, scalable=False),
        "tally": TextStyle("label", 19, t.ink, scalable=False),
        "now": TextStyle("label", 16, t.focus_text, scalable=False),
    }


def _line_height(c: Canvas, st: TextStyle) -> float:
    return c.measure("Hg", st)[1]


def _lines(c: Canvas, text: str, st: TextStyle, width: float) -> tuple[int, float]:
    """How many lines ``text`` wraps to, and the height of one."""
    lh = _line_height(c, st)
    if not text:
        return 0, lh
    return max(1, round(c.measure(text, st, width)[1] / lh)), lh


def _keep(stops: list[float], blocked: list[tuple[float, float]]) -> tuple[float, ...]:
    """The stops that do not cut through a plate, a bar or a card."""
    return tuple(s for s in stops if not any(a + 0.01 < s < b - 0.01 for a, b in blocked))


class HistoryScreen(Screen):
    name = "history"
    title = "History log"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.scroll = SnapScroller()
        self.blocks: list[Entry] = []
        self.reading = ""  # the chapter at the top of the view, shown in the header
        self.track: list[tuple[str, Rect, bool]] = []
        self.hover_back = False
        self.panel: Rect = PANEL
        self.view_h = VIEW_H
        self.relayout()
        self.scroll.to_end()  # open at the newest line, as a backlog does
        self._placed()

    # -- what was shown --
    def _entries(self) -> list[tuple[str, str, str, dict[str, Any]]]:
        session = self.app.session
        pt, story = session.pt, session.story
        if pt is None or story is None:
            return []
        out: list[tuple[str, str, str, dict[str, Any]]] = []
        for e in pt.state.transcript:
            kind = e.get("kind")
            text = str(e.get("text", ""))
            if kind == "chapter":
                chapter = story.chapter(e.get("chapter"))
                n = story.chapter_index(chapter.id) + 1 if chapter else 0
                where = "  ·  ".join(b for b in (human_date(str(e.get("date", ""))), str(e.get("place", ""))) if b)
                out.append(("chapter", f"CHAPTER {n}" if n else "CHAPTER", text, {"number": n, "where": where}))
            elif kind == "line":
                who = e.get("speaker")
                person = story.characters.get(who) if who else None
                out.append(("line", (person.name if person else str(who)) if who else "", text, {}))
            elif kind == "document":
                doc = story.documents.get(e.get("document", ""))
                out.append(("document", "Document", text, {
                    "body": doc.text.strip() if doc else "", "attribution": doc.attribution if doc else ""}))
            elif kind == "choice":
                out.append(("choice", "You decided", text, {"prompt": str(e.get("prompt") or "")}))
            elif kind == "vote":
                out.append(("vote", "Vote", text, {
                    "body": str(e.get("body", "")), "for": int(e.get("for", 0) or 0),
                    "against": int(e.get("against", 0) or 0), "abstain": int(e.get("abstain", 0) or 0),
                    "passed": bool(e.get("passed"))}))
            elif kind == "ending":
                out.append(("ending", "ENDING", text, {}))
        step = pt.current
        if step.kind in ("choice", "appointments"):
            what = "A decision" if step.kind == "choice" else "Appointments"
            out.append(("prompt", "Now", step.prompt or what, {}))
        elif out and out[-1][0] in ("line", "document", "vote", "chapter", "ending"):
            kind, label, text, info = out[-1]
            out[-1] = (kind, label, text, {**info, "now": True})
        return out

    # -- layout --
    def _panel(self) -> Rect:
        """The panel, ending above the key hint however many lines it wraps to at this text size."""
        x, y, w, h = PANEL
        return (x, y, w, min(h, hint_top(self.app.canvas, self.theme, HINT, HINT_Y, HINT_X) - HINT_GAP - SHADOW - y))

    def relayout(self) -> None:
        c = self.app.canvas
        st = _styles(self.theme)
        self.panel = self._panel()
        self.view_h = self.panel[3] - 36
        old = self.blocks
        at_end = not old or self.scroll.offset >= self.scroll.limit - 0.01
        anchor = next((i for i, e in enumerate(old) if e.top + e.height > self.scroll.offset + 0.01), 0)
        blocks: list[Entry] = []
        y = 0.0
        for kind, label, text, info in self._entries():
            e = self._layout(c, st, kind, label, text, dict(info))
            blocks.append(e._replace(top=y))
            y += e.height
        self.blocks = blocks
        tops: list[float] = [0.0]
        bottoms: list[float] = [0.0]
        for e in blocks:
            tops += [e.top + s for s in e.tops]
            bottoms += [e.top + s for s in e.bottoms]
        view_h = self.view_h
        tops, bottoms = _no_gap_wider_than(sorted(tops), view_h), _no_gap_wider_than(sorted(bottoms), view_h)
        self.scroll.set(tops, bottoms, view_h)
        if at_end:
            self.scroll.to_end()
        elif anchor < len(blocks):
            self.scroll.to(blocks[anchor].top)  # text size changed: stay on the same entry
        self._placed()

    def _layout(self, c: Canvas, st: dict[str, TextStyle], kind: str, label: str, text: str,
                info: dict[str, Any]) -> Entry:
        now = bool(info.get("now")) or kind == "prompt"
        if kind in BANDS:
            return self._band(c, st, kind, label, text, info, now)
        blocked: list[tuple[float, float]] = []
        tops: list[float] = []
        bottoms: list[float] = []

        def lines_at(y: float, n: int, lh: float) -> None:
            tops.extend(y + k * lh for k in range(n))
            bottoms.extend(y + k * lh for k in range(1, n + 1))

        if kind in ("line", "prompt"):
            n, lh = _lines(c, text, st["body"], TEXT_W)
            lines_at(0.0, n, lh)
            first = lh
        elif kind == "document":
            pad = 14.0
            nt, lt = _lines(c, text, st["doc_title"], TEXT_W - 2 * pad)
            nb, lb = _lines(c, info["body"], st["doc"], TEXT_W - 2 * pad)
            body_y = pad + nt * lt + (6 if nb else 0)
            lines_at(pad, nt, lt)
            lines_at(body_y, nb, lb)
            y = body_y + nb * lb
            stamp = info["attribution"].upper()
            if stamp:
                sw, sh = c.measure(stamp, st["stamp"], TEXT_W - 2 * pad - 24)
                info["stamp"] = (stamp, TEXT_X + pad, y + 12, sw + 20, sh + 10)
                # the view may start or end just outside the stamp's frame, never on it
                blocked.append((y + 8, y + 26 + sh))
                tops.append(y + 8)
                bottoms.append(y + 26 + sh)
                y += 22 + sh
            card = y + pad
            tops.append(0.0)
            bottoms.append(card)
            info.update(pad=pad, title_y=pad, body_y=body_y, card=card)
            first = pad + lt
            info["plate_y"] = pad + max(0.0, (lt - PLATE_H) / 2)
        elif kind == "choice":
            prompt = info["prompt"]
            np_, lp = _lines(c, prompt, st["small"], TEXT_W)
            lines_at(0.0, np_, lp)
            bar_y = np_ * lp + (6 if np_ else 0)
            nb, lb = _lines(c, text, st["bar"], TEXT_W - 56)
            bar_h = nb * lb + 18
            tops.append(bar_y)
            bottoms.append(bar_y + bar_h)
            blocked.append((bar_y, bar_y + bar_h))
            info.update(bar=(TEXT_X, bar_y, TEXT_W, bar_h))
            first = bar_y + min(bar_h, lb + 18)
            info["plate_y"] = bar_y + max(0.0, (min(bar_h, lb + 18) - PLATE_H) / 2)
        else:  # vote
            nv, lv = _lines(c, info["body"], st["small"], TEXT_W)
            lines_at(0.0, nv, lv)
            motion_y = nv * lv + (2 if nv else 0)
            nm, lm = _lines(c, text, st["body"], TEXT_W)
            lines_at(motion_y, nm, lm)
            tally_y = motion_y + nm * lm + 6
            tops.append(tally_y)
            bottoms.append(tally_y + 34)
            blocked.append((tally_y, tally_y + 34))
            info.update(motion_y=motion_y, tally_y=tally_y)
            first = lv if nv else lm
        info.setdefault("plate_y", max(0.0, (first - PLATE_H) / 2))
        plate_y = info["plate_y"]
        content = max([0.0] + bottoms)
        if label:
            blocked.append((plate_y, plate_y + PLATE_H))
            content = max(content, plate_y + PLATE_H)
        if now and kind != "prompt":
            now_y = plate_y + (PLATE_H + 6 if label else 0.0)
            info["now_y"] = now_y
            blocked.append((now_y, now_y + NOW_H))
            content = max(content, now_y + NOW_H)
        bottoms.append(content)
        info["content"] = content
        info["node_y"] = plate_y + PLATE_H / 2
        return Entry(kind, label, text, content + GAP, 0.0, now, info, _keep(sorted(set(tops)), blocked),
                     _keep(sorted(set(bottoms)), blocked))

    def _band(self, c: Canvas, st: dict[str, TextStyle], kind: str, label: str, text: str,
              info: dict[str, Any], now: bool) -> Entry:
        """A chapter card or the ending: a band across the whole page, never cut."""
        band_y = 6.0
        tab = 74.0 if kind == "chapter" and info.get("number") else 0.0
        wedge = 90.0
        text_x = LEFT + tab + 24
        width = RIGHT - wedge - text_x - (70 if now else 0)
        nt, lt = _lines(c, text, st["band_title"], width)
        h = 14 + 22 + 4 + max(1, nt) * lt + 16
        info.update(band=(LEFT, band_y, RIGHT - LEFT, h), tab=tab, text_x=text_x, width=width)
        return Entry(kind, label, text, band_y + h + GAP, 0.0, now, info, (0.0,), (band_y + h + 4,))

    def _placed(self) -> None:
        """After the view moved: the chapter being read, and the scrollbar's page-up/down areas."""
        reading = ""
        for e in self.blocks:
            if e.top > self.scroll.offset + 0.5:
                break
            if e.kind == "chapter":
                reading = f"{e.label}  ·  {e.text}".upper()
        self.reading = reading
        self.track = []
        if self.scroll.limit > 0:
            top, size = self.scroll.thumb(VIEW_TOP, self.view_h)
            self.track = [("page:up", (TRACK_X - 10, VIEW_TOP, 26, max(0.0, top - VIEW_TOP)), self.scroll.offset > 0),
                          ("page:down", (TRACK_X - 10, top + size, 26, max(0.0, VIEW_TOP + self.view_h - top - size)),
                           self.scroll.offset < self.scroll.limit)]

    # -- input --
    def handle(self, ev: pygame.event.Event) -> None:
        if self.scroll.handle(ev, 3):
            self._placed()
            self.app.invalidate()
            return
        if ev.type == pygame.KEYDOWN and ev.key in (pygame.K_ESCAPE, pygame.K_h, pygame.K_BACKSPACE):
            self.back()
            return
        pos = self.app.mouse(ev)
        if pos is None:
            return
        if ev.type == pygame.MOUSEMOTION:
            hover = inside(pos, self.back_rect())
            if hover != self.hover_back:
                self.hover_back = hover
                self.app.invalidate()
        elif ev.type == pygame.MOUSEBUTTONUP and ev.button == 3:
            self.back()
        elif ev.type == pygame.MOUSEBUTTONUP and ev.button == 1:
            if inside(pos, self.back_rect()):
                self.back()
                return
            for name, rect, enabled in self.track:
                if enabled and inside(pos, rect):
                    self.scroll.page(-1 if name == "page:up" else 1)
                    self._placed()
                    self.app.invalidate()
                    return

    def targets(self) -> list[tuple[str, Rect, bool]]:
        return [("back", self.back_rect(), True)] + [t for t in self.track if t[1][3] > 0]

    # -- look --
    def back_rect(self) -> Rect:
        """The Back button, top right: wide and tall enough for its label and key at this text size."""
        c = self.app.canvas
        label = c.measure("Back", TextStyle("label", BUTTON, self.theme.ink, leading=1.1, scalable=False))[0]
        key = c.measure("ESC", TextStyle("label", 17, self.theme.ink, scalable=False))[0]
        w = max(BACK[2], 22 + label + 20 + key + 16 + 8)
        return (BACK[0] + BACK[2] - w, BACK[1], w, bar_height(c, BACK[3]))

    def draw(self, c: Canvas) -> None:
        t = self.theme
        st = _styles(t)
        backdrop(c, t, 1)
        heading(c, t, "History log", x=80, y=30, kicker="So far")
        draw_bar(c, t, Button("Back", self.back_rect(), lambda: None, hint="ESC"), self.hover_back)
        if self.reading:
            # under the Back button; beside it, to its left, when the text is large enough to meet it
            rst = TextStyle("label", 19, t.muted, scalable=False)
            back = self.back_rect()
            right = PANEL[0] + PANEL[2]
            if PANEL[1] - 12 - c.measure(self.reading, rst)[1] < back[1] + back[3] + 4:
                right = back[0] - 24
            c.text(self.reading, right, PANEL[1] - 12, rst, anchor="bottomright")
        panel = self.panel
        x, y, w, h = panel
        c.fill(t.ink, (x + SHADOW, y + SHADOW, w, h))  # the panel lies on the poster like a sheet
        c.fill(t.paper, panel)
        c.fill(t.ink, (x, y, w, 4))
        c.box(t.ink, panel, 1.5)
        offset, shown = self.scroll.offset, self.scroll.shown
        if not self.blocks:
            c.text("Nothing yet: the story has not begun.", TEXT_X, VIEW_TOP, st["small"], width=TEXT_W)
        with c.clip((x + 2, VIEW_TOP, w - 4, shown)):
            for e in self.blocks:
                if e.top + e.height < offset or e.top > offset + shown:
                    continue
                top = VIEW_TOP + e.top - offset
                if e.kind in BANDS:
                    self._draw_band(c, t, st, e, top)
                else:
                    self._draw_entry(c, t, st, e, top)
        self.scroll.draw(c, t, TRACK_X, VIEW_TOP, self.view_h)
        key_hint(c, t, HINT, y=HINT_Y, x=HINT_X)

    def _plate(self, c: Canvas, t: Theme, st: dict[str, TextStyle], text: str, y: float, fill: Any,
               outline: bool = False) -> None:
        """A slanted label in the margin, right-aligned against the timeline."""
        label = text.upper()
        style = st["plate"] if not outline else st["plate"].with_(colour=t.ink)
        w = c.measure(label, style)[0] + 26
        if w > PLATE_R - LEFT:  # a very long name: the surname alone still says who
            label = label.split()[-1]
            w = c.measure(label, style)[0] + 26
        x = PLATE_R - w
        if outline:
            c.poly(t.paper, [(x + 7, y), (x + w + 7, y), (x + w, y + PLATE_H), (x, y + PLATE_H)])
            c.poly(t.ink, [(x + 7, y), (x + w + 7, y), (x + w, y + PLATE_H), (x, y + PLATE_H)], 1.5)
        else:
            c.slanted(t.ink, (x + 3, y + 3, w, PLATE_H), 7)
            c.slanted(fill, (x, y, w, PLATE_H), 7)
        c.text(label, x + 13 + 3, y + PLATE_H / 2, style, anchor="midleft")

    def _now_tag(self, c: Canvas, t: Theme, st: dict[str, TextStyle], x: float, y: float,
                 fill: Any = None) -> None:
        w = 58.0
        c.slanted(fill or t.focus, (x - w, y, w, NOW_H), 6)
        c.text("NOW", x - w / 2 + 3, y + NOW_H / 2, st["now"], anchor="center")

    def _draw_entry(self, c: Canvas, t: Theme, st: dict[str, TextStyle], e: Entry, top: float) -> None:
        info = e.info
        hc = t.name == "high_contrast"
        # the timeline, with a node for each entry
        c.fill(t.meter_track if not hc else t.ink, (RULE_X - 1, top, 2, e.height))
        node_y = top + info["node_y"]
        if e.now:
            c.fill(t.focus, (RULE_X - 3, top, 6, info["content"]))
            c.circle(t.focus, (RULE_X, node_y), 8)
            c.circle(t.paper, (RULE_X, node_y), 3)
        else:
            c.circle(t.ink, (RULE_X, node_y), 5)
        plate_y = top + info["plate_y"]
        if e.kind == "prompt":
            self._now_tag(c, t, st, PLATE_R, plate_y + (PLATE_H - NOW_H) / 2)
        elif e.kind == "line" and e.label:
            self._plate(c, t, st, e.label, plate_y, t.accent)
        elif e.kind in ("document", "choice", "vote"):
            self._plate(c, t, st, e.label, plate_y, t.ink, outline=True)
        if e.now and e.kind != "prompt":
            self._now_tag(c, t, st, PLATE_R, top + info["now_y"])
        if e.kind in ("line", "prompt"):
            c.text(e.text, TEXT_X, top, st["body"], width=TEXT_W)
        elif e.kind == "document":
            self._draw_document(c, t, st, e, top)
        elif e.kind == "choice":
            self._draw_choice(c, t, st, e, top)
        elif e.kind == "vote":
            self._draw_vote(c, t, st, e, top)

    def _draw_document(self, c: Canvas, t: Theme, st: dict[str, TextStyle], e: Entry, top: float) -> None:
        info = e.info
        pad = info["pad"]
        card = (TEXT_X - 6, top, TEXT_W + 6, info["card"])
        c.fill(t.aged, card)
        c.fill(t.ink, (card[0], top, 4, card[3]))
        c.box(t.ink, card, 1)
        c.text(e.text, TEXT_X + pad, top + info["title_y"], st["doc_title"], width=TEXT_W - 2 * pad)
        if info["body"]:
            c.text(info["body"], TEXT_X + pad, top + info["body_y"], st["doc"], width=TEXT_W - 2 * pad)
        stamp = info.get("stamp")
        if stamp:
            label, sx, sy, sw, sh = stamp
            red = st["stamp"].colour
            c.box(red, (sx, top + sy, sw, sh), 2)
            c.text(label, sx + 10, top + sy + 5, st["stamp"], width=TEXT_W - 2 * pad - 24)

    def _draw_choice(self, c: Canvas, t: Theme, st: dict[str, TextStyle], e: Entry, top: float) -> None:
        info = e.info
        if info["prompt"]:
            c.text(info["prompt"], TEXT_X, top, st["small"], width=TEXT_W)
        bx, by, bw, bh = info["bar"]
        by += top
        c.fill(t.bar, (bx, by, bw, bh))
        c.wedge(t.accent if t.name != "high_contrast" else t.focus, bx + 14, by + 12, 14, min(bh - 24, 22))
        c.text(e.text, bx + 42, by + 9, st["bar"], width=bw - 56)

    def _draw_vote(self, c: Canvas, t: Theme, st: dict[str, TextStyle], e: Entry, top: float) -> None:
        info = e.info
        hc = t.name == "high_contrast"
        if info["body"]:
            c.text(info["body"], TEXT_X, top, st["small"], width=TEXT_W)
        c.text(e.text, TEXT_X, top + info["motion_y"], st["body"], width=TEXT_W)
        ty = top + info["tally_y"]
        votes = (info["for"], info["against"], info["abstain"])
        seats = max(1, sum(votes))
        bar_w, bar_h = 260.0, 22.0
        x = TEXT_X
        by = ty + (34 - bar_h) / 2
        c.fill(t.meter_track, (x, by, bar_w, bar_h))
        red = t.accent if not hc else t.ink
        # for: solid; against: hatched; abstaining: outlined — told apart by pattern and by the words beside
        w_for = bar_w * votes[0] / seats
        w_against = bar_w * votes[1] / seats
        w_abs = bar_w * votes[2] / seats
        c.fill(t.ink, (x, by, w_for, bar_h))
        if w_against > 0:
            c.fill(red, (x + w_for, by, w_against, bar_h))
            with c.clip((x + w_for, by, w_against, bar_h)):
                for i in range(int(w_against / 9) + 4):
                    sx = x + w_for + i * 9 - 10
                    c.line(t.paper, (sx, by + bar_h), (sx + 12, by), 1.5)
        if w_abs > 0:
            c.box(t.muted, (x + w_for + w_against, by, w_abs, bar_h), 2)
        words = f"{votes[0]} for  ·  {votes[1]} against" + (f"  ·  {votes[2]} abstaining" if votes[2] else "")
        r = c.text(words, x + bar_w + 16, ty + 17, st["tally"], anchor="midleft")
        verdict = "CARRIED" if info["passed"] else "DEFEATED"
        vst = TextStyle("label", 20, red, scalable=False)
        vw = c.measure(verdict, vst)[0] + 20
        vx = max(r[0] + r[2] + 24, TEXT_X + TEXT_W - vw)
        c.box(red, (vx, ty + 3, vw, 28), 2.5)
        c.text(verdict, vx + vw / 2, ty + 17, vst, anchor="center")

    def _draw_band(self, c: Canvas, t: Theme, st: dict[str, TextStyle], e: Entry, top: float) -> None:
        info = e.info
        hc = t.name == "high_contrast"
        bx, by, bw, bh = info["band"]
        by += top
        ending = e.kind == "ending"
        fill = (t.accent if not hc else t.ink) if ending else t.ink
        c.fill(fill, (bx, by, bw, bh))
        # one strong diagonal: a wedge driven in from the right edge
        c.poly(t.ink if ending else (t.accent if not hc else t.ink),
               [(bx + bw, by), (bx + bw, by + bh), (bx + bw - 90, by + bh)])
        if info["tab"]:
            c.fill(t.accent if not hc else t.paper, (bx, by, info["tab"], bh))
            c.text(str(info["number"]), bx + info["tab"] / 2, by + bh / 2,
                   st["numeral"].with_(colour=t.paper if not hc else t.ink), anchor="center")
        tx = info["text_x"]
        kicker = e.label if ending else "  ·  ".join(b for b in (e.label, info.get("where", "")) if b)
        c.text(kicker.upper(), tx, by + 14, st["kicker"], width=info["width"])
        c.text(e.text, tx, by + 14 + 26, st["band_title"], width=info["width"])
        if e.now:
            # on the red ending band the tag is black, still with its word
            self._now_tag(c, t, st, bx + bw - 100, by + 14, fill=t.ink if ending and not hc else None)


def _no_gap_wider_than(stops: list[float], view: float) -> list[float]:
    """Extra stops inside anything taller than the view (so it can still be read, a view at a time)."""
    out: list[float] = []
    for a, b in zip(stops, stops[1:] + [stops[-1]]):
        out.append(a)
        while b - out[-1] > view:
            out.append(out[-1] + view * 0.75)
    return out


__all__ = ["HistoryScreen", "Entry"]
