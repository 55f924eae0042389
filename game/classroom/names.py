"""Students' names in every script: one matching key, near-match hints, file-name slugs.

Teachers type rosters by hand and students type their own names, so the same person
arrives spelt with or without accents, with a curly or straight apostrophe, with an
en dash for a hyphen. The key forgives exactly those differences and nothing more:
it keeps every letter of Cyrillic, Greek, Arabic or CJK names (an ASCII-only fold
used to turn them all into "" and merge different students).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Iterable

# Letters that Unicode does not decompose into base + combining mark, folded the way
# people type them on a keyboard without the letter.
_FOLD = str.maketrans({
    "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ß": "ss", "ẞ": "ss", "đ": "d", "Đ": "d",
    "ħ": "h", "Ħ": "h", "ı": "i", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
    "þ": "th", "Þ": "th", "ð": "d", "Ð": "d", "ŀ": "l", "Ŀ": "l", "ŧ": "t", "Ŧ": "t",
})
_APOSTROPHES = "\u2019\u2018\u02bc\u02bb\u0060\u00b4\u2032\uff07"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_UNIFY = str.maketrans({**{ch: "'" for ch in _APOSTROPHES}, **{ch: "-" for ch in _DASHES}})

# Scripts whose marks are optional when typing (accents, Greek tonos, Arabic and Hebrew
# vowel points). In Devanagari, Thai or Japanese kana a "combining" mark is part of
# the letter (ガ is not カ), so there the marks stay.
_OPTIONAL_MARKS = ("LATIN", "GREEK", "CYRILLIC", "ARABIC", "HEBREW")


def _script(ch: str) -> str:
    return unicodedata.name(ch, "").split(" ", 1)[0] if ch else ""


def _strip_optional_marks(text: str) -> str:
    out: list[str] = []
    base = ""
    for ch in text:
        if not unicodedata.combining(ch):
            base = ch
        elif _script(base) in _OPTIONAL_MARKS or _script(ch) in ("ARABIC", "HEBREW"):
            continue  # an accent, tonos, breve or vowel point: people type the name without it
        out.append(ch)
    return "".join(out)


def _plain(text: str, lower: Callable[[str], str] = str.casefold) -> str:
    """Case, apostrophes, dashes, invisible characters and spaces unified; every letter kept."""
    text = unicodedata.normalize("NFC", text).translate(_UNIFY)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc"))
    return " ".join(lower(text).split())


def _folded(name: str, lower: Callable[[str], str]) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = _strip_optional_marks(text).translate(_FOLD)
    return _plain(text, lower) or _plain(name, lower)


def name_key(name: str) -> str:
    """The key two spellings of one name share: case, accents, apostrophes, dashes, spaces forgiven.

    Only optional marks are stripped (é -> e; й -> и, which is how Russian speakers
    without the key type it); letters of other scripts are kept whole. A name never
    folds to "" unless it is empty: a name made only of marks keeps them.
    """
    return _folded(name, str.casefold)


def near_matches(name: str, roster: Iterable[str], limit: int = 3) -> list[str]:
    """Roster names close to ``name`` (a typo, a swapped first and last name), best first."""
    by_key: dict[str, str] = {}
    for entry in roster:
        by_key.setdefault(name_key(entry), entry)
    key = name_key(name)
    swapped = " ".join(reversed(key.split()))
    found: list[str] = []
    if swapped != key and swapped in by_key:
        found.append(by_key[swapped])
    for k in difflib.get_close_matches(key, list(by_key), n=limit, cutoff=0.75):
        if by_key[k] not in found and k != key:
            found.append(by_key[k])
    return found[:limit]


def file_slug(text: str, limit: int = 40, default: str = "student") -> str:
    """A readable file-name part in the name's own script: letters and digits kept, the rest one dash.

    Latin accents are dropped (so "Łukasiewicz" -> "lukasiewicz", easy to type in a
    shell); other scripts keep their letters ("Анна Петрова" -> "анна-петрова"), and
    the vowel signs of Devanagari or Thai stay with their letters.
    """
    out: list[str] = []
    for ch in _folded(text, str.lower):  # lower, not casefold: Greek keeps its final ς
        keep = ch.isalnum() or (unicodedata.category(ch)[0] == "M" and bool(out) and out[-1] != "-")
        if keep:
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    slug = "".join(out).strip("-")
    return slug[:limit].strip("-") or default
