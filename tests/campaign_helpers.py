"""The shipped campaign, loaded once for the tests that read the real story (not a test module)."""

from __future__ import annotations

from functools import lru_cache

from game import paths
from game.story import model as M
from game.story import open_story


@lru_cache(maxsize=1)
def campaign() -> M.Story:
    """The shipped scenes, checked strictly; fails with the checker's messages if they do not load."""
    result = open_story(paths.scenes_dir(), strict=True)
    assert result.story is not None, "\n".join(d.format() for d in result.diagnostics)
    return result.story
