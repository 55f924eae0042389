"""Property tests: random expressions, YAML-ish text and stories never crash the loader or
the checker with anything but a clean diagnostic; save→load is the identity on random states."""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from engine_helpers import act, roundtrip, snapshot
from game.engine.playthrough import Playthrough, StoryRuntimeError
from game.story import expr as E
from game.story.diagnostics import CODES
from game.story.loader import load_story
from game.story.yamlsafe import Map, Seq, YamlError, load_text
from game.story import open_story

TESTS = Path(__file__).resolve().parent
SAMPLE = TESTS / "stories" / "sample"
LOOP = TESTS / "stories" / "loop"

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TYPES = {"a": E.INT, "b": E.INT, "yes": E.BOOL, "side": E.VarType("enum", ("left", "right"))}


# --- expressions ---------------------------------------------------------------------------

EXPR_PIECES = st.sampled_from([
    "a", "b", "yes", "side", "ghost", "1", "0", "42", "true", "false", '"left"', "'right'", '"up"',
    "+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "and", "or", "not", "(", ")", " ",
    "=", "[", "]", ".", ",", ":", "lambda", "__import__", "os", "'", '"', "\n", "\t", "{", "}", "%", "é",
    "9999999999", "a.b", "True", "None", "if", "in", "is",
])


@FAST
@given(st.lists(EXPR_PIECES, max_size=30).map(" ".join) | st.text(max_size=60))
def test_any_text_is_an_expression_or_a_located_error(src: str) -> None:
    try:
        ex = E.build(src, TYPES)
    except E.ExprError as exc:
        assert exc.message and 1 <= exc.column <= len(src) + 1
    else:
        value = ex({"a": 3, "b": 0, "yes": True, "side": "left"})
        assert isinstance(value, (int, bool, str))


def _typed_expr(kind: str, depth: int = 0) -> st.SearchStrategy[str]:
    """Well-typed expressions of one kind, built from the grammar."""
    if kind == "int":
        leaves = st.sampled_from(["a", "b", "0", "1", "7", "100"])
        if depth > 3:
            return leaves
        sub = _typed_expr("int", depth + 1)
        return leaves | st.builds(lambda x, op, y: f"({x} {op} {y})", sub, st.sampled_from("+-*/"), sub) \
            | sub.map(lambda x: f"-{x}")
    leaves = st.sampled_from(["yes", "true", "false", 'side == "left"', "side != 'right'"])
    if depth > 3:
        return leaves
    ints, bools = _typed_expr("int", depth + 1), _typed_expr("bool", depth + 1)
    return leaves | st.builds(lambda x, op, y: f"({x} {op} {y})", ints, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), ints) \
        | st.builds(lambda x, op, y: f"({x} {op} {y})", bools, st.sampled_from(["and", "or", "==", "!="]), bools) \
        | bools.map(lambda x: f"not {x}")


@FAST
@given(st.sampled_from(["int", "bool"]).flatmap(lambda k: st.tuples(st.just(k), _typed_expr(k))),
       st.integers(-1000, 1000), st.integers(-5, 5), st.booleans(), st.sampled_from(["left", "right"]))
def test_well_typed_expressions_check_and_evaluate(kind_src: tuple[str, str], a: int, b: int, yes: bool,
                                                   side: str) -> None:
    kind, src = kind_src
    try:
        ex = E.build(src, TYPES)
    except E.ExprError as exc:
        assume("nests deeper" in exc.message or "longer than" in exc.message)  # size limits only
        return
    assert ex.type.kind == kind
    value = ex({"a": a, "b": b, "yes": yes, "side": side})  # b may be 0: division gives 0, never raises
    assert type(value) is (int if kind == "int" else bool)


# --- YAML-ish text --------------------------------------------------------------------------

YAML_PIECES = st.sampled_from([
    "a", "id", "scenes", "beats", ":", ": ", "- ", "-", "\n", "\n  ", "\n    ", "  ", "\t", "[", "]", "{", "}", ",",
    "&x ", "*x", "&y ", "*y", "!!python/object:os.system ", "!!str ", "!!int ", "!!bool ", "!!binary ", "!foo ",
    "<<: ", "? ", "|", ">", "#", "'", '"', "\\", "%YAML 1.1\n", "---\n", "...\n", "1924-02-30", "1e9999", "0x",
    "yes", "~", "null", ".inf", "é", "\u2028", "\ufeff", "\x00", "\x85",
])


@FAST
@given(st.lists(YAML_PIECES, max_size=40).map("".join) | st.text(max_size=80))
def test_any_text_loads_or_gives_a_located_yaml_error(text: str) -> None:
    try:
        data = load_text(text)
    except YamlError as exc:
        assert exc.message and exc.pos.line >= 1 and exc.pos.col >= 1 and exc.code in CODES
    else:
        _assert_plain(data)


