"""The browser front end under a class: ``python -m bench web``.

Starts one real ``after-lenin serve`` process and measures, beside a floor taken in the
same run (the same clients asking ``/healthz``, which touches no game):

- server time per step, p50 and p99: a step is the POST of a decision or a Continue plus
  the GET of the page it redirects to, as the browser does it;
- **300 simulated students** playing whole chapters at once (an asyncio client of our own,
  one connection each, over loopback); errors and lost decisions (each student's report
  must list exactly the decisions they made);
- memory per active student (the server's resident memory before and after);
- first-screen weight (HTML, CSS, JS, fonts, SVG as the browser fetches them, compressed);
- time to usable on localhost in Debian's Chromium, when Playwright is installed.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import random
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from game.web import pilot

THINK = (0.5, 2.5)  # seconds between a student's clicks
CSRF = re.compile(rb'name="csrf" value="([^"]+)"')
VERSION = re.compile(rb'data-version="(\d+)"')
KIND = re.compile(rb'data-kind="([a-z]+)"')
OPTION = re.compile(rb'name="option" value="(\d+)"')
POST = re.compile(rb'name="post-([^"]+)" value="([^"]+)"')


class Client:
    """One student's HTTP/1.1 connection with its cookie: just enough HTTP for the bench."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie = ""
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, dict[str, str],
                                                                                                    bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        body = "&".join(f"{k}={_quote(v)}" for k, v in (form or {}).items()).encode()
        head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}", "Accept-Encoding: identity"]
        if self.cookie:
            head.append(f"Cookie: {self.cookie}")
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


def _quote(value: str) -> str:
    from urllib.parse import quote_plus

    return quote_plus(value)


async def _student(port: int, scenario: str, seed: int, steps: list[float], out: dict[str, int]) -> None:
    rng = random.Random(seed)
    c = Client(port)
    try:
        status, page = await c.follow("GET", "/")
        csrf = CSRF.search(page).group(1).decode()  # type: ignore[union-attr]
        status, page = await c.follow("POST", "/new", {"csrf": csrf, "scenario": scenario, "confirm": "yes"})
        made = 0
        while True:
            if status != 200:
                out["errors"] += 1
                return
            kind = KIND.search(page).group(1).decode()  # type: ignore[union-attr]
            if kind == "ending":
                break
            version = VERSION.search(page).group(1).decode()  # type: ignore[union-attr]
            form = {"csrf": csrf, "v": version, "do": "advance"}
            if kind == "choice":
                form.update(do="choose", option=rng.choice(OPTION.findall(page)).decode())
                made += 1
            elif kind == "appointments":
                posts: dict[str, str] = {}
                for post, person in POST.findall(page):
                    if post.decode() not in posts and person.decode() not in posts.values():
                        posts[post.decode()] = person.decode()
                form.update(do="appoint", **{f"post-{k}": v for k, v in posts.items()})
                made += 1
            elif kind == "vote":
                made += 1  # a vote is a decision in the log too
            start = time.perf_counter()
            status, page = await c.follow("POST", "/act", form)
            steps.append(time.perf_counter() - start)
            # Reading time: a student takes seconds over a line; 0.5-2.5 s is a brisk class (300 students
            # then ask for about 200 steps a second), and keeps the bench to a minute or two.
            await asyncio.sleep(rng.uniform(THINK[0], THINK[1]))
        status, _headers, report = await c.request("GET", "/report.json")
        logged = len(json.loads(report)["decisions"])
        out["decisions"] += made
        out["lost"] += abs(made - logged)
        out["finished"] += 1
    except Exception:  # noqa: BLE001 - any failure of a student counts as an error
        out["errors"] += 1
    finally:
        c.close()


async def _floor(port: int, students: int, requests: int) -> list[float]:
    times: list[float] = []

    async def one() -> None:
        c = Client(port)
        for _ in range(requests):
            start = time.perf_counter()
            await c.request("GET", "/healthz")
            times.append(time.perf_counter() - start)
            await asyncio.sleep(0.005)
        c.close()

    await asyncio.gather(*(one() for _ in range(students)))
    return times


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _first_screen(port: int) -> dict[str, int]:
    """Bytes the start page and the first play screen fetch, as sent (gzip where the server compresses)."""
    import urllib.request

    def fetch(path: str) -> tuple[int, bytes]:
        req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(req) as r:
            raw = r.read()
            plain = gzip.decompress(raw) if r.headers.get("content-encoding") == "gzip" else raw
            return len(raw), plain

    total_raw = total_plain = 0
    sent, page = fetch("/")
    total_raw += sent
    total_plain += len(page)
    css_sent, css = fetch("/static/app.css")
    js_sent, js = fetch("/static/app.js")
    icon_sent, icon = fetch("/static/icon.svg")
    total_raw += css_sent + js_sent + icon_sent
    total_plain += len(css) + len(js) + len(icon)
    # The faces the first screens use (titles, body, bold); the typewriter and dyslexia faces load
    # only when a document or the setting needs them.
    for font in ("PTSansNarrow-Bold.ttf", "PTSerif-Regular.ttf", "PTSerif-Bold.ttf"):
        s, body = fetch(f"/assets/fonts/{font}")
        total_raw += s
        total_plain += len(body)
    return {"sent": total_raw, "uncompressed": total_plain}


