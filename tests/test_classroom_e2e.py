"""A teacher's whole loop in the terminal: assignment → student plays and answers → report → class summary."""

from __future__ import annotations

import io
import json
from pathlib import Path

from classroom_helpers import STORIES, parse_html, text_of
from game import cli

ASSIGNMENT = """\
title: The wire
class: 10B
due: 2025-03-14
scenario: whole
role: clerk
instructions: Play to the end, then answer.
questions:
  - {id: why, kind: menu, prompt: Why did it end so?, choices: [Files, Friends]}
  - {id: alt, kind: alternatives, prompt: Two or three alternatives?}
  - {id: free, kind: text, prompt: Anything else?, required: false}
"""


def _play(monkeypatch, capsys, assignment: Path, data_dir: Path, typed: str, *extra: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    code = cli.main(["play", "--text", "--story", str(STORIES / "sample"), "--data-dir", str(data_dir),
                     "--assignment", str(assignment), *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_assignment_to_class_summary(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    assignment = tmp_path / "wire.yaml"
    assignment.write_text(ASSIGNMENT, encoding="utf-8")
    collected = tmp_path / "collected"
    collected.mkdir()
    # name; first choice, two board posts, the wire; then the three answers
    for i, (name, moves, answers) in enumerate([
        ("Ann", "1\n1\n1\n1\n", "1\nTrotsky at the funeral\nThe letter read out\n\nNo.\n"),
        ("Ben <b>", "2\n2\n", "2\nA\nB\nC\n\n"),
    ]):
        data = tmp_path / f"data{i}"
        code, out, err = _play(monkeypatch, capsys, assignment, data, f"{name}\n{moves}{answers}")
        assert (code, err) == (0, "")
        assert out.startswith("Assignment: The wire\nClass: 10B\nDue: 14 March 2025\n"
                              "You will play: The whole sample\n")
        assert "\nYour path beside history\n" in out and "\nReflection\n" in out and "===" not in out
        # the debrief's first page, and the whole debrief in a file beside the reports
        (debrief,) = (data / "debriefs").iterdir()
        assert f"is in this file:\n{debrief}\n" in out and "\nEvery decision\n" not in out
        folder = data / "reports"
        assert f"The folder: {folder}\n" in out
        (js,) = folder.glob("*.json")
        (html,) = folder.glob("*.html")
        assert f"  {html}\n  {js}\n" in out  # exactly where the files are
        for f in (js, html):
            (collected / f.name).write_bytes(f.read_bytes())
    ann = json.loads(next(collected.glob("ann_*.json")).read_text(encoding="utf-8"))
    assert ann["finished"] and ann["counts"] == {"decisions": 4, "comparable": 3, "matched": 3}
    assert [r["answer_text"] for r in ann["reflection"]] == [
        "Files", "Trotsky at the funeral; The letter read out", "No."]
    roster = tmp_path / "roster.txt"
    roster.write_text("Ann\nBen <b>\nCarl\n", encoding="utf-8")
    assert cli.main(["class-report", str(collected), "-o", str(tmp_path / "summary"), "--roster", str(roster)]) == 0
    assert capsys.readouterr().out.startswith("Read 2 report(s); skipped 0.\n")
    text = text_of(parse_html((tmp_path / "summary.html").read_text(encoding="utf-8")))
    assert "No report: Carl" in text and "Ben <b>: A; B; C" in text


def test_broken_assignment_is_reported_not_played(tmp_path: Path, monkeypatch, capsys, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: X\nscenario: nowhere\n", encoding="utf-8")
    code, out, err = _play(monkeypatch, capsys, bad, data_dir, "Ann\n")
    assert code == 2 and out == ""
    assert err == ("after-lenin: the assignment file has problems; fix them (or ask your teacher):\n"
                   f"{bad}:2:11: error: there is no scenario 'nowhere'; choose one of: whole, wire_only [AL013]\n")
    bad.write_text("title: X\nscenario: whole\nquestions: {}\n", encoding="utf-8")
    code, out, err = _play(monkeypatch, capsys, bad, data_dir, "Ann\n")
    assert code == 2 and f"{bad}:3:12: error: expected a list, found a mapping [AL011]" in err


def test_input_ending_before_the_answers_then_continue(tmp_path: Path, monkeypatch, capsys, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assignment = tmp_path / "wire.yaml"
    assignment.write_text(ASSIGNMENT, encoding="utf-8")
    code, out, _err = _play(monkeypatch, capsys, assignment, data_dir, "Ann\n1\n1\n1\n1\n")
    assert code == 3 and "--continue --assignment" in out and not (data_dir / "reports").exists()
    # --continue remembers the name: the student goes straight on to the questions
    code, out, _err = _play(monkeypatch, capsys, assignment, data_dir, "2\nx\ny\n\n\n", "--continue")
    assert code == 0 and "Your report is saved." in out
    assert "Welcome back, Ann. (Not you? Start without --continue.)\n" in out and "Your name" not in out
    (report,) = (data_dir / "reports").glob("*.json")
    assert json.loads(report.read_text(encoding="utf-8"))["student"]["name"] == "Ann"
    # another assignment in the same folder asks again
    other = tmp_path / "other.yaml"
    other.write_text(ASSIGNMENT.replace("title: The wire", "title: Another"), encoding="utf-8")
    code, out, _err = _play(monkeypatch, capsys, other, data_dir, "Ben\n", "--continue")
    assert "Your name (as your teacher knows you): Ben\n" in out
