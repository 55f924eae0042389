"""Load a story folder into an immutable :class:`Story`, collecting every problem.

Loading never stops at the first problem and never raises for a bad story: each
stage (YAML, structure, references) adds diagnostics and carries on with what it
could understand, so a writer sees everything wrong in one run. A story with any
error is not returned (``LoadResult.story`` is None); warnings still allow play.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import difflib
import functools
import gc
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .. import paths
from . import expr as E
from . import model as M
from . import schema as S
from . import views as V
from .diagnostics import ERROR, Diagnostic, make
from .yamlsafe import Map, Pos, Seq, YamlError, load_text

MANIFEST_NAME = "story.yaml"


@dataclass
class LoadResult:
    story: M.Story | None
    diagnostics: list[Diagnostic]
    #: The story as built even when errors were found (``story`` is then None), so that the
    #: lint checks of single parts can still report beside the errors; None when nothing
    #: could be built (no manifest, not a folder).
    built: M.Story | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]


@dataclass
class _File:
    rel: str
    data: Any
    text: str

    @functools.cached_property
    def lines(self) -> list[str]:
        """Split only when a diagnostic needs a column mapped: most loads never do."""
        return self.text.splitlines()


@dataclass
class _Builder:
    root: Path
    assets: Path | None
    out: list[Diagnostic] = field(default_factory=list)
    types: dict[str, E.VarType] = field(default_factory=dict)
    variables: dict[str, M.Variable] = field(default_factory=dict)
    seen_ids: dict[tuple[str, str], M.Loc] = field(default_factory=dict)
    # references to check once everything is known: (kind, id, loc)
    refs: list[tuple[str, str, M.Loc]] = field(default_factory=list)
    file: _File | None = None
    # A file could not be read: what it defines is unknown, so "unknown X" would be a guess.
    incomplete: bool = False

    # -- diagnostics --
    def add(self, pos: Pos, code: str, message: str) -> None:
        assert self.file is not None
        self.out.append(make(self.file.rel, pos.line, pos.col, code, message))

    def loc(self, pos: Pos) -> M.Loc:
        assert self.file is not None
        return M.Loc(self.file.rel, pos.line, pos.col)

    def claim(self, kind: str, ident: str, pos: Pos) -> bool:
        """Register an id; report a duplicate. Returns False for a duplicate."""
        key = (kind, ident)
        if key in self.seen_ids:
            first = self.seen_ids[key]
            self.add(pos, "AL020", f"the {kind} id '{ident}' is already used at {first}; ids must be unique")
            return False
        self.seen_ids[key] = self.loc(pos)
        return True

    def ref(self, kind: str, ident: Any, pos: Pos) -> None:
        if isinstance(ident, str):
            self.refs.append((kind, ident, self.loc(pos)))

    # -- expressions --
    def expr_pos(self, pos: Pos, column: int) -> Pos:
        """Map a column inside an expression to the file, allowing for quotes."""
        assert self.file is not None
        line = self.file.lines[pos.line - 1] if 0 < pos.line <= len(self.file.lines) else ""
        quote = 1 if pos.col - 1 < len(line) and line[pos.col - 1] in "\"'" else 0
        return Pos(pos.line, pos.col + quote + column - 1)

    def expression(self, src: Any, pos: Pos, want: str | None = None, offset: int = 0) -> E.Expr | None:
        if not isinstance(src, str):
            if isinstance(src, bool) and want in (None, "bool"):
                src = "true" if src else "false"
            elif isinstance(src, int) and not isinstance(src, bool) and want in (None, "int"):
                src = str(src)
            else:
                return None  # the schema already said what is wrong
        try:
            tree = E.parse(src)
        except E.ExprError as exc:
            self.add(self.expr_pos(pos, exc.column + offset), "AL030", f"in expression '{_shown(src)}': {exc.message}")
            return None
        try:
            kind = E.check(tree, self.types)
        except E.ExprError as exc:
            code = "AL025" if exc.message.startswith("unknown variable") else "AL031"
            self.add(self.expr_pos(pos, exc.column + offset), code, f"in expression '{_shown(src)}': {exc.message}")
            return None
        if want is not None and kind.kind != want and not (want == "enum" and kind.kind == "enum"):
            names = {"bool": "true or false (a condition)", "int": "a whole number", "enum": "an enum value"}
            lead = len(src) - len(src.lstrip())  # point at the expression, not a space before it
            self.add(self.expr_pos(pos, 1 + lead + offset), "AL031",
                     f"'{_shown(src)}' gives {kind.describe()}, but {names.get(want, want)} is needed here")
            return None
        lead = len(src) - len(src.lstrip())
        at = self.expr_pos(pos, 1 + lead + offset)
        return E.Expr(src, tree, kind, E.compile_node(tree), (at.line, at.col))

    def effects(self, data: Any) -> tuple[M.Effect, ...]:
        if not isinstance(data, Map):
            return ()
        out: list[M.Effect] = []
        for name, value in data.items():
            vpos = data.pos_of(name)
            kpos = data.key_pos_of(name)
            if not isinstance(name, str):
                continue
            var = self.variables.get(name)
            if var is None:
                guess = difflib.get_close_matches(name, list(self.variables), n=1, cutoff=0.6)
                hint = f" — did you mean '{guess[0]}'?" if guess else "; declare it under variables: in story.yaml"
                self.add(kpos, "AL025", f"unknown variable '{name}'{hint}")
                continue
            effect = self.effect(var, value, vpos)
            if effect is not None:
                out.append(effect)
        return tuple(out)

    def effect(self, var: M.Variable, value: Any, pos: Pos) -> M.Effect | None:
        kind = var.type.kind
        loc = self.loc(pos)
        if isinstance(value, str) and value.strip()[:1] in ("+", "-") and kind == "int":
            stripped = value.strip()
            sign, rest = stripped[0], stripped[1:]
            if not rest.strip():
                self.add(pos, "AL030", f"'{value}' needs a number after the sign, e.g. '{sign}1'")
                return None
            lead = len(value) - len(value.lstrip()) + 1
            ex = self.expression(rest, pos, "int", offset=lead)
            if ex is None:
                return None
            if sign == "-":
                tree = E.Node("neg", 1, left=ex.tree)
                ex = E.Expr(value, tree, E.INT, E.compile_node(tree))
            return _effect(var, "add", ex, loc)
        if isinstance(value, str) and value.strip().startswith("="):
            lead = len(value) - len(value.lstrip()) + 1
            ex = self.expression(value.strip()[1:], pos, kind, offset=lead)
            if ex is None:
                return None
            if kind == "enum" and ex.type != var.type:
                self.add(pos, "AL031", f"'{value}' is not a value of '{var.name}' ({var.type.describe()})")
                return None
            return _effect(var, "set", ex, loc)
        constant = self.constant(var, value, pos)
        if constant is None:
            return None
        return _effect(var, "set", _const(constant, var.type), loc)

    def constant(self, var: M.Variable, value: Any, pos: Pos) -> E.Value | None:
        kind = var.type.kind
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                self.add(pos, "AL033", f"'{var.name}' is a whole number: write a number, '+1', '-1' or"
                         f" '= expression', not {_literal(value)}")
                return None
            if (var.minimum is not None and value < var.minimum) or (var.maximum is not None and value > var.maximum):
                self.add(pos, "AL032", f"{value} is outside the range of '{var.name}' ({var.minimum}..{var.maximum})")
                return None
            return value
        if kind == "bool":
            if not isinstance(value, bool):
                self.add(pos, "AL033", f"'{var.name}' is true or false, not {_literal(value)}")
                return None
            return value
        if not isinstance(value, str) or value not in var.type.values:
            self.add(pos, "AL033", f"'{var.name}' is {var.type.describe()}, not {_literal(value)}")
            return None
        return value

    def text(self, src: Any, pos: Pos) -> M.Text:
        source = src if isinstance(src, str) else ""
        parts, slots = M.split_text(source)
        for name, offset in slots:
            if name not in self.types:
                guess = difflib.get_close_matches(name, list(self.types), n=1, cutoff=0.6)
                hint = f" — did you mean '{{{guess[0]}}}'?" if guess else "; write {{ for a literal brace"
                self.add(self.expr_pos(pos, offset + 1), "AL034", f"unknown variable '{{{name}}}' in text{hint}")
        clean = tuple(p if isinstance(p, str) or p[0] in self.types else "{" + p[0] + "}" for p in parts)
        return M.Text(source, clean)


def _effect(var: M.Variable, mode: str, ex: E.Expr, loc: M.Loc) -> M.Effect:
    """An effect compiled for play: with its variable's range and, for a constant, its value."""
    low, high = (var.minimum, var.maximum) if var.type.kind == "int" else (None, None)
    tree = ex.tree
    constant: E.Value | None = None
    if tree.op in ("num", "bool", "str"):
        constant = tree.value
    elif tree.op == "neg" and tree.left is not None and tree.left.op == "num" and isinstance(tree.left.value, int):
        constant = -tree.left.value
    return M.Effect(var.name, mode, ex, loc, low, high, constant)


