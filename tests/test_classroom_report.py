"""Student reports: valid HTML with every decision, hostile text escaped, JSON valid against the shipped schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.strategies import text as st_text

from classroom_helpers import parse_html, play, story, text_of
from game import cli
from game.classroom.assignment import parse_assignment
from game.classroom.report import ReportError, read_report, report_basename, write_report
from game.engine.saves import SaveStore
from game.history.questions import Answer

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "docs" / "report.schema.json").read_text())
HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'

ASSIGNMENT = """\
title: "Sample <b>wire</b> & co"
class: "10B <i>History</i>"
due: 2025-03-14
scenario: whole
questions:
  - {id: why, kind: menu, prompt: Why?, choices: ["<em>First</em>", Second]}
  - {id: alt, kind: alternatives, prompt: Alternatives?}
  - {id: free, kind: text, prompt: More?, required: false}
"""


def validate(data: dict) -> None:  # type: ignore[type-arg]
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)


def hostile_answers() -> dict[str, Answer]:
    return {"why": Answer("why", choice=0), "alt": Answer("alt", items=(HOSTILE, "=HYPERLINK(\"x\")")),
            "free": Answer("free", text=HOSTILE + "\nsecond line")}


@pytest.fixture
def written(data_dir: Path):  # type: ignore[no-untyped-def]
    st = story("debrief")
    pt = play(st, "whole", {"first_choice": 1, "wire_choice": 1})
    a = parse_assignment(ASSIGNMENT, "sample.yaml")
    return write_report(pt, a, HOSTILE, hostile_answers(), data_dir), st


def test_report_files_land_in_the_data_folder(written, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    paths, _st = written
    assert paths.folder == data_dir / "reports"
    assert paths.html.exists() and paths.json.exists() and paths.html.stem == paths.json.stem
    assert paths.html.name.startswith("script-alert-x-script-img-src-x-onerror_sample-b-wire-b-co_")


def test_json_is_valid_against_the_documented_schema(written) -> None:  # type: ignore[no-untyped-def]
    paths, _st = written
    data = json.loads(paths.json.read_text(encoding="utf-8"))
    validate(data)
    assert data["student"] == {"name": HOSTILE, "class": "10B <i>History</i>"}
    assert [d["id"] for d in data["decisions"]] == ["first_choice", "wire_choice", "the_vote"]
    assert data["reflection"][1]["answer"]["items"] == [HOSTILE, "=HYPERLINK(\"x\")"]
    assert read_report(paths.json) == data


def test_html_is_well_formed_has_every_decision_and_escapes_everything(written) -> None:  # type: ignore[no-untyped-def]
    paths, _st = written
    html = paths.html.read_text(encoding="utf-8")
    p = parse_html(html)
    # every decision is there, numbered and with its record
    for n, prompt in ((1, "What do you do with the files?"), (2, "What do you wire? (apparatus 1)"),
                      (3, "The Committee: Keep the clerk")):
        assert f"d{n}" in p.ids
        assert prompt in text_of(p)
    text = text_of(p)
    for part in ("Historians disagree: Was it a lie?", "It was a lie. — held by The Rival", "Sources: Sample, Wires (2001)",
                 "Your ending: You lost", "What happened: You won", "What historians say (interpretation):",
                 "The Rival 10 February 1929 The rival was sent abroad.", "Apparatus", "Trust",
                 "historical line computed by playing the story's historical options", "Never met"):
        assert part in text, part
    # hostile text is shown as text: no element, attribute or handler came from it
    assert "<script" not in html and "<img" not in html and "onerror=" not in html.replace("onerror=alert(1)&gt;", "")
    assert text.count(HOSTILE) >= 3  # the name (title and heading), an alternative and the free answer
    assert "Sample <b>wire</b> & co" in text and "<em>First</em>" in text
    assert "score" not in text.lower()
    # self-contained: no external resource, no script
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") and "https://" not in html
    assert p.tags.count("svg") == 3  # the legend and one chart per meter


def test_unfinished_and_missing_answers(data_dir: Path) -> None:
    st = story("sample")
    pt = play(st, "whole", stop_at="wire_choice")
    a = parse_assignment(ASSIGNMENT, "sample.yaml")
    # menus are required unless the teacher says otherwise; text and alternatives are optional
    with pytest.raises(ReportError, match="^question 1 needs an answer$"):
        write_report(pt, a, "Ann", {}, data_dir)
    with pytest.raises(ReportError, match="type your name"):
        write_report(pt, a, " \t\x00 ", hostile_answers(), data_dir)
    paths = write_report(pt, None, "Ann", {}, data_dir)  # without an assignment reflection is optional
    data = json.loads(paths.json.read_text(encoding="utf-8"))
    validate(data)
    assert data["finished"] is False and data["assignment"] is None
    assert "Not finished:" in text_of(parse_html(paths.html.read_text(encoding="utf-8")))
    # writing the same playthrough's report again (a second click) replaces it: no second copy
    again = write_report(pt, None, "ann", {}, data_dir)
    assert again == paths and sorted(p.name for p in paths.folder.iterdir()) == [paths.html.name, paths.json.name]
    assert json.loads(paths.json.read_text(encoding="utf-8"))["student"]["name"] == "ann"
    # another playthrough (further on) in the same second never overwrites the first
    pt.choose(0)
    other = write_report(pt, None, "Ann", {}, data_dir)
    assert other.json != paths.json and paths.json.exists()
    # nor does another student's report
    assert write_report(pt, None, "Ben", {}, data_dir).json not in (paths.json, other.json)


def test_report_command_rerenders_json_and_saves(written, tmp_path: Path, data_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    paths, st = written
    out = tmp_path / "again.html"
    assert cli.main(["report", str(paths.json), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == paths.html.read_text(encoding="utf-8")
    # from a save: the debrief so far, with a name given on the command line
    store = SaveStore(data_dir)
    save = store.save(play(st, "whole", stop_at="the_vote"), "slot1")
    out2, js = tmp_path / "from-save.html", tmp_path / "from-save.json"
    assert cli.main(["report", str(save), "--story", str(st.root), "--name", "Bob", "-o", str(out2),
                     "--json", str(js)]) == 0
    validate(json.loads(js.read_text(encoding="utf-8")))
    text = text_of(parse_html(out2.read_text(encoding="utf-8")))
    assert "Bob" in text and "What do you wire?" in text
    # not a report: one clear message, no traceback
    junk = tmp_path / "junk.json"
    junk.write_text('{"format": "something-else"}')
    capsys.readouterr()
    assert cli.main(["report", str(junk)]) == 1
    assert capsys.readouterr().err == f"after-lenin: {junk}: neither a student report nor a save file\n"
    junk.write_text("{not json")
    assert cli.main(["report", str(junk)]) == 1
    assert "not valid JSON" in capsys.readouterr().err


def test_basename_is_safe_for_every_file_system() -> None:
    name = report_basename({"student": {"name": "../../Ёжик <>:\"/\\|?* Ann"}, "assignment": {"title": "Ch. 4"},
                            "generated_at": "2025-03-14T09:05:07+01:00"})
    assert name == "ежик-ann_ch-4_20250314-090507"  # the Cyrillic name stays readable (issue 14)


def test_blank_fields_are_not_answers(data_dir: Path) -> None:
    """The window sends every alternative field, filled or not: only what was written is kept."""
    st = story("sample")
    a = parse_assignment(ASSIGNMENT, "sample.yaml")
    paths = write_report(play(st, "whole"), a, "Ann", {"why": Answer("why", choice=1),
                                                       "alt": Answer("alt", items=(" first ", "", "second")),
                                                       "free": Answer("free", text="   ")}, data_dir)
    data = json.loads(paths.json.read_text(encoding="utf-8"))
    alt, free = data["reflection"][1], data["reflection"][2]
    assert alt["answer"]["items"] == ["first", "second"] and alt["answer_text"] == "first; second"
    assert free["answer"] == {"choice": None, "text": "", "items": []} and free["answer_text"] == ""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st_text(min_size=1, max_size=60), answer=st_text(max_size=200))
def test_any_typed_text_stays_text(tmp_path_factory, name: str, answer: str) -> None:  # type: ignore[no-untyped-def]
    from game.classroom.html import render_report
    from game.classroom.report import clean_name, report_data

    st = story("sample")
    data = report_data(play(st, "whole"), parse_assignment(ASSIGNMENT, "a.yaml"), name,
                       {"why": Answer("why", choice=0), "free": Answer("free", text=answer)})
    p = parse_html(render_report(data))
    # nothing typed ever becomes an element: the tags are exactly those of a report with plain text
    plain = parse_html(render_report(report_data(play(st, "whole"), parse_assignment(ASSIGNMENT, "a.yaml"), "x",
                                                 {"why": Answer("why", choice=0), "free": Answer("free", text="y")})))
    assert sorted(set(p.tags)) == sorted(set(plain.tags))
    assert p.tags.count("li") == plain.tags.count("li")
    shown = "".join(p.text)
    if clean_name(name):
        assert clean_name(name) in shown
