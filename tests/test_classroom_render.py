"""Render a student report and a class summary in headless Chromium, to PNG (screen) and PDF (print).

Skipped, with the reason, where Debian's chromium is not installed
(`apt-get install -y chromium`). The PNGs land in the test's temporary folder;
set AFTER_LENIN_RENDER_DIR to keep them for a look.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from classroom_helpers import play, story
from game.classroom.assignment import parse_assignment
from game.classroom.report import write_report
from game.classroom.summary import write_summary
from game.history.questions import Answer

CHROMIUM = Path("/usr/bin/chromium")
# CI installs Debian's chromium (.ci/run), so there these tests always run: a missing browser is a
# failure, never a skip. A developer's machine without it is told how to get it.
if not CHROMIUM.exists() and os.environ.get("CI"):
    raise RuntimeError("CI must install Debian's chromium (/usr/bin/chromium): see .ci/run")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"
                                " (apt-get install -y chromium)")


def _chromium(*args: str) -> None:
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--no-pdf-header-footer", *args], check=True, capture_output=True, timeout=120)


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def _render(html: Path, out: Path) -> tuple[Path, Path]:
    png, pdf = out.with_suffix(".png"), out.with_suffix(".pdf")
    _chromium("--window-size=900,2400", f"--screenshot={png}", html.as_uri())
    _chromium(f"--print-to-pdf={pdf}", html.as_uri())
    return png, pdf


def test_report_and_summary_render(tmp_path: Path) -> None:
    keep = Path(os.environ.get("AFTER_LENIN_RENDER_DIR", tmp_path))
    keep.mkdir(parents=True, exist_ok=True)
    st = story("debrief")
    a = parse_assignment("title: Render check\nscenario: whole\n", "render.yaml")
    folder = tmp_path / "class"
    for name, picks in (("Ann", {}), ("Ben", {"first_choice": 1}), ("Cleo <i>", {"wire_choice": 1})):
        paths = write_report(play(st, "whole", picks), a, name,
                             {"decisive_factor": Answer("decisive_factor", choice=0),
                              "rivals_failed": Answer("rivals_failed", choice=1),
                              "turning_point": Answer("turning_point", choice=0)}, tmp_path / "data")
    for f in (tmp_path / "data" / "reports").iterdir():
        folder.mkdir(exist_ok=True)
        shutil.copy(f, folder / f.name)
    summary_html, _csv, _s = write_summary(folder, tmp_path / "summary")
    for html, name in ((paths.html, "report"), (summary_html, "summary")):
        png, pdf = _render(html, keep / name)
        width, height = _png_size(png)
        assert (width, height) == (900, 2400)
        # not a blank page: a rendered page compresses far less than an empty one
        assert png.stat().st_size > 40_000, f"{png} looks empty"
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and b"/Type /Page" in data
