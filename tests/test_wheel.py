"""The wheel plays: built, installed into a fresh venv, and run from a folder far from the checkout.

One module fixture builds the source distribution and, from it, the wheel (as ``python -m build``
does, with this venv's setuptools, offline), makes a plain venv and installs the wheel with
``pip install --no-index``. The game's dependencies are linked in from this venv, exactly as pip
installed them, so pip finds them satisfied without downloading anything; nothing else of this
venv, and nothing of the checkout, is visible there. Each test then runs the installed
``after-lenin`` (or its python) from another temporary folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from game import paths
from game.story import open_story

ROOT = Path(__file__).resolve().parent.parent
#: what a checkout holds beside the source (top level), and litter anywhere
LEFTOVERS = {".git", ".venv", "build", "dist", ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache", "shots",
             "data"}


def _leftovers(folder: str, names: list[str]) -> set[str]:
    top = Path(folder) == ROOT
    return {n for n in names if (top and n in LEFTOVERS) or n == "__pycache__" or n.endswith(".egg-info")}
BUILD_HOOK = "import sys; from setuptools import build_meta as b; print(b.build_{kind}(sys.argv[1]))"


@dataclass(frozen=True)
class Installed:
    wheel: Path
    build_log: str
    venv: Path
    elsewhere: Path  # the folder every command runs in
    env: dict[str, str]

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    def run(self, *args: str, stdin: str = "", timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(a) for a in args], cwd=self.elsewhere, env=self.env, input=stdin,
                              capture_output=True, text=True, timeout=timeout)

    def after_lenin(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return self.run(str(self.bin / "after-lenin"), *args, stdin=stdin)


def _build(kind: str, source: Path, out: Path) -> tuple[Path, str]:
    proc = subprocess.run([sys.executable, "-c", BUILD_HOOK.format(kind=kind), str(out)], cwd=source,
                          capture_output=True, text=True, timeout=300)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    return out / proc.stdout.strip().splitlines()[-1], log


def _runtime_distributions(wheel: Path) -> list[metadata.Distribution]:
    """The installed distributions the wheel needs to run (its requirements, recursively, no extras)."""
    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        wanted = [line.split(":", 1)[1].strip() for line in z.read(meta).decode().splitlines()
                  if line.startswith("Requires-Dist:")]
    found: dict[str, metadata.Distribution] = {}
    while wanted:
        req = Requirement(wanted.pop())
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        key = re.sub(r"[-_.]+", "-", req.name).lower()
        if key not in found:
            found[key] = metadata.distribution(req.name)
            wanted.extend(found[key].requires or [])
    return list(found.values())


def _link_into(site: Path, dist: metadata.Distribution) -> None:
    """Make ``dist`` (as installed in this venv) installed in ``site`` too, by linking its top folders."""
    tops = {f.parts[0] for f in dist.files or [] if f.parts[0] != ".."}  # ".." are its scripts in bin/
    for top in tops:
        target = Path(str(dist.locate_file(top)))
        if target.exists() and not (site / top).exists():
            (site / top).symlink_to(target, target_is_directory=target.is_dir())


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    tmp = tmp_path_factory.mktemp("wheel")
    dist = tmp / "dist"
    # From a clean copy: a checkout's leftover *.egg-info would otherwise feed its old file list into the sdist.
    source = tmp / "checkout"
    shutil.copytree(ROOT, source, symlinks=True, ignore=_leftovers)
    sdist, sdist_log = _build("sdist", source, dist)
    with tarfile.open(sdist) as tar:
        tar.extractall(tmp / "src", filter="data")
    wheel, wheel_log = _build("wheel", tmp / "src" / sdist.name.removesuffix(".tar.gz"), dist)

    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    py = venv / "bin" / "python"
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    for d in _runtime_distributions(wheel):
        _link_into(site, d)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(AFTER_LENIN_DATA=str(tmp / "data"), SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-index", str(wheel)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    return Installed(wheel, sdist_log + wheel_log, venv, elsewhere, env)


def test_the_build_gives_no_deprecation_warning(installed: Installed) -> None:
    assert "deprecat" not in installed.build_log.lower(), installed.build_log


def test_the_wheel_carries_the_story_assets_fonts_licences_and_schemas(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as z:
        names = z_names = set(z.namelist())
        meta = z.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    for folder in paths.SHIPPED_FOLDERS:
        shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*") if p.is_file()}
        assert shipped, folder
        missing = sorted(s for s in shipped if f"game/{paths.SHIPPED}/{s}" not in names)
        assert not missing, f"not in the wheel: {missing[:5]}"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "License-Expression: GPL-3.0-or-later" in meta
    # playing (window, terminal, browser server) needs what pyproject lists; the test tools only the extra
    runtime = [line for line in meta.splitlines() if line.startswith("Requires-Dist:") and "extra ==" not in line]
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = sorted(Requirement(line.split(":", 1)[1]).name for line in runtime)
    assert names == sorted(Requirement(d).name for d in declared)
    assert not {"pytest", "mypy", "ruff", "playwright", "hypothesis"} & {n.lower() for n in names}
    # the browser front end's pages, style and script travel too
    for page in ("game/web/templates/play.html", "game/web/static/app.js", "game/web/static/app.css"):
        assert page in z_names, page


def test_the_installed_game_reads_only_its_own_package(installed: Installed) -> None:
    code = ("import json, sys, game, game.paths as p; "
            "print(json.dumps({'game': game.__file__, 'scenes': str(p.scenes_dir()), 'assets': str(p.assets_dir()),"
            " 'schemas': str(p.schemas_dir()), 'path': sys.path}))")
    proc = installed.run(str(installed.bin / "python"), "-c", code)
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout)
    package = Path(seen["game"]).parent
    assert package.is_relative_to(installed.venv), seen["game"]
    for name in paths.SHIPPED_FOLDERS:
        assert Path(seen[name]) == package / paths.SHIPPED / name
    assert not any(entry and Path(entry).resolve().is_relative_to(ROOT) for entry in seen["path"]), seen["path"]


def test_version(installed: Installed) -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    proc = installed.after_lenin("--version")
    assert (proc.returncode, proc.stdout.strip()) == (0, f"after-lenin {version}")


def test_check_passes_on_the_shipped_story(installed: Installed) -> None:
    proc = installed.after_lenin("check", "--strict")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("no problems found in "), proc.stdout
    assert f"{paths.SHIPPED}/scenes" in proc.stdout


def test_a_chapter_plays_in_the_terminal(installed: Installed) -> None:
    opened = open_story(paths.scenes_dir())
    assert opened.story is not None
    first, second = opened.story.chapters[:2]
    proc = installed.after_lenin("play", "--text", stdin="1\n" * 400)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    out = proc.stdout
    # Chapter headings are read aloud as plain paragraphs, without rulers (issue 12.10).
    one, two = f"\nChapter 1: {first.title}\n", f"\nChapter 2: {second.title}\n"
    assert one in out and two in out and out.index(one) < out.index(two)
    assert "\n> 1" in out[out.index(one):out.index(two)], "a choice was made in chapter 1"
    assert (Path(installed.env["AFTER_LENIN_DATA"]) / "saves" / "autosave.json").is_file()


WINDOW = """
import json, sys
from pathlib import Path
import pygame
from game import paths
from game.ui.audio import CUES
from game.ui.pilot import Pilot
from game.ui.text import FONT_FILES

