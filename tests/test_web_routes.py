"""The browser front end through its routes (the ASGI test client over the real app and SQLite)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from web_helpers import Student, client, kinds_of, richest_chapter, story

from game.classroom.assignment import parse_assignment
from game.engine.playthrough import Playthrough
from game.history.debrief import build_debrief
from game.web import pilot
from game.web.store import Store


def _play_to_end(s: Student, limit: int = 400) -> int:
    steps = 0
    while s.kind != "ending":
        assert steps < limit, "the chapter did not end"
        s.step()
        steps += 1
    return steps


def test_the_start_page_lists_every_scenario(data_dir: Path, db_url: str) -> None:
    with client(data_dir, database=db_url) as c:
        page = Student(c).get("/")
    titles = [html.unescape(t) for t in re.findall(r'<span class="sc-title">([^<]+)</span>', page)]
    assert titles == [sc.title for sc in story().scenarios.values()]


def test_a_whole_chapter_plays_to_its_ending_and_the_debrief(data_dir: Path, db_url: str) -> None:
    scenario = richest_chapter()
    expected_steps, kinds = kinds_of(scenario)
    with client(data_dir, database=db_url) as c:
        s = Student(c)
        s.start(scenario)
        seen = {s.kind}
        steps = 0
        while s.kind != "ending":
            s.step()
            steps += 1
            seen.add(s.kind)
        assert steps == expected_steps  # the same path, step for step, as the engine plays it
        assert seen == kinds
        debrief = s.get("/debrief")
        data = json.loads(c.get("/report.json").text)
    # The report is the desktop's: its decisions are the engine's for the same path.
    pt, _steps, _kinds = pilot.play_first_options(story(), scenario)
    assert data["format"] == "after-lenin-report"
    assert [d["id"] for d in data["decisions"]] == [e["id"] for e in pt.state.log]
    assert html.escape(data["outcome"]["player"]["title"], quote=False) in debrief


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_the_debrief_starts_on_one_screen_about_the_chapter_played(data_dir: Path, db_url: str) -> None:
    scenario = richest_chapter()
    with client(data_dir, database=db_url) as c:
        s = Student(c)
        s.start(scenario)
        _play_to_end(s)
        page = s.get("/debrief")
    d = build_debrief(pilot.play_first_options(story(), scenario)[0])
    first = d.first_page
    top = page[page.index('class="panel debrief-top"'):]
    top = top[:top.index("</section>")]
    shown = _text(top)
    # the first screen: the headline, both endings, the key factors in order, the differences
    assert html.unescape(first.headline) in shown
    assert first.player_ending is not None and first.player_ending.title in shown
    hist = story().historical_ending()
    assert hist is not None and first.historical_ending is not None
    # a one-chapter game is compared with that chapter's history, never with the 1929 ending
    assert first.historical_ending.title in shown and hist.title not in shown
    assert "What happened in this chapter" in shown
    key = re.findall(r'<ol class="factors-top">(.*?)</ol>', top, re.S)
    assert key and [_text(x).split(":")[0] for x in re.findall(r"<li>(.*?)</li>", key[0], re.S)] == [
        f.title for f in first.key_factors]
    assert 1 <= len(first.key_factors) <= 3
    differed = re.findall(r'<ol class="differed">(.*?)</ol>', top, re.S)
    rows = re.findall(r"<li>(.*?)</li>", differed[0], re.S) if differed else []
    assert len(rows) == len(first.differences) <= 5
    for row, x in zip(rows, first.differences):
        assert _text(x.player) in _text(row)
    # the rest one step away: every decision, and only the factors this chapter can meet
    assert 'id="decisions"' in page and 'href="#decisions"' in top
    factors = page[page.index('id="factors"'):]
    factors = factors[:factors.index("</section>")]
    listed = [_text(t) for t in re.findall(r"<dt>(.*?)</dt>", factors, re.S)]
    assert listed == [f.title for f in d.factors] and len(listed) < len(story().factors)
    # its chart runs from the chapter's start to its end: two columns, not one point
    assert "Start of chapter" in page


def test_a_click_from_a_stale_page_is_not_applied_twice(data_dir: Path, db_url: str) -> None:
    with client(data_dir, database=db_url) as c:
        s = Student(c)
        s.start(richest_chapter())
        shown = s.version
        s.act("advance")
        moved = s.version
        # The same form again (a second tab, a double click): the game stays where it is.
        page = s.post("/act", {"csrf": s.csrf, "v": shown, "do": "advance"})
        assert s.version == moved
        assert "moved on" in page


def test_twenty_clicks_at_the_same_moment_move_the_game_one_step(data_dir: Path, db_url: str) -> None:
    """Many tabs of one student posting the same step at once (on PostgreSQL each in its own
    database thread): exactly one is applied, and the game is the engine's after one step."""
    import asyncio

    import httpx

    from web_helpers import app_for

    app = app_for(data_dir, database=db_url)

    async def race() -> tuple[list[int], str]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
                page = (await c.get("/")).text
                csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
                await c.post("/new", data={"csrf": csrf, "scenario": richest_chapter(), "confirm": "yes"})
                page = (await c.get("/play")).text
                shown = re.search(r'data-version="(\d+)"', page).group(1)  # type: ignore[union-attr]
                answers = await asyncio.gather(*(c.post("/act", data={"csrf": csrf, "v": shown, "do": "advance"})
                                                 for _ in range(20)))
                report = (await c.get("/report.json")).text
                after = (await c.get("/play")).text
                version = re.search(r'data-version="(\d+)"', after).group(1)  # type: ignore[union-attr]
                return [int(shown), int(version)] + [r.status_code for r in answers], report

    numbers, _report = asyncio.run(race())
    shown, version, statuses = numbers[0], numbers[1], numbers[2:]
    assert statuses == [303] * 20
    assert version == shown + 1  # one step, not twenty
    store = Store(db_url)
    try:
        row = store.get(next(iter(r[0] for r in store.db.execute("SELECT id FROM players"))))
    finally:
        store.close()
    assert row is not None
    pt = Playthrough.start(story(), richest_chapter())
    pt.advance()
    assert row.game["state"]["pc"] == pt.to_json()["state"]["pc"]


