"""A scenario's length comes from its words (issue 12.9): chapters add up to the whole road."""

from __future__ import annotations

from game import paths
from game.engine.length import WORDS_PER_MINUTE, all_minutes, reading_words
from game.story import open_story


def test_chapters_add_up_to_the_whole_road() -> None:
    story = open_story(paths.scenes_dir()).story
    assert story is not None
    minutes = all_minutes(story)
    whole = next(sc.id for sc in story.scenarios.values() if not sc.chapter)
    chapters = sum(m for sc, m in minutes.items() if sc != whole)
    # Each chapter is rounded on its own, so the sum may differ by about a minute a chapter.
    assert abs(chapters - minutes[whole]) <= len(minutes) - 1, (chapters, minutes[whole])
    words, decisions = reading_words(story, whole)
    assert decisions >= len(minutes) - 1  # at least one decision a chapter on the historical road
    assert minutes[whole] >= words / WORDS_PER_MINUTE  # reading alone takes that long


def test_the_sample_counts_what_is_shown(sample_story) -> None:  # type: ignore[no-untyped-def]
    words, decisions = reading_words(sample_story, "whole")
    assert words > 20 and decisions >= 1
