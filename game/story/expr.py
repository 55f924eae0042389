"""The story's expression language: small, typed, and safe by construction.

Writers use it in ``if:`` conditions and in effects (``"+ fear / 2"``). It has
declared variable names, whole numbers, ``true``/``false``, quoted enum values,
``+ - * /``, comparisons, ``and or not`` and parentheses — nothing else. An
expression is parsed once at load time into a tree, type-checked against the
declared variables, and compiled into nested closures; Python's ``eval`` is never
involved, so no expression can reach attributes, calls or the file system.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

MAX_LENGTH = 1000
MAX_DEPTH = 40

Value = int | bool | str
Env = Mapping[str, Value]
Evaluator = Callable[[Env], Value]


class ExprError(Exception):
    """A problem in an expression; ``column`` is 1-based within the expression."""

    def __init__(self, message: str, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


@dataclass(frozen=True, slots=True)
class VarType:
    """The declared type of a variable: ``int``, ``bool`` or ``enum`` with its values."""

    kind: str
    values: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.kind == "enum":
            return "one of " + ", ".join(f'"{v}"' for v in self.values)
        return {"int": "a whole number", "bool": "true or false"}.get(self.kind, self.kind)


INT = VarType("int")
BOOL = VarType("bool")
STR = VarType("str")  # a quoted literal, only meaningful against an enum


# --- tokens ---------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>\d+)
  | (?P<string>"[^"\n]*"|'[^'\n]*')
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<op>==|!=|<=|>=|<|>|\+|-|\*|/|\(|\))
    """,
    re.VERBOSE,
)

_FORBIDDEN_HINTS = {
    "[": "subscripts are not part of the language",
    "]": "subscripts are not part of the language",
    "=": "use '==' to compare (a single '=' is not allowed here)",
    "&": "use 'and'",
    "|": "use 'or'",
    "!": "use 'not' or '!='",
    "%": "there is no '%'; use '/' for whole-number division",
    ",": "there are no function calls or lists",
    ":": "there are no lambdas, slices or dictionaries",
    "{": "there are no sets or dictionaries",
    "}": "there are no sets or dictionaries",
    "@": "there is no '@'",
    "`": "there is no '`'",
    "~": "there is no '~'",
    "^": "there is no '^'",
    ".": "there is no attribute access",
}

_KEYWORDS = {"and", "or", "not", "true", "false"}
_PYTHONISMS = {
    "True": "write 'true'",
    "False": "write 'false'",
    "None": "there is no None",
    "lambda": "there are no lambdas",
    "import": "there is no import",
    "if": "there is no inline if",
    "for": "there are no loops or comprehensions",
    "in": "there is no 'in'",
    "is": "use '=='",
    "&&": "use 'and'",
}


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str
    text: str
    col: int