def test_a_post_without_the_csrf_token_changes_nothing(data_dir: Path, db_url: str) -> None:
    with client(data_dir, database=db_url) as c:
        s = Student(c)
        s.start(richest_chapter())
        before = s.version
        r = c.post("/act", data={"v": before, "do": "advance"})
        assert r.status_code == 403
        assert "Traceback" not in r.text and "out of date" in r.text
        r = c.post("/act", data={"csrf": "forged", "v": before, "do": "advance"})
        assert r.status_code == 403
        assert s.version == before and Student(c).get("/play").count(f'data-version="{before}"') == 1


def test_the_session_cookie_is_signed_http_only_and_same_site(data_dir: Path, db_url: str) -> None:
    with client(data_dir, database=db_url) as c:
        r = c.get("/")
        cookie = r.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        Student(c).start(richest_chapter())
    # Another browser has its own game: none at all.
    with client(data_dir, database=db_url) as other:
        r = other.get("/play")
        assert r.url.path == "/"
        assert "Continue your game" not in r.text
        # A forged cookie value is not a session.
        other.cookies.set("after_lenin", "eyJwbGF5ZXIiOiAiYWJjIn0=.forged.sig")
        assert "Continue your game" not in other.get("/").text


def test_every_page_sends_the_security_headers(data_dir: Path, db_url: str) -> None:
    with client(data_dir, database=db_url) as c:
        Student(c).start(richest_chapter())
        for path in ("/", "/play", "/history", "/glossary", "/settings", "/saves", "/debrief", "/join",
                     "/static/app.css", "/nowhere"):
            r = c.get(path)
            csp = r.headers["content-security-policy"]
            assert "default-src 'self'" in csp and "'unsafe-inline'" not in csp, path
            assert r.headers["x-content-type-options"] == "nosniff"
            assert r.headers["x-frame-options"] == "DENY"


def test_static_files_come_only_from_the_packages_folders(data_dir: Path, db_url: str) -> None:
    with client(data_dir, database=db_url) as c:
        assert c.get("/static/app.js").status_code == 200
        assert c.get("/assets/portraits/stalin.svg").status_code == 200
        for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/assets/portraits/..%2f..%2fgame%2fweb%2fapp.py",
                     "/assets/fonts/../../pyproject.toml", "/static//etc/passwd"):
            r = c.get(path)
            assert r.status_code == 404, path
            assert "import" not in r.text and "root:" not in r.text


