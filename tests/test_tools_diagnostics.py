"""Diagnostic codes: unique, all emitted ones declared, every one documented in the guide
with a real message, and ``after-lenin check --format json`` for scripts and editors."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from game.cli import main
from game.story.diagnostics import CODES, ERROR, WARNING

PROJECT = Path(__file__).resolve().parent.parent
GUIDE = PROJECT / "scenes" / "README.md"
SAMPLE = PROJECT / "tests" / "stories" / "sample"
CORPUS = PROJECT / "tests" / "checker_corpus"
CODE_RE = re.compile(r"\bAL\d{3}\b")
LINE_RE = re.compile(r"^(?P<loc>\S+:\d+:\d+): (?P<sev>error|warning): (?P<msg>.*) \[(?P<code>AL\d{3})\]$")


def _guide_sections() -> dict[str, str]:
    """code -> the text of its '### ALnnn — title' section in the guide."""
    text = GUIDE.read_text(encoding="utf-8")
    part4 = text[text.index("## Part 4"):]
    sections: dict[str, str] = {}
    for match in re.finditer(r"^### (AL\d{3}) — (.*)$", part4, re.M):
        end = part4.find("\n### ", match.end())
        sections[match.group(1)] = match.group(0) + part4[match.end(): end if end != -1 else None]
    return sections


def test_codes_are_unique_in_the_source() -> None:
    """A repeated key in the CODES literal would silently replace the first one."""
    source = (PROJECT / "game" / "story" / "diagnostics.py").read_text(encoding="utf-8")
    declared = re.findall(r'^\s+"(AL\d{3})": \(', source, re.M)
    assert len(declared) == len(set(declared)) == len(CODES)
    titles = [title for _sev, title in CODES.values()]
    assert len(titles) == len(set(titles))
    assert all(sev in (ERROR, WARNING) for sev, _ in CODES.values())


def test_every_code_the_source_can_emit_is_declared() -> None:
    emitted: dict[str, set[str]] = {}
    for path in (PROJECT / "game").rglob("*.py"):
        if path.name == "diagnostics.py":
            continue
        for code in CODE_RE.findall(path.read_text(encoding="utf-8")):
            emitted.setdefault(code, set()).add(path.relative_to(PROJECT).as_posix())
    # the loader and graph must be among the emitters (the grep is looking in the right place)
    assert {"AL021", "AL040", "AL041"} <= set(emitted)
    undeclared = {code: sorted(files) for code, files in emitted.items() if code not in CODES}
    assert not undeclared


def test_every_code_is_documented_in_the_guide_with_a_real_message_and_a_fix() -> None:
    sections = _guide_sections()
    assert set(sections) == set(CODES), set(CODES) ^ set(sections)
    corpus_messages: set[tuple[str, str]] = set()
    if CORPUS.is_dir():
        for expected in CORPUS.glob("*/expected"):
            for line in expected.read_text(encoding="utf-8").splitlines():
                m = LINE_RE.match(line)
                if m:
                    corpus_messages.add((m["code"], m["msg"]))
    for code, body in sections.items():
        heading = body.splitlines()[0]
        assert heading == f"### {code} — {CODES[code][1]}", heading  # the title the code carries
        examples = [LINE_RE.match(line.strip()) for line in body.splitlines() if line.startswith("    ")]
        examples = [m for m in examples if m]
        assert examples, f"{code}: no example message in the guide"
        for m in examples:
            assert m["code"] == code, (code, m.group(0))
            assert m["sev"] in (CODES[code][0], ERROR), (code, m.group(0))  # --strict turns warnings into errors
            if corpus_messages:
                # the example is a message the checker really prints (the corpus pins every one)
                assert (code, m["msg"]) in corpus_messages, (code, m["msg"])
        assert "**Fix:**" in body, f"{code}: no fix"


def test_the_guide_names_no_code_that_does_not_exist() -> None:
    assert set(CODE_RE.findall(GUIDE.read_text(encoding="utf-8"))) <= set(CODES)


# --- check --format json ------------------------------------------------------------------


def _broken_sample(tmp_path: Path) -> Path:
    story = tmp_path / "story"
    shutil.copytree(SAMPLE, story)
    scenes = story / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    text = text.replace("say: boss", "say: bos").replace("      - goto: wire\n", "")
    text += "  - id: island\n    beats:\n      - narrate: Nobody comes here.\n      - ending: lost\n"
    scenes.write_text(text, encoding="utf-8")
    return story


def test_check_json_lists_every_diagnostic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = _broken_sample(tmp_path)
    assert main(["check", str(story), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"root", "errors", "warnings", "diagnostics"}
    assert report["root"] == str(story)
    diags = report["diagnostics"]
    assert all(set(d) == {"path", "line", "col", "severity", "code", "message"} for d in diags)
    assert [d["code"] for d in diags] == ["AL022"]  # the loader stops the graph checks at an error
    d = diags[0]
    lines = (story / "scenes.yaml").read_text(encoding="utf-8").splitlines()
    line = lines.index("      - say: bos")
    assert (d["path"], d["line"], d["col"]) == ("scenes.yaml", line + 1, lines[line].index("bos") + 1)
    assert d["severity"] == "error" and "did you mean 'boss'?" in d["message"]
    assert (report["errors"], report["warnings"]) == (1, 0)


def test_check_json_graph_findings_and_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = _broken_sample(tmp_path)
    scenes = story / "scenes.yaml"
    scenes.write_text(scenes.read_text(encoding="utf-8").replace("say: bos", "say: boss"), encoding="utf-8")
    assert main(["check", str(story), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    found = {(d["code"], d["severity"]) for d in report["diagnostics"]}
    assert found == {("AL040", "warning"), ("AL041", "error")}  # island unreachable; rival_scene runs out
    assert (report["errors"], report["warnings"]) == (1, 1)
    assert main(["check", str(story), "--format", "json", "--strict"]) == 1
    strict = json.loads(capsys.readouterr().out)
    assert {d["severity"] for d in strict["diagnostics"]} == {"error"} and strict["errors"] == 2


def test_check_json_on_a_clean_story(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SAMPLE), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report == {"root": str(SAMPLE), "errors": 0, "warnings": 0, "diagnostics": []}
