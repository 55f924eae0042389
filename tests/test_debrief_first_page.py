"""The debrief's first page (issue 12.3): your ending beside history's, the three factors that
most decided your path, and the few decisions where you differed — the rest one step away."""

from __future__ import annotations

from functools import lru_cache

from classroom_helpers import play, story
from game import paths
from game.engine.playthrough import Playthrough
from game.history.debrief import KEY_FACTORS, MAX_DIFFERENCES, build_debrief
from game.story import model as M
from game.story import open_story


@lru_cache(maxsize=1)
def campaign() -> M.Story:
    result = open_story(paths.scenes_dir())
    assert result.story is not None, "\n".join(d.format() for d in result.diagnostics)
    return result.story


def play_against_history(st: M.Story, scenario: str) -> Playthrough:
    """Take a non-historical option at every choice that has one (boards and votes as they fall)."""
    pt = Playthrough.start(st, scenario)
    for _ in range(20_000):
        step = pt.current
        if step.kind == "ending":
            return pt
        if step.kind == "choice":
            other = next((o for o in step.options if not o.historical), step.options[0])
            pt.choose(other.index)
        elif step.kind == "appointments":
            board = step.instr
            assert isinstance(board, M.Appointments)
            used: set[str] = set()
            picks = {}
            for post in board.posts:
                cand = next(c for c in post.candidates if c.person not in used)
                used.add(cand.person)
                picks[post.id] = cand.person
            pt.appoint(picks)
        else:
            pt.advance()
    raise AssertionError("the playthrough did not end")


def test_first_page_of_the_historical_path() -> None:
    st = story("debrief")
    d = build_debrief(play(st, "whole"))
    page = d.first_page
    assert page.chapter_id == "" and page.player_ending is d.outcome.player
    assert page.player_ending is not None and page.player_ending.title == "You won"
    assert page.historical_ending is not None and page.historical_ending.title == "You won"
    assert page.matched is True
    assert page.headline == ("You reached the historical ending. You did what was done historically in 3 of 3"
                             " decisions.")
    # 'files' tags two decisions taken as in history, 'friends' one (the vote has no historical
    # option, so it counts once); 'unused' tags nothing this path met, so it is not a key factor
    assert [f.id for f in page.key_factors] == ["files", "friends"]
    assert page.differences == () and page.more_differences == 0


def test_first_page_of_a_path_that_left_history() -> None:
    st = story("debrief")
    # the board filled the other way round: the motion fails (4 for, 5 against) and the clerk loses
    d = build_debrief(play(st, "whole", {"board": {"north": "rival", "south": "boss"}}))
    page = d.first_page
    assert page.player_ending is not None and page.player_ending.title == "You lost"
    assert page.historical_ending is not None and page.historical_ending.title == "You won"
    assert page.matched is False
    assert page.headline == ("Your path ended differently from history. You did what was done historically"
                             " in 2 of 3 decisions.")
    assert [x.id for x in page.differences] == ["board"] and page.more_differences == 0


def test_key_factors_weigh_the_decisions_that_point_the_way_the_outcome_went() -> None:
    from game.history.debrief import FactorUse, FactorView, OutcomeView, _key_factors

    def factor(fid: str, *matched: bool | None) -> FactorView:
        uses = tuple(FactorUse(i, f"d{i}", "", "", m) for i, m in enumerate(matched, 1))
        return FactorView(fid, fid, "", uses, "")

    factors = (factor("a", True, True), factor("b", False, False, False), factor("c", None),
               factor("d"), factor("e", False))
    # another ending: the three differences of 'b' (weight 6) outweigh the two matches of 'a' (2);
    # 'a' and 'e' (one difference, 2) tie, and a tie keeps the story's order
    other = OutcomeView(None, None, False, ())
    assert [f.id for f in _key_factors(factors, other)] == ["b", "a", "e"]
    # the historical ending: the decisions that followed history count double
    same = OutcomeView(None, None, True, ())
    assert [f.id for f in _key_factors(factors, same)] == ["a", "b", "c"]
    # a factor no decision met is never a key factor, even when fewer than three were met
    assert [f.id for f in _key_factors((factor("d"), factor("c", None)), same)] == ["c"]


def test_the_whole_road_against_history_lists_at_most_five_differences_in_play_order() -> None:
    st = campaign()
    d = build_debrief(play_against_history(st, "stalin_full"))
    page = d.first_page
    differed = [x for x in d.decisions if x.matched is False]
    assert len(differed) > MAX_DIFFERENCES  # the point of the test: more than fit on a page
    assert len(page.differences) == MAX_DIFFERENCES
    assert page.more_differences == len(differed) - MAX_DIFFERENCES
    assert [x.n for x in page.differences] == sorted(x.n for x in page.differences)
    assert all(x.matched is False for x in page.differences)
    assert len(page.key_factors) == KEY_FACTORS
    titles = {f.title for f in st.factors.values()}
    assert all(f.title in titles and f.uses for f in page.key_factors)
    # the kept differences are the ones the key factors speak of
    keys = {f.id for f in page.key_factors}
    assert all(keys.intersection(x.factors) for x in page.differences)


def test_a_chapter_4_debrief_never_shows_the_1929_ending_or_factors_chapter_4_cannot_meet() -> None:
    st = campaign()
    d = build_debrief(play_against_history(st, "stalin_ch4"))
    hist = st.historical_ending()
    assert hist is not None
    page = d.first_page
    assert page.chapter_id == "ch4" and page.chapter_title == st.chapter("ch4").title  # type: ignore[union-attr]
    assert page.historical_ending is not None and page.historical_ending.title != hist.title
    assert page.historical_ending.title.startswith("Chapter 4, ")
    assert page.historical_ending.summary.startswith("What happened: ")
    assert d.outcome.aftermath == ()
    ch4 = {f for scene, _pc, instr in st.decisions() if scene.chapter == "ch4"
           for f in (*instr.factors, *(st.records[instr.history].factors if instr.history in st.records else ()))}
    assert {f.id for f in d.factors} == ch4 and len(d.factors) < len(st.factors)
    assert len(d.trajectory.chapters) == 2 and all(len(m.player) == 2 for m in d.trajectory.meters)


def test_a_chapter_4_report_talks_about_chapter_4() -> None:
    from game.classroom.html import render_report
    from game.classroom.report import report_data

    st = campaign()
    hist = st.historical_ending()
    assert hist is not None
    data = report_data(play_against_history(st, "stalin_ch4"), None, "Ann")
    page = render_report(data)
    assert hist.title not in page and "Chapter 4, " in data["outcome"]["historical"]["title"]
    # charts of two points (where the chapter began, where it ended), never one
    assert len(data["trajectory"]["chapters"]) == 2
    assert all(len(m["player"]) == 2 for m in data["trajectory"]["meters"])
    ch4 = {f for scene, _pc, instr in st.decisions() if scene.chapter == "ch4"
           for f in (*instr.factors, *(st.records[instr.history].factors if instr.history in st.records else ()))}
    assert {f["id"] for f in data["factors"]} == ch4
