"""What every response and request goes through: headers, size limits, CSRF tokens.

The pages load nothing from elsewhere (``default-src 'self'``), never run inline
script or style, and cannot be framed. Request bodies are capped, because the only
thing a student ever sends is a form of a few fields (reflection answers included).
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The largest request body accepted (a form with a reflection essay fits many times over).
MAX_BODY = 64 * 1024
#: The teacher's new-class form may carry an assignment file: the form answers a file over 256 kB
#: itself, in the teacher's words, so the request may be a little larger than that.
UPLOADS = {"/teacher/classes": 300 * 1024}

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")

HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]

TOO_LARGE = (b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too much text</title></head>"
             b"<body><main><h1>Too much text</h1><p>That form sent more than the game accepts "
             b"(64 kB). Go back, shorten your answer and send it again.</p></main></body></html>")


class Guard:
    """ASGI middleware: security headers on every response; bodies over MAX_BODY refused with 413."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        limit = UPLOADS.get(scope.get("path", ""), MAX_BODY)
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _too_large(send)
            return
        seen = 0
        began = time.perf_counter()

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge()
            return message

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                existing = {k.lower() for k, _ in message.get("headers", [])}
                # Server-Timing: the time this process spent on the request up to its answer, so a load
                # test can tell the server's own time from the time spent queueing or on the wire.
                timing = f"app;dur={(time.perf_counter() - began) * 1000:.2f}".encode()
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in HEADERS if k not in existing] + [(b"server-timing", timing)]
            await send(message)

        try:
            await self.app(scope, limited, with_headers)
        except BodyTooLarge:
            await _too_large(send)


class BodyTooLarge(Exception):
    pass


async def _too_large(send: Send) -> None:
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/html; charset=utf-8"), *HEADERS]})
    await send({"type": "http.response.body", "body": TOO_LARGE})


def new_token() -> str:
    return secrets.token_urlsafe(24)


def same_token(expected: object, given: object) -> bool:
    return isinstance(expected, str) and isinstance(given, str) and bool(expected) and \
        hmac.compare_digest(expected, given)


def secret_key(data_dir: Path) -> str:
    """The key that signs session cookies, kept in the data folder so a restarted server knows its students."""
    path = data_dir / "web-secret"
    try:
        key = path.read_text(encoding="ascii").strip()
        if len(key) >= 32:
            return key
    except (OSError, UnicodeDecodeError):
        pass
    key = secrets.token_hex(32)
    data_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(key, encoding="ascii")
    tmp.chmod(0o600)
    tmp.replace(path)
    return key
