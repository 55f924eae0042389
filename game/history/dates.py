"""Dates for people: ISO dates as written in the story, shown as "21 January 1924"."""

from __future__ import annotations

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def _one(iso: str) -> str:
    parts = iso.strip().split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {int(parts[0])}"
        if len(parts) == 2:
            return f"{_MONTHS[int(parts[1]) - 1]} {int(parts[0])}"
        if len(parts) == 1 and parts[0].isdigit():
            return parts[0]
    except (ValueError, IndexError):
        pass
    return iso


def human_date(iso: str) -> str:
    """``1924-01-21`` → ``21 January 1924``; a range ``A/B`` → ``A – B``; anything else unchanged."""
    if not iso:
        return ""
    first, sep, last = iso.partition("/")
    if not sep:
        return _one(first)
    return f"{_one(first)} – {_one(last)}"
