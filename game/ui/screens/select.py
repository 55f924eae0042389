"""Role and scenario select: every role and scenario the manifest declares, with what each teaches."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import pygame

from ..canvas import Canvas, inside
from ..text import TextStyle
from ..theme import BODY, LOGICAL_H, LOGICAL_W
from ..widgets import Button
from .base import Screen, heading, key_hint
from .dialog import Dialog, kept_detail

if TYPE_CHECKING:  # pragma: no cover
    from ..app import App

LIST_TOP = 216
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
        self.relayout()

    @property
    def scenarios(self) -> list:  # type: ignore[type-arg]
        role = self.roles[self.role].id if self.roles else None
        return [s for s in self.story.scenarios.values() if s.role == role]

    @property
    def row_h(self) -> float:
        """Rows shrink (down to 38 px) so a role's scenarios fit without scrolling when they can."""
        n = max(1, len(self.scenarios))
        return max(38.0, min(48.0, (LIST_BOTTOM - LIST_TOP - ROW_GAP * (n - 1)) / n))

    def relayout(self) -> None:
        self.tabs = []
        x = 80.0
        for role in self.roles:
            w, _ = self.app.canvas.measure(role.name.upper(), TextStyle("label", 24, self.theme.ink, scalable=False))
            self.tabs.append((role.id, (x, 160, w + 36, 40)))
            x += w + 50
        buttons = []
        ROW_H = self.row_h
        for i, sc in enumerate(self.scenarios):
            y = LIST_TOP + i * (ROW_H + ROW_GAP) - self.scroll
            buttons.append(Button(sc.title, (80, y, 500, ROW_H), partial(self._start, sc.id),
                                  hint=f"{sc.minutes} min" if sc.minutes else "", ident=f"scenario:{sc.id}"))
        self.ring.set(buttons)
        self._keep_visible()

    def _keep_visible(self) -> None:
        ROW_H = self.row_h
        b = self.ring.focused
        if b is None:
            return
        top = b.rect[1]
        if top < LIST_TOP:
            self.scroll -= LIST_TOP - top
        elif top + ROW_H > LIST_BOTTOM:
            self.scroll += top + ROW_H - LIST_BOTTOM
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
                   if b.rect[1] >= LIST_TOP - 1 and b.rect[1] + ROW_H <= LIST_BOTTOM + 1]
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
            c.text(role.name.upper(), rect[0] + 18, 180, st, anchor="midleft")
        if len(self.roles) > 1 and self.tabs:
            last = self.tabs[-1][1]
            key_hint(c, t, "← → role", y=180, x=last[0] + last[2] + 20)
        compact = TextStyle("label", 23 if self.row_h < 44 else 26, t.bar_text, leading=1.1, scalable=False)
        with c.clip((60, LIST_TOP - 4, 560, LIST_BOTTOM - LIST_TOP + 8)):
            self.draw_buttons(c, style=compact)

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
        px = x + 36
        cy = y + 30
        if role is not None:
            c.text(f"{role.name.upper()}  ·  {role.title}", px, cy, TextStyle("label", 20, t.accent if
                   t.name != "high_contrast" else t.ink, scalable=False), width=w - 72)
            cy += 34
        r = c.text(sc.title, px, cy, TextStyle("label", 38, t.ink, leading=1.05, scalable=False), width=w - 72)
        cy = r[1] + r[3] + 10
        facts = [f for f in (sc.dates, f"about {sc.minutes} minutes" if sc.minutes else "") if f]
        if facts:
            c.text("   ·   ".join(facts), px, cy, TextStyle("label", 22, t.muted, scalable=False))
            cy += 40
        chapter = self.story.chapter(sc.chapter) if getattr(sc, "chapter", None) else None
        body = TextStyle("body", BODY - 2, t.ink, leading=1.3)
        if chapter is not None and chapter.summary:
            r = c.text(chapter.summary, px, cy, body, width=w - 72)
            cy = r[1] + r[3] + 16
        elif role is not None and role.description and cy < y + 200:
            r = c.text(role.description, px, cy, body.with_(role="body"), width=w - 72)
            cy = r[1] + r[3] + 16
        objectives = [o for o in sc.objectives if o.strip()]
        if objectives:
            c.fill(t.ink, (px, cy, w - 72, 3))
            cy += 14
            c.text("WHAT YOU WILL LEARN", px, cy, TextStyle("label", 20, t.ink, scalable=False))
            cy += 34
            for obj in objectives:
                if cy > y + h - 60:
                    break
                c.wedge(t.accent, px, cy + 7, 12, 14)
                r = c.text(obj, px + 26, cy, body, width=w - 98)
                cy = r[1] + r[3] + 10
        c.text("Enter or click to begin", x + w - 30, y + h - 28, TextStyle("label", 20, t.muted, scalable=False),
               anchor="midright")
