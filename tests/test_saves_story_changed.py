"""A save made before the story changed: it resumes where its position still exists,
and otherwise says so and continues from the start of the nearest chapter."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine_helpers import step_view
from game.engine.playthrough import Playthrough
from game.engine.saves import SaveStore
from game.story import model as M
from game.story.loader import load_story


def _edited_sample(sample_dir: Path, dest: Path, edits: dict[str, list[tuple[str, str]]]) -> M.Story:
    shutil.copytree(sample_dir, dest)
    for name, pairs in edits.items():
        path = dest / name
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    result = load_story(dest)
    assert result.story is not None, [d.format() for d in result.diagnostics]
    return result.story


def _at_wire_choice(story: M.Story) -> Playthrough:
    """The rival's path up to the wire: a goto, an enum set, a chapter card behind us."""
    pt = Playthrough.start(story, "whole")
    for _ in range(4):
        pt.advance()
    pt.choose(1)
    pt.advance()
    pt.advance()
    pt.advance()
    assert pt.current.kind == "choice" and pt.current.scene.id == "wire"
    return pt


@pytest.fixture
def store(data_dir: Path) -> SaveStore:
    return SaveStore(data_dir)


def test_unchanged_story_loads_silently(store: SaveStore, sample_story: M.Story) -> None:
    pt = _at_wire_choice(sample_story)
    store.save(pt, "s")
    loaded, notice = store.load(sample_story, "s")
    assert notice == "" and step_view(loaded) == step_view(pt) and loaded.can_undo


def test_position_still_there_loads_in_place(store: SaveStore, sample_story: M.Story, sample_dir: Path,
                                             tmp_path: Path) -> None:
    pt = _at_wire_choice(sample_story)
    store.save(pt, "s")
    changed = _edited_sample(sample_dir, tmp_path / "v2", {"scenes.yaml": [
        ("You are given the files.", "You are handed the files."),  # text before the save point
        ("      - narrate: The files go.", "      - narrate: The files go to someone else."),
    ]})
    assert changed.content_hash != sample_story.content_hash
    loaded, notice = store.load(changed, "s")
    assert notice == "the story has changed since this save; it continues where it was"
    assert step_view(loaded) == step_view(pt)
    assert dict(loaded.variables) == dict(pt.variables)
    assert loaded.undo_depth == pt.undo_depth
    loaded.choose(1)
    loaded.advance()
    assert loaded.current.text == "The files go to someone else."  # and it plays the new text


def test_position_gone_continues_from_the_chapter_start(store: SaveStore, sample_story: M.Story,
                                                        sample_dir: Path, tmp_path: Path) -> None:
    pt = _at_wire_choice(sample_story)
    store.save(pt, "s")
    changed = _edited_sample(sample_dir, tmp_path / "v2", {"scenes.yaml": [
        ("id: wire_choice", "id: wire_answer"),  # the decision the save stopped at is renamed
    ]})
    loaded, notice = store.load(changed, "s")
    assert notice == ("the place where this save stopped is no longer in the story;"
                      " it continues from the start of 'The Wire'")
    assert (loaded.current.kind, loaded.current.scene.id, loaded.state.pc) == ("chapter", "wire", 0)
    assert dict(loaded.variables) == dict(pt.variables)  # what the player did is kept
    assert [e["id"] for e in loaded.state.log] == ["first_choice"]
    assert not loaded.can_undo  # the old undo points referred to positions that moved
    loaded.advance()
    loaded.advance()
    assert loaded.current.prompt == "What do you wire? (apparatus 1)"


def test_scene_removed_continues_from_the_chapter_start(store: SaveStore, sample_story: M.Story,
                                                        sample_dir: Path, tmp_path: Path) -> None:
    pt = Playthrough.start(sample_story, "whole")
    for _ in range(4):
        pt.advance()
    pt.choose(1)
    assert pt.current.scene.id == "rival_scene"
    store.save(pt, "s")
    changed = _edited_sample(sample_dir, tmp_path / "v2", {"scenes.yaml": [
        ("              next: rival_scene\n", "              next: wire\n"),
        ("""  - id: rival_scene
    title: The Rival
    chapter: one
    beats:
      - say: rival
        text: Thank you.
      - set: {alliance: left}
      - goto: wire
""", ""),
    ]})
    loaded, notice = store.load(changed, "s")
    assert notice.endswith("it continues from the start of 'The Office'")
    assert (loaded.current.kind, loaded.current.scene.id) == ("chapter", "office")


def test_chapter_without_a_scenario_start_goes_to_its_chapter_card(store: SaveStore, sample_story: M.Story,
                                                                   sample_dir: Path, tmp_path: Path) -> None:
    """No scenario starts in chapter two here: the save goes to the scene that opens it."""
    pt = _at_wire_choice(sample_story)
    store.save(pt, "s")
    changed = _edited_sample(sample_dir, tmp_path / "v2", {
        "scenes.yaml": [("id: wire_choice", "id: wire_answer")],
        "story.yaml": [("""  - id: wire_only
    title: Only the wire
    role: clerk
    start: wire
    minutes: 2
    set: {apparatus: 6, alliance: left}
""", "")],
    })
    loaded, notice = store.load(changed, "s")
    assert notice.endswith("it continues from the start of 'The Wire'")
    assert (loaded.current.kind, loaded.current.scene.id) == ("chapter", "wire")


def test_variables_added_and_removed(store: SaveStore, sample_story: M.Story, sample_dir: Path,
                                     tmp_path: Path) -> None:
    pt = _at_wire_choice(sample_story)
    store.save(pt, "s")
    changed = _edited_sample(sample_dir, tmp_path / "v2", {"story.yaml": [
        ("  wired: {type: bool, initial: false, label: Wired the truth}\n",
         "  wired: {type: bool, initial: false, label: Wired the truth}\n"
         "  fear: {type: int, initial: 4, min: 0, max: 10, label: Fear}\n"),
        ("  trust: {type: int, initial: 5, min: 0, max: 10, label: Trust, meter: true}\n",
         "  trust: {type: int, initial: 3, min: 0, max: 3, label: Trust, meter: true}\n"),
    ]})
    loaded, notice = store.load(changed, "s")
    assert notice == "the story has changed since this save; it continues where it was"
    assert loaded.variables["fear"] == 4  # new: its initial value
    assert loaded.variables["trust"] == 3  # was 6: clamped to the new range
    assert step_view(loaded)[:3] == step_view(pt)[:3]


def test_no_chapter_to_go_back_to_continues_from_the_scenario_start(store: SaveStore,
                                                                    sample_story: M.Story) -> None:
    import json

    path = store.save(_at_wire_choice(sample_story), "s")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["state"]["chapter"] = "a_chapter_since_removed"
    data["fingerprint"] = "Choice:a_decision_since_removed"
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded, notice = store.load(sample_story, "s")
    assert notice == ("the place where this save stopped is no longer in the story;"
                      " it continues from the start of the scenario")
    assert (loaded.current.kind, loaded.current.scene.id) == ("chapter", "office")
