"""Driving the browser front end for real: a server process and Debian's Chromium under Playwright.

Used by the browser tests (``tests/test_web_browser.py``), the screenshot tour
(``python -m game.web.shots``) and the load bench. Playwright is a test tool: this
module imports it only inside functions, and nothing in the game imports this module.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

CHROMIUM = Path("/usr/bin/chromium")
#: As the machine's own probe starts Chromium: no background connections to a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
#: The layouts the issue asks for: laptop, desktop, iPad (touch) and a phone in portrait.
VIEWPORTS: dict[str, dict[str, Any]] = {
    "1366x768": {"viewport": {"width": 1366, "height": 768}},
    "1920x1080": {"viewport": {"width": 1920, "height": 1080}},
    "ipad-1024x768": {"viewport": {"width": 1024, "height": 768}, "has_touch": True, "is_mobile": True,
                      "device_scale_factor": 1},
    "phone-390x844": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True,
                      "device_scale_factor": 1},
}
#: The decision guard in static/app.js, plus a margin: input sooner than this never chooses.
GUARD_S = 0.35


def first_free(board: Any) -> dict[str, str]:
    """Each post's first candidate not already taken (what a student clicking down a board picks)."""
    used: set[str] = set()
    chosen: dict[str, str] = {}
    for post in board.posts:
        for cand in post.candidates:
            if cand.person not in used:
                chosen[post.id] = cand.person
                used.add(cand.person)
                break
    return chosen


def first_options_run(story: Any, scenario: str) -> tuple[int, set[str]]:
    """Steps acted on and step kinds seen when a scenario is played on its first options (the ending included)."""
    pt, steps, kinds = play_first_options(story, scenario)
    return steps, kinds


def play_first_options(story: Any, scenario: str) -> tuple[Any, int, set[str]]:
    """A scenario played on its first options to its end: the playthrough, steps acted on, kinds seen."""
    from ..engine.playthrough import Playthrough

    pt = Playthrough.start(story, scenario)
    steps, kinds = 0, set()
    while not pt.finished and steps < 5000:
        step = pt.current
        kinds.add(step.kind)
        steps += 1
        if step.kind == "choice":
            pt.choose(step.options[0].index)
        elif step.kind == "appointments":
            pt.appoint(first_free(step.instr))
        else:
            pt.advance()
    kinds.add(pt.current.kind)
    return pt, steps, kinds


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``after-lenin serve`` in its own process, as a teacher starts it."""

    def __init__(self, data_dir: Path, args: Sequence[str] = (), port: int | None = None) -> None:
        self.data_dir = data_dir
        self.args = list(args)
        self.port = port or free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> Server:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.log = open(self.data_dir / f"server-{self.port}.log", "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "game", "serve", "--port", str(self.port), "--data-dir", str(self.data_dir),
             *self.args], stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server stopped at start: see {self.log.name}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"the server did not answer within {timeout} s: see {self.log.name}")

    def _database(self) -> list[str]:
        return self.args[self.args.index("--database"):][:2] if "--database" in self.args else []

    def teacher_link(self) -> str:
        """A fresh one-time teacher sign-in link, made as a teacher makes one: ``after-lenin teacher-link``."""
        subprocess.run([sys.executable, "-m", "game", "teacher-link", "--data-dir", str(self.data_dir),
                        *self._database()], check=True, capture_output=True, timeout=60)
        return (self.data_dir / "teacher-link.txt").read_text(encoding="utf-8").strip()

    def teacher_headers(self) -> dict[str, str]:
        """What a script sends: the teacher's key (the signed-in teacher's page shows it), from the database."""
        from .access import teacher_key
        from .store import Store, parse_database

        database = self._database()
        store = Store(parse_database(database[1] if database else None, self.data_dir))
        try:
            return {"Authorization": f"Bearer {teacher_key(store)}"}
        finally:
            store.close()

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush — what a power cut or a crashed laptop does."""
        if self.proc is not None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)
            self.proc = None

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.proc = None
        if getattr(self, "log", None) is not None:
            self.log.close()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Postgres:
    """A throwaway PostgreSQL cluster from Debian's package, on a local port (tests and the bench)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.as_user: list[str] = []

    @staticmethod
    def initdb() -> Path | None:
        import glob

        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        return Path(found[-1]) if found else None

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}"

    def start(self) -> Postgres:
        import shutil

        initdb = self.initdb()
        if initdb is None:
            raise RuntimeError("PostgreSQL is not installed (apt-get install -y postgresql)")
        self.bin = initdb.parent
        self.data = self.folder / "pg"
        self.data.mkdir(parents=True)
        if os.geteuid() == 0:  # initdb refuses to run as root: the cluster runs as the postgres user
            for parent in self.folder.parents:  # a private temporary folder must let it in
                if parent == Path(tempfile.gettempdir()):
                    break
                parent.chmod(parent.stat().st_mode | 0o711)
            shutil.chown(self.folder, "postgres")
            shutil.chown(self.data, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        subprocess.run([*self.as_user, str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U",
                        "postgres", "--no-sync"], check=True, capture_output=True)
        subprocess.run([*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-l",
                        str(self.data / "log"), "-o", f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1",
                        "start"], check=True, capture_output=True)
        return self

    def database(self, name: str) -> str:
        """A new, empty database; its URL."""
        import psycopg

        with psycopg.connect(f"{self.url}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"{self.url}/{name}"

    def stop(self) -> None:
        subprocess.run([*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
                       capture_output=True)


def launch(pw: Playwright) -> Browser:
    return pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def kind(page: Page) -> str:
    """The kind of step on the stage (line, document, choice, chapter, vote, appointments, ending), or ''."""
    stage = page.query_selector("#stage")
    return (stage.get_attribute("data-kind") or "") if stage is not None else ""


def version(page: Page) -> int:
    stage = page.query_selector("#stage")
    return int(stage.get_attribute("data-version") or 0) if stage is not None else 0


def wait_new_stage(page: Page, before: int, timeout: float = 10.0) -> None:
    page.wait_for_function(f"() => {{ const s = document.querySelector('#stage');"
                           f" return s && Number(s.dataset.version) !== {before}; }}", timeout=timeout * 1000)


def box_text(page: Page) -> str:
    """The step's text once the typed line has finished appearing."""
    page.wait_for_function("() => !document.querySelector('[data-typed][aria-busy=true]')", timeout=30_000)
    return page.inner_text("#stage .box")


