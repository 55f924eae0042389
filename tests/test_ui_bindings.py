"""Key handling as binding tables (issue 9.7): the table both runs the keys and writes the hints.

A screen's key hint line is made from its table, so the hints drawn on screen name exactly the
keys the table binds; and no event handler in the window grows past about 40 lines.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

from game.ui.bindings import Binding, dispatch, hints  # noqa: E402
from game.ui.layout import draw_recorded  # noqa: E402
from game.ui.pilot import Pilot  # noqa: E402
from game.ui.screens.saveload import SaveLoadScreen  # noqa: E402

UI = Path(__file__).resolve().parent.parent / "game" / "ui"
SAMPLE = Path(__file__).resolve().parent / "stories" / "sample"
#: Handlers: what the app hands events to, and the pieces they are split into.
HANDLER_NAMES = ("handle", "_key", "_pointer", "_mouse", "_quick_key", "key")


def test_no_event_handler_is_longer_than_40_lines() -> None:
    long = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name in HANDLER_NAMES:
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > 40:
                    long.append(f"{path.relative_to(UI)}:{node.lineno} {node.name} ({lines} lines)")
    assert long == []


class _Screen:
    def __init__(self) -> None:
        self.done: list[str] = []

    @property
    def ready(self) -> bool:
        return False

    def back(self) -> None:
        self.done.append("back")

    def shifted(self) -> None:
        self.done.append("shifted")

    def maybe(self) -> bool:
        self.done.append("maybe")
        return False


def _key(key: int, mod: int = 0) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="")


def test_dispatch_honours_modifiers_conditions_and_declined_keys() -> None:
    table = (Binding((pygame.K_TAB,), "shifted", mod=pygame.KMOD_SHIFT),
             Binding((pygame.K_TAB,), "back", "back", "Tab"),
             Binding((pygame.K_x,), "back", when="ready"),
             Binding((pygame.K_y,), "maybe"))
    screen = _Screen()
    assert dispatch(table, screen, _key(pygame.K_TAB, pygame.KMOD_LSHIFT))
    assert dispatch(table, screen, _key(pygame.K_TAB))
    assert not dispatch(table, screen, _key(pygame.K_x))  # its condition is false
    assert not dispatch(table, screen, _key(pygame.K_y))  # the action declined the key
    assert screen.done == ["shifted", "back", "maybe"]
    assert hints(table, before=("Type",)) == "Type   ·   Tab back"


def test_the_load_screen_shows_the_keys_its_table_binds(tmp_path: Path) -> None:
    p = Pilot.launch(SAMPLE, tmp_path, size=(1280, 720))
    try:
        p.click("Load")
        screen = p.app.top
        assert isinstance(screen, SaveLoadScreen)
        drawn = " ".join(d.text for d in draw_recorded(p.app))
        for b in screen.BINDINGS:
            if b.hint:
                assert b.shown in drawn and b.hint in drawn, b
        p.press(pygame.K_PAGEDOWN)  # the table's keys do what the hints say
        assert screen.page == 1
        p.press(pygame.K_ESCAPE)
        assert p.screen == "title"
    finally:
        p.close()


def test_no_binding_runs_a_screen_lifecycle_method() -> None:
    # A key bound to "enter" once ran Screen.enter (the screen's "you are on top now") on Enter.
    from game.ui.screens.glossary import GlossaryScreen
    from game.ui.screens.play import PlayScreen
    from game.ui.screens.reflect import ReflectScreen

    lifecycle = {"enter", "leave", "update", "draw", "handle", "relayout", "targets"}
    for screen in (PlayScreen, GlossaryScreen, SaveLoadScreen, ReflectScreen):
        for b in screen.BINDINGS:
            assert b.action not in lifecycle, (screen.__name__, b)
            assert callable(getattr(screen, b.action)), (screen.__name__, b)
