"""The class on the server: teacher access, class codes, joining, resuming, the dashboard, exports, the API."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient
from web_helpers import Student, app_for, richest_chapter, story

from game.web.access import SPARE, new_link_token
from game.web.classes import ALPHABET, normal_code
from game.web.store import LET_IN

ASSIGNMENT = "title: Why Stalin won\nclass: 9B\nscenario: {scenario}\nquestions:\n" \
             "  - id: why\n    kind: text\n    prompt: Why did Stalin win?\n"


def _link(app: Any) -> str:
    """A fresh one-time sign-in link's path, as ``serve`` prints one at start."""
    return f"/teacher/login?token={new_link_token(app.state.games.store)}"


def _teacher(c: TestClient) -> Student:
    t = Student(c)
    t.get(_link(c.app))
    return t


def _make_class(t: Student, scenario: str | None = None) -> str:
    t.get("/teacher")
    page = t.post("/teacher/classes", {"csrf": t.csrf, "yaml": ASSIGNMENT.format(scenario=scenario or richest_chapter())})
    found = re.search(r"Class ([A-Z0-9]{6}):", page)
    assert found is not None, page[:600]
    return found.group(1)


def _join(c: TestClient, code: str, name: str, resume: str = "", expect: int = 200) -> Student:
    s = Student(c)
    s.get("/join")
    s.post("/join", {"csrf": s.csrf, "code": code, "name": name, "resume": resume}, expect=expect)
    return s


def _play_to_end(s: Student) -> None:
    s.get("/play")
    for _ in range(500):
        if s.kind == "ending":
            return
        s.step()
    raise AssertionError("did not end")


def test_every_teacher_page_and_api_call_refuses_without_the_token(data_dir: Path, db_url: str) -> None:
    app = app_for(data_dir, database=db_url)
    with TestClient(app) as c:
        for path in ("/teacher", "/teacher/class/ABCDEF", "/teacher/class/ABCDEF/projector",
                     "/teacher/class/ABCDEF/summary.csv", "/teacher/class/ABCDEF/reports.zip",
                     "/api/classes", "/api/classes/ABCDEF", "/api/classes/ABCDEF/reports"):
            r = c.get(path)
            assert r.status_code == 403, path
            assert "Traceback" not in r.text
        assert c.post("/api/classes", json={"assignment": "x"}).status_code == 403
        assert c.get("/teacher/login?token=wrong").status_code == 403
        assert c.get("/api/classes", headers={"Authorization": "Bearer wrong"}).status_code == 403
        ok = c.get("/api/classes", headers={"Authorization": f"Bearer {app.state.teacher_key}"})
        assert ok.status_code == 200 and ok.json() == {"classes": []}


def test_a_class_code_uses_only_letters_nobody_misreads(data_dir: Path, db_url: str) -> None:
    with TestClient(app_for(data_dir, database=db_url)) as c:
        codes = {_make_class(_teacher(c)) for _ in range(5)}
    assert len(codes) == 5
    assert all(set(code) <= set(ALPHABET) for code in codes)
    assert not set("0O1IL2Z5S6G8B") & set(ALPHABET)
    assert normal_code(" acd-efh ") == "ACDEFH"


def test_a_bad_assignment_is_refused_with_file_line_and_column(data_dir: Path, db_url: str) -> None:
    with TestClient(app_for(data_dir, database=db_url)) as c:
        t = _teacher(c)
        t.get("/teacher")
        page = t.post("/teacher/classes", {"csrf": t.csrf, "yaml": "title: X\nscenario: no_such_thing\n"})
        assert re.search(r"assignment\.yaml:2:\d+", page), page[:800]
        assert "no_such_thing" in page


def test_a_class_from_the_form_plays_its_chapter(data_dir: Path, db_url: str) -> None:
    scenario = story().scenarios[richest_chapter()]
    with TestClient(app_for(data_dir, database=db_url)) as c:
        t = _teacher(c)
        t.get("/teacher")
        page = t.post("/teacher/classes", {"csrf": t.csrf, "title": "Leningrad", "class": "10A",
                                           "what": f"scenario:{scenario.id}", "q1_prompt": "What mattered most?",
                                           "q1_kind": "text"})
        code = re.search(r"Class ([A-Z0-9]{6}):", page).group(1)  # type: ignore[union-attr]
    with TestClient(c.app) as phone:
        s = _join(phone, code, "Vera")
        assert "resume code" in s.page
        s.get("/play")
        assert s.kind == "chapter"
        assert phone.get("/report.json").json()["scenario"]["id"] == scenario.id


