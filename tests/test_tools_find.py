"""``after-lenin find TEXT``: every scene, record, document and glossary entry that mentions it."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest

from game import cli

EXTRA = """\
# A comment about the Boss is not story text.
glossary:
  card_index:
    term: card index
    aliases: [personnel files]
    definition: >-
      Where the Boss kept the
      personnel files of every member.  # trailing comment naming the Rival
records:
  boss_record:
    date: 1922-04-03
    title: The Boss decides
    what: It happened.
    sources: ["A. Author, A Book (2001)"]
"""


def run_find(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, list[str], str]:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    code = cli.main(["find", *args])
    return code, out.getvalue().splitlines(), err.getvalue()


@pytest.fixture
def story(tmp_path: Path, sample_dir: Path) -> Path:
    folder = tmp_path / "story"
    shutil.copytree(sample_dir, folder)
    (folder / "extra.yaml").write_text(EXTRA, encoding="utf-8")
    return folder


def test_a_person_is_found_by_id_and_name_in_every_kind_of_place(monkeypatch: pytest.MonkeyPatch,
                                                                   story: Path) -> None:
    code, lines, err = run_find(monkeypatch, "boss", str(story))
    assert code == 0, err
    assert lines[0] == "searching for: boss, The Boss"  # the id, and the name from the character list
    assert f"{story}/scenes.yaml:2:3: character boss: boss: {{name: The Boss, title: Chairman, years:" \
           " 1870–1924, bio: Runs the Politburo.}" in lines
    assert f"{story}/scenes.yaml:33:14: scene office: - say: boss" in lines  # a line the Boss speaks
    assert f"{story}/scenes.yaml:59:28: scene office: - {{person: boss, historical: true, set:" \
           " {apparatus: \"+1\"}}" in lines  # a candidate on the board
    assert f"{story}/extra.yaml:7:13: glossary entry card_index: Where the Boss kept the" in lines
    assert f"{story}/extra.yaml:12:12: record boss_record: title: The Boss decides" in lines
    assert not any(":1:" in line.split(": ")[0] for line in lines)  # the comment on line 1 is not text
    assert lines[-1].startswith(f"{len(lines) - 2} mention(s) in ")


def test_a_phrase_folded_over_two_lines_is_one_phrase(monkeypatch: pytest.MonkeyPatch, story: Path) -> None:
    code, lines, _err = run_find(monkeypatch, "kept the personnel files", str(story))
    assert code == 0
    assert lines == [f"{story}/extra.yaml:7:22: glossary entry card_index: Where the Boss kept the",
                     "1 mention(s) in 1 glossary entry"]


def test_a_term_is_found_by_its_aliases_and_comments_are_skipped(monkeypatch: pytest.MonkeyPatch,
                                                                   story: Path) -> None:
    code, lines, _err = run_find(monkeypatch, "card index", str(story))
    assert code == 0
    assert lines[0] == "searching for: card index, card_index, personnel files"
    assert f"{story}/extra.yaml:8:7: glossary entry card_index: personnel files of every member.  #" \
           " trailing comment naming the Rival" in lines
    code, lines, _err = run_find(monkeypatch, "trailing comment", str(story))
    assert (code, lines) == (1, ["no mentions"])


def test_nothing_to_find_and_no_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    code, lines, err = run_find(monkeypatch, " ", str(tmp_path))
    assert (code, lines) == (2, []) and err.startswith("after-lenin find: say what to look for")
    code, lines, err = run_find(monkeypatch, "boss", str(tmp_path / "missing"))
    assert code == 2 and "is not a folder" in err
