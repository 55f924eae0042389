"""A small file picker for a teacher's assignment file (no system dialog is needed or assumed)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from ..canvas import Canvas, inside
from ..text import TextStyle
from .base import Screen, backdrop, heading, key_hint

if TYPE_CHECKING:  # pragma: no cover
    from ..app import App

LIST_X, LIST_Y, LIST_W, ROW = 80.0, 210.0, 1120.0, 40.0
LIST_BOTTOM = 664.0
SUFFIXES = (".yaml", ".yml")
# The README tells teachers to save from Word or Notepad as plain text, which names the
# file .txt: such a file is listed when its first lines look like an assignment.
TEXT_SUFFIX = ".txt"
_ASSIGNMENT_START = re.compile(r"^\ufeff?[ \t]*(title|scenario|chapter)[ \t]*:", re.MULTILINE)


def looks_like_assignment(path: Path) -> bool:
    """A .txt file whose first few KiB hold an assignment key (title:, scenario: or chapter:)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096).decode("utf-8", errors="replace")
    except OSError:
        return False
    return bool(_ASSIGNMENT_START.search(head))


def start_folder() -> Path:
    """Where students most likely saved the file their teacher sent."""
    home = Path.home()
    for candidate in (home / "Downloads", home / "Desktop", home, Path.cwd()):
        if candidate.is_dir():
            return candidate
    return Path.cwd()


class PickerScreen(Screen):
    name = "picker"
    title = "Open assignment"

    def __init__(self, app: App, folder: Path | None = None) -> None:
        super().__init__(app)
        self.root = getattr(app.options, "picker_root", None)
        self.folder = Path(folder or getattr(app, "picker_folder", None) or self.root or start_folder()).resolve()
        self.entries: list[tuple[str, Path, bool]] = []
        self.index = 0
        self.top = 0
        self.error = ""
        self.list_folder()

    @property
    def rows(self) -> int:
        return int((LIST_BOTTOM - LIST_Y) // ROW)

    def _allowed(self, path: Path) -> bool:
        return self.root is None or path == Path(self.root).resolve() or Path(self.root).resolve() in path.parents

    def list_folder(self) -> None:
        entries: list[tuple[str, Path, bool]] = []
        parent = self.folder.parent
        if parent != self.folder and self._allowed(parent):
            entries.append(("..  (up one folder)", parent, True))
        self.error = ""
        try:
            with os.scandir(self.folder) as it:
                items = sorted(it, key=lambda e: (not e.is_dir(follow_symlinks=True), e.name.lower()))
                for e in items[:2000]:
                    if e.name.startswith("."):
                        continue
                    try:
                        is_dir = e.is_dir(follow_symlinks=True)
                    except OSError:
                        continue
                    if is_dir:
                        entries.append((e.name + "/", Path(e.path), True))
                    elif e.name.lower().endswith(SUFFIXES) or (
                            e.name.lower().endswith(TEXT_SUFFIX) and looks_like_assignment(Path(e.path))):
                        entries.append((e.name, Path(e.path), False))
        except OSError as exc:
            self.error = f"This folder cannot be read ({exc.strerror or exc})."
        self.entries = entries
        self.index = 0
        self.top = 0
        self.app.invalidate()

    def _open(self, i: int) -> None:
        if not 0 <= i < len(self.entries):
            return
        _, path, is_dir = self.entries[i]
        if is_dir:
            self.folder = path.resolve()
            self.app.picker_folder = self.folder
            self.list_folder()
        else:
            from .assignment import open_assignment

            open_assignment(self.app, path)

    def _clamp(self) -> None:
        n = len(self.entries)
        self.index = max(0, min(self.index, n - 1))
        if self.index < self.top:
            self.top = self.index
        elif self.index >= self.top + self.rows:
            self.top = self.index - self.rows + 1

    def handle(self, ev: pygame.event.Event) -> None:
        if ev.type == pygame.KEYDOWN:
            key = ev.key
            if key == pygame.K_ESCAPE:
                self.back()
            elif key in (pygame.K_UP, pygame.K_DOWN, pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_HOME, pygame.K_END):
                step = {pygame.K_UP: -1, pygame.K_DOWN: 1, pygame.K_PAGEUP: -self.rows, pygame.K_PAGEDOWN: self.rows,
                        pygame.K_HOME: -10**6, pygame.K_END: 10**6}[key]
                self.index += step
                self._clamp()
            elif key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                self._open(self.index)
            elif key == pygame.K_BACKSPACE:
                if self.entries and self.entries[0][0].startswith(".."):
                    self._open(0)
            return
        pos = self.app.mouse(ev)
        if ev.type == pygame.MOUSEWHEEL:
            self.top = max(0, min(self.top - ev.y * 3, max(0, len(self.entries) - self.rows)))
            return
        if pos is None:
            return
        for r in range(self.rows):
            i = self.top + r
            if i < len(self.entries) and inside(pos, (LIST_X, LIST_Y + r * ROW, LIST_W, ROW - 4)):
                if ev.type == pygame.MOUSEMOTION and self.index != i:
                    self.index = i
                    self.app.invalidate()
                elif ev.type == pygame.MOUSEBUTTONUP and ev.button == 1:
                    self.index = i
                    self._open(i)
                return
        if ev.type == pygame.MOUSEBUTTONUP and ev.button == 3:
            self.back()

    def targets(self) -> list[tuple[str, tuple[float, float, float, float], bool]]:
        return [(f"entry:{name}", (LIST_X, LIST_Y + r * ROW, LIST_W, ROW - 4), True)
                for r, (name, _, _) in enumerate(self.entries[self.top:self.top + self.rows])]

    def draw(self, c: Canvas) -> None:
        t = self.theme
        backdrop(c, t, 1)
        heading(c, t, "Open an assignment", kicker="From your teacher")
        c.text(str(self.folder), LIST_X, 168, TextStyle("label", 21, t.muted, scalable=False), width=LIST_W)
        for r, (name, _, is_dir) in enumerate(self.entries[self.top:self.top + self.rows]):
            i = self.top + r
            rect = (LIST_X, LIST_Y + r * ROW, LIST_W, ROW - 4)
            focused = i == self.index
            c.fill(t.focus if focused else (t.bar if not is_dir else t.meter_track), rect)
            colour = t.bar_text if focused or not is_dir else t.ink
            c.text(name, LIST_X + 16, rect[1] + rect[3] / 2,
                   TextStyle("label", 22, colour, scalable=False, markup=False), anchor="midleft", width=LIST_W - 30)
        if self.error or not any(not d for _, _, d in self.entries):
            msg = self.error or "No assignment files (.yaml or .txt) here. Open a folder, or ask your teacher where the file is."
            y = LIST_Y + min(len(self.entries), self.rows) * ROW + 10
            c.text(msg, LIST_X, y, TextStyle("body", 20, t.muted, scalable=False), width=LIST_W)
        key_hint(c, t, "↑ ↓ choose   ·   Enter open   ·   Backspace up a folder   ·   Esc back", y=698)