def _assert_plain(value: object) -> None:
    """Only plain data comes out: no Python objects, whatever tags were written."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Map):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, Seq):
            stack.extend(item)
        else:
            assert item is None or isinstance(item, (str, int, float, bool)), type(item)


# --- random stories -------------------------------------------------------------------------


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        move = rng.randrange(7)
        if move == 0:
            del lines[i]
        elif move == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif move == 2:
            lines[i] = lines[i].replace("  ", " ", 1)
        elif move == 3 and lines[i]:
            j = rng.randrange(len(lines[i]))
            lines[i] = lines[i][:j] + rng.choice(["{", "}", ":", "-", "'", "*", "&a", "!!", "\t", "#", "x"]) + lines[i][j:]
        elif move == 4:
            lines[i] = lines[i].replace(rng.choice(["apparatus", "trust", "wire", "office", "boss", "one", "won"]),
                                        rng.choice(["ghost", "apparatus", "trust", "wire", "two", "lost", "rival"]))
        elif move == 5:
            lines[i] = lines[i].replace(rng.choice(["+1", "true", "2", "3", "10"]),
                                        rng.choice(["-99", "false", "x", "\"= 1 +\"", "999", "[]", "{}"]))
        else:
            lines.insert(i, rng.choice(["      - narrate: {ghost}", "      - goto: nowhere", "      - ending: won",
                                        "    next: office", "      - set: {apparatus: 20}", "  - id: office",
                                        "      - if: apparatus", "        then: []"]))
    return "\n".join(lines)


def _check_never_crashes(root: Path) -> None:
    result = open_story(root, assets=root / "assets")
    for d in result.diagnostics:
        assert d.code in CODES and d.line >= 1 and d.col >= 1 and d.message, d
        assert d.severity == CODES[d.code][0]
    if result.story is not None:
        # A story that passes the checker must also play: only StoryRuntimeError may stop it.
        for scenario in result.story.scenarios:
            rng = random.Random(0)
            try:
                pt = Playthrough.start(result.story, scenario)
                for _ in range(60):
                    if pt.current.kind == "ending":
                        break
                    act(pt, rng)
            except StoryRuntimeError:
                pass


@SLOW
@given(st.randoms(use_true_random=False), st.sampled_from(["story.yaml", "scenes.yaml"]))
def test_mutated_sample_stories_get_diagnostics_never_a_crash(rng: random.Random, target: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "story"
        root.mkdir()
        for f in SAMPLE.iterdir():
            text = f.read_text(encoding="utf-8")
            (root / f.name).write_text(_mutate(text, rng) if f.name == target else text, encoding="utf-8")
        _check_never_crashes(root)


VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 20), st.sampled_from(
    ["", "x", "apparatus", "ghost", "+1", "-3", "= apparatus + 1", "apparatus > 1", "left", "wire", "office",
     "1924-01-21", "1924-02-30", "{apparatus}", "{ghost}", "won", "boss", "nobody", "one", "two"]))
KEYS = st.sampled_from(["narrate", "say", "text", "document", "choice", "id", "prompt", "options", "if", "then",
                        "else", "set", "next", "goto", "chapter", "date", "place", "vote", "body", "motion", "seats",
                        "for", "abstain", "passed", "failed", "appointments", "posts", "title", "candidates",
                        "person", "historical", "history", "ending", "apparatus", "trust", "alliance", "bogus"])
TREES = st.recursive(VALUES, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
                     max_leaves=25)


@SLOW
@given(st.lists(TREES, min_size=1, max_size=4))
def test_random_beats_get_diagnostics_never_a_crash(beats: list[object]) -> None:
    """Random structures in place of the sample's first scene's beats."""
    scenes = yaml.safe_load((SAMPLE / "scenes.yaml").read_text(encoding="utf-8"))
    scenes["scenes"][0]["beats"] = scenes["scenes"][0]["beats"][:4] + beats + scenes["scenes"][0]["beats"][4:]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "story"
        root.mkdir()
        (root / "story.yaml").write_text((SAMPLE / "story.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        (root / "scenes.yaml").write_text(yaml.safe_dump(scenes, allow_unicode=True), encoding="utf-8")
        _check_never_crashes(root)


# --- saves -----------------------------------------------------------------------------------


def _loaded(path: Path):  # type: ignore[no-untyped-def]
    result = load_story(path)
    assert result.story is not None
    return result.story


SAMPLE_STORY = _loaded(SAMPLE)
LOOP_STORY = _loaded(LOOP)


@FAST
@given(st.sampled_from(["sample", "loop"]), st.integers(0, 2**32 - 1), st.integers(0, 60), st.integers(0, 30))
def test_save_then_load_is_the_identity_and_both_go_on_alike(name: str, seed: int, steps: int, after: int) -> None:
    story = SAMPLE_STORY if name == "sample" else LOOP_STORY
    scenario = random.Random(seed).choice(list(story.scenarios))
    pt = Playthrough.start(story, scenario, seed=seed)
    rng = random.Random(seed)
    for _ in range(steps):
        if pt.current.kind == "ending":
            break
        act(pt, rng)
    data = json.loads(json.dumps(pt.to_json()))
    loaded, notice = Playthrough.restore(story, data)
    assert notice == ""
    assert snapshot(loaded) == snapshot(pt)
    assert loaded.undo_depth == pt.undo_depth
    # Saving the loaded game again gives the same save (apart from the time it was made).
    again = loaded.to_json()
    assert {**again, "saved_at": None} == {**data, "saved_at": None}
    # And both continue identically, undo included.
    rng_a, rng_b = random.Random(seed + 1), random.Random(seed + 1)
    for i in range(after):
        if pt.current.kind == "ending":
            break
        if i % 7 == 6:
            assert pt.undo() == loaded.undo()
        else:
            act(pt, rng_a)
            act(loaded, rng_b)
        assert snapshot(loaded) == snapshot(pt)
    assert snapshot(roundtrip(loaded)) == snapshot(pt)
