"""Students' names in every script: one matching key, near-match hints, file-name slugs.

Teachers type rosters by hand and students type their own names, so the same person
arrives spelt with or without accents, with a curly or straight apostrophe, with an
en dash for a hyphen. The key forgives exactly those differences and nothing more:
it keeps every letter of Cyrillic, Greek, Arabic or CJK names (an ASCII-only fold
used to turn them all into "" and merge different students).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

# Letters that Unicode does not decompose into base + combining mark, folded the way
# people type them on a keyboard without the letter.
_FOLD = str.maketrans({
    "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ß": "ss", "ẞ": "ss", "đ": "d", "Đ": "d",
    "ħ": "h", "Ħ": "h", "ı": "i", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
    "þ": "th", "Þ": "th", "ð": "d", "Ð": "d",
})
_APOSTROPHES = "\u2019\u2018\u02bc\u02bb\u0060\u00b4\u2032\uff07"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"


def name_key(name: str) -> str:
    """The key two spellings of one name share: case, accents, apostrophes, dashes, spaces forgiven.

    Only combining marks are stripped (é -> e, й -> и stays a letter of its script:
    й decomposes to и + breve, which is how Russian speakers without the key type it).
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_FOLD)
    for ch in _APOSTROPHES:
        text = text.replace(ch, "'")
    for ch in _DASHES:
        text = text.replace(ch, "-")
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(text.split())


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
    shell); other scripts keep their letters ("Анна Петрова" -> "анна-петрова").
    """
    key = name_key(text)
    slug = re.sub(r"[^\w]+|_+", "-", key).strip("-")
    return slug[:limit].strip("-") or default
