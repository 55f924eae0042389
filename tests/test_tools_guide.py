"""The writers' guide's tutorial, done by a test on a copy of the campaign: the scene it
teaches adds no diagnostic, is reachable, is on the map, and plays with and without its
guarded option. If the campaign changes under the tutorial (a scene or variable it uses is
renamed), this test says so, and the guide needs the same change."""

from __future__ import annotations

import io
import re
import shutil
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.story import open_story
from game.story.loader import load_story
from game.tools.storymap import make_map

PROJECT = Path(__file__).resolve().parent.parent
GUIDE = PROJECT / "scenes" / "README.md"
HEADER = "# yaml-language-server: $schema=../../schemas/content.schema.json"


def _tutorial() -> tuple[str, str, str, str]:
    """(file name, file text, scene to edit, old next) as Part 1 of the guide gives them."""
    guide = GUIDE.read_text(encoding="utf-8")
    part1 = guide[guide.index("## Part 1"):guide.index("## Part 2")]
    name = re.search(r"Create the file `scenes/(\S+\.yaml)`", part1)
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", part1, re.S) if b.startswith(HEADER))
    link = re.search(r"find the scene `(\w+)` and change its `next:`.*?next: (\w+)\s+# was: (\w+)", part1, re.S)
    assert name and link, "Part 1 of the guide no longer has the file, the block or the link step"
    assert link.group(2) == re.search(r"^  - id: (\w+)", block, re.M).group(1)  # type: ignore[union-attr]
    return name.group(1), block, link.group(1), link.group(3)


@pytest.fixture(scope="module")
def worked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project's scenes/ (and assets/) with the tutorial done."""
    root = tmp_path_factory.mktemp("guide")
    shutil.copytree(PROJECT / "scenes", root / "scenes")
    (root / "assets").symlink_to(PROJECT / "assets", target_is_directory=True)
    name, block, scene, old_next = _tutorial()
    (root / "scenes" / name).write_text(block, encoding="utf-8")
    new_scene = re.search(r"^  - id: (\w+)", block, re.M).group(1)  # type: ignore[union-attr]
    for path in (root / "scenes").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        start = text.find(f"  - id: {scene}\n")
        if start == -1:
            continue
        end = text.find("\n  - id: ", start + 1)
        end = len(text) if end == -1 else end
        part = text[start:end]
        assert f"next: {old_next}" in part, f"scene '{scene}' no longer has 'next: {old_next}' (guide step 3)"
        path.write_text(text[:start] + part.replace(f"next: {old_next}", f"next: {new_scene}", 1) + text[end:],
                        encoding="utf-8")
        break
    else:
        pytest.fail(f"the guide links from scene '{scene}', which the campaign no longer has")
    return root / "scenes"


def _diagnostics(story_dir: Path) -> set[str]:
    """Everything ``after-lenin check`` finds: loader, graph and lint, through the one door."""
    return {f"{d.code} {d.message}" for d in open_story(story_dir).diagnostics}


def test_the_tutorial_adds_no_diagnostic(worked: Path) -> None:
    name, _block, _scene, _old = _tutorial()
    before = _diagnostics(PROJECT / "scenes")
    after = _diagnostics(worked)
    assert after - before == set()
    result = load_story(worked)
    assert not [d for d in result.diagnostics if d.path == name]


def test_the_tutorial_scene_is_reachable_and_on_the_map(worked: Path) -> None:
    result = load_story(worked)
    if result.story is None:  # the campaign itself is mid-edit: the previous test covers the file
        assert _diagnostics(worked) == _diagnostics(PROJECT / "scenes")
        return
    smap = make_map(result.story)
    node = smap.graph.nodes["ch4_coffin"]
    assert not node.unreachable and not node.dead_end
    assert node.chapter == "ch4" and [d.record for d in node.decisions] == ["coffin_carried"]
    assert {e.target for e in smap.graph.edges if e.source == "ch4_coffin"} == {"ch4_embalming"}


@pytest.mark.parametrize("trust, shown", [("6", True), ("4", False)])
def test_jump_to_the_tutorial_scene(worked: Path, trust: str, shown: bool, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    if load_story(worked).story is None:
        return  # covered by test_the_tutorial_adds_no_diagnostic while the campaign is mid-edit
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n"))
    code = main(["play", "--text", "--story", str(worked), "--data-dir", str(tmp_path), "--scene", "ch4_coffin",
                 "--set", f"trust.zinoviev={trust}"])
    out = capsys.readouterr().out
    assert code in (0, 3), out  # 3: the input ended later in the chapter, as expected
    lines = out.splitlines()
    assert "What do you do?" in lines
    assert "  1. Take your place at the front of the coffin." in lines
    assert ("  3. Let Zinoviev lead; he loves a crowd." in lines) is shown