def test_students_join_resume_on_another_device_and_cannot_take_over_a_name(data_dir: Path, db_url: str) -> None:
    app = app_for(data_dir, database=db_url)
    with TestClient(app) as teacher_c:
        code = _make_class(_teacher(teacher_c))
    with TestClient(app) as first:
        s = _join(first, code, "Anna K.")
        resume = re.search(r'class="resume-code"[^>]*>([A-Z0-9]+)<', s.page).group(1)  # type: ignore[union-attr]
        s.get("/play")
        for _ in range(3):
            s.step()
        where = s.version
    with TestClient(app) as other:  # another student types the same name
        page = _join(other, code, "anna k.", expect=400).page
        assert "resume code" in page and 'id="resume"' in page
        page = _join(other, code, "Anna K.", resume="XXXX", expect=400).page
        assert "not right" in page
        r = other.get("/play")
        assert r.url.path == "/"  # still no game here
    with TestClient(app) as laptop:  # the same student on another device, with the resume code
        s = _join(laptop, code, "Anna K.", resume=resume.lower())
        assert "Welcome back" in s.page and s.version == where
    with TestClient(app) as wrong:
        page = _join(wrong, "ZZZZZZ", "Bob", expect=400).page
        assert "no class with that code" in page


def test_guessing_class_codes_is_rate_limited(data_dir: Path, db_url: str) -> None:
    with TestClient(app_for(data_dir, database=db_url)) as c:
        s = Student(c)
        s.get("/join")
        statuses = [c.post("/join", data={"csrf": s.csrf, "code": f"AAAA{ALPHABET[i % 20]}{ALPHABET[i // 20]}",
                                          "name": "x"}).status_code for i in range(15)]
    assert statuses[:10] == [400] * 10 and statuses[-1] == 429


def test_the_dashboard_follows_the_class_and_a_student_cannot_read_another(data_dir: Path, db_url: str) -> None:
    app = app_for(data_dir, database=db_url)
    token = {"Authorization": f"Bearer {app.state.teacher_key}"}
    with TestClient(app) as tc:
        code = _make_class(_teacher(tc))
    with TestClient(app) as a, TestClient(app) as b:
        sa, sb = _join(a, code, "Anna"), _join(b, code, "Boris")
        _play_to_end(sa)
        sb.get("/play")
        sb.step()
        page = sa.get("/debrief")
        fields = {"csrf": sa.csrf, "name": "Anna", "q-why": "He <b>controlled</b> the appointments."}
        sa.post("/reflect", fields)
        assert "handed in" in sa.page
        status = a.get(f"/api/classes/{code}", headers=token).json()
        assert status["joined"] == 2 and status["finished"] == 1 and status["handed_in"] == 1
        by_name = {s["name"]: s for s in status["students"]}
        assert by_name["Anna"]["finished"] and not by_name["Boris"]["finished"]
        anna_report = json.loads(a.get("/report.json").text)
        assert by_name["Anna"]["decisions"] == len(anna_report["decisions"])
        # every decision Anna made is counted once
        assert sum(d["total"] for d in status["decisions"]) == len(anna_report["decisions"])
        assert status["answers"][0]["answers"] == ["He <b>controlled</b> the appointments."]
        # the projector view carries no names or ids
        anonymous = a.get(f"/api/classes/{code}?names=no", headers=token).json()
        assert "Anna" not in json.dumps(anonymous) and all("id" not in s for s in anonymous["students"])
        # Boris cannot open Anna's report, by page or by API
        anna_id = by_name["Anna"]["id"]
        assert b.get(f"/teacher/class/{code}/report/{anna_id}").status_code == 403
        assert b.get(f"/api/classes/{code}/reports").status_code == 403
        assert "Anna" not in b.get("/report.json").text.split('"student"')[1][:60]
    with TestClient(app) as tc:
        _teacher(tc)
        dash = tc.get(f"/teacher/class/{code}").text
        assert "Anna" in dash and "&lt;b&gt;controlled" in dash and "<b>controlled" not in dash
        report = tc.get(f"/teacher/class/{code}/report/{anna_id}")
        assert report.status_code == 200 and "Anna" in report.text
        csv_text = tc.get(f"/teacher/class/{code}/summary.csv").text
        assert "Anna" in csv_text
        z = zipfile.ZipFile(io.BytesIO(tc.get(f"/teacher/class/{code}/reports.zip").content))
        names = z.namelist()
        assert sum(n.endswith(".json") for n in names) == 1 and "no-report-yet.csv" in names
        assert "Boris" in z.read("no-report-yet.csv").decode()


