"""The terminal's side of the saves: never lose a game in progress, say where a resumed game stands.

Starting a new game keeps the one in progress (``SaveStore.keep_previous``); on a terminal the
player is asked first, and ``--continue`` lists the autosave with the games kept before it.
Streams are passed in (tests use ``StringIO``), as in the player.
"""

from __future__ import annotations

import datetime as _dt
from typing import TextIO

from ..engine.saves import AUTOSAVE, PREVIOUS, SaveInfo, SaveStore
from ..history.dates import human_date


def where(info: SaveInfo) -> str:
    """"chapter 3: The Georgian Affair — 12 March 1923" (what is known of it)."""
    if info.chapter and info.chapter_number:
        place = f"chapter {info.chapter_number}: {info.chapter}"
    else:
        place = info.chapter or info.scene_title or info.scenario or "a game"
    date = human_date(info.date) if info.date else ""
    return f"{place} — {date}" if date else place


def saved_when(stamp: str) -> str:
    """A save's ISO time as "3 December 2026, 14:03" (or the stamp itself when it is not one)."""
    try:
        when = _dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return stamp
    return f"{when.day} {when.strftime('%B %Y')}, {when.strftime('%H:%M')}"


def in_progress(store: SaveStore) -> SaveInfo | None:
    """The autosave when it holds a game not yet at its ending."""
    try:
        saves = store.list()
    except OSError:
        return None
    return next((s for s in saves if s.slot == AUTOSAVE and not s.damaged and not s.finished), None)


def confirm_new_game(store: SaveStore, inp: TextIO, out: TextIO) -> bool:
    """Ask before a new game pushes the game in progress aside. True: start the new game.

    Only for a player at a terminal: piped input would take the question's answer from the
    story's choices. Enter alone keeps the old game (Enter never decides, issue 12.1).
    """
    info = in_progress(store)
    if info is None:
        return True
    out.write(f"You have a game in progress: {where(info)} (saved {saved_when(info.saved_at)}).\n"
              "A new game keeps it in your saves as previous-1 (play it again with --continue).\n")
    while True:
        out.write("Start a new game? Type y for a new game, n to stop here: ")
        out.flush()
        line = inp.readline()
        answer = line.strip().lower()
        if not line or answer in ("n", "no", "q"):
            out.write("Nothing changed. `after-lenin play --text --continue` goes on with your game.\n")
            return False
        if answer in ("y", "yes"):
            return True


def resumable(store: SaveStore) -> list[SaveInfo]:
    """The autosave and the games kept before it, in that order (those that can be loaded)."""
    try:
        saves = {s.slot: s for s in store.list() if not s.damaged}
    except OSError:
        return []
    return [saves[slot] for slot in (AUTOSAVE, *PREVIOUS) if slot in saves]


def choose_resume(store: SaveStore, inp: TextIO, out: TextIO, interactive: bool) -> str:
    """Which save ``--continue`` resumes: the autosave, unless a player at a terminal picks a kept one."""
    games = resumable(store)
    if not interactive or len(games) < 2:
        return AUTOSAVE
    out.write("Your games:\n")
    for n, info in enumerate(games, 1):
        label = "the game in progress" if info.slot == AUTOSAVE else f"kept ({info.slot})"
        done = ", finished" if info.finished else ""
        out.write(f"  {n}. {where(info)}{done} — saved {saved_when(info.saved_at)}, {label}\n")
    while True:
        out.write(f"Which one? Type a number from 1 to {len(games)} (Enter: 1): ")
        out.flush()
        line = inp.readline()
        answer = line.strip()
        if not line or not answer:
            return AUTOSAVE
        if answer.isdigit() and 1 <= int(answer) <= len(games):
            return games[int(answer) - 1].slot


def resumed_line(store: SaveStore, slot: str) -> str:
    """The one line ``--continue`` prints before play goes on: where the player is (issue 12.9)."""
    info = next((s for s in resumable(store) if s.slot == slot), None)
    if info is None:
        return ""
    scene = f", {info.scene_title}" if info.scene_title and info.scene_title != info.chapter else ""
    return f"Continuing your game: {where(info)}{scene} (saved {saved_when(info.saved_at)})."
