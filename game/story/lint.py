"""Lint: checks of a built story, run after loading and the graph.

The loader reports what makes a story unplayable as it builds it; the graph finds what
cannot be reached. These checks read the finished, immutable ``Story`` and warn about
what is playable but almost certainly a mistake.

A part's own mistakes (``PART_CHECKS``) need nothing but that part, so they run on the
story as built even when it has errors elsewhere, and a writer sees them beside those:

- AL042 a choice whose every option has an ``if:`` (when none holds the player is stuck);
- AL048 a decision linked to history with no option marked historical;
- AL049 a record that cites only web pages.

Checks against the whole (``CHECKS``: chapters, endings, ranges, the graph's reachable
set) run only on a story without errors, whose parts they can trust:

- AL046 an ending no scene ends with;
- AL047 a decision's record dated outside its chapter;
- AL055 a condition that can never hold, given the variables' declared ranges and values;
- AL056 a scene dated outside its chapter;
- AL057 a scene dated earlier than the scene before it, on every way in.

Each check is one function from the story to diagnostics, so a new one is one more
function and one more line in ``CHECKS``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from . import expr as E
from . import model as M
from .diagnostics import Diagnostic, make
from .graph import GraphReport, successors


def lint_parts(story: M.Story) -> list[Diagnostic]:
    """The findings of ``PART_CHECKS`` for a story as built (errors elsewhere or not)."""
    out: list[Diagnostic] = []
    for check in PART_CHECKS:
        out.extend(check(story))
    return out


def lint(story: M.Story, graph: GraphReport) -> list[Diagnostic]:
    """The findings of ``CHECKS`` for a story without errors, in no particular order (the caller sorts)."""
    out: list[Diagnostic] = []
    for check in CHECKS:
        out.extend(check(story, graph))
    return out


# --- a part's own mistakes ------------------------------------------------------------------


def _at(loc: M.Loc | None, fallback: M.Loc) -> M.Loc:
    return loc if loc is not None else fallback


def hidden_options(story: M.Story) -> Iterator[Diagnostic]:
    """AL042: every option of a choice has an ``if:``, so in some state none is offered."""
    for _scene, _pc, decision in story.decisions():
        if not isinstance(decision, M.Choice) or not decision.options:
            continue
        if all(o.condition is not None for o in decision.options):
            loc = _at(decision.options_at, decision.loc)
            yield make(loc.path, loc.line, loc.col, "AL042",
                       f"every option of '{decision.id}' has an 'if:'; when none holds the player is stuck"
                       " — give one option no condition")


def unmarked_history(story: M.Story) -> Iterator[Diagnostic]:
    """AL048: a choice linked to a record of what happened, with no option saying which it was."""
    for _scene, _pc, decision in story.decisions():
        if not isinstance(decision, M.Choice) or decision.history is None or not decision.options:
            continue
        if not any(o.historical for o in decision.options):
            loc = _at(decision.history_at, decision.loc)
            yield make(loc.path, loc.line, loc.col, "AL048",
                       f"decision '{decision.id}' links to history but no option is marked 'historical: true'")


#: A source that gives a web address is a web page. A record may cite web pages, but only
#: beside at least one published work (author, title, year) that a reader can find in a
#: library: pages move and change, and the history must not rest on them alone.
_WEB_ADDRESS = re.compile(r"\bhttps?://|\bwww\.", re.IGNORECASE)


def web_only_sources(story: M.Story) -> Iterator[Diagnostic]:
    """AL049: a record whose every source is a web page."""
    for record in story.records.values():
        if record.sources and all(_WEB_ADDRESS.search(source) for source in record.sources):
            loc = _at(record.sources_at, record.loc)
            yield make(loc.path, loc.line, loc.col, "AL049",
                       f"record '{record.id}' cites only web pages; add a published work (author, title, year)"
                       " beside them")


# --- AL046: declared but never used -------------------------------------------------------


def unused_endings(story: M.Story, graph: GraphReport) -> Iterator[Diagnostic]:
    used = {i.ending for s in story.scenes.values() for i in s.code if isinstance(i, M.EndingBeat)}
    for ending in story.endings.values():
        if ending.id not in used:
            loc = ending.loc or M.Loc("story.yaml", 1, 1)
            yield make(loc.path, loc.line, loc.col, "AL046", f"ending '{ending.id}' is declared but no scene ends with it")


# --- dates ----------------------------------------------------------------------------------


def _span(date: str) -> tuple[str, str]:
    """First and last day of an ISO date of any precision, or of a range ``a/b``, as text."""
    first, _, last = date.partition("/")
    return first, last or first


def _before(a: str, b: str) -> bool:
    """``a`` is strictly before ``b``, compared at the precision both have (1924 vs 1924-03: not before)."""
    n = min(len(a), len(b))
    return a[:n] < b[:n]


def _outside(date: str, chapter: M.Chapter) -> bool:
    first, last = _span(date)
    return bool(chapter.start and _before(last, chapter.start)) or bool(chapter.end and _before(chapter.end, first))


def record_dates(story: M.Story, graph: GraphReport) -> Iterator[Diagnostic]:
    for scene, _pc, decision in story.decisions():
        chapter = story.chapter(story.scene_chapter.get(scene.id))
        record = story.records.get(decision.history or "")
        if chapter is None or record is None or not chapter.start or not record.date:
            continue
        if _outside(record.date, chapter):
            loc = decision.loc
            yield make(loc.path, loc.line, loc.col, "AL047",
                       f"record '{record.id}' is dated {record.date}, outside chapter '{chapter.id}'"
                       f" ({chapter.start} to {chapter.end}); check the date or move the decision")


def scene_dates(story: M.Story, graph: GraphReport) -> Iterator[Diagnostic]:
    """AL056: a scene's ``date:`` outside the dates of the chapter it belongs to."""
    for scene in story.scenes.values():
        chapter = story.chapter(story.scene_chapter.get(scene.id))
        if chapter is None or not scene.date or not chapter.start:
            continue
        if _outside(scene.date, chapter):
            loc = scene.loc
            yield make(loc.path, loc.line, loc.col, "AL056",
                       f"scene '{scene.id}' is dated {scene.date}, outside its chapter '{chapter.id}'"
                       f" ({chapter.start} to {chapter.end}); fix the date, or give the scene 'chapter:'"
                       " of the chapter it belongs to")


