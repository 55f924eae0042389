"""Art: SVG backgrounds and portraits rasterised at the window's real size, cached.

``pygame.image.load_sized_svg`` renders the vector art at exactly the pixels it
will occupy, so art is as crisp at 1920×1080 as at 1280×720. A missing or broken
file falls back to the artist's ``_missing.svg``, and if that is missing too, to
a placeholder drawn here from the palette: never a crash.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import pygame

from .. import paths
from .theme import AGED, BLACK, GREY, PAPER, RED


class ArtCache:
    """Rasterised art keyed by (kind, id, width, height)."""

    def __init__(self, assets: Path | None = None, budget_bytes: int = 32 * 1024 * 1024) -> None:
        self.assets = assets or paths.assets_dir()
        # A 1920×1080 background is 8 MB: keep a few scenes' worth, not every place in the story.
        self.budget = budget_bytes
        self._bytes = 0
        self._items: OrderedDict[tuple[str, str, int, int], pygame.Surface] = OrderedDict()
        self.missing: set[str] = set()  # "kind/id" that fell back to a placeholder (for writers)
        self.generation = 0  # bumped by clear(): caches built from this art know they are stale

    def clear(self) -> None:
        self._items.clear()
        self._bytes = 0
        self.missing.clear()
        self.generation += 1

    def background(self, ident: str, size: tuple[int, int]) -> pygame.Surface:
        return self._get("backgrounds", ident, size)

    def portrait(self, ident: str, size: tuple[int, int]) -> pygame.Surface:
        return self._get("portraits", ident, size)

    def _get(self, kind: str, ident: str, size: tuple[int, int]) -> pygame.Surface:
        size = (max(1, size[0]), max(1, size[1]))
        key = (kind, ident, size[0], size[1])
        img = self._items.get(key)
        if img is not None:
            self._items.move_to_end(key)
            return img
        img = self._load(kind, ident, size)
        self._items[key] = img
        self._bytes += size[0] * size[1] * 4
        while self._bytes > self.budget and len(self._items) > 1:
            (_, _, w, h), _old = self._items.popitem(last=False)
            self._bytes -= w * h * 4
        return img

    def _load(self, kind: str, ident: str, size: tuple[int, int]) -> pygame.Surface:
        folder = self.assets / kind
        for name in (ident, "_missing"):
            if not name or "/" in name or "\\" in name or name.startswith("."):
                continue
            path = folder / f"{name}.svg"
            if not path.is_file():
                if name == ident:
                    self.missing.add(f"{kind}/{ident}")
                continue
            try:
                img = pygame.image.load_sized_svg(str(path), size)
            except (pygame.error, OSError, ValueError):
                self.missing.add(f"{kind}/{name}")
                continue
            if img.get_size() != size:  # an SVG of another aspect: fit it exactly
                img = pygame.transform.smoothscale(img, size)
            if pygame.display.get_surface() is not None:
                # Backgrounds are opaque: a plain (non-alpha) copy blits several times faster.
                img = img.convert() if kind == "backgrounds" else img.convert_alpha()
            return img
        return _placeholder(kind, size)


def _placeholder(kind: str, size: tuple[int, int]) -> pygame.Surface:
    """Flat constructivist shapes: a diagonal band and a circle; calm lower third."""
    w, h = size
    surf = pygame.Surface(size, pygame.SRCALPHA)
    if kind == "portraits":
        pygame.draw.circle(surf, AGED, (w // 2, h // 2), min(w, h) // 2)
        pygame.draw.circle(surf, GREY, (w // 2, int(h * 0.40)), int(min(w, h) * 0.17))
        pygame.draw.ellipse(surf, GREY, (int(w * 0.22), int(h * 0.60), int(w * 0.56), int(h * 0.50)))
        return surf
    surf.fill(AGED)
    pygame.draw.polygon(surf, PAPER, [(0, int(h * 0.55)), (int(w * 0.55), 0), (int(w * 0.72), 0), (0, int(h * 0.78))])
    pygame.draw.circle(surf, GREY, (int(w * 0.68), int(h * 0.32)), int(h * 0.18))
    pygame.draw.polygon(surf, RED, [(int(w * 0.25), int(h * 0.46)), (int(w * 0.60), int(h * 0.28)),
                                    (int(w * 0.60), int(h * 0.36))])
    pygame.draw.rect(surf, BLACK, (0, int(h * 0.667), w, max(1, h // 120)))
    return surf


def circle_crop(img: pygame.Surface) -> pygame.Surface:
    """The image inside a circle (portraits are framed in circles)."""
    w, h = img.get_size()
    mask = pygame.Surface((w, h), pygame.SRCALPHA)
    pygame.draw.circle(mask, (255, 255, 255, 255), (w // 2, h // 2), min(w, h) // 2)
    out = img.copy()
    out.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    return out