def test_deleting_a_class_deletes_its_students_data(data_dir: Path, db_url: str) -> None:
    app = app_for(data_dir, database=db_url)
    token = {"Authorization": f"Bearer {app.state.teacher_key}"}
    with TestClient(app) as c:
        r = c.post("/api/classes", headers=token, json={"assignment": ASSIGNMENT.format(scenario=richest_chapter())})
        assert r.status_code == 201
        code = r.json()["code"]
    with TestClient(app) as s:
        student = _join(s, code, "Yuri")
        _play_to_end(student)
        student.get("/debrief")
        student.post("/reflect", {"csrf": student.csrf, "name": "Yuri", "q-why": "Appointments."})
        student.get("/saves")
        student.post("/saves/save", {"csrf": student.csrf, "slot": "1"})
        player = s.app.state.games.store.find_member(code, "Yuri")[0]  # type: ignore[attr-defined]
        store = app.state.games.store
        assert store.reports(code) and store.db.execute("SELECT COUNT(*) FROM slots WHERE player = ?",
                                                        (player,))[0][0] == 1
        with TestClient(app) as c:
            assert c.delete(f"/api/classes/{code}", headers=token).status_code == 204
            assert c.get(f"/api/classes/{code}", headers=token).status_code == 404
        assert store.members(code) == [] and store.reports(code) == {}
        for table, column in (("players", "id"), ("slots", "player"), ("reports", "player")):
            assert store.db.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", (player,))[0][0] == 0
        # Yuri's own browser, cookie and all, has no game left.
        assert s.get("/play").url.path == "/" and "Continue your game" not in student.get("/")


def test_the_api_is_described_by_openapi(data_dir: Path, db_url: str) -> None:
    with TestClient(app_for(data_dir, database=db_url)) as c:
        spec = c.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    routes = {r.path for r in c.app.routes if getattr(r, "path", "").startswith("/api/")}  # type: ignore[attr-defined]
    assert set(spec["paths"]) == routes
    r = c.post("/api/classes", json={"assignment": "title: x\n"},
               headers={"Authorization": f"Bearer {c.app.state.teacher_key}"})  # type: ignore[attr-defined]
    assert r.status_code == 422 and r.json()["problems"]


ROSTER = "Anna Karenina\nBoris Godunov\t9B\n  Vera   Figner  \nanna karenina\n=HYPERLINK(\"x\")\n"


def test_students_pick_their_name_from_a_pasted_roster(data_dir: Path, db_url: str) -> None:
    app = app_for(data_dir, database=db_url)
    with TestClient(app) as tc:
        t = _teacher(tc)
        t.get("/teacher")
        page = t.post("/teacher/classes", {"csrf": t.csrf, "yaml": ASSIGNMENT.format(scenario=richest_chapter()),
                                           "roster": ROSTER})
        code = re.search(r"Class ([A-Z0-9]{6}):", page).group(1)  # type: ignore[union-attr]
        # The list as pasted, cleaned: the second cell of a spreadsheet row dropped, spaces tidied, each once.
        assert re.findall(r"<li>([^<]+)</li>", page.split('id="not-joined"')[1].split("</div>")[0]) == [
            "Anna Karenina", "Boris Godunov", "Vera Figner", "=HYPERLINK(&#34;x&#34;)"]
    with TestClient(app) as c:
        s = Student(c)
        s.get("/join")
        page = s.post("/join", {"csrf": s.csrf, "code": code.lower(), "name": ""})  # the code alone: the list
        options = re.findall(r'<option value="([^"]*)"', page)
        assert options == ["", "Anna Karenina", "Boris Godunov", "Vera Figner", "=HYPERLINK(&#34;x&#34;)"]
        page = s.post("/join", {"csrf": s.csrf, "code": code, "name": "Someone Else"}, expect=400)
        assert "not on this class&#39;s list" in page and '<select id="name"' in page
        s.post("/join", {"csrf": s.csrf, "code": code, "name": "vera figner"})
        assert "Vera Figner" in s.page and "resume code" in s.page  # the list's spelling, not the typed one
    with TestClient(app) as tc:
        _teacher(tc)
        status = tc.get(f"/api/classes/{code}").json()
        assert status["roster"] == 4 and status["joined"] == 1
        assert status["not_joined"] == ["Anna Karenina", "Boris Godunov", "=HYPERLINK(\"x\")"]
        assert tc.get(f"/api/classes/{code}?names=no").json()["not_joined"] == 3
        z = zipfile.ZipFile(io.BytesIO(tc.get(f"/teacher/class/{code}/reports.zip").content))
        rows = z.read("no-report-yet.csv").decode().splitlines()
        # Everyone without a report: the one who joined, and the three on the list who never did —
        # a name that looks like a formula is defused as in every CSV the game writes.
        assert rows == ["student,report", "Vera Figner,none yet", "Anna Karenina,not joined",
                        "Boris Godunov,not joined", "\"'=HYPERLINK(\"\"x\"\")\",not joined"]
        summary = tc.get(f"/teacher/class/{code}/summary.html").text  # class-report's "No report" line
        assert re.search(r"No report:</strong>[^<]*Boris Godunov", summary), summary[-1500:]


