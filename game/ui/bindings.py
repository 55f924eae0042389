"""Key bindings as tables, one per screen, which also write the screen's key hints.

As textual's ``BINDINGS``: a screen lists ``Binding(keys, action, hint)`` rows; :func:`dispatch`
runs the first row whose key (and modifier) matches a key press by calling the screen's method
named ``action``, and :func:`hints` turns the rows that have a hint into the line of key hints
drawn at the foot of the screen. So what the screen says a key does and what the key does
come from one place (issue 9.7).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pygame

from .screens.base import HINT_SEP


@dataclass(frozen=True)
class Binding:
    """One key (or several that do the same) and what it does on this screen.

    ``action`` names a method of the screen that takes no arguments and returns None, or a
    bool saying whether it used the key (False lets the screen's other handling see it).
    ``keys`` shows the keys in the hint ("Esc", "PgUp PgDn"); ``hint`` is the rest of that
    hint ("back"); no hint, no place in the line. ``mod`` is a modifier that must be held;
    ``when`` names a screen property that must be true for the binding to apply.
    """

    keys: tuple[int, ...]
    action: str
    hint: str = ""
    shown: str = ""
    mod: int = 0
    when: str = ""


def _mods(held: int) -> int:
    """The held modifiers that matter to a binding (either Shift, Ctrl, Alt as one each)."""
    out = 0
    for mask in (pygame.KMOD_SHIFT, pygame.KMOD_CTRL, pygame.KMOD_ALT):
        if held & mask:
            out |= mask
    return out


def dispatch(table: Iterable[Binding], screen: object, ev: pygame.event.Event) -> bool:
    """Run the binding for a key press; True when one took it."""
    if ev.type != pygame.KEYDOWN:
        return False
    held = _mods(getattr(ev, "mod", 0))
    for b in table:
        if ev.key not in b.keys:
            continue
        if b.mod and not held & b.mod:
            continue
        if b.when and not getattr(screen, b.when):
            continue
        action: Callable[[], bool | None] = getattr(screen, b.action)
        used = action()
        if used is not False:
            return True
    return False


def hints(table: Iterable[Binding], before: Iterable[str] = (), after: Iterable[str] = ()) -> str:
    """The key hint line for a table: "Esc back   ·   H history …", with groups ``before`` and
    ``after`` it for what is not a key (typing, the mouse)."""
    groups = [f"{b.shown} {b.hint}".strip() for b in table if b.hint and b.shown]
    return HINT_SEP.join([*before, *groups, *after])
