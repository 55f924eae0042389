"""Simulated students over HTTP, one connection each, for the load bench (``python -m bench web``)
and the test that 300 students writing at once lose no update.

Just enough HTTP/1.1 over asyncio streams that hundreds of students cost the machine little
(a few per cent of one core for 300): the server under test, not the client, should use the
CPU. Nothing in the game imports this module.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import time
from typing import Any
from urllib.parse import quote_plus

CSRF = re.compile(rb'name="csrf" value="([^"]+)"')
VERSION = re.compile(rb'data-version="(\d+)"')
KIND = re.compile(rb'data-kind="([a-z]+)"')
OPTION = re.compile(rb'name="option" value="(\d+)"')
POST = re.compile(rb'name="post-([^"]+)" value="([^"]+)"')


class Client:
    """One student's HTTP/1.1 connection with its cookie."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie = ""
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.server_s = 0.0  # the server's own time (its Server-Timing header), summed over the requests

    async def request(self, method: str, path: str, form: dict[str, str] | None = None,
                      extra: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        body = "&".join(f"{k}={quote_plus(v)}" for k, v in (form or {}).items()).encode()
        head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}", "Accept-Encoding: identity"]
        if self.cookie:
            head.append(f"Cookie: {self.cookie}")
        head += [f"{k}: {v}" for k, v in (extra or {}).items()]
        if form is not None:
            head += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
            if name.strip().lower() == "set-cookie":
                self.cookie = value.strip().split(";", 1)[0]
        timing = headers.get("server-timing", "")
        if "dur=" in timing:
            self.server_s += float(timing.split("dur=", 1)[1].split(";", 1)[0]) / 1000
        if "content-length" in headers:
            data = await self.reader.readexactly(int(headers["content-length"]))
        else:  # chunked
            data = b""
            while True:
                size = int((await self.reader.readline()).strip(), 16)
                if size == 0:
                    await self.reader.readline()
                    break
                data += await self.reader.readexactly(size)
                await self.reader.readline()
        return status, headers, data

    async def follow(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, bytes]:
        status, headers, data = await self.request(method, path, form)
        if status == 303:
            status, headers, data = await self.request("GET", headers["location"])
        return status, data

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


class Learner:
    """A simulated student: joins a class (or starts a game) and plays on random options.

    ``decisions`` counts the decisions made (choices, boards and votes, as the report logs
    them); ``steps`` and ``server`` the seconds each step took as the student saw it and in
    the server itself. A step is the POST of the action plus the GET it redirects to.
    """

    def __init__(self, port: int, rng: random.Random) -> None:
        self.c = Client(port)
        self.rng = rng
        self.status = 0
        self.page = b""
        self.csrf = ""
        self.decisions = 0
        self.acts = 0
        self.steps: list[float] = []
        self.server: list[float] = []

    async def join(self, code: str, name: str) -> None:
        await self._open()
        self.status, self.page = await self.c.follow("POST", "/join", {"csrf": self.csrf, "code": code, "name": name})
        self.status, self.page = await self.c.follow("GET", "/play")

    async def start(self, scenario: str) -> None:
        await self._open()
        self.status, self.page = await self.c.follow("POST", "/new", {"csrf": self.csrf, "scenario": scenario,
                                                                       "confirm": "yes"})

    async def _open(self) -> None:
        self.status, self.page = await self.c.follow("GET", "/")
        found = CSRF.search(self.page)
        if found is None:
            raise RuntimeError(f"no form on the start page (HTTP {self.status})")
        self.csrf = found.group(1).decode()

    @property
    def kind(self) -> str:
        found = KIND.search(self.page)
        return found.group(1).decode() if found else ""

    @property
    def version(self) -> int:
        found = VERSION.search(self.page)
        if found is None:
            raise RuntimeError(f"the page has no game on it (HTTP {self.status})")
        return int(found.group(1))

    async def step(self) -> None:
        """One action on the page in front of the student: a random option, a board, or Continue."""
        if self.status != 200:
            raise RuntimeError(f"HTTP {self.status}")
        kind = self.kind
        form = {"csrf": self.csrf, "v": str(self.version), "do": "advance"}
        if kind == "choice":
            form.update(do="choose", option=self.rng.choice(OPTION.findall(self.page)).decode())
            self.decisions += 1
        elif kind == "appointments":
            posts: dict[str, str] = {}
            for post, person in POST.findall(self.page):
                if post.decode() not in posts and person.decode() not in posts.values():
                    posts[post.decode()] = person.decode()
            form.update(do="appoint", **{f"post-{k}": v for k, v in posts.items()})
            self.decisions += 1
        elif kind == "vote":
            self.decisions += 1  # a vote is a decision in the log too
        start, own = time.perf_counter(), self.c.server_s
        self.status, self.page = await self.c.follow("POST", "/act", form)
        self.steps.append(time.perf_counter() - start)
        self.server.append(self.c.server_s - own)
        self.acts += 1
        if self.status != 200:
            raise RuntimeError(f"HTTP {self.status} after {kind}")

    async def report(self) -> dict[str, Any]:
        """The student's report as they would download it (``/report.json``)."""
        status, _headers, data = await self.c.request("GET", "/report.json")
        if status != 200:
            raise RuntimeError(f"HTTP {status} for the report")
        value = json.loads(data)
        return value if isinstance(value, dict) else {}

    def close(self) -> None:
        self.c.close()
