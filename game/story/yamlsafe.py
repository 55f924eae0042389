"""Safe YAML reading that remembers where every value came from.

Writers need ``file:line:col`` for every problem, so we build plain Python values
from the parser's event stream ourselves and keep each value's position beside it.
Building from events (rather than ``yaml.load``) also lets us refuse hostile input
early and cheaply: unknown tags (``!!python/object``), alias bombs, deep nesting
and gigantic files never get further than the event loop. Only the safe parser is
used (the C one when PyYAML has it), and nothing here can run code.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

import yaml

try:  # the C parser is 5-10x faster; the pure-Python one keeps pygbag builds working
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 64
MAX_VALUES = 2_000_000  # after expanding aliases: stops "billion laughs"

_TAG_PREFIX = "tag:yaml.org,2002:"
_PLAIN_TAGS = {"str", "int", "float", "bool", "null", "timestamp", "map", "seq"}
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Pos(NamedTuple):
    """A 1-based line and column in a file. Immutable.

    A named tuple, built with ``tuple.__new__`` in the hot loop below: one is made for
    every value of every story file, and a frozen dataclass costs four times as much.
    """

    line: int
    col: int


class YamlError(Exception):
    """The file is not YAML we accept; carries the position of the problem."""

    def __init__(self, message: str, pos: Pos, code: str = "AL002") -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.code = code  # AL001 syntax, AL002 refused, AL003 duplicate key


class Map(dict):  # type: ignore[type-arg]
    """A YAML mapping: a dict that also knows where it and each key and value stand."""

    __slots__ = ("pos", "key_pos", "value_pos")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.key_pos: dict[Any, Pos] = {}
        self.value_pos: dict[Any, Pos] = {}

    def pos_of(self, key: Any) -> Pos:
        """Where the value of ``key`` stands (or the mapping itself if absent)."""
        return self.value_pos.get(key, self.pos)

    def key_pos_of(self, key: Any) -> Pos:
        return self.key_pos.get(key, self.pos)


class Seq(list):  # type: ignore[type-arg]
    """A YAML sequence: a list that also knows where it and each item stand."""

    __slots__ = ("pos", "item_pos")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.item_pos: list[Pos] = []

    def pos_of(self, index: int) -> Pos:
        return self.item_pos[index] if 0 <= index < len(self.item_pos) else self.pos


def _pos(mark: Any) -> Pos:
    return Pos(mark.line + 1, mark.column + 1)


_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()


def _scalar(event: yaml.ScalarEvent) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        # PyYAML's stubs leave resolve untyped; it returns the tag as a str.
        tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
    if tag == _TAG_PREFIX + "merge":  # '<<' resolves to a tag of its own, written or not
        raise YamlError("'<<' merge keys are not supported in story files; write the keys out in full",
                        _pos(event.start_mark))
    if not tag.startswith(_TAG_PREFIX) or tag[len(_TAG_PREFIX):] not in _PLAIN_TAGS:
        raise YamlError(
            f"the tag '{_as_written(tag)}' is not allowed: story files hold plain text, numbers,"
            " true/false, lists and mappings only",
            _pos(event.start_mark),
        )
    kind = tag[len(_TAG_PREFIX):]
    if kind == "str":
        return event.value
    if kind in ("map", "seq"):
        raise YamlError(f"a {kind} tag on a plain value", _pos(event.start_mark))
    if kind == "timestamp" and _DATE_ONLY.match(event.value):
        # Dates stay text (writers may also write ranges), and an impossible one such as
        # 1924-02-30 is left for the loader to report at its own line, not the whole file.
        return event.value
    # The C parser's marks are its own class; ScalarNode only stores them.
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)  # type: ignore[arg-type]
    try:
        value = _constructor.construct_object(node)
    except Exception:  # noqa: BLE001 - "!!bool maybe" raises KeyError, "!!int x" ValueError, …
        shown = event.value if len(event.value) <= 60 else event.value[:59] + "…"
        raise YamlError(f"'{shown}' is not a valid {kind}; put it in quotes if it is meant as text",
                        _pos(event.start_mark)) from None
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _check_collection_tag(event: Any) -> None:
    tag = event.tag
    if tag is None or tag == "!" or tag in (_TAG_PREFIX + "map", _TAG_PREFIX + "seq"):
        return
    raise YamlError(
        f"the tag '{_as_written(tag)}' is not allowed: story files hold plain text, numbers,"
        " true/false, lists and mappings only",
        _pos(event.start_mark),
    )


def _as_written(tag: str) -> str:
    """``tag:yaml.org,2002:python/object`` back to the ``!!python/object`` the writer typed."""
    return "!!" + tag[len(_TAG_PREFIX):] if tag.startswith(_TAG_PREFIX) else tag


def load_text(text: str) -> Any:
    """Parse one YAML document into Map/Seq/scalars. Raises YamlError."""
    if len(text) > MAX_FILE_BYTES:
        raise YamlError(
            f"the file is {len(text) // 1024} KiB; story files must stay under"
            f" {MAX_FILE_BYTES // (1024 * 1024)} MiB — split it into several files",
            Pos(1, 1),
        )
    try:
        return _build(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = _pos(mark) if mark is not None else Pos(1, 1)
        problem = exc.problem or exc.context or "YAML syntax error"
        from .yamlhelp import explain  # here, not at the top: it needs Pos from this module

        begun_at = _pos(exc.context_mark) if exc.context_mark is not None else None
        plain = explain(text, problem, pos, exc.context or "", begun_at)
        if plain is not None:
            raise YamlError(f"YAML syntax error: {plain[0]}", plain[1], "AL001") from None
        if "tab character" in problem:
            problem += "; indent with spaces, never tabs"
        elif exc.problem and exc.context and exc.context_mark is not None and mark is not None \
                and exc.context_mark.line != mark.line:
            # The parser notices an unclosed '{' or a misaligned '-' lines later;
            # name where the construct began, which is usually where the mistake is.
            begun = _pos(exc.context_mark)
            problem += f" ({exc.context} that starts at line {begun.line}, column {begun.col})"
        raise YamlError(f"YAML syntax error: {problem}", pos, "AL001") from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML error: {exc}", Pos(1, 1), "AL001") from None
    except (ValueError, OverflowError) as exc:  # e.g. an absurd integer or timestamp
        raise YamlError(f"a value could not be read: {exc}", Pos(1, 1)) from None


def _build(events: Iterator[Any]) -> Any:
    # An explicit stack instead of recursion: nesting depth can't crash us. This loop runs
    # once per value of every story file, so attaching a value to its parent is inlined
    # and plain text skips the resolver (see bench/ and docs/performance.md).
    stack: list[Any] = []
    pending_key: list[Any] = []  # per open mapping: key awaiting its value, or _NO_KEY
    anchors: dict[str, tuple[Any, int]] = {}
    anchor_open: list[str | None] = []
    counts: list[int] = []  # values inside each open collection, for alias costs
    total = 0
    limit = MAX_VALUES
    root: Any = None
    documents = 0
    # A plain scalar can only be a number, bool, null, date… if its first character has
    # an implicit resolver; everything else is text, as the resolver would say. Of those,
    # the ones starting with a letter (true, no, null…) are single words: with a space, text.
    maybe_typed = _resolver.yaml_implicit_resolvers
    wildcard = None in maybe_typed
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    new_pos = tuple.__new__
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    map_end, seq_end = yaml.MappingEndEvent, yaml.SequenceEndEvent

    for event in events:
        etype = type(event)
        if etype is scalar_event:
            value = event.value
            if event.tag is not None or (event.implicit[0] and (
                    wildcard or not value or (value[0] in maybe_typed and not (value[0].isalpha() and " " in value)))):
                value = _scalar(event)
            mark = event.start_mark
            pos = new_pos(Pos, (mark.line + 1, mark.column + 1))
            if event.anchor:
                anchors[event.anchor] = (value, 1)
            size = fresh = 1
        elif etype is map_start or etype is seq_start:
            _check_collection_tag(event)
            if len(stack) >= MAX_DEPTH:
                raise YamlError(
                    f"the file nests deeper than {MAX_DEPTH} levels; flatten it",
                    _pos(event.start_mark),
                )
            pos = _pos(event.start_mark)
            stack.append(Map(pos) if etype is map_start else Seq(pos))
            pending_key.append(_NO_KEY)
            anchor_open.append(event.anchor)
            counts.append(0)
            continue
        elif etype is map_end or etype is seq_end:
            value = stack.pop()
            pending_key.pop()
            anchor = anchor_open.pop()
            size = counts.pop() + 1
            if anchor:
                anchors[anchor] = (value, size)
            pos = value.pos
            fresh = 1  # its children were counted as they came
        elif etype is alias_event:
            pos = _pos(event.start_mark)
            if event.anchor not in anchors:
                raise YamlError(f"unknown alias '*{event.anchor}'", pos)
            value, size = anchors[event.anchor]
            fresh = size
        else:
            if etype is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlError(
                        "a story file holds one YAML document; remove the extra '---'",
                        _pos(event.start_mark),
                    )
            continue

        # attach ``value`` (standing for ``size`` values, ``fresh`` of them new) to its parent
        total += fresh
        if total > limit:
            raise YamlError("the file expands to too many values (aliases repeated too often?)", pos)
        if not stack:
            root = value
            continue
        counts[-1] += size
        parent = stack[-1]
        if type(parent) is Seq:
            parent.append(value)
            parent.item_pos.append(pos)
            continue
        key = pending_key[-1]
        if key is _NO_KEY:
            if isinstance(value, (Map, Seq)):
                raise YamlError("a mapping key must be a plain value", pos)
            if value in parent.key_pos:
                first = parent.key_pos[value]
                raise YamlError(
                    f"the key '{value}' appears twice in this mapping (first at line"
                    f" {first.line}); remove or rename one",
                    pos,
                    "AL003",
                )
            parent.key_pos[value] = pos
            pending_key[-1] = value
        else:
            parent[key] = value
            parent.value_pos[key] = pos
            pending_key[-1] = _NO_KEY
    return root


class _NoKey:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<no key>"


_NO_KEY: Any = _NoKey()
