"""Class summaries that a teacher could misread: two assignments in one folder, a copied report,
roster names typed differently, marked menu questions, and roster rows in the CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from classroom_helpers import parse_html, play, story, text_of
from game import cli
from game.classroom.assignment import AssignmentError, parse_assignment
from game.classroom.report import report_data, save_report
from game.classroom.summary import SummaryError, summarise, write_summary
from game.history.questions import Answer

MARKED = parse_assignment("""\
title: The wire
scenario: whole
questions:
  - {id: why, kind: menu, prompt: Why did it end so?, choices: [Files, Friends, Luck], answer: Files, points: 2}
  - {id: when, kind: menu, prompt: When was the wire?, choices: ["1922", "1924"], accept: [2]}
  - {id: alt, kind: alternatives, prompt: Alternatives?, required: false}
""", "wire.yaml")
OTHER = parse_assignment("""\
title: The vote
scenario: whole
questions:
  - {id: why, kind: menu, prompt: Who won the vote?, choices: [Nobody, Everybody]}
""", "vote.yaml")


def _write(folder: Path, assignment, name: str, answers: dict[str, Answer], when: str,  # type: ignore[no-untyped-def]
           picks=None) -> Path:
    data = report_data(play(story("sample"), "whole", picks), assignment, name, answers)
    data["generated_at"] = when
    return save_report(data, folder).json


@pytest.fixture()
def mixed(tmp_path: Path) -> Path:
    f = tmp_path / "reports"
    _write(f, MARKED, "Ann", {"why": Answer("why", choice=0), "when": Answer("when", choice=1)}, "2025-03-10T10:00:00")
    _write(f, MARKED, "Ben", {"why": Answer("why", choice=1), "when": Answer("when", choice=1)}, "2025-03-10T10:01:00",
           {"first_choice": 1})
    _write(f, OTHER, "Cleo", {"why": Answer("why", choice=0)}, "2025-03-10T10:02:00")
    _write(f, OTHER, "Dan", {"why": Answer("why", choice=1)}, "2025-03-10T10:03:00")
    return f


def test_two_assignments_are_counted_apart_never_merged(mixed: Path, tmp_path: Path) -> None:
    s = summarise(mixed)
    assert [(g.title, g.report_count) for g in s.groups] == [("The vote", 2), ("The wire", 2)]
    vote, wire = s.groups
    # the same question id in two assignments stays two questions
    assert dict(vote.questions["why"].counts) == {"Nobody": 1, "Everybody": 1}
    assert dict(wire.questions["why"].counts) == {"Files": 1, "Friends": 1}
    assert wire.decisions["first_choice"].total == 2 and vote.decisions["first_choice"].total == 2
    with pytest.raises(ValueError, match="several assignments"):
        _ = s.decisions  # one flat count would mix them: refused
    html_path, csv_path, _ = write_summary(mixed, tmp_path / "sum")
    text = text_of(parse_html(html_path.read_text(encoding="utf-8")))
    assert "These reports are for 2 different assignments." in text
    assert "The vote (The whole sample) : 2 report(s)" in text and "The wire (The whole sample) : 2 report(s)" in text
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    assert "question: Who won the vote? [The vote]" in rows[0] and "question: Why did it end so? [The wire]" in rows[0]


def test_assignment_option_summarises_one(mixed: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    s = summarise(mixed, assignment="the WIRE")
    assert [st.name for st in s.students] == ["Ann", "Ben"]
    assert sorted(x.reason for x in s.skipped) == ["for another assignment ('The vote'), not 'the WIRE'"] * 2
    assert [st.name for st in summarise(mixed, assignment="vote.yaml").students] == ["Cleo", "Dan"]
    with pytest.raises(SummaryError, match="no report is for the assignment 'essay'; the reports are for: The vote; The wire"):
        summarise(mixed, assignment="essay")
    assert cli.main(["class-report", str(mixed), "-o", str(tmp_path / "one"), "--assignment", "The wire"]) == 0
    assert capsys.readouterr().out.startswith("Read 2 report(s); skipped 2.\n")
    assert cli.main(["class-report", str(mixed), "-o", str(tmp_path / "both")]) == 0
    assert "The reports are for 2 assignments, each summarised on its own" in capsys.readouterr().out


def test_a_copied_report_flags_both_and_drops_neither(tmp_path: Path) -> None:
    f = tmp_path / "reports"
    original = _write(f, MARKED, "Ann", {"why": Answer("why", choice=0), "when": Answer("when", choice=0)},
                      "2025-03-10T10:00:00")
    data = json.loads(original.read_text(encoding="utf-8"))
    data["student"]["name"] = "Ben"  # Ben hands in Ann's playthrough under his name
    (f / "ben.json").write_text(json.dumps(data), encoding="utf-8")
    _write(f, MARKED, "Cleo", {"why": Answer("why", choice=0), "when": Answer("when", choice=0)}, "2025-03-10T10:05:00")
    s = summarise(f)
    assert [x.name for x in s.students] == ["Ann", "Ben", "Cleo"] and s.skipped == []
    flags = {x.name: x.flags for x in s.students}
    assert flags["Ann"] == ["the same playthrough as Ben's report (ben.json): check who played it"]
    assert flags["Ben"] == [f"the same playthrough as Ann's report ({original.name}): check who played it"]
    assert flags["Cleo"] == []  # the same choices at another time is not a copy
    html_path, csv_path, _ = write_summary(f, tmp_path / "sum")
    text = text_of(parse_html(html_path.read_text(encoding="utf-8")))
    assert "Check these reports: both copies are counted; neither is taken for the original." in text
    assert "duplicate" not in text
    rows = {r[0]: r for r in csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig")))}
    check = rows["student"].index("check")
    assert rows["Ann"][check].startswith("the same playthrough as Ben") and rows["Cleo"][check] == ""


def test_roster_names_in_every_script_and_near_misses(tmp_path: Path) -> None:
    f = tmp_path / "reports"
    for i, name in enumerate(["Marek Łukasiewicz", "Tom O\u2019Neill", "Анна Петрова", "Иван Петров", "محمد علي",
                              "王小明", "Αλέξανδρος Παπαδόπουλος", "Jon Smiht"]):
        _write(f, MARKED, name, {"why": Answer("why", choice=0), "when": Answer("when", choice=1)},
               f"2025-03-10T10:0{i}:00")
    names = sorted(p.name.split("_")[0] for p in f.glob("*.json"))
    assert names == sorted(["marek-lukasiewicz", "tom-o-neill", "анна-петрова", "иван-петров", "محمد-علي", "王小明",
                            "αλεξανδρος-παπαδοπουλος", "jon-smiht"])
    roster = tmp_path / "roster.txt"
    roster.write_text("Marek Lukasiewicz\nTom O'Neill\nАнна Петрова\nИван Петров\nمحمد علي\n王小明\n"
                      "Αλεξανδρος Παπαδοπουλος\nJon Smith\nKim Lee\n", encoding="utf-8")
    s = summarise(f, roster)
    assert len(s.students) == 8  # two Cyrillic students stay two
    assert s.roster_missing == ["Jon Smith", "Kim Lee"]
    assert s.not_on_roster == ["Jon Smiht"] and s.roster_suggestions == {"Jon Smiht": ["Jon Smith"]}
    html_path, csv_path, _ = write_summary(f, tmp_path / "sum", roster)
    assert "Jon Smiht (on the roster as Jon Smith?)" in text_of(parse_html(html_path.read_text(encoding="utf-8")))
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    # the spreadsheet is the whole class: a row for each roster name with no report
    missing = [r for r in rows if r[4] == "no report"]
    assert [r[0] for r in missing] == ["Jon Smith", "Kim Lee"] and len(rows) == 1 + 8 + 2


def test_marked_menus_give_scores_and_share_right(mixed: Path, tmp_path: Path) -> None:
    assert MARKED.max_score == 3
    ann = json.loads(next(mixed.glob("ann_*.json")).read_text(encoding="utf-8"))
    assert ann["score"] == {"points": 3, "of": 3, "correct": 2, "marked": 2}
    assert ann["reflection"][0]["mark"] == {"correct": True, "points": 2, "of": 2, "accepted": ["Files"]}
    assert "mark" not in ann["reflection"][2]  # alternatives are for the teacher to read
    s = summarise(mixed, assignment="The wire")
    why, when = s.questions["why"], s.questions["when"]
    assert (why.correct, why.marked, why.accepted) == (1, 2, ("Files",))
    assert (when.correct, when.marked, when.accepted) == (2, 2, ("1924",))
    assert [(x.name, x.score, x.max_score) for x in s.students] == [("Ann", 3, 3), ("Ben", 1, 3)]
    html_path, csv_path, _ = write_summary(mixed, tmp_path / "sum", assignment="The wire")
    text = text_of(parse_html(html_path.read_text(encoding="utf-8")))
    assert "1 of 2 answered right (50 %)" in text and "2 of 2 answered right (100 %)" in text
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    head = rows[0]
    ben = next(r for r in rows if r[0] == "Ben")
    assert (ben[head.index("score")], ben[head.index("out of")]) == ("1", "3")
    assert ben[head.index("mark: Why did it end so?")] == "0/2" and ben[head.index("mark: When was the wire?")] == "1/1"


def test_summary_links_each_report(mixed: Path, tmp_path: Path) -> None:
    html_path, _csv, _ = write_summary(mixed, tmp_path / "out" / "sum")
    page = parse_html(html_path.read_text(encoding="utf-8"))
    assert sorted(page.links) == sorted(f"../reports/{p.name}" for p in mixed.glob("*.html"))
    assert all((html_path.parent / link).is_file() for link in page.links)


def test_a_report_handed_in_as_json_alone_still_opens_from_the_summary(mixed: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                       capsys, monkeypatch) -> None:
    ann_json = next(mixed.glob("ann_*.json"))
    ann_page = ann_json.with_suffix(".html")
    original = ann_page.read_text(encoding="utf-8")
    ann_page.unlink()  # the student handed in the JSON file only
    assert cli.main(["class-report", str(mixed), "-o", str(tmp_path / "out" / "sum")]) == 0
    out = capsys.readouterr().out
    assert f"Made 1 report page(s) from a JSON file handed in without its HTML page: {ann_page.name}\n" in out
    assert ann_page.read_text(encoding="utf-8") == original  # the page the student's game wrote
    page = parse_html((tmp_path / "out" / "sum.html").read_text(encoding="utf-8"))
    assert f"../reports/{ann_page.name}" in page.links and len(page.links) == 4
    # a folder the summary cannot write into: no link, and the teacher is told how to make the page
    ann_page.unlink()

    from game.engine import saves
    write_atomic = saves.write_atomic

    def read_only_reports(path: Path, text: str) -> None:
        if path.parent == mixed:
            raise PermissionError(13, "Permission denied")
        write_atomic(path, text)

    monkeypatch.setattr(saves, "write_atomic", read_only_reports)
    assert cli.main(["class-report", str(mixed), "-o", str(tmp_path / "out" / "sum")]) == 0
    out = capsys.readouterr().out
    assert (f"  no report page for {ann_json.name} (Permission denied); its name in the summary opens nothing:"
            f" run after-lenin report {ann_json} -o PAGE.html\n") in out and "Made" not in out
    page = parse_html((tmp_path / "out" / "sum.html").read_text(encoding="utf-8"))
    assert f"../reports/{ann_page.name}" not in page.links and len(page.links) == 3


@pytest.mark.parametrize(("question", "message"), [
    ("{id: q, kind: menu, prompt: P, choices: [A, B], answer: C}",
     "4:61: error: 'C' is not one of this question's choices; copy a choice exactly, or give its number (1 to 2)"),
    ("{id: q, kind: menu, prompt: P, choices: [A, B], answer: 3}", "4:61: error: 3 is not one of this question's"),
    ("{id: q, kind: text, prompt: P, answer: A}", "4:36: error: 'answer' marks menu questions only"),
    ("{id: q, kind: menu, prompt: P, choices: [A, B], points: 2}", "4:53: error: 'points' needs the right answer too"),
    ("{id: q, kind: menu, prompt: P, choices: [A, B], answer: A, accept: [B]}", "4:64: error: give either 'answer'"),
    ("{id: q, kind: menu, prompt: P, choices_from: decisions, answer: A}",
     "4:61: error: a menu of the student's own decisions has no single right answer; remove 'answer'"),
])
def test_wrong_marking_is_reported_where_it_is(question: str, message: str) -> None:
    with pytest.raises(AssignmentError) as info:
        parse_assignment(f"title: T\nscenario: whole\nquestions:\n  - {question}\n", "a.yaml")
    assert any(d.format().startswith(f"a.yaml:{message}") for d in info.value.diagnostics), str(info.value)