def _tokenize(src: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i = 0
    n = len(src)
    while i < n:
        m = _TOKEN.match(src, i)
        if m is None:
            ch = src[i]
            hint = _FORBIDDEN_HINTS.get(ch, "it is not part of the expression language")
            raise ExprError(f"unexpected '{ch}': {hint}", i + 1)
        kind = m.lastgroup or ""
        if kind != "space":
            toks.append(_Tok(kind, m.group(), i + 1))
        i = m.end()
        # a '.' or '(' directly after a name is attribute access or a call: explain
        if kind == "name" and i < n and src[i] == "(":
            raise ExprError(
                f"'{m.group()}(' looks like a function call; expressions have no calls",
                i + 1,
            )
        if kind == "name" and i < n and src[i] == ".":
            raise ExprError("there is no attribute access", i + 1)
    toks.append(_Tok("end", "", n + 1))
    return toks


# --- tree ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Node:
    """One node of a parsed expression."""

    op: str  # 'num' 'bool' 'str' 'var' 'not' 'neg' or a binary operator
    col: int
    value: Value | None = None
    left: Node | None = None
    right: Node | None = None

    def names(self) -> set[str]:
        """Every variable name the expression reads."""
        out: set[str] = set()
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            if node.op == "var":
                out.add(str(node.value))
            if node.left is not None:
                stack.append(node.left)
            if node.right is not None:
                stack.append(node.right)
        return out


_BINARY = {
    "or": 1,
    "and": 2,
    "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4,
    "+": 5, "-": 5,
    "*": 6, "/": 6,
}


class _Parser:
    def __init__(self, src: str) -> None:
        self.toks = _tokenize(src)
        self.i = 0

    def peek(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node:
        node = self.expr(0, 0)
        tok = self.peek()
        if tok.kind != "end":
            raise ExprError(f"unexpected '{tok.text}' after a complete expression", tok.col)
        return node

    def expr(self, min_prec: int, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise ExprError(f"the expression nests deeper than {MAX_DEPTH} levels", self.peek().col)
        left = self.unary(depth)
        while True:
            tok = self.peek()
            op = tok.text if tok.kind in ("op", "name") else ""
            prec = _BINARY.get(op)
            if prec is None or prec <= min_prec:
                if tok.kind == "name" and tok.text in _PYTHONISMS:  # 'ally is true', 'x in y'
                    raise ExprError(f"'{tok.text}': {_PYTHONISMS[tok.text]}", tok.col)
                if tok.kind == "name" and tok.text not in _KEYWORDS:
                    raise ExprError(
                        f"'{tok.text}' follows a value with no operator between them", tok.col
                    )
                return left
            self.take()
            # comparisons do not chain: a < b < c is almost always a mistake
            right = self.expr(prec if prec != 4 else 4, depth + 1)
            if prec == 4 and self.peek().text in ("==", "!=", "<", "<=", ">", ">="):
                raise ExprError(
                    "comparisons cannot be chained; join them with 'and'", self.peek().col
                )
            left = Node(op, tok.col, left=left, right=right)

    def unary(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise ExprError(f"the expression nests deeper than {MAX_DEPTH} levels", self.peek().col)
        tok = self.take()
        if tok.kind == "number":
            if len(tok.text) > 9:
                raise ExprError("numbers in stories stay below one billion", tok.col)
            return Node("num", tok.col, int(tok.text))
        if tok.kind == "string":
            return Node("str", tok.col, tok.text[1:-1])
        if tok.kind == "name":
            if tok.text == "true":
                return Node("bool", tok.col, True)
            if tok.text == "false":
                return Node("bool", tok.col, False)
            if tok.text == "not":
                operand = self.expr(3, depth + 1)
                return Node("not", tok.col, left=operand)
            if tok.text in ("and", "or"):
                raise ExprError(f"'{tok.text}' needs a value before it", tok.col)
            if tok.text in _PYTHONISMS:
                raise ExprError(f"'{tok.text}': {_PYTHONISMS[tok.text]}", tok.col)
            return Node("var", tok.col, tok.text)
        if tok.text == "(":
            inner = self.expr(0, depth + 1)
            close = self.take()
            if close.text != ")":
                raise ExprError("a '(' is never closed", tok.col)
            return inner
        if tok.text == "-":
            operand = self.unary(depth + 1)
            return Node("neg", tok.col, left=operand)
        if tok.kind == "end":
            raise ExprError("the expression ends too early", tok.col)
        raise ExprError(f"unexpected '{tok.text}'", tok.col)


def parse(src: str) -> Node:
    """Parse an expression. Raises ExprError with a column."""
    if not isinstance(src, str):
        raise ExprError("an expression must be text")
    if len(src) > MAX_LENGTH:
        raise ExprError(f"the expression is longer than {MAX_LENGTH} characters")
    if not src.strip():
        raise ExprError("the expression is empty")
    return _Parser(src).parse()


# --- types ----------------------------------------------------------------------


def check(node: Node, types: Mapping[str, VarType]) -> VarType:
    """Return the expression's type, or raise ExprError naming the problem."""
    op = node.op
    if op == "num":
        return INT
    if op == "bool":
        return BOOL
    if op == "str":
        return STR
    if op == "var":
        name = str(node.value)
        if name not in types:
            hint = _closest(name, types)
            raise ExprError(
                f"unknown variable '{name}'"
                + (f" — did you mean '{hint}'?" if hint else "; declare it in story.yaml"),
                node.col,
            )
        return types[name]
    assert node.left is not None
    left = check(node.left, types)
    if op == "not":
        _expect(left, BOOL, "'not'", node.left)
        return BOOL
    if op == "neg":
        _expect(left, INT, "'-'", node.left)
        return INT
    assert node.right is not None
    right = check(node.right, types)
    if op in ("and", "or"):
        _expect(left, BOOL, f"'{op}'", node.left)
        _expect(right, BOOL, f"'{op}'", node.right)
        return BOOL
    if op in ("+", "-", "*", "/"):
        _expect(left, INT, f"'{op}'", node.left)
        _expect(right, INT, f"'{op}'", node.right)
        return INT
    if op in ("<", "<=", ">", ">="):
        _expect(left, INT, f"'{op}'", node.left)
        _expect(right, INT, f"'{op}'", node.right)
        return BOOL
    # == and !=
    if left.kind == "enum" or right.kind == "enum":
        enum, other, other_node = (left, right, node.right) if left.kind == "enum" else (right, left, node.left)
        if other.kind == "str":
            literal = str(other_node.value)
            if literal not in enum.values:
                raise ExprError(
                    f'"{literal}" is not one of the values ({", ".join(enum.values)})',
                    other_node.col,
                )
            return BOOL
        if other == enum:
            return BOOL
        raise ExprError(f"cannot compare {enum.describe()} with {other.describe()}", node.col)
    if left.kind == "str" or right.kind == "str":
        raise ExprError("a quoted value can only be compared with an enum variable", node.col)
    if left != right:
        raise ExprError(f"cannot compare {left.describe()} with {right.describe()}", node.col)
    return BOOL


def _expect(got: VarType, want: VarType, where: str, node: Node) -> None:
    if got.kind != want.kind:
        raise ExprError(f"{where} needs {want.describe()}, not {got.describe()}", node.col)


def _closest(name: str, candidates: Mapping[str, object]) -> str | None:
    import difflib

    found = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None


# --- evaluation -------------------------------------------------------------------


def compile_node(node: Node) -> Evaluator:
    """Turn a checked tree into a closure. Division by zero gives 0, by design."""
    op = node.op
    if op in ("num", "bool", "str"):
        constant = node.value
        return lambda env: constant  # type: ignore[return-value]
    if op == "var":
        name = str(node.value)
        return lambda env: env[name]
    assert node.left is not None
    a = compile_node(node.left)
    if op == "not":
        return lambda env: not a(env)
    if op == "neg":
        return lambda env: -a(env)  # type: ignore[operator]
    assert node.right is not None
    b = compile_node(node.right)
    table: dict[str, Evaluator] = {
        "and": lambda env: bool(a(env)) and bool(b(env)),
        "or": lambda env: bool(a(env)) or bool(b(env)),
        "+": lambda env: a(env) + b(env),  # type: ignore[operator]
        "-": lambda env: a(env) - b(env),  # type: ignore[operator]
        "*": lambda env: a(env) * b(env),  # type: ignore[operator]
        "/": lambda env: _div(a(env), b(env)),  # type: ignore[arg-type]
        "==": lambda env: a(env) == b(env),
        "!=": lambda env: a(env) != b(env),
        "<": lambda env: a(env) < b(env),  # type: ignore[operator]
        "<=": lambda env: a(env) <= b(env),  # type: ignore[operator]
        ">": lambda env: a(env) > b(env),  # type: ignore[operator]
        ">=": lambda env: a(env) >= b(env),  # type: ignore[operator]
    }
    return table[op]


def _div(x: int, y: int) -> int:
    return 0 if y == 0 else x // y


@dataclass(frozen=True, slots=True)
class Expr:
    """A parsed, checked and compiled expression, with its source text."""

    source: str
    tree: Node
    type: VarType
    evaluate: Evaluator
    #: (line, column) of the expression in its file, for checks that run after loading.
    at: tuple[int, int] | None = field(default=None, compare=False)

    def __call__(self, env: Env) -> Value:
        return self.evaluate(env)


def build(src: str, types: Mapping[str, VarType]) -> Expr:
    """Parse, type-check and compile in one step."""
    tree = parse(src)
    kind = check(tree, types)
    return Expr(src, tree, kind, compile_node(tree))
