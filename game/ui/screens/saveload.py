"""Save and load: slots with chapter, in-story date, real time saved and a thumbnail.

The first page holds the autosave and the quicksave; five pages of six slots
follow. A damaged save is shown as damaged (with the reason) and can be
overwritten or deleted, never loaded into a crash.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import pygame

from ...engine.saves import AUTOSAVE, PREVIOUS, QUICKSAVE, SaveError, SaveInfo
from ..bindings import Binding, dispatch, hints
from ..canvas import Canvas, inside
from ..text import TextStyle
from ..theme import LOGICAL_W
from ..widgets import Button
from .base import Screen, backdrop, heading, key_hint
from .dialog import Dialog
from .formatting import human_date, save_where, saved_when

if TYPE_CHECKING:  # pragma: no cover
    from ..app import App

PAGES = 5
PER_PAGE = 6
CARD_W, CARD_H = 540.0, 140.0
GRID_X, GRID_Y = 80.0, 196.0
THUMB_W, THUMB_H = 213.0, 120.0


def slot_name(page: int, index: int) -> str:
    return f"slot{(page - 1) * PER_PAGE + index + 1}"


def slot_label(slot: str) -> str:
    if slot == AUTOSAVE:
        return "AUTOSAVE"
    if slot == QUICKSAVE:
        return "QUICKSAVE"
    if slot.startswith("slot") and slot[4:].isdigit():
        return f"SLOT {slot[4:]}"
    if slot in PREVIOUS:  # the games a new game pushed aside, newest first
        return f"PREVIOUS {slot.rsplit('-', 1)[1]}"
    return slot.upper()


class SaveLoadScreen(Screen):
    name = "saveload"

    def __init__(self, app: App, mode: str = "load") -> None:
        super().__init__(app)
        self.mode = mode
        self.title = "Save" if mode == "save" else "Load"
        self.ring.axis = "grid"
        self.ring.columns = 2
        self.infos: dict[str, SaveInfo] = {}
        self.page = 1 if mode == "save" else 0
        self.tabs: list[tuple[int, tuple[float, float, float, float]]] = []
        self._thumbs: dict[tuple[str, float], pygame.Surface | None] = {}
        self.refresh()
        if mode == "load" and self.infos:
            latest = max(self.infos.values(), key=lambda s: s.saved_at)
            for page in range(PAGES + 1):
                if latest.slot in self._slots(page):
                    self.page = page
                    break
            self.relayout()
            self.ring.focus_on(f"slot:{latest.slot}")

    def refresh(self) -> None:
        self.infos = {info.slot: info for info in self.app.session.slots()}
        self._thumbs.clear()
        self.relayout()

    def _slots(self, page: int) -> list[str]:
        if page == 0:
            extra = sorted(s for s in self.infos if s not in (AUTOSAVE, QUICKSAVE) and not
                           (s.startswith("slot") and s[4:].isdigit()))
            return [AUTOSAVE, QUICKSAVE, *extra][:PER_PAGE]
        return [slot_name(page, i) for i in range(PER_PAGE)]

    def relayout(self) -> None:
        self.tabs = []
        x = 80.0
        c = self.app.canvas
        st = TextStyle("label", 22, self.theme.ink, scalable=False)
        tab_y = max(150.0, heading(c, self.theme, "Load a game", kicker="Load", draw=False))
        tab_h = max(34.0, c.measure("1", st)[1] + 6)
        self.grid_y = max(GRID_Y, tab_y + tab_h + 12)
        self.card_h = min(CARD_H, (690 - self.grid_y) / 3 - 18) if self.grid_y > GRID_Y else CARD_H
        for page in range(PAGES + 1):
            label = "AUTO & QUICK" if page == 0 else str(page)
            w = c.measure(label, st)[0] + 30
            self.tabs.append((page, (x, tab_y, w, tab_h)))
            x += w + 8
        buttons = []
        for i, slot in enumerate(self._slots(self.page)):
            col, row = i % 2, i // 2
            rect = (GRID_X + col * (CARD_W + 40), self.grid_y + row * (self.card_h + 18), CARD_W, self.card_h)
            info = self.infos.get(slot)
            if self.mode == "save":
                enabled = slot != AUTOSAVE and slot not in PREVIOUS  # the game writes those itself
            else:
                enabled = info is not None
            buttons.append(Button(slot_label(slot), rect, partial(self._pick, slot), enabled=enabled,
                                  ident=f"slot:{slot}"))
        keep = self.ring.focus
        self.ring.set(buttons, keep=False)
        self.ring.focus = min(keep, len(buttons) - 1) if buttons else 0
        if buttons and not buttons[self.ring.focus].enabled:
            self.ring._step(1)

    # -- actions --
    def _pick(self, slot: str) -> None:
        info = self.infos.get(slot)
        if self.mode == "save":
            if info is not None:
                what = "a damaged save" if info.damaged else f"“{info.chapter or info.scene_title}”"
                self.app.push(Dialog(self.app, f"Overwrite {slot_label(slot).title()}?", lambda: self._save(slot),
                                     yes="Overwrite", no="Keep it", detail=f"It holds {what}."))
            else:
                self._save(slot)
            return
        if info is None:
            return
        if info.damaged:
            self.app.push(Dialog(self.app, "This save is damaged", None, yes="OK",
                                 detail=f"It cannot be loaded ({info.damaged}). You can overwrite it or delete it"
                                 " (Delete key)."))
            return
        self.app.continue_game(slot)

    def _save(self, slot: str) -> None:
        try:
            self.app.session.save(slot)
        except (OSError, SaveError) as exc:
            self.app.push(Dialog(self.app, "The game could not be saved", None, yes="OK", detail=str(exc)))
            return
        self.app.toast(f"Saved in {slot_label(slot).title()}")
        self.refresh()
        self.ring.focus_on(f"slot:{slot}")

    def _delete(self, slot: str) -> None:
        def really() -> None:
            try:
                self.app.session.delete(slot)
            except (OSError, SaveError) as exc:
                self.app.toast(f"Could not delete: {exc}")
            self.refresh()

        self.app.push(Dialog(self.app, f"Delete {slot_label(slot).title()}?", really, yes="Delete", no="Keep it"))

    def _turn(self, delta: int) -> None:
        first = 0
        self.page = max(first, min(PAGES, self.page + delta))
        self.ring.focus = 0
        self.relayout()

    BINDINGS = (
        Binding((pygame.K_PAGEUP, pygame.K_LEFTBRACKET, pygame.K_q), "page_back", "pages", "PgUp / PgDn"),
        Binding((pygame.K_PAGEDOWN, pygame.K_RIGHTBRACKET, pygame.K_e), "page_on"),
        Binding((pygame.K_DELETE,), "delete_focused", "removes", "Delete"),
        Binding((pygame.K_ESCAPE,), "back", "back", "Esc"),
    )

    def handle(self, ev: pygame.event.Event) -> None:
        if dispatch(self.BINDINGS, self, ev):
            return
        if ev.type == pygame.MOUSEBUTTONUP and ev.button == 1:
            pos = self.app.mouse(ev)
            for page, rect in self.tabs:
                if pos and inside(pos, rect):
                    self.page = page
                    self.ring.focus = 0
                    self.relayout()
                    return
        if ev.type == pygame.MOUSEWHEEL:
            self._turn(-ev.y)
            return
        super().handle(ev)

    def page_back(self) -> None:
        self._turn(-1)

    def page_on(self) -> None:
        self._turn(1)

    def delete_focused(self) -> None:
        b = self.ring.focused
        if b is not None:
            slot = b.name.removeprefix("slot:")
            if slot in self.infos:
                self._delete(slot)

    def targets(self) -> list[tuple[str, tuple[float, float, float, float], bool]]:
        return super().targets() + [(f"page:{p}", r, True) for p, r in self.tabs]

    # -- look --
    def _thumb(self, slot: str, c: Canvas) -> pygame.Surface | None:
        path = self.app.session.thumb_path(slot)
        try:
            mtime = path.stat().st_mtime
        except OSError:
            return None
        key = (slot, mtime + c.scale)
        if key not in self._thumbs:
            try:
                img = pygame.image.load(str(path))
                img = pygame.transform.smoothscale(img, (c.px(THUMB_W), c.px(THUMB_H)))
            except (pygame.error, OSError, ValueError):
                img = None
            self._thumbs[key] = img
        return self._thumbs[key]

    def draw(self, c: Canvas) -> None:
        t = self.theme
        backdrop(c, t, 1)
        heading(c, t, "Save your game" if self.mode == "save" else "Load a game",
                kicker="Save" if self.mode == "save" else "Load")
        # page tabs
        for page, rect in self.tabs:
            label = "AUTO & QUICK" if page == 0 else str(page)
            st = TextStyle("label", 22, t.paper if page == self.page else t.ink, scalable=False)
            if page == self.page:
                c.fill(t.ink, rect)
            else:
                c.box(t.ink, rect, 1.5)
            with c.within("tab", rect, t.ink if page == self.page else t.paper):
                c.text(label, rect[0] + rect[2] / 2, rect[1] + rect[3] / 2, st, anchor="center")
        last = self.tabs[-1][1]
        key_hint(c, t, hints(self.BINDINGS[:1]), y=last[1] + last[3] / 2, x=last[0] + last[2] + 20)
        for i, b in enumerate(self.ring.buttons):
            self._card(c, b, i == self.ring.focus)
        verb = "save" if self.mode == "save" else "load"
        key_hint(c, t, hints(self.BINDINGS[2:], before=("Arrows move", f"Enter {verb}")), y=696)

    def _card(self, c: Canvas, b: Button, focused: bool) -> None:
        t = self.theme
        slot = b.name.removeprefix("slot:")
        info = self.infos.get(slot)
        x, y, w, h = b.rect
        if focused:
            c.fill(t.focus, (x - 5, y - 5, w + 10, h + 10))
        c.fill(t.paper, b.rect)
        c.box(t.ink, b.rect, 2)
        tx, ty = x + 12, y + 10
        thumb = self._thumb(slot, c) if info is not None and not info.damaged else None
        if thumb is not None:
            c.blit(thumb, (tx, ty))
        else:
            c.fill(t.meter_track, (tx, ty, THUMB_W, THUMB_H))
            if info is None:
                c.text("—", tx + THUMB_W / 2, ty + THUMB_H / 2, TextStyle("label", 36, t.muted, scalable=False),
                       anchor="center")
        c.box(t.ink, (tx, ty, THUMB_W, THUMB_H), 1)
        ix = tx + THUMB_W + 16
        iw = x + w - ix - 12
        with c.within("save card", b.rect, t.paper):
            self._card_text(c, b, slot, info, ix, iw)

    def _card_text(self, c: Canvas, b: Button, slot: str, info: SaveInfo | None, ix: float, iw: float) -> None:
        """The slot's name, then what it holds; lines that would run out of the card are left out."""
        t = self.theme
        x, y, w, h = b.rect
        bottom = y + h - 8
        r = c.text(b.label, ix, y + 12, TextStyle("label", 20, t.accent if t.name != "high_contrast" else t.ink,
                                                   scalable=False))
        yy = r[1] + r[3] + 6

        def line(text: str, style: TextStyle) -> None:
            nonlocal yy
            if text and yy + c.measure(text, style, iw)[1] <= bottom:
                r = c.text(text, ix, yy, style, width=iw)
                yy = r[1] + r[3] + 4

        if info is None:
            line("Empty" if self.mode == "load" or slot != AUTOSAVE else "Written by the game",
                 TextStyle("label", 24, t.muted, scalable=False))
            if self.mode == "save" and slot == AUTOSAVE:
                line("The game writes this slot at every decision and chapter.",
                     TextStyle("body", 16, t.muted, leading=1.2, scalable=False))
            return
        if info.damaged:
            c.text("DAMAGED", x + 12 + THUMB_W / 2, y + 10 + THUMB_H / 2, TextStyle("label", 34, t.accent if
                   t.name != "high_contrast" else t.ink, scalable=False), anchor="center")
            line("This save cannot be loaded:", TextStyle("label", 20, t.ink, scalable=False))
            line(info.damaged, TextStyle("body", 16, t.muted, leading=1.2, scalable=False))
            return
        where = save_where(info)
        saved = f"Saved {saved_when(info.saved_at)}"
        saved_st = TextStyle("label", 18, t.muted, scalable=False)
        # the time saved is kept whatever else must give way: it tells two kept games apart
        bottom -= c.measure(saved, saved_st, iw)[1] + 4
        line(where[:1].upper() + where[1:], TextStyle("label", 24, t.ink, leading=1.0, scalable=False))
        line(human_date(info.date), TextStyle("body", 18, t.ink, scalable=False))
        bottom += c.measure(saved, saved_st, iw)[1] + 4
        line(saved, saved_st)

    @property
    def page_count(self) -> int:
        return PAGES + 1


__all__ = ["SaveLoadScreen", "slot_name", "slot_label", "LOGICAL_W"]
