"""The pause menu (Esc during play): save, load, history, glossary, settings, debrief, quit."""

from __future__ import annotations

from ..canvas import Canvas
from ..text import TextStyle
from ..theme import LOGICAL_H
from ..widgets import Button, bar_height
from .base import Screen, key_hint, veil
from .dialog import Dialog
from .formatting import human_date


class PauseScreen(Screen):
    opaque = False
    name = "pause"
    title = "Paused"

    def enter(self) -> None:
        self.relayout()

    def relayout(self) -> None:
        items = [("Resume", self.app.pop, True),
                 ("Save", self._save, True),
                 ("Load", self._load, True),
                 ("History log", self._history, True),
                 ("Glossary", self._glossary, True),
                 ("Settings", self._settings, True),
                 ("Debrief so far", self._debrief, True),
                 ("Quit to title", self._quit, True)]
        step = self.app.session.step
        if step is not None and step.kind == "ending":
            items[1] = ("Save", self._save, False)
        h = bar_height(self.app.canvas, 48)
        # One column, or two when the text size makes one run off the page.
        rows = len(items) if 150 + len(items) * (h + 10) <= 700 else (len(items) + 1) // 2
        self.two_columns = rows < len(items)
        self.ring.set([Button(label, (70 + (i // rows) * 420, 150 + (i % rows) * (h + 10), 400, h), fn, enabled=en)
                       for i, (label, fn, en) in enumerate(items)])

    def _push(self, module: str, cls: str, **kw: object) -> None:
        import importlib

        screen_cls = getattr(importlib.import_module(f"game.ui.screens.{module}"), cls)
        self.app.push(screen_cls(self.app, **kw))

    def _save(self) -> None:
        self._push("saveload", "SaveLoadScreen", mode="save")

    def _load(self) -> None:
        self._push("saveload", "SaveLoadScreen", mode="load")

    def _history(self) -> None:
        self._push("history", "HistoryScreen")

    def _glossary(self) -> None:
        self._push("glossary", "GlossaryScreen")

    def _settings(self) -> None:
        self._push("settings_screen", "SettingsScreen")

    def _debrief(self) -> None:
        self._push("debrief", "DebriefScreen")

    def _quit(self) -> None:
        self.app.push(Dialog(self.app, "Quit to the title?", self.app.to_title, yes="Quit to title", no="Stay",
                             detail="Your progress is kept in the autosave: Continue on the title screen resumes"
                             " it."))

    def draw(self, c: Canvas) -> None:
        t = self.theme
        veil(c, t)
        c.poly(t.paper, [(0, 0), (560, 0), (500, LOGICAL_H), (0, LOGICAL_H)])
        c.poly(t.accent if t.name != "high_contrast" else t.ink, [(560, 0), (590, 0), (530, LOGICAL_H),
                                                                  (500, LOGICAL_H)])
        c.text("PAUSED", 70, 56, TextStyle("label", 60, t.ink, scalable=False))
        self.draw_buttons(c)
        session = self.app.session
        pt, story = session.pt, session.story
        if pt is not None and story is not None and not self.two_columns:  # two columns leave it no room
            chapter = pt.chapter
            scenario = story.scenarios.get(pt.state.scenario)
            lines = []
            if scenario is not None:
                lines.append(scenario.title)
            if chapter is not None:
                lines.append(f"Chapter {story.chapter_index(chapter.id) + 1}: {chapter.title}")
            scene = pt.current.scene
            when = " · ".join(b for b in (human_date(scene.date), scene.place) if b)
            if when:
                lines.append(when)
            lines.append(f"Decisions taken: {len(pt.state.log)}")
            styles = [TextStyle("label", 30 if i == 0 else 22, t.paper if i == 0 else (0xD9, 0xCB, 0xB0)
                                if t.name != "high_contrast" else t.paper, leading=1.15, scalable=False)
                      for i in range(len(lines))]
            h = sum(c.measure(line, st, 500)[1] + 10 for line, st in zip(lines, styles)) + 56
            x0, y0 = 640.0, 150.0
            c.fill(t.ink, (x0, y0, 560, h))
            c.fill(t.focus, (x0, y0, 560, 8))
            y = y0 + 30
            for line, st in zip(lines, styles):
                r = c.text(line, x0 + 30, y, st, width=500)
                y = r[1] + r[3] + 10
        key_hint(c, t, "Esc resume   ·   F5 quicksave   ·   F9 quickload", y=696, colour=t.ink)
