"""The editor schemas: shipped, current, and in agreement with the loader's own validation.

Editors (VS Code with the YAML extension) validate story files against
schemas/story.schema.json and schemas/content.schema.json. Both are generated from
game/story/schema.py, the declarations the loader validates with. These tests hold
the shipped files to the generated text, and hold the JSON Schema to the loader's
verdict on every story file we have: the shipped campaign, the test stories and the
checker's broken corpus — whatever the loader's structural validation rejects, the
editor rejects too, and nothing else.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from game.cli import main
from game.story import schema as S
from game.story.yamlsafe import YamlError, load_text
from game.tools import schemas

PROJECT = Path(__file__).resolve().parent.parent
SHIPPED = PROJECT / "schemas"
CORPUS = PROJECT / "tests" / "checker_corpus"


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    data = json.loads((SHIPPED / schemas.FILES[kind]).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(data)
    return jsonschema.Draft202012Validator(data)


VALIDATORS = {kind: _validator(kind) for kind in schemas.FILES}
#: Without a story's names: any well-formed id (the test stories and the corpus have their own).
GENERIC = {kind: jsonschema.Draft202012Validator(S.json_schema(kind)) for kind in schemas.FILES}


def _kind(rel: str) -> str:
    return "manifest" if rel == "story.yaml" else "content"


def _as_json(data: Any) -> Any:
    """What an editor sees: JSON data (mapping keys are always strings there)."""
    return json.loads(json.dumps(data))


def _story_files(root: Path) -> list[tuple[str, Any]]:
    """(path relative to the story folder, parsed data) for every parseable, non-empty file."""
    out = []
    for path in sorted(root.rglob("*.yaml")):
        try:
            data = load_text(path.read_text(encoding="utf-8"))
        except (YamlError, UnicodeDecodeError):
            continue  # not YAML we accept: the loader's AL001-AL004, not a structural matter
        if data is not None:
            out.append((path.relative_to(root).as_posix(), data))
    return out


def _verdicts(root: Path) -> list[tuple[str, list[str], list[str]]]:
    """(file, loader's structural codes, JSON Schema messages) for each file of a story.

    The shipped story is checked against the shipped schemas (which carry its names as
    enums); any other story against the generic schema.
    """
    validators = VALIDATORS if root == PROJECT / "scenes" else GENERIC
    out = []
    for rel, data in _story_files(root):
        kind = _kind(rel)
        loader = S.validate(data, S.MANIFEST if kind == "manifest" else S.CONTENT, rel)
        editor = [e.message for e in validators[kind].iter_errors(_as_json(data))]
        out.append((rel, [d.code for d in loader], editor))
    return out


# --- shipped files are current ------------------------------------------------------------


def test_shipped_schemas_equal_the_generated_ones() -> None:
    stale = schemas.stale(SHIPPED)
    assert not stale, f"{[p.name for p in stale]} differ from game/story/schema.py: run `after-lenin schema --write`"


def test_schema_write_regenerates_the_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "schemas"
    assert main(["schema", "--write", str(folder)]) == 0
    assert "updated" in capsys.readouterr().out
    for kind, name in schemas.FILES.items():
        assert json.loads((folder / name).read_text(encoding="utf-8")) == S.json_schema(kind,
                                                                                  *schemas.shipped_names())
    (folder / "content.schema.json").write_text("{}", encoding="utf-8")
    assert main(["schema", "--write", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "content.schema.json" in out and "story.schema.json" not in out
    assert schemas.stale(folder) == []
    assert main(["schema", "--write", str(folder)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_schema_without_kind_or_write_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 2
    assert "manifest or content" in capsys.readouterr().err


# --- accepts every story file we ship -----------------------------------------------------


@pytest.mark.parametrize("root", [PROJECT / "scenes", *sorted((PROJECT / "tests" / "stories").iterdir())],
                         ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_schema_accepts_every_shipped_story_file(root: Path) -> None:
    verdicts = _verdicts(root)
    assert verdicts, f"no story files in {root}"
    for rel, loader_codes, editor in verdicts:
        # A writer may be mid-edit in scenes/: the editor must then agree with the loader.
        assert bool(editor) == bool(loader_codes), (rel, loader_codes, editor[:3])
        if root.name != "scenes":
            assert editor == [], (rel, editor[:3])


# --- rejects the checker corpus's structural mistakes ---------------------------------------


def _corpus_cases() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if (p / "expected").is_file()) if CORPUS.is_dir() else []


def test_schema_agrees_with_the_loader_on_the_checker_corpus() -> None:
    rejected: set[str] = set()
    for case in _corpus_cases():
        for rel, loader_codes, editor in _verdicts(case):
            assert bool(editor) == bool(loader_codes), (case.name, rel, loader_codes, editor[:3])
            if editor:
                rejected.add(case.name)
    # the corpus's structural cases, each rejected by the editor schema
    for name in ("unknown_key_did_you_mean", "unknown_key_no_guess", "wrong_types", "missing_fields",
                 "unknown_beat_kind", "two_beat_kinds", "bad_ids_and_empty_text", "manifest_not_a_mapping"):
        if (CORPUS / name).is_dir():
            assert name in rejected, name
    assert len(rejected) >= 5, sorted(rejected)


def test_structural_corpus_codes_are_the_schema_codes() -> None:
    """Every corpus case whose expected output is only AL010-AL012 is one the editor rejects."""
    for case in _corpus_cases():
        codes = {line.rsplit("[", 1)[-1].rstrip("]") for line in (case / "expected").read_text().splitlines()
                 if line.strip()}
        if codes and codes <= {"AL010", "AL011", "AL012"}:
            assert any(editor for _rel, _codes, editor in _verdicts(case)), case.name


# --- our own small structural cases (and the edges where the two could drift) ---------------

SCENE = "scenes:\n  - id: a\n    beats:\n"
EDGE_CASES = {
    "unknown key": ("content", "scenes:\n  - id: a\n    titel: A\n    beats:\n      - narrate: Hi.\n", True),
    "beat of two kinds": ("content", SCENE + "      - {narrate: Hi., goto: a}\n", True),
    "misspelt beat": ("content", SCENE + "      - narate: Hi.\n", True),
    "number for text": ("content", SCENE + "      - narrate: 12\n", True),
    "decimal effect": ("content", SCENE + "      - set: {power: 1.5}\n", True),
    "true for a number": ("content", SCENE + "      - vote: {id: v, body: b, motion: m, seats: true, for: 1}\n",
                          True),
    "empty beats": ("content", "scenes:\n  - id: a\n    beats:\n", True),
    "no options": ("content", SCENE + "      - choice: {id: c, options: []}\n", True),
    "empty then": ("content", SCENE + "      - if: x\n        then:\n", True),
    "nested beat of two kinds": ("content", SCENE + "      - {if: x, then: [{narrate: a, say: b}]}\n", True),
    "id with capitals": ("content", "scenes:\n  - id: Start\n    beats:\n      - narrate: Hi.\n", True),
    "blank text": ("content", "scenes:\n  - id: a\n    title: '   '\n    beats:\n      - narrate: Hi.\n", True),
    "numeric id key": ("content", "characters:\n  12: {name: X}\n", True),
    "record with no sources": ("content", "records:\n  r: {date: 1924-01-21, title: T, what: W, sources: []}\n",
                               True),
    "bad date": ("content", "records:\n  r: {date: yesterday, title: T, what: W, sources: [S]}\n", True),
    "optional key left empty": ("content", "scenes:\n  - id: a\n    title:\n    beats:\n      - narrate: Hi.\n",
                                False),
    "if/then/else": ("content", SCENE + "      - {if: x, then: [{narrate: a}], else: [{goto: b}]}\n", False),
    "empty scene list": ("content", "scenes: []\n", False),
    "manifest missing sections": ("manifest", "id: x\ntitle: X\nversion: 1\n", True),
    "manifest version zero": ("manifest", "id: x\ntitle: X\nversion: 0\nvariables: {}\nroles: {}\nchapters: []\n"
                              "scenarios: []\nendings: {}\n", True),
    "manifest unknown variable type": ("manifest", "id: x\ntitle: X\nversion: 1\nvariables:\n  p: {type: float,"
                                       " initial: 1}\n", True),
}


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_schema_and_loader_agree_on_small_cases(name: str) -> None:
    kind, text, broken = EDGE_CASES[name]
    data = load_text(text)
    loader = S.validate(data, S.MANIFEST if kind == "manifest" else S.CONTENT, "x.yaml")
    editor = list(GENERIC[kind].iter_errors(_as_json(data)))
    assert bool(loader) == broken, [d.format() for d in loader]
    assert bool(editor) == broken, [e.message for e in editor]


def test_the_guide_shows_the_editor_header() -> None:
    guide = (PROJECT / "scenes" / "README.md").read_text(encoding="utf-8")
    assert "# yaml-language-server: $schema=../../schemas/content.schema.json" in guide
    assert "# yaml-language-server: $schema=../schemas/story.schema.json" in guide


def test_a_file_with_the_header_still_loads(tmp_path: Path) -> None:
    """The header is a YAML comment: the loader ignores it."""
    story = tmp_path / "story"
    shutil.copytree(PROJECT / "tests" / "stories" / "sample", story)
    scenes = story / "scenes.yaml"
    scenes.write_text("# yaml-language-server: $schema=../../schemas/content.schema.json\n"
                      + scenes.read_text(encoding="utf-8"), encoding="utf-8")
    from game.story.loader import load_story

    result = load_story(story)
    assert result.story is not None, [d.format() for d in result.diagnostics]


# --- what an editor shows: titles, descriptions, messages, the story's own names -----------


def _objects(node: Any) -> Any:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


@pytest.mark.parametrize("kind", sorted(schemas.FILES))
def test_every_property_has_a_description_and_every_object_a_title(kind: str) -> None:
    shipped = json.loads((SHIPPED / schemas.FILES[kind]).read_text(encoding="utf-8"))
    for obj in _objects(shipped):
        for name, prop in obj.get("properties", {}).items():
            assert isinstance(prop, dict) and prop.get("description"), (name, prop)
    effects = shipped["$defs"]["effects"]
    for obj in _objects(shipped):
        if obj.get("type") == "object" and "properties" in obj and obj is not effects:
            assert obj.get("title"), list(obj["properties"])  # completion names it, e.g. "scene"


def test_each_beat_kind_has_its_own_title() -> None:
    shipped = json.loads((SHIPPED / "content.schema.json").read_text(encoding="utf-8"))
    titles = [b["title"] for b in shipped["$defs"]["beat"]["oneOf"]]
    assert titles == [f"{kind} beat" for kind in S.BEAT.kinds]  # "narrate beat", … as completion lists them


def test_patterns_have_friendly_messages() -> None:
    shipped = json.loads((SHIPPED / "content.schema.json").read_text(encoding="utf-8"))
    for obj in _objects(shipped):
        if "pattern" in obj:
            assert obj.get("patternErrorMessage"), obj
    date = shipped["properties"]["records"]["anyOf"][0]["patternProperties"]["^[a-z][a-z0-9_]*$"]["properties"]["date"]
    assert date["patternErrorMessage"] == ("expected a date like 1924-01-21 (or 1924-01, 1924, or a range"
                                           " 1924-01-21/1924-01-27)")


def test_references_are_enums_of_the_shipped_story() -> None:
    from game.story.loader import load_story

    story = load_story(PROJECT / "scenes").story
    if story is None:
        pytest.skip("the shipped story is mid-edit and does not load")  # the stale test says what to run
    shipped = json.loads((SHIPPED / "content.schema.json").read_text(encoding="utf-8"))
    beats = {b["title"]: b for b in shipped["$defs"]["beat"]["oneOf"]}
    assert beats["goto beat"]["properties"]["goto"]["enum"] == sorted(story.scenes)
    assert beats["say beat"]["properties"]["say"]["enum"] == sorted(story.characters)
    assert beats["chapter beat"]["properties"]["chapter"]["enum"] == [c.id for c in story.chapters]
    effects = shipped["$defs"]["effects"]["properties"]
    assert list(effects) == list(story.variables)
    assert effects["apparatus"]["description"] == story.variables["apparatus"].label
    scene = shipped["properties"]["scenes"]["anyOf"][0]["items"]["properties"]
    backgrounds = sorted(p.stem for p in (PROJECT / "assets" / "backgrounds").glob("*.svg"))
    assert scene["background"]["anyOf"][0]["enum"] == backgrounds
    # a typo in a scene id: the loader says AL021, the editor says so too
    data = {"scenes": [{"id": "x", "beats": [{"goto": "ch4_embalmin"}]}]}
    assert list(VALIDATORS["content"].iter_errors(data))
    assert not list(GENERIC["content"].iter_errors(data))
