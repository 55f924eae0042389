"""The shape of every story file, declared once.

The same declarations validate files as they load (with ``file:line:col``
diagnostics) and generate the JSON Schema that editors use for completion and
inline errors (``after-lenin schema``), so the two can never disagree.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .diagnostics import Diagnostic, make
from .yamlsafe import Map, Pos, Seq

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
VAR_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$")


#: While ``json_schema(kind, names)`` runs: what the story defines, by kind ("scene",
#: "character", "variable", …), so references become enums an editor completes. Outside
#: it (validation, the generic schema) it is None.
_NAMES: Mapping[str, Sequence[str]] | None = None
#: Variable labels by name, to describe each variable an effect may set.
_LABELS: Mapping[str, str] = {}


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
    #: The entry of a ``MapOf`` being checked (its name and the name's position), so a
    #: missing field can be reported at the line that names the entry.
    entry: tuple[str, Pos] | None = None

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
    #: what an id names ("scene", "character", …): an enum of the story's own in the editor schema
    ref: str = ""

    def json(self) -> dict[str, Any]:
        known = _NAMES.get(self.ref) if _NAMES is not None and self.ref else None
        if known:
            out: dict[str, Any] = {"type": "string", "enum": list(known)}
            if self.doc:
                out["description"] = self.doc
            return out
        out = {"type": "string", "minLength": 1}
        # like validate(): text of only spaces is empty (a JSON Schema pattern searches, unanchored)
        out["pattern"] = self.pattern.pattern if self.pattern is not None else r"\S"
        # the editor's message for a pattern that fails (VS Code's YAML extension shows it)
        out["patternErrorMessage"] = (f"expected {self.pattern_hint}" if self.pattern is not None
                                      else "this text is empty; write something or remove the key")
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


def Id(doc: str = "", ref: str = "") -> Text:
    """An id; with ``ref``, the id of a scene, character, … that the story defines."""
    return Text(doc, ID_RE, "a valid id (lowercase letters, digits and _, starting with a letter)", ref)


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
    #: what the keys name ("variable" for effects): the story's own names in the editor schema
    key_ref: str = ""

    def json(self) -> dict[str, Any]:
        known = _NAMES.get(self.key_ref) if _NAMES is not None and self.key_ref else None
        out: dict[str, Any]
        if known:
            item = self.item.json()
            out = {"type": "object", "additionalProperties": False,
                   "properties": {k: dict(item, description=_LABELS.get(k) or k) for k in known}}
        else:
            out = {"type": "object", "patternProperties": {self.key_pattern.pattern: self.item.json()},
                   "additionalProperties": False}
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
            outer, ctx.entry = ctx.entry, (key, value.key_pos_of(key))
            self.item.validate(item, value.pos_of(key), ctx)
            ctx.entry = outer


@dataclass
class Field:
    schema: Schema
    required: bool = False
    #: When a required field is missing from an entry of a ``MapOf``: (code, message), the
    #: message with ``{name}`` for the entry's name; reported at the entry's name.
    missing: tuple[str, str] | None = None


@dataclass
class Record(Schema):
    """A mapping with named fields."""

    fields: dict[str, Field]
    doc: str = ""
    title: str = "this mapping"
    check: Callable[[Map, _Ctx], None] | None = None

    def json(self) -> dict[str, Any]:
        props: dict[str, Any] = {}
        for k, f in self.fields.items():
            body = f.schema.json()
            # every property says what it is: completion and hover show it
            doc = body.get("description") or describe(self.title, k)
            # like validate(): an optional key left empty (`title:`) counts as absent
            props[k] = dict(body, description=doc) if f.required else {
                "anyOf": [body, {"type": "null"}], "description": doc}
        out: dict[str, Any] = {
            "type": "object",
            "title": re.sub(r"^(a|an|the) ", "", self.title),  # completion lists "narrate beat", not "object"
            "properties": props,
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
        entry, ctx.entry = ctx.entry, None  # the fields' own values are not this entry
        for name, fld in self.fields.items():
            if name in value:
                if value[name] is None and not fld.required:
                    continue
                fld.schema.validate(value[name], value.pos_of(name), ctx)
            elif fld.required and name in meant:
                continue
            elif fld.required and fld.missing is not None and entry is not None:
                ctx.add(entry[1], fld.missing[0], fld.missing[1].format(name=entry[0]))
            elif fld.required:
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
    key_ref="variable",
)
EXPR = Scalar("An expression, e.g. apparatus >= 5 and not trotsky_at_funeral")
TEXT = Text("Text the player reads; {var} shows a value, *italic*, **bold**.")
SOURCES = ListOf(Text("A source: author, title, year; page or address where possible."), min_items=1,
                 too_few=("AL044", "'sources:' is empty; add at least one published work (author, title,"
                          ' year), e.g. sources: ["Author, Title (Year), p. N"]'))

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
            "role": Field(Id(ref="role"), required=True),
            "start": Field(Id(ref="scene"), required=True),
            "dates": Field(Text()),
            "minutes": Field(Int(minimum=1, maximum=600)),
            "chapter": Field(Id("Play only this chapter: the scenario ends when the next chapter begins.",
                                ref="chapter")),
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
    "portrait": Field(Id("A file in assets/portraits/ without .svg", ref="portrait")),
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
    "sources": Field(SOURCES, required=True, missing=(
        "AL044", "record '{name}' has no 'sources:'; add at least one published work (author, title, year),"
        ' e.g. sources: ["Author, Title (Year), p. N"]')),
    "factors": Field(ListOf(Id(ref="factor"))),
    "disputed": Field(Record({
        "question": Field(Text(), required=True),
        "readings": Field(ListOf(Record({
            "view": Field(Text(), required=True),
            "held_by": Field(Text(), required=True),
        }, title="a reading"), min_items=2), required=True),
    }, title="a dispute")),
}, title="a historical record")

OUTCOME = Record({"set": Field(EFFECTS), "next": Field(Id(ref="scene"))}, title="a vote outcome")

# Beats nest (if/then/else, an option's then), so the lists of beats refer to themselves.
BEATS = ListOf(Text())  # placeholders, replaced below once BEAT exists
REACTION = ListOf(Text())

OPTION = Record({
    "text": Field(TEXT, required=True),
    "if": Field(EXPR),
    "set": Field(EFFECTS),
    "then": Field(REACTION),
    "next": Field(Id("The scene to go to; without it, play continues after the choice.", ref="scene")),
    "historical": Field(Bool("What really happened.")),
}, title="an option")

CANDIDATE = Record({
    "person": Field(Id(ref="character"), required=True),
    "set": Field(EFFECTS),
    "historical": Field(Bool()),
    "note": Field(Text()),
}, title="a candidate")

BEAT = Tagged({
    "narrate": Record({"narrate": Field(TEXT, required=True)}, title="a narrate beat"),
    "say": Record({"say": Field(Id(ref="character"), required=True), "text": Field(TEXT, required=True)},
                  title="a say beat"),
    "document": Record({"document": Field(Id(ref="document"), required=True)}, title="a document beat"),
    "choice": Record({"choice": Field(Record({
        "id": Field(Id(), required=True),
        "prompt": Field(TEXT),
        "history": Field(Id(ref="record")),
        "factors": Field(ListOf(Id(ref="factor"))),
        "options": Field(ListOf(OPTION, min_items=1), required=True),
    }, title="a choice"), required=True)}, title="a choice beat"),
    "set": Record({"set": Field(EFFECTS, required=True)}, title="a set beat"),
    "if": Record({
        "if": Field(EXPR, required=True),
        "then": Field(BEATS, required=True),
        "else": Field(BEATS),
    }, title="an if beat"),
    "goto": Record({"goto": Field(Id(ref="scene"), required=True)}, title="a goto beat"),
    "chapter": Record({
        "chapter": Field(Id(ref="chapter"), required=True),
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
        "history": Field(Id(ref="record")),
        "factors": Field(ListOf(Id(ref="factor"))),
        "passed": Field(OUTCOME),
        "failed": Field(OUTCOME),
    }, title="a vote"), required=True)}, title="a vote beat"),
    "appointments": Record({"appointments": Field(Record({
        "id": Field(Id(), required=True),
        "prompt": Field(TEXT, required=True),
        "history": Field(Id(ref="record")),
        "factors": Field(ListOf(Id(ref="factor"))),
        "posts": Field(ListOf(Record({
            "id": Field(Id(), required=True),
            "title": Field(Text(), required=True),
            "candidates": Field(ListOf(CANDIDATE, min_items=1), required=True),
        }, title="a post"), min_items=1), required=True),
    }, title="an appointments board"), required=True)}, title="an appointments beat"),
    "ending": Record({"ending": Field(Id(ref="ending"), required=True)}, title="an ending beat"),
}, title="a beat")
BEATS.item = BEAT
BEATS.doc = "Beats, played in order."
REACTION.item = BEAT
REACTION.doc = ("The option's own beats (its reaction), played right after it is chosen; then play goes on"
                " to its next: scene, or past the choice.")

SCENE = Record({
    "id": Field(Id(), required=True),
    "title": Field(Text()),
    "chapter": Field(Id(ref="chapter")),
    "date": Field(Date()),
    "place": Field(Text()),
    "background": Field(Id("A file in assets/backgrounds/ without .svg", ref="background")),
    "next": Field(Id("Where to go when the beats run out.", ref="scene")),
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


def describe(record: str, name: str) -> str:
    """The description of field ``name`` of ``record`` (e.g. "a scene") for the editor."""
    return FIELD_DOCS.get((record, name)) or FIELD_DOCS.get(("", name)) or f"'{name}' of {record}"


FIELD_DOCS: dict[tuple[str, str], str] = {
    # the same meaning wherever the key appears
    ("", "title"): "The title shown to players.",
    ("", "id"): "The id: lowercase letters, digits and _, unique among its kind.",
    ("", "history"): "The historical record (records:) of what really happened at this decision.",
    ("", "factors"): "Factors (factors: in story.yaml) this touches, for the debrief.",
    ("", "historical"): "true for what really happened.",
    ("", "place"): "Where it happens, as shown on the chapter card.",
    ("", "next"): "The scene to go to next.",
    ("", "sources"): "Published sources: author, title, year; page or address where possible.",
    ("", "description"): "A sentence or two shown to players.",
    ("", "summary"): "A short summary shown to players.",
    ("", "name"): "The name shown to players.",
    ("the manifest", "title"): "The story's title.",
    ("the manifest", "version"): "The story's version, written into saves (raise it when saves would no longer fit).",
    ("the manifest", "variables"): "The variables the story keeps: name -> type, initial value, range.",
    ("the manifest", "roles"): "Whom the player can play: id -> name, title, description.",
    ("the manifest", "chapters"): "The chapters, in order, with their dates.",
    ("the manifest", "scenarios"): "Ways to start playing: the whole story, or one chapter.",
    ("the manifest", "endings"): "Every ending: id -> title, summary, debrief; exactly one historical.",
    ("the manifest", "factors"): "Causes the debrief weighs (e.g. control of appointments).",
    ("a variable", "type"): "int (a whole number), bool (true or false) or enum (one of values).",
    ("a variable", "initial"): "The value at the start of the story.",
    ("a variable", "min"): "The smallest value (int only): effects stop here.",
    ("a variable", "max"): "The largest value (int only): effects stop here.",
    ("a variable", "values"): "The values an enum variable can take.",
    ("a variable", "label"): "What the variable means, as shown to players.",
    ("a chapter", "id"): "The chapter's id (ch1, ch2, …), used by scenes and chapter cards.",
    ("a scenario", "id"): "The scenario's id (--scenario ID).",
    ("a scenario", "role"): "The role played (roles:).",
    ("a scenario", "start"): "The scene play starts at.",
    ("a scenario", "dates"): "The dates covered, as shown to players.",
    ("a scenario", "minutes"): "About how long it takes to play, in minutes.",
    ("a scenario", "objectives"): "What a student should be able to do after playing (shown to teachers).",
    ("a scenario", "set"): "Variables as history left them when this chapter begins (the checker compares"
                           " them with the historical path, AL058).",
    ("an ending", "summary"): "What happened, in two or three sentences.",
    ("an ending", "historical"): "true for the one ending that really happened.",
    ("an ending", "debrief"): "What historians say, shown after the ending.",
    ("a factor", "description"): "What the factor means, for the debrief.",
    ("a story file", "characters"): "People: id -> name, title, years, portrait, bio.",
    ("a story file", "glossary"): "Terms explained to players: id -> term, aliases, definition.",
    ("a story file", "documents"): "Historical documents shown in play: id -> title, date, text, attribution, source.",
    ("a story file", "records"): "What really happened at each decision: id -> date, title, what, why, sources.",
    ("a story file", "scenes"): "Scenes, each a list of beats.",
    ("a character", "years"): "Birth and death years, e.g. 1878–1953.",
    ("a character", "bio"): "A short biography shown in the character list.",
    ("a glossary term", "term"): "The term as it appears in the text.",
    ("a glossary term", "aliases"): "Other spellings or names of the term, also highlighted.",
    ("a glossary term", "definition"): "The explanation shown to players.",
    ("a document", "text"): "The document's words, quoted from the source.",
    ("a document", "attribution"): "Who wrote or said it.",
    ("a document", "source"): "Where the quotation is published.",
    ("a historical record", "title"): "A short title of the event.",
    ("a historical record", "sources"): "At least one published work (author, title, year), not only web pages.",
    ("a historical record", "disputed"): "Where historians disagree: the question and each reading.",
    ("a dispute", "question"): "What historians disagree about.",
    ("a dispute", "readings"): "Each reading and who holds it (at least two).",
    ("a reading", "view"): "One reading of the question.",
    ("a reading", "held_by"): "The historians who hold it.",
    ("a scene", "id"): "The scene's id, for next:, goto: and --scene.",
    ("a scene", "chapter"): "The chapter the scene belongs to.",
    ("a say beat", "say"): "Who speaks (characters:).",
    ("a document beat", "document"): "The document to show (documents:).",
    ("a choice beat", "choice"): "A decision: a prompt and options.",
    ("a choice", "id"): "The decision's id, unique in the story (saves and reports name it).",
    ("a choice", "options"): "The options, numbered from 1 in play.",
    ("a goto beat", "goto"): "The scene to go to now; beats after it never run.",
    ("a chapter beat", "chapter"): "The chapter whose card is shown.",
    ("a vote beat", "vote"): "A vote of a body: the motion passes when 'for' is more than half the seats.",
    ("a vote", "id"): "The vote's id, unique in the story.",
    ("a vote", "body"): "Who votes, e.g. the Politburo.",
    ("a vote", "seats"): "How many votes there are in all.",
    ("a vote", "passed"): "What follows when the motion passes.",
    ("a vote", "failed"): "What follows when it fails.",
    ("an appointments beat", "appointments"): "A board of posts to fill, one person each.",
    ("an appointments board", "id"): "The board's id, unique in the story.",
    ("an appointments board", "posts"): "The posts to fill.",
    ("a post", "id"): "The post's id, unique on the board.",
    ("a post", "candidates"): "Who can fill the post.",
    ("a candidate", "person"): "The person (characters:).",
    ("a candidate", "historical"): "true for who really got the post.",
    ("a candidate", "note"): "A short note shown beside the candidate.",
    ("an ending beat", "ending"): "The ending reached (endings: in story.yaml); play stops here.",
}


def json_schema(kind: str, names: Mapping[str, Sequence[str]] | None = None,
                labels: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) for ``manifest`` or ``content`` files.

    With ``names`` (kind -> the ids a story defines: "scene", "character", "variable", …),
    every reference is an enum of those ids, so an editor completes them and flags a typo;
    ``labels`` describe the variables. Without, any well-formed id is accepted.
    """
    global _NAMES, _LABELS
    root = MANIFEST if kind == "manifest" else CONTENT
    _NAMES, _LABELS = names, labels or {}
    try:
        schema = _json_with_defs(root)
    finally:
        _NAMES, _LABELS = None, {}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "After Lenin " + ("story manifest (story.yaml)" if kind == "manifest" else "story file")
    return schema


def _json_with_defs(root: Schema) -> dict[str, Any]:
    # Render the lists of beats as references to avoid infinite recursion through
    # if/then/else and options' reactions.
    def as_ref(beats: ListOf) -> Callable[[], dict[str, Any]]:
        return lambda: {"type": "array", "items": {"$ref": "#/$defs/beat"}, "description": beats.doc}

    # Effects appear in many places; once named, they are defined once (with every variable).
    effects = EFFECTS.json()

    def effects_ref() -> dict[str, Any]:
        return {"$ref": "#/$defs/effects", "description": EFFECTS.doc}

    for beats in (BEATS, REACTION):
        beats.json = as_ref(beats)  # type: ignore[method-assign]
    EFFECTS.json = effects_ref  # type: ignore[method-assign]
    try:
        body = root.json()
        beat = BEAT.json()
    finally:
        for named in (BEATS, REACTION, EFFECTS):
            del named.json  # back to the class's method
    body["$defs"] = {"beat": beat, "effects": effects}
    return body
