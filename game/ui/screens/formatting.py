"""Words for dates and times as players read them."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from ...history.dates import human_date as _human_date

if TYPE_CHECKING:  # pragma: no cover
    from ...engine.saves import SaveInfo


def human_date(iso: str) -> str:
    """``1924-01-21`` → ``21 January 1924``; '' stays ''."""
    return _human_date(iso) if iso else ""


def saved_when(stamp: str, now: _dt.datetime | None = None) -> str:
    """A save's ISO time as "Today, 14:03", "Yesterday, 09:12" or "3 March 2026, 18:40"."""
    try:
        when = _dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return stamp
    now = now or _dt.datetime.now(when.tzinfo)
    clock = when.strftime("%H:%M")
    if when.date() == now.date():
        return f"Today, {clock}"
    if when.date() == (now - _dt.timedelta(days=1)).date():
        return f"Yesterday, {clock}"
    return f"{when.day} {when.strftime('%B %Y')}, {clock}"


def save_where(info: SaveInfo) -> str:
    """Where a save stands: "chapter 3: The Georgian Affair" (or its scene, or its scenario)."""
    if info.chapter and info.chapter_number:
        return f"chapter {info.chapter_number}: {info.chapter}"
    return info.chapter or info.scene_title or info.scenario or "a game"