def _literal(value: Any) -> str:
    """A YAML value as the writer wrote it: true, not Python's True; nothing, not None."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, (Map, Seq)):
        return "a mapping" if isinstance(value, Map) else "a list"
    return str(value)


def _shown(src: str, limit: int = 60) -> str:
    """An expression as quoted in a message: a hostile 1 MB one must not become a 1 MB line."""
    src = src.strip()
    return src if len(src) <= limit else src[: limit - 1] + "…"


def _const(value: E.Value, vtype: E.VarType) -> E.Expr:
    node = E.Node("num" if vtype.kind == "int" else "bool" if vtype.kind == "bool" else "str", 1, value)
    return E.Expr(repr(value), node, vtype, lambda env: value)


def _s(m: Any, key: str, default: str = "") -> str:
    if isinstance(m, Map):
        value = m.get(key)
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
    return default


def _ids(m: Any, key: str) -> tuple[str, ...]:
    value = m.get(key) if isinstance(m, Map) else None
    if isinstance(value, Seq):
        return tuple(v for v in value if isinstance(v, str))
    return ()


def _maps(value: Any) -> Iterable[tuple[str, Map, Pos]]:
    if isinstance(value, Map):
        for key, item in value.items():
            if isinstance(key, str) and isinstance(item, Map):
                yield key, item, value.key_pos_of(key)


def _valid_date(text: str) -> bool:
    for part in text.split("/"):
        pieces = part.split("-")
        try:
            year = int(pieces[0])
            month = int(pieces[1]) if len(pieces) > 1 else 1
            day = int(pieces[2]) if len(pieces) > 2 else 1
            _dt.date(year, month, day)
        except (ValueError, IndexError):
            return False
    return True


# ---------------------------------------------------------------------------------


def read_files(root: Path, out: list[Diagnostic]) -> tuple[_File | None, list[_File], str]:
    """Read and parse every YAML file; return manifest, other files and a content hash."""
    digest = hashlib.sha256()
    manifest: _File | None = None
    files: list[_File] = []
    paths = sorted(p for p in root.rglob("*.yaml") if p.is_file() and not any(
        part.startswith(".") for part in p.relative_to(root).parts))
    for path in paths:
        rel = path.relative_to(root).as_posix()
        try:
            raw = path.read_bytes()
        except OSError as exc:
            out.append(make(rel, 1, 1, "AL004", f"cannot read the file: {exc.strerror}"))
            continue
        digest.update(rel.encode() + b"\0" + raw + b"\0")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            out.append(make(rel, line, col, "AL004", "this byte is not UTF-8; save the file as UTF-8"))
            continue
        if text.startswith("\ufeff"):
            text = text[1:]
        try:
            data = load_text(text)
        except YamlError as exc:
            out.append(make(rel, exc.pos.line, exc.pos.col, exc.code, exc.message))
            continue
        item = _File(rel, data, text)
        if rel == MANIFEST_NAME:
            manifest = item
        else:
            files.append(item)
    return manifest, files, digest.hexdigest()


def load_story(root: str | Path, assets: str | Path | None = None) -> LoadResult:
    """Load and validate the story in ``root``. ``assets`` defaults to ``root/../assets``."""
    root = Path(root)
    out: list[Diagnostic] = []
    if not root.is_dir():
        out.append(make(str(root), 1, 1, "AL050", f"'{root}' is not a folder; give the story folder (e.g. scenes)"))
        return LoadResult(None, out)
    assets_dir = Path(assets) if assets is not None else paths.assets_for(root)
    # The YAML trees are large and acyclic: pausing the cyclic GC during the bulk
    # build saves a large share of load time (measured in bench/).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        manifest, files, content_hash = read_files(root, out)
        if manifest is None:
            if not any(d.path == MANIFEST_NAME for d in out):
                out.append(make(MANIFEST_NAME, 1, 1, "AL050",
                                f"no {MANIFEST_NAME} in {root}; every story needs a manifest (see scenes/README.md)"))
            return LoadResult(None, sorted(out))
        if not isinstance(manifest.data, Map):
            # Without variables, chapters and endings every scene would look wrong:
            # report the manifest alone, as for a manifest that is not valid YAML.
            out.extend(S.validate(manifest.data, S.MANIFEST, manifest.rel))
            return LoadResult(None, sorted(out))
        builder = _Builder(root, assets_dir, out, incomplete=bool(out))
        story = _build(builder, manifest, files, content_hash)
    finally:
        if was_enabled:
            gc.enable()
    out.sort()
    if any(d.severity == ERROR for d in out):
        return LoadResult(None, out, story)
    return LoadResult(story, out, story)


def _build(b: _Builder, manifest: _File, files: list[_File], content_hash: str) -> M.Story:
    b.file = manifest
    b.out.extend(S.validate(manifest.data, S.MANIFEST, manifest.rel))
    man = manifest.data if isinstance(manifest.data, Map) else Map(Pos(1, 1))
    _variables(b, man.get("variables"))
    roles = {k: M.Role(k, _s(v, "name", k), _s(v, "title"), _s(v, "description")) for k, v, _ in _maps(man.get("roles"))}
    chapters = _chapters(b, man.get("chapters"))
    endings = {}
    for k, v, pos in _maps(man.get("endings")):
        endings[k] = M.Ending(k, _s(v, "title", k), _s(v, "summary"), v.get("historical") is True,
                              _s(v, "debrief"), _ids(v, "sources"), b.loc(pos))
    historical_endings = [e for e in endings.values() if e.historical]
    if endings and len(historical_endings) != 1:
        pos = man.key_pos_of("endings")
        b.add(pos, "AL051", f"{len(historical_endings)} endings are marked historical: true; mark exactly one"
              " (the outcome that really happened)")
    factors = {k: M.Factor(k, _s(v, "title", k), _s(v, "description")) for k, v, _ in _maps(man.get("factors"))}
    scenarios = _scenarios(b, man.get("scenarios"))

    characters: dict[str, M.Character] = {}
    glossary: dict[str, M.Term] = {}
    documents: dict[str, M.Document] = {}
    records: dict[str, M.HistoryRecord] = {}
    scenes: dict[str, M.Scene] = {}
    texts: list[M.Text] = []  # to tag with glossary terms once the glossary is complete
    for f in files:
        b.file = f
        if f.data is None:
            continue  # an empty file is allowed: a writer's scratch file
        b.out.extend(S.validate(f.data, S.CONTENT, f.rel))
        if not isinstance(f.data, Map):
            continue
        for k, v, pos in _maps(f.data.get("characters")):
            if b.claim("character", k, pos):
                portrait = _s(v, "portrait")
                if portrait:
                    _asset(b, "portraits", portrait, v.pos_of("portrait"))
                characters[k] = M.Character(k, _s(v, "name", k), _s(v, "title"), _s(v, "years"), portrait, _s(v, "bio"))
        for k, v, pos in _maps(f.data.get("glossary")):
            if b.claim("glossary term", k, pos):
                glossary[k] = M.Term(k, _s(v, "term", k), _ids(v, "aliases"), _s(v, "definition"))
        for k, v, pos in _maps(f.data.get("documents")):
            if b.claim("document", k, pos):
                _date(b, v)
                documents[k] = M.Document(k, _s(v, "title", k), _s(v, "date"), _s(v, "text"),
                                          _s(v, "attribution"), _s(v, "source"))
        for k, v, pos in _maps(f.data.get("records")):
            if b.claim("record", k, pos):
                records[k] = _record(b, k, v, pos)
        raw_scenes = f.data.get("scenes")
        if isinstance(raw_scenes, Seq):
            for i, sc in enumerate(raw_scenes):
                if isinstance(sc, Map) and isinstance(sc.get("id"), str):
                    scene = _scene(b, sc, raw_scenes.pos_of(i), texts)
                    if b.claim("scene", scene.id, sc.pos_of("id")):
                        scenes[scene.id] = scene

    _tag_terms(texts, glossary)
    tables: dict[str, Mapping[str, object]] = {
        "scene": scenes, "character": characters, "document": documents, "record": records,
        "chapter": {c.id: c for c in chapters}, "ending": endings, "role": roles, "factor": factors,
    }
    if not b.incomplete:
        _check_refs(b, tables)

    scene_chapter = _scene_chapters(scenes)
    _compile_views(scenes, characters)
    return M.Story(
        id=_s(man, "id", "story"), title=_s(man, "title", "Untitled"),
        version=raw_version if isinstance(raw_version := man.get("version"), int) else 1,
        content_hash=content_hash, root=str(b.root),
        variables=MappingProxyType(b.variables), roles=MappingProxyType(roles), chapters=tuple(chapters),
        scenarios=MappingProxyType(scenarios), endings=MappingProxyType(endings),
        factors=MappingProxyType(factors), characters=MappingProxyType(characters),
        glossary=MappingProxyType(glossary), documents=MappingProxyType(documents),
        records=MappingProxyType(records), scenes=MappingProxyType(scenes),
        scene_chapter=MappingProxyType(scene_chapter),
    )


def _asset(b: _Builder, folder: str, name: str, pos: Pos) -> None:
    if b.assets is None or not S.ID_RE.match(name):
        return
    path = b.assets / folder / f"{name}.svg"
    if not path.is_file():
        b.add(pos, "AL045", f"no file {folder}/{name}.svg in {b.assets}; add the art or fix the name")


def _date(b: _Builder, m: Map, key: str = "date") -> str:
    value = _s(m, key)
    if value and S.DATE_RE.match(value) and not _valid_date(value):
        b.add(m.pos_of(key), "AL013", f"'{value}' is not a real date; check the month and day")
    return value


def _variables(b: _Builder, data: Any) -> None:
    for name, v, pos in _maps(data):
        vtype_name = _s(v, "type")
        if vtype_name == "enum":
            values = _ids(v, "values")
            if not values:
                b.add(pos, "AL012", f"enum variable '{name}' needs 'values: [a, b, …]'")
            vtype = E.VarType("enum", values)
        elif vtype_name in ("int", "bool"):
            vtype = E.INT if vtype_name == "int" else E.BOOL
            if "values" in v:
                b.add(v.key_pos_of("values"), "AL010", f"'values' belongs to enum variables, not {vtype_name}")
        else:
            continue  # the schema reported it
        minimum = raw_min if isinstance(raw_min := v.get("min"), int) else None
        maximum = raw_max if isinstance(raw_max := v.get("max"), int) else None
        if vtype.kind != "int" and (minimum is not None or maximum is not None):
            b.add(pos, "AL010", f"min/max belong to int variables, not {vtype.kind}")
        if minimum is not None and maximum is not None and minimum > maximum:
            b.add(v.pos_of("min"), "AL013", f"min ({minimum}) is larger than max ({maximum})")
        historical = v.get("historical")
        hist = {k: h for k, h in historical.items() if isinstance(h, int)} if isinstance(historical, Map) else {}
        var = M.Variable(name, vtype, vtype.values[0] if vtype.values else (0 if vtype.kind == "int" else False),
                         minimum, maximum, _s(v, "label", name), v.get("meter") is True,
                         MappingProxyType(hist), b.loc(pos))
        b.types[name] = vtype
        b.variables[name] = var
        if "initial" in v:
            initial = b.constant(var, v["initial"], v.pos_of("initial"))
            if initial is not None:
                b.variables[name] = M.Variable(name, vtype, initial, minimum, maximum, var.label, var.meter,
                                               var.historical, var.loc)
        if var.meter and vtype.kind != "int":
            b.add(v.pos_of("meter"), "AL013", f"only int variables can be meters; '{name}' is {vtype.kind}")


def _chapters(b: _Builder, data: Any) -> list[M.Chapter]:
    out: list[M.Chapter] = []
    if not isinstance(data, Seq):
        return out
    for _i, c in enumerate(data):
        if not isinstance(c, Map) or not isinstance(c.get("id"), str):
            continue
        if not b.claim("chapter", c["id"], c.pos_of("id")):
            continue
        start, end = _date(b, c, "from"), _date(b, c, "to")
        if start and end and start > end:
            b.add(c.pos_of("to"), "AL013", f"the chapter ends ({end}) before it starts ({start})")
        out.append(M.Chapter(c["id"], _s(c, "title", c["id"]), _s(c, "dates"), start, end, _s(c, "summary")))
    return out


def _scenarios(b: _Builder, data: Any) -> dict[str, M.Scenario]:
    out: dict[str, M.Scenario] = {}
    if not isinstance(data, Seq):
        return out
    for c in data:
        if not isinstance(c, Map) or not isinstance(c.get("id"), str):
            continue
        if not b.claim("scenario", c["id"], c.pos_of("id")):
            continue
        b.ref("role", c.get("role"), c.pos_of("role"))
        b.ref("scene", c.get("start"), c.pos_of("start"))
        if "chapter" in c:
            b.ref("chapter", c.get("chapter"), c.pos_of("chapter"))
        minutes = raw_minutes if isinstance(raw_minutes := c.get("minutes"), int) else 0
        out[c["id"]] = M.Scenario(c["id"], _s(c, "title", c["id"]), _s(c, "role"), _s(c, "start"), _s(c, "dates"),
                                  minutes, b.effects(c.get("set")), _ids(c, "objectives"), _s(c, "chapter") or None)
    return out


def _record(b: _Builder, k: str, v: Map, pos: Pos) -> M.HistoryRecord:
    _date(b, v)
    dispute = None
    d = v.get("disputed")
    if isinstance(d, Map):
        readings = tuple(M.Reading(_s(r, "view"), _s(r, "held_by")) for r in (d.get("readings") or []) if isinstance(r, Map))
        dispute = M.Dispute(_s(d, "question"), readings)
    for f in _ids(v, "factors"):
        b.ref("factor", f, v.pos_of("factors"))
    sources = _ids(v, "sources")  # none at all: AL044 (or AL012) from the schema
    return M.HistoryRecord(k, _s(v, "date"), _s(v, "title", k), _s(v, "what"), _s(v, "why"), sources,
                           _ids(v, "factors"), dispute, b.loc(pos), b.loc(v.pos_of("sources")))


def _scene(b: _Builder, sc: Map, pos: Pos, texts: list[M.Text]) -> M.Scene:
    sid = sc["id"]
    if "chapter" in sc:
        b.ref("chapter", sc.get("chapter"), sc.pos_of("chapter"))
    if "next" in sc:
        b.ref("scene", sc.get("next"), sc.pos_of("next"))
    background = _s(sc, "background")
    if background:
        _asset(b, "backgrounds", background, sc.pos_of("background"))
    _date(b, sc)
    code: list[Any] = []
    beats = sc.get("beats")
    if isinstance(beats, Seq):
        if not beats:
            b.add(sc.pos_of("beats"), "AL053", f"scene '{sid}' has no beats; add at least one")
        _compile(b, beats, code, texts)
    return M.Scene(sid, _s(sc, "title", sid), _s(sc, "chapter") or None, _s(sc, "date"), _s(sc, "place"),
                   background, _s(sc, "next") or None, tuple(code), b.loc(pos))


_BEAT_KINDS = tuple(S.BEAT.kinds)


def _compile(b: _Builder, beats: Seq, code: list[Any], texts: list[M.Text]) -> None:
    left_scene: str | None = None
    for i, beat in enumerate(beats):
        pos = beats.pos_of(i)
        if not isinstance(beat, Map):
            continue
        kinds = [k for k in _BEAT_KINDS if k in beat]
        if len(kinds) != 1:
            continue  # reported by the schema
        kind = kinds[0]
        if left_scene is not None:
            b.add(pos, "AL054", f"this beat can never be shown: the {left_scene} before it leaves the scene;"
                  " move it before, or remove it")
            left_scene = None
        loc = b.loc(pos)
        if kind == "narrate":
            t = b.text(beat.get("narrate"), beat.pos_of("narrate"))
            texts.append(t)
            code.append(M.Line(t, None, loc))
        elif kind == "say":
            b.ref("character", beat.get("say"), beat.pos_of("say"))
            t = b.text(beat.get("text"), beat.pos_of("text"))
            texts.append(t)
            code.append(M.Line(t, _s(beat, "say"), loc))
        elif kind == "document":
            b.ref("document", beat.get("document"), beat.pos_of("document"))
            code.append(M.ShowDocument(_s(beat, "document"), loc))
        elif kind == "set":
            code.append(M.SetVars(b.effects(beat.get("set")), loc))
        elif kind == "goto":
            b.ref("scene", beat.get("goto"), beat.pos_of("goto"))
            code.append(M.Goto(_s(beat, "goto"), loc))
            left_scene = "goto"
        elif kind == "ending":
            b.ref("ending", beat.get("ending"), beat.pos_of("ending"))
            code.append(M.EndingBeat(_s(beat, "ending"), loc))
            left_scene = "ending"
        elif kind == "chapter":
            b.ref("chapter", beat.get("chapter"), beat.pos_of("chapter"))
            _date(b, beat)
            code.append(M.ChapterCard(_s(beat, "chapter"), _s(beat, "date"), _s(beat, "place"), loc))
        elif kind == "if":
            cond = b.expression(beat.get("if"), beat.pos_of("if"), "bool")
            jump_at = len(code)
            code.append(None)
            then = beat.get("then")
            if isinstance(then, Seq):
                _compile(b, then, code, texts)
            otherwise = beat.get("else")
            skip_at = None
            if isinstance(otherwise, Seq) and otherwise:
                skip_at = len(code)
                code.append(None)
            code[jump_at] = M.JumpUnless(cond or _const(True, E.BOOL), len(code), loc)
            if skip_at is not None and isinstance(otherwise, Seq):
                _compile(b, otherwise, code, texts)
                code[skip_at] = M.Jump(len(code), loc)
        elif kind == "choice":
            code.append(_choice(b, beat.get("choice"), beat.pos_of("choice"), loc, texts))
            _reactions(b, beat.get("choice"), code, len(code) - 1, texts)
        elif kind == "vote":
            code.append(_vote(b, beat.get("vote"), loc, texts))
        elif kind == "appointments":
            code.append(_appointments(b, beat.get("appointments"), beat.pos_of("appointments"), loc, texts))


def _reactions(b: _Builder, c: Any, code: list[Any], at: int, texts: list[M.Text]) -> None:
    """Compile each option's own beats (``then:``, its reaction) after the choice at ``code[at]``.

    The choice is followed by a jump over the reactions, so that an option without one
    goes on past them as before; each reaction ends by going on as its option would
    have: a goto to the option's ``next:`` scene, or a jump to just past the reactions.
    Options without reactions compile exactly as they always did.
    """
    raw = c.get("options") if isinstance(c, Map) else None
    if not isinstance(raw, Seq):
        return
    maps = [o for o in raw if isinstance(o, Map)]  # as _choice reads them: one per option
    if not any(isinstance(o.get("then"), Seq) and o.get("then") for o in maps):
        return
    choice: M.Choice = code[at]
    options = list(choice.options)
    skip_at = len(code)
    code.append(None)
    closers: list[int] = []
    for i, (o, option) in enumerate(zip(maps, options)):
        then = o.get("then")
        if not isinstance(then, Seq) or not then:
            continue
        start = len(code)
        _compile(b, then, code, texts)
        last = then[len(then) - 1]
        leaves = next((k for k in ("goto", "ending") if isinstance(last, Map) and k in last), None)
        if option.next is not None and leaves is not None:
            b.add(o.key_pos_of("next"), "AL054", f"this next: can never be followed: the {leaves} at the end of the"
                  " option's then: leaves the scene first; remove one of them")
        if option.next is not None:
            code.append(M.Goto(option.next, option.loc, (at, i)))
        else:
            closers.append(len(code))
            code.append(None)
        options[i] = dataclasses.replace(option, reaction=start)
    after = len(code)
    for k in (skip_at, *closers):
        code[k] = M.Jump(after, choice.loc)
    code[at] = dataclasses.replace(choice, options=tuple(options))


def _history_refs(b: _Builder, m: Map) -> tuple[str | None, tuple[str, ...]]:
    if "history" in m:
        b.ref("record", m.get("history"), m.pos_of("history"))
    for f in _ids(m, "factors"):
        b.ref("factor", f, m.pos_of("factors"))
    return _s(m, "history") or None, _ids(m, "factors")


def _choice(b: _Builder, c: Any, pos: Pos, loc: M.Loc, texts: list[M.Text]) -> M.Choice:
    if not isinstance(c, Map):
        return M.Choice("", None, (), None, (), loc)
    if isinstance(c.get("id"), str):
        b.claim("decision", c["id"], c.pos_of("id"))
    history, factors = _history_refs(b, c)
    prompt = b.text(c.get("prompt"), c.pos_of("prompt")) if "prompt" in c else None
    if prompt:
        texts.append(prompt)
    options: list[M.Option] = []
    raw = c.get("options")
    if isinstance(raw, Seq):
        for i, o in enumerate(raw):
            if not isinstance(o, Map):
                continue
            opos = raw.pos_of(i)
            t = b.text(o.get("text"), o.pos_of("text"))
            texts.append(t)
            cond = b.expression(o.get("if"), o.pos_of("if"), "bool") if "if" in o else None
            if "next" in o:
                b.ref("scene", o.get("next"), o.pos_of("next"))
            options.append(M.Option(t, cond, b.effects(o.get("set")), _s(o, "next") or None,
                                    o.get("historical") is True, b.loc(opos)))
    historical = any(o.historical for o in options)
    if historical and history is None:
        b.add(c.pos_of("id"), "AL043", f"decision '{_s(c, 'id')}' has a historical option but no 'history:'"
              " link; add the record of what happened")
    return M.Choice(_s(c, "id"), prompt, tuple(options), history, factors, loc,
                    b.loc(c.pos_of("history")), b.loc(c.pos_of("options")))


def _outcome(b: _Builder, m: Any) -> M.Outcome:
    if not isinstance(m, Map):
        return M.Outcome((), None)
    if "next" in m:
        b.ref("scene", m.get("next"), m.pos_of("next"))
    return M.Outcome(b.effects(m.get("set")), _s(m, "next") or None)


def _vote(b: _Builder, v: Any, loc: M.Loc, texts: list[M.Text]) -> M.Vote:
    if not isinstance(v, Map):
        return M.Vote("", "", "", M.Text("", ("",)), 1, _const(0, E.INT), None, None, (), M.Outcome((), None),
                      M.Outcome((), None), loc)
    if isinstance(v.get("id"), str):
        b.claim("decision", v["id"], v.pos_of("id"))
    history, factors = _history_refs(b, v)
    _date(b, v)
    motion = b.text(v.get("motion"), v.pos_of("motion"))
    texts.append(motion)
    votes_for = b.expression(v.get("for"), v.pos_of("for"), "int") or _const(0, E.INT)
    abstain = b.expression(v.get("abstain"), v.pos_of("abstain"), "int") if "abstain" in v else None
    raw_seats = v.get("seats")
    seats = raw_seats if isinstance(raw_seats, int) and not isinstance(raw_seats, bool) else 1
    return M.Vote(_s(v, "id"), _s(v, "body"), _s(v, "date"), motion, max(1, seats), votes_for, abstain, history,
                  factors, _outcome(b, v.get("passed")), _outcome(b, v.get("failed")), loc)


def _appointments(b: _Builder, a: Any, pos: Pos, loc: M.Loc, texts: list[M.Text]) -> M.Appointments:
    if not isinstance(a, Map):
        return M.Appointments("", M.Text("", ("",)), (), None, (), loc)
    if isinstance(a.get("id"), str):
        b.claim("decision", a["id"], a.pos_of("id"))
    history, factors = _history_refs(b, a)
    prompt = b.text(a.get("prompt"), a.pos_of("prompt"))
    texts.append(prompt)
    posts: list[M.Post] = []
    raw = a.get("posts")
    people: set[str] = set()
    if isinstance(raw, Seq):
        seen_posts: set[str] = set()
        for p in raw:
            if not isinstance(p, Map):
                continue
            pid = _s(p, "id")
            if pid in seen_posts:
                b.add(p.pos_of("id"), "AL020", f"post '{pid}' appears twice on this board")
            seen_posts.add(pid)
            cands: list[M.Candidate] = []
            raw_c = p.get("candidates")
            in_post: set[str] = set()
            if isinstance(raw_c, Seq):
                for c in raw_c:
                    if not isinstance(c, Map):
                        continue
                    person = _s(c, "person")
                    b.ref("character", c.get("person"), c.pos_of("person"))
                    if person in in_post:
                        b.add(c.pos_of("person"), "AL052", f"'{person}' is listed twice for post '{pid}'")
                    in_post.add(person)
                    people.add(person)
                    cands.append(M.Candidate(person, b.effects(c.get("set")), c.get("historical") is True,
                                             _s(c, "note")))
            posts.append(M.Post(pid, _s(p, "title", pid), tuple(cands)))
    if posts and len(people) < len(posts):
        b.add(pos, "AL052", f"board '{_s(a, 'id')}' has {len(posts)} posts but only {len(people)} different"
              " candidates; each person fills at most one post — add candidates")
    if posts and any(c.historical for p in posts for c in p.candidates) and history is None:
        b.add(a.pos_of("id"), "AL043", f"board '{_s(a, 'id')}' has historical candidates but no 'history:' link")
    return M.Appointments(_s(a, "id"), prompt, tuple(posts), history, factors, loc)


def _tag_terms(texts: list[M.Text], glossary: Mapping[str, M.Term]) -> None:
    if not glossary:
        return
    names: dict[str, str] = {}
    for term in glossary.values():
        for name in (term.term, *term.aliases):
            if name.strip():
                names.setdefault(name.lower(), term.id)
    pattern = re.compile(r"(?<!\w)(" + _trie_pattern(names) + r")(?!\w)", re.IGNORECASE)
    for t in texts:
        found = tuple(dict.fromkeys(names[m.group(1).lower()] for m in pattern.finditer(t.source)))
        if found:
            object.__setattr__(t, "terms", found)  # set once, before the story is shared


def _trie_pattern(words: Iterable[str]) -> str:
    """An alternation of ``words`` as a trie, e.g. ``pol(?:itburo|itical\\ bureau)``.

    Longer words are tried first, as with ``a|b`` sorted longest first, but the regex
    engine follows one branch per character instead of trying every word at every
    position: tagging glossary terms was a third of loading the campaign.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


