"""Assignments: the shipped examples load; a malformed one gets file:line:col messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from classroom_helpers import story
from game.classroom.assignment import AssignmentError, load_assignment, parse_assignment, scenario_for

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"


def test_two_examples_ship_and_load() -> None:
    files = sorted(EXAMPLES.glob("*.yaml"))
    assert len(files) >= 2
    for f in files:
        a = load_assignment(f)
        assert a.title and (a.scenario or a.chapter) and a.questions


def test_example_with_its_own_questions() -> None:
    a = load_assignment(EXAMPLES / "chapter4-telegram.yaml")
    assert (a.class_name, a.due, a.chapter, a.role, a.reflection_required) == ("10B History", "2025-03-14", "ch4",
                                                                             "stalin", True)
    assert [q.kind for q in a.questions] == ["menu", "menu", "alternatives", "text"]
    assert a.header()["file"] == "chapter4-telegram.yaml"


def _errors(text: str) -> list[str]:
    with pytest.raises(AssignmentError) as info:
        parse_assignment(text, "a.yaml")
    return [d.format() for d in info.value.diagnostics]


def test_malformed_assignments_name_file_line_and_column() -> None:
    assert _errors("title: X\nscenario: whole\nquestions:\n  - id: q\n    kind: menu\n    promt: Why?\n"
                   "    choices: [a, b]\n") == [  # one message, not a second "needs 'prompt'"
        "a.yaml:6:5: error: unknown key 'promt' in a question — did you mean 'prompt'? [AL010]",
    ]
    assert _errors("title: X\nscenario: whole\nquestions:\n  - id: q\n    kind: menu\n    prompt: Why?\n"
                   "    choises: [a, b]\n") == [  # nor "a menu question needs either 'choices' or …"
        "a.yaml:7:5: error: unknown key 'choises' in a question — did you mean 'choices'? [AL010]",
    ]
    assert _errors("title: X\n") == [
        "a.yaml:1:1: error: an assignment needs 'scenario' (a scenario id) or 'chapter' (a chapter id) [AL012]"]
    (syntax,) = _errors("title: [unclosed\n")  # the wording depends on PyYAML's C or Python parser
    assert syntax.startswith("a.yaml:2:1: error: YAML syntax error: ") and syntax.endswith("[AL001]")
    assert _errors("- just a list\n")[0].startswith("a.yaml:1:1: error: an assignment is a mapping")
    assert _errors("title: X\nchapter: ch1\ndue: next week\nreflection_required: maybe\n") == [
        "a.yaml:3:6: error: 'next week' is not a date like 1924-01-21 (or 1924-01, 1924, or a range"
        " 1924-01-21/1924-01-27) [AL013]",
        "a.yaml:4:22: error: expected true or false, found text [AL011]",
    ]
    assert _errors("title: X\nchapter: ch1\nquestions:\n  - {id: c, kind: alternatives, prompt: P, max: 5}\n") == [
        "a.yaml:4:49: error: 5 is above the largest allowed value 3 [AL013]"]
    assert _errors("title: !!python/object:os.system x\n")[0].startswith("a.yaml:1:8: error: the tag")


def test_file_problems(tmp_path: Path) -> None:
    with pytest.raises(AssignmentError, match="no such file"):
        load_assignment(tmp_path / "missing.yaml")
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"title: Caf\xe9\nscenario: whole\n")
    with pytest.raises(AssignmentError) as info:
        load_assignment(bad)
    assert info.value.diagnostics[0].format().endswith(":1:11: error: the file is not UTF-8 text; save it as UTF-8"
                                                       " in your editor [AL004]")


def test_scenario_is_checked_against_the_story() -> None:
    st = story("debrief")
    ok = parse_assignment("title: T\nchapter: one\nrole: clerk\n", "a.yaml")
    assert scenario_for(ok, st) == "office_only"
    assert scenario_for(parse_assignment("title: T\nscenario: whole\n", "a.yaml"), st) == "whole"
    with pytest.raises(AssignmentError) as info:
        scenario_for(parse_assignment("title: T\nscenario: wholee\nrole: clerk\n", "a.yaml"), st)
    assert [d.format() for d in info.value.diagnostics] == [
        "a.yaml:2:11: error: there is no scenario 'wholee'; choose one of: whole, wire_only, office_only [AL013]"]
    with pytest.raises(AssignmentError) as info:
        scenario_for(parse_assignment("title: T\nchapter: two\n", "a.yaml"), st)
    assert "a.yaml:2:10: error: no scenario plays chapter 'two'" in str(info.value)