def scene_order(story: M.Story, graph: GraphReport) -> Iterator[Diagnostic]:
    """AL057: every way into a dated scene comes from a scene dated later.

    For each scene, the dated scenes that can come last before it (through undated ones)
    are collected; ``None`` stands for a scenario start with no dated scene before it. One
    way in from an earlier or equal date (or from a start) is enough to stay quiet: a
    flashback reached only from the future is the mistake this is after.
    """
    into: dict[str, set[str]] = {s: set() for s in story.scenes}
    for node in graph.reachable:
        for (scene_id, pc), _label in successors(story, node):
            if pc == 0 and scene_id != node[0]:
                into[scene_id].add(node[0])
    last: dict[str, set[str | None]] = {s.start: {None} for s in story.scenarios.values() if s.start in story.scenes}
    changed = True
    while changed:  # a fixed point over a graph of ~100 scenes: a few rounds
        changed = False
        for target, sources in into.items():
            found = last.setdefault(target, set())
            size = len(found)
            for source in sources:
                found |= {source} if story.scenes[source].date else last.get(source, set())
            changed |= len(found) != size
    for scene in story.scenes.values():
        before = last.get(scene.id, set())
        if not scene.date or not before or None in before:
            continue
        dated = sorted(s for s in before if s is not None)
        _first, mine = _span(scene.date)
        if all(_before(mine, _span(story.scenes[s].date)[0]) for s in dated):
            nearest = min(dated, key=lambda s: story.scenes[s].date)
            loc = scene.loc
            yield make(loc.path, loc.line, loc.col, "AL057",
                       f"scene '{scene.id}' is dated {scene.date}, earlier than every scene play can come from"
                       f" (e.g. '{nearest}', {story.scenes[nearest].date}); fix the date, or mark a flashback"
                       " in the text and leave the date out")


# --- AL055: conditions that can never hold -------------------------------------------------

Interval = tuple[int | None, int | None]  # None: unbounded on that side
_ANY: Interval = (None, None)
_BOTH = frozenset((True, False))


