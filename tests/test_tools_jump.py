"""Jump to a scene: ``after-lenin play --text --scene ID [--set VAR=VALUE …]``.

A writer working on one scene starts play right there, with the variables the
scene depends on set by hand. Bad ids and bad values end in one clear line and
exit status 2, never a traceback.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main

SAMPLE = Path(__file__).resolve().parent / "stories" / "sample"


def play(args: list[str], answers: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
         capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(answers))
    code = main(["play", "--text", "--story", str(SAMPLE), "--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_jump_starts_at_the_scene_with_the_variables_set(data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = play(["--scene", "wire", "--set", "alliance=left", "--set", "apparatus=9"], "1\n",
                          data_dir, monkeypatch, capsys)
    assert code == 0, err
    lines = out.splitlines()
    # the office scene (the scenario's start) is skipped: play opens on the wire's chapter card
    assert "You are given the files." not in out
    assert lines[2] == "Chapter 2: The Wire"
    assert "Your ally waits." in lines  # alliance=left took effect
    assert "What do you wire? (apparatus 9)" in lines  # apparatus=9 shows in the text
    assert "    10 for, 0 against, 0 abstaining, of 10: carried." in lines
    assert "Ending: You won" in lines


def test_jump_without_set_uses_the_scenario_values(data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = play(["--scene", "wire"], "2\n", data_dir, monkeypatch, capsys)
    assert code == 0, err
    assert "You are alone." in out.splitlines()
    assert "What do you wire? (apparatus 2)" in out.splitlines()
    assert "Ending: You lost" in out.splitlines()


def test_jump_with_a_scenario_applies_its_presets_then_the_sets(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # wire_only presets apparatus 6 and alliance left; --set overrides one of them
    code, out, _ = play(["--scenario", "wire_only", "--scene", "wire", "--set", "apparatus=3"], "1\n",
                        data_dir, monkeypatch, capsys)
    assert code == 0
    assert "Your ally waits." in out.splitlines()
    assert "What do you wire? (apparatus 3)" in out.splitlines()


def test_a_jump_survives_save_and_continue(data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = play(["--scene", "wire", "--set", "apparatus=9", "--set", "wired=true"], "", data_dir,
                        monkeypatch, capsys)
    assert code == 3 and "The input ended before the story did (in chapter 2: The Wire)" in out
    code, out, err = play(["--continue"], "2\n", data_dir, monkeypatch, capsys)
    assert code == 0, err
    assert "Ending: You won" in out.splitlines()  # apparatus 9 came back from the save


@pytest.mark.parametrize("scene, message", [
    ("wir", "after-lenin: no scene 'wir' — did you mean 'wire'?"),
    ("rival", "after-lenin: no scene 'rival' — did you mean 'rival_scene'?"),
    ("nothing_like_it", "after-lenin: no scene 'nothing_like_it'"),
])
def test_bad_scene_id(scene: str, message: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = play(["--scene", scene], "", data_dir, monkeypatch, capsys)
    assert code == 2
    assert err.splitlines() == [message]
    assert out == ""


@pytest.mark.parametrize("sets, message", [
    (["apparatus=lots"], "--set apparatus=lots: 'apparatus' is a whole number"),
    (["apparatus=99"], "--set apparatus=99: 'apparatus' is at least 0 and at most 10"),
    (["apparatus=-1"], "--set apparatus=-1: 'apparatus' is at least 0 and at most 10"),
    (["wired=maybe"], "--set wired=maybe: 'wired' is true or false"),
    (["alliance=centre"], "--set alliance=centre: 'alliance' is one of none, left, right"),
    (["power=3"], "--set power=3: expected VAR=VALUE with a declared variable (apparatus, trust, wired, alliance)"),
    (["apparatus"], "--set apparatus: expected VAR=VALUE with a declared variable"),
    (["apparatus=3", "trust=x"], "--set trust=x: 'trust' is a whole number"),
])
def test_bad_set_values(sets: list[str], message: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--scene", "wire"]
    for item in sets:
        args += ["--set", item]
    code, out, err = play(args, "", data_dir, monkeypatch, capsys)
    assert code == 2
    assert len(err.splitlines()) == 1 and err.startswith(f"after-lenin: {message}")
    assert out == ""


def test_set_without_scene_is_refused(data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = play(["--set", "apparatus=3"], "", data_dir, monkeypatch, capsys)
    assert code == 2 and err == "after-lenin: --set works together with --scene\n"


def test_jump_into_a_broken_story_lists_the_errors(tmp_path: Path, data_dir: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    story = tmp_path / "story"
    story.mkdir()
    (story / "story.yaml").write_text((SAMPLE / "story.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (story / "scenes.yaml").write_text((SAMPLE / "scenes.yaml").read_text(encoding="utf-8")
                                       .replace("goto: wire", "goto: wires"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code = main(["play", "--text", "--story", str(story), "--data-dir", str(data_dir), "--scene", "wire"])
    err = capsys.readouterr().err
    assert code == 1
    assert "unknown scene 'wires' — did you mean 'wire'? [AL021]" in err
    text = (SAMPLE / "scenes.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, row in enumerate(text, 1) if "goto: wire" in row)
    col = text[line - 1].index("wire") + 1
    assert f"scenes.yaml:{line}:{col}: error:" in err


def test_bad_jump_from_the_console_script_has_no_traceback(data_dir: Path) -> None:
    script = Path(sys.executable).with_name("after-lenin")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "game"]
    proc = subprocess.run([*cmd, "play", "--text", "--story", str(SAMPLE), "--data-dir", str(data_dir),
                           "--scene", "wire", "--set", "wired=perhaps"], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr == "after-lenin: --set wired=perhaps: 'wired' is true or false\n"
    assert "Traceback" not in proc.stdout + proc.stderr


def _chapter_story(tmp_path: Path) -> Path:
    """The sample with a one-chapter scenario for chapter two and a conditional wire option."""
    story = tmp_path / "chapter_story"
    story.mkdir()
    manifest = (SAMPLE / "story.yaml").read_text(encoding="utf-8").replace(
        "endings:\n", "  - {id: two_only, title: Chapter two, role: clerk, start: wire, chapter: two,"
        " set: {apparatus: 7, alliance: left}}\nendings:\n", 1)
    (story / "story.yaml").write_text(manifest, encoding="utf-8")
    scenes = (SAMPLE / "scenes.yaml").read_text(encoding="utf-8").replace(
        "            - {text: The true date., set: {wired: true, trust: \"+2\"}}\n",
        "            - {text: The true date., set: {wired: true, trust: \"+2\"}}\n"
        "            - {text: Wire Moscow direct., if: apparatus >= 8 and wired}\n", 1)
    (story / "scenes.yaml").write_text(scenes, encoding="utf-8")
    return story


def test_a_scene_starts_with_its_chapters_values_and_says_what_they_hide(
        tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    story = _chapter_story(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n"))
    code = main(["play", "--text", "--story", str(story), "--data-dir", str(data_dir), "--scene", "wire",
                 "--set", "trust=4"])
    out, err = capsys.readouterr()
    assert code == 0, err
    # chapter two's scenario gives apparatus 7 and the left alliance (not 1922's 2 and none),
    # played on in the whole-story scenario; --set comes on top
    assert err.splitlines() == [
        "after-lenin: --scene wire: scenario 'whole', with the starting values of chapter 'two' (The Wire)"
        " from scenario 'two_only'",
        "after-lenin: values used: apparatus 7, trust 4, wired false, alliance left",
        "after-lenin: of which --set: trust 4",
        "after-lenin: choice 'wire_choice' option 3 \"Wire Moscow direct.\" is hidden: 'if: apparatus >= 8 and"
        f" wired' does not hold (apparatus is 7, wired is false) — {story}/scenes.yaml:93:15",
    ]
    assert "Your ally waits." in out.splitlines()
    assert "What do you wire? (apparatus 7)" in out.splitlines()
    assert "Ending: You won" in out.splitlines()  # 'whole' plays past the chapter to its end


def test_a_scenario_given_keeps_its_own_values(tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    story = _chapter_story(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n"))
    code = main(["play", "--text", "--story", str(story), "--data-dir", str(data_dir), "--scene", "wire",
                 "--scenario", "whole"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err.splitlines()[:2] == [
        "after-lenin: --scene wire: scenario 'whole', with that scenario's starting values (the scenario given)",
        "after-lenin: values used: apparatus 2, trust 5, wired false, alliance none",
    ]
    assert "You are alone." in out.splitlines()