def test_the_api_takes_a_roster_as_a_list(data_dir: Path, db_url: str) -> None:
    app = app_for(data_dir, database=db_url)
    token = {"Authorization": f"Bearer {app.state.teacher_key}"}
    with TestClient(app) as c:
        r = c.post("/api/classes", headers=token, json={"assignment": ASSIGNMENT.format(scenario=richest_chapter()),
                                                        "roster": ["Yuri", "Zoya"]})
        assert r.status_code == 201
        assert c.get(f"/api/classes/{r.json()['code']}", headers=token).json()["not_joined"] == ["Yuri", "Zoya"]
        bad = c.post("/api/classes", headers=token, json={"assignment": ASSIGNMENT.format(scenario=richest_chapter()),
                                                          "roster": {"a": 1}})
        assert bad.status_code == 400 and "roster" in bad.json()["error"]


def test_the_teacher_lets_a_student_in_on_another_device_once(data_dir: Path, db_url: str) -> None:
    app = app_for(data_dir, database=db_url)
    with TestClient(app) as tc:
        code = _make_class(_teacher(tc))
    with TestClient(app) as first:
        s = _join(first, code, "Anna K.")
        s.get("/play")
        s.step()
        where = s.version
    with TestClient(app) as tc:
        t = _teacher(tc)
        dash = t.get(f"/teacher/class/{code}")
        status = tc.get(f"/api/classes/{code}").json()
        anna = status["students"][0]
        assert f'<span class="resume-code">{anna["resume"]}</span>' in dash  # the teacher can read it out
        t.post(f"/teacher/class/{code}/let-in/{anna['id']}", {"csrf": t.csrf})
        assert "Anna K. can now join on another device" in t.page
        assert tc.post(f"/teacher/class/{code}/let-in/nobody", data={"csrf": t.csrf}).status_code == 404
        assert tc.post(f"/teacher/class/{code}/let-in/{anna['id']}", data={}).status_code == 403  # no CSRF token
    with TestClient(app) as laptop:  # no resume code needed, once
        s = _join(laptop, code, "Anna K.")
        assert "Welcome back" in s.page and s.version == where
    with TestClient(app) as other:  # the permission is used up: the next device needs the resume code again
        page = _join(other, code, "Anna K.", expect=400).page
        assert 'id="resume"' in page
    with TestClient(app) as script:  # the same through the API, with the token
        token = {"Authorization": f"Bearer {app.state.teacher_key}"}
        r = script.post(f"/api/classes/{code}/students/{anna['id']}/let-in", headers=token)
        assert r.status_code == 200 and r.json()["name"] == "Anna K."
        assert script.post(f"/api/classes/{code}/students/{anna['id']}/let-in").status_code == 403
    with TestClient(app) as phone:
        assert "Welcome back" in _join(phone, code, "Anna K.").page


