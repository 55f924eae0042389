"""``after-lenin check FILE.yaml`` checks an assignment; YAML mistakes are said in plain words, where they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from classroom_helpers import STORIES
from game import cli
from game.classroom.assignment import AssignmentError, parse_assignment
from game.story.loader import load_story

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"


def test_check_an_assignment_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli.main(["check", str(EXAMPLES / "chapter4-telegram.yaml")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{EXAMPLES / 'chapter4-telegram.yaml'}: no problems found: \"Chapter 4: A telegram to"
                          " Tiflis\" plays Chapter 4: A telegram to Tiflis (January 1924); 4 question(s)")
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\nscenario: stalin_ch10\nquestions:\n  - {id: q, kind: menu, prompt: P,"
                   " choices: [A, B], answer: C}\n", encoding="utf-8")
    assert cli.main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert out == (f"{bad}:4:61: error: 'C' is not one of this question's choices; copy a choice exactly, or give"
                   f" its number (1 to 2) [AL013]\n1 error(s) in {bad}\n")
    bad.write_text("title: T\nscenario: stalin_ch10\n", encoding="utf-8")
    assert cli.main(["check", str(bad)]) == 1
    assert f"{bad}:2:11: error: there is no scenario 'stalin_ch10'; choose one of: stalin_full," in (
        capsys.readouterr().out)
    # against another story folder
    good = tmp_path / "good.yaml"
    good.write_text("title: T\nscenario: whole\nquestions:\n  - {id: q, kind: menu, prompt: P, choices: [A, B],"
                    " answer: 2, points: 3}\n", encoding="utf-8")
    assert cli.main(["check", str(good), "--story", str(STORIES / "sample")]) == 0
    assert "1 question(s), 1 marked (3 point(s))" in capsys.readouterr().out


def _error(text: str) -> str:
    with pytest.raises(AssignmentError) as info:
        parse_assignment(text, "a.yaml")
    (d,) = info.value.diagnostics
    return d.format()


@pytest.mark.parametrize(("text", "message"), [
    ("title: Chapter 4: the wire\nscenario: whole\n",
     "a.yaml:1:8: error: YAML syntax error: a colon inside text that is not in quotes; put the text in quotes:"
     " title: \"Chapter 4: the wire\" [AL001]"),
    ('title: T\nscenario: whole\ninstructions: "Stalin" said no\n',
     "a.yaml:3:15: error: YAML syntax error: this text starts with a quote, so YAML ends it at the next quote; put"
     " the whole text in single quotes: instructions: '\"Stalin\" said no' [AL001]"),
    ("title: 'Lenin's testament'\nscenario: whole\n",
     "a.yaml:1:8: error: YAML syntax error: this text starts with a quote, so YAML ends it at the next quote;"
     " write an apostrophe inside single quotes twice: title: 'Lenin''s testament' [AL001]"),
    ("title: T\nscenario: whole\nquestions:\n  - id: a\n    kind: text\n     prompt: x\n",
     "a.yaml:6:6: error: YAML syntax error: line 6 is indented more than line 5 above it (its text starts at"
     " column 5, this line at column 6): the keys of one mapping, and the '-' of one list, start in the same"
     " column [AL001]"),
    ("title: T\nscenario: whole\nquestions:\n  - id: a\n    kind: text\n   prompt: x\n",
     "a.yaml:6:4: error: YAML syntax error: line 6 is indented less than line 5 above it (its text starts at"
     " column 5, this line at column 4): the keys of one mapping, and the '-' of one list, start in the same"
     " column [AL001]"),
    ("title: T\nscenario: whole\nquestions:\n\t- id: a\n",
     "a.yaml:4:1: error: YAML syntax error: a tab in the indentation; YAML indents with spaces only: replace the"
     " tab with spaces, lining the line up with the line above [AL001]"),
    ('title: "The wire\nscenario: whole\n',
     "a.yaml:1:8: error: YAML syntax error: the quote (\") that starts this text is never closed; end the text"
     " with \" [AL001]"),
    ("title: T\nscenario: whole\ninstructions: 'Play it\n",
     "a.yaml:3:15: error: YAML syntax error: the quote (') that starts this text is never closed; end the text"
     " with ' [AL001]"),
    ("title:T\nscenario: whole\n",
     "a.yaml:1:6: error: YAML syntax error: put a space after the colon on line 1 ('title: …'); without it YAML"
     " reads the whole line as one text [AL001]"),
])
def test_yaml_mistakes_in_plain_words(text: str, message: str) -> None:
    assert _error(text) == message


def test_story_files_get_the_same_plain_words(tmp_path: Path) -> None:
    story = tmp_path / "story"
    story.mkdir()
    for f in (STORIES / "sample").iterdir():
        (story / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    scenes = (story / "scenes.yaml").read_text(encoding="utf-8")
    line = "      - narrate: You are given the files. The Politburo does not care."
    assert line in scenes
    (story / "scenes.yaml").write_text(scenes.replace(line, "      - narrate: Note: you are given the files."),
                                       encoding="utf-8")
    result = load_story(story)
    assert result.story is None
    (d,) = result.diagnostics
    assert (d.line, d.col, d.code) == (scenes[:scenes.index(line)].count("\n") + 1, 18, "AL001")
    assert d.message.startswith("YAML syntax error: a colon inside text that is not in quotes; put the text in"
                                " quotes: narrate: \"Note: you are given the files.\"")