def test_a_request_too_large_gets_a_clear_page(data_dir: Path, db_url: str) -> None:
    with client(data_dir, database=db_url) as c:
        s = Student(c)
        s.start(richest_chapter())
        r = c.post("/reflect", data={"csrf": s.csrf, "q-x": "x" * 70_000})
        assert r.status_code == 413
        assert "Too much text" in r.text and "Traceback" not in r.text


def test_errors_are_pages_never_tracebacks(data_dir: Path, db_url: str) -> None:
    with client(data_dir, database=db_url) as c:
        s = Student(c)
        r = c.get("/no/such/page")
        assert r.status_code == 404 and "No such page" in r.text
        s.start(richest_chapter())
        for data in ({"v": "x", "do": "advance"}, {"v": s.version, "do": "explode"},
                     {"v": s.version, "do": "choose", "option": "99"}):
            r = c.post("/act", data={"csrf": s.csrf, **data})
            assert r.status_code == 400, data
            assert "Traceback" not in r.text and "Back to the game" in r.text
        r = c.put("/act")
        assert r.status_code == 405 and "Traceback" not in r.text


def test_rollback_returns_to_the_previous_decision(data_dir: Path, db_url: str) -> None:
    with client(data_dir, database=db_url) as c:
        s = Student(c)
        s.start(richest_chapter())
        while s.kind != "choice":
            s.step()
        question = re.search(r'<h2 class="prompt"[^>]*>(.*?)</h2>', s.page, re.S)
        assert question is not None
        s.step()
        assert "Back to previous decision" in s.page
        page = s.act("undo")
        assert s.kind == "choice" and question.group(1) in page
        assert "Back to your previous decision" in page


def test_save_slots_keep_a_step_and_load_it_back(data_dir: Path, db_url: str) -> None:
    with client(data_dir, database=db_url) as c:
        s = Student(c)
        s.start(richest_chapter())
        s.step()
        saved_version_page = s.get("/play")
        text = re.search(r'id="current-text"[^>]*>(.*?)</', saved_version_page, re.S)
        assert text is not None
        s.get("/saves")
        s.post("/saves/save", {"csrf": s.csrf, "slot": "1"})
        assert "Saved in slot 1" in s.page
        for _ in range(3):
            s.get("/play")
            s.step()
        s.get("/saves")
        page = s.post("/saves/load", {"csrf": s.csrf, "slot": "1"})
        assert text.group(1) in page
        # The game left behind is kept, not overwritten.
        assert "Previous game" in s.get("/saves")


def test_a_new_game_never_silently_replaces_one_in_progress(data_dir: Path, db_url: str) -> None:
    first, second = list(story().scenarios)[:2]
    with client(data_dir, database=db_url) as c:
        s = Student(c)
        s.start(first)
        s.step()
        s.get("/")
        page = s.post("/new", {"csrf": s.csrf, "scenario": second})
        assert "Start a new game?" in page
        assert 'data-kind="' not in page  # nothing started yet
        page = s.post("/new", {"csrf": s.csrf, "scenario": second, "confirm": "yes"})
        assert "previous game" in page
        saves = s.get("/saves")
        assert "Previous game" in saves and html.escape(story().scenarios[first].title) in saves


def test_the_game_survives_a_new_server_process_on_the_same_data(data_dir: Path, db_url: str) -> None:
    with client(data_dir, database=db_url) as c:
        s = Student(c)
        s.start(richest_chapter())
        for _ in range(4):
            s.step()
        before = s.get("/play")
        cookies = dict(c.cookies)
    with client(data_dir, database=db_url) as c2:
        for k, v in cookies.items():
            c2.cookies.set(k, v)
        after = Student(c2).get("/play")
    assert VERSION_OF(after) == VERSION_OF(before)
    assert CURRENT(after) == CURRENT(before)


def VERSION_OF(page: str) -> str:  # noqa: N802 - reads like the field it returns
    found = re.search(r'data-version="(\d+)"', page)
    assert found is not None
    return found.group(1)


