"""The title screen: Continue, New game, Load, Open assignment, Settings, Quit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..canvas import Canvas
from ..text import TextStyle
from ..theme import BUTTON, LOGICAL_H, LOGICAL_W
from ..widgets import Button
from .base import Screen, key_hint
from .dialog import Dialog
from .formatting import human_date

if TYPE_CHECKING:  # pragma: no cover
    from ...engine.saves import SaveInfo
    from ..app import App


class TitleScreen(Screen):
    name = "title"
    title = "Title"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.latest: SaveInfo | None = None
        self._ready = False
        self._focus_ready = False

    def enter(self) -> None:
        self.app.audio.music("theme")
        self.relayout()

    def relayout(self) -> None:
        s = self.app.session
        self._ready = s.ready
        self.latest = s.latest() if s.ready else None
        hint = ""
        if self.latest is not None:
            bits = [self.latest.chapter or self.latest.scene_title, human_date(self.latest.date)]
            hint = " · ".join(b for b in bits if b)
        x, y, w, h, gap = 80.0, 340.0, 470.0, 46.0, 9.0
        items = [
            ("Continue", self._continue, self.latest is not None, hint),
            ("New game", self._new, s.ready, ""),
            ("Load", self._load, s.ready, ""),
            ("Open assignment", self._assignment, s.ready, ""),
            ("Settings", self._settings, True, ""),
            ("Quit", self._quit, True, ""),
        ]
        if s.problem is not None:
            items.insert(0, ("Story errors", self._problem, True, f"{len(s.problem.diagnostics) or 1} to fix"))
            y -= (h + gap) / 2
        # Taller with the text; in two columns when one would run off the page (large text sizes).
        c = self.app.canvas
        h = max(h, c.measure("Ag", TextStyle("label", BUTTON, self.theme.ink, leading=1.1, scalable=False))[1] + 10)
        rows = len(items) if y + len(items) * (h + gap) <= 676 else (len(items) + 1) // 2
        buttons = [Button(label, (x + (i // rows) * (w + 20), y + (i % rows) * (h + gap), w, h), action,
                          enabled=enabled, hint=hint)
                   for i, (label, action, enabled, hint) in enumerate(items)]
        # Until the story is read only Settings and Quit work; once it is, start from the top.
        reset = not self.ring.buttons or self._focus_ready != s.ready
        self._focus_ready = s.ready
        self.ring.set(buttons, keep=not reset)
        if reset:
            self.ring.focus = 0
            if not buttons[0].enabled:
                self.ring._step(1)
        self.app.invalidate()

    def update(self, dt: float) -> None:
        if self._ready != self.app.session.ready or (self.app.session.problem is not None
                                                     and self.ring.buttons[0].name != "Story errors"):
            self.relayout()

    # -- actions --
    def _continue(self) -> None:
        if self.latest is not None:
            self.app.continue_game(self.latest.slot)

    def _new(self) -> None:
        from .select import SelectScreen

        self.app.push(SelectScreen(self.app))

    def _load(self) -> None:
        from .saveload import SaveLoadScreen

        self.app.push(SaveLoadScreen(self.app, mode="load"))

    def _assignment(self) -> None:
        from .picker import PickerScreen

        self.app.push(PickerScreen(self.app))

    def _settings(self) -> None:
        from .settings_screen import SettingsScreen

        self.app.push(SettingsScreen(self.app))

    def _problem(self) -> None:
        from .problem import ProblemScreen

        self.app.push(ProblemScreen(self.app))

    def _quit(self) -> None:
        self.app.push(Dialog(self.app, "Quit After Lenin?", self.app.quit, yes="Quit", no="Stay"))

    def back(self) -> None:
        self._quit()

    # -- look --
    def draw(self, c: Canvas) -> None:
        t = self.theme
        c.fill(t.paper, (0, 0, LOGICAL_W, LOGICAL_H))
        hc = t.name == "high_contrast"
        # The poster: a black plane, a pale circle, and the red wedge driving into it (after Lissitzky).
        c.poly(t.ink, [(780, 0), (1280, 0), (1280, 720), (620, 720)])
        c.circle(t.paper if hc else t.aged, (1030, 290), 170)
        if not hc:
            # Lissitzky's red wedge, driven from the bottom edge into the circle
            c.poly(t.accent, [(560, 720), (700, 720), (1046, 300)])
            c.circle(t.ink, (1030, 290), 34)
            c.poly(t.accent, [(1180, 0), (1280, 0), (1280, 120)])
        title = TextStyle("label", 132, t.ink, leading=0.9, scalable=False)
        c.text("AFTER", 74, 34, title)
        c.text("LENIN", 74, 140, title.with_(colour=t.accent if not hc else t.ink))
        c.fill(t.ink, (80, 272, 470, 5))
        c.text("The succession struggle  ·  1922–1929", 80, 284,
               TextStyle("label", 24, t.muted, scalable=False))
        self.draw_buttons(c)
        story = self.app.session.story
        if story is not None:
            credit = f"{story.title}  ·  version {story.version}"
        else:
            credit = "The story could not be loaded" if self.app.session.problem else "Loading the story…"
        c.text(credit, 1250, 690, TextStyle("label", 18, t.paper if not hc else t.paper, scalable=False),
               anchor="midright")
        key_hint(c, t, "↑ ↓ move   ·   Enter choose   ·   F11 full screen", y=700)
