"""The debrief's content for scripted playthroughs, asserted exactly (sample stories)."""

from __future__ import annotations

import io

import pytest

from classroom_helpers import play, story
from game.engine.playthrough import Playthrough
from game.history.debrief import (
    AftermathView, DecisionView, DisputeView, PostView, ReadingView, RecordView, build_debrief,
)
from game.text.debrief import format_debrief
from game.history.trajectory import COMPUTED, DECLARED

APPOINTED = RecordView("appointed", "1922-04-03", "3 April 1922", "Appointed", "The clerk got the job.", "It mattered.",
                       ("Sample, History (2000), p. 2",), None)
BOARD = RecordView("the_board", "1922-04-10", "10 April 1922", "The board", "Posts were filled.", "",
                   ("Sample, Posts (2003)",), None)
WIRE = RecordView("the_wire", "1924-01-21", "21 January 1924", "The wire", "A wire was sent.", "",
                  ("Sample, Wires (2001)",),
                  DisputeView("Was it a lie?", (ReadingView("It was a lie.", "The Rival"),
                                                ReadingView("The date moved.", "Archivists"))))
VOTE = RecordView("the_vote", "1924-01-25", "25 January 1924", "The vote", "They voted.", "",
                  ("Sample, Votes (2002)",), None)


@pytest.fixture(scope="module")
def sample():  # type: ignore[no-untyped-def]
    return story("sample")


@pytest.mark.parametrize("round_trip", [False, True], ids=["straight", "save-load"])
def test_historical_path(sample, round_trip: bool) -> None:  # type: ignore[no-untyped-def]
    d = build_debrief(play(sample, "whole", round_trip=round_trip))
    assert d.finished and d.scenario_title == "The whole sample" and d.role_name == "The Clerk"
    assert d.decisions == (
        DecisionView(1, "first_choice", "choice", "one", "The Office", "What do you do with the files?",
                     "Read every card.", "Read every card.", True, (), APPOINTED, ("files",), "option:0"),
        DecisionView(2, "board", "appointments", "one", "The Office", "Two posts are open.",
                     "Secretary, North: The Boss; Secretary, South: The Rival",
                     "Secretary, North: The Boss; Secretary, South: The Rival", True,
                     (PostView("Secretary, North", "The Boss", "The Boss", True),
                      PostView("Secretary, South", "The Rival", "The Rival", True)), BOARD, (), "north=boss;south=rival"),
        DecisionView(3, "wire_choice", "choice", "two", "The Wire", "What do you wire? (apparatus 5)",
                     "The wrong date.", "The wrong date.", True, (), WIRE, (), "option:0"),
        DecisionView(4, "the_vote", "vote", "two", "The Wire", "The Committee: Keep the clerk",
                     "The motion was carried: 6 for, 3 against, 1 abstaining (of 10).", "", None, (), VOTE, (),
                     "passed"),
    )
    assert (d.matched_count, d.comparable_count) == (3, 3)
    o = d.outcome
    assert o.player is not None and o.player.id == "won" and o.historical is not None and o.historical.id == "won"
    assert o.matched is True and o.aftermath == ()
    t = d.trajectory
    assert [(c.id, c.number, c.title) for c in t.chapters] == [("one", 1, "The Office"), ("two", 2, "The Wire")]
    apparatus, trust = t.meters
    assert (apparatus.name, apparatus.player, apparatus.historical, apparatus.source) == (
        "apparatus", (5, 6), (3, 5), DECLARED)
    # trust declares no historical line: it is the historical replay, which this path is
    assert (trust.name, trust.player, trust.historical, trust.source) == ("trust", (5, 3), (5, 3), COMPUTED)
    assert "computed by playing the story's historical options" in trust.note
    assert t.current == ""
    (files,) = d.factors
    assert [u.decision_id for u in files.uses] == ["first_choice"]
    assert files.summary == "It came into one of your decisions; you did what was done historically."


def test_counterfactual_path(sample) -> None:  # type: ignore[no-untyped-def]
    pt = play(sample, "whole", {"first_choice": 1, "wire_choice": 1})
    d = build_debrief(pt)
    assert [(x.n, x.id, x.player, x.historical, x.matched) for x in d.decisions] == [
        (1, "first_choice", "Give them to the rival.", "Read every card.", False),
        (2, "wire_choice", "The true date.", "The wrong date.", False),
        (3, "the_vote", "The motion was defeated: 2 for, 7 against, 1 abstaining (of 10).", "", None),
    ]
    assert d.decisions[1].prompt == "What do you wire? (apparatus 1)"  # as the player saw it
    assert d.decisions[1].record == WIRE  # the dispute travels with the decision
    o = d.outcome
    assert o.player is not None and (o.player.id, o.player.historical, o.player.debrief) == (
        "lost", False, "Interpretation only.")
    assert o.matched is False
    apparatus, trust = d.trajectory.meters
    assert apparatus.player == (1, 1) and apparatus.historical == (3, 5)
    assert trust.player == (6, 8) and trust.historical == (5, 3)
    assert d.factors[0].summary == "It came into one of your decisions; you took a different path from history."
    # the same debrief after a save/load round trip
    again, notice = Playthrough.restore(sample, pt.to_json())
    assert notice == "" and build_debrief(again) == d


