"""The expression language: what it computes, what it refuses, and where it points."""

from __future__ import annotations

import pytest

from game.story import expr as E

TYPES = {
    "a": E.INT, "b": E.INT, "zero": E.INT, "yes": E.BOOL, "no": E.BOOL,
    "line": E.VarType("enum", ("left", "centre", "right")),
    "trust.trotsky": E.INT,
}
ENV = {"a": 7, "b": 2, "zero": 0, "yes": True, "no": False, "line": "right", "trust.trotsky": 3}


@pytest.mark.parametrize("src, value", [
    ("1 + 2 * 3", 7),
    ("(1 + 2) * 3", 9),
    ("a - b - 1", 4),  # left to right
    ("a / b", 3),  # whole-number division
    ("-a / b", -4),  # rounding down, as documented
    ("a / zero", 0),  # dividing by zero gives 0
    ("-(a)", -7),
    ("- - a", 7),
    ("trust.trotsky + 1", 4),
    ("a > b and b > 1", True),
    ("a < b or yes", True),
    ("not yes or no", False),  # not binds tighter than or
    ("not (yes and no)", True),
    ("yes and not no", True),
    ("a >= 7 and a <= 7", True),
    ("a == 7 == yes", None),  # chained: refused (see below)
    ("line == \"right\"", True),
    ("line != 'left'", True),
    ("\"left\" == line", False),
    ("yes == no", False),
    ("true", True),
    ("false or a == 7", True),
    ("999999999 + 1", 1_000_000_000),
])
def test_values(src: str, value: object) -> None:
    if value is None:
        with pytest.raises(E.ExprError, match="comparisons cannot be chained"):
            E.build(src, TYPES)
        return
    ex = E.build(src, TYPES)
    assert ex(ENV) == value
    assert type(ex(ENV)) is type(value)


@pytest.mark.parametrize("src, message, column", [
    ("a +", "the expression ends too early", 4),
    ("", "the expression is empty", 1),
    ("   ", "the expression is empty", 1),
    ("a b", "'b' follows a value with no operator between them", 3),
    ("a = 1", "unexpected '=': use '==' to compare (a single '=' is not allowed here)", 3),
    ("(a", "a '(' is never closed", 1),
    ("a)", "unexpected ')' after a complete expression", 2),
    ("a && b", "unexpected '&': use 'and'", 3),
    ("a % 2", "unexpected '%': there is no '%'; use '/' for whole-number division", 3),
    ("x[0]", "unexpected '[': subscripts are not part of the language", 2),
    ("f(1)", "'f(' looks like a function call; expressions have no calls", 2),
    ("__import__('os')", "'__import__(' looks like a function call; expressions have no calls", 11),
    ("a.__class__", "unknown variable 'a.__class__'; declare it in story.yaml", 1),  # only ever a name
    ("lambda: 1", "unexpected ':': there are no lambdas, slices or dictionaries", 7),
    ("True", "'True': write 'true'", 1),
    ("None", "'None': there is no None", 1),
    ("a if yes else b", "'if': there is no inline if", 3),
    ("a in b", "'in': there is no 'in'", 3),
    ("yes is no", "'is': use '=='", 5),
    ("1234567890", "numbers in stories stay below one billion", 1),
    ("and a", "'and' needs a value before it", 1),
    ("1.5", "unexpected '.': there is no attribute access", 2),
    ("'unterminated", "unexpected ''': it is not part of the expression language", 1),
])
def test_syntax_errors_name_the_column(src: str, message: str, column: int) -> None:
    with pytest.raises(E.ExprError) as info:
        E.build(src, TYPES)
    assert (info.value.message, info.value.column) == (message, column)


@pytest.mark.parametrize("src, message", [
    ("a and yes", "'and' needs true or false, not a whole number"),
    ("yes + 1", "'+' needs a whole number, not true or false"),
    ("not a", "'not' needs true or false, not a whole number"),
    ("-yes", "'-' needs a whole number, not true or false"),
    ("a == yes", "cannot compare a whole number with true or false"),
    ("line == 1", "cannot compare one of \"left\", \"centre\", \"right\" with a whole number"),
    ("line == \"middle\"", "\"middle\" is not one of the values (left, centre, right)"),
    ("\"x\" == \"x\"", "a quoted value can only be compared with an enum variable"),
    ("line < \"right\"", "'<' needs a whole number, not one of \"left\", \"centre\", \"right\""),
    ("ghost > 1", "unknown variable 'ghost'; declare it in story.yaml"),
    ("trust.trotski > 1", "unknown variable 'trust.trotski' — did you mean 'trust.trotsky'?"),
])
def test_type_errors(src: str, message: str) -> None:
    with pytest.raises(E.ExprError) as info:
        E.build(src, TYPES)
    assert info.value.message == message


def test_hostile_sizes_are_refused_quickly() -> None:
    for src in ("(" * 10_000, "a + " * 300_000 + "1", "-" * 5_000 + "1", "not " * 5_000 + "yes"):
        with pytest.raises(E.ExprError):
            E.build(src, TYPES)
    deep = "(" * 41 + "a" + ")" * 41
    with pytest.raises(E.ExprError, match="nests deeper than 40 levels"):
        E.build(deep, TYPES)
    assert E.build("(" * 30 + "a" + ")" * 30, TYPES)(ENV) == 7


def test_names_lists_every_variable_read() -> None:
    assert E.parse("a + b > 1 and not yes or line == 'left'").names() == {"a", "b", "yes", "line"}


def test_an_expression_never_reaches_python() -> None:
    """Names are only ever looked up in the variables given: nothing else is reachable."""
    ex = E.build("a + 1", {"a": E.INT})
    with pytest.raises(KeyError):
        ex({"__builtins__": 1})
