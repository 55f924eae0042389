"""Damaged, truncated and hand-edited saves: a clear message, the file kept aside, the game goes on."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any, Callable

import pytest

from engine_helpers import snapshot
from game import cli
from game.engine.playthrough import Playthrough
from game.engine.saves import AUTOSAVE, SaveError, SaveStore
from game.story import model as M


def _at_board(story: M.Story) -> Playthrough:
    pt = Playthrough.start(story, "whole")
    for _ in range(4):
        pt.advance()
    pt.choose(0)
    return pt


@pytest.fixture
def store(data_dir: Path) -> SaveStore:
    return SaveStore(data_dir)


def _good_save(store: SaveStore, story: M.Story, slot: str = AUTOSAVE) -> Path:
    return store.save(_at_board(story), slot)


def _aside(store: SaveStore) -> list[Path]:
    return sorted(store.dir.glob("*.damaged-*.json.bak"))


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "empty": lambda raw: b"",
    "not utf-8": lambda raw: raw[:40] + b"\xff\xfe" + raw[40:],
    "binary junk": lambda raw: bytes(range(256)) * 4,
    "a JSON list": lambda raw: b"[1, 2, 3]",
    "another program's JSON": lambda raw: b'{"format": "something-else", "state": {}}',
    "nested 100,000 deep": lambda raw: b"[" * 100_000 + b"]" * 100_000,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_unreadable_save_is_reported_and_kept_aside(damage: str, store: SaveStore, sample_story: M.Story) -> None:
    path = _good_save(store, sample_story)
    broken = DAMAGE[damage](path.read_bytes())
    path.write_bytes(broken)
    with pytest.raises(SaveError) as info:
        store.load(sample_story, AUTOSAVE)
    message = str(info.value)
    assert message.startswith("the save 'autosave' is damaged (")
    assert "the game goes on" in message
    [aside] = _aside(store)
    assert aside.name in message
    assert aside.read_bytes() == broken  # kept byte for byte, never deleted
    assert not path.exists()
    assert store.list() == [] and store.latest() is None


def _edit(store: SaveStore, story: M.Story, change: Callable[[dict[str, Any]], None]) -> Path:
    path = _good_save(store, story)
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


HAND_EDITS_REFUSED: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "unknown scenario": (lambda d: d["state"].update(scenario="cheat"),
                         "the scenario 'cheat' is not in this story any more"),
    "position not a number": (lambda d: d["state"].update(pc="three"), "the save's position is damaged"),
    "negative position": (lambda d: d["state"].update(pc=-1), "the save's position is damaged"),
    "variables not a mapping": (lambda d: d["state"].update(variables=[1, 2]), "the save's variables are damaged"),
    "log not a list": (lambda d: d["state"].update(log="lots"), "the save's decision log is damaged"),
    "no state": (lambda d: d.pop("state"), "the save has no game state in it"),
}


@pytest.mark.parametrize("edit", list(HAND_EDITS_REFUSED))
def test_hand_edited_save_that_cannot_be_used(edit: str, store: SaveStore, sample_story: M.Story) -> None:
    change, reason = HAND_EDITS_REFUSED[edit]
    path = _edit(store, sample_story, change)
    edited = path.read_bytes()
    with pytest.raises(SaveError) as info:
        store.load(sample_story, AUTOSAVE)
    [aside] = _aside(store)
    assert str(info.value) == f"the save 'autosave' cannot be used: {reason}; it was kept as {aside.name}"
    assert aside.read_bytes() == edited


def test_hand_edited_values_are_reset_with_a_notice(store: SaveStore, sample_story: M.Story) -> None:
    def change(d: dict[str, Any]) -> None:
        d["state"]["variables"].update(apparatus="lots", wired=1, alliance="centre", trust=99, ghost=3)
    _edit(store, sample_story, change)
    pt, notice = store.load(sample_story, AUTOSAVE)
    assert notice == "reset to their starting values: alliance, apparatus, wired"
    # The bad ones are back at their initial values; trust is clamped to its max; 'ghost' is dropped.
    assert dict(pt.variables) == {"apparatus": 2, "trust": 10, "wired": False, "alliance": "none"}
    assert pt.current.kind == "appointments"
    assert _aside(store) == []  # usable: nothing moved aside


def test_broken_undo_history_is_dropped_whole(store: SaveStore, sample_story: M.Story) -> None:
    _edit(store, sample_story, lambda d: d["undo"][0].update(log="x"))
    pt, notice = store.load(sample_story, AUTOSAVE)
    assert notice == "the rollback history could not be restored"
    assert not pt.can_undo and pt.current.kind == "appointments"


def test_save_of_another_story_or_newer_game_is_left_in_place(store: SaveStore, sample_story: M.Story) -> None:
    path = _edit(store, sample_story, lambda d: d["story"].update(id="other-story"))
    with pytest.raises(SaveError, match="belongs to another story \\(other-story\\), not 'sample'"):
        store.load(sample_story, AUTOSAVE)
    assert path.exists() and _aside(store) == []
    path = _edit(store, sample_story, lambda d: d.update(version=99))
    with pytest.raises(SaveError, match="made by a newer version of the game; update the game to load it"):
        store.load(sample_story, AUTOSAVE)
    assert path.exists() and _aside(store) == []


def test_list_shows_damaged_slots_and_latest_skips_them(store: SaveStore, sample_story: M.Story) -> None:
    _good_save(store, sample_story, "good")
    bad = _good_save(store, sample_story, "bad")
    bad.write_text("{not json", encoding="utf-8")
    infos = {i.slot: i for i in store.list()}
    assert set(infos) == {"good", "bad"}
    assert infos["bad"].damaged == "not valid JSON at line 1, column 2"
    assert infos["good"].damaged == "" and infos["good"].chapter == "The Office"
    assert store.latest().slot == "good"  # type: ignore[union-attr]


def test_missing_slot_and_bad_slot_names(store: SaveStore, sample_story: M.Story) -> None:
    with pytest.raises(SaveError, match="there is no save called 'nothing'"):
        store.load(sample_story, "nothing")
    for name in ("../escape", "with space", "", "x" * 41, "UPPER"):
        with pytest.raises(SaveError, match="is not a valid save name"):
            store.path(name)


def test_setting_aside_twice_in_one_second_keeps_both(store: SaveStore, sample_story: M.Story) -> None:
    for _ in range(2):
        _good_save(store, sample_story).write_text("junk", encoding="utf-8")
        with pytest.raises(SaveError):
            store.load(sample_story, AUTOSAVE)
    assert len(_aside(store)) == 2


def _play(argv: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(cli.core, "_text_debrief", lambda *args: None)
    code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def test_continue_with_a_damaged_autosave_starts_a_new_game(sample_dir: Path, data_dir: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    base = ["play", "--text", "--story", str(sample_dir), "--data-dir", str(data_dir)]
    code, _out, _err = _play(base, "1\n", monkeypatch)
    assert code == 3
    autosave = data_dir / "saves" / "autosave.json"
    autosave.write_text('{"format": "after-lenin-save",\n "version": 1,\n "sta', encoding="utf-8")  # cut short
    code, out, err = _play([*base, "--continue"], "2\n2\n", monkeypatch)
    assert code == 0, err
    [aside] = sorted((data_dir / "saves").glob("autosave.damaged-*.json.bak"))
    assert err.splitlines() == [
        f"after-lenin: the save 'autosave' is damaged (not valid JSON at line 3, column 2); it was kept as"
        f" {aside.name} and the game goes on",
        "after-lenin: starting a new game instead",
    ]
    assert "Chapter 1: The Office" in out.splitlines() and "Ending: You lost" in out.splitlines()


def test_data_dir_is_honoured(sample_dir: Path, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Anything written to the real user folder would land under this fake home instead.
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("AFTER_LENIN_DATA", raising=False)
    base = ["play", "--text", "--story", str(sample_dir), "--data-dir", str(data_dir)]
    code, out, _err = _play(base, "1\n", monkeypatch)
    assert code == 3 and out.endswith("is in the autosave.\n")
    assert [p.name for p in (data_dir / "saves").iterdir()] == ["autosave.json"]
    assert not home.exists()
    code, out, err = _play([*base, "--continue"], "1\n1\n1\n", monkeypatch)
    assert code == 0, err
    # Says where the game stands (issue 12.9), then resumes at the appointments board, not at the start.
    assert out.splitlines()[0].startswith("Continuing your game: chapter 1: The Office")
    assert out.splitlines()[2:5] == ["[Appointments] Two posts are open.", "  Secretary, North:", "    1. The Boss"]
    assert "Chapter 1" not in out and "Ending: You won" in out.splitlines()


def test_environment_variable_chooses_the_data_folder(sample_dir: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTER_LENIN_DATA", str(tmp_path / "from-env"))
    code, _out, _err = _play(["play", "--text", "--story", str(sample_dir)], "", monkeypatch)
    assert code == 3
    assert (tmp_path / "from-env" / "saves" / "autosave.json").is_file()


def test_save_meta_for_the_load_screen(store: SaveStore, sample_story: M.Story) -> None:
    pt = _at_board(sample_story)
    data = pt.to_json({"note": "before the board"})
    assert data["meta"]["chapter"] == "The Office" and data["meta"]["scenario"] == "The whole sample"
    assert data["meta"]["note"] == "before the board"
    store.save(pt, "named", {"note": "x"})
    loaded, _ = store.load(sample_story, "named")
    assert snapshot(loaded) == snapshot(pt)