@dataclass(frozen=True)
class _Ranges:
    """What each variable can be: an int its declared min..max, a bool or an enum its values;
    narrowed inside an ``and`` by what its left side says."""

    bounds: dict[str, Interval]
    choices: dict[str, frozenset[E.Value]] = field(default_factory=dict)

    def narrowed(self, name: str, lo: int | None, hi: int | None) -> _Ranges:
        old_lo, old_hi = self.bounds.get(name, _ANY)
        new_lo = lo if old_lo is None else old_lo if lo is None else max(lo, old_lo)
        new_hi = hi if old_hi is None else old_hi if hi is None else min(hi, old_hi)
        return _Ranges({**self.bounds, name: (new_lo, new_hi)}, self.choices)

    def only(self, name: str, values: frozenset[E.Value]) -> _Ranges:
        return _Ranges(self.bounds, {**self.choices, name: self.choices[name] & values})


def _choice_test(node: E.Node, env: _Ranges) -> tuple[str, E.Value] | None:
    """``name == literal`` (either way round) on a bool or enum variable: the name and the literal."""
    if node.left is None or node.right is None:
        return None
    var, lit = (node.left, node.right) if node.left.op == "var" else (node.right, node.left)
    if var.op != "var" or lit.op not in ("bool", "str") or str(var.value) not in env.choices or lit.value is None:
        return None
    return str(var.value), lit.value


def _interval(node: E.Node, env: _Ranges) -> Interval:
    op = node.op
    if op == "num" and isinstance(node.value, int):
        return (node.value, node.value)
    if op == "var":
        return env.bounds.get(str(node.value), _ANY)
    if op == "neg" and node.left is not None:
        lo, hi = _interval(node.left, env)
        return (None if hi is None else -hi, None if lo is None else -lo)
    if op in ("+", "-") and node.left is not None and node.right is not None:
        (a, b), (c, d) = _interval(node.left, env), _interval(node.right, env)
        if op == "-":
            c, d = (None if d is None else -d), (None if c is None else -c)
        return (None if a is None or c is None else a + c, None if b is None or d is None else b + d)
    if op == "*" and node.left is not None and node.right is not None:
        (a, b), (c, d) = _interval(node.left, env), _interval(node.right, env)
        if None in (a, b, c, d):
            return _ANY
        assert a is not None and b is not None and c is not None and d is not None
        products = (a * c, a * d, b * c, b * d)
        return (min(products), max(products))
    return _ANY  # '/', and anything this analysis does not follow: could be any number


def _lt(x: Interval, y: Interval) -> frozenset[bool]:
    """What ``x < y`` can be."""
    can_true = x[0] is None or y[1] is None or x[0] < y[1]
    can_false = x[1] is None or y[0] is None or x[1] >= y[0]
    return frozenset(v for v, ok in ((True, can_true), (False, can_false)) if ok)


def _truth(node: E.Node, env: _Ranges) -> frozenset[bool]:
    """What a condition can be, given the ranges: never claims 'cannot' when it can."""
    op = node.op
    if op == "bool":
        return frozenset((bool(node.value),))
    if op == "var" and str(node.value) in env.choices:  # a bool variable standing alone
        return frozenset(v for v in env.choices[str(node.value)] if isinstance(v, bool))
    if op == "not" and node.left is not None:
        return frozenset(not v for v in _truth(node.left, env))
    if node.left is None or node.right is None:
        return _BOTH
    if op == "and":
        left = _truth(node.left, env)
        right = _truth(node.right, _assume(node.left, env))
        out = set()
        if True in left and True in right:
            out.add(True)
        if False in left or False in right:
            out.add(False)
        return frozenset(out)
    if op == "or":
        left = _truth(node.left, env)
        right = _truth(node.right, env)
        return frozenset(({True} if True in left or True in right else set())
                         | ({False} if False in left and False in right else set()))
    if op in ("<", ">", "<=", ">="):
        x, y = _interval(node.left, env), _interval(node.right, env)
        if op == ">":
            return _lt(y, x)
        if op == "<":
            return _lt(x, y)
        if op == "<=":
            return frozenset(not v for v in _lt(y, x))
        return frozenset(not v for v in _lt(x, y))
    test = _choice_test(node, env) if op in ("==", "!=") else None
    if test is not None:
        possible = env.choices[test[0]]
        eq = frozenset(v for v, ok in ((True, test[1] in possible), (False, bool(possible - {test[1]}))) if ok)
        return eq if op == "==" else frozenset(not v for v in eq)
    if op in ("==", "!=") and node.left.op in ("num", "var", "neg", "+", "-", "*") \
            and node.right.op in ("num", "var", "neg", "+", "-", "*") \
            and not (node.left.op == "var" and node.right.op == "var"):
        x, y = _interval(node.left, env), _interval(node.right, env)
        # only int operands reach here with bounds; a bool or enum variable has none
        overlap = (x[0] is None or y[1] is None or x[0] <= y[1]) and (x[1] is None or y[0] is None or y[0] <= x[1])
        single = x[0] is not None and x[0] == x[1] == y[0] == y[1]
        eq = frozenset(v for v, ok in ((True, overlap), (False, not single)) if ok)
        return eq if op == "==" else frozenset(not v for v in eq)
    return _BOTH