def test_everything_the_dashboard_does_is_in_the_documented_api(data_dir: Path, db_url: str) -> None:
    app = app_for(data_dir, database=db_url)
    token = {"Authorization": f"Bearer {app.state.teacher_key}"}
    with TestClient(app) as tc:
        t = _teacher(tc)
        code = _make_class(t)
    with TestClient(app) as a:
        s = _join(a, code, "Anna")
        _play_to_end(s)
        s.get("/debrief")
        s.post("/reflect", {"csrf": s.csrf, "name": "Anna", "q-why": "Appointments."})
    with TestClient(app) as tc:
        t = _teacher(tc)
        dash = t.get(f"/teacher/class/{code}")
        spec = tc.get("/openapi.json").json()
    anna = tc.get(f"/api/classes/{code}", headers=token).json()["students"][0]["id"]
    # Every link and form on the dashboard, as a path of the API document with the same answer.
    targets = set(re.findall(r'(?:href|action)="(/teacher/class/[^"#]+)"', dash))
    assert targets, dash[:400]
    documented = set(spec["paths"])
    api_for = {"/projector": "", "/delete": "", "/summary.html": "/summary.html", "/summary.csv": "/summary.csv",
               "/reports.zip": "/reports.zip"}
    with TestClient(app) as script:
        for target in sorted(targets):
            rest = target[len(f"/teacher/class/{code}"):]
            if rest.startswith("/report/"):
                path, template = f"/api/classes/{code}/reports/{rest[8:]}", "/api/classes/{code}/reports/{player}"
            elif rest.startswith("/let-in/"):
                path, template = (f"/api/classes/{code}/students/{rest[8:]}/let-in",
                                  "/api/classes/{code}/students/{player}/let-in")
            elif rest in ("/projector", ""):  # the projector shows GET /api/classes/{code}?names=no
                assert "?names=no" in json.dumps(spec["paths"]["/api/classes/{code}"]) or "names" in json.dumps(
                    spec["paths"]["/api/classes/{code}"]["get"]["parameters"])
                continue
            elif rest == "/delete":
                assert "delete" in spec["paths"]["/api/classes/{code}"]
                continue
            else:
                path, template = f"/api/classes/{code}{api_for[rest]}", "/api/classes/{code}" + api_for[rest]
            assert template in documented, template
            method = "post" if "let-in" in template else "get"
            assert method in spec["paths"][template], template
            r = script.request(method.upper(), path, headers=token)
            assert r.status_code == 200, (path, r.status_code, r.text[:200])
            if method == "get":
                page = tc.get(target)
                assert page.status_code == 200 and page.headers["content-type"] == r.headers["content-type"]
    assert anna in dash


def test_guessing_the_teacher_link_or_a_resume_code_is_rate_limited_across_server_processes(
        data_dir: Path, db_url: str) -> None:
    """Ten wrong guesses a minute per address, counted in the database: a second server process on the
    same database (``--workers 2``) refuses the guesser too, and gives it no fresh tries."""
    app = app_for(data_dir, database=db_url)
    app2 = app_for(data_dir, database=db_url)
    with TestClient(app) as tc:
        code = _make_class(_teacher(tc))
    with TestClient(app) as first:
        _join(first, code, "Anna")
    link = _link(app)
    here, there = ("10.0.0.7", 40000), ("10.0.0.7", 40001)
    with TestClient(app, client=here) as guesser, TestClient(app2, client=there) as same_device:
        statuses = [c.get(f"/teacher/login?token=guess{i}").status_code
                    for i in range(5) for c in (guesser, same_device)]
        assert statuses == [403] * 10
        # Now even the right link waits, on either process: the next minute refuses this address.
        assert guesser.get(link).status_code == 429
        assert same_device.get(link).status_code == 429
        s = Student(same_device)
        s.get("/join")
        assert same_device.post("/join", data={"csrf": s.csrf, "code": "ZZZZZZ", "name": "Anna"}).status_code == 429
    with TestClient(app, client=("10.0.0.8", 40000)) as neighbour:  # another device is not held up
        assert neighbour.get(link).status_code == 200
    with TestClient(app2, client=("10.0.0.9", 40000)) as guesser:
        s = Student(guesser)
        s.get("/join")
        found = app2.state.games.store.find_member(code, "Anna")
        assert found is not None
        guesses = [g for g in (f"{a}{b}AA" for a in ALPHABET for b in ALPHABET[:2]) if g != found[1]][:11]
        statuses = [guesser.post("/join", data={"csrf": s.csrf, "code": code, "name": "Anna",
                                                "resume": g}).status_code for g in guesses]
        assert statuses[:10] == [400] * 10 and statuses[10] == 429


