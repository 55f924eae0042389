"""The browser front end's routes: ``create_app(config)`` builds the ASGI app.

Every page is a GET; every change is a POST of a form carrying the session's CSRF
token and the version of the game it was shown, answered by a redirect (post,
redirect, get), so a reload never repeats a decision and the pages work without
script. ``static/app.js`` adds the window's keys and swaps the stage in place.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..classroom.assignment import Assignment
from ..classroom.html import render_report
from ..classroom.questions import questions_for
from ..classroom.report import clean_name, report_basename, report_data, save_report
from ..engine.playthrough import NotNow, Playthrough, StoryRuntimeError
from ..history.debrief import build_debrief
from ..history.questions import MAX_ITEM, MAX_TEXT, Answer, Question, check_answers
from ..story import model as M
from . import views
from .access import client_address
from .classes import CODE_LENGTH, RESUME_LENGTH, Classes, new_code, normal_code
from .games import PREVIOUS, SLOTS, Games, Loaded, label, saved_at
from .prefs import Prefs
from .security import Guard, new_token, same_token, secret_key
from .store import Store
from .teacher import TeacherPages

HERE = Path(__file__).resolve().parent


@dataclass
class Config:
    """What ``after-lenin serve`` was asked for."""

    story: M.Story
    data_dir: Path
    database: str  # sqlite:///PATH or postgresql://…
    assets_dir: Path
    assignment: Assignment | None = None
    assignment_scenario: str = ""
    join_url: str = ""  # the address students type (``--lan``), shown with a QR code


def create_app(config: Config) -> Starlette:
    """The ASGI app for one story, one data folder and (optionally) one assignment."""
    store = Store(config.database)
    games = Games(config.story, store)
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True,
                      # The templates are the package's own: no file check (a stat) at every page.
                      auto_reload=False)
    env.globals["story_title"] = config.story.title
    classes = Classes(config.story, store)
    pages = Pages(config, games, env, classes)
    teacher = TeacherPages(pages, classes)
    pages.teacher = teacher
    routes = [
        Route("/", pages.home),
        Route("/new", pages.new, methods=["POST"]),
        Route("/play", pages.play),
        Route("/act", pages.act, methods=["POST"]),
        Route("/history", pages.history),
        Route("/glossary", pages.glossary),
        Route("/settings", pages.settings, methods=["GET", "POST"]),
        Route("/saves", pages.saves),
        Route("/saves/save", pages.save, methods=["POST"]),
        Route("/saves/load", pages.load, methods=["POST"]),
        Route("/debrief", pages.debrief),
        Route("/reflect", pages.reflect, methods=["POST"]),
        Route("/report.html", pages.report_html),
        Route("/report.json", pages.report_json),
        Route("/join", pages.join, methods=["GET", "POST"]),
        Route("/joined", pages.joined),
        Route("/teacher/login", teacher.login),
        Route("/teacher", teacher.home),
        Route("/teacher/classes", teacher.create, methods=["POST"]),
        Route("/teacher/device", teacher.device_link, methods=["POST"]),
        Route("/teacher/sign-out", teacher.sign_out, methods=["POST"]),
        Route("/teacher/class/{code}", teacher.dashboard),
        Route("/teacher/class/{code}/projector", teacher.projector),
        Route("/teacher/class/{code}/delete", teacher.delete, methods=["POST"]),
        Route("/teacher/class/{code}/report/{player}", teacher.report),
        Route("/teacher/class/{code}/summary.html", teacher.summary_page),
        Route("/teacher/class/{code}/summary.csv", teacher.summary_csv),
        Route("/teacher/class/{code}/reports.zip", teacher.reports_zip),
        Route("/teacher/class/{code}/let-in/{player}", teacher.let_in, methods=["POST"]),
        Route("/api/classes", teacher.api_classes, methods=["GET", "POST"]),
        Route("/api/classes/{code}", teacher.api_class, methods=["GET", "DELETE"]),
        Route("/api/classes/{code}/reports", teacher.api_reports),
        # What the dashboard's links and buttons do, for scripts (the same handlers, with the Bearer token).
        Route("/api/classes/{code}/reports/{player}", teacher.report),
        Route("/api/classes/{code}/reports.zip", teacher.reports_zip),
        Route("/api/classes/{code}/summary.html", teacher.summary_page),
        Route("/api/classes/{code}/summary.csv", teacher.summary_csv),
        Route("/api/classes/{code}/students/{player}/let-in", teacher.let_in, methods=["POST"]),
        Route("/openapi.json", teacher.openapi),
        Route("/healthz", pages.health),
        Mount("/static", app=StaticFiles(directory=HERE / "static", follow_symlink=False), name="static"),
        Mount("/assets/backgrounds", app=StaticFiles(directory=config.assets_dir / "backgrounds")),
        Mount("/assets/portraits", app=StaticFiles(directory=config.assets_dir / "portraits")),
        Mount("/assets/fonts", app=StaticFiles(directory=config.assets_dir / "fonts")),
    ]
    middleware = [
        Middleware(Guard),
        # Pages, style, script and SVG shrink to a fifth: what a class on one school Wi-Fi feels.
        Middleware(GZipMiddleware, minimum_size=600),
        Middleware(SessionMiddleware, secret_key=secret_key(config.data_dir), session_cookie="after_lenin",
                   max_age=60 * 60 * 24 * 120, same_site="strict", https_only=False),
    ]
    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={HTTPException: pages.http_error, Exception: pages.crash},
                    lifespan=_closing(store, games))
    app.state.games = games
    app.state.teacher_key = teacher.key
    return app


def _closing(store: Store, games: Games) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        games.close()
        store.close()

    return lifespan


class Pages:
    """One method per route. The story moves only in ``new``, ``act``, ``load`` (through ``Games``)."""

    def __init__(self, config: Config, games: Games, env: Environment, classes: Classes) -> None:
        self.config = config
        self.games = games
        self.env = env
        self.story = config.story
        self.classes = classes
        self.teacher: TeacherPages | None = None

    # -- helpers ----------------------------------------------------------------------

    def render(self, request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        # The crash page is drawn outside the session middleware: then there is no session to read.
        session: dict[str, Any] = request.scope.get("session", {})
        if "csrf" not in session:
            session["csrf"] = new_token()
        prefs = Prefs.from_session(session)
        page = self.env.get_template(template).render(
            csrf=session["csrf"], prefs=prefs, html_class=prefs.html_class(), speed=prefs.speed,
            join_url=self.config.join_url, **{"assignment": self.config.assignment, **context})
        return HTMLResponse(page, status_code=status)

    def player(self, request: Request) -> str:
        """The student's id: unguessable, kept in the signed session cookie."""
        pid = request.session.get("player")
        if not isinstance(pid, str) or len(pid) < 20:
            pid = secrets.token_urlsafe(24)
            request.session["player"] = pid
        return pid

    async def form(self, request: Request, files: bool = False) -> FormData:
        """The posted form, after checking its CSRF token against the session's."""
        form = await request.form(max_files=1 if files else 0, max_fields=200, max_part_size=300 * 1024)
        if not same_token(request.session.get("csrf"), form.get("csrf")):
            raise HTTPException(403, "This page was out of date (or did not come from this game). "
                                     "Go back to the game and try again.")
        return form

    def game(self, request: Request) -> Loaded | None:
        return self.games.load(self.player(request))

    def address(self, request: Request) -> str:
        """The server's address as students and devices reach it: the --lan one, else the one asked for."""
        return self.config.join_url or str(request.base_url)

    @staticmethod
    def to(path: str) -> RedirectResponse:
        return RedirectResponse(path, status_code=303)

    def notice(self, request: Request, text: str) -> None:
        request.session["notice"] = text

    def pop_notice(self, request: Request) -> str:
        text = request.session.pop("notice", "")
        return text if isinstance(text, str) else ""

    # -- pages ------------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        loaded = self.game(request)
        scenarios = []
        roles = self.story.roles
        for sc in self.story.scenarios.values():
            role = roles.get(sc.role)
            scenarios.append({"id": sc.id, "title": sc.title, "dates": sc.dates, "minutes": sc.minutes,
                              "role": role.name if role else sc.role, "objectives": sc.objectives})
        current = None
        in_class = None
        if loaded is not None:
            current = {"label": label(loaded.pt), "finished": loaded.pt.finished, "name": loaded.name}
            in_class = self.classes.get(loaded.class_code) if loaded.class_code else None
        return self.render(request, "home.html", scenarios=scenarios, current=current, in_class=in_class,
                           any_class=bool(self.classes.all()),
                           notice=self.pop_notice(request), title="Start")

    async def new(self, request: Request) -> Response:
        form = await self.form(request)
        player = self.player(request)
        assignment = self.config.assignment
        name = clean_name(str(form.get("name", "")))
        if assignment is not None:
            scenario = self.config.assignment_scenario
            if not name:
                self.notice(request, "Type your name first: it goes on the report your teacher reads.")
                return self.to("/")
        else:
            scenario = str(form.get("scenario", ""))
        if scenario not in self.story.scenarios:
            raise HTTPException(400, "There is no such scenario. Go back and choose one from the list.")
        had = self.games.load(player)
        if had is not None and had.class_code:
            raise HTTPException(400, f"You are playing in class {had.class_code}: your teacher's assignment is your "
                                     "game. Go back to it with Continue.")
        if had is not None and not had.pt.finished and form.get("confirm") != "yes":
            return self.render(request, "confirm_new.html", scenario=scenario, name=name,
                               current=label(had.pt), title="Start a new game?")
        self.games.start(player, scenario, name=name, extra={"answers": {}})
        if had is not None:
            self.notice(request, "Your previous game is kept under Saves, as “previous game”.")
        return self.to("/play")

    async def play(self, request: Request) -> Response:
        loaded = await self.games.off_loop(self.games.load, self.player(request))
        if loaded is None:
            return self.no_game(request)
        pt = loaded.pt
        stage = views.stage(pt)
        recent = views.transcript(pt, last=4)
        return self.render(request, "play.html", stage=stage, version=loaded.version, meters=views.meters(pt),
                           recent=recent[:-1] if stage.kind in ("line", "document", "vote", "chapter", "ending") else recent,
                           can_undo=pt.can_undo, place_line=views.place_line(stage),
                           notice=loaded.notice or self.pop_notice(request), title=stage.scene_title)

    async def act(self, request: Request) -> Response:
        form = await self.form(request)
        player = self.player(request)
        try:
            shown = int(str(form.get("v", "")))
        except ValueError:
            raise HTTPException(400, "This form had no game version. Go back to the game and try again.") from None
        what = str(form.get("do", ""))
        action = self.action(what, form)
        try:
            done = await self.games.off_loop(self.games.act, player, shown, action)
        except NotNow as exc:
            raise HTTPException(400, f"That cannot be done now ({exc}). Go back to the game.") from None
        except StoryRuntimeError as exc:
            return self.render(request, "error.html", status=500, heading="The story cannot go on",
                               message=f"{exc}. Your game is kept as it was before this step; "
                                       "tell your teacher which scene this was.")
        if done is None:
            self.notice(request, "This game had moved on (in another tab or window): here is where it is now.")
        elif what == "undo":
            self.notice(request, "Back to your previous decision.")
        return self.to("/play")

    def action(self, what: str, form: FormData) -> Any:
        if what == "advance":
            return lambda pt: pt.advance()
        if what == "choose":
            try:
                index = int(str(form.get("option", "")))
            except ValueError:
                raise HTTPException(400, "Choose one of the options. Go back to the game.") from None
            return lambda pt: pt.choose(index)
        if what == "appoint":
            assignment = {key[len("post-"):]: str(value) for key, value in form.multi_items()
                          if key.startswith("post-")}
            return lambda pt: pt.appoint(assignment)
        if what == "undo":
            def undo(pt: Playthrough) -> None:
                if not pt.undo():
                    raise NotNow("there is no earlier decision to go back to")
            return undo
        raise HTTPException(400, "The game does not know that action. Go back to the game.")

    async def history(self, request: Request) -> Response:
        loaded = self.game(request)
        if loaded is None:
            return self.no_game(request)
        return self.render(request, "history.html", entries=views.transcript(loaded.pt), title="History")

    async def glossary(self, request: Request) -> Response:
        loaded = self.game(request)
        terms = views.glossary(loaded.pt) if loaded is not None else []
        return self.render(request, "glossary.html", terms=terms, title="Glossary",
                           total=len(self.story.glossary))

    async def settings(self, request: Request) -> Response:
        if request.method == "POST":
            form = await self.form(request)
            Prefs.from_form(form).store(request.session)
            self.notice(request, "Settings saved.")
            back = str(form.get("back", "/play"))
            return self.to(back if back in ("/play", "/", "/settings") else "/play")
        return self.render(request, "settings.html", title="Settings", notice=self.pop_notice(request),
                           sizes=Prefs.SIZES, speeds=Prefs.SPEEDS)

    async def saves(self, request: Request) -> Response:
        player = self.player(request)
        loaded = self.games.load(player)
        stored = self.games.slots(player)
        rows = []
        for slot in SLOTS:
            info = stored.get(slot)
            rows.append({"slot": slot, "name": f"Slot {slot}", "label": info.label if info else "empty",
                         "saved": saved_at(info.saved) if info else "", "full": info is not None, "manual": True})
        for slot in PREVIOUS:
            info = stored.get(slot)
            if info is not None:
                rows.append({"slot": slot, "name": "Previous game", "label": info.label,
                             "saved": saved_at(info.saved), "full": True, "manual": False})
        return self.render(request, "saves.html", rows=rows, playing=loaded is not None, title="Saves",
                           notice=self.pop_notice(request))

    async def save(self, request: Request) -> Response:
        form = await self.form(request)
        slot = str(form.get("slot", ""))
        if slot not in SLOTS:
            raise HTTPException(400, "There is no such save slot. Go back to Saves.")
        if not self.games.save_slot(self.player(request), slot):
            raise HTTPException(400, "There is no game to save yet. Start one first.")
        self.notice(request, f"Saved in slot {slot}.")
        return self.to("/saves")

    async def load(self, request: Request) -> Response:
        form = await self.form(request)
        slot = str(form.get("slot", ""))
        if slot not in SLOTS + PREVIOUS:
            raise HTTPException(400, "There is no such save slot. Go back to Saves.")
        loaded = self.games.load_slot(self.player(request), slot)
        if loaded is None:
            raise HTTPException(400, "That save is empty or belongs to another version of the story.")
        self.notice(request, "Loaded. The game you left is kept as “previous game”."
                    + (f" {loaded.notice}" if loaded.notice else ""))
        return self.to("/play")

    # -- the debrief and the report ---------------------------------------------------

    def assignment_for(self, loaded: Loaded | None) -> Assignment | None:
        """A class student's assignment is their class's; otherwise the one ``serve --assignment`` gave."""
        if loaded is not None and loaded.class_code:
            info = self.classes.get(loaded.class_code)
            if info is not None:
                return info.assignment
        return self.config.assignment

    def questions(self, loaded: Loaded | None = None) -> tuple[Question, ...]:
        return questions_for(self.assignment_for(loaded))

    async def debrief(self, request: Request) -> Response:
        loaded = self.game(request)
        if loaded is None:
            return self.no_game(request)
        d = build_debrief(loaded.pt, self.questions(loaded))
        answers = loaded.extra.get("answers", {}) if isinstance(loaded.extra.get("answers"), dict) else {}
        return self.render(request, "debrief.html", d=d, answers=answers, title="Debrief",
                           assignment=self.assignment_for(loaded),
                           problems=request.session.pop("problems", []), notice=self.pop_notice(request),
                           name=loaded.name, max_text=MAX_TEXT, max_item=MAX_ITEM,
                           rich=views.story_html, sent=loaded.extra.get("sent", ""))

    async def reflect(self, request: Request) -> Response:
        form = await self.form(request)
        player = self.player(request)
        loaded = self.games.load(player)
        if loaded is None:
            return self.to("/")
        assignment = self.assignment_for(loaded)
        d = build_debrief(loaded.pt, self.questions(loaded))
        raw: dict[str, Any] = {}
        answers: dict[str, Answer] = {}
        for q in d.questions:
            if q.kind == "menu":
                value = str(form.get(f"q-{q.id}", ""))
                choice = int(value) if value.isdigit() else None
                raw[q.id] = {"choice": choice}
                answers[q.id] = Answer(q.id, choice=choice)
            elif q.kind == "alternatives":
                items = tuple(str(v) for v in form.getlist(f"q-{q.id}"))[: q.max_items + 2]
                raw[q.id] = {"items": list(items)}
                answers[q.id] = Answer(q.id, items=items)
            else:
                text = str(form.get(f"q-{q.id}", ""))
                raw[q.id] = {"text": text}
                answers[q.id] = Answer(q.id, text=text)
        name = clean_name(str(form.get("name", loaded.name)))
        extra = dict(loaded.extra)
        extra["answers"] = raw
        extra["name"] = name
        required = assignment.reflection_required if assignment else False
        problems = check_answers(d.questions, answers, required)
        if problems:
            self.games.store.set_extra(player, extra)
            request.session["problems"] = problems
            return self.to("/debrief#reflection")
        if assignment is not None:
            data = report_data(loaded.pt, assignment, name, answers, d)
            try:
                if loaded.class_code:
                    self.games.store.hand_in(player, loaded.class_code, data)
                    extra["sent"] = f"class {loaded.class_code}"
                else:
                    paths = save_report(data, self.config.data_dir / "reports")
                    extra["sent"] = paths.json.name
            except Exception as exc:  # noqa: BLE001 - any failure to file the report is shown, not raised
                self.games.store.set_extra(player, extra)
                self.notice(request, f"Your answers are kept, but the report could not be filed ({exc}). "
                                     "Download it below and give it to your teacher.")
                return self.to("/debrief#reflection")
            self.notice(request, "Your report has been handed in to your teacher.")
        else:
            self.notice(request, "Your answers are saved. Download your report below.")
        self.games.store.set_extra(player, extra)
        return self.to("/debrief#report")

    def report(self, request: Request) -> tuple[Loaded, dict[str, Any]] | None:
        loaded = self.game(request)
        if loaded is None:
            return None
        d = build_debrief(loaded.pt, self.questions(loaded))
        stored = loaded.extra.get("answers", {})
        answers = {}
        for q in d.questions:
            raw = stored.get(q.id) if isinstance(stored, dict) else None
            if isinstance(raw, dict):
                choice = raw.get("choice")
                answers[q.id] = Answer(q.id, choice=choice if isinstance(choice, int) else None,
                                       text=str(raw.get("text", "")),
                                       items=tuple(str(i) for i in raw.get("items", []) if isinstance(i, str)))
        name = str(loaded.extra.get("name") or loaded.name or "")
        return loaded, report_data(loaded.pt, self.assignment_for(loaded), name, answers, d)

    async def report_html(self, request: Request) -> Response:
        found = self.report(request)
        if found is None:
            return self.no_game(request)
        _loaded, data = found
        page = render_report(data)
        return HTMLResponse(page, headers={
            "content-disposition": f'attachment; filename="{report_basename(data)}.html"',
            # The report is one self-contained file with its own <style>: allow exactly that style.
            "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
        })

    async def report_json(self, request: Request) -> Response:
        found = self.report(request)
        if found is None:
            return self.no_game(request)
        _loaded, data = found
        return Response(json.dumps(data, ensure_ascii=False, indent=1), media_type="application/json",
                        headers={"content-disposition": f'attachment; filename="{report_basename(data)}.json"'})

    # -- the rest ---------------------------------------------------------------------

    async def join(self, request: Request) -> Response:
        """A student joins a class with its code and their name (and, on another device, their resume code)."""
        from .lan import qr_svg

        url = self.address(request)
        context: dict[str, Any] = {"url": url, "qr": qr_svg(url), "title": "Join the class", "code": "", "name": "",
                                   "need_resume": False, "problem": "", "names": ()}
        if request.method == "GET":
            context["code"] = normal_code(request.query_params.get("code", ""))[:CODE_LENGTH]
            return self.render(request, "join.html", **context)
        form = await self.form(request)
        who = client_address(request)
        assert self.teacher is not None
        if self.teacher.throttle.blocked(who):
            raise HTTPException(429, "Too many wrong class codes from this device: wait a minute and try again.")
        code = normal_code(str(form.get("code", "")))
        name = clean_name(str(form.get("name", "")))
        context.update(code=code, name=name)
        info = self.classes.get(code) if code else None
        if info is None:
            self.teacher.throttle.fail(who)
            context["problem"] = "There is no class with that code. Check it with your teacher."
            return self.render(request, "join.html", status=400, **context)
        if info.roster:  # the teacher pasted a class list: students pick their name from it
            context["names"] = info.roster
            picked = info.roster_name(name) if name else None
            if picked is None:
                context["problem"] = ("Pick your name from your class's list." if not name else
                                      f"{name} is not on this class's list: pick your name from it, or ask your "
                                      "teacher to add you.")
                return self.render(request, "join.html", status=200 if not name else 400, **context)
            name = picked
            context["name"] = name
        if not name:
            context["problem"] = "Type your name: it goes on the report your teacher reads."
            return self.render(request, "join.html", status=400, **context)
        found = self.games.store.find_member(code, name)
        if found is not None:
            player, resume = found
            if request.session.get("player") == player:
                return self.to("/play")
            typed = normal_code(str(form.get("resume", "")))
            if self.classes.admit(player):  # the teacher let this student in from the dashboard
                typed = resume
            if not typed:
                context.update(need_resume=True, problem=f"Someone called {name} has joined this class already. "
                               "If that is you on another device, type the resume code you were shown, or ask "
                               "your teacher to let you in from the dashboard.")
                return self.render(request, "join.html", status=400, **context)
            if not same_token(resume, typed):
                self.teacher.throttle.fail(who)
                context.update(need_resume=True, problem="That resume code is not right. Ask your teacher, "
                                                         "who can see it on the dashboard or let you in from it.")
                return self.render(request, "join.html", status=400, **context)
            request.session["player"] = player
            self.notice(request, f"Welcome back, {name}: here is where you left off.")
            return self.to("/play")
        player = secrets.token_urlsafe(24)
        resume = new_code(RESUME_LENGTH)
        self.games.start(player, info.scenario, name=name, extra={"answers": {}}, class_code=code, resume=resume)
        request.session["player"] = player
        request.session["resume"] = resume
        return self.to("/joined")

    async def joined(self, request: Request) -> Response:
        loaded = self.game(request)
        if loaded is None or not loaded.class_code:
            return self.to("/")
        resume = request.session.get("resume", "")
        return self.render(request, "joined.html", title="You have joined", name=loaded.name,
                           code=loaded.class_code, resume=resume)

    async def health(self, request: Request) -> Response:
        return JSONResponse({"ok": True, "story": self.story.id})

    def no_game(self, request: Request) -> Response:
        player = self.player(request)
        if self.games.has_broken(player):
            self.notice(request, "Your saved game belongs to an earlier version of the story and cannot be "
                                 "continued. It is kept; start a new game below.")
        return self.to("/")

    async def http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        headings = {400: "That did not work", 403: "Not allowed", 404: "No such page",
                    405: "Not like that", 413: "Too much text", 429: "Please wait a minute"}
        message = exc.detail if exc.status_code not in (404, 405) or exc.detail not in ("Not Found",
                                                                                        "Method Not Allowed") else \
            "There is nothing at this address. Use the links above to go back to the game."
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=exc.status_code)
        return self.render(request, "error.html", status=exc.status_code,
                           heading=headings.get(exc.status_code, "That did not work"), message=message)

    async def crash(self, request: Request, exc: Exception) -> Response:
        import logging

        logging.getLogger("after_lenin.web").exception("error on %s", request.url.path)
        return self.render(request, "error.html", status=500, heading="Something went wrong",
                           message="The game hit a problem it did not expect. Your game is kept as of your "
                                   "last step: go back to the game and try again.")

