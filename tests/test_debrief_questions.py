"""Reflection questions: the shipped default set, menus drawn from the playthrough, answer checks, text prompts."""

from __future__ import annotations

import io

import pytest

from classroom_helpers import play, story
from game.classroom.questions import load_default_questions
from game.history.debrief import build_debrief
from game.history.questions import (
    MAX_MENU, Answer, Question, check_answers, questions_from_data,
)
from game.text.debrief import ReflectionInputEnded, ask_reflection
from game.story.yamlsafe import load_text


def test_default_set_is_mostly_menus_with_one_optional_text_and_a_2_to_3_counterfactual() -> None:
    qs = load_default_questions()
    kinds = [q.kind for q in qs]
    assert kinds.count("menu") == 3 and kinds.count("text") == 1 and kinds.count("alternatives") == 1
    text = next(q for q in qs if q.kind == "text")
    alt = next(q for q in qs if q.kind == "alternatives")
    assert not text.required and (alt.min_items, alt.max_items) == (2, 3)


def test_menus_are_filled_from_the_story_and_the_playthrough() -> None:
    st = story("debrief")
    d = build_debrief(play(st, "whole", {"first_choice": 1}), load_default_questions())
    by_id = {q.id: q for q in d.questions}
    assert by_id["decisive_factor"].choices == ("The files", "Friends", "Never met")
    assert by_id["turning_point"].choices == ("The Office: What do you do with the files?",
                                              "The Wire: What do you wire? (apparatus 1)",
                                              "The Wire: The Committee: Keep the clerk")
    # before any decision, a menu of decisions would be empty: it is left out
    from game.engine.playthrough import Playthrough

    fresh = build_debrief(Playthrough.start(st, "whole"), load_default_questions())
    assert "turning_point" not in {q.id for q in fresh.questions}
    # game.history reads no files: without questions passed in, a debrief asks none
    assert build_debrief(Playthrough.start(st, "whole")).questions == ()


def test_a_menu_of_decisions_stays_short() -> None:
    from game.history.questions import resolve

    class D:
        def __init__(self, i: int) -> None:
            self.prompt, self.chapter_title, self.matched = f"p{i}", "", i % 3 != 0

    q = Question("t", "menu", "Which?", choices_from="decisions")
    (menu,) = resolve([q], story("sample"), [D(i) for i in range(20)])
    assert len(menu.choices) == MAX_MENU
    # the decisions where the player left history come first, kept in play order
    assert menu.choices == ("p0", "p1", "p3", "p6", "p9", "p12", "p15", "p18")


def test_check_answers() -> None:
    qs = (Question("m", "menu", "Why?", ("a", "b")), Question("t", "text", "More?", required=False),
          Question("x", "alternatives", "Alternatives?", min_items=2, max_items=3))
    assert check_answers(qs, {"m": Answer("m", choice=1), "x": Answer("x", items=("a", "b"))}) == []
    assert check_answers(qs, {}) == ["question 1 needs an answer", "question 3 needs an answer"]
    assert check_answers(qs, {}, reflection_required=False) == []
    assert check_answers(qs, {"m": Answer("m", choice=5), "x": Answer("x", items=("a", "b", "c", "d")),
                              "zz": Answer("zz", text="?")}) == [
        "there is no question 'zz'", "question 1: pick one of the 2 choices",
        "question 3: give at most 3 alternatives"]


def test_question_file_errors_name_line_and_column() -> None:
    data = load_text("- {id: a, kind: menu, prompt: Why?}\n- {id: a, kind: text, prompt: X, choices: [p, q]}\n")
    _qs, diags = questions_from_data(data, "q.yaml")
    assert [(d.line, d.col, d.code) for d in diags] == [(1, 3, "AL012"), (2, 34, "AL010"), (2, 8, "AL020")]


def _qs() -> tuple[Question, ...]:
    return (Question("m", "menu", "Why?", ("First reason", "Second reason")),
            Question("x", "alternatives", "What else could have happened?", required=False),
            Question("t", "text", "Anything else?", required=False))


def test_text_reflection_scripted() -> None:
    out = io.StringIO()
    answers = ask_reflection(_qs(), io.StringIO("2\nTrotsky comes back\nKamenev reads the letter\n\n\n"), out,
                             interactive=False)
    assert answers == {"m": Answer("m", choice=1), "x": Answer("x", items=("Trotsky comes back",
                                                                           "Kamenev reads the letter"))}
    text = out.getvalue()
    assert "Question 1. Why?\n  1. First reason\n  2. Second reason\n> 2\n" in text
    assert "\x1b" not in text


def test_text_reflection_stops_at_three_alternatives() -> None:
    answers = ask_reflection(_qs(), io.StringIO("1\na\nb\nc\nthe fourth line answers the next question\n"),
                             io.StringIO(), interactive=False)
    assert answers["x"].items == ("a", "b", "c")
    assert answers["t"].text == "the fourth line answers the next question"


def test_text_reflection_wrong_answers() -> None:
    with pytest.raises(ValueError, match="question 1: '7' is not a choice: type a number from 1 to 2"):
        ask_reflection(_qs(), io.StringIO("7\n"), io.StringIO(), interactive=False)
    with pytest.raises(ValueError, match="question 2: give at least 2 answers"):
        ask_reflection(_qs(), io.StringIO("1\nonly one\n\n"), io.StringIO(), interactive=False)
    with pytest.raises(ReflectionInputEnded):
        ask_reflection(_qs(), io.StringIO("1\n"), io.StringIO(), interactive=False)
    # not required by the assignment: everything may be skipped
    assert ask_reflection(_qs(), io.StringIO("\n\n\n"), io.StringIO(), interactive=False, required=False) == {}


def test_text_reflection_on_a_terminal_asks_again() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = io.StringIO()
    answers = ask_reflection(_qs(), Tty("x\n1\nonly\n\nfirst\nsecond\n\n\n"), out, interactive=True)
    assert answers["m"].choice == 0 and answers["x"].items == ("only", "first", "second")
    assert "('x' is not a choice: type a number from 1 to 2.)" in out.getvalue()
    # what was typed before the message is kept: the list goes on from the next number
    assert "(Give at least 2 answers; your 1 is kept, add 1 more, or press Enter to skip this question.)\n2> " in (
        out.getvalue())


def test_text_reflection_keeps_a_short_list_and_skips_on_a_second_enter() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    qs = (Question("x", "alternatives", "What else?", required=True),
          Question("y", "alternatives", "And else?", required=False))
    out = io.StringIO()
    answers = ask_reflection(qs, Tty("Trotsky stays\n\nZinoviev waits\n\nonly one\n\n\n"), out, interactive=True)
    assert answers == {"x": Answer("x", items=("Trotsky stays", "Zinoviev waits"))}
    assert "(Give at least 2 answers; your 1 is kept, add 1 more.)" in out.getvalue()