def step_by_keyboard(page: Page) -> str:
    """One step as a keyboard-only student takes it: Enter through text, a number key at a choice,
    arrows and Space on a board. Returns the kind of step that was acted on."""
    now = kind(page)
    before = version(page)
    if now in ("line", "document", "chapter", "vote"):
        typing = page.query_selector("[data-typed][aria-busy=true]") is not None
        page.keyboard.press("Enter")
        if typing:
            page.keyboard.press("Enter")  # the first press completed the typed line
    elif now == "choice":
        page.wait_for_timeout(GUARD_S * 1000)
        page.keyboard.press("1")
    elif now == "appointments":
        page.wait_for_timeout(GUARD_S * 1000)
        posts = page.query_selector_all("form.board fieldset")
        for post in posts:
            radio = post.query_selector("input[type=radio]:not([disabled])")
            assert radio is not None, "a post with no free candidate"
            radio.focus()
            page.keyboard.press("Space")
        page.focus("form.board [data-confirm]")
        page.keyboard.press("Enter")
    else:
        return now
    wait_new_stage(page, before)
    return now


def step_by_mouse(page: Page, touch: bool = False) -> str:
    """One step as a mouse (or, with ``touch``, a finger) student takes it: Continue, an option, the candidates."""
    def press(selector: str) -> None:
        if touch:
            page.tap(selector)
        else:
            page.click(selector)

    now = kind(page)
    before = version(page)
    if now in ("line", "document", "chapter", "vote"):
        press("#stage [data-key=continue]")  # Continue goes on, typed line or not
    elif now == "choice":
        page.wait_for_timeout(GUARD_S * 1000)
        press("#stage .option >> nth=0")
    elif now == "appointments":
        for n, post in enumerate(page.query_selector_all("form.board fieldset")):
            if post.query_selector("label.candidate:not(.taken)") is None:
                raise AssertionError("a post with no free candidate")
            press(f"form.board fieldset >> nth={n} >> label.candidate:not(.taken) >> nth=0")
        press("form.board [data-confirm]")
    else:
        return now
    wait_new_stage(page, before)
    return now


def start(page: Page, base: str, scenario_title: str) -> None:
    """From the start page, start the scenario whose title is given (confirming over a game in progress)."""
    page.goto(base + "/")
    page.click(f"button.scenario:has-text({scenario_title!r})")
    page.wait_for_load_state()
    if page.query_selector("input[name=confirm]") is not None:
        page.click("text=Start the new game")
        page.wait_for_load_state()
    page.wait_for_selector("#stage")
