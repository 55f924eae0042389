"""The teacher's side of the classroom server: signing in, classes, the live dashboard, exports,
and the JSON API (``/api/…``, described at ``/openapi.json``).

Every teacher page and API call needs the teacher's key (see ``access``): a browser gets it
in its session by opening a one-time sign-in link; scripts send ``Authorization: Bearer KEY``.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..classroom.html import render_report
from ..classroom.report import report_basename
from ..classroom.summary import summarise, summary_csv, summary_html
from .access import DEVICE_MINUTES, SPARE, Throttle, client_address, new_link_token, teacher_key, use_link_token
from .classes import LET_IN_MINUTES, ClassError, Classes, assignment_yaml
from .security import same_token

if TYPE_CHECKING:
    from .app import Pages

#: The refusal when a script's call comes with the browser's session instead of the key.
SCRIPTS_SEND_THE_KEY = "Scripts send the teacher's key (shown on the teacher page) as 'Authorization: Bearer KEY'."

class TeacherPages:
    """Routes under /teacher and /api. ``pages`` gives rendering, forms and the games."""

    def __init__(self, pages: Pages, classes: Classes) -> None:
        self.pages = pages
        self.classes = classes
        self.store = classes.store
        self.key = teacher_key(self.store)
        self.throttle = Throttle(self.store)

    # -- access -----------------------------------------------------------------------

    def is_teacher(self, request: Request) -> bool:
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            return same_token(self.key, auth[7:].strip())
        return bool(request.scope.get("session", {}).get("teacher") == self.key)

    def require(self, request: Request) -> None:
        if not self.is_teacher(request):
            raise HTTPException(403, "This page is for the teacher. Open the teacher link that `after-lenin serve` "
                                     "printed when it started (it is also in the server's data folder).")

    async def login(self, request: Request) -> Response:
        """Open a sign-in link: the first browser to open it is the teacher's; the link is then used up."""
        who = client_address(request)
        if self.throttle.blocked(who):
            raise HTTPException(429, "Too many wrong attempts from this device: wait a minute and try again.")
        if use_link_token(self.store, request.query_params.get("token", "")):
            request.session["teacher"] = self.key
            self.pages.notice(request, "You are signed in as the teacher in this browser. The link you opened "
                                       "works only once: nobody else can use it now.")
            return self.pages.to("/teacher")
        if self.is_teacher(request):  # this browser is signed in already: opening the old link again is harmless
            return self.pages.to("/teacher")
        self.throttle.fail(who)
        raise HTTPException(403, "That teacher link has been used already, or it is not right: each link signs in "
                                 "one browser, once. For a new link: start the server again (nothing is lost), or "
                                 "type after-lenin teacher-link on the server's computer, or, where you are signed "
                                 "in already, press 'Sign in on another device' on the teacher page.")

    async def device_link(self, request: Request) -> Response:
        """A one-time sign-in link (and its QR code) for the teacher's other device, good for a few minutes."""
        self.require(request)
        await self.pages.form(request)  # the CSRF check
        from .lan import qr_svg

        base = self.pages.address(request)
        link = f"{base.rstrip('/')}/teacher/login?token={new_link_token(self.store, SPARE, DEVICE_MINUTES)}"
        return self.pages.render(request, "device.html", title="Sign in on another device", link=link,
                                 qr=qr_svg(link), minutes=DEVICE_MINUTES)

    async def sign_out(self, request: Request) -> Response:
        self.require(request)
        await self.pages.form(request)
        request.session.pop("teacher", None)
        self.pages.notice(request, "You are signed out as the teacher in this browser.")
        return self.pages.to("/")

    # -- pages ------------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        self.require(request)
        story = self.pages.story
        choices = [{"value": f"scenario:{sc.id}", "label": f"{sc.title} — {sc.dates}, about {sc.minutes} min"}
                   for sc in story.scenarios.values()]
        rows = []
        for info in self.classes.all():
            status = self.classes.status(info.code)
            rows.append({"code": info.code, "title": info.title, "joined": status.get("joined", 0),
                         "finished": status.get("finished", 0), "scenario": status.get("scenario", "")})
        problems = request.session.pop("class_problems", [])
        return self.pages.render(request, "teacher.html", title="Teacher", classes=rows, choices=choices,
                                 problems=problems, notice=self.pages.pop_notice(request), key=self.key)

    async def create(self, request: Request) -> Response:
        self.require(request)
        form = await self.pages.form(request, files=True)
        upload = form.get("file")
        text = str(form.get("yaml", "")).strip()
        name = "assignment.yaml"
        if upload is not None and not isinstance(upload, str) and upload.filename:
            raw = await upload.read(256 * 1024 + 1)
            if len(raw) > 256 * 1024:
                request.session["class_problems"] = [f"{upload.filename}: an assignment is a small file (under 256 kB)"]
                return self.pages.to("/teacher#new")
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                request.session["class_problems"] = [f"{upload.filename}:1:1: the file is not UTF-8 text; save it as "
                                                     "UTF-8 in your editor"]
                return self.pages.to("/teacher#new")
            name = Path(upload.filename).name
        if not text:
            text = assignment_yaml({k: str(v) for k, v in form.items() if isinstance(v, str)})
            name = "the form"
        try:
            info = self.classes.create(text, name, str(form.get("roster", "")))
        except ClassError as exc:
            request.session["class_problems"] = str(exc).splitlines()
            return self.pages.to("/teacher#new")
        self.pages.notice(request, f"Class {info.code} is ready: students join with that code.")
        return self.pages.to(f"/teacher/class/{info.code}")

    def info_or_404(self, code: str) -> Any:
        info = self.classes.get(code)
        if info is None:
            raise HTTPException(404, "There is no such class.")
        return info

    async def dashboard(self, request: Request) -> Response:
        self.require(request)
        code = request.path_params["code"]
        info = self.info_or_404(code)
        from .lan import qr_svg

        base = self.pages.address(request)
        link = f"{base.rstrip('/')}/join?code={code}"
        return self.pages.render(request, "dashboard.html", title=f"Class {code}", info=info, link=link,
                                 qr=qr_svg(link), now=self.classes.status(code), let_in_minutes=LET_IN_MINUTES,
                                 notice=self.pages.pop_notice(request))

    async def projector(self, request: Request) -> Response:
        self.require(request)
        code = request.path_params["code"]
        info = self.info_or_404(code)
        return self.pages.render(request, "projector.html", title=f"Class {code}", info=info,
                                 now=self.classes.status(code, names=False))

    async def delete(self, request: Request) -> Response:
        self.require(request)
        await self.pages.form(request)
        code = request.path_params["code"]
        self.info_or_404(code)
        self.classes.delete(code)
        self.pages.notice(request, f"Class {code} and all its students' games and reports are deleted.")
        return self.pages.to("/teacher")

    def member_or_404(self, code: str, player: str) -> Any:
        found = next((m for m in self.store.roster(code) if m.player == player), None)
        if found is None:
            raise HTTPException(404, "There is no such student in this class.")
        return found

    async def let_in(self, request: Request) -> Response:
        """The teacher lets a student continue on another device without the resume code (page and API)."""
        self.require(request)
        code, player = request.path_params["code"], request.path_params["player"]
        api = request.url.path.startswith("/api/")
        if api and not request.headers.get("authorization"):
            raise HTTPException(403, SCRIPTS_SEND_THE_KEY)
        if not api:
            await self.pages.form(request)  # the CSRF check
        self.info_or_404(code)
        member = self.member_or_404(code, player)
        self.classes.let_in(player)
        message = (f"{member.name} can now join on another device with the class code and their name, without the "
                   f"resume code: once, in the next {LET_IN_MINUTES} minutes.")
        if api:
            return JSONResponse({"player": player, "name": member.name, "minutes": LET_IN_MINUTES,
                                 "message": message})
        self.pages.notice(request, message)
        return self.pages.to(f"/teacher/class/{code}")

    async def report(self, request: Request) -> Response:
        self.require(request)
        code, player = request.path_params["code"], request.path_params["player"]
        data = self.store.reports(code).get(player)
        if data is None:
            raise HTTPException(404, "That student has not handed in a report yet.")
        return Response(render_report(data), media_type="text/html", headers={
            "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:"})

    def _summary_folder(self, code: str, folder: Path) -> tuple[list[str], dict[str, str]]:
        """The class's reports as files, for the file-based summary (the same as ``class-report``):
        the class list, and which student each file is."""
        players: dict[str, str] = {}
        for player, data in self.store.reports(code).items():
            name = f"{report_basename(data)}-{player[:6]}.json"
            (folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            players[name] = player
        return self._everyone(code), players

    def _everyone(self, code: str) -> list[str]:
        """The class list as the exports use it: the pasted roster, then anyone who joined under another name."""
        info = self.classes.get(code)
        names = list(info.roster) if info is not None else []
        listed = {n.casefold() for n in names}
        names += [m.name for m in self.store.roster(code) if m.name.casefold() not in listed]
        return names

    def _summary(self, code: str) -> Any:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "reports"
            folder.mkdir()
            names, players = self._summary_folder(code, folder)
            roster = Path(tmp) / "roster.txt"
            roster.write_text("\n".join(names) + "\n", encoding="utf-8")
            summary = summarise(folder, roster)
        summary.folder = f"class {code} on this server"  # not the temporary folder, gone by now
        return summary, players

    async def summary_page(self, request: Request) -> Response:
        self.require(request)
        code = request.path_params["code"]
        self.info_or_404(code)
        summary, players = self._summary(code)

        def href(s: Any) -> str | None:  # each name opens that student's report, here on the server
            return f"/teacher/class/{code}/report/{players[s.file]}" if s.file in players else None

        page = summary_html(summary, href, "Each name opens that student's report on this server.")
        return Response(page, media_type="text/html", headers={
            "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:"})

    async def summary_csv(self, request: Request) -> Response:
        self.require(request)
        code = request.path_params["code"]
        self.info_or_404(code)
        # With the byte-order mark, as `class-report` writes it: spreadsheets then read the names as UTF-8.
        return Response("\ufeff" + summary_csv(self._summary(code)[0]), media_type="text/csv; charset=utf-8",
                        headers={"content-disposition": f'attachment; filename="class-{code}.csv"'})

    async def reports_zip(self, request: Request) -> Response:
        self.require(request)
        code = request.path_params["code"]
        self.info_or_404(code)
        out = io.BytesIO()
        reports = self.store.reports(code)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for player, data in reports.items():
                base = f"{report_basename(data)}-{player[:6]}"
                z.writestr(f"{base}.json", json.dumps(data, ensure_ascii=False, indent=1))
                z.writestr(f"{base}.html", render_report(data))
            members = self.store.roster(code)
            joined = {m.name.casefold() for m in members}
            missing = [(m.name, "none yet") for m in members if m.player not in reports]
            missing += [(name, "not joined") for name in self._everyone(code) if name.casefold() not in joined]
            if missing:
                buf = io.StringIO()
                writer = csv.writer(buf)
                writer.writerow(["student", "report"])
                for name, why in missing:
                    writer.writerow([_cell(name), why])
                z.writestr("no-report-yet.csv", buf.getvalue())
        return Response(out.getvalue(), media_type="application/zip",
                        headers={"content-disposition": f'attachment; filename="class-{code}-reports.zip"'})

    # -- the JSON API -----------------------------------------------------------------

    async def api_classes(self, request: Request) -> Response:
        self.require(request)
        if request.method == "POST":
            if request.scope.get("session", {}).get("teacher") and not request.headers.get("authorization"):
                raise HTTPException(403, SCRIPTS_SEND_THE_KEY)
            try:
                body = json.loads(await request.body() or b"{}")
            except ValueError:
                return JSONResponse({"error": "the body is not JSON"}, status_code=400)
            text = body.get("assignment") if isinstance(body, dict) else None
            if not isinstance(text, str):
                return JSONResponse({"error": "send {\"assignment\": \"<the assignment's YAML>\"}"}, status_code=400)
            roster = body.get("roster", [])
            if isinstance(roster, list) and all(isinstance(n, str) for n in roster):
                roster = "\n".join(roster)
            if not isinstance(roster, str):
                return JSONResponse({"error": "roster: send a list of names (or one name a line)"}, status_code=400)
            try:
                info = self.classes.create(text, "assignment.yaml", roster)
            except ClassError as exc:
                return JSONResponse({"error": "the assignment has problems", "problems": str(exc).splitlines()},
                                    status_code=422)
            return JSONResponse({"code": info.code, "title": info.title}, status_code=201)
        return JSONResponse({"classes": [{"code": i.code, "title": i.title, "scenario": i.scenario,
                                          "created": i.created} for i in self.classes.all()]})

    async def api_class(self, request: Request) -> Response:
        self.require(request)
        code = request.path_params["code"]
        self.info_or_404(code)
        if request.method == "DELETE":
            if not request.headers.get("authorization"):
                raise HTTPException(403, SCRIPTS_SEND_THE_KEY)
            self.classes.delete(code)
            return Response(status_code=204)
        names = request.query_params.get("names", "yes") != "no"
        games = self.pages.games
        return JSONResponse(await games.off_loop(self.classes.status, code, names))

    async def api_reports(self, request: Request) -> Response:
        self.require(request)
        code = request.path_params["code"]
        self.info_or_404(code)
        return JSONResponse({"reports": list(self.store.reports(code).values())})

    async def openapi(self, request: Request) -> Response:
        return JSONResponse(OPENAPI)


def _cell(value: str) -> str:
    """A spreadsheet cell that cannot run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


_CLASS = {"type": "object", "properties": {"code": {"type": "string"}, "title": {"type": "string"},
                                           "scenario": {"type": "string"}, "created": {"type": "number"}}}
_AUTH: list[dict[str, list[str]]] = [{"bearer": []}]
_CODE = {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}, "description": "the class code"}
_PLAYER = {"name": "player", "in": "path", "required": True, "schema": {"type": "string"},
           "description": "a student's id, as the class's status lists it"}
OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "After Lenin classroom server", "version": "1",
             "description": "What the teacher's dashboard shows and does. Every call needs the teacher's key "
                            "(Authorization: Bearer KEY), shown to the signed-in teacher on the teacher page."},
    "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    "security": _AUTH,
    "paths": {
        "/api/classes": {
            "get": {"summary": "List the classes", "responses": {"200": {"description": "The classes", "content": {
                "application/json": {"schema": {"type": "object", "properties": {
                    "classes": {"type": "array", "items": _CLASS}}}}}}, "403": {"description": "No teacher key"}}},
            "post": {"summary": "Create a class from an assignment's YAML",
                     "requestBody": {"required": True, "content": {"application/json": {"schema": {
                         "type": "object", "required": ["assignment"],
                         "properties": {"assignment": {"type": "string",
                                                       "description": "the assignment file's text"},
                                        "roster": {"type": "array", "items": {"type": "string"},
                                                   "description": "the class list: students then pick their "
                                                                  "name from it when they join"}}}}}},
                     "responses": {"201": {"description": "Created: its code"},
                                   "422": {"description": "The assignment's problems, each with file:line:col"},
                                   "403": {"description": "No teacher key"}}},
        },
        "/api/classes/{code}": {
            "parameters": [{"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": {"summary": "The class now: students (where each is, idle, finished), each decision's counts and "
                               "share historical, reflection answers grouped",
                    "parameters": [{"name": "names", "in": "query", "schema": {"enum": ["yes", "no"]},
                                    "description": "no: the projector's view, without names"}],
                    "responses": {"200": {"description": "The class's status"}, "404": {"description": "No such class"},
                                  "403": {"description": "No teacher key"}}},
            "delete": {"summary": "Delete the class and all its students' data",
                       "responses": {"204": {"description": "Deleted"}, "404": {"description": "No such class"}}},
        },
        "/api/classes/{code}/reports": {
            "parameters": [_CODE],
            "get": {"summary": "Every handed-in report (docs/report.schema.json)",
                    "responses": {"200": {"description": "The reports"}, "404": {"description": "No such class"}}},
        },
        "/api/classes/{code}/reports/{player}": {
            "parameters": [_CODE, _PLAYER],
            "get": {"summary": "One student's report as the page the dashboard opens (self-contained HTML)",
                    "responses": {"200": {"description": "The report", "content": {"text/html": {}}},
                                  "404": {"description": "No report handed in yet"}}},
        },
        "/api/classes/{code}/reports.zip": {
            "parameters": [_CODE],
            "get": {"summary": "All reports (JSON and HTML each) as a zip, with no-report-yet.csv listing everyone on "
                               "the class list or joined who has no report",
                    "responses": {"200": {"description": "The zip", "content": {"application/zip": {}}}}},
        },
        "/api/classes/{code}/summary.html": {
            "parameters": [_CODE],
            "get": {"summary": "The class summary page, the same as `after-lenin class-report`",
                    "responses": {"200": {"description": "The summary", "content": {"text/html": {}}}}},
        },
        "/api/classes/{code}/summary.csv": {
            "parameters": [_CODE],
            "get": {"summary": "The class summary as CSV, the same as `after-lenin class-report --csv`",
                    "responses": {"200": {"description": "The summary", "content": {"text/csv": {}}}}},
        },
        "/api/classes/{code}/students/{player}/let-in": {
            "parameters": [_CODE, _PLAYER],
            "post": {"summary": "Let a student continue on another device without their resume code (once, within "
                                f"{LET_IN_MINUTES} minutes)",
                     "responses": {"200": {"description": "Done: the student's name and the minutes"},
                                   "404": {"description": "No such class or student"}}},
        },
    },
}