def test_a_teacher_link_signs_in_one_browser_once(data_dir: Path, db_url: str) -> None:
    app = app_for(data_dir, database=db_url)
    link = _link(app)
    with TestClient(app) as teacher, TestClient(app) as onlooker:
        page = teacher.get(link)
        assert page.status_code == 200 and "Your classes" in page.text and "works only once" in page.text
        assert "Your classes" in teacher.get(link).text  # opened again in the same browser: still signed in
        again = onlooker.get(link)  # the same link, seen over a shoulder, from another browser
        assert again.status_code == 403 and "used already" in again.text
        assert onlooker.get("/teacher").status_code == 403
        # The key for scripts is on the signed-in teacher's page, and only there.
        key = re.search(r'<code id="teacher-key">([^<]+)</code>', teacher.get("/teacher").text)
        assert key is not None and key.group(1) == app.state.teacher_key
        assert app.state.teacher_key not in onlooker.get("/").text + again.text
        assert app.state.teacher_key not in link
        # A new printed link (the server started again) retires the unused one before it.
        unused, newer = _link(app), _link(app)
        assert onlooker.get(unused).status_code == 403
        with TestClient(app) as other:
            assert other.get(newer).status_code == 200
        # Signing out here ends this browser's access; nobody else's.
        t = Student(teacher)
        t.get("/teacher")
        t.post("/teacher/sign-out", {"csrf": t.csrf})
        assert teacher.get("/teacher").status_code == 403


def test_the_teacher_signs_in_another_device_with_a_short_lived_link(data_dir: Path, db_url: str) -> None:
    from game.web import access

    app = app_for(data_dir, database=db_url)
    with TestClient(app) as laptop, TestClient(app) as tablet, TestClient(app) as late:
        t = _teacher(laptop)
        t.get("/teacher")
        page = t.post("/teacher/device", {"csrf": t.csrf})
        found = re.search(r'href="http://testserver(/teacher/login\?token=[^"]+)"', page)
        assert found is not None and "<svg" in page and f"{access.DEVICE_MINUTES} minutes" in page
        assert "Your classes" in tablet.get(found.group(1)).text
        assert late.get(found.group(1)).status_code == 403
        # Made and never used, a spare link lapses after its minutes.
        store = app.state.games.store
        lapsed = new_link_token(store, SPARE, minutes=-1)
        assert late.get(f"/teacher/login?token={lapsed}").status_code == 403
        assert t.post("/teacher/device", {"csrf": "forged"}, expect=403)


def test_every_teacher_route_refuses_a_student_and_a_stranger(data_dir: Path, db_url: str) -> None:
    """Each route under /teacher and /api, with each of its methods, on a real class and a real student:
    a student of that class (with their session and its CSRF token) and a browser with no session are refused."""
    from starlette.routing import Route

    app = app_for(data_dir, database=db_url)
    with TestClient(app) as tc:
        code = _make_class(_teacher(tc))
    with TestClient(app) as student_c, TestClient(app) as stranger:
        student = _join(student_c, code, "Anna")
        _play_to_end(student)
        student.get("/debrief")
        student.post("/reflect", {"csrf": student.csrf, "name": "Anna", "q-why": "Appointments."})
        player = app.state.games.store.find_member(code, "Anna")[0]
        checked = []
        for route in app.routes:
            if not isinstance(route, Route) or route.path == "/teacher/login" or \
                    not route.path.startswith(("/teacher", "/api/")):
                continue
            path = route.path.replace("{code}", code).replace("{player}", player)
            for method in sorted((route.methods or set()) - {"HEAD"}):
                for who, c in (("student", student_c), ("stranger", stranger)):
                    r = c.request(method, path, data={"csrf": student.csrf} if method == "POST" and who == "student"
                                  else None)
                    assert r.status_code == 403, (who, method, path, r.status_code)
                    assert "Anna" not in r.text and "Traceback" not in r.text
                checked.append(f"{method} {route.path}")
    assert len(checked) >= 20, checked  # every page, export and API call, not a handful
    with TestClient(app) as tc:  # and it all still stands: nothing was deleted or let in
        _teacher(tc)
        status = tc.get(f"/api/classes/{code}").json()
        assert status["joined"] == 1 and status["handed_in"] == 1
        assert app.state.games.store.setting(LET_IN + player) is None


