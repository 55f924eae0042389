"""The server as a teacher runs it: a real `after-lenin serve` process (one or several), killed and restarted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from web_helpers import Student, richest_chapter

from game.web import pilot

ASSIGNMENT = f"title: Leningrad\nscenario: {richest_chapter()}\n"


def _student(base: str) -> Student:
    return Student(httpx.Client(base_url=base, follow_redirects=True, timeout=30))  # type: ignore[arg-type]


def _join(base: str, code: str, name: str) -> Student:
    s = _student(base)
    s.get("/join")
    s.post("/join", {"csrf": s.csrf, "code": code, "name": name})
    s.get("/play")
    return s


def _status(base: str, code: str, token: dict[str, str]) -> dict[str, Any]:
    data = httpx.get(f"{base}/api/classes/{code}", headers=token, timeout=30).json()
    for s in data["students"]:
        s.pop("minutes_idle")
        s.pop("idle")
    data.pop("idle")
    return dict(data)


def test_sigkill_during_a_class_loses_no_decision_and_every_student_resumes(tmp_path: Path) -> None:
    server = pilot.Server(tmp_path).start()
    try:
        token = server.teacher_headers()
        code = httpx.post(f"{server.url}/api/classes", headers=token, json={"assignment": ASSIGNMENT}).json()["code"]
        students = [_join(server.url, code, name) for name in ("Anna", "Boris", "Chen")]
        for n, s in enumerate(students):
            for _ in range(8 + 4 * n):
                s.step()
        before = _status(server.url, code, token)
        pages = [s.get("/play") for s in students]
        server.kill()
        server.start()
        assert _status(server.url, code, token) == before
        for s, page in zip(students, pages):
            again = s.get("/play")
            assert pilot_version(again) == pilot_version(page)
            s.step()  # and the class goes on
    finally:
        server.stop()


def pilot_version(page: str) -> str:
    import re

    found = re.search(r'data-version="(\d+)"', page)
    assert found is not None
    return found.group(1)


def test_several_workers_share_one_postgresql(tmp_path: Path, postgres_server: str) -> None:
    import uuid

    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    with pilot.Server(tmp_path, ["--workers", "2", "--database", f"{postgres_server}/{name}"]) as server:
        token = server.teacher_headers()
        code = httpx.post(f"{server.url}/api/classes", headers=token, json={"assignment": ASSIGNMENT}).json()["code"]
        students = [_join(server.url, code, f"Student {n}") for n in range(4)]
        steps = 0
        while any(s.kind != "ending" for s in students):
            for s in students:
                if s.kind != "ending":
                    s.step()
                    steps += 1
            assert steps < 2000
        status = _status(server.url, code, token)
        assert status["joined"] == 4 and status["finished"] == 4
        reports = [json.loads(s.c.get("/report.json").text) for s in students]
        assert [st["decisions"] for st in sorted(status["students"], key=lambda x: x["name"])] == \
               [len(r["decisions"]) for r in reports]


CLASS_OF_A_SCHOOL = 300


@pytest.mark.parametrize("database", ["sqlite", "postgresql with 2 workers"])
def test_300_students_writing_at_once_lose_no_update(tmp_path: Path, database: str, request: pytest.FixtureRequest
                                                     ) -> None:
    """A school of 300 joins one class and makes its decisions in the same moments, with no pause between
    clicks: every student's every action lands once, on top of the one before, and the teacher's figures add up."""
    import asyncio
    import random
    import uuid

    from game.web.crowd import Learner

    args: list[str] = []
    if database != "sqlite":
        import psycopg

        server_url = request.getfixturevalue("postgres_server")
        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        args = ["--workers", "2", "--database", f"{server_url}/{name}"]
    with pilot.Server(tmp_path, args) as server:
        token = server.teacher_headers()
        code = httpx.post(f"{server.url}/api/classes", headers=token, json={"assignment": ASSIGNMENT}).json()["code"]

        async def school() -> list[tuple[Learner, int, dict[str, Any]]]:
            everyone_in = asyncio.Barrier(CLASS_OF_A_SCHOOL)

            async def student(n: int) -> tuple[Learner, int, dict[str, Any]]:
                s = Learner(server.port, random.Random(n))
                try:
                    await s.join(code, f"Student {n:03}")
                    joined_at = s.version
                    await everyone_in.wait()  # then all 300 click at once, and go on clicking
                    while s.decisions < 2 and s.kind != "ending":
                        await s.step()
                    return s, joined_at, await s.report()
                finally:
                    s.close()

            return await asyncio.gather(*(student(n) for n in range(CLASS_OF_A_SCHOOL)))

        played = asyncio.run(school())
        status = httpx.get(f"{server.url}/api/classes/{code}", headers=token, timeout=60).json()
    assert status["joined"] == CLASS_OF_A_SCHOOL
    for s, joined_at, report in played:
        assert s.version == joined_at + s.acts  # each action applied once, on the state it was shown
        assert len(report["decisions"]) == s.decisions >= 1
    made = sum(s.decisions for s, _, _ in played)
    assert sum(st["decisions"] for st in status["students"]) == made
    assert sum(d["total"] for d in status["decisions"]) == made


def test_the_printed_teacher_link_signs_in_once_and_teacher_link_makes_another(tmp_path: Path) -> None:
    import re

    def signs_in(link: str) -> bool:
        with httpx.Client(follow_redirects=True, timeout=30) as browser:
            return "Your classes" in browser.get(link).text

    with pilot.Server(tmp_path) as server:
        printed = (tmp_path / f"server-{server.port}.log").read_text(encoding="utf-8")
        found = re.search(r"^  (http://\S+/teacher/login\?token=\S+)$", printed, re.M)
        assert found is not None and "works once" in printed
        link = found.group(1)
        assert (tmp_path / "teacher-link.txt").read_text(encoding="utf-8").strip() == link
        assert signs_in(link)
        refused = httpx.get(link, timeout=30)
        assert refused.status_code == 403 and "used already" in refused.text
        assert "teacher-link" in refused.text  # and it says how to get another
        another = server.teacher_link()  # `after-lenin teacher-link` beside the running server
        assert another.startswith(server.url + "/teacher/login?token=") and another != link
        assert signs_in(another) and not signs_in(another)
        spare = server.teacher_link()
        server.stop()
        server.start()  # a restart prints a fresh link; the one printed before, unused, no longer works
        printed_again = (tmp_path / "teacher-link.txt").read_text(encoding="utf-8").strip()
        server.stop()
        server.start()
        newest = (tmp_path / "teacher-link.txt").read_text(encoding="utf-8").strip()
        assert not signs_in(printed_again) and signs_in(newest)
        assert signs_in(spare)  # a link made for another device lasts its minutes, restart or not
        # and scripts keep their key across restarts
        assert httpx.get(f"{server.url}/api/classes", headers=server.teacher_headers(), timeout=30).status_code == 200


def test_a_damaged_database_file_is_refused_clearly_and_kept(tmp_path: Path) -> None:
    db = tmp_path / "web.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    before = db.read_bytes()
    proc = subprocess.run([sys.executable, "-m", "game", "serve", "--data-dir", str(tmp_path), "--port",
                           str(pilot.free_port())], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert str(db) in proc.stderr and "damaged" in proc.stderr and "Traceback" not in proc.stderr
    assert db.read_bytes() == before


@pytest.mark.parametrize("flags, words", [(["--workers", "2"], "PostgreSQL"), (["--port", "0"], "not a port"),
                                          (["--database", "mysql://x"], "sqlite:///PATH"),
                                          (["--proxy", "the-proxy"], "IP address")])
def test_wrong_flags_get_one_clear_message(tmp_path: Path, flags: list[str], words: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "game", "serve", "--data-dir", str(tmp_path), *flags],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode in (1, 2) and words in proc.stderr and "Traceback" not in proc.stderr


def test_behind_a_proxy_one_device_guessing_class_codes_does_not_hold_up_the_others(tmp_path: Path) -> None:
    """Through a proxy every request comes from the proxy's address; the limit on wrong guesses counts
    the device the proxy names (X-Forwarded-For), so one student's typos leave the rest of the class alone."""
    def device(address: str) -> Student:
        s = Student(httpx.Client(base_url=server.url, follow_redirects=True, timeout=30,  # type: ignore[arg-type]
                                 headers={"X-Forwarded-For": address}))
        s.get("/join")
        return s

    with pilot.Server(tmp_path) as server:  # a proxy on this machine: trusted without --proxy
        guesser = device("192.0.2.10")
        statuses = [guesser.c.post("/join", data={"csrf": guesser.csrf, "code": f"ZZZZ{a}{b}", "name": "Anna"}
                                   ).status_code for a, b in zip("ACDEFHJKMN", "PQRTUVWXYA")]
        assert statuses[:10] == [400] * 10
        assert guesser.c.post("/join", data={"csrf": guesser.csrf, "code": "ZZZZZZ", "name": "Anna"}).status_code == 429
        neighbour = device("192.0.2.11")
        assert neighbour.c.post("/join", data={"csrf": neighbour.csrf, "code": "ZZZZZZ", "name": "Boris"}
                                ).status_code == 400  # a wrong code, answered: not held up


