"""``after-lenin find TEXT``: every place in a story that mentions a person, a term or a phrase.

A writer inserting a scene must first find the earlier text that already told its story.
The search reads the story's files as text (so it works on a story that does not load yet),
matches words across line breaks (a phrase folded over two lines of a ``>-`` block is still
one phrase), ignores comments, and names each hit by ``file:line:col`` and by the scene,
record, document, glossary entry, character or manifest entry it sits in.

A person is found by every name they go by: ``find zinoviev`` also finds "Grigory Zinoviev"
and ``say: zinoviev``; a glossary term by its aliases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..story import model as M

#: Top-level sections of a story file and what one entry of each is called.
KINDS = {
    "scenes": "scene", "records": "record", "documents": "document", "glossary": "glossary entry",
    "characters": "character", "endings": "ending", "scenarios": "scenario", "chapters": "chapter",
    "variables": "variable", "roles": "role", "factors": "factor",
}
_SECTION = re.compile(r"^([A-Za-z_]\w*):")
_LIST_ENTRY = re.compile(r"^  - (?:\{\s*)?id:\s*['\"]?([\w.-]+)")
_MAP_ENTRY = re.compile(r"^  ([\w.-]+):")


@dataclass(frozen=True, order=True)
class Hit:
    """One mention: where, in what, and the line it is on."""

    path: str
    line: int
    col: int
    kind: str  # scene, record, … ('' outside any entry)
    entry: str  # the entry's id
    text: str  # the line, trimmed

    def format(self) -> str:
        where = f"{self.kind} {self.entry}: " if self.kind else ""
        return f"{self.path}:{self.line}:{self.col}: {where}{self.text}"


def names_for(story: M.Story | None, text: str) -> list[str]:
    """Every name to search for: the text, and if it names a person or a term, their other names."""
    wanted = text.strip()
    out = [wanted]
    if story is None:
        return out
    low = wanted.lower()
    for char in story.characters.values():
        surname = char.name.split()[-1] if char.name.split() else char.name
        if low in (char.id.lower(), char.name.lower(), surname.lower()):
            out += [char.name, char.id, surname]
    for term in story.glossary.values():
        if low in (term.id.lower(), term.term.lower(), *(a.lower() for a in term.aliases)):
            out += [term.term, term.id, *term.aliases]
    seen: dict[str, str] = {}
    for n in out:
        if n.strip():
            seen.setdefault(n.lower(), n)  # matching ignores case: one spelling of each is enough
    return list(seen.values())


def _pattern(names: Iterable[str]) -> re.Pattern[str]:
    """Whole words, any case, any run of spaces or a line break (and its indent) between words."""
    alts = sorted({r"\s+".join(re.escape(w) for w in n.split()) for n in names}, key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])", re.IGNORECASE)


def _blank_comments(text: str) -> str:
    """The text with comments turned to spaces (same length: offsets still give line and column)."""
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        stripped = body.lstrip()
        if stripped.startswith("#"):
            cut = len(body) - len(stripped)
        else:
            m = re.search(r"\s#\s", body)  # a trailing comment; a '#' inside words stays
            cut = m.start() if m and body.count('"', 0, m.start()) % 2 == 0 else len(body)
        out.append(body[:cut] + " " * (len(body) - cut) + line[len(body):])
    return "".join(out)


def _entries(lines: list[str]) -> list[tuple[int, str, str]]:
    """(line number, kind, id) where each entry of each section starts, in file order."""
    out: list[tuple[int, str, str]] = []
    section = ""
    for n, line in enumerate(lines, 1):
        top = _SECTION.match(line)
        if top:
            section = top.group(1)
            continue
        kind = KINDS.get(section)
        if kind is None:
            continue
        m = _LIST_ENTRY.match(line) or (_MAP_ENTRY.match(line) if kind not in ("scene", "scenario", "chapter")
                                        else None)
        if m:
            out.append((n, kind, m.group(1)))
    return out


def find(root: str | Path, names: Iterable[str]) -> list[Hit]:
    """Every mention of any of ``names`` in the story folder ``root``, in file and line order."""
    base = Path(root)
    pattern = _pattern(names)
    hits: list[Hit] = []
    for path in sorted(p for p in base.rglob("*.yaml") if p.is_file()
                       and not any(part.startswith(".") for part in p.relative_to(base).parts)):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # `after-lenin check` names the file that cannot be read
        lines = text.splitlines()
        entries = _entries(lines)
        searched = _blank_comments(text)
        shown = (base / path.relative_to(base)).as_posix()
        for m in pattern.finditer(searched):
            line = searched.count("\n", 0, m.start()) + 1
            col = m.start() - (searched.rfind("\n", 0, m.start()) + 1) + 1
            kind, entry = "", ""
            for start, k, ident in entries:
                if start > line:
                    break
                kind, entry = k, ident
            hits.append(Hit(shown, line, col, kind, entry, _snippet(lines[line - 1], col)))
    return hits


def _snippet(line: str, col: int, width: int = 100) -> str:
    text = line.strip()
    lead = len(line) - len(line.lstrip())
    at = col - 1 - lead
    if len(text) <= width:
        return text
    start = max(0, min(at - width // 3, len(text) - width))
    cut = text[start:start + width]
    return ("…" if start else "") + cut + ("…" if start + width < len(text) else "")


def summary(hits: list[Hit]) -> str:
    """'12 mentions in 3 scenes, 1 record' — the places, counted once each."""
    places: dict[str, set[str]] = {}
    for h in hits:
        places.setdefault(h.kind or "other text", set()).add(f"{h.path}#{h.entry}")
    counted = ", ".join(f"{len(v)} {k if len(v) == 1 else _plural(k)}" for k, v in sorted(places.items()))
    return f"{len(hits)} mention(s) in {counted}" if hits else "no mentions"


def _plural(kind: str) -> str:
    return {"glossary entry": "glossary entries", "other text": "other text"}.get(kind, kind + "s")


def lines_for(story: M.Story | None, root: str | Path, text: str) -> Iterator[str]:
    """The command's output: what was searched for, each hit, and the count."""
    names = names_for(story, text)
    if len(names) > 1:
        yield f"searching for: {', '.join(names)}"
    hits = find(root, names)
    for hit in hits:
        yield hit.format()
    yield summary(hits)
