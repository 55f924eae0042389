"""Saves and reports honour the umask, so a teacher's account can read a shared classroom data folder."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from classroom_helpers import play, story
from game.classroom.report import report_data, save_report
from game.engine.saves import current_umask, write_atomic

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes and the umask are POSIX")


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_written_files_honour_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        assert current_umask() == umask
        write_atomic(tmp_path / "save.json", "{}")
        paths = save_report(report_data(play(story("sample"), "whole"), None, "Ann"), tmp_path / "reports")
    finally:
        os.umask(old)
    for p in (tmp_path / "save.json", paths.json, paths.html):  # mkstemp alone made them 0600
        assert stat.S_IMODE(p.stat().st_mode) == mode, p


def test_reading_the_umask_does_not_change_it_under_other_threads(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        seen: set[int] = set()

        def read() -> None:
            for _ in range(200):
                seen.add(current_umask())

        threads = [threading.Thread(target=read) for _ in range(4)]
        for t in threads:
            t.start()
        for i in range(50):
            write_atomic(tmp_path / f"f{i}", "x")
        for t in threads:
            t.join()
        assert seen == {0o022}
        assert {stat.S_IMODE((tmp_path / f"f{i}").stat().st_mode) for i in range(50)} == {0o644}
    finally:
        os.umask(old)