def test_teacher_link_without_a_server_says_what_to_do_and_makes_no_database(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "game", "teacher-link", "--data-dir", str(tmp_path / "none")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "no classroom server has run" in proc.stderr and "after-lenin serve" in proc.stderr
    assert not (tmp_path / "none" / "web.sqlite3").exists()


def _qr_modules(block: str) -> list[list[bool]]:
    """The dark modules of a QR code printed with half blocks (segno's compact terminal output,
    light drawn as ink: '█' two light rows, ' ' two dark, '▀' light over dark, '▄' dark over light)."""
    top = {"█": False, " ": True, "▀": False, "▄": True}
    bottom = {"█": False, " ": True, "▀": True, "▄": False}
    rows: list[list[bool]] = []
    for line in block.splitlines():
        rows.append([top[ch] for ch in line])
        rows.append([bottom[ch] for ch in line])
    return rows


def test_lan_prints_the_address_and_its_qr_code_and_the_join_page_shows_them(tmp_path: Path) -> None:
    import html
    import re

    import segno

    from game.web.lan import lan_address

    with pilot.Server(tmp_path, ["--lan"]) as server:
        printed = (tmp_path / f"server-{server.port}.log").read_text(encoding="utf-8")
        url = f"http://{lan_address()}:{server.port}/"
        assert f"After Lenin is being served at {url}\n" in printed
        assert f"The same code is on the page {url}join" in printed
        lines = printed.splitlines()
        first = next(i for i, line in enumerate(lines) if "scan this code" in line) + 1
        block = "\n".join(line for line in lines[first:] if line and set(line) <= set("█▀▄ "))
        # The printed block is the QR code of the printed address (border of two modules around it).
        matrix = [[bool(m) for m in row] for row in segno.make(url, error="m").matrix]
        modules = _qr_modules(block)
        inner = [row[2:2 + len(matrix)] for row in modules[2:2 + len(matrix)]]
        assert inner == matrix
        # The class screen opened on the server itself shows the address students reach, and its code.
        page = httpx.get(f"{server.url}/join", timeout=30).text
        assert f'<a href="{url}">{url}</a>' in page
        assert re.search(r"<svg[^>]*class=\"qr\"[^>]*><title>" + re.escape(html.escape(f"QR code for {url}")), page)
    with pilot.Server(tmp_path) as local:  # without --lan: this machine only, no code to scan
        printed = (tmp_path / f"server-{local.port}.log").read_text(encoding="utf-8")
        assert f"After Lenin is being served at {local.url}/\n" in printed and "scan" not in printed
