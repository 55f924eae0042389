"""Type: the shipped fonts, light emphasis, our own word wrap, and a render cache.

Text is laid out in *physical* pixels with a font opened at the real size
(logical size × window scale), so it stays sharp at any window size instead of
being a scaled bitmap. We wrap ourselves (``Font.render(wraplength=)`` cannot be
measured beforehand, pygame-ce issue 2127) and render each paragraph once into a
surface; a typewriter then reveals that surface line by line, never re-rendering.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import pygame

from .. import paths
from .kerning import CapsKerned, Face
from .theme import Colour

FONT_FILES = {
    "label": "PTSansNarrow-Bold.ttf",
    "serif": "PTSerif-Regular.ttf",
    "serif_bold": "PTSerif-Bold.ttf",
    "serif_italic": "PTSerif-Italic.ttf",
    "type": "CMUTypewriter-Bold.ttf",
    "dys": "OpenDyslexic-Regular.otf",
    "dys_bold": "OpenDyslexic-Bold.otf",
}

#: Labels and headings grow with the text size too (issue 12.8), but one already this large
#: (logical px) stays as it is until the small text catches up with it: a 40 px heading at
#: 200 % becomes 56 px, not 80, and a chapter's poster numeral keeps its size.
LABEL_CAP = 28

#: OpenDyslexic's letters are much larger at the same nominal size; this keeps line lengths comparable.
DYSLEXIC_FACTOR = 0.80

_EMPHASIS = re.compile(r"\*\*(.+?)\*\*|\*(?!\s)(.+?)(?<!\s)\*", re.S)


@dataclass(frozen=True, slots=True)
class TextStyle:
    """How a piece of text looks. ``role``: label (titles, buttons), body, doc (typewriter).

    ``scalable`` text follows the player's text size and the dyslexia font; the rest (labels,
    titles, key hints) keeps its face and follows the text size up to :data:`LABEL_CAP`.
    """

    role: str = "body"
    size: float = 24
    colour: Colour = (0, 0, 0)
    leading: float = 1.3  # line height as a multiple of the size
    align: str = "left"  # left | center | right
    scalable: bool = True
    markup: bool = True  # honour *italic* and **bold**
    #: False keeps a non-scalable label at its size at every text size: only for a screen whose
    #: frame is not yet laid out from measured text (the reflection form), never for new code.
    grows: bool = True

    def with_(self, **changes: object) -> TextStyle:
        from dataclasses import replace

        return replace(self, **changes)  # type: ignore[arg-type]


def parse_emphasis(text: str) -> list[tuple[str, str]]:
    """Split ``*italic*`` and ``**bold**`` into (text, 'regular'|'italic'|'bold') runs."""
    runs: list[tuple[str, str]] = []
    pos = 0
    for m in _EMPHASIS.finditer(text):
        if m.start() > pos:
            runs.append((text[pos:m.start()], "regular"))
        if m.group(1) is not None:
            runs.append((m.group(1), "bold"))
        else:
            runs.append((m.group(2), "italic"))
        pos = m.end()
    if pos < len(text):
        runs.append((text[pos:], "regular"))
    return runs or [("", "regular")]


def plain(text: str) -> str:
    """Text without emphasis markers (for search and measuring)."""
    return "".join(t for t, _ in parse_emphasis(text))


@dataclass
class _Segment:
    text: str
    style: str
    x: int
    width: int
    bounds: list[int] | None = None  # x after each character, filled in on first reveal


@dataclass
class _Line:
    y: int
    height: int
    x: int
    width: int
    segments: list[_Segment]

    @property
    def chars(self) -> int:
        return sum(len(s.text) for s in self.segments)


@dataclass
class Paragraph:
    """A laid-out, rendered paragraph (physical pixels) that can be partly revealed."""

    surface: pygame.Surface
    lines: list[_Line]
    fonts: dict[str, Face] = field(repr=False)
    chars: int = 0
    _ink: tuple[int, int, int, int] | None = field(default=None, repr=False)

    @property
    def size(self) -> tuple[int, int]:
        return self.surface.get_size()

    @property
    def ink(self) -> tuple[int, int, int, int]:
        """The rectangle of pixels actually inked (physical px; the layout check compares these)."""
        if self._ink is None:
            r = self.surface.get_bounding_rect(min_alpha=40)
            self._ink = (r.x, r.y, r.w, r.h)
        return self._ink

    def reveal_areas(self, count: int) -> list[tuple[int, int, int, int]]:
        """Source rectangles that show the first ``count`` characters (all when count ≥ chars)."""
        if count >= self.chars:
            return [(0, 0, *self.surface.get_size())]
        areas = []
        left = count
        for line in self.lines:
            if left <= 0:
                break
            n = line.chars
            if left >= n:
                areas.append((0, line.y, line.x + line.width, line.height))
                left -= n
                continue
            areas.append((0, line.y, self._cut(line, left), line.height))
            break
        return areas

    def _cut(self, line: _Line, count: int) -> int:
        for seg in line.segments:
            if count > len(seg.text):
                count -= len(seg.text)
                continue
            if seg.bounds is None:
                font = self.fonts[seg.style]
                seg.bounds = [font.size(seg.text[:i])[0] for i in range(1, len(seg.text) + 1)]
            return seg.x + (seg.bounds[count - 1] if count > 0 else 0)
        return line.x + line.width


class FontBook:
    """One ``pygame.font.Font`` per file and pixel size, opened from assets/fonts (never SysFont)."""

    def __init__(self, font_dir: Path | None = None) -> None:
        self.dir = font_dir or paths.assets_dir() / "fonts"
        self._fonts: OrderedDict[tuple[str, int, bool], Face] = OrderedDict()
        self.text_scale = 1.0
        self.dyslexic = False

    def font(self, key: str, px: int, italic: bool = False) -> Face:
        k = (key, px, italic)
        face = self._fonts.get(k)
        if face is None:
            path = self.dir / FONT_FILES[key]
            try:
                font = pygame.font.Font(str(path), px)
            except (OSError, FileNotFoundError, pygame.error):
                font = pygame.font.Font(None, px)  # pygame's own bundled face: never a crash
            if italic:
                font.italic = True  # OpenDyslexic ships no italic; a slant still marks emphasis
            face = CapsKerned(font) if key.startswith("dys") else font
            self._fonts[k] = face
            if len(self._fonts) > 96:
                self._fonts.popitem(last=False)
        else:
            self._fonts.move_to_end(k)
        return face

    def scaled(self, size: float, scalable: bool = True) -> float:
        """A logical type size after the player's text size (see :data:`LABEL_CAP`)."""
        k = self.text_scale
        if scalable or k <= 1.0:
            return size * k
        return max(size, min(size * k, LABEL_CAP * k))

    def faces(self, style: TextStyle, scale: float) -> tuple[dict[str, Face], int]:
        """The fonts for regular/bold/italic runs of a style at a window scale, and the pixel size."""
        size = self.scaled(style.size, style.scalable) if style.grows or style.scalable else style.size
        if style.role == "label":
            px = max(6, round(size * scale))
            f = self.font("label", px)
            return {"regular": f, "bold": f, "italic": f}, px
        if self.dyslexic and style.scalable:
            px = max(6, round(size * scale * DYSLEXIC_FACTOR))
            return {"regular": self.font("dys", px), "bold": self.font("dys_bold", px),
                    "italic": self.font("dys", px, italic=True)}, px
        px = max(6, round(size * scale))
        if style.role == "doc":
            f = self.font("type", px)
            return {"regular": f, "bold": f, "italic": f}, px
        return {"regular": self.font("serif", px), "bold": self.font("serif_bold", px),
                "italic": self.font("serif_italic", px)}, px


