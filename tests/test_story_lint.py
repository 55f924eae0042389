"""Lint checks on the built story: the range analysis behind AL055 never cries wolf.

The corpus (tests/checker_corpus/condition_never_holds, scene_dates) pins the messages;
here random conditions are checked against brute force over every value in the ranges:
whenever the checker says a condition can never hold, no assignment makes it true, and a
condition that is obviously impossible is found.
"""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from game.story import expr as E
from game.story.lint import _Ranges, _truth

SIDES = ("left", "right", "centre")
TYPES = {"a": E.INT, "b": E.INT, "flag": E.BOOL, "side": E.VarType("enum", SIDES)}
RANGES = {"a": (0, 3), "b": (-2, 2)}
ENV = _Ranges(dict(RANGES), {"flag": frozenset((True, False)), "side": frozenset(SIDES)})


def _int_expr() -> st.SearchStrategy[str]:
    leaf = st.one_of(st.sampled_from(["a", "b"]), st.integers(-4, 6).map(str))
    return st.recursive(leaf, lambda inner: st.tuples(inner, st.sampled_from(["+", "-", "*"]), inner)
                        .map(lambda t: f"({t[0]} {t[1]} {t[2]})"), max_leaves=4)


def _condition() -> st.SearchStrategy[str]:
    comparison = st.tuples(_int_expr(), st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), _int_expr()) \
        .map(lambda t: f"{t[0]} {t[1]} {t[2]}")
    side = st.tuples(st.sampled_from(["==", "!="]), st.sampled_from(SIDES), st.booleans()) \
        .map(lambda t: f'side {t[0]} "{t[1]}"' if t[2] else f'"{t[1]}" {t[0]} side')
    flag = st.sampled_from(["flag", "not flag", "flag == true", "false != flag"])
    leaf = st.one_of(comparison, flag, side)
    return st.recursive(leaf, lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda c: f"not ({c})")), max_leaves=4)


def _holds_somewhere(src: str) -> bool:
    ex = E.build(src, TYPES)
    for a, b, flag, side in itertools.product(range(0, 4), range(-2, 3), (True, False), SIDES):
        if ex({"a": a, "b": b, "flag": flag, "side": side}):
            return True
    return False


@settings(max_examples=400, deadline=None)
@given(_condition())
def test_never_says_impossible_when_some_value_satisfies(src: str) -> None:
    ex = E.build(src, TYPES)
    if True not in _truth(ex.tree, ENV):
        assert not _holds_somewhere(src), src


def test_finds_what_is_plainly_impossible() -> None:
    for src in ("a > 3", "a < 0", "b >= 3", "a > 1 and a < 1", "a * 2 > 6", "a + b > 5", "not (a <= 3)",
                "a == 4", "(a > 3 or b > 2) and flag", "flag and not flag", "not flag and flag == true",
                'side == "left" and side == "right"', 'side != "left" and "left" == side',
                'side != "left" and side != "right" and side != "centre"', "a > 2 and flag and a < 3"):
        assert not _holds_somewhere(src), src  # the examples really are impossible
        assert True not in _truth(E.build(src, TYPES).tree, ENV), src
    for src in ("a >= 3", "a > 2 or b > 5", "a == b", "flag", "a + b == 5", "a - b > 4", "flag or not flag",
                'side != "left" and side == "right"', 'not (side == "left") and flag',
                'side != "left" and side != "right"'):
        assert True in _truth(E.build(src, TYPES).tree, ENV), src