def _assume(node: E.Node, env: _Ranges) -> _Ranges:
    """The ranges inside the right side of ``and``: the left side held (a variable against a number or
    a literal, or a bool variable alone or under ``not``)."""
    if node.op == "and" and node.left is not None and node.right is not None:
        return _assume(node.right, _assume(node.left, env))
    if node.op == "var" and str(node.value) in env.choices:
        return env.only(str(node.value), frozenset((True,)))
    if node.op == "not" and node.left is not None and node.left.op == "var" and str(node.left.value) in env.choices:
        return env.only(str(node.left.value), frozenset((False,)))
    test = _choice_test(node, env) if node.op in ("==", "!=") else None
    if test is not None:
        name, value = test
        return env.only(name, frozenset((value,)) if node.op == "==" else env.choices[name] - {value})
    if node.op not in ("<", ">", "<=", ">=", "==") or node.left is None or node.right is None:
        return env
    var, num, op = node.left, node.right, node.op
    if var.op == "num" and num.op == "var":  # 3 < power reads as power > 3
        var, num, op = num, var, {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "=="}[op]
    if var.op != "var" or num.op != "num" or not isinstance(num.value, int) or str(var.value) not in env.bounds:
        return env
    n, name = num.value, str(var.value)
    lo, hi = {"<": (None, n - 1), "<=": (None, n), ">": (n + 1, None), ">=": (n, None), "==": (n, n)}[op]
    return env.narrowed(name, lo, hi)


def _conditions(story: M.Story) -> Iterator[tuple[E.Expr, M.Loc]]:
    for scene in story.scenes.values():
        for instr in scene.code:
            if isinstance(instr, M.Choice):
                for option in instr.options:
                    if option.condition is not None:
                        yield option.condition, option.loc
            elif isinstance(instr, M.JumpUnless) and instr.condition.at is not None:
                yield instr.condition, instr.loc


def _range_text(var: M.Variable) -> str:
    if var.minimum is not None and var.maximum is not None:
        return f"'{var.name}' is {var.minimum}..{var.maximum}"
    if var.minimum is not None:
        return f"'{var.name}' is at least {var.minimum}"
    return f"'{var.name}' is at most {var.maximum}"


def impossible_conditions(story: M.Story, graph: GraphReport) -> Iterator[Diagnostic]:
    """AL055: an ``if:`` (on an option or a beat) that no value in the declared ranges satisfies."""
    bounds: dict[str, Interval] = {name: (v.minimum, v.maximum) for name, v in story.variables.items()
                                   if v.type.kind == "int"}
    choices: dict[str, frozenset[E.Value]] = {
        name: _BOTH if v.type.kind == "bool" else frozenset(v.type.values)
        for name, v in story.variables.items() if v.type.kind in ("bool", "enum")}
    env = _Ranges(bounds, choices)
    for cond, loc in _conditions(story):
        if True in _truth(cond.tree, env):
            continue
        line, col = cond.at or (loc.line, loc.col)
        ranges = [_range_text(story.variables[n]) for n in sorted(cond.tree.names())
                  if n in story.variables and (story.variables[n].minimum is not None
                                               or story.variables[n].maximum is not None)]
        enums = [f"'{n}' is {story.variables[n].type.describe()}" for n in sorted(cond.tree.names())
                 if n in story.variables and story.variables[n].type.kind == "enum"]
        why = f" ({'; '.join(ranges + enums)} in story.yaml)" if ranges or enums else ""
        fix = "fix the condition or widen the range" if ranges else "fix the condition"
        yield make(loc.path, line, col, "AL055", f"'{cond.source.strip()}' can never hold{why}; {fix}")


PART_CHECKS: tuple[Callable[[M.Story], Iterator[Diagnostic]], ...] = (
    hidden_options, unmarked_history, web_only_sources,
)

CHECKS: tuple[Callable[[M.Story, GraphReport], Iterator[Diagnostic]], ...] = (
    unused_endings, record_dates, scene_dates, scene_order, impossible_conditions,
)