def _in_browser(url: str, scenario_title: str) -> dict[str, float] | None:
    """Time to usable, and the bytes Chromium really fetches for the start page and the first play screen."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not pilot.CHROMIUM.exists():
        return None
    out: dict[str, float] = {}
    with sync_playwright() as pw:
        browser = pilot.launch(pw)
        page = browser.new_page()
        page.goto(url + "/")  # warm the server, as a class's second student finds it
        best = float("inf")
        for _ in range(5):
            context = browser.new_context()
            fresh = context.new_page()
            start = time.perf_counter()
            fresh.goto(url + "/", wait_until="load")
            fresh.wait_for_selector("button.scenario")
            best = min(best, time.perf_counter() - start)
            context.close()
        out["usable_s"] = best
        context = browser.new_context()
        fresh = context.new_page()
        fetched: list[Any] = []
        fresh.on("requestfinished", lambda request: fetched.append(request))
        fresh.goto(url + "/", wait_until="networkidle")
        out["start_bytes"] = sum(r.sizes()["responseBodySize"] for r in fetched)
        out["start_files"] = len(fetched)
        fetched.clear()
        pilot.start(fresh, url, scenario_title)
        fresh.wait_for_load_state("networkidle")
        out["play_bytes"] = sum(r.sizes()["responseBodySize"] for r in fetched)
        context.close()
        browser.close()
    return out


def run(report: Callable[..., Any], quick: bool = False) -> None:
    from bench import Report

    assert isinstance(report, Report) or callable(report)
    students = 60 if quick else 300
    from game import paths
    from game.story import open_story

    story = open_story(paths.story_dir()).story
    assert story is not None
    chapters = [sc.id for sc in story.scenarios.values() if sc.chapter]
    with tempfile.TemporaryDirectory() as tmp, pilot.Server(Path(tmp)) as server:
        assert server.proc is not None
        pid = server.proc.pid
        rss_idle = _rss_kb(pid)
        floor = asyncio.run(_floor(server.port, students, 10))
        steps: list[float] = []
        out = {"errors": 0, "lost": 0, "decisions": 0, "finished": 0}
        start = time.perf_counter()

        async def everyone() -> None:
            await asyncio.gather(*(_student(server.port, chapters[i % len(chapters)], i, steps, out)
                                   for i in range(students)))

        asyncio.run(everyone())
        wall = time.perf_counter() - start
        rss_loaded = _rss_kb(pid)
        weight = _first_screen(server.port)
        seen = _in_browser(server.url, story.scenarios[chapters[0]].title)
    report(f"{students} students at once, whole chapters ({len(chapters)} chapters round-robin), one server"
           f" process, {THINK[0]}-{THINK[1]} s between a student's clicks: {len(steps)} steps in {wall:.1f} s"
           f" ({len(steps) / wall:.0f} steps/s)")
    report(f"    step (POST + redirected GET) p50 {_pct(steps, 50) * 1000:6.1f} ms, p99 {_pct(steps, 99) * 1000:6.1f} ms"
           f" | floor: GET /healthz under the same clients p50 {_pct(floor, 50) * 1000:5.1f} ms,"
           f" p99 {_pct(floor, 99) * 1000:5.1f} ms")
    report(f"    finished {out['finished']} of {students}, errors {out['errors']}, decisions made {out['decisions']},"
           f" lost {out['lost']}")
    report(f"    server memory {rss_idle / 1024:.0f} MB idle, {rss_loaded / 1024:.0f} MB with {students} games:"
           f" {(rss_loaded - rss_idle) / students:.0f} kB per active student")
    report(f"start page and everything it could use: {weight['sent'] / 1000:.0f} kB sent ({weight['uncompressed'] / 1000:.0f} kB uncompressed:"
           " HTML, CSS, JS, icon, the three fonts it uses)")
    if seen is None:
        report("in the browser: needs Playwright and Debian's chromium (make test installs them)")
    else:
        report(f"first screen as Chromium fetches it: {seen['start_bytes'] / 1000:.0f} kB in {seen['start_files']:.0f}"
               f" files (compressed as sent); then the first play screen adds {seen['play_bytes'] / 1000:.0f} kB"
               " (its page, background, portraits, fonts)")
        report(f"time to usable on localhost (new browser context, start page with its buttons): "
               f"{seen['usable_s'] * 1000:.0f} ms")
    if hasattr(report, "figure"):
        report.figure("web_step_p50_ms", _pct(steps, 50) * 1000, "ms")
        report.figure("web_step_p99_ms", _pct(steps, 99) * 1000, "ms")
        report.figure("web_floor_p99_ms", _pct(floor, 99) * 1000, "ms")
        report.figure("web_errors", out["errors"], "count")
        report.figure("web_lost_decisions", out["lost"], "count")
        report.figure("web_first_screen_kb", weight["sent"] / 1000, "kB")
        report.figure("web_kb_per_student", (rss_loaded - rss_idle) / students, "kB")