def test_unfinished_playthrough_shows_the_path_so_far(sample) -> None:  # type: ignore[no-untyped-def]
    pt = play(sample, "whole", stop_at="wire_choice")
    d = build_debrief(pt)
    assert not d.finished and d.outcome.player is None and d.outcome.matched is None
    assert [x.id for x in d.decisions] == ["first_choice", "board"]
    apparatus = d.trajectory.meters[0]
    assert apparatus.player == (5, 5) and d.trajectory.current == "two"


def test_factors_aftermath_and_one_chapter_scenario() -> None:
    st = story("debrief")
    d = build_debrief(play(st, "whole", {"board": {"north": "rival", "south": "boss"}}))
    by_id = {f.id: f for f in d.factors}
    assert list(by_id) == ["files", "friends", "unused"]  # the manifest's order
    assert [(u.n, u.decision_id, u.matched) for u in by_id["files"].uses] == [(1, "first_choice", True),
                                                                              (2, "board", False)]
    # 'friends' tags the board (on the decision) and the vote (on its record)
    assert [(u.decision_id, u.matched) for u in by_id["friends"].uses] == [("board", False), ("the_vote", None)]
    assert by_id["friends"].summary == "It came into 2 of your decisions; each time you took a different path from history."
    assert by_id["files"].summary == ("It came into 2 of your decisions; you did what was done historically"
                                      " in 1 of 2.")
    assert by_id["unused"].uses == () and by_id["unused"].summary == "Your playthrough did not meet this factor."
    board = d.decisions[1]
    assert board.posts == (PostView("Secretary, North", "The Rival", "The Boss", False),
                           PostView("Secretary, South", "The Boss", "The Rival", False))
    assert [(a.person, a.record.date_text) for a in d.outcome.aftermath] == [
        ("The Boss", "21 January 1924"), ("The Rival", "10 February 1929")]
    assert isinstance(d.outcome.aftermath[0], AftermathView)
    # a one-chapter scenario: ends with "End of chapter", no comparison with the whole road's ending
    one = build_debrief(play(st, "office_only"))
    assert one.finished and one.outcome.player is not None and one.outcome.player.chapter_end
    assert one.outcome.matched is None


def test_a_one_chapter_debrief_talks_about_that_chapter() -> None:
    st = story("debrief")
    one = build_debrief(play(st, "office_only"))
    # history's side is what happened in chapter one (its decisions' records, by date),
    # never "You won", the ending of the whole road, nor what followed in 1929
    hist = one.outcome.historical
    assert hist is not None and hist.id == "chapter_history:one" and hist.id != st.historical_ending().id
    assert hist.title == "Chapter 1, The Office (April 1922)"
    assert hist.summary == "What happened: Appointed (3 April 1922); The board (10 April 1922)."
    assert one.outcome.aftermath == ()
    # the chart runs from the chapter's start to its end: two points, never one
    ticks = one.trajectory.chapters
    assert [(c.id, c.label) for c in ticks] == [("start:one", "Start of chapter 1"), ("one", "Chapter 1")]
    apparatus, trust = one.trajectory.meters
    # apparatus starts at its initial 2; the player read the cards (+2) and appointed the boss (+1)
    assert apparatus.player == (2, 5) and apparatus.historical == (2, 3)  # 3: the story's declared line
    # trust's computed line replays the one-chapter scenario itself
    assert trust.historical == (5, 5)
    # only the factors chapter one can meet: 'unused' (tagged nowhere) and nothing of chapter two
    assert [f.id for f in one.factors] == ["files", "friends"]
    assert one.first_page.chapter_id == "one" and one.first_page.chapter_title == "The Office"
    assert one.first_page.headline == ("In chapter 1, The Office, you did what was done historically in 2 of 2"
                                       " decisions.")


