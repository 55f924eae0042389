"""The teachers' guide stays true: docs/teachers/chapters.md is what `after-lenin chapters` prints
from the story now, and every quotation in the guide is one the story's records carry."""

from __future__ import annotations

import re
from pathlib import Path

from game import cli
from game.story.loader import load_story
from game.tools.chapters import DECISION_MINUTES, READING_WPM, chapter_list, estimate_minutes

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "teachers"
PAGES = ("README.md", "chapters.md", "lesson-plans.md", "discussion.md", "handout.md", "exam-factors.md")


def test_chapters_page_is_what_the_command_prints_now(capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli.main(["chapters"]) == 0
    printed = capsys.readouterr().out
    assert (GUIDE / "chapters.md").read_text(encoding="utf-8") == printed, (
        "docs/teachers/chapters.md is out of date: run `after-lenin chapters --write`")


def test_the_chapter_list_carries_the_story() -> None:
    story = load_story(ROOT / "scenes").story
    assert story is not None
    text = (GUIDE / "chapters.md").read_text(encoding="utf-8")
    chapters = chapter_list(story)
    assert [c.chapter for c in chapters if c.chapter] == [c.id for c in story.chapters]
    for c in chapters:
        sc = story.scenarios[c.scenario]
        assert f"## {sc.title}" in text and sc.dates in text
        for objective in sc.objectives:
            assert f"- {objective}" in text
        # minutes follow from the words and decisions on the median path, as the page says
        assert c.minutes == estimate_minutes(c.words, c.decisions_on_path) > 0
    for _scene, _pc, d in story.decisions():  # every decision of a chapter is listed under it
        assert d.id in {x.id for c in chapters for x in c.decisions}
    for factor in story.factors.values():
        assert f"| {factor.title} |" in text
    assert f"at {READING_WPM} words a minute" in text and DECISION_MINUTES == 0.5


def test_estimated_minutes() -> None:
    assert estimate_minutes(900, 4) == 8  # 6 minutes reading + 2 deciding
    assert estimate_minutes(901, 4) == 9  # rounded up
    assert estimate_minutes(0, 0) == 0


def test_guide_pages_exist_and_link_to_each_other() -> None:
    for name in PAGES:
        assert (GUIDE / name).is_file(), name
    index = (GUIDE / "README.md").read_text(encoding="utf-8")
    for name in PAGES[1:]:
        assert f"]({name})" in index, name
    plans = (GUIDE / "lesson-plans.md").read_text(encoding="utf-8")
    assert "## 45 minutes" in plans and "## 20 minutes" in plans


def test_discussion_covers_every_chapter_and_every_factor_is_mapped() -> None:
    story = load_story(ROOT / "scenes").story
    assert story is not None
    discussion = (GUIDE / "discussion.md").read_text(encoding="utf-8")
    for sc in story.scenarios.values():
        if sc.chapter:
            assert f"## {sc.title} (" in discussion, sc.title
    exam = (GUIDE / "exam-factors.md").read_text(encoding="utf-8")
    for factor in story.factors.values():
        assert f"| {factor.title} |" in exam, factor.title


def _plain(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


def test_every_quotation_is_one_the_story_carries() -> None:
    """No invented quotation: a quoted passage in the guide appears word for word in the story's files."""
    story_text = _plain(" ".join(p.read_text(encoding="utf-8") for p in (ROOT / "scenes").rglob("*.yaml")))
    for name in PAGES[2:]:
        for paragraph in (GUIDE / name).read_text(encoding="utf-8").split("\n\n"):
            # every pair, short ones too (so a short quotation cannot shift the pairing), then the long ones
            quotes = [q for q in re.findall(r'"([^"]*)"', _plain(paragraph)) if len(q) >= 25]
            for quoted in quotes:
                assert quoted.rstrip(",.") in story_text, f"{name}: {quoted!r}"
