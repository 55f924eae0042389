"""Shared test setup: headless SDL, and paths every area's tests use.

Other areas add small fixtures here (additive edits only); keep each one short
and say which tests use it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Before anything imports pygame: no window, no sound device, in CI or not.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

TESTS_DIR = Path(__file__).resolve().parent
PROJECT_DIR = TESTS_DIR.parent
STORIES_DIR = TESTS_DIR / "stories"
SAMPLE_DIR = STORIES_DIR / "sample"


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    """The sample story folder (every beat kind; checks clean)."""
    return SAMPLE_DIR


@pytest.fixture(scope="session")
def sample_story():  # type: ignore[no-untyped-def]
    """The sample story, loaded once per session (a Story is immutable, so sharing is safe)."""
    from game.story.loader import load_story

    result = load_story(SAMPLE_DIR)
    assert result.story is not None, [d.format() for d in result.diagnostics]
    return result.story


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh folder for saves, settings and reports (pass as --data-dir)."""
    path = tmp_path / "data"
    path.mkdir()
    return path
