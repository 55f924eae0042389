"""YAML's syntax errors in plain words, pointing where the mistake most likely is.

The parser says "mapping values are not allowed in this context" or "did not find
expected key", at the place it got confused, which is often after the mistake.
A teacher or writer needs what to do: put a text with a colon in quotes, close a
quote before more text follows, line a key up with the line above. ``explain``
looks at the lines around the parser's position and returns a message and the
position of the likely mistake, or None to keep the parser's own words.
"""

from __future__ import annotations

import re

from .yamlsafe import Pos

_KEY = re.compile(r"^(\s*(?:-\s+)*)([^\s#'\"{\[][^:#]*?):(\s+|$)")


def _lines(text: str) -> list[str]:
    return text.splitlines()


def _content_col(line: str) -> int:
    """1-based column where a line's content starts, after its indentation and any '- ' markers."""
    m = re.match(r"^(\s*(?:-\s+)*)", line)
    return (len(m.group(1)) if m else 0) + 1


def _indent_col(line: str) -> int:
    return len(line) - len(line.lstrip(" ")) + 1


def _above(lines: list[str], index: int) -> int | None:
    """The index of the nearest line above ``index`` that holds something (not blank, not a comment)."""
    for i in range(index - 1, -1, -1):
        s = lines[i].strip()
        if s and not s.startswith("#"):
            return i
    return None


def _value_start(line: str) -> int | None:
    """1-based column where the value of ``key: value`` starts on this line (None: no key here)."""
    m = _KEY.match(line)
    if not m or not m.group(3):
        return None
    return m.end() + 1


def _unclosed_quote(text: str, begun: Pos) -> tuple[str, Pos] | None:
    lines = _lines(text)
    if not 0 <= begun.line - 1 < len(lines) or len(lines[begun.line - 1]) < begun.col:
        return None
    q = lines[begun.line - 1][begun.col - 1]
    if q not in "\"'":
        return None
    return (f"the quote ({q}) that starts this text is never closed; end the text with {q}",
            begun)


def _tab(line: str, n: int) -> tuple[str, Pos] | None:
    indent = line[:len(line) - len(line.lstrip(" \t"))]
    if "\t" not in indent:
        return None
    return ("a tab in the indentation; YAML indents with spaces only: replace the tab with spaces, lining the"
            " line up with the line above", Pos(n, indent.index("\t") + 1))


def explain(text: str, problem: str, pos: Pos, context: str = "", begun: Pos | None = None) -> tuple[str, Pos] | None:
    """Plain words for a YAML syntax error at ``pos`` (where the parser stopped), and where to look.

    ``context`` and ``begun`` are what the parser was reading and where that began, if it says."""
    lines = _lines(text)
    if "quoted scalar" in context and begun is not None and "end of stream" in problem:
        return _unclosed_quote(text, begun)
    i = pos.line - 1
    if not 0 <= i < len(lines):
        return None
    line = lines[i]
    if "cannot start any token" in problem or "tab character" in problem:
        tab = _tab(line, pos.line)
        if tab is not None:
            return tab
    up = _above(lines, i)
    above = lines[up] if up is not None else ""
    if "mapping values are not allowed" in problem:
        start = _value_start(line)
        if start is not None and start <= pos.col:
            key = line[_content_col(line) - 1:start - 1].strip()
            value = line[start - 1:].strip()
            return (f"a colon inside text that is not in quotes; put the text in quotes: {key} \"{value}\"",
                    Pos(pos.line, start))
        if up is not None and ":" in above and _value_start(above) is None and not above.rstrip().endswith(":") \
                and re.match(r"^\s*(?:-\s+)*[^\s:]+:\S", above):
            key = above.strip().split(":", 1)[0]
            return (f"put a space after the colon on line {up + 1} ('{key}: …'); without it YAML reads"
                    " the whole line as one text", Pos(up + 1, above.index(":") + 1))
        if up is not None and _indent_col(line) > _content_col(above) and not above.rstrip().endswith(":"):
            return _misaligned(pos.line, line, up + 1, above, "more")
    if "did not find expected key" in problem or "expected <block end>" in problem:
        start = _value_start(line)
        if start is not None and start < len(line) + 1 and line[start - 1] in "\"'" and pos.col > start:
            q = line[start - 1]
            key = line[_content_col(line) - 1:start - 1].strip()
            value = line[start - 1:].strip()
            if q == "'":
                fixed = "'" + value.strip("'").replace("'", "''") + "'"
                return (f"this text starts with a quote, so YAML ends it at the next quote; write an apostrophe"
                        f" inside single quotes twice: {key} {fixed}", Pos(pos.line, start))
            return (f"this text starts with a quote, so YAML ends it at the next quote; put the whole text in"
                    f" single quotes: {key} '{value}'", Pos(pos.line, start))
    if ("did not find expected key" in problem or "did not find expected '-' indicator" in problem
            or "expected <block end>" in problem) and up is not None:
        here, there = _indent_col(line), _content_col(above)
        if here != there and here != _indent_col(above):
            return _misaligned(pos.line, line, up + 1, above, "more" if here > there else "less")
    return None


def _misaligned(n: int, line: str, up: int, above: str, how: str) -> tuple[str, Pos]:
    here = _indent_col(line)
    if line.lstrip().startswith("-") and above.lstrip().startswith("-"):
        what, col = "its '-'", _indent_col(above)
    else:
        what, col = "its text", _content_col(above)
    return (f"line {n} is indented {how} than line {up} above it ({what} starts at column {col}, this line at"
            f" column {here}): the keys of one mapping, and the '-' of one list, start in the same column",
            Pos(n, here))
