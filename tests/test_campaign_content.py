"""The shipped campaign, measured from the loaded story: what issue 4 promises a teacher.

Every count here is computed from scenes/ itself; the thresholds are the campaign's
own requirements, not numbers copied from output.
"""

from __future__ import annotations

import re
import statistics
from functools import lru_cache

from campaign_helpers import campaign

from game import paths
from game.story import model as M
from game.story import open_story
from game.tools.playtest import Report, coverage_search, random_runs


@lru_cache(maxsize=1)
def playtest() -> Report:
    story = campaign()
    report = random_runs(story, runs=150, seed=7)
    return coverage_search(story, report, budget=30_000)


def test_checker_passes_strict() -> None:
    result = open_story(paths.scenes_dir(), strict=True)
    assert [d.format() for d in result.diagnostics] == []


def _historical_decisions(story: M.Story) -> list[M.Choice | M.Vote | M.Appointments]:
    return [d for _s, _pc, d in story.decisions() if d.history and d.history in story.records]


def test_at_least_24_decisions_linked_to_the_record() -> None:
    assert len(_historical_decisions(campaign())) >= 24


def test_boards_votes_documents() -> None:
    story = campaign()
    kinds = [type(d) for _s, _pc, d in story.decisions()]
    assert kinds.count(M.Appointments) >= 3
    assert kinds.count(M.Vote) >= 4
    assert len(story.documents) >= 10


def test_characters_have_bios_and_portraits() -> None:
    story = campaign()
    complete = [c for c in story.characters.values() if c.bio.strip() and c.portrait
                and (paths.assets_dir() / "portraits" / f"{c.portrait}.svg").is_file()]
    assert len(complete) >= 15


def test_glossary_has_40_terms() -> None:
    assert len(campaign().glossary) >= 40


def test_five_endings_one_historical() -> None:
    story = campaign()
    assert len(story.endings) >= 5
    assert [e.id for e in story.endings.values() if e.historical] == ["sole_leader"]


def test_counterfactual_endings_carry_interpretation_and_sources() -> None:
    for ending in campaign().endings.values():
        assert ending.sources, f"ending {ending.id} has no sources"
        if not ending.historical:
            assert ending.debrief.strip(), f"counterfactual ending {ending.id} says nothing of what historians argue"


def test_every_record_has_a_source_and_a_date_inside_its_chapter() -> None:
    story = campaign()
    for record in story.records.values():
        assert record.sources, record.id
    for scene, _pc, decision in story.decisions():
        chapter = story.chapter(story.scene_chapter.get(scene.id))
        record = story.records.get(decision.history or "")
        if record is None or chapter is None:
            continue
        first, _, last = record.date.partition("/")
        last = last or first
        assert first[: len(chapter.end)] <= chapter.end and last >= chapter.start[: len(last)], (
            f"{record.id} ({record.date}) is outside {chapter.id} ({chapter.start}–{chapter.end})")


def test_disputes_have_two_readings_with_holders() -> None:
    story = campaign()
    disputed = [r for r in story.records.values() if r.disputed]
    assert disputed, "the fact base lists disputes; the record must show them"
    for record in disputed:
        assert record.disputed is not None
        assert len(record.disputed.readings) >= 2
        assert all(r.view.strip() and r.held_by.strip() for r in record.disputed.readings)
    telegram = [r for r in disputed if "telegram" in r.id or "funeral" in r.id]
    assert telegram, "the funeral-date telegram must be shown as a dispute"


def test_playtester_reaches_every_option_scene_and_ending() -> None:
    story = campaign()
    report = playtest()
    assert report.errors == []
    assert report.missing_options(story) == []
    assert sorted(set(story.scenes) - report.scenes_seen) == []
    assert sorted(set(story.endings) - set(report.endings_seen)) == []


def test_meters_differ_between_runs() -> None:
    finished = [r for r in playtest().runs if r.ending and r.scenario == "stalin_full"]
    assert len({tuple(sorted(r.meters.items())) for r in finished}) > 10


def _final_endings(story: M.Story) -> set[str]:
    """Endings reached in the last chapter: the ones a whole playthrough reads up to."""
    last = story.chapters[-1].id
    return {instr.ending for scene in story.scenes.values() if story.scene_chapter.get(scene.id) == last
            for instr in scene.code if isinstance(instr, M.EndingBeat)}


def test_words_per_path() -> None:
    report = playtest()
    final = _final_endings(campaign())
    words = [r.words for r in report.runs if r.scenario == "stalin_full" and r.ending in final]
    assert words
    assert 6000 <= min(words) and max(words) <= 10000, (min(words), statistics.median(words), max(words))
    for scenario in campaign().scenarios.values():
        if scenario.chapter is None:
            continue
        # a chapter is played to its end, or to an ending inside it (chapter 9, or removal in 5)
        words = [r.words for r in report.runs if r.scenario == scenario.id and r.ending]
        assert words, f"{scenario.id} never finished"
        assert 600 <= statistics.median(words) <= 1300, (scenario.id, min(words), max(words))


def _all_text(story: M.Story) -> str:
    parts: list[str] = []
    for scene in story.scenes.values():
        for instr in scene.code:
            if isinstance(instr, M.Line):
                parts.append(instr.text.source)
            elif isinstance(instr, M.Choice):
                parts.extend([instr.prompt.source if instr.prompt else ""] + [o.text.source for o in instr.options])
    return "\n".join(p for p in parts if p)


def test_reading_level_is_at_most_the_one_limit() -> None:
    import textstat  # a test dependency (pyproject's [test] extra)

    from game.tools.readability import GRADE_LIMIT

    text = re.sub(r"\{[^}]*\}|\*", "", _all_text(campaign()))
    grade = textstat.flesch_kincaid_grade(text)
    assert grade <= GRADE_LIMIT, grade


def test_no_quotation_marks_in_dramatised_lines() -> None:
    # Dialogue is dramatisation; a quotation mark inside it would present invented
    # words as something a historical person said.
    story = campaign()
    for scene in story.scenes.values():
        for instr in scene.code:
            if isinstance(instr, M.Line) and instr.speaker:
                assert not re.search(r"[\"“”]", instr.text.source), f"{instr.loc}: quotation marks in a say: line"
