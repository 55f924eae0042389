"""The debrief: the player's path beside history, in six tabs.

It opens on the Summary (``Debrief.first_page``): the ending beside history's, the three
factors that most decided the path and the few decisions where the player differed, on
one screen. One key away: Decisions (each choice beside the historical one, what happened, why it mattered,
the dispute if there is one, the sources), Outcome (the ending beside history's),
Trajectory (each meter by chapter, the player's line beside the historical one),
Factors (the exam factors and how this playthrough met them) and Reflect (the
questions, answered in the game, and the student's report).

All of it comes from ``game.history.debrief.build_debrief``; this screen only lays it out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pygame

from ..canvas import Canvas, inside
from ..text import TextStyle
from ..theme import BODY, LOGICAL_W, Theme
from ..widgets import Button, FocusRing, Scroller, draw_bar
from .base import Screen, backdrop, grown, key_hint

if TYPE_CHECKING:  # pragma: no cover
    from ..app import App

TABS = ("Summary", "Decisions", "Outcome", "Trajectory", "Factors", "Reflect")
SUMMARY, DECISIONS, OUTCOME, TRAJECTORY, FACTORS, REFLECT = range(len(TABS))
#: The summary lists at least this many differences (when there are), even if it must scroll.
MIN_DIFFERENCES = 3
X, W = 80.0, 1120.0
#: The tabs' content starts below the header (at least at ``TOP``; lower when large text
#: makes the header taller) and ends at ``BOTTOM``, above the key hint.
TOP, BOTTOM = 196.0, 670.0


def build(pt: Any, questions: Any = None) -> Any:
    """The debrief data (an assignment's questions, or the shipped defaults), or None when the
    history module is not installed."""
    try:
        from ...classroom.questions import load_default_questions
        from ...history.debrief import build_debrief
    except ImportError:  # pragma: no cover - the history package ships with the game
        return None
    return build_debrief(pt, questions if questions is not None else load_default_questions())


def mark(matched: bool | None) -> str:
    if matched is None:
        return "No single historical option"
    return "Same as history" if matched else "Different from history"


def draw_mark(c: Canvas, t: Theme, matched: bool | None, x: float, y: float, right: bool = True) -> None:
    """The comparison mark: filled square (same), hollow square (different), circle (none) — with words."""
    label = mark(matched)
    st = TextStyle("label", 19, t.ink, scalable=False)
    w = c.measure(label, st)[0]
    left = x - w - 28 if right else x
    if matched is None:
        c.circle(t.muted, (left + 9, y + 11), 8, 2)
    elif matched:
        c.fill(t.ink, (left, y + 2, 18, 18))
    else:
        c.box(t.accent if t.name != "high_contrast" else t.ink, (left, y + 2, 18, 18), 3)
    c.text(label, left + 26, y + 11, st, anchor="midleft")


@dataclass
class Block:
    """One laid-out piece of a tab: its height and how to draw it at a given top."""

    height: float
    draw: Callable[[Canvas, float], None]


class DebriefScreen(Screen):
    name = "debrief"
    title = "Debrief"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        session = app.session
        questions = getattr(session.assignment, "questions", None)
        self.data: Any = build(session.pt, questions) if session.pt is not None else None
        self.tab = SUMMARY
        self.differences_shown = 0  # how many of the first page's differences the summary has room for
        self.scroll = Scroller()
        self.blocks: list[Block] = []
        self.tab_rects: list[tuple[float, float, float, float]] = []
        #: Where the header's title and headline stand, and where the content starts:
        #: measured in relayout, so large text pushes the tabs and content down instead of
        #: running into them.
        self.title_y, self.headline_y, self.top = 56.0, 112.0, TOP
        self.ring = FocusRing(axis="horizontal", on_move=self._moved)
        self.relayout()

    # -- layout --
    def _kicker(self) -> str:
        d = self.data
        kicker = "DEBRIEF" + (" SO FAR" if d is not None and not d.finished else "")
        if d is not None:
            kicker += f"  ·  {d.scenario_title}  ·  {d.role_name}".upper()
        return kicker

    def _headline(self) -> str:
        d = self.data
        if d is None:
            return ""
        if self.tab == SUMMARY:
            return str(d.first_page.headline)
        if d.comparable_count:
            return f"You did what was done historically in {d.matched_count} of {d.comparable_count} decisions"
        return ""

    def _kicker_width(self) -> float:
        return W - 470 if self.app.session.assignment is not None else W

    def relayout(self) -> None:
        c = self.app.canvas
        t = self.theme
        # Measured at leading 1.0 (the type itself, without the air under its last line), so
        # at 100 % every line stands where it always has; larger text moves what follows down.
        kicker_h = c.measure(self._kicker(), TextStyle("label", 22, t.ink, leading=1.0, scalable=False),
                             self._kicker_width())[1]
        self.title_y = grown(56.0, 30 + kicker_h + 4)
        title_h = c.measure("Your path beside history", TextStyle("label", 46, t.ink, leading=1.0, scalable=False))[1]
        self.headline_y = grown(112.0, self.title_y + title_h + 10)
        headline = self._headline()
        headline_h = (c.measure(headline, TextStyle("label", 21, t.ink, leading=1.0, scalable=False), W)[1]
                      if headline else 0.0)
        tab_st = TextStyle("label", 22, t.ink, scalable=False)
        tab_h = grown(36.0, c.measure("1  SUMMARY", tab_st.with_(leading=1.0))[1] + 14)
        self.tab_rects = []
        x, y = X, grown(146.0, self.headline_y + headline_h + 13)
        for i, name in enumerate(TABS):
            w = c.measure(f"{i + 1}  {name.upper()}", tab_st)[0] + 34
            if x > X and x + w > X + W:  # large text: the tabs go on in a second row
                x, y = X, y + tab_h + 8
            self.tab_rects.append((x, y, w, tab_h))
            x += w + 10
        self.top = grown(TOP, y + tab_h + 14)
        builders = [self._summary, self._decisions, self._outcome, self._trajectory, self._factors, self._reflect]
        self.blocks = builders[self.tab](c) if self.data is not None else [self._note(c, "The debrief is not available.")]
        self.scroll.content = sum(b.height for b in self.blocks)
        self.scroll.view = BOTTOM - self.top
        self.scroll.clamp()
        buttons = [Button("Back", (X + W - 180, 700 - 20, 180, 0), self.back, ident="back")]
        if self.tab == REFLECT and self.data is not None:
            buttons.insert(0, Button("Answer the questions", (X, self.top, 420, 54), self._answer, ident="answer"))
        self.ring.set([b for b in buttons if b.rect[3] > 0], keep=False)

    def _answer(self) -> None:
        from .reflect import ReflectScreen

        self.app.push(ReflectScreen(self.app, self.data))

    def set_tab(self, i: int) -> None:
        self.tab = i % len(TABS)
        self.scroll.offset = 0
        self.relayout()
        self.app.invalidate()

    # -- input --
    def handle(self, ev: pygame.event.Event) -> None:
        if ev.type == pygame.KEYDOWN:
            if ev.key in (pygame.K_LEFT, pygame.K_RIGHT):
                self.set_tab(self.tab + (1 if ev.key == pygame.K_RIGHT else -1))
                return
            if ev.key == pygame.K_TAB:
                self.set_tab(self.tab + (-1 if ev.mod & pygame.KMOD_SHIFT else 1))
                return
            if pygame.K_1 <= ev.key < pygame.K_1 + len(TABS):
                self.set_tab(ev.key - pygame.K_1)
                return
            if ev.key == pygame.K_ESCAPE:
                self.back()
                return
            if ev.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE) and self.tab == REFLECT and self.data:
                self._answer()
                return
        if self.scroll.handle(ev, 48):
            self.app.invalidate()
            return
        pos = self.app.mouse(ev)
        if ev.type == pygame.MOUSEBUTTONUP and ev.button == 1 and pos is not None:
            for i, rect in enumerate(self.tab_rects):
                if inside(pos, rect):
                    self.set_tab(i)
                    return
            if self.tab == REFLECT and self.ring.buttons:
                b = self.ring.buttons[0]
                top = b.rect[1] - self.scroll.offset
                if inside(pos, (b.rect[0], top, b.rect[2], b.rect[3])):
                    self._answer()
                    return
        if ev.type == pygame.MOUSEBUTTONUP and ev.button == 3:
            self.back()

    def targets(self) -> list[tuple[str, tuple[float, float, float, float], bool]]:
        out = [(f"tab:{name.lower()}", r, True) for name, r in zip(TABS, self.tab_rects)]
        if self.tab == REFLECT and self.ring.buttons:
            b = self.ring.buttons[0]
            out.append((b.name, (b.rect[0], b.rect[1] - self.scroll.offset, b.rect[2], b.rect[3]), True))
        return out

    # -- look --
    def draw(self, c: Canvas) -> None:
        t = self.theme
        backdrop(c, t, 1)
        d = self.data
        c.text(self._kicker(), X, 30, TextStyle("label", 22, t.accent if t.name != "high_contrast" else t.ink,
                                                scalable=False), width=self._kicker_width())
        c.text("Your path beside history", X, self.title_y, TextStyle("label", 46, t.ink, scalable=False))
        if d is not None:
            # on the Summary the first page's headline, where it is read first
            headline = self._headline()
            if headline:
                c.text(headline, X, self.headline_y,
                       TextStyle("label", 21, t.ink if self.tab == SUMMARY else t.muted, scalable=False), width=W)
            if self.app.session.assignment is not None and self.tab != REFLECT:
                key_hint(c, t, f"Your teacher's questions: tab {REFLECT + 1}, Reflect  →", y=42, x=X + W, anchor="right",
                         colour=t.accent if t.name != "high_contrast" else t.ink)
        for i, (name, rect) in enumerate(zip(TABS, self.tab_rects)):
            st = TextStyle("label", 22, t.paper if i == self.tab else t.ink, scalable=False)
            if i == self.tab:
                c.slanted(t.focus if t.name == "high_contrast" else t.ink, rect, 8)
            else:
                c.box(t.ink, rect, 1.5)
            c.text(f"{i + 1}  {name.upper()}", rect[0] + rect[2] / 2 + 3, rect[1] + rect[3] / 2, st, anchor="center")
        top = self.top
        with c.clip((X - 20, top - 6, W + 40, BOTTOM - top + 6)):
            y = top - self.scroll.offset
            for b in self.blocks:
                if y + b.height >= top - 10 and y <= BOTTOM + 10:
                    b.draw(c, y)
                y += b.height
        self.scroll.draw(c, t, X + W + 20, top, BOTTOM - top)
        key_hint(c, t, f"← → or 1–{len(TABS)} tabs   ·   ↑ ↓ scroll   ·   Esc back", y=698)

    # -- tabs --
    def _note(self, c: Canvas, text: str) -> Block:
        st = TextStyle("body", BODY, self.theme.muted, leading=1.4)
        h = c.measure(text, st, W)[1] + 20
        return Block(h, lambda c, y: c.text(text, X, y, st, width=W) and None)

    def _summary(self, c: Canvas) -> list[Block]:
        """The first page: both endings, then the key factors beside the differences."""
        t = self.theme
        page = self.data.first_page
        red = t.accent if t.name != "high_contrast" else t.ink
        label = TextStyle("label", 19, t.muted, scalable=False)
        title_st = TextStyle("label", 24, t.ink, leading=1.05, scalable=False)
        body = TextStyle("body", BODY - 6, t.ink, leading=1.25)
        small = TextStyle("body", BODY - 7, t.ink, leading=1.2)
        col_w = (W - 30) / 2
        pad = 20
        # Under a small label the next line starts by the label's measured size (29 at 100 %),
        # so large text pushes it down instead of over it.
        below_label = 6 + c.measure("YOUR ENDING", label.with_(leading=1.0))[1] + 4

        def ending_h(e: Any) -> float:
            if e is None:
                return below_label + 11 + c.measure("Not reached yet: this is your path so far.", body,
                                                    col_w - 2 * pad)[1]
            return (below_label + 3 + c.measure(e.title, title_st, col_w - 2 * pad)[1] + 4
                    + c.measure(e.summary, body, col_w - 2 * pad)[1])

        head_h = 0.0
        panel_h = max(ending_h(page.player_ending), ending_h(page.historical_ending)) + 10
        hist_label = "WHAT HAPPENED IN THIS CHAPTER" if page.chapter_id else "WHAT HAPPENED"

        def panel(c: Canvas, x: float, y: float, kicker: str, e: Any, bar: Any) -> None:
            c.fill(t.paper, (x, y, col_w, panel_h))
            c.box(t.ink, (x, y, col_w, panel_h), 1.5)
            c.fill(bar, (x, y, 8, panel_h))
            c.text(kicker, x + pad + 4, y + 6, label)
            if e is None:
                c.text("Not reached yet: this is your path so far.", x + pad + 4, y + below_label + 9,
                       body.with_(colour=t.muted),
                       width=col_w - 2 * pad)
                return
            r = c.text(e.title, x + pad + 4, y + below_label, title_st, width=col_w - 2 * pad)
            c.text(e.summary, x + pad + 4, r[1] + r[3] + 4, body, width=col_w - 2 * pad)

        def top(c: Canvas, y: float) -> None:
            py = y + head_h
            panel(c, X, py, "YOUR ENDING", page.player_ending, t.ink)
            panel(c, X + col_w + 30, py, hist_label, page.historical_ending, red)

        blocks = [Block(head_h + panel_h + 8, top)]

        # the key factors side by side in one row: title, then how often this path met it
        item_st = TextStyle("label", 19, t.ink, leading=1.1, scalable=False)
        muted = small.with_(colour=t.muted)
        n_f = max(1, len(page.key_factors))
        fw = (W - 30 * (n_f - 1)) / n_f
        notes = [_factor_note(f) for f in page.key_factors]
        heading_h = below_label - 1  # a section's heading and the air under it (28 at 100 %)
        f_h = heading_h + max((c.measure(f"{i}. {f.title}", item_st, fw)[1] + 2 + c.measure(note, muted, fw)[1]
                        for i, (f, note) in enumerate(zip(page.key_factors, notes), 1)), default=0.0) + 6

        def factors_row(c: Canvas, y: float) -> None:
            c.text("WHAT MOST DECIDED YOUR PATH", X, y, label.with_(colour=t.ink))
            for i, (f, note) in enumerate(zip(page.key_factors, notes)):
                fx = X + i * (fw + 30)
                r = c.text(f"{i + 1}. {f.title}", fx, y + heading_h, item_st, width=fw)
                c.text(note, fx, r[1] + r[3] + 2, muted, width=fw)

        if page.key_factors:
            blocks.append(Block(f_h, factors_row))

        # where the player differed: the decision, then what they did beside what history did
        blocks.append(Block(heading_h, lambda c, y: c.text("WHERE YOU DIFFERED FROM HISTORY", X, y,
                                                    label.with_(colour=t.ink)) and None))
        half = (W - 30) / 2
        rows: list[Block] = []
        for x in page.differences:
            where = f"{x.chapter_title}: " if x.chapter_title else ""
            prompt, you, hist = f"{x.n}. {where}{x.prompt}", f"*You:* {x.player}", f"*History:* {x.historical}"
            h = (c.measure(prompt, item_st, W)[1] + 4
                 + max(c.measure(you, small, half)[1], c.measure(hist, muted, half)[1] if x.historical else 0) + 6)

            def row(c: Canvas, y: float, prompt: str = prompt, you: str = you, hist: str = hist,
                    shown: bool = bool(x.historical)) -> None:
                r = c.text(prompt, X, y, item_st, width=W)
                cy = r[1] + r[3] + 4
                c.text(you, X, cy, small, width=half)
                if shown:
                    c.text(hist, X + half + 30, cy, muted, width=half)

            rows.append(Block(h, row))
        # As many differences as fit the screen, never fewer than three: the page is one screen,
        # and the Decisions tab, one key away, has every one.
        more_h = c.measure("…and 10 more differences: tab 2, Decisions, has every one.", muted, W)[1] + 4
        room = BOTTOM - self.top - sum(b.height for b in blocks) - more_h
        keep = 0
        for b in rows:
            if keep >= MIN_DIFFERENCES and b.height > room:
                break
            room -= b.height
            keep += 1
        blocks += rows[:keep]
        self.differences_shown = keep
        n = page.more_differences + len(rows) - keep
        if n:
            more = f"…and {n} more {'difference' if n == 1 else 'differences'}: tab 2, Decisions, has every one."
        elif not page.differences:
            more = ("Nowhere: at every decision that can be compared, you did what was done historically."
                    if self.data.comparable_count else "There is no decision to compare yet.")
        else:
            more = ""
        if more:
            blocks.append(Block(c.measure(more, muted, W)[1] + 4,
                                lambda c, y: c.text(more, X, y, muted, width=W) and None))
        return blocks

    def _decisions(self, c: Canvas) -> list[Block]:
        d = self.data
        if not d.decisions:
            return [self._note(c, "You have not taken a decision yet. Each one will appear here beside what "
                                  "happened in history.")]
        return [self._decision(c, dv) for dv in d.decisions]

    def _decision(self, c: Canvas, dv: Any) -> Block:
        t = self.theme
        body = TextStyle("body", BODY - 3, t.ink, leading=1.35)
        small = TextStyle("body", 17, t.muted, leading=1.3, scalable=False)
        label = TextStyle("label", 18, t.muted, scalable=False)
        col_w = (W - 60) / 2 - 10
        prompt_st = TextStyle("label", 27, t.ink, leading=1.1, scalable=False)
        you = dv.player
        hist = dv.historical or "The story marks no single historical option here; see what happened below."
        if dv.kind == "appointments" and dv.posts:
            you = "\n".join(f"{p.post}: {p.player}" for p in dv.posts)
            hist = "\n".join(f"{p.post}: {p.historical or '—'}" for p in dv.posts)
        rec = dv.record
        rec_lines: list[tuple[str, TextStyle]] = []
        if rec is not None:
            rec_lines.append((f"What happened · {rec.date_text}: {rec.title}", TextStyle("label", 21, t.ink,
                                                                                          scalable=False)))
            rec_lines.append((rec.what, body))
            if rec.why:
                rec_lines.append((f"*Why it mattered:* {rec.why}", body))
            if rec.dispute is not None:
                rec_lines.append((f"**Historians disagree:** {rec.dispute.question}", body))
                for r in rec.dispute.readings:
                    rec_lines.append((f"— {r.view} (*{r.held_by}*)", body))
            if rec.sources:
                rec_lines.append(("Sources: " + "; ".join(rec.sources), small))
        # Under each small label the text starts by the label's measured size (26 at 100 %).
        lab_h = c.measure("YOU", label.with_(leading=1.0))[1]
        head_h = lab_h + 12 + c.measure(dv.prompt, prompt_st, W - 300)[1] + 12
        cols_h = lab_h + 12 + max(c.measure(you, body, col_w)[1], c.measure(hist, body, col_w)[1]) + 18
        rec_h = sum(c.measure(text, st, W - 60)[1] + 6 for text, st in rec_lines) + (14 if rec_lines else 0)
        height = head_h + cols_h + rec_h + 30

        def draw(c: Canvas, y: float) -> None:
            c.fill(t.paper, (X, y, W, height - 16))
            c.box(t.ink, (X, y, W, height - 16), 1.5)
            bar = t.ink if dv.matched else (t.accent if t.name != "high_contrast" else t.ink)
            c.fill(bar if dv.matched is not None else t.muted, (X, y, 8, height - 16))
            where = f"{dv.n}  ·  {dv.chapter_title.upper()}" if dv.chapter_title else str(dv.n)
            kind = {"choice": "", "vote": "  ·  VOTE", "appointments": "  ·  APPOINTMENTS"}.get(dv.kind, "")
            c.text(where + kind, X + 30, y + 12, label)
            draw_mark(c, t, dv.matched, X + W - 24, y + 10)
            r = c.text(dv.prompt, X + 30, y + 12 + lab_h + 8, prompt_st, width=W - 300)
            cy = r[1] + r[3] + 12
            c.text("YOU", X + 30, cy, label.with_(colour=t.ink))
            c.text("HISTORY", X + 30 + col_w + 20, cy, label.with_(colour=t.ink))
            c.text(you, X + 30, cy + lab_h + 8, body, width=col_w)
            c.text(hist, X + 30 + col_w + 20, cy + lab_h + 8, body, width=col_w)
            c.fill(t.meter_track, (X + 30 + col_w + 5, cy, 2, cols_h - 18))
            cy += cols_h
            if rec_lines:
                c.fill(t.ink, (X + 30, cy - 6, W - 60, 1.5))
                cy += 8
                for text, st in rec_lines:
                    r = c.text(text, X + 30, cy, st, width=W - 60)
                    cy = r[1] + r[3] + 6

        return Block(height, draw)

    def _outcome(self, c: Canvas) -> list[Block]:
        t = self.theme
        o = self.data.outcome
        body = TextStyle("body", BODY - 3, t.ink, leading=1.35)
        small = TextStyle("body", 17, t.muted, leading=1.3, scalable=False)
        col_w = (W - 40) / 2

        def panel_h(e: Any, with_debrief: bool) -> float:
            if e is None:
                return 140.0
            h = 60 + c.measure(e.title, TextStyle("label", 34, t.ink, leading=1.05, scalable=False), col_w - 60)[1]
            h += c.measure(e.summary, body, col_w - 60)[1] + 16
            if with_debrief and e.debrief:
                h += c.measure(e.debrief, body, col_w - 60)[1] + 12
            if e.sources:
                h += c.measure("Sources: " + "; ".join(e.sources), small, col_w - 60)[1] + 10
            return h + 20

        height = max(panel_h(o.player, True), panel_h(o.historical, True)) + 60

        def draw_panel(c: Canvas, x: float, y: float, title: str, e: Any, h: float) -> None:
            c.fill(t.paper, (x, y, col_w, h))
            c.box(t.ink, (x, y, col_w, h), 1.5)
            c.fill(t.ink, (x, y, col_w, 34))
            c.text(title, x + 20, y + 17, TextStyle("label", 20, t.paper, scalable=False), anchor="midleft")
            if e is None:
                c.text("Your playthrough has not reached an ending yet.", x + 30, y + 56, body, width=col_w - 60)
                return
            r = c.text(e.title, x + 30, y + 50, TextStyle("label", 34, t.ink, leading=1.05, scalable=False),
                       width=col_w - 60)
            r = c.text(e.summary, x + 30, r[1] + r[3] + 8, body, width=col_w - 60)
            cy = r[1] + r[3] + 10
            if e.debrief:
                r = c.text(e.debrief, x + 30, cy, body.with_(colour=t.muted), width=col_w - 60)
                cy = r[1] + r[3] + 10
            if e.sources:
                c.text("Sources: " + "; ".join(e.sources), x + 30, cy, small, width=col_w - 60)

        def draw(c: Canvas, y: float) -> None:
            if o.matched is not None:
                draw_mark(c, t, o.matched, X, y + 6, right=False)
            h = height - 60
            draw_panel(c, X, y + 40, "YOUR ENDING", o.player, h)
            draw_panel(c, X + col_w + 40, y + 40, "WHAT HAPPENED", o.historical, h)

        blocks = [Block(height, draw)]
        if o.aftermath:
            head = Block(50, lambda c, y: c.text("WHAT FOLLOWED", X, y + 14,
                                                 TextStyle("label", 24, t.ink, scalable=False)) and None)
            blocks.append(head)
            for a in o.aftermath:
                text = f"**{a.person}** · {a.record.date_text}: {a.record.what}"
                src = "Sources: " + "; ".join(a.record.sources)
                h = c.measure(text, body, W - 40)[1] + c.measure(src, small, W - 40)[1] + 24

                def draw_a(c: Canvas, y: float, text: str = text, src: str = src) -> None:
                    r = c.text(text, X + 20, y, body, width=W - 40)
                    c.text(src, X + 20, r[1] + r[3] + 4, small, width=W - 40)

                blocks.append(Block(h, draw_a))
        return blocks

    def _trajectory(self, c: Canvas) -> list[Block]:
        t = self.theme
        tr = self.data.trajectory
        if not tr.meters or not tr.chapters:
            return [self._note(c, "This story declares no meters to chart.")]
        cols = 3 if len(tr.meters) > 4 else 2
        cw = (W - (cols - 1) * 30) / cols
        rows = (len(tr.meters) + cols - 1) // cols
        key_st = TextStyle("label", 20, t.ink, scalable=False)
        explain_st = TextStyle("label", 18, t.muted, scalable=False)
        explain = ("Values where the chapter began and at its end." if any(k.start for k in tr.chapters)
                   else "Values at the end of each chapter (numbered along the bottom).")
        # The legend flows from measured widths; the explanation goes under the keys when
        # large text leaves it no room beside them.
        mine_w, hist_w = c.measure("Your playthrough", key_st)[0], c.measure("History", key_st)[0]
        key_h = max(28.0, c.measure("History", key_st)[1])
        hx = max(X + 260, X + 52 + mine_w + 30)
        ex = max(hx + 170, hx + 52 + hist_w + 30)
        beside = ex + c.measure(explain, explain_st)[0] <= X + W
        explain_h = 0.0 if beside else c.measure(explain, explain_st, W)[1] + 4
        red = t.accent if t.name != "high_contrast" else t.ink

        def legend(c: Canvas, y: float) -> None:
            mid = y + key_h / 2
            c.line(t.ink, (X, mid), (X + 40, mid), 3)
            c.circle(t.ink, (X + 20, mid), 6)
            c.text("Your playthrough", X + 52, mid, key_st, anchor="midleft")
            _dashed(c, red, (hx, mid), (hx + 40, mid))
            c.box(red, (hx + 14, mid - 6, 12, 12), 2.5)
            c.text("History", hx + 52, mid, key_st, anchor="midleft")
            if beside:
                c.text(explain, ex, mid, explain_st, anchor="midleft")
            else:
                c.text(explain, X, y + key_h + 4, explain_st, width=W)

        blocks = [Block(key_h + explain_h + 16, legend)]
        for r in range(rows):
            row = tr.meters[r * cols:(r + 1) * cols]
            frame = _frame(c, t, tr, row, cw)

            def draw_row(c: Canvas, y: float, row: Any = row, frame: ChartFrame = frame) -> None:
                for k, m in enumerate(row):
                    _chart(c, t, tr, m, X + k * (cw + 30), y, cw, frame)
            blocks.append(Block(frame.height + 22, draw_row))
        return blocks

    def _factors(self, c: Canvas) -> list[Block]:
        t = self.theme
        body = TextStyle("body", BODY - 3, t.ink, leading=1.35)
        blocks = []
        if not self.data.factors:
            return [self._note(c, "This story names no factors.")]
        for f in self.data.factors:
            uses = [f"{u.n}. {u.prompt} — you: {u.player}" for u in f.uses]
            h = 44 + c.measure(f.description, body.with_(colour=t.muted), W - 60)[1] + 8
            h += c.measure(f.summary, body, W - 60)[1] + 8
            h += sum(c.measure(u, body, W - 100)[1] + 4 for u in uses) + 28

            def draw(c: Canvas, y: float, f: Any = f, uses: list[str] = uses, h: float = h) -> None:
                c.fill(t.paper, (X, y, W, h - 14))
                c.box(t.ink, (X, y, W, h - 14), 1.5)
                c.fill(t.accent if f.uses and t.name != "high_contrast" else t.ink, (X, y, 8, h - 14))
                c.text(f.title, X + 30, y + 10, TextStyle("label", 27, t.ink, scalable=False), width=W - 60)
                r = c.text(f.description, X + 30, y + 44, body.with_(colour=t.muted), width=W - 60)
                r = c.text(f.summary, X + 30, r[1] + r[3] + 8, body, width=W - 60)
                cy = r[1] + r[3] + 8
                for u, use in zip(uses, f.uses):
                    if use.matched is None:
                        c.circle(t.muted, (X + 48, cy + 13), 6, 2)
                    elif use.matched:
                        c.fill(t.ink, (X + 41, cy + 6, 14, 14))
                    else:
                        c.box(t.ink, (X + 41, cy + 6, 14, 14), 2.5)
                    r = c.text(u, X + 70, cy, body, width=W - 100)
                    cy = r[1] + r[3] + 4

            blocks.append(Block(h, draw))
        return blocks

    def _reflect(self, c: Canvas) -> list[Block]:
        t = self.theme
        body = TextStyle("body", BODY - 2, t.ink, leading=1.35)
        answers = self.app.session.answers
        blocks = [Block(80, lambda c, y: self._answer_button(c, y))]
        for n, q in enumerate(self.data.questions, 1):
            a = answers.get(q.id)
            answer = a.as_text(q) if a is not None else ""
            kind = {"menu": "pick one", "text": "your own words", "alternatives": f"{q.min_items}–{q.max_items}"
                    " short answers"}.get(q.kind, "")
            opt = "" if q.required else " (optional)"
            shown = answer or "Not answered yet."
            h = 34 + c.measure(q.prompt, body, W - 60)[1] + c.measure(shown, body, W - 90)[1] + 30

            def draw(c: Canvas, y: float, n: int = n, q: Any = q, shown: str = shown, answered: bool = bool(answer),
                     kind: str = kind, opt: str = opt, h: float = h) -> None:
                c.text(f"QUESTION {n}  ·  {kind.upper()}{opt.upper()}", X, y, TextStyle("label", 18, t.muted,
                                                                                         scalable=False))
                r = c.text(q.prompt, X, y + 26, body, width=W - 60)
                c.fill(t.ink if answered else t.meter_track, (X, r[1] + r[3] + 6, 5, h - r[3] - 48))
                c.text(shown, X + 20, r[1] + r[3] + 6, body.with_(colour=t.ink if answered else t.muted),
                       width=W - 90)

            blocks.append(Block(h, draw))
        return blocks

    def _answer_button(self, c: Canvas, y: float) -> None:
        b = self.ring.buttons[0] if self.ring.buttons and self.ring.buttons[0].name == "answer" else None
        if b is None:
            return
        shown = Button(b.label, (b.rect[0], y, b.rect[2], b.rect[3]), b.action, ident=b.ident)
        draw_bar(c, self.theme, shown, True)
        c.text("Answer in the game; with your name, they become a report for your teacher.", X + 450, y + 27,
               TextStyle("label", 19, self.theme.muted, scalable=False), anchor="midleft")


def _factor_note(f: Any) -> str:
    """A key factor in a few words: how many decisions met it, and how many of them as in history."""
    n = len(f.uses)
    comparable = [u for u in f.uses if u.matched is not None]
    said = f"In {n} of your decisions" if n != 1 else "In one of your decisions"
    if not comparable:
        return said + "."
    same = sum(1 for u in comparable if u.matched)
    return f"{said}; as in history {same} of {len(comparable)}."


def _dashed(c: Canvas, colour: tuple[int, int, int], a: tuple[float, float], b: tuple[float, float]) -> None:
    (x0, y0), (x1, y1) = a, b
    length = max(1.0, ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5)
    n = max(1, int(length // 10))
    for i in range(0, n, 2):
        s, e = i / n, min(1.0, (i + 1) / n)
        c.line(colour, (x0 + (x1 - x0) * s, y0 + (y1 - y0) * s), (x0 + (x1 - x0) * e, y0 + (y1 - y0) * e), 3)


@dataclass(frozen=True)
class ChartFrame:
    """The measured parts of one row of meter charts, so every text has its own room."""

    title_h: float  # the tallest meter name in the row (names wrap at large text)
    so_far_h: float  # room for "so far" over the current chapter (0 when the path is finished)
    axis_w: float  # the widest value on the left axis
    tick_h: float  # the chapter numbers under the plot
    note_h: float  # the line saying where history's values come from
    plot_h: float = 106.0

    @property
    def above_plot(self) -> float:
        """From the row's top to the plot's: the title, then room for "so far" and for half of
        the top axis value, which stands centred on the plot's top edge."""
        return self.title_h + 4 + max(self.so_far_h, self.tick_h / 2)

    @property
    def height(self) -> float:
        return self.above_plot + self.plot_h + 4 + self.tick_h + 2 + self.note_h


_CHART_TITLE = ("label", 21)
_CHART_AXIS = ("label", 15)
_CHART_NOTE = ("label", 14)
_CHART_SO_FAR = ("label", 14)


def _chart_note(m: Any) -> str:
    return {"declared": "history: declared in the story", "computed": "history: replayed from historical options",
            "none": "no historical line"}.get(m.source, "")


def _frame(c: Canvas, t: Theme, tr: Any, row: Any, w: float) -> ChartFrame:
    def st(kind: tuple[str, int]) -> TextStyle:
        return TextStyle(kind[0], kind[1], t.ink, scalable=False)

    axis_w = max(c.measure(str(v), st(_CHART_AXIS))[0] for m in row for v in (m.minimum, m.maximum))
    plot_w = w - axis_w - 16
    return ChartFrame(
        title_h=max(c.measure(m.label, st(_CHART_TITLE), w)[1] for m in row),
        so_far_h=c.measure("so far", st(_CHART_SO_FAR))[1] if tr.current else 0.0,
        axis_w=axis_w,
        tick_h=c.measure("start 9", st(_CHART_AXIS))[1],
        note_h=max(c.measure(_chart_note(m), st(_CHART_NOTE), plot_w)[1] for m in row),
    )


def _chart(c: Canvas, t: Theme, tr: Any, m: Any, x: float, y: float, w: float, f: ChartFrame) -> None:
    """One meter: axes, the player's line (solid, dots) and history's (dashed, squares)."""
    c.text(m.label, x, y, TextStyle(*_CHART_TITLE, t.ink, scalable=False), width=w)
    px = x + f.axis_w + 10
    py = y + f.above_plot
    pw, ph = w - f.axis_w - 16, f.plot_h
    c.fill(t.paper, (px, py, pw, ph))
    c.box(t.ink, (px, py, pw, ph), 1)
    lo, hi = m.minimum, m.maximum
    span = max(1, hi - lo)
    for v in (lo, (lo + hi) // 2, hi):
        vy = py + ph - (v - lo) / span * ph
        c.fill(t.meter_track, (px, vy, pw, 1))
        c.text(str(v), px - 6, vy, TextStyle(*_CHART_AXIS, t.muted, scalable=False), anchor="midright")
    n = len(tr.chapters)

    def at(i: int, v: int) -> tuple[float, float]:
        cx = px + (pw * (i + 0.5) / n)
        return cx, py + ph - (v - lo) / span * ph

    for i, tick in enumerate(tr.chapters):
        cx = at(i, lo)[0]
        # a one-chapter chart begins where the chapter began, not at the end of the one before
        c.text("start" if tick.start else str(tick.number), cx, py + ph + 4,
               TextStyle(*_CHART_AXIS, t.muted, scalable=False), anchor="midtop")
    red = t.accent if t.name != "high_contrast" else t.ink
    hist = [(i, v) for i, v in enumerate(m.historical) if v is not None]
    for (i0, v0), (i1, v1) in zip(hist, hist[1:]):
        _dashed(c, red, at(i0, v0), at(i1, v1))
    mine = [(i, v) for i, v in enumerate(m.player) if v is not None]
    for (i0, v0), (i1, v1) in zip(mine, mine[1:]):
        c.line(t.ink, at(i0, v0), at(i1, v1), 3)
    for i, v in mine:
        c.circle(t.ink, at(i, v), 5)
    # history's squares go on top and are larger, so they show even where both lines agree
    for i, v in hist:
        hx, hy = at(i, v)
        c.box(red, (hx - 8, hy - 8, 16, 16), 2.5)
    if tr.current:
        for i, tick in enumerate(tr.chapters):
            if tick.id == tr.current:
                cx = at(i, lo)[0]
                c.text("so far", cx, py - 2, TextStyle(*_CHART_SO_FAR, t.muted, scalable=False), anchor="midbottom")
    c.text(_chart_note(m), px, py + ph + 4 + f.tick_h + 2, TextStyle(*_CHART_NOTE, t.muted, scalable=False), width=pw)


__all__ = ["DebriefScreen", "build", "LOGICAL_W"]
