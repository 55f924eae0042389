"""The glossary: every term that has appeared so far, searchable by typing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from ...story import model as M
from ..bindings import Binding, dispatch, hints
from ..canvas import Canvas, inside
from ..text import TextStyle, plain
from ..theme import BODY
from ..widgets import Scroller, TextField
from .base import Screen, backdrop, heading, key_hint

if TYPE_CHECKING:  # pragma: no cover
    from ..app import App

LIST_X, LIST_Y, LIST_W, ROW = 80.0, 226.0, 380.0, 44.0
LIST_BOTTOM = 668.0


class GlossaryScreen(Screen):
    name = "glossary"
    title = "Glossary"
    typing = True  # letters go to the search box, not to shortcuts

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.keys_here = False  # a key has gone down while the glossary was open
        self.search = TextField(limit=40)
        self.index = 0
        self.top = 0
        self.detail_scroll = Scroller()
        self.terms = self._seen()

    def _seen(self) -> list[M.Term]:
        session = self.app.session
        story, pt = session.story, session.pt
        if story is None:
            return []
        ids = pt.state.terms if pt is not None else []
        terms = [story.glossary[i] for i in ids if i in story.glossary]
        return sorted(terms, key=lambda term: term.term.lower())

    @property
    def matches(self) -> list[M.Term]:
        q = self.search.value.strip().lower()
        if not q:
            return self.terms
        starts = [x for x in self.terms if x.term.lower().startswith(q) or
                  any(a.lower().startswith(q) for a in x.aliases)]
        rest = [x for x in self.terms if x not in starts and (q in x.term.lower() or
                any(q in a.lower() for a in x.aliases) or q in plain(x.definition).lower())]
        return starts + rest

    @property
    def search_rect(self) -> tuple[float, float, float, float]:
        """The search box, under the heading, as tall as its text."""
        c = self.app.canvas
        top = max(160.0, heading(c, self.theme, "Glossary", kicker="terms", draw=False) + 4)
        return (LIST_X, top, LIST_W, max(48.0, c.measure("Ag", self._search_style())[1] + 14))

    def _search_style(self) -> TextStyle:
        return TextStyle("label", 22, self.theme.muted, scalable=False)

    @property
    def list_y(self) -> float:
        r = self.search_rect
        return max(LIST_Y, r[1] + r[3] + 18)

    @property
    def row(self) -> float:
        return max(ROW, self.app.canvas.measure("Ag", TextStyle("label", 23, self.theme.bar_text,
                                                                scalable=False))[1] + 14)

    @property
    def visible_rows(self) -> int:
        return max(1, int((LIST_BOTTOM - self.list_y) // self.row))

    def _clamp(self) -> None:
        n = len(self.matches)
        self.index = max(0, min(self.index, n - 1))
        if self.index < self.top:
            self.top = self.index
        elif self.index >= self.top + self.visible_rows:
            self.top = self.index - self.visible_rows + 1
        self.top = max(0, min(self.top, max(0, n - self.visible_rows)))

    BINDINGS = (
        Binding((pygame.K_UP,), "up", "choose", "↑ ↓"), Binding((pygame.K_DOWN,), "down"),
        Binding((pygame.K_ESCAPE,), "escape", "clears, then goes back", "Esc"),
        Binding((pygame.K_PAGEUP,), "page_up"), Binding((pygame.K_PAGEDOWN,), "page_down"),
        Binding((pygame.K_TAB,), "previous", mod=pygame.KMOD_SHIFT), Binding((pygame.K_TAB,), "next"),
    )
    HINT = hints(BINDINGS, before=("Type to search",))

    def handle(self, ev: pygame.event.Event) -> None:
        if ev.type == pygame.TEXTINPUT and not self.keys_here:
            # The letter of the G that opened the glossary arrives after it opened: it was a
            # command, not a search (issue 12.9). Typing here always begins with a key press here.
            return
        if ev.type == pygame.KEYDOWN:
            self.keys_here = True
            if dispatch(self.BINDINGS, self, ev):
                return
        if self.search.handle(ev):
            self.index = self.top = 0
            self.detail_scroll.offset = 0
            return
        pos = self.app.mouse(ev)
        if pos is not None:
            self._pointer(ev, pos)

    def escape(self) -> None:
        if self.search.value:
            self.search.value = ""
            self.index = self.top = 0
        else:
            self.back()

    def _move(self, step: int) -> None:
        self.index += step
        self.detail_scroll.offset = 0
        self._clamp()

    def up(self) -> None:
        self._move(-1)

    def down(self) -> None:
        self._move(1)

    def page_up(self) -> None:
        self._move(-self.visible_rows)

    def page_down(self) -> None:
        self._move(self.visible_rows)

    def next(self) -> None:
        self.index = self.index + 1 if self.index + 1 < len(self.matches) else 0
        self._clamp()

    def previous(self) -> None:
        self.index -= 1
        self._clamp()

    def _pointer(self, ev: pygame.event.Event, pos: tuple[float, float]) -> None:
        """The wheel scrolls the list or the entry under it; a click picks a term; a right click goes back."""
        if ev.type == pygame.MOUSEWHEEL:
            if inside(pos, (LIST_X, self.list_y, LIST_W, LIST_BOTTOM - self.list_y)):
                self.top = max(0, min(self.top - ev.y, max(0, len(self.matches) - self.visible_rows)))
            else:
                self.detail_scroll.handle(ev, 40)
        elif ev.type == pygame.MOUSEBUTTONUP and ev.button == 1:
            for i in range(self.visible_rows):
                if inside(pos, (LIST_X, self.list_y + i * self.row, LIST_W, self.row - 4)) \
                        and self.top + i < len(self.matches):
                    self.index = self.top + i
                    self.detail_scroll.offset = 0
                    return
        elif ev.type == pygame.MOUSEBUTTONUP and ev.button == 3:
            self.back()

    def update(self, dt: float) -> None:
        self._clamp()
        matches = self.matches
        if matches:
            c = self.app.canvas
            term = matches[self.index]
            w = 690.0 - 80
            h = 30 + c.measure(term.term, TextStyle("label", 44, self.theme.ink, leading=1.05, scalable=False), w)[1]
            if term.aliases:
                h += 6 + c.measure("Also: " + ", ".join(term.aliases), TextStyle("label", 20, self.theme.ink,
                                                                                 scalable=False), w)[1]
            h += 40 + c.measure(term.definition, TextStyle("body", BODY, self.theme.ink, leading=1.45), w)[1] + 30
            self.detail_scroll.content = h
            self.detail_scroll.view = 508.0
            self.detail_scroll.clamp()

    def targets(self) -> list[tuple[str, tuple[float, float, float, float], bool]]:
        out = []
        for i, term in enumerate(self.matches[self.top:self.top + self.visible_rows]):
            out.append((f"term:{term.id}", (LIST_X, self.list_y + i * self.row, LIST_W, self.row - 4), True))
        return out

    def draw(self, c: Canvas) -> None:
        t = self.theme
        backdrop(c, t, 1)
        heading(c, t, "Glossary", kicker=f"{len(self.terms)} terms met so far")
        # search box
        sx, sy, sw, sh = box = self.search_rect
        mid = sy + sh / 2
        c.fill(t.paper, box)
        c.box(t.ink, box, 2)
        shown = self.search.value
        matches = self.matches
        rows, row, list_y = self.visible_rows, self.row, self.list_y
        with c.within("search box", box, t.paper):
            if shown:
                r = c.text(shown, sx + 14, mid, TextStyle("body", 22, t.ink, scalable=False, markup=False),
                           anchor="midleft")
                c.fill(t.focus, (r[0] + r[2] + 2, mid - 14, 3, 28))
            else:
                c.fill(t.focus, (sx + 14, mid - 14, 3, 28))
                r = c.text("Type to search", sx + 24, mid, self._search_style(), anchor="midleft")
            count = f"{self.top + 1}–{min(len(matches), self.top + rows)} of {len(matches)}"
            cst = TextStyle("label", 17, t.muted, scalable=False)
            if matches and len(matches) > rows and r[0] + r[2] + 16 + c.measure(count, cst)[0] < sx + sw - 14:
                c.text(count, sx + sw - 14, mid, cst, anchor="midright")  # only where it has room
        for i, term in enumerate(matches[self.top:self.top + rows]):
            n = self.top + i
            rect = (LIST_X, list_y + i * row, LIST_W, row - 4)
            if n == self.index:
                c.fill(t.focus, rect)
                c.wedge(t.ink if t.name != "high_contrast" else t.focus, LIST_X - 20, rect[1] + 8, 14, row - 20)
            else:
                c.fill(t.bar, rect)
            with c.within("term", rect, t.focus if n == self.index else t.bar):
                c.text(term.term, LIST_X + 16, rect[1] + rect[3] / 2, TextStyle("label", 23, t.bar_text,
                                                                                scalable=False),
                       anchor="midleft", width=LIST_W - 30)
        if not matches:
            msg = ("No term matches your search." if self.search.value else
                   "Terms appear here as you meet them in the story.")
            c.text(msg, LIST_X, list_y + 10, TextStyle("body", 20, t.muted, scalable=False), width=LIST_W)
        if matches:
            self._detail(c, matches[self.index])
        key_hint(c, t, self.HINT, y=698)

    def _detail(self, c: Canvas, term: M.Term) -> None:
        t = self.theme
        x, y, w, h = 520.0, 160.0, 690.0, 508.0
        c.fill(t.ink, (x + 10, y + 10, w, h))
        c.fill(t.paper, (x, y, w, h))
        c.box(t.ink, (x, y, w, h), 2)
        body = TextStyle("body", BODY, t.ink, leading=1.45)
        with c.clip((x, y + 4, w, h - 8)):
            cy = y + 30 - self.detail_scroll.offset
            r = c.text(term.term, x + 40, cy, TextStyle("label", 44, t.ink, leading=1.05, scalable=False),
                       width=w - 80)
            cy = r[1] + r[3] + 6
            if term.aliases:
                r = c.text("Also: " + ", ".join(term.aliases), x + 40, cy,
                           TextStyle("label", 20, t.muted, scalable=False), width=w - 80)
                cy = r[1] + r[3] + 6
            c.fill(t.accent if t.name != "high_contrast" else t.ink, (x + 40, cy + 6, 80, 5))
            cy += 28
            c.text(term.definition, x + 40, cy, body, width=w - 80)
        self.detail_scroll.draw(c, t, x + w - 16, y + 10, h - 20)