_KIND_CODES = {
    "scene": "AL021", "character": "AL022", "document": "AL023", "record": "AL024", "chapter": "AL026",
    "ending": "AL027", "role": "AL028", "factor": "AL029",
}
_KIND_WHERE = {
    "scene": "a scenes: file", "character": "characters:", "document": "documents:", "record": "records:",
    "chapter": "chapters: in story.yaml", "ending": "endings: in story.yaml", "role": "roles: in story.yaml",
    "factor": "factors: in story.yaml",
}


def _check_refs(b: _Builder, tables: Mapping[str, Mapping[str, object]]) -> None:
    for kind, ident, loc in b.refs:
        table = tables[kind]
        if ident in table:
            continue
        guess = difflib.get_close_matches(ident, list(table), n=1, cutoff=0.6)
        hint = f" — did you mean '{guess[0]}'?" if guess else f"; define it under {_KIND_WHERE[kind]}"
        b.out.append(make(loc.path, loc.line, loc.col, _KIND_CODES[kind], f"unknown {kind} '{ident}'{hint}"))


def _compile_views(scenes: Mapping[str, M.Scene], characters: Mapping[str, M.Character]) -> None:
    """Make what instructions show that never varies, once: the step and transcript
    entry of a line without slots (Line.shown: most steps of play are such lines), each
    option's view and each choice's terms. The engine shows these as they are. Set once,
    before the story is shared."""
    for scene in scenes.values():
        for instr in scene.code:
            if type(instr) is M.Choice:
                terms = instr.prompt.terms if instr.prompt else ()
                for i, option in enumerate(instr.options):
                    terms += option.text.terms
                    if option.text.plain is not None:
                        view = V.tuple_new(V.OptionView, (i, option.text.plain, option.historical))
                        object.__setattr__(option, "view", view)
                object.__setattr__(instr, "terms", terms)
                views = tuple(o.view for o in instr.options if o.view is not None and o.condition is None)
                prompt = instr.prompt.plain if instr.prompt else ""
                if views and prompt is not None and len(views) == len(instr.options):
                    object.__setattr__(instr, "shown", V.Step("choice", scene, instr, prompt=prompt, options=views))
            elif type(instr) is M.Line and instr.text.plain is not None:
                text = instr.text.plain
                speaker = characters.get(instr.speaker) if instr.speaker else None
                step = V.Step("line", scene, instr, text, speaker)
                entry = V.Entry({"kind": "line", "speaker": instr.speaker, "text": text})
                object.__setattr__(instr, "shown", (step, entry))


def _scene_chapters(scenes: Mapping[str, M.Scene]) -> dict[str, str]:
    """Each scene's chapter: declared, or the last chapter card in it."""
    out: dict[str, str] = {}
    for scene in scenes.values():
        chapter = scene.chapter
        for instr in scene.code:
            if isinstance(instr, M.ChapterCard):
                chapter = instr.chapter
        if chapter:
            out[scene.id] = chapter
    return out
