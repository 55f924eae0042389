"""Golden transcripts, in the style of ink-proof: one folder per case under tests/golden/.

Each case is played twice through ``after-lenin play --text``: once as is, and once
saving to a JSON save file and loading it again before every decision. Both runs must
print exactly the expected transcript and end with the expected exit code, so a save
taken at any decision resumes as if nothing had happened. tests/golden/README.md
describes the folder layout.
"""

from __future__ import annotations

import io
import os
import shlex
import sys
from pathlib import Path

import pytest

from game import cli
from game.engine.saves import SaveStore
from game.text import player as text_player

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "input").is_file())


def story_dir(case: Path) -> Path:
    """A case's story: its own ``story/`` folder, or a ``story`` file naming one in tests/stories/."""
    ref = case / "story"
    if ref.is_dir():
        return ref
    return GOLDEN.parent / "stories" / ref.read_text(encoding="utf-8").strip()


def play(case: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch, roundtrip: bool) -> tuple[str, str, int]:
    """Run the case in-process; return (stdout, stderr, exit code)."""
    args_file = case / "args"
    extra = shlex.split(args_file.read_text(encoding="utf-8")) if args_file.exists() else []
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.StringIO((case / "input").read_text(encoding="utf-8")))
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    # The debrief after an ending belongs to the history area and has its own tests;
    # golden transcripts stop at the ending card so they test the engine and player only.
    monkeypatch.setattr(cli.core, "_text_debrief", lambda *args, **kwargs: None)
    if roundtrip:
        _save_and_reload_before_each_decision(monkeypatch, data_dir)
    code = cli.main(["play", "--text", "--story", str(story_dir(case)), "--data-dir", str(data_dir), *extra])
    return out.getvalue(), err.getvalue(), code


def _save_and_reload_before_each_decision(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    store = SaveStore(data_dir)
    original = text_player.TextPlayer.show

    def show(self: text_player.TextPlayer, step):  # type: ignore[no-untyped-def]
        if step.kind in ("choice", "appointments"):
            store.save(self.pt, "roundtrip")
            self.pt, notice = store.load(self.pt.story, "roundtrip")
            assert notice == "", notice
            step = self.pt.current
        return original(self, step)

    monkeypatch.setattr(text_player.TextPlayer, "show", show)


@pytest.mark.parametrize("roundtrip", [False, True], ids=["direct", "save-load"])
@pytest.mark.parametrize("name", CASES)
def test_golden(name: str, roundtrip: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = GOLDEN / name
    stdout, stderr, code = play(case, tmp_path, monkeypatch, roundtrip)
    expected_code = int((case / "exit").read_text()) if (case / "exit").exists() else 0
    if os.environ.get("GOLDEN_UPDATE") and not roundtrip:
        # For a deliberate change of output only: read every changed transcript
        # against its story before committing it.
        (case / "transcript").write_text(stdout, encoding="utf-8")
    assert stdout == (case / "transcript").read_text(encoding="utf-8")
    assert code == expected_code, stderr
    expected_err = (case / "stderr").read_text(encoding="utf-8") if (case / "stderr").exists() else ""
    assert stderr == expected_err


def test_enough_cases() -> None:
    """The foundation promises at least eight cases; keep it that way."""
    assert len(CASES) >= 8