def _tokens(runs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Words, single spaces and newlines, each with its run style."""
    out: list[tuple[str, str]] = []
    for text, style in runs:
        for part in re.split(r"(\n| +)", text):
            if not part:
                continue
            if part == "\n":
                out.append(("\n", style))
            elif part.isspace():
                out.append((" ", style))
            else:
                out.append((part, style))
    return out


def _prepare(text: str, style: TextStyle, fonts: dict[str, Face]) -> list[tuple[str, str]]:
    runs = parse_emphasis(text) if style.markup else [(text, "regular")]
    return _tokens(runs)


def wrap(text: str, style: TextStyle, fonts: dict[str, Face], px: int,
         max_width: int | None) -> list[_Line]:
    """Break ``text`` into lines no wider than ``max_width`` physical px (None: only at newlines)."""
    line_h = max(1, round(px * style.leading))
    limit = max_width if max_width and max_width > 0 else 1 << 30
    lines: list[list[tuple[str, str]]] = [[]]
    widths: list[int] = [0]
    size_cache: dict[tuple[str, str], int] = {}

    def width_of(word: str, st: str) -> int:
        w = size_cache.get((word, st))
        if w is None:
            w = size_cache[(word, st)] = fonts[st].size(word)[0]
        return w

    for word, st in _prepare(text, style, fonts):
        if word == "\n":
            lines.append([])
            widths.append(0)
            continue
        current = lines[-1]
        if word == " ":
            if current:
                current.append((" ", st))
                widths[-1] += width_of(" ", st)
            continue
        w = width_of(word, st)
        if widths[-1] + w > limit and any(t != " " for t, _ in current):
            while current and current[-1][0] == " ":
                widths[-1] -= width_of(" ", current[-1][1])
                current.pop()
            lines.append([])
            widths.append(0)
            current = lines[-1]
        if w > limit:  # a word longer than the line: break it by characters
            piece = ""
            for ch in word:
                if piece and width_of(piece + ch, st) > limit:
                    current.append((piece, st))
                    lines.append([])
                    widths.append(0)
                    current = lines[-1]
                    piece = ""
                piece += ch
            word = piece
            w = width_of(word, st)
        current.append((word, st))
        widths[-1] += w
    built: list[_Line] = []
    y = 0
    for tokens in lines:
        while tokens and tokens[-1][0] == " ":  # trailing spaces would make the reveal pause at line ends
            tokens.pop()
        segs: list[_Segment] = []
        for word, st in tokens:
            if segs and segs[-1].style == st:
                segs[-1].text += word
            else:
                segs.append(_Segment(word, st, 0, 0))
        x = 0
        for seg in segs:
            seg.x = x
            seg.width = fonts[seg.style].size(seg.text)[0]
            x += seg.width
        built.append(_Line(y, line_h, 0, x, segs))
        y += line_h
    return built


def typeset(text: str, style: TextStyle, fonts: dict[str, Face], px: int,
            max_width: int | None) -> Paragraph:
    """Wrap and render ``text`` (physical pixels). ``max_width`` None means one line per hard break."""
    built = wrap(text, style, fonts, px, max_width)
    max_w = max((line.width for line in built), default=0)
    y = built[-1].y + built[-1].height
    line_h = built[0].height
    width = max(1, max_w if style.align == "left" or max_width is None else max_width)
    # The last line's descenders may hang below a tight leading; leave room for them.
    extra = max(0, (fonts["regular"].get_height() - line_h + 1) // 2)
    surface = pygame.Surface((width, max(1, y + extra)), pygame.SRCALPHA)
    # Transparent pixels carry the text colour so antialiased edges blend without a dark fringe.
    surface.fill((*style.colour, 0))
    for line in built:
        shift = 0
        if style.align == "center":
            shift = (width - line.width) // 2
        elif style.align == "right":
            shift = width - line.width
        line.x = shift
        for seg in line.segments:
            seg.x += shift
            if seg.text.strip():
                font = fonts[seg.style]
                img = font.render(seg.text, True, style.colour)
                surface.blit(img, (seg.x, line.y + (line_h - font.get_height()) // 2))
    chars = sum(line.chars for line in built)
    return Paragraph(surface, built, fonts, chars)


class TextCache:
    """Rendered paragraphs keyed by (text, style, font px, width), bounded by bytes not count."""

    def __init__(self, book: FontBook, budget_bytes: int = 32 * 1024 * 1024) -> None:
        self.book = book
        self.budget = budget_bytes
        self._items: OrderedDict[tuple[object, ...], Paragraph] = OrderedDict()
        self._sizes: dict[tuple[object, ...], tuple[int, int]] = {}
        self._bytes = 0

    def clear(self) -> None:
        self._items.clear()
        self._sizes.clear()
        self._bytes = 0

    def measure(self, text: str, style: TextStyle, scale: float, max_width_px: int | None) -> tuple[int, int]:
        """Width and height (physical px, height by line boxes) without rendering anything."""
        fonts, px = self.book.faces(style, scale)
        key = (text, style, px, self.book.dyslexic and style.scalable, max_width_px)
        para = self._items.get(key)
        if para is not None:
            last = para.lines[-1]
            return para.size[0], last.y + last.height
        size = self._sizes.get(key)
        if size is None:
            lines = wrap(text, style, fonts, px, max_width_px)
            w = max((line.width for line in lines), default=0)
            if style.align != "left" and max_width_px is not None:
                w = max_width_px
            size = (max(1, w), lines[-1].y + lines[-1].height)
            if len(self._sizes) > 4096:
                self._sizes.clear()
            self._sizes[key] = size
        return size

    def get(self, text: str, style: TextStyle, scale: float, max_width_px: int | None) -> Paragraph:
        fonts, px = self.book.faces(style, scale)
        key = (text, style, px, self.book.dyslexic and style.scalable, max_width_px)
        para = self._items.get(key)
        if para is not None:
            self._items.move_to_end(key)
            return para
        para = typeset(text, style, fonts, px, max_width_px)
        w, h = para.size
        self._items[key] = para
        self._bytes += w * h * 4
        while self._bytes > self.budget and len(self._items) > 1:
            _, old = self._items.popitem(last=False)
            ow, oh = old.size
            self._bytes -= ow * oh * 4
        return para
