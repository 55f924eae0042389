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
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from game.web import pilot
from game.web.crowd import Client, Learner

THINK = (0.5, 2.5)  # seconds between a student's clicks
SATURATING = 60  # students clicking with no pause, to find the most steps a second a configuration does
SATURATE_S = 12.0


async def _student(port: int, scenario: str, seed: int, steps: list[float], out: dict[str, int],
                   code: str = "", server: list[float] | None = None) -> None:
    rng = random.Random(seed)
    s = Learner(port, rng)
    try:
        await asyncio.sleep(rng.uniform(0, THINK[1]))  # a class does not all arrive in the same instant
        if code:
            await s.join(code, f"Student {seed}")
        else:
            await s.start(scenario)
        while s.kind != "ending":
            await s.step()
            # Reading time: a student takes seconds over a line; 0.5-2.5 s is a brisk class (300 students
            # then ask for about 200 steps a second), and keeps the bench to a minute or two.
            await asyncio.sleep(rng.uniform(THINK[0], THINK[1]))
        logged = len((await s.report())["decisions"])
        out["decisions"] += s.decisions
        out["lost"] += abs(s.decisions - logged)
        out["finished"] += 1
    except Exception:  # noqa: BLE001 - any failure of a student counts as an error
        out["errors"] += 1
    finally:
        steps.extend(s.steps)
        if server is not None:
            server.extend(s.server)
        s.close()


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


async def _saturate(port: int, scenario: str, students: int, seconds: float) -> dict[str, Any]:
    """The most the server does: students clicking with no pause at all, each starting again at an ending.
    Steps done in the window, per second; what a class would need is far less (see the lesson above)."""
    steps: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def one(seed: int) -> None:
        nonlocal errors
        s = Learner(port, random.Random(seed))
        try:
            await s.start(scenario)
            while time.perf_counter() < deadline:
                if s.kind == "ending":
                    await s.start(scenario)
                await s.step()
        except Exception:  # noqa: BLE001 - any failure of a student counts as an error
            errors += 1
        finally:
            steps.extend(s.steps)
            s.close()

    start = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(students)))
    return {"steps": steps, "per_s": len(steps) / (time.perf_counter() - start), "errors": errors}


def _saturation_line(report: Callable[..., Any], label: str, server: pilot.Server, scenario: str) -> None:
    assert server.proc is not None
    cpu0, wall0 = _cpu_seconds(server.proc.pid), time.perf_counter()
    r = asyncio.run(_saturate(server.port, scenario, SATURATING, SATURATE_S))
    cpu = (_cpu_seconds(server.proc.pid) - cpu0) / (time.perf_counter() - wall0)
    report(f"  {label:34} flat out, {SATURATING} students with no pause: {r['per_s']:4.0f} steps/s (step p50"
           f" {_pct(r['steps'], 50) * 1000:.1f} ms, p99 {_pct(r['steps'], 99) * 1000:.1f} ms), server CPU"
           f" {cpu * 100:.0f} %, errors {r['errors']}")


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


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (the workers), from /proc."""
    import os

    ticks = os.sysconf("SC_CLK_TCK")
    pids = [pid] + [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _parent(p) == pid]
    total = 0.0
    for one in pids:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        except (OSError, IndexError, ValueError):
            continue
    return total


def _parent(proc: Path) -> int:
    try:
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


def _rss_tree_kb(pid: int) -> int:
    pids = [pid] + [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _parent(p) == pid]
    return sum(_rss_kb(p) for p in pids if Path(f"/proc/{p}").exists())


async def _dashboard(port: int, code: str, token: str, stop: asyncio.Event, times: list[float]) -> None:
    """The teacher's dashboard open all the while: the API polled every 3 s, as dashboard.js does."""
    c = Client(port)
    while not stop.is_set():
        start = time.perf_counter()
        await c.request("GET", f"/api/classes/{code}", None, {"Authorization": f"Bearer {token}"})
        times.append(time.perf_counter() - start)
        try:
            await asyncio.wait_for(stop.wait(), 3.0)
        except TimeoutError:
            pass
    c.close()


def _class(port: int, token: str, scenario: str) -> str:
    import urllib.request

    body = json.dumps({"assignment": f"title: Bench\nscenario: {scenario}\n"}).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/classes", data=body, method="POST",
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return str(json.loads(r.read())["code"])


def _class_run(server: pilot.Server, students: int, scenario: str) -> dict[str, Any]:
    assert server.proc is not None
    token = server.teacher_headers()["Authorization"].split(" ", 1)[1]
    code = _class(server.port, token, scenario)
    steps: list[float] = []
    own: list[float] = []
    polls: list[float] = []
    out = {"errors": 0, "lost": 0, "decisions": 0, "finished": 0}
    cpu0 = _cpu_seconds(server.proc.pid)
    rss0 = _rss_tree_kb(server.proc.pid)
    client0 = time.process_time()  # the simulated students run in this process, the server in its own
    start = time.perf_counter()

    async def lesson() -> None:
        stop = asyncio.Event()
        teacher = asyncio.create_task(_dashboard(server.port, code, token, stop, polls))
        await asyncio.gather(*(_student(server.port, scenario, i, steps, out, code, own) for i in range(students)))
        stop.set()
        await teacher

    asyncio.run(lesson())
    wall = time.perf_counter() - start
    return {"steps": steps, "own": own, "polls": polls, "out": out, "wall": wall, "client_cpu": time.process_time() - client0,
            "cpu": _cpu_seconds(server.proc.pid) - cpu0, "rss_kb": _rss_tree_kb(server.proc.pid) - rss0,
            "rss_total_kb": _rss_tree_kb(server.proc.pid)}


