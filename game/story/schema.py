"""The shape of every story file, declared once.

The same declarations validate files as they load (with ``file:line:col``
diagnostics) and generate the JSON Schema that editors use for completion and
inline errors (``after-lenin schema``), so the two can never disagree.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .diagnostics import Diagnostic, make
from .yamlsafe import Map, Pos, Seq

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
VAR_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$")


class Schema:
    """Base of all schema nodes."""

    doc: str = ""

    def json(self) -> dict[str, Any]:  # pragma: no cover - overridden
        raise NotImplementedError

    def validate(self, value: Any, pos: Pos, ctx: _Ctx) -> None:  # pragma: no cover
        raise NotImplementedError


@dataclass
class _Ctx:
    path: str
    out: list[Diagnostic]

    def add(self, pos: Pos, code: str, message: str) -> None:
        self.out.append(make(self.path, pos.line, pos.col, code, message))


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, Map):
        return "a mapping"
    if isinstance(value, Seq):
        return "a list"
    if value is None:
        return "nothing (empty)"
    return type(value).__name__


@dataclass
class Text(Schema):
    doc: str = ""
    pattern: re.Pattern[str] | None = None
    pattern_hint: str = ""

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string", "minLength": 1}
        # like validate(): text of only spaces is empty (a JSON Schema pattern searches, unanchored)
        out["pattern"] = self.pattern.pattern if self.pattern is not None else r"\S"
        if self.doc:
            out["description"] = self.doc
        return out

    def validate(self, value: Any, pos: Pos, ctx: _Ctx) -> None:
        if not isinstance(value, str):
            ctx.add(pos, "AL011", f"expected text, found {_kind(value)}" + (
                "; put it in quotes" if isinstance(value, (int, float, bool)) else ""))
            return
        if not value.strip():
            ctx.add(pos, "AL013", "this text is empty; write something or remove the key")
            return
        if self.pattern is not None and not self.pattern.match(value):
            ctx.add(pos, "AL013", f"'{value}' is not {self.pattern_hint}")


def Id(doc: str = "") -> Text:
    return Text(doc, ID_RE, "a valid id (lowercase letters, digits and _, starting with a letter)")


def Date(doc: str = "") -> Text:
    return Text(doc or "a date YYYY-MM-DD (or YYYY-MM, YYYY, or a range A/B)", DATE_RE,
                "a date like 1924-01-21 (or 1924-01, 1924, or a range 1924-01-21/1924-01-27)")


@dataclass
class Int(Schema):
    doc: str = ""
    minimum: int | None = None
    maximum: int | None = None

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        if self.doc:
            out["description"] = self.doc
        return out

    def validate(self, value: Any, pos: Pos, ctx: _Ctx) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            ctx.add(pos, "AL011", f"expected a whole number, found {_kind(value)}")
            return
        if self.minimum is not None and value < self.minimum:
            ctx.add(pos, "AL013", f"{value} is below the smallest allowed value {self.minimum}")
        if self.maximum is not None and value > self.maximum:
            ctx.add(pos, "AL013", f"{value} is above the largest allowed value {self.maximum}")


@dataclass
class Bool(Schema):
    doc: str = ""

    def json(self) -> dict[str, Any]:
        return {"type": "boolean", **({"description": self.doc} if self.doc else {})}

    def validate(self, value: Any, pos: Pos, ctx: _Ctx) -> None:
        if not isinstance(value, bool):
            ctx.add(pos, "AL011", f"expected true or false, found {_kind(value)}")


@dataclass
class Scalar(Schema):
    """A number, true/false or text (variable values and effects)."""

    doc: str = ""

    def json(self) -> dict[str, Any]:
        return {"type": ["integer", "boolean", "string"], **({"description": self.doc} if self.doc else {})}

    def validate(self, value: Any, pos: Pos, ctx: _Ctx) -> None:
        if not isinstance(value, (int, bool, str)) or isinstance(value, float):
            ctx.add(pos, "AL011", f"expected a number, true/false or text, found {_kind(value)}")


@dataclass
class Choice(Schema):
    """One of a fixed set of words."""

    values: tuple[str, ...]
    doc: str = ""

    def json(self) -> dict[str, Any]:
        return {"enum": list(self.values), **({"description": self.doc} if self.doc else {})}

    def validate(self, value: Any, pos: Pos, ctx: _Ctx) -> None:
        if value not in self.values:
            ctx.add(pos, "AL013", f"expected one of {', '.join(self.values)}, found {value!r}")


@dataclass
class ListOf(Schema):
    item: Schema
    doc: str = ""
    min_items: int = 0
    # Too few items: a more specific code and message where one exists (records' sources).
    too_few: tuple[str, str] | None = None

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "array", "items": self.item.json()}
        if self.min_items:
            out["minItems"] = self.min_items
        if self.doc:
            out["description"] = self.doc
        return out

    def validate(self, value: Any, pos: Pos, ctx: _Ctx) -> None:
        if not isinstance(value, Seq):
            ctx.add(pos, "AL011", f"expected a list, found {_kind(value)}")
            return
        if len(value) < self.min_items:
            code, message = self.too_few or ("AL013", f"this list needs at least {self.min_items} item(s)")
            ctx.add(pos, code, message)
        for i, item in enumerate(value):
            self.item.validate(item, value.pos_of(i), ctx)


@dataclass
class MapOf(Schema):
    """A mapping from ids to values of one shape."""

    item: Schema
    doc: str = ""
    key_pattern: re.Pattern[str] = ID_RE
    key_hint: str = "a valid id (lowercase letters, digits and _, starting with a letter)"

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "object",
            "patternProperties": {self.key_pattern.pattern: self.item.json()},
            "additionalProperties": False,
        }
        if self.doc:
            out["description"] = self.doc
        return out

    def validate(self, value: Any, pos: Pos, ctx: _Ctx) -> None:
        if not isinstance(value, Map):
            ctx.add(pos, "AL011", f"expected a mapping of id: value, found {_kind(value)}")
            return
        for key, item in value.items():
            if not isinstance(key, str) or not self.key_pattern.match(key):
                ctx.add(value.key_pos_of(key), "AL013", f"'{key}' is not {self.key_hint}")
                continue
            self.item.validate(item, value.pos_of(key), ctx)


@dataclass
class Field:
    schema: Schema
    required: bool = False


@dataclass
class Record(Schema):
    """A mapping with named fields."""

    fields: dict[str, Field]
    doc: str = ""
    title: str = "this mapping"
    check: Callable[[Map, _Ctx], None] | None = None

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "object",
            # like validate(): an optional key left empty (`title:`) counts as absent
            "properties": {k: f.schema.json() if f.required else {"anyOf": [f.schema.json(), {"type": "null"}]}
                           for k, f in self.fields.items()},
            "additionalProperties": False,
        }
        required = [k for k, f in self.fields.items() if f.required]
        if required:
            out["required"] = required
        if self.doc:
            out["description"] = self.doc
        return out

    def validate(self, value: Any, pos: Pos, ctx: _Ctx) -> None:
        if not isinstance(value, Map):
            ctx.add(pos, "AL011", f"expected {self.title} (a mapping), found {_kind(value)}")
            return
        meant: set[str] = set()  # required keys written misspelt: the "did you mean" says it all
        for key in value:
            if key not in self.fields:
                guess = difflib.get_close_matches(str(key), [f for f in self.fields if f not in value], n=1,
                                                  cutoff=0.6)
                hint = f" — did you mean '{guess[0]}'?" if guess else (
                    f"; allowed here: {', '.join(self.fields)}")
                meant.update(guess)
                ctx.add(value.key_pos_of(key), "AL010", f"unknown key '{key}' in {self.title}{hint}")
        for name, fld in self.fields.items():
            if name in value:
                if value[name] is None and not fld.required:
                    continue
                fld.schema.validate(value[name], value.pos_of(name), ctx)
            elif fld.required and name not in meant:
                ctx.add(pos, "AL012", f"{self.title} needs '{name}'")
        if self.check is not None and not meant:  # its cross-key rules would only repeat the misspelling
            self.check(value, ctx)


@dataclass
class Tagged(Schema):
    """A mapping whose kind is named by which of several keys it has (beats)."""

    kinds: dict[str, Record]
    doc: str = ""
    title: str = "a beat"

    def json(self) -> dict[str, Any]:
        return {
            "oneOf": [dict(rec.json(), required=[key]) for key, rec in self.kinds.items()],
            **({"description": self.doc} if self.doc else {}),
        }

    def validate(self, value: Any, pos: Pos, ctx: _Ctx) -> None:
        if not isinstance(value, Map):
            ctx.add(pos, "AL011", f"expected {self.title} (a mapping such as 'narrate: …'), found {_kind(value)}")
            return
        present = [k for k in self.kinds if k in value]
        if not present:
            keys = ", ".join(str(k) for k in value) or "nothing"
            guess = [difflib.get_close_matches(str(k), list(self.kinds), n=1, cutoff=0.6) for k in value]
            hint = next((f" — did you mean '{g[0]}'?" for g in guess if g), "")
            ctx.add(pos, "AL013", f"{self.title} must start with one of {', '.join(self.kinds)};"
                    f" found {keys}{hint}")
            return
        if len(present) > 1:
            ctx.add(pos, "AL013", f"{self.title} can be only one of {', '.join(present)}; split it into"
                    " separate beats")
            return
        self.kinds[present[0]].validate(value, pos, ctx)


def validate(value: Any, schema: Schema, path: str, pos: Pos | None = None) -> list[Diagnostic]:
    """Validate a loaded YAML value; return every structural problem."""
    ctx = _Ctx(path, [])
    where = pos or getattr(value, "pos", None)
    schema.validate(value, where if isinstance(where, Pos) else Pos(1, 1), ctx)
    return ctx.out


# --- the story's files -------------------------------------------------------

EFFECTS = MapOf(
    Scalar(),
    doc="Variable effects: VAR: value, VAR: '+1' / '-2' (add), VAR: '= expression'.",
    key_pattern=VAR_RE,
    key_hint="a declared variable name",
)
EXPR = Scalar("An expression, e.g. apparatus >= 5 and not trotsky_at_funeral")
TEXT = Text("Text the player reads; {var} shows a value, *italic*, **bold**.")
SOURCES = ListOf(Text("A source: author, title, year; page or address where possible."), min_items=1,
                 too_few=("AL044", "a historical record needs at least one source; add author, title and year"))

VARIABLE = Record(
    {
        "type": Field(Choice(("int", "bool", "enum")), required=True),
        "initial": Field(Scalar(), required=True),
        "min": Field(Int()),
        "max": Field(Int()),
        "values": Field(ListOf(Id(), min_items=1)),
        "label": Field(Text()),
        "meter": Field(Bool("Shown as a bar in the window and the debrief.")),
        "historical": Field(MapOf(Int(), doc="The historical value at the end of each chapter.")),
    },
    title="a variable",
)

MANIFEST = Record(
    {
        "id": Field(Text("The story id written into saves."), required=True),
        "title": Field(Text(), required=True),
        "version": Field(Int(minimum=1), required=True),
        "variables": Field(MapOf(VARIABLE, key_pattern=VAR_RE, key_hint="a variable name (letters, digits, _ and dots)"), required=True),
        "roles": Field(MapOf(Record({
            "name": Field(Text(), required=True),
            "title": Field(Text()),
            "description": Field(Text()),
        }, title="a role")), required=True),
        "chapters": Field(ListOf(Record({
            "id": Field(Id(), required=True),
            "title": Field(Text(), required=True),
            "dates": Field(Text("Dates as shown to players.")),
            "from": Field(Date(), required=True),
            "to": Field(Date(), required=True),
            "summary": Field(Text()),
        }, title="a chapter"), min_items=1), required=True),
        "scenarios": Field(ListOf(Record({
            "id": Field(Id(), required=True),
            "title": Field(Text(), required=True),
            "role": Field(Id(), required=True),
            "start": Field(Id(), required=True),
            "dates": Field(Text()),
            "minutes": Field(Int(minimum=1, maximum=600)),
            "chapter": Field(Id("Play only this chapter: the scenario ends when the next chapter begins.")),
            "set": Field(EFFECTS),
            "objectives": Field(ListOf(Text())),
        }, title="a scenario"), min_items=1), required=True),
        "endings": Field(MapOf(Record({
            "title": Field(Text(), required=True),
            "summary": Field(Text(), required=True),
            "historical": Field(Bool()),
            "debrief": Field(Text()),
            "sources": Field(ListOf(Text())),
        }, title="an ending")), required=True),
        "factors": Field(MapOf(Record({
            "title": Field(Text(), required=True),
            "description": Field(Text()),
        }, title="a factor"))),
    },
    title="the manifest",
)

CHARACTER = Record({
    "name": Field(Text(), required=True),
    "title": Field(Text()),
    "years": Field(Text()),
    "portrait": Field(Id("A file in assets/portraits/ without .svg")),
    "bio": Field(Text()),
}, title="a character")

TERM = Record({
    "term": Field(Text(), required=True),
    "aliases": Field(ListOf(Text())),
    "definition": Field(Text(), required=True),
}, title="a glossary term")

DOCUMENT = Record({
    "title": Field(Text(), required=True),
    "date": Field(Date()),
    "text": Field(Text(), required=True),
    "attribution": Field(Text(), required=True),
    "source": Field(Text(), required=True),
}, title="a document")

RECORD = Record({
    "date": Field(Date(), required=True),
    "title": Field(Text(), required=True),
    "what": Field(Text("What actually happened."), required=True),
    "why": Field(Text("Why it mattered.")),
    "sources": Field(SOURCES, required=True),
    "factors": Field(ListOf(Id())),
    "disputed": Field(Record({
        "question": Field(Text(), required=True),
        "readings": Field(ListOf(Record({
            "view": Field(Text(), required=True),
            "held_by": Field(Text(), required=True),
        }, title="a reading"), min_items=2), required=True),
    }, title="a dispute")),
}, title="a historical record")

OUTCOME = Record({"set": Field(EFFECTS), "next": Field(Id())}, title="a vote outcome")

OPTION = Record({
    "text": Field(TEXT, required=True),
    "if": Field(EXPR),
    "set": Field(EFFECTS),
    "next": Field(Id("The scene to go to; without it, play continues after the choice.")),
    "historical": Field(Bool("What really happened.")),
}, title="an option")

CANDIDATE = Record({
    "person": Field(Id(), required=True),
    "set": Field(EFFECTS),
    "historical": Field(Bool()),
    "note": Field(Text()),
}, title="a candidate")

# Beats nest (if/then/else), so the list of beats refers to itself.
BEATS = ListOf(Text())  # placeholder, replaced below once BEAT exists

BEAT = Tagged({
    "narrate": Record({"narrate": Field(TEXT, required=True)}, title="a narrate beat"),
    "say": Record({"say": Field(Id(), required=True), "text": Field(TEXT, required=True)}, title="a say beat"),
    "document": Record({"document": Field(Id(), required=True)}, title="a document beat"),
    "choice": Record({"choice": Field(Record({
        "id": Field(Id(), required=True),
        "prompt": Field(TEXT),
        "history": Field(Id()),
        "factors": Field(ListOf(Id())),
        "options": Field(ListOf(OPTION, min_items=1), required=True),
    }, title="a choice"), required=True)}, title="a choice beat"),
    "set": Record({"set": Field(EFFECTS, required=True)}, title="a set beat"),
    "if": Record({
        "if": Field(EXPR, required=True),
        "then": Field(BEATS, required=True),
        "else": Field(BEATS),
    }, title="an if beat"),
    "goto": Record({"goto": Field(Id(), required=True)}, title="a goto beat"),
    "chapter": Record({
        "chapter": Field(Id(), required=True),
        "date": Field(Date()),
        "place": Field(Text()),
    }, title="a chapter beat"),
    "vote": Record({"vote": Field(Record({
        "id": Field(Id(), required=True),
        "body": Field(Text(), required=True),
        "date": Field(Date()),
        "motion": Field(TEXT, required=True),
        "seats": Field(Int(minimum=1, maximum=100000), required=True),
        "for": Field(EXPR, required=True),
        "abstain": Field(EXPR),
        "history": Field(Id()),
        "factors": Field(ListOf(Id())),
        "passed": Field(OUTCOME),
        "failed": Field(OUTCOME),
    }, title="a vote"), required=True)}, title="a vote beat"),
    "appointments": Record({"appointments": Field(Record({
        "id": Field(Id(), required=True),
        "prompt": Field(TEXT, required=True),
        "history": Field(Id()),
        "factors": Field(ListOf(Id())),
        "posts": Field(ListOf(Record({
            "id": Field(Id(), required=True),
            "title": Field(Text(), required=True),
            "candidates": Field(ListOf(CANDIDATE, min_items=1), required=True),
        }, title="a post"), min_items=1), required=True),
    }, title="an appointments board"), required=True)}, title="an appointments beat"),
    "ending": Record({"ending": Field(Id(), required=True)}, title="an ending beat"),
}, title="a beat")
BEATS.item = BEAT
BEATS.doc = "Beats, played in order."

SCENE = Record({
    "id": Field(Id(), required=True),
    "title": Field(Text()),
    "chapter": Field(Id()),
    "date": Field(Date()),
    "place": Field(Text()),
    "background": Field(Id("A file in assets/backgrounds/ without .svg")),
    "next": Field(Id("Where to go when the beats run out.")),
    "beats": Field(BEATS, required=True),
}, title="a scene")

CONTENT = Record(
    {
        "characters": Field(MapOf(CHARACTER)),
        "glossary": Field(MapOf(TERM)),
        "documents": Field(MapOf(DOCUMENT)),
        "records": Field(MapOf(RECORD)),
        "scenes": Field(ListOf(SCENE)),
    },
    title="a story file",
)


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) for ``manifest`` or ``content`` files."""
    root = MANIFEST if kind == "manifest" else CONTENT
    schema = _json_with_defs(root)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "After Lenin " + ("story manifest (story.yaml)" if kind == "manifest" else "story file")
    return schema


def _json_with_defs(root: Schema) -> dict[str, Any]:
    # Render BEATS as a reference to avoid infinite recursion through if/then/else.
    original = BEATS.json

    def as_ref() -> dict[str, Any]:
        return {"type": "array", "items": {"$ref": "#/$defs/beat"}, "description": BEATS.doc}

    BEATS.json = as_ref  # type: ignore[method-assign]
    try:
        body = root.json()
        beat = BEAT.json()
    finally:
        BEATS.json = original  # type: ignore[method-assign]
    body["$defs"] = {"beat": beat}
    return body
