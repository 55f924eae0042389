"""``after-lenin test``: reproducible random playthroughs plus a coverage search."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from game import cli
from game.story import model as M
from game.story.loader import load_story
from game.tools.playtest import Report, coverage_search, play_once, random_runs

STORIES = Path(__file__).resolve().parent / "stories"


def run_test(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    code = cli.main(["test", *args])
    return code, out.getvalue(), err.getvalue()


def test_same_seed_same_report_and_another_seed_differs(monkeypatch: pytest.MonkeyPatch) -> None:
    loop = str(STORIES / "loop")
    first = run_test(monkeypatch, loop, "--runs", "30", "--seed", "11", "--budget", "500")
    again = run_test(monkeypatch, loop, "--runs", "30", "--seed", "11", "--budget", "500")
    other = run_test(monkeypatch, loop, "--runs", "30", "--seed", "12", "--budget", "500")
    assert first == again
    assert first[0] == 0 and first[2] == ""
    assert other[1] != first[1]  # different random paths give different word counts and endings


def test_sample_reports_the_one_unreachable_option(monkeypatch: pytest.MonkeyPatch, sample_dir: Path) -> None:
    code, out, err = run_test(monkeypatch, str(sample_dir), "--runs", "50", "--seed", "3")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("100 random playthroughs over 2 scenario(s), 100 reached an ending;")
    # 'Burn them' needs apparatus > 8; no path gets apparatus above 5 before that choice.
    assert lines[1] == "options reached: 10/11; scenes: 5/5; endings: 2/2"
    # The third option as written (and as numbered in play), where it is, all of its text.
    assert lines[2] == (f"  option never reached: {sample_dir}/scenes.yaml:48:15: first_choice option 3:"
                        " Burn them. (if: apparatus > 8)")
    # Per decision, in file order, with the gap by number; the search finished (no budget line).
    assert lines[3] == ("coverage per decision (options numbered from 1 as written in the file; in play an option"
                        " its if: hides takes no number):")
    assert lines[4] == f"  first_choice ({sample_dir}/scenes.yaml:36:9): 2/3; never: 3"
    assert lines[5] == f"  board ({sample_dir}/scenes.yaml:51:9): 4/4"
    assert not any("budget" in line for line in lines)
    assert not any(line.startswith(("  scene never reached", "  ending never reached", "error:")) for line in lines)


def test_runtime_errors_are_reported_with_their_seed_and_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run_test(monkeypatch, str(STORIES / "runtime_error"), "--runs", "6", "--seed", "100")
    assert code == 1, err
    errors = [line for line in out.splitlines() if line.startswith("error: ")]
    failing_seeds = [int(line.split("seed ")[1].split(":")[0]) for line in errors if "seed" in line]
    assert failing_seeds, out
    assert all(line.endswith("scenes.yaml:12:9: no option of choice 'gate' is open") for line in errors)
    assert "error: coverage search at scene 'fork': scenes.yaml:12:9: no option of choice 'gate' is open" in errors

    # Every reported seed reproduces its error on its own; the others finish.
    story = load_story(STORIES / "runtime_error").story
    assert story is not None
    for seed in range(100, 106):
        result = play_once(story, "main", seed, Report())
        assert bool(result.error) == (seed in failing_seeds)


def test_unseen_scenes_and_endings_are_listed(tmp_path: Path, sample_dir: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    story = tmp_path / "sample"
    story.mkdir()
    for f in sample_dir.iterdir():
        (story / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    scenes = story / "scenes.yaml"
    # An option nobody can take leads to a scene and an ending nobody reaches.
    scenes.write_text(scenes.read_text(encoding="utf-8").replace(
        "              if: apparatus > 8\n              next: wire\n",
        "              if: apparatus > 10\n              next: secret\n") + """\
  - id: secret
    beats:
      - narrate: Nobody gets here.
      - ending: secret_end
""", encoding="utf-8")
    manifest = story / "story.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "factors:\n", "  secret_end: {title: Secret, summary: Never seen.}\nfactors:\n"), encoding="utf-8")
    code, out, err = run_test(monkeypatch, str(story), "--runs", "20", "--seed", "1")
    assert code == 0, err
    lines = out.splitlines()
    assert f"  scene never reached: {story}/scenes.yaml:111:5: secret" in lines
    assert f"  ending never reached: {story}/story.yaml:31:3: secret_end" in lines  # where the test inserts it
    assert (f"  option never reached: {story}/scenes.yaml:48:15: first_choice option 3:"
            " Burn them. (if: apparatus > 10)") in lines


def test_strict_fails_on_anything_unreached(monkeypatch: pytest.MonkeyPatch, sample_dir: Path) -> None:
    code, out, _err = run_test(monkeypatch, str(sample_dir), "--runs", "50", "--seed", "3", "--strict")
    assert code == 1
    assert out.splitlines()[-1] == "--strict: 1 option(s), scene(s) or ending(s) never reached"
    # Everything of the loop story is reached: --strict passes.
    code, out, _err = run_test(monkeypatch, str(STORIES / "loop"), "--runs", "40", "--strict", "--budget", "2000")
    assert code == 0 and "--strict" not in out


def test_says_when_the_search_stopped_at_its_budget(monkeypatch: pytest.MonkeyPatch, sample_dir: Path) -> None:
    _code, out, _err = run_test(monkeypatch, str(sample_dir), "--runs", "0", "--budget", "5")
    lines = out.splitlines()
    assert lines[0].endswith("coverage search visited 5 states")
    assert lines[1] == ("the coverage search stopped at its budget of 5 states with more left to explore:"
                        " what it did not reach may still be reachable (raise --budget)")


def test_every_option_of_the_loop_story_is_reached() -> None:
    story = load_story(STORIES / "loop").story
    assert story is not None
    report = random_runs(story, 40, 1)
    coverage_search(story, report, 2_000)
    assert report.missing_options(story) == []
    assert report.errors == []
    assert {r.ending for r in report.runs} == {"stopped"}


def test_bad_arguments_and_broken_story(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sample_dir: Path) -> None:
    code, _out, err = run_test(monkeypatch, str(sample_dir), "--runs", "-1")
    assert (code, err) == (2, "after-lenin: --runs and --budget must not be negative\n")
    code, out, err = run_test(monkeypatch, str(tmp_path))
    assert code == 1 and out == "" and "no story.yaml" in err


def test_word_counts_come_from_the_transcript(sample_story: M.Story) -> None:
    report = random_runs(sample_story, 10, 5)
    lo, median, hi = report.words_per_path("wire_only")
    assert lo == median == hi == 24  # one path: counted by hand from the sample's wire and ending scenes
