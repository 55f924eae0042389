"""Who may do what on the classroom server: the teacher's key, one-time sign-in links, and the
limit on wrong guesses.

- The **teacher's key** is made once per database and never leaves the server except to the
  signed-in teacher (the teacher page shows it, for scripts: ``Authorization: Bearer KEY``).
  A browser signed in as the teacher carries it in its signed, HttpOnly session cookie.
- A **sign-in link** carries a one-time token: the first browser to open it becomes the
  teacher's, and the link is dead from then on, so a link seen over a shoulder, left in a
  browser's history or on a projected screen lets nobody in. ``serve`` prints a fresh link at
  every start (the one it printed before stops working); the signed-in teacher can make a
  short-lived one for another device, and ``after-lenin teacher-link`` makes one for a
  running server. Only a hash of each token is stored.
- **Wrong guesses** (class codes, resume codes, teacher links) are counted per address in the
  database, so several server processes share one count and a guesser gains nothing from
  ``--workers N``.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from starlette.requests import Request

from .store import Store

#: The settings key of the teacher's key.
TOKEN_KEY = "teacher_token"
#: Settings keys of unused sign-in links: this prefix, the kind, then the token's hash.
LINK_PREFIX = "teacher-link:"
#: The settings key of the address ``serve`` printed last (``teacher-link`` makes its links with it).
SERVED_AT = "served-at"
#: The link ``serve`` prints at start: good until used, or until the server starts again.
AT_START = "start"
#: A link made for another device: good until used, for a while.
SPARE = "spare"
#: How long a link for another device stays good, from the dashboard and from the command.
DEVICE_MINUTES = 10
COMMAND_MINUTES = 60
#: Wrong teacher links, class codes or resume codes allowed per address per minute.
ATTEMPTS_PER_MINUTE = 10


def teacher_key(store: Store) -> str:
    """The teacher's key for this database, made the first time it is asked for."""
    key = store.setting(TOKEN_KEY)
    if not key:
        key = secrets.token_urlsafe(24)
        store.set_setting(TOKEN_KEY, key)
    return str(key)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def new_link_token(store: Store, kind: str = AT_START, minutes: float | None = None) -> str:
    """A fresh one-time sign-in token. A new start link retires the unused one printed before."""
    if kind == AT_START:
        store.delete_settings(LINK_PREFIX + AT_START + ":")
    token = secrets.token_urlsafe(24)
    expires = "" if minutes is None else repr(time.time() + minutes * 60)
    store.set_setting(f"{LINK_PREFIX}{kind}:{_digest(token)}", expires)
    return token


def use_link_token(store: Store, token: str) -> bool:
    """Whether ``token`` is an unused, unexpired sign-in token; using it retires it (once, even
    when two processes are asked at the same moment: only one of them deletes the row)."""
    if not token:
        return False
    digest = _digest(token)
    for kind in (AT_START, SPARE):
        key = f"{LINK_PREFIX}{kind}:{digest}"
        expires = store.setting(key)
        if expires is None or not store.delete_setting(key):
            continue
        return not expires or time.time() < float(expires)
    return False


class Throttle:
    """Wrong guesses per client address in the last minute, counted in the shared database."""

    def __init__(self, store: Store, limit: int = ATTEMPTS_PER_MINUTE, window: float = 60.0) -> None:
        self.store = store
        self.limit = limit
        self.window = window

    def blocked(self, who: str) -> bool:
        return self.store.failures(who, time.time() - self.window) >= self.limit

    def fail(self, who: str) -> None:
        now = time.time()
        self.store.fail(who, now, now - self.window)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "?"
