"""Class summaries from generated report sets: exact counts, skipped files with reasons, roster, CSV."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from classroom_helpers import parse_html, play, story, text_of
from game import cli
from game.classroom.assignment import parse_assignment
from game.classroom.report import report_data, save_report
from game.classroom.summary import SummaryError, summarise, write_summary
from game.history.questions import Answer

ASSIGNMENT = parse_assignment("""\
title: The wire
class: 10B
scenario: whole
questions:
  - {id: why, kind: menu, prompt: Why did it end so?, choices: [Files, Friends, Luck]}
  - {id: alt, kind: alternatives, prompt: Alternatives?}
""", "wire.yaml")

# (name, picks, answer index, alternatives, stop before) — read as: who played what
STUDENTS = [
    ("Ann", {}, 0, ("a", "b"), None),
    ("Ben", {"first_choice": 1}, 1, (), None),
    ("Cleo", {"wire_choice": 1}, 0, ("=1+1", "c"), None),
    ("Dan", {"first_choice": 1, "wire_choice": 1}, 2, (), None),
    ("Eve", {"board": {"north": "rival", "south": "boss"}}, 0, (), None),
    ("Fay", {}, None, (), "wire_choice"),  # not finished
]


def _write(folder: Path, name: str, picks, choice, items, stop, when: str, st=None) -> Path:  # type: ignore[no-untyped-def]
    st = st or story("sample")
    pt = play(st, "whole", picks, stop_at=stop)
    answers = {}
    if choice is not None:
        answers["why"] = Answer("why", choice=choice)
    if items:
        answers["alt"] = Answer("alt", items=items)
    data = report_data(pt, ASSIGNMENT, name, answers)
    data["generated_at"] = when
    return save_report(data, folder).json


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    f = tmp_path_factory.mktemp("class")
    made = {}
    for i, (name, picks, choice, items, stop) in enumerate(STUDENTS):
        made[name] = _write(f, name, picks, choice, items, stop, f"2025-03-10T10:0{i}:00+00:00")
    # Ann played again later and took the other path at first: only her newer report counts
    _write(f, "ann ", {"first_choice": 1}, 1, (), None, "2025-03-11T09:00:00+00:00")
    shutil.copy(made["Ben"], f / "copy-of-ben.json")  # the same file handed in twice
    (f / "damaged.json").write_text(made["Cleo"].read_text(encoding="utf-8")[:500], encoding="utf-8")
    (f / "save.json").write_text(json.dumps({"format": "after-lenin-save", "version": 1}), encoding="utf-8")
    newer = json.loads(made["Dan"].read_text(encoding="utf-8"))
    newer.update(version=99, id="f" * 32)
    (f / "future.json").write_text(json.dumps(newer), encoding="utf-8")
    _write(f, "Zed", {}, 0, (), None, "2025-03-10T11:00:00+00:00", st=story("debrief"))
    (f / "notes.txt").write_text("not a report")
    (f / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    return f


def test_counts(folder: Path) -> None:
    s = summarise(folder)
    assert [x.name for x in s.students] == ["ann", "Ben", "Cleo", "Dan", "Eve", "Fay"]
    skipped = {x.name: x.reason for x in s.skipped}
    assert len(skipped) == 7
    assert skipped["damaged.json"].startswith("damaged: not valid JSON")
    assert skipped["save.json"] == "not an After Lenin report (no 'format: after-lenin-report')"
    assert skipped["future.json"] == "made by a newer version of the game (report version 99); update the game"
    assert skipped["binary.json"] == "not UTF-8 text (damaged?)"
    assert next(r for n, r in skipped.items() if n.startswith("zed_")) == (
        "a report of another story ('debrief_sample'), not 'sample'")
    dup = [r for n, r in skipped.items() if r.startswith("duplicate")]
    assert sorted(dup)[0].startswith("duplicate: an older report by the same student (the newer one is ann_")
    assert sorted(dup)[1] == "duplicate: the same report as ben_the-wire_20250310-100100.json"
    assert s.ignored_other == 1

    first = s.decisions["first_choice"]
    assert (first.total, first.matched, first.comparable) == (6, 3, 6)
    assert {o.label: (o.count, o.historical) for o in first.options.values()} == {
        "Read every card.": (3, True), "Give them to the rival.": (3, False)}
    board = s.decisions["board"]  # the rival path (Ann's newer report, Ben, Dan) skips the board
    assert (board.total, board.matched) == (3, 2)
    wire = s.decisions["wire_choice"]
    assert (wire.total, wire.matched) == (5, 3)
    vote = s.decisions["the_vote"]
    # carried needs apparatus >= 5: only Cleo (4, +1 north) has it; Eve's board cost her one
    assert {o.label: o.count for o in vote.options.values()} == {"Carried": 1, "Defeated": 4}
    assert (vote.comparable, vote.historical_label) == (0, "")
    assert list(s.decisions) == ["first_choice", "board", "wire_choice", "the_vote"]
    assert dict(s.endings) == {"You won": 1, "You lost": 4, "(not finished)": 1}
    assert s.historical_ending == "You won"
    why = s.questions["why"]
    assert dict(why.counts) == {"Friends": 2, "Files": 2, "Luck": 1} and why.unanswered == 1
    assert s.questions["alt"].texts == [("Cleo", "=1+1; c")] and s.questions["alt"].unanswered == 5


def test_roster(folder: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("name\nANN\n  ben  \n# a comment\nCléo\nDan\nEve\nFay\nGus\n", encoding="utf-8")
    s = summarise(folder, roster)
    assert s.roster_missing == ["Gus"] and s.roster_unfinished == ["Fay"]
    assert s.roster_missing + s.roster_unfinished == ["Gus", "Fay"]
    assert s.not_on_roster == []  # names match ignoring case, accents and spaces


def test_html_and_csv(folder: Path, tmp_path: Path) -> None:
    html_path, csv_path, s = write_summary(folder, tmp_path / "out" / "summary.html")
    assert (html_path.name, csv_path.name) == ("summary.html", "summary.csv")
    p = parse_html(html_path.read_text(encoding="utf-8"))
    text = text_of(p)
    for part in ("Skipped 7 file(s):", "damaged.json", "Read every card. Historical 3 50 %",
                 "3 of 6 did what was done historically (50 %)", "You lost 4 67 %", "Cleo: =1+1; c"):
        assert part in text, part
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    assert rows[0][:8] == ["student", "class", "assignment", "scenario", "finished", "ending", "same as history",
                           "decisions compared"]
    assert len(rows) == 7
    cleo = next(r for r in rows if r[0] == "Cleo")
    assert cleo[4:8] == ["yes", "You won", "2", "3"]
    assert "'=1+1; c" in cleo  # a spreadsheet will not run a student's text as a formula


def test_cli_and_errors(folder: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli.main(["class-report", str(folder), "-o", str(tmp_path / "c")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Read 6 report(s); skipped 7.\n") and f"Wrote {tmp_path / 'c.html'}" in out
    assert (tmp_path / "c.csv").exists()
    assert cli.main(["class-report", str(tmp_path / "nope")]) == 1
    assert capsys.readouterr().err == f"after-lenin: there is no folder {tmp_path / 'nope'}\n"
    with pytest.raises(SummaryError, match="cannot be read"):
        summarise(folder, tmp_path / "no-roster.txt")


def test_empty_folder(tmp_path: Path) -> None:
    html_path, _csv, s = write_summary(tmp_path, tmp_path / "sum")
    assert s.report_count == 0
    parse_html(html_path.read_text(encoding="utf-8"))