def test_the_dashboard_shows_where_each_is_who_is_idle_and_the_historical_share(data_dir: Path, db_url: str) -> None:
    """Anna plays the chapter on its first options; Boris makes only the first decision, the way it was
    done historically, then stops. What the dashboard says is checked against the engine's own play."""
    import html
    import time

    from game.engine.playthrough import Playthrough
    from game.web import pilot

    scenario = richest_chapter()
    anna_pt = pilot.play_first_options(story(), scenario)[0]
    boris_pt = Playthrough.start(story(), scenario)
    while boris_pt.current.kind != "choice":
        boris_pt.advance()
    historical = next(o for o in boris_pt.current.options if o.historical)
    boris_pt.choose(historical.index)
    first = boris_pt.state.log[0]
    app = app_for(data_dir, database=db_url)
    with TestClient(app) as tc:
        code = _make_class(_teacher(tc), scenario)
    with TestClient(app) as a, TestClient(app) as b:
        _play_to_end(_join(a, code, "Anna"))
        boris = _join(b, code, "Boris")
        boris.get("/play")
        while boris.kind != "choice":
            boris.step()
        boris.act("choose", option=str(historical.index))
    store = app.state.games.store
    store.db.execute("UPDATE players SET updated = ? WHERE name = ?", (time.time() - 10 * 60 - 5, "Boris"))
    with TestClient(app) as tc:
        _teacher(tc)
        status = tc.get(f"/api/classes/{code}").json()
        dash = tc.get(f"/teacher/class/{code}").text
        projector = tc.get(f"/teacher/class/{code}/projector").text
    by_name = {s["name"]: s for s in status["students"]}
    anna, boris_row = by_name["Anna"], by_name["Boris"]
    # where each is: the chapter, how many decisions, the last one
    chapter = story().chapter(boris_pt.state.chapter)
    assert chapter is not None and boris_row["chapter"].endswith(chapter.title)
    assert boris_row["decisions"] == 1 and boris_row["last"] == first["text"]
    assert anna["decisions"] == len(anna_pt.state.log) and anna["finished"]
    ending = story().ending(anna_pt.state.ending)
    assert ending is not None and anna["ending"] == ending.title
    # idle: Boris, quiet for ten minutes and not finished; Anna has finished, so is not idle
    assert boris_row["idle"] and boris_row["minutes_idle"] >= 10 and not anna["idle"] and status["idle"] == 1
    assert "idle 10 min" in dash and f"finished: {html.escape(ending.title)}" in dash
    # each decision: how many chose what, and the share who did what was done historically
    shares = {d["id"]: d["historical_share"] for d in status["decisions"]}
    expected: dict[str, int | None] = {}
    for entry in anna_pt.state.log:
        mark = entry.get("historical")
        done = None if mark is None else (all(mark.values()) if isinstance(mark, dict) else bool(mark))
        if entry["id"] == first["id"]:
            expected[entry["id"]] = 50  # Anna did otherwise, Boris as it was done
            assert done is False
        else:
            expected[entry["id"]] = None if done is None else 100 * done
    assert shares == expected
    split = next(d for d in status["decisions"] if d["id"] == first["id"])
    assert split["total"] == 2 and sorted(o["count"] for o in split["options"]) == [1, 1]
    assert first["text"] in [o["text"] for o in split["options"]]
    for page in (dash, projector):
        assert "50 % did what was done historically" in page
    assert "Boris" not in projector and "Anna" not in projector


def test_an_uploaded_assignment_file_is_checked_with_its_own_name_line_and_column(data_dir: Path, db_url: str) -> None:
    with TestClient(app_for(data_dir, database=db_url)) as c:
        t = _teacher(c)
        t.get("/teacher")
        bad = b"title: Leningrad\nclass: 10A\nscenario: no_such_chapter\n"
        r = c.post("/teacher/classes", data={"csrf": t.csrf}, files={"file": ("essay-9b.yaml", bad, "text/yaml")})
        assert r.status_code == 200 and "Traceback" not in r.text
        assert re.search(r"<code>essay-9b\.yaml:3:\d+: [^<]*no_such_chapter", r.text), r.text[-1500:]
        r = c.post("/teacher/classes", data={"csrf": t.csrf},
                   files={"file": ("latin1.yaml", "title: Übung\n".encode("latin-1"), "text/yaml")})
        assert "<code>latin1.yaml:1:1: the file is not UTF-8 text" in r.text
        # A file too large for an assignment is answered on the teacher's page, in the teacher's words.
        big = b"title: Long\n" + b"# a comment line that makes the file long\n" * 6500
        r = c.post("/teacher/classes", data={"csrf": t.csrf}, files={"file": ("huge.yaml", big, "text/yaml")})
        assert r.status_code == 200 and "huge.yaml: an assignment is a small file (under 256 kB)" in r.text
        good = ASSIGNMENT.format(scenario=richest_chapter()).encode()
        r = c.post("/teacher/classes", data={"csrf": t.csrf}, files={"file": ("why.yaml", good, "text/yaml")})
        code = re.search(r"Class ([A-Z0-9]{6}) is ready", r.text)
        assert code is not None and "Why Stalin won" in r.text
        assert c.get(f"/api/classes/{code.group(1)}").json()["title"] == "Why Stalin won"


