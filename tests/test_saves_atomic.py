"""Saves survive being killed mid-write: a save file holds the old content or the new, never half.

A child process autosaves (and quicksaves) in a tight loop while playing at random;
the test SIGKILLs it at a random moment, 60 times over, and after every kill loads
every save file in the folder. The child is forked from the test process, so each
round costs a millisecond instead of a Python start-up, and the kill lands anywhere
in ``write_atomic``: while serialising, writing, fsyncing or renaming.
"""

from __future__ import annotations

import os
import random
import select
import signal
import time
from pathlib import Path

import pytest

from engine_helpers import act, snapshot
from game.engine.playthrough import Playthrough
from game.engine.saves import AUTOSAVE, QUICKSAVE, STALE_TEMP_SECONDS, SaveStore, write_atomic
from game.story import model as M
from game.story.loader import load_story

STORIES = Path(__file__).resolve().parent / "stories"
KILLS = 60

@pytest.fixture(scope="module")
def loop_story() -> M.Story:
    result = load_story(STORIES / "loop")
    assert result.story is not None
    return result.story


def _autosave_forever(story: M.Story, store: SaveStore, seed: int, ready: int) -> None:
    """The child: play and save as fast as it can until it is killed."""
    rng = random.Random(seed)
    pt = Playthrough.start(story, "loop", seed=seed)
    os.write(ready, b"!")
    os.close(ready)
    n = 0
    while True:
        act(pt, rng, avoid=("Stop.",))
        store.autosave(pt)
        n += 1
        if n % 3 == 0:
            store.save(pt, QUICKSAVE)


def test_sigkill_during_autosaves_never_leaves_a_broken_save(loop_story: M.Story, tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    rng = random.Random(2024)
    decisions_seen = set()
    for round_no in range(KILLS):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child, which never returns
            try:
                os.close(read_end)
                _autosave_forever(loop_story, store, round_no, write_end)
            finally:
                os._exit(0)
        os.close(write_end)
        # Never wait forever: a child forked from a process with threads could hang at start.
        ready, _, _ = select.select([read_end], [], [], 30)
        if not ready:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the autosaving child never started")
        assert os.read(read_end, 1) == b"!"
        os.close(read_end)
        time.sleep(rng.uniform(0.0, 0.03))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL

        infos = store.list()
        assert all(not info.damaged for info in infos), [(i.slot, i.damaged) for i in infos]
        for info in infos:
            pt, notice = store.load(loop_story, info.slot)
            assert notice == ""
            assert pt.current.kind in ("line", "choice", "appointments", "vote", "chapter")
            decisions_seen.add(pt.state.decisions)
    # The folder holds only the two slots (and perhaps temporary files of killed writes, never listed).
    saves = tmp_path / "saves"
    assert {p.name for p in saves.glob("*.json")} <= {f"{AUTOSAVE}.json", f"{QUICKSAVE}.json"}
    assert len(decisions_seen) > 1  # the children really did make progress between kills

    # Temporary files that killed writes left behind are swept by a later save once stale.
    leftovers = list(saves.glob(".*.tmp"))
    old = time.time() - STALE_TEMP_SECONDS - 5
    for tmp in leftovers:
        os.utime(tmp, (old, old))
    fresh = saves / f".{AUTOSAVE}.json.being-written.tmp"
    fresh.write_text("{", encoding="utf-8")  # as if another game were writing right now
    pt, _ = store.load(loop_story, AUTOSAVE)
    store.autosave(pt)
    store.save(pt, QUICKSAVE)
    assert list(saves.glob(".*.tmp")) == [fresh]


def test_write_atomic_replaces_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "folder" / "file.json"
    write_atomic(target, "first")
    write_atomic(target, "second, longer than the first")
    write_atomic(target, "3")
    assert target.read_text(encoding="utf-8") == "3"
    assert [p.name for p in target.parent.iterdir()] == ["file.json"]  # no temporary files left behind


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "file.json"
    write_atomic(target, "old")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]


def test_autosave_then_load_is_the_same_game(loop_story: M.Story, tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    pt = Playthrough.start(loop_story, "loop")
    rng = random.Random(5)
    for _ in range(40):
        act(pt, rng, avoid=("Stop.",))
    store.autosave(pt)
    loaded, notice = store.load(loop_story, AUTOSAVE)
    assert notice == "" and snapshot(loaded) == snapshot(pt)
    assert loaded.undo_depth == pt.undo_depth
