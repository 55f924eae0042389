"""Loading: positions from the YAML reader, and the model the sample story becomes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from game.story import model as M
from game.story.loader import load_story
from game.story.yamlsafe import MAX_DEPTH, Map, Pos, Seq, YamlError, load_text


def test_every_value_knows_where_it_was_written() -> None:
    data = load_text("a: 1\nlist:\n  - x\n  - {k: v}\n")
    assert isinstance(data, Map) and data.pos == Pos(1, 1)
    assert (data.key_pos_of("a"), data.pos_of("a")) == (Pos(1, 1), Pos(1, 4))
    items = data["list"]
    assert isinstance(items, Seq) and items.pos_of(0) == Pos(3, 5) and items.pos_of(1) == Pos(4, 5)
    assert items[1].pos_of("k") == Pos(4, 9)
    assert data.pos_of("missing") == data.pos  # absent keys point at their mapping


def test_scalars_keep_their_yaml_meaning_and_dates_stay_text() -> None:
    data = load_text("i: 3\nb: true\nn: ~\nd: 1924-01-21\nq: '1924-01-21'\nr: 1924-01-21/1924-01-27\ns: 'yes'\n")
    assert dict(data) == {"i": 3, "b": True, "n": None, "d": "1924-01-21", "q": "1924-01-21",
                          "r": "1924-01-21/1924-01-27", "s": "yes"}


def test_small_aliases_are_fine() -> None:
    data = load_text("base: &b {x: 1}\nother: *b\n")
    assert data["other"] == {"x": 1}


@pytest.mark.parametrize("text, message, pos", [
    ("a: 1\na: 2\n", "the key 'a' appears twice in this mapping (first at line 1); remove or rename one", Pos(2, 1)),
    ("? [x]\n: 1\n", "a mapping key must be a plain value", Pos(1, 3)),
    ("a: *nope\n", "unknown alias '*nope'", Pos(1, 4)),
    ("a: 1\n---\nb: 2\n", "a story file holds one YAML document; remove the extra '---'", Pos(2, 1)),
    ("a: !!python/name:os.system x\n", "the tag '!!python/name:os.system' is not allowed: story files hold plain"
     " text, numbers, true/false, lists and mappings only", Pos(1, 4)),
    ("x" * (4 * 1024 * 1024 + 1), "the file is 4096 KiB; story files must stay under 4 MiB — split it into"
     " several files", Pos(1, 1)),
    ("a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5), f"the file nests deeper than {MAX_DEPTH} levels;"
     " flatten it", Pos(1, 3 + MAX_DEPTH)),
])
def test_refusals(text: str, message: str, pos: Pos) -> None:
    with pytest.raises(YamlError) as info:
        load_text(text)
    assert (info.value.message, info.value.pos) == (message, pos)


def test_sample_story_model(sample_story: M.Story) -> None:
    s = sample_story
    assert (s.id, s.title, s.version) == ("sample", "The Sample Story", 1)
    assert list(s.variables) == ["apparatus", "trust", "wired", "alliance"]
    apparatus = s.variables["apparatus"]
    assert (apparatus.initial, apparatus.minimum, apparatus.maximum, apparatus.meter) == (2, 0, 10, True)
    assert dict(apparatus.historical) == {"one": 3, "two": 5}
    assert s.variables["alliance"].type.values == ("none", "left", "right")
    assert [c.id for c in s.chapters] == ["one", "two"] and s.chapters[1].start == "1924-01-01"
    assert list(s.scenarios) == ["whole", "wire_only"]
    assert [e.variable for e in s.scenarios["wire_only"].preset] == ["apparatus", "alliance"]
    assert s.historical_ending().id == "won"  # type: ignore[union-attr]
    assert list(s.scenes) == ["office", "rival_scene", "wire", "win", "lose"]
    assert dict(s.scene_chapter) == {"office": "one", "rival_scene": "one", "wire": "two"}
    assert [(sc.id, pc, d.id) for sc, pc, d in s.decisions()] == [
        ("office", 4, "first_choice"), ("office", 5, "board"), ("wire", 5, "wire_choice"), ("wire", 6, "the_vote")]
    # 'if' compiles to a conditional jump over 'then' and a jump over 'else'
    wire = s.scenes["wire"].code
    assert [type(i).__name__ for i in wire] == ["ChapterCard", "JumpUnless", "Line", "Jump", "Line", "Choice", "Vote"]
    assert wire[1].target == 4 and wire[3].target == 5  # type: ignore[union-attr]
    assert s.scenes["office"].loc == M.Loc("scenes.yaml", 23, 5)
    assert s.records["the_wire"].disputed is not None and len(s.records["the_wire"].disputed.readings) == 2


def test_glossary_terms_are_found_in_text(sample_story: M.Story) -> None:
    line = sample_story.scenes["office"].code[1]
    assert isinstance(line, M.Line) and line.text.terms == ("politburo",)


def test_text_slots_and_literal_braces() -> None:
    parts, slots = M.split_text("A {x} and {{y}} and { z }.")
    assert parts == ("A ", ("x",), " and {y} and ", ("z",), ".")
    assert slots == [("x", 2), ("z", 20)]
    assert M.Text("A {x}.", (("A ", ("x",), "."))).render({"x": True}) == "A yes."


def test_content_hash_changes_with_any_byte(sample_dir: Path, tmp_path: Path, sample_story: M.Story) -> None:
    copy = tmp_path / "s"
    shutil.copytree(sample_dir, copy)
    assert load_story(copy).story.content_hash == sample_story.content_hash  # type: ignore[union-attr]
    (copy / "scenes.yaml").write_text((copy / "scenes.yaml").read_text(encoding="utf-8") + "# a comment\n",
                                      encoding="utf-8")
    assert load_story(copy).story.content_hash != sample_story.content_hash  # type: ignore[union-attr]


def test_hidden_files_bom_and_empty_files(sample_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "s"
    shutil.copytree(sample_dir, copy)
    (copy / ".draft.yaml").write_text("this: [is not: valid", encoding="utf-8")  # editors' hidden files
    (copy / "empty.yaml").write_text("# nothing yet\n", encoding="utf-8")  # a writer's scratch file
    (copy / "story.yaml").write_bytes(b"\xef\xbb\xbf" + (copy / "story.yaml").read_bytes())  # saved with a BOM
    result = load_story(copy)
    assert result.story is not None and result.diagnostics == []


def test_not_a_folder(tmp_path: Path) -> None:
    result = load_story(tmp_path / "nope")
    assert result.story is None
    assert [d.code for d in result.diagnostics] == ["AL050"]


def test_check_json_output(sample_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from game import cli

    assert cli.main(["check", str(sample_dir), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {"root": str(sample_dir), "errors": 0, "warnings": 0, "diagnostics": []}
    assert cli.main(["check", str(sample_dir), "--strict"]) == 0
    assert capsys.readouterr().out == f"no problems found in {sample_dir}: 5 scenes, 4 decisions\n"


def test_value_limit_counts_each_value_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nested values used to be counted again at every level: a dense file without one alias
    could be refused as an 'alias bomb'."""
    from game.story import yamlsafe

    monkeypatch.setattr(yamlsafe, "MAX_VALUES", 1000)
    text = "scenes:\n" + "".join(f"  - {{id: s{i}, beats: [{{narrate: a}}, {{goto: s{i}}}]}}\n" for i in range(60))
    assert len(load_text(text)["scenes"]) == 60  # 60 × 10 values + 3: under the limit, however deep
    with pytest.raises(YamlError, match="expands to too many values"):
        load_text("a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: [" + ", ".join(["*a"] * 100) + "]\n")


def test_glossary_trie_matches_like_a_longest_first_alternation() -> None:
    """The trie regex that tags glossary terms finds exactly what 'a|b' sorted longest first finds."""
    import random
    import re

    from game.story.loader import _trie_pattern

    rng = random.Random(0)
    alphabet = "ab c.'-"
    for _ in range(800):
        names = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5))).lower() for _ in range(6)}
        names = {n for n in names if n.strip()}
        text = "".join(rng.choice(alphabet + "AB") for _ in range(rng.randint(0, 30)))
        plain = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        expected = [m.group(1) for m in re.finditer(rf"(?<!\w)({plain})(?!\w)", text, re.IGNORECASE)]
        found = [m.group(1) for m in re.finditer(rf"(?<!\w)({_trie_pattern(names)})(?!\w)", text, re.IGNORECASE)]
        assert found == expected, (names, text)