def test_a_class_gets_a_join_link_and_its_qr_code_and_the_link_fills_in_the_code(data_dir: Path, db_url: str) -> None:
    import html

    with TestClient(app_for(data_dir, database=db_url)) as c:
        t = _teacher(c)
        code = _make_class(t)
        dash = t.get(f"/teacher/class/{code}")
        link = f"http://testserver/join?code={code}"
        assert f'<a href="{link}">{link}</a>' in dash
        assert re.search(r"<svg[^>]*class=\"qr\"[^>]*><title>" + re.escape(html.escape(f"QR code for {link}")), dash)
    with TestClient(c.app) as phone:  # the scanned link opens the join form with the code filled in
        s = Student(phone)
        page = s.get(link[len("http://testserver"):])
        assert f'id="code" name="code" type="text" value="{code}"' in page
        s.post("/join", {"csrf": s.csrf, "code": code, "name": "Vera"})
        assert "resume code" in s.page


def test_the_class_summary_is_what_class_report_makes_of_the_zipped_reports(data_dir: Path, db_url: str,
                                                                          tmp_path: Path) -> None:
    """The teacher's two routes to a summary agree: the server's summary (HTML and CSV) and
    `after-lenin class-report --roster` run over the reports from the server's zip."""
    import subprocess
    import sys

    app = app_for(data_dir, database=db_url)
    token = {"Authorization": f"Bearer {app.state.teacher_key}"}
    roster = ["Anna", "Boris", "Chen"]
    with TestClient(app) as tc:
        code = tc.post("/api/classes", headers=token, json={"assignment": ASSIGNMENT.format(scenario=richest_chapter()),
                                                            "roster": roster}).json()["code"]
    with TestClient(app) as a, TestClient(app) as b:
        anna = _join(a, code, "Anna")
        _play_to_end(anna)
        anna.get("/debrief")
        anna.post("/reflect", {"csrf": anna.csrf, "name": "Anna", "q-why": "He held the appointments."})
        boris = _join(b, code, "Boris")
        boris.get("/play")
        boris.step()
    with TestClient(app) as tc:
        web_csv = tc.get(f"/api/classes/{code}/summary.csv", headers=token).content
        web_html = tc.get(f"/api/classes/{code}/summary.html", headers=token).text
        z = zipfile.ZipFile(io.BytesIO(tc.get(f"/api/classes/{code}/reports.zip", headers=token).content))
    folder = tmp_path / "handed-in"
    folder.mkdir()
    for name in z.namelist():
        if name.endswith(".json"):
            (folder / name).write_bytes(z.read(name))
    (tmp_path / "roster.txt").write_text("\n".join(roster) + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "game", "class-report", str(folder), "--roster",
                           str(tmp_path / "roster.txt"), "-o", str(tmp_path / "class")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert b"Anna" in web_csv and (tmp_path / "class.csv").read_bytes() == web_csv
    cli_html = (tmp_path / "class.html").read_text(encoding="utf-8")
    minute = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?")
    folder_row = re.compile(r"<dt>Folder</dt><dd>([^<]*)</dd>")
    assert folder_row.findall(cli_html) == [str(folder)]
    assert folder_row.findall(web_html) == [f"class {code} on this server"]  # not a server's temporary folder
    # Each name opens the student's report: class-report links the page it makes beside the JSON,
    # the server its own report route. Apart from those links and their note the pages agree.
    anna_file = next(n for n in z.namelist() if n.startswith("anna") and n.endswith(".json"))
    assert f'<a href="handed-in/{anna_file[:-5]}.html">Anna</a>' in cli_html
    assert (folder / f"{anna_file[:-5]}.html").is_file()
    link = re.search(rf'<a href="/teacher/class/{code}/report/([^"]+)">Anna</a>', web_html)
    assert link is not None and anna_file.endswith(f"-{link[1][:6]}.json")
    with TestClient(app) as tc:
        assert tc.get(link[0].split('"')[1]).status_code == 403  # the link needs the teacher's session
        opened = tc.get(f"/api/classes/{code}/reports/{link[1]}", headers=token)
        assert opened.status_code == 200 and "He held the appointments." in opened.text
    links = re.compile(r'<a href="[^"]*">|</a>|<p class="note">Each name opens[^<]*</p>')
    assert (minute.sub("-", links.sub("", folder_row.sub("", cli_html)))
            == minute.sub("-", links.sub("", folder_row.sub("", web_html))))
    assert re.search(r"No report:</strong>[^<]*Boris[^<]*Chen", web_html)
