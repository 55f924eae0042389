"""Capitals that sit with their word in OpenDyslexic ("Secretariat", not "S ecretariat").

As SDL_ttf lays OpenDyslexic out, a capital keeps a right side bearing wider than any lower-case
letter's, and the font's own kerning pushes most lower-case letters further away from it still;
a capital then reads as a letter of its own (issue 12.9). :class:`CapsKerned` draws such a font
with the gap after a capital made the same as between two lower-case letters ("n" then the
letter), and measures text the same way, so wrapping and the typewriter reveal agree with it.
Other pairs keep the font's spacing, which is part of what the face is for.
"""

from __future__ import annotations

from typing import Protocol

import pygame

from .theme import Colour


class Face(Protocol):
    """What the text layout asks of a font (``pygame.font.Font`` has it; so has CapsKerned)."""

    def size(self, text: str, /) -> tuple[int, int]: ...

    def render(self, text: str, antialias: bool, color: Colour, /) -> pygame.Surface: ...

    def get_height(self) -> int: ...


class CapsKerned:
    """A font whose gap after a capital followed by a lower-case letter is that of lower case."""

    def __init__(self, font: pygame.font.Font) -> None:
        self.font = font
        self._cut: dict[tuple[str, str], int] = {}
        self._one: dict[str, int] = {}

    def _width(self, text: str) -> int:
        w = self._one.get(text)
        if w is None:
            w = self._one[text] = self.font.size(text)[0]
        return w

    def _rsb(self, ch: str) -> int:
        m = self.font.metrics(ch)[0]
        return 0 if m is None else m[4] - m[1]

    def correction(self, cap: str, low: str) -> int:
        """Pixels to take from the gap between ``cap`` and ``low`` (0 when it is not wider)."""
        key = (cap, low)
        cut = self._cut.get(key)
        if cut is None:
            kern = self._width(cap + low) - self._width(cap) - self._width(low)
            usual = self._width("n" + low) - self._width("n") - self._width(low)
            cut = max(0, (self._rsb(cap) + kern) - (self._rsb("n") + usual))
            self._cut[key] = cut
        return cut

    def _runs(self, text: str) -> list[tuple[str, int]]:
        """``text`` split after each capital that a lower-case letter follows: (run, pixels to take after it)."""
        runs: list[tuple[str, int]] = []
        start = 0
        for i in range(len(text) - 1):
            a, b = text[i], text[i + 1]
            if a.isupper() and b.islower():
                cut = self.correction(a, b)
                if cut:
                    runs.append((text[start:i + 1], cut))
                    start = i + 1
        runs.append((text[start:], 0))
        return runs

    def size(self, text: str, /) -> tuple[int, int]:
        w, h = self.font.size(text)
        runs = self._runs(text)
        if len(runs) == 1:
            return w, h
        return sum(self.font.size(run)[0] - cut for run, cut in runs), h

    def render(self, text: str, antialias: bool, color: Colour, /) -> pygame.Surface:
        runs = self._runs(text)
        if len(runs) == 1:
            return self.font.render(text, antialias, color)
        w, h = self.size(text)
        out = pygame.Surface((max(1, w), max(1, h)), pygame.SRCALPHA)
        out.fill((*color, 0))  # transparent pixels of the text's colour: no dark fringe when blended
        x = 0
        for run, cut in runs:
            img = self.font.render(run, antialias, color)
            out.blit(img, (x, 0))
            x += self.font.size(run)[0] - cut
        return out

    def get_height(self) -> int:
        return self.font.get_height()
