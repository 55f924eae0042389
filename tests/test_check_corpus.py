"""The checker on a corpus of broken stories: exact diagnostics, exit codes, no tracebacks.

Each folder in tests/checker_corpus/ is a small story with one kind of mistake (or a
hostile input) and an ``expected`` file listing exactly the lines ``after-lenin check``
must print, in the ``path:line:col: severity: message [CODE]`` form. Every case runs as a
real subprocess (all of them at once, to keep the suite quick); tests/checker_corpus/README.md
describes the layout.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent / "checker_corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected").is_file())
NOT_STORY = {"expected", "args", "generate.json"}
SUMMARY = re.compile(r"^(\d+) error\(s\), (\d+) warning\(s\) in (\d+) file\(s\)$")


def after_lenin() -> list[str]:
    """The installed console script, as a user runs it (or the module, if not installed)."""
    script = Path(sys.executable).with_name("after-lenin")
    return [str(script)] if script.exists() else [sys.executable, "-m", "game"]


def materialise(case: Path, dest: Path) -> Path:
    """Copy the case's story to ``dest``, writing any generated (too large to commit) files."""
    shutil.copytree(case, dest, ignore=lambda _d, names: [n for n in names if n in NOT_STORY])
    spec = case / "generate.json"
    if spec.exists():
        for rel, parts in json.loads(spec.read_text(encoding="utf-8")).items():
            chunks = [p[1] if p[0] == "text" else p[1] * p[2] for p in parts]
            (dest / rel).write_text("".join(chunks), encoding="utf-8")
    return dest


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Run ``after-lenin check . --assets assets`` in a copy of every case, concurrently."""
    root = tmp_path_factory.mktemp("corpus")
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")

    def one(name: str) -> tuple[str, Run]:
        case = CORPUS / name
        work = materialise(case, root / name)
        extra = shlex.split((case / "args").read_text()) if (case / "args").exists() else []
        proc = subprocess.run([*after_lenin(), "check", ".", "--assets", "assets", *extra], cwd=work,
                              capture_output=True, text=True, timeout=120, env=env)
        return name, Run(proc.returncode, proc.stdout, proc.stderr)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return dict(pool.map(one, CASES))


@pytest.mark.parametrize("name", CASES)
def test_exact_diagnostics(name: str, runs: dict[str, Run]) -> None:
    run = runs[name]
    expected = (CORPUS / name / "expected").read_text(encoding="utf-8").splitlines()
    lines = run.stdout.splitlines()
    assert lines[:-1] == expected, run.stderr
    summary = SUMMARY.match(lines[-1])
    assert summary, lines[-1]
    errors = sum(": error: " in line for line in expected)
    warnings = sum(": warning: " in line for line in expected)
    files = len({line.split(":", 1)[0] for line in expected})
    assert summary.groups() == (str(errors), str(warnings), str(files))


@pytest.mark.parametrize("name", CASES)
def test_exit_code_and_no_traceback(name: str, runs: dict[str, Run]) -> None:
    run = runs[name]
    expected = (CORPUS / name / "expected").read_text(encoding="utf-8")
    assert run.code == (1 if ": error: " in expected else 0)
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout
    assert run.stderr == ""


def test_corpus_is_big_enough() -> None:
    assert len(CASES) >= 40


def test_every_code_is_exercised() -> None:
    """Each diagnostic code the checker can emit appears in some expected file."""
    from game.story.diagnostics import CODES

    seen = set()
    for name in CASES:
        seen.update(re.findall(r"\[(AL\d{3})\]", (CORPUS / name / "expected").read_text(encoding="utf-8")))
    assert sorted(set(CODES) - seen) == []


def test_json_format_matches_text(runs: dict[str, Run], tmp_path: Path) -> None:
    """--format json carries the same findings as the text output."""
    name = "unknown_variable"
    work = materialise(CORPUS / name, tmp_path / name)
    proc = subprocess.run([*after_lenin(), "check", ".", "--assets", "assets", "--format", "json"], cwd=work,
                          capture_output=True, text=True, timeout=60)
    data = json.loads(proc.stdout)
    shown = [f"{d['path']}:{d['line']}:{d['col']}: {d['severity']}: {d['message']} [{d['code']}]"
             for d in data["diagnostics"]]
    assert shown == (CORPUS / name / "expected").read_text(encoding="utf-8").splitlines()
    assert proc.returncode == 1
