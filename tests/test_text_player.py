"""The terminal player as a user runs it: piped input, plain output, clear exits."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine.playthrough import Playthrough
from game.engine.saves import SaveStore
from game.story import model as M
from game.story.loader import load_story
from game.text.player import EXIT_INPUT_ENDED, EXIT_OK, TextPlayer, human_date

TESTS = Path(__file__).resolve().parent
GOLDEN = TESTS / "golden"
ESCAPE = re.compile(r"[\x1b\x07\x08\r]|\x9b")  # ANSI escapes, bell, backspace, carriage return


def after_lenin(*args: str, stdin: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("after-lenin")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "game"]
    env = dict(os.environ, TERM="xterm-256color", **(env_extra or {}))  # a colour terminal, to be sure
    return subprocess.run([*command, *args], input=stdin, capture_output=True, text=True, timeout=60, env=env)


def test_piped_input_prints_a_plain_transcript(sample_dir: Path, data_dir: Path) -> None:
    proc = after_lenin("play", "--text", "--story", str(sample_dir), "--data-dir", str(data_dir),
                       stdin=(GOLDEN / "all_beats" / "input").read_text())
    assert proc.returncode == 0, proc.stderr
    # The same transcript as the golden case (a debrief may follow the ending card).
    assert proc.stdout.startswith((GOLDEN / "all_beats" / "transcript").read_text())
    assert not ESCAPE.search(proc.stdout) and not ESCAPE.search(proc.stderr)
    assert proc.stderr == ""


def test_input_ending_early_exits_3_with_a_message(sample_dir: Path, data_dir: Path) -> None:
    proc = after_lenin("play", "--text", "--story", str(sample_dir), "--data-dir", str(data_dir), stdin="1\n")
    assert proc.returncode == 3
    # where the player stopped, by chapter and scene title (issue 12.9), wrapped like every line
    assert proc.stdout.endswith("\nThe input ended before the story did (in chapter 1: The Office). Your progress\n"
                                "is in the autosave.\n")
    assert not ESCAPE.search(proc.stdout)
    assert (data_dir / "saves" / "autosave.json").is_file()


def test_no_input_at_all(sample_dir: Path, data_dir: Path) -> None:
    proc = after_lenin("play", "--text", "--story", str(sample_dir), "--data-dir", str(data_dir), stdin="")
    assert proc.returncode == 3 and "The input ended before the story did" in proc.stdout


@pytest.mark.parametrize("answer, message", [
    ("3", "input line 1: '3' is not an option: type a number from 1 to 2"),
    ("0", "input line 1: '0' is not an option: type a number from 1 to 2"),
    ("abc", "input line 1: 'abc' is not an option: type a number from 1 to 2"),
    ("\n7", "input line 2: '7' is not an option: type a number from 1 to 2"),
])
def test_bad_input_exits_2_naming_the_line(answer: str, message: str, sample_dir: Path, data_dir: Path) -> None:
    proc = after_lenin("play", "--text", "--story", str(sample_dir), "--data-dir", str(data_dir), stdin=answer + "\n")
    assert proc.returncode == 2
    assert proc.stdout.splitlines()[-1] == message


def test_empty_lines_never_choose_piped_or_typed(sample_dir: Path, data_dir: Path) -> None:
    """Enter alone never decides (issue 12.1): 300 empty lines from the start make no decision."""
    proc = after_lenin("play", "--text", "--story", str(sample_dir), "--data-dir", str(data_dir), stdin="\n" * 300)
    assert proc.returncode == EXIT_INPUT_ENDED, proc.stdout[-400:]
    assert proc.stdout.count("Nothing chosen yet: type a number from 1 to 2.") == 300
    saves = SaveStore(data_dir)
    story = load_story(sample_dir).story
    assert story is not None
    resumed, _ = saves.load(story, "autosave")
    assert [e for e in resumed.state.log if e["kind"] in ("choice", "appointments")] == []
    assert resumed.current.kind == "choice"


def test_runtime_error_exits_4_naming_the_place(data_dir: Path) -> None:
    proc = after_lenin("play", "--text", "--story", str(TESTS / "stories" / "runtime_error"),
                       "--data-dir", str(data_dir), stdin="2\n")
    assert proc.returncode == 4
    assert proc.stdout.splitlines()[-1] == "The story cannot go on: scenes.yaml:12:9: no option of choice 'gate' is open"
    assert "Traceback" not in proc.stderr


def test_broken_story_exits_1_with_the_checker_s_findings(tmp_path: Path, data_dir: Path) -> None:
    story = tmp_path / "broken"
    story.mkdir()
    (story / "story.yaml").write_text("id: x\ntitle: [unclosed\n", encoding="utf-8")
    proc = after_lenin("play", "--text", "--story", str(story), "--data-dir", str(data_dir), stdin="")
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.splitlines()[0] == f"The story in {story} has errors; fix them first:"
    assert f"{story.as_posix()}/story.yaml:3:1: error: YAML syntax error" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unknown_scene_and_scenario_exit_2(sample_dir: Path, data_dir: Path) -> None:
    base = ("play", "--text", "--story", str(sample_dir), "--data-dir", str(data_dir))
    proc = after_lenin(*base, "--scene", "wires", stdin="")
    assert (proc.returncode, proc.stderr) == (2, "after-lenin: no scene 'wires' — did you mean 'wire'?\n")
    proc = after_lenin(*base, "--scenario", "nope", stdin="")
    assert (proc.returncode, proc.stderr) == (2, "after-lenin: no scenario 'nope'; choose one of: whole, wire_only\n")


# --- in-process: the interactive mode and commands -------------------------------------------


def _player(story: M.Story, typed: str, store: SaveStore | None = None, interactive: bool = True) -> tuple[TextPlayer, io.StringIO]:
    out = io.StringIO()
    player = TextPlayer(Playthrough.start(story, "whole"), io.StringIO(typed), out, interactive=interactive,
                        store=store)
    return player, out


def test_interactive_mode_asks_again_instead_of_exiting(sample_story: M.Story) -> None:
    player, out = _player(sample_story, "9\nfoo\n2\n2\n")
    assert player.run() == EXIT_OK
    text = out.getvalue()
    assert "Type a number to choose; u = undo, s = save, q = quit." in text
    assert "'9' is not an option: type a number from 1 to 2 (u = undo, s = save, q = quit)" in text
    assert "'foo' is not an option: type a number from 1 to 2 (u = undo, s = save, q = quit)" in text
    assert "\nEnding: You lost\n" in text
    assert "> 2" not in text  # a terminal echoes what was typed; the player does not repeat it


def test_an_empty_line_asks_again_at_a_choice_and_at_a_board(sample_story: M.Story) -> None:
    # the first choice, then the board's two posts (the second has one free candidate left)
    player, out = _player(sample_story, "\n\n1\n\n\n1\n\n1\n")
    assert player.run() == EXIT_INPUT_ENDED
    text = out.getvalue()
    assert text.count("Nothing chosen yet: type a number from 1 to 2 (u = undo, s = save, q = quit).") == 4
    assert text.count("Nothing chosen yet: type 1 (u = undo, s = save, q = quit).") == 1
    log = player.pt.state.log
    assert [(e["kind"], e.get("option"), e.get("posts")) for e in log] == [
        ("choice", 0, None), ("appointments", None, {"north": "boss", "south": "rival"})]


def test_quit_saves_and_save_command(sample_story: M.Story, data_dir: Path) -> None:
    store = SaveStore(data_dir)
    player, out = _player(sample_story, "1\ns\nq\n", store)
    assert player.run() == EXIT_OK
    text = out.getvalue()
    assert f"(Saved to {data_dir / 'saves' / 'text.json'}.)" in text
    assert text.endswith("Progress saved. Goodbye.\n")
    resumed, notice = store.load(sample_story, "autosave")
    assert notice == "" and resumed.current.kind == "appointments"


def test_autosave_failure_does_not_stop_the_game(sample_story: M.Story, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    player, out = _player(sample_story, "1\n1\n1\n1\n", SaveStore(blocker), interactive=False)
    assert player.run() == EXIT_OK
    text = out.getvalue()
    assert "(Autosave failed: Not a directory. Your game goes on.)" in text
    assert "\nEnding: You won\n" in text


def test_input_ended_in_process(sample_story: M.Story) -> None:
    player, out = _player(sample_story, "", interactive=False)
    assert player.run() == EXIT_INPUT_ENDED


@pytest.mark.parametrize("iso, shown", [
    ("1924-01-21", "21 January 1924"),
    ("1924-01", "January 1924"),
    ("1924", "1924"),
    ("1924-01-21/1924-01-27", "21 January 1924 – 27 January 1924"),  # as the window shows it
    ("1924-13-01", "1924-13-01"),  # not a date: shown as written, never a crash
    ("", ""),
])
def test_human_dates(iso: str, shown: str) -> None:
    assert human_date(iso) == shown