def CURRENT(page: str) -> str:  # noqa: N802
    found = re.search(r'id="current-text"[^>]*>(.*?)</', page, re.S)
    assert found is not None
    return found.group(1)


def test_a_damaged_stored_game_gives_a_notice_not_a_crash(data_dir: Path, db_url: str) -> None:
    with client(data_dir, database=db_url) as c:
        s = Student(c)
        s.start(richest_chapter())
        cookies = dict(c.cookies)
    store = Store(db_url)
    store.db.execute("UPDATE players SET game = ?", ('{"format": "after-lenin-save", "version": 99}',))
    store.close()
    with client(data_dir, database=db_url) as c:  # the server restarted over the damaged row
        for k, v in cookies.items():
            c.cookies.set(k, v)
        r = c.get("/play")
        assert r.status_code == 200 and r.url.path == "/"
        assert "earlier version of the story" in r.text


def test_settings_change_how_every_page_looks(data_dir: Path, db_url: str) -> None:
    with client(data_dir, database=db_url) as c:
        s = Student(c)
        s.get("/settings")
        s.post("/settings", {"csrf": s.csrf, "text_size": "200", "text_speed": "instant", "high_contrast": "on",
                             "dyslexic_font": "on", "reduce_motion": "on", "back": "/settings"})
        page = s.get("/")
        assert '<html lang="en" class="size-200 contrast dyslexic reduce-motion">' in page
        assert 'data-speed="0"' in page
        # Nonsense values fall back to the defaults.
        s.post("/settings", {"csrf": s.csrf, "text_size": "5000", "text_speed": "warp", "back": "/evil"})
        assert '<html lang="en" class="size-100">' in s.page


def test_the_glossary_lists_the_terms_met_and_the_text_links_them(data_dir: Path, db_url: str) -> None:
    scenario = richest_chapter()
    with client(data_dir, database=db_url) as c:
        s = Student(c)
        s.start(scenario)
        for _ in range(6):
            s.step()
        links = set(re.findall(r'data-term="([a-z_0-9]+)"', s.page))
        page = s.get("/glossary")
    ids = re.findall(r'id="term-([a-z_0-9]+)"', page)
    pt = Playthrough.start(story(), scenario)
    for _ in range(6):
        pt.choose(pt.current.options[0].index) if pt.current.kind == "choice" else pt.advance()
    assert sorted(ids) == sorted(set(pt.state.terms))
    assert links <= set(story().glossary)


def test_hostile_names_and_answers_are_shown_as_text(data_dir: Path, db_url: str) -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    text = "title: Essay\nscenario: " + richest_chapter() + "\n"
    assignment = parse_assignment(text, "essay.yaml")
    with client(data_dir, database=db_url, assignment=assignment, scenario=richest_chapter()) as c:
        s = Student(c)
        s.get("/")
        s.post("/new", {"csrf": s.csrf, "name": hostile})
        _play_to_end(s)
        page = s.get("/debrief")
        assert "<script>alert" not in page and "<img src=x" not in page
        assert html.escape(hostile, quote=True)[:20] in page
        fields = {"csrf": s.csrf, "name": hostile}
        for qid in re.findall(r'name="q-([a-z_0-9]+)"', page):
            fields[f"q-{qid}"] = hostile
        s.post("/reflect", fields)
        report = c.get("/report.html")
        assert report.headers["content-disposition"].startswith("attachment")
        assert "<script>alert" not in report.text


def test_an_assignment_hands_in_a_report_to_the_data_folder(data_dir: Path, db_url: str) -> None:
    scenario = richest_chapter()
    assignment = parse_assignment(f"title: Why Stalin won\nclass: 9B\nscenario: {scenario}\n", "a.yaml")
    with client(data_dir, database=db_url, assignment=assignment, scenario=scenario) as c:
        s = Student(c)
        s.get("/")
        assert "Assignment: Why Stalin won" in s.page
        page = s.post("/new", {"csrf": s.csrf, "name": ""})
        assert "Type your name first" in page
        s.post("/new", {"csrf": s.csrf, "name": "Anna K."})
        _play_to_end(s)
        page = s.get("/debrief")
        fields: dict[str, object] = {"csrf": s.csrf, "name": "Anna K."}
        for qid, value in re.findall(r'name="q-([a-z_0-9]+)" value="(\d+)"', page):
            fields.setdefault(f"q-{qid}", value)
        for qid in re.findall(r'<textarea id="q-[^"]+" name="q-([a-z_0-9]+)"', page):
            fields[f"q-{qid}"] = "Because he controlled appointments."
        alternatives = re.findall(r'type="text" name="q-([a-z_0-9]+)"', page)
        for qid in set(alternatives):
            fields[f"q-{qid}"] = ["Trotsky acts in 1923", "Bukharin wins in 1928"]
        s.post("/reflect", fields)
        assert "handed in" in s.page
    reports = list((data_dir / "reports").rglob("*.json"))
    assert len(reports) == 1
    data = json.loads(reports[0].read_text(encoding="utf-8"))
    assert data["student"]["name"] == "Anna K." and data["assignment"]["title"] == "Why Stalin won"
    assert data["finished"] is True


