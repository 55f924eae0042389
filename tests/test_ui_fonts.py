"""The shipped fonts draw what the story needs: documents quote sources exactly."""

from __future__ import annotations

import pygame
import pytest

from game import paths
from game.ui.text import FONT_FILES


@pytest.fixture(scope="module", autouse=True)
def _font_system() -> None:
    pygame.font.init()


def _pixels(font: pygame.font.Font, text: str) -> bytes:
    return pygame.image.tobytes(font.render(text, True, (0, 0, 0), (255, 255, 255)), "RGB")


@pytest.mark.parametrize("key", sorted(FONT_FILES))
def test_every_font_file_exists_and_loads(key: str) -> None:
    pygame.font.Font(paths.assets_dir() / "fonts" / FONT_FILES[key], 22)


def test_document_face_keeps_brackets_and_parentheses_apart_from_slashes() -> None:
    # A quotation's editorial insertions are in [brackets]; a face that draws them
    # as slashes (GNU Typewriter did) changes what the source says.
    font = pygame.font.Font(paths.assets_dir() / "fonts" / FONT_FILES["type"], 28)
    slash = _pixels(font, "/")
    for glyph in "[]()":
        assert _pixels(font, glyph) != slash, glyph


@pytest.mark.parametrize("key", ["type", "serif", "serif_bold", "serif_italic", "label", "dys"])
def test_document_and_body_faces_have_every_character_the_story_uses(key: str) -> None:
    font = pygame.font.Font(paths.assets_dir() / "fonts" / FONT_FILES[key], 22)
    texts = [p.read_text(encoding="utf-8") for p in paths.scenes_dir().rglob("*.yaml")]
    used = sorted({ch for text in texts for ch in text if not ch.isascii() and ch.isprintable()})
    # A character the font lacks is drawn as its "missing glyph" box, the same box
    # a non-character (U+FFFE) gets.
    box = _pixels(font, "\ufffe")
    missing = [ch for ch in used if _pixels(font, ch) == box]
    assert missing == []