def _line(report: Callable[..., Any], label: str, students: int, r: dict[str, Any], size: str) -> None:
    steps, out = r["steps"], r["out"]
    report(f"  {label:34} {students:3} students: step p50 {_pct(steps, 50) * 1000:6.1f} ms, p99"
           f" {_pct(steps, 99) * 1000:7.1f} ms (in the server p50 {_pct(r['own'], 50) * 1000:.1f},"
           f" p99 {_pct(r['own'], 99) * 1000:.1f} ms) | dashboard p99 {_pct(r['polls'], 99) * 1000:6.1f} ms |"
           f" {len(steps) / r['wall']:4.0f} steps/s, server CPU {r['cpu'] / r['wall'] * 100:4.0f} %"
           f" (client {r['client_cpu'] / r['wall'] * 100:.0f} %), memory {r['rss_total_kb'] / 1024:.0f} MB |"
           f" errors {out['errors']}, lost {out['lost']} of {out['decisions']} decisions | {size}")


def _database_size(url: str) -> str:
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        total = sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())
        return f"database {total / 1e6:.1f} MB"
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
        tables = conn.execute("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n"
                              " ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'").fetchone()
    # An empty PostgreSQL database is already about 7.5 MB of catalogues: the tables are the class's share.
    return (f"database {(row[0] if row else 0) / 1e6:.1f} MB (its tables {float(tables[0] or 0) / 1e6:.1f} MB)"
            if tables else f"database {(row[0] if row else 0) / 1e6:.1f} MB")


def run(report: Callable[..., Any], quick: bool = False) -> None:
    from game import paths
    from game.story import open_story

    story = open_story(paths.story_dir()).story
    assert story is not None
    chapters = [sc.id for sc in story.scenarios.values() if sc.chapter]
    scenario = chapters[len(chapters) // 2]
    school = 60 if quick else 300
    report(f"A lesson: students join a class and play {story.scenarios[scenario].title!r} to its end, one HTTP"
           f" connection each, {THINK[0]}-{THINK[1]} s between a student's clicks; the teacher's dashboard polls"
           " the API every 3 s. The floor: GET /healthz from the same number of clients.")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        for label, students in (("SQLite, 1 process", 30), ("SQLite, 1 process", school)):
            folder = base / f"sqlite-{students}"
            folder.mkdir()
            with pilot.Server(folder) as server:
                assert server.proc is not None
                if students == school:
                    floor = asyncio.run(_floor(server.port, students, 10))
                    report(f"  floor: GET /healthz, {students} clients: p50 {_pct(floor, 50) * 1000:.1f} ms, p99"
                           f" {_pct(floor, 99) * 1000:.1f} ms")
                r = _class_run(server, students, scenario)
                _line(report, label, students, r, _database_size(f"sqlite:///{folder / 'web.sqlite3'}"))
                if students == school:
                    report(f"  memory: {r['rss_kb'] / students:.0f} kB per active student (server resident memory"
                           f" grew {r['rss_kb'] / 1024:.0f} MB)")
                    if hasattr(report, "figure"):
                        report.figure("web_step_p99_ms", _pct(r["steps"], 99) * 1000, "ms")
                        report.figure("web_lost_decisions", r["out"]["lost"], "count")
                        report.figure("web_errors", r["out"]["errors"], "count")
                    _saturation_line(report, label, server, scenario)
                    weight = _first_screen(server.port)
                    seen = _in_browser(server.url, story.scenarios[scenario].title)
        if pilot.Postgres.initdb() is not None:
            pg = pilot.Postgres(base / "pg").start()
            try:
                for workers in (1, 2, 4):
                    for students in (30, school):
                        folder = base / f"pg-{workers}-{students}"
                        folder.mkdir()
                        url = pg.database(f"bench_{workers}_{students}")
                        args = ["--database", url] + (["--workers", str(workers)] if workers > 1 else [])
                        with pilot.Server(folder, args) as server:
                            if students == school:
                                floor = asyncio.run(_floor(server.port, students, 10))
                                report(f"  floor: GET /healthz, {students} clients, {workers} process"
                                       f"{'es' if workers > 1 else ''}: p50 {_pct(floor, 50) * 1000:.1f} ms,"
                                       f" p99 {_pct(floor, 99) * 1000:.1f} ms")
                            r = _class_run(server, students, scenario)
                            label = f"PostgreSQL, {workers} process{'es' if workers > 1 else ''}"
                            _line(report, label, students, r, _database_size(url))
                            if students == school:
                                _saturation_line(report, label, server, scenario)
            finally:
                pg.stop()
        else:
            report("  PostgreSQL: not installed here (apt-get install postgresql), not measured")
    report(f"start page and everything it could use: {weight['sent'] / 1000:.0f} kB sent"
           f" ({weight['uncompressed'] / 1000:.0f} kB uncompressed: HTML, CSS, JS, icon, three fonts)")
    if seen is None:
        report("in the browser: needs Playwright and Debian's chromium (make test installs them)")
    else:
        report(f"first screen as Chromium fetches it: {seen['start_bytes'] / 1000:.0f} kB in {seen['start_files']:.0f}"
               f" files (compressed as sent); the first play screen adds {seen['play_bytes'] / 1000:.0f} kB")
        report(f"time to usable on localhost (new browser context, start page with its buttons):"
               f" {seen['usable_s'] * 1000:.0f} ms")