def test_the_downloaded_report_is_the_one_the_desktop_game_writes(data_dir: Path, db_url: str) -> None:
    """The same play and answers in the window's code path (write_report) and in the browser: the same
    JSON (but for its id and time) and the same self-contained HTML."""
    from game.classroom.html import render_report
    from game.classroom.report import write_report
    from game.history.questions import Answer

    scenario = richest_chapter()
    text = (f"title: Why Stalin won\nclass: 9B\nscenario: {scenario}\nquestions:\n"
            "  - id: why\n    kind: text\n    prompt: Why did Stalin win?\n")
    assignment = parse_assignment(text, "a.yaml")
    answer = "Because he controlled appointments."
    with client(data_dir, database=db_url, assignment=assignment, scenario=scenario) as c:
        s = Student(c)
        s.get("/")
        s.post("/new", {"csrf": s.csrf, "name": "Anna K."})
        _play_to_end(s)
        s.get("/debrief")
        s.post("/reflect", {"csrf": s.csrf, "name": "Anna K.", "q-why": answer})
        got_json = c.get("/report.json")
        got_html = c.get("/report.html")
    web = json.loads(got_json.text)
    assert got_json.headers["content-disposition"].endswith('.json"')
    pt = pilot.play_first_options(story(), scenario)[0]
    written = write_report(pt, assignment, "Anna K.", {"why": Answer("why", text=answer)}, data_dir / "desktop")
    desktop = json.loads(written.json.read_text(encoding="utf-8"))
    assert [r["answer_text"] for r in desktop["reflection"]] == [answer]
    for key in ("id", "generated_at"):
        assert web.pop(key) and desktop.pop(key)
    assert web == desktop
    # The HTML download is drawn at its own request: only its "Generated" minute may differ.
    desktop.update(id="-", generated_at="-")
    minute = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d")
    shown = minute.sub("-", got_html.text)
    assert minute.search(got_html.text) and shown == minute.sub("-", render_report(desktop)) and answer in shown


def test_a_game_is_labelled_once_by_its_chapter_with_its_decisions_counted(data_dir: Path, db_url: str) -> None:
    """The label on the start page, the "start a new game?" question and Saves: a one-chapter scenario's
    title already names the chapter, so it is not said twice, and one decision is "1 decision"."""
    chapter_sc = story().scenarios[richest_chapter()]
    road = next(sc for sc in story().scenarios.values() if not sc.chapter)
    first_chapter = Playthrough.start(story(), road.id).chapter
    assert first_chapter is not None
    with client(data_dir, database=db_url) as c:
        s = Student(c)
        s.start(chapter_sc.id)
        while s.kind != "choice":
            s.step()
        s.step()
        one = html.escape(f"{chapter_sc.title} · 1 decision", quote=False)
        assert f"Your game: {one}</p>" in s.get("/")
        page = s.post("/new", {"csrf": s.csrf, "scenario": road.id})
        assert f"You have a game in progress: {one}." in page
        s.post("/new", {"csrf": s.csrf, "scenario": road.id, "confirm": "yes"})
        saves = s.get("/saves")
        assert one in saves and "chapter " + str(story().chapter_index(chapter_sc.chapter) + 1) not in saves
        start = s.get("/")
    expected = f"{road.title} · chapter {story().chapter_index(first_chapter.id) + 1}: {first_chapter.title} · 0 decisions"
    assert html.escape(expected, quote=False) in start