COUNTERFACTUAL_TEXT = """
Your path beside history
The whole sample, played as The Clerk.
Your path ended differently from history. You did what was done historically
in 0 of 2 decisions.

Your ending: You lost. Someone else keeps the files.
In history: You won. The files are yours.

What most decided your path
1. The files. It came into one of your decisions; you took a different path
   from history.

Where you differed from history

Decision 1. The Office: What do you do with the files?
  You: Give them to the rival.
  History: Read every card.

Decision 2. The Wire: What do you wire? (apparatus 1)
  You: The true date.
  History: The wrong date.

Every decision
You did what was done historically in 0 of the 2 decisions that can be
compared.

Decision 1. The Office: What do you do with the files?
  You: Give them to the rival.
  History: Read every card.
  Different from history.
  What happened (3 April 1922): Appointed. The clerk got the job.
  Why it mattered: It mattered.
  Sources: Sample, History (2000), p. 2

Decision 2. The Wire: What do you wire? (apparatus 1)
  You: The true date.
  History: The wrong date.
  Different from history.
  What happened (21 January 1924): The wire. A wire was sent.
  Historians disagree: Was it a lie?
    - It was a lie. (held by The Rival)
    - The date moved. (held by Archivists)
  Sources: Sample, Wires (2001)

Decision 3. The Wire: The Committee: Keep the clerk
  You: The motion was defeated: 2 for, 7 against, 1 abstaining (of 10).
  There is no single historical option to compare.
  What happened (25 January 1924): The vote. They voted.
  Sources: Sample, Votes (2002)

The outcome
Your ending: You lost. Someone else keeps the files.
  What historians say (interpretation): Interpretation only.
In history: You won. The files are yours.
  Sources: Test source (2024)
Your ending differs from history.

Your meters over time, beside history
Each meter at the end of each chapter: your value, then history's.

Apparatus, 0 to 10; historical line declared in the story.
  Chapter 1, The Office: you 1, history 3.
  Chapter 2, The Wire: you 1, history 5.

Trust, 0 to 10; historical line computed by playing the story's historical
options.
  Chapter 1, The Office: you 6, history 5.
  Chapter 2, The Wire: you 8, history 3.

The factors historians weigh

The files. It came into one of your decisions; you took a different path from
history.
  - Decision 1: What do you do with the files? You: Give them to the rival.
    Different from history.
"""

#: The first page: everything up to the full list of decisions.
FIRST_PAGE = COUNTERFACTUAL_TEXT[:COUNTERFACTUAL_TEXT.index("\nEvery decision\n")]


def test_plain_text_debrief_exactly(sample) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    format_debrief(build_debrief(play(sample, "whole", {"first_choice": 1, "wire_choice": 1})), out)
    text = out.getvalue()
    assert text == COUNTERFACTUAL_TEXT
    assert "\x1b" not in text and all(len(line) <= 78 for line in text.splitlines())
    assert "score" not in text.lower()
    # read aloud: no rulers, ranges and comparisons in words
    assert "===" not in text and "---" not in text and "–" not in text and " / " not in text
    assert "you 1, history 3." in text and "Apparatus, 0 to 10;" in text


def test_text_debrief_through_the_cli_shows_the_first_page_and_writes_the_whole(
        sample, data_dir, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from game import cli

    monkeypatch.setattr("sys.stdin", io.StringIO("2\n2\n"))
    code = cli.main(["play", "--text", "--story", str(sample.root), "--data-dir", str(data_dir)])
    out = capsys.readouterr().out
    assert code == 0
    (written,) = (data_dir / "debriefs").iterdir()
    # piped input gets the first page and the file's name, never the whole debrief at once
    assert out.endswith(FIRST_PAGE + "\nThe whole debrief, with every decision, its sources, your meters and"
                        f" the\nfactors, is in this file:\n{written}\n")
    assert "\nEvery decision\n" not in out
    assert written.read_text(encoding="utf-8") == COUNTERFACTUAL_TEXT


def test_a_terminal_reads_the_rest_on_request(sample, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from game.text.debrief import show_debrief

    d = build_debrief(play(sample, "whole", {"first_choice": 1, "wire_choice": 1}))
    out = io.StringIO()
    # 3: the meters; 9: not on the list; 4: the factors; Enter: done (later lines are not read)
    path = show_debrief(d, out, io.StringIO("3\n9\n4\n\n1\n"), interactive=True, folder=tmp_path)
    text = out.getvalue()
    assert path is not None and path.parent == tmp_path / "debriefs"
    assert text.index("Your meters over time, beside history") < text.index("'9' is not on the list")
    assert text.index("'9' is not on the list") < text.index("\nThe factors historians weigh\n")
    assert "\nEvery decision\n" not in text  # 1 came after Enter: never read
    assert "1. Every decision, beside history." in text


def test_a_long_list_of_decisions_comes_a_page_at_a_time(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from game.text.debrief import DECISIONS_PER_PAGE, show_debrief
    from test_debrief_first_page import campaign, play_against_history

    d = build_debrief(play_against_history(campaign(), "stalin_full"))
    assert len(d.decisions) > 2 * DECISIONS_PER_PAGE
    out = io.StringIO()
    show_debrief(d, out, io.StringIO("1\n\nm\n\n"), interactive=True, folder=tmp_path)
    text = out.getvalue()
    shown = [n for n in range(1, len(d.decisions) + 1) if f"\nDecision {n}. " in text.split("Read more here")[1]]
    assert shown == list(range(1, 2 * DECISIONS_PER_PAGE + 1))  # two pages, then back to the menu
    # the first page of a whole road fits a screen or two, not the 1,000-line debrief
    first = text.split("Read more here")[0]
    assert len(first.splitlines()) < 80
    assert len(path_text := next((tmp_path / "debriefs").iterdir()).read_text(encoding="utf-8").splitlines()) > 300
    assert all(len(line) <= 78 or line.split(". ", 1)[-1].startswith("http") for line in path_text)
    assert "http" not in "".join(line for line in path_text if not line.split(". ", 1)[-1].startswith("http"))
