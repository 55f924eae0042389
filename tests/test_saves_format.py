"""A save written by an earlier build still loads: the state owns its format (game/engine/serial.py).

tests/data/sample_save_v1.json was written on 2026-12-02 by that day's code (format version 1):
the sample story, the last option taken at each of two choices, ending in 'lost'. If the format
changes, this file must keep loading — bump the version and read the old one, never rewrite it.
"""

from __future__ import annotations

import json
from pathlib import Path

from game.engine.playthrough import Playthrough
from game.engine.saves import SaveStore
from game.story import open_story
from game.story.model import Story

HERE = Path(__file__).resolve().parent
SAVE = HERE / "data" / "sample_save_v1.json"


def _story() -> Story:
    story = open_story(HERE / "stories" / "sample").story
    assert story is not None
    return story


def test_a_version_1_save_restores_where_it_was() -> None:
    story = _story()
    data = json.loads(SAVE.read_text(encoding="utf-8"))
    assert data["version"] == 1
    pt, notice = Playthrough.restore(story, data)
    assert notice == ""
    assert pt.finished and pt.state.ending == "lost" and pt.current.kind == "ending"
    # the same values as replaying the file's own decisions on a fresh game
    fresh = Playthrough.start(story)
    for entry in data["state"]["log"]:
        if entry["kind"] != "choice":
            continue
        while fresh.current.kind != "choice":
            fresh.advance()
        fresh.choose(entry["option"])
    while not fresh.finished:
        fresh.advance()
    assert dict(pt.variables) == dict(fresh.variables)
    assert pt.state.ending == fresh.state.ending


def test_a_version_1_save_keeps_its_undo_history(tmp_path: Path) -> None:
    story = _story()
    data = json.loads(SAVE.read_text(encoding="utf-8"))
    pt, _ = Playthrough.restore(story, data)
    decisions = pt.state.decisions
    assert pt.can_undo
    assert pt.undo()
    # back in the scene of the last decision the file records, with the game open again
    assert pt.current.scene.id == data["state"]["log"][-1]["scene"]
    assert not pt.finished and pt.state.decisions == decisions - 1


def test_a_version_1_save_loads_from_a_save_folder(tmp_path: Path) -> None:
    (tmp_path / "saves").mkdir()
    (tmp_path / "saves" / "autosave.json").write_text(SAVE.read_text(encoding="utf-8"), encoding="utf-8")
    pt, notice = SaveStore(tmp_path).load(_story(), "autosave")
    assert notice == "" and pt.state.ending == "lost"


MIDGAME = HERE / "data" / "sample_midgame_v1.json"


def test_a_version_1_save_made_mid_game_resumes_at_its_choice() -> None:
    """tests/data/sample_midgame_v1.json was written on 2026-12-03 by that day's code (format
    version 1), before the format moved into State: at the sample's 'wire_choice', two decisions
    made, with undo history and a glossary term seen."""
    story = _story()
    data = json.loads(MIDGAME.read_text(encoding="utf-8"))
    saved = data["state"]
    pt, notice = Playthrough.restore(story, data)
    assert notice == ""
    step = pt.current
    assert step.kind == "choice" and step.instr.id == "wire_choice"  # type: ignore[union-attr]
    # the prompt shows the saved value of its slot
    assert f"apparatus {saved['variables']['apparatus']}" in step.prompt
    assert dict(pt.variables) == saved["variables"]
    assert pt.state.log == saved["log"] and pt.state.transcript == saved["transcript"]
    assert pt.state.terms == saved["terms"] and pt.state.decisions == 2
    assert pt.undo_depth == len(data["undo"]) == 2
    # undo goes back to the board, the second decision of the file's log
    assert pt.undo()
    assert pt.current.kind == "appointments" and pt.state.decisions == 1
    assert pt.state.log == saved["log"][:1]


def test_the_state_reads_back_what_it_writes() -> None:
    """State.to_json / State.from_json: the state owns its saved form."""
    from game.engine.state import State

    story = _story()
    pt, _ = Playthrough.restore(story, json.loads(MIDGAME.read_text(encoding="utf-8")))
    data = json.loads(json.dumps(pt.state.to_json()))
    state, notices = State.from_json(story, data)
    assert notices == [] and state == pt.state
    data["variables"]["apparatus"] = "five"
    state, notices = State.from_json(story, data)
    assert notices == ["reset to their starting values: apparatus"]
    assert state.variables["apparatus"] == story.variables["apparatus"].initial
