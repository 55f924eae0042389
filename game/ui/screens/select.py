"""Role and scenario select: every role and scenario the manifest declares, with what each teaches."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

import pygame

from ..canvas import Canvas, inside
from ..text import TextStyle
from ..theme import BODY, LOGICAL_H, LOGICAL_W
from ..widgets import Button
from .base import Screen, heading, key_hint
from .dialog import Dialog, kept_detail

if TYPE_CHECKING:  # pragma: no cover
    from ..app import App

LIST_TOP = 216  # at 100 %; the list starts below the role tabs, however tall the text makes them
LIST_BOTTOM = 672
ROW_GAP = 6


class SelectScreen(Screen):
    name = "select"
    title = "New game"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        story = app.session.story
        assert story is not None
        self.story = story
        self.roles = [r for r in story.roles.values() if any(s.role == r.id for s in story.scenarios.values())]
        self.role = 0
        self.scroll = 0.0
        self.tabs: list[tuple[str, tuple[float, float, float, float]]] = []
        self.list_top = float(LIST_TOP)
        self.list_bottom = float(LIST_BOTTOM)
        self.relayout()

    @property
    def scenarios(self) -> list:  # type: ignore[type-arg]
        role = self.roles[self.role].id if self.roles else None
        return [s for s in self.story.scenarios.values() if s.role == role]

    def _fit_row(self) -> float:
        n = max(1, len(self.scenarios))
        return max(38.0, min(48.0, (self.list_bottom - self.list_top - ROW_GAP * (n - 1)) / n))

    def row_style(self) -> TextStyle:
        """Rows shrink (down to 38 px) so a role's scenarios fit without scrolling when they can."""
        return TextStyle("label", 23 if self._fit_row() < 44 else 26, self.theme.bar_text, leading=1.1, scalable=False)

    @property
    def row_h(self) -> float:
        """As tall as the longest title needs at this text size (it may wrap), else as fits."""
        c = self.app.canvas
        st = self.row_style()
        hint_w = max((c.measure(f"{self.app.session.minutes(sc.id)} min", TextStyle("label", 17, st.colour,
                                                                                    scalable=False))[0] + 16
                      for sc in self.scenarios), default=0.0)
        need = max((c.measure(sc.title, st, 500 - 42 - hint_w)[1] + 12 for sc in self.scenarios), default=38.0)
        return max(self._fit_row(), need)

    def relayout(self) -> None:
        c = self.app.canvas
        tab_st = TextStyle("label", 24, self.theme.ink, scalable=False)
        tab_y = max(160.0, heading(c, self.theme, "Choose your road", kicker="New game", draw=False) + 4)
        tab_h = max(40.0, c.measure("A", tab_st)[1] + 10)
        self.tabs = []
        x = 80.0
        for role in self.roles:
            w, _ = c.measure(role.name.upper(), tab_st)
            self.tabs.append((role.id, (x, tab_y, w + 36, tab_h)))
            x += w + 50
        self.list_top = max(float(LIST_TOP), tab_y + tab_h + 16)
        self.list_bottom = LIST_BOTTOM - (c.measure("Esc", TextStyle("label", 18, self.theme.muted, scalable=False))[1]
                                          - 22)
        buttons = []
        ROW_H = self.row_h
        for i, sc in enumerate(self.scenarios):
            y = self.list_top + i * (ROW_H + ROW_GAP) - self.scroll
            buttons.append(Button(sc.title, (80, y, 500, ROW_H), partial(self._start, sc.id),
                                  hint=f"{self.app.session.minutes(sc.id)} min", ident=f"scenario:{sc.id}"))
        self.ring.set(buttons)
        self._keep_visible()

    def _keep_visible(self) -> None:
        ROW_H = self.row_h
        b = self.ring.focused
        if b is None:
            return
        top = b.rect[1]
        if top < self.list_top:
            self.scroll -= self.list_top - top
        elif top + ROW_H > self.list_bottom:
            self.scroll += top + ROW_H - self.list_bottom
        else:
            return
        self.relayout()

    def _moved(self) -> None:
        super()._moved()
        self._keep_visible()

    def _start(self, scenario: str) -> None:
        session = self.app.session
        info = session.in_progress()
        if info is not None:
            self.app.push(Dialog(self.app, "Start a new game?", lambda: self.app.new_game(scenario), yes="Start",
                                 no="Back", detail=kept_detail(info)))
        else:
            self.app.new_game(scenario)

    def handle(self, ev: pygame.event.Event) -> None:
        if ev.type == pygame.KEYDOWN and ev.key in (pygame.K_LEFT, pygame.K_RIGHT) and len(self.roles) > 1:
            self.role = (self.role + (1 if ev.key == pygame.K_RIGHT else -1)) % len(self.roles)
            self.scroll = 0
            self.ring.focus = 0
            self.relayout()
            return
        if ev.type == pygame.MOUSEBUTTONUP and ev.button == 1:
            pos = self.app.mouse(ev)
            for i, (_, rect) in enumerate(self.tabs):
                if pos and inside(pos, rect):
                    self.role, self.scroll, self.ring.focus = i, 0, 0
                    self.relayout()
                    return
        if ev.type == pygame.MOUSEWHEEL:
            step = -ev.y
            self.ring.focus = max(0, min(len(self.ring.buttons) - 1, self.ring.focus + step))
            self._keep_visible()
            self.app.invalidate()
            return
        super().handle(ev)
        if ev.type == pygame.KEYDOWN:
            self._keep_visible()

    def targets(self) -> list[tuple[str, tuple[float, float, float, float], bool]]:
        ROW_H = self.row_h
        visible = [(b.name, b.rect, b.enabled) for b in self.ring.buttons
                   if b.rect[1] >= self.list_top - 1 and b.rect[1] + ROW_H <= self.list_bottom + 1]
        return visible + [(f"role:{name}", rect, True) for name, rect in self.tabs]

    def draw(self, c: Canvas) -> None:
        t = self.theme
        c.fill(t.paper, (0, 0, LOGICAL_W, LOGICAL_H))
        # One diagonal: a red plane behind the detail card.
        if t.name != "high_contrast":
            c.poly(t.accent, [(700, 0), (1280, 0), (1280, 720), (1010, 720)])
        heading(c, t, "Choose your road", kicker="New game")
        # Role tabs (a single role is shown as a card).
        for i, (role, (_, rect)) in enumerate(zip(self.roles, self.tabs)):
            st = TextStyle("label", 24, t.paper if i == self.role else t.ink, scalable=False)
            if i == self.role:
                c.slanted(t.ink, rect, 6)
            else:
                c.box(t.ink, rect, 2)
            with c.within("tab", rect, t.ink if i == self.role else t.paper):
                c.text(role.name.upper(), rect[0] + 18, rect[1] + rect[3] / 2, st, anchor="midleft")
        if len(self.roles) > 1 and self.tabs:
            last = self.tabs[-1][1]
            key_hint(c, t, "← → role", y=last[1] + last[3] / 2, x=last[0] + last[2] + 20)
        with c.clip((60, self.list_top - 4, 560, self.list_bottom - self.list_top + 8)):
            self.draw_buttons(c, style=self.row_style())

        self._details(c)
        key_hint(c, t, "↑ ↓ choose   ·   Enter begin   ·   Esc back", y=696)

    def _details(self, c: Canvas) -> None:
        t = self.theme
        b = self.ring.focused
        scenarios = self.scenarios
        if b is None or not scenarios:
            return
        sc = scenarios[self.ring.focus]
        role = self.story.roles.get(sc.role)
        x, y, w, h = 640.0, 120.0, 570.0, 560.0
        c.fill(t.ink, (x + 12, y + 12, w, h))
        c.fill(t.paper, (x, y, w, h))
        c.box(t.ink, (x, y, w, h), 2)
        with c.within("scenario card", (x, y, w, h), t.paper):
            self._card_text(c, sc, role, x, y, w, h)

    def _card_text(self, c: Canvas, sc: Any, role: Any, x: float, y: float, w: float, h: float) -> None:
        t = self.theme
        px = x + 36
        cy = y + 30
        foot = TextStyle("label", 20, t.muted, scalable=False)
        end = c.text("Enter or click to begin", x + w - 30, y + h - 14, foot, anchor="bottomright")
        limit = end[1] - 10  # everything else stays above the foot line
        if role is not None:
            r = c.text(f"{role.name.upper()}  ·  {role.title}", px, cy, TextStyle("label", 20, t.accent if
                       t.name != "high_contrast" else t.ink, scalable=False), width=w - 72)
            cy = r[1] + r[3] + 10
        r = c.text(sc.title, px, cy, TextStyle("label", 38, t.ink, leading=1.05, scalable=False), width=w - 72)
        cy = r[1] + r[3] + 10
        facts = [f for f in (sc.dates, f"about {self.app.session.minutes(sc.id)} minutes") if f]
        if facts:
            r = c.text("   ·   ".join(facts), px, cy, TextStyle("label", 22, t.muted, scalable=False), width=w - 72)
            cy = r[1] + r[3] + 14
        chapter = self.story.chapter(sc.chapter) if getattr(sc, "chapter", None) else None
        body = TextStyle("body", BODY - 2, t.ink, leading=1.3)
        about = chapter.summary if chapter is not None and chapter.summary else \
            role.description if role is not None and role.description and cy < y + 200 else ""
        if about and cy + c.measure(about, body, w - 72)[1] <= limit:
            r = c.text(about, px, cy, body, width=w - 72)
            cy = r[1] + r[3] + 16
        objectives = [o for o in sc.objectives if o.strip()]
        label = TextStyle("label", 20, t.ink, scalable=False)
        if objectives and cy + 14 + c.measure("WHAT", label)[1] + 8 + c.measure(objectives[0], body, w - 98)[1] <= limit:
            c.fill(t.ink, (px, cy, w - 72, 3))
            cy += 14
            r = c.text("WHAT YOU WILL LEARN", px, cy, label)
            cy = r[1] + r[3] + 8
            for n, obj in enumerate(objectives):
                oh = c.measure(obj, body, w - 98)[1]
                if cy + oh > limit:  # the rest would run into the foot: say so rather than cut a line
                    c.text(f"and {len(objectives) - n} more", px + 26, cy, body.with_(colour=t.muted), width=w - 98)
                    break
                c.wedge(t.accent, px, cy + 7, 12, 14)
                r = c.text(obj, px + 26, cy, body, width=w - 98)
                cy = r[1] + r[3] + 10