p = Pilot.launch(paths.scenes_dir(), Path(sys.argv[1]))
screens = [p.screen]
p.press(pygame.K_RETURN)  # New game
p.press(pygame.K_RETURN)  # the first scenario: its chapter card
screens.append(p.screen)
for _ in range(6):  # into the first scene: its background and speakers' portraits are drawn
    p.press(pygame.K_RETURN, frames=3)
p.shot(Path(sys.argv[1]) / "window.png")
fonts = [pygame.font.Font(str(p.app.fonts.dir / name), 20).get_height() for name in FONT_FILES.values()]
sounds = sorted({name for name in CUES.values() if not (paths.assets_dir() / "sounds" / f"{name}.ogg").is_file()})
print(json.dumps({"screens": screens, "art": str(p.app.art.assets), "missing": sorted(p.app.art.missing),
                  "fonts": len(fonts), "no_sound": sounds, "step": p.step.kind}))
p.close()
"""


def test_the_window_draws_the_shipped_art_and_fonts(installed: Installed) -> None:
    out = installed.elsewhere / "window"
    proc = installed.run(str(installed.bin / "python"), "-c", WINDOW, str(out))
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    assert seen["screens"] == ["title", "play"]
    assert Path(seen["art"]).is_relative_to(installed.venv)
    assert seen["missing"] == [], "art that fell back to a placeholder"
    assert seen["fonts"] > 0 and seen["no_sound"] == []
    assert (out / "window.png").stat().st_size > 10_000


def test_the_browser_server_serves_its_pages_art_and_fonts(installed: Installed) -> None:
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(installed.bin / "after-lenin"), "serve", "--port", str(port), "--data-dir",
                             str(installed.elsewhere / "web-data")], cwd=installed.elsewhere, env=installed.env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=1):
                    break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stdout.read() if proc.stdout else ""
                time.sleep(0.2)
        for path in ("/", "/static/app.js", "/static/app.css", "/assets/portraits/stalin.svg",
                     "/assets/backgrounds/kremlin_winter.svg", "/assets/fonts/PTSerif-Regular.ttf"):
            with urllib.request.urlopen(base + path, timeout=5) as r:
                assert r.status == 200 and r.read(), path
    finally:
        proc.terminate()
        proc.wait(10)
