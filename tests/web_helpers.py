"""Shared by the browser front end's tests: the shipped story, a test client, and reading its pages.

The client is Starlette's ASGI test client over ``create_app``: the same app the server
runs, with real SQLite in a temporary folder. Figures the tests compare come from the
story and the engine, never copied from a page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from game import paths
from game.classroom.assignment import Assignment
from game.engine.playthrough import Playthrough
from game.story import model as M
from game.story import open_story
from game.web import pilot
from game.web.app import Config, create_app
from game.web.store import parse_database

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
VERSION = re.compile(r'data-version="(\d+)"')
KIND = re.compile(r'data-kind="([a-z]+)"')


@cache
def story() -> M.Story:
    opened = open_story(paths.story_dir(), assets=paths.assets_dir())
    assert opened.story is not None
    return opened.story


def kinds_of(scenario: str) -> tuple[int, set[str]]:
    """Steps and step kinds of a scenario played on its first options (as the tests play it)."""
    return pilot.first_options_run(story(), scenario)


first_free = pilot.first_free


@cache
def richest_chapter() -> str:
    """The one-chapter scenario with the most kinds of step (then the fewest steps): a whole chapter
    that shows documents, votes, boards and choices in one short play."""
    chapters = [sc.id for sc in story().scenarios.values() if sc.chapter]
    return max(chapters, key=lambda sc: (len(kinds_of(sc)[1]), -kinds_of(sc)[0]))


def app_for(data_dir: Path, assignment: Assignment | None = None, scenario: str = "",
            database: str | None = None) -> Any:
    return create_app(Config(story=story(), data_dir=data_dir, database=database or parse_database(None, data_dir),
                             assets_dir=paths.assets_dir(), assignment=assignment, assignment_scenario=scenario))


@contextmanager
def client(data_dir: Path, **kwargs: Any) -> Iterator[TestClient]:
    with TestClient(app_for(data_dir, **kwargs), follow_redirects=True) as c:
        yield c


class Student:
    """A student clicking through pages with the test client (one cookie jar)."""

    def __init__(self, c: TestClient) -> None:
        self.c = c
        self.page = ""

    def get(self, path: str) -> str:
        r = self.c.get(path)
        assert r.status_code == 200, (path, r.status_code, r.text[:400])
        self.page = r.text
        return r.text

    @property
    def csrf(self) -> str:
        found = CSRF.search(self.page) or CSRF.search(self.get("/"))
        assert found is not None
        return found.group(1)

    @property
    def version(self) -> int:
        found = VERSION.search(self.page)
        assert found is not None, self.page[:400]
        return int(found.group(1))

    @property
    def kind(self) -> str:
        found = KIND.search(self.page)
        return found.group(1) if found else ""

    def post(self, path: str, data: dict[str, Any], expect: int = 200) -> str:
        r = self.c.post(path, data=data)
        assert r.status_code == expect, (path, r.status_code, r.text[:400])
        self.page = r.text
        return r.text

    def start(self, scenario: str, **extra: str) -> str:
        self.get("/")
        return self.post("/new", {"csrf": self.csrf, "scenario": scenario, "confirm": "yes", **extra})

    def act(self, do: str, **fields: Any) -> str:
        return self.post("/act", {"csrf": self.csrf, "v": self.version, "do": do, **fields})

    def step(self, pt_story: M.Story | None = None) -> str:
        """One step on the first option, as ``kinds_of`` plays."""
        kind = self.kind
        if kind == "choice":
            first = re.search(r'name="option" value="(\d+)"', self.page)
            assert first is not None
            return self.act("choose", option=first.group(1))
        if kind == "appointments":
            posts: dict[str, str] = {}
            used: set[str] = set()
            for post, person in re.findall(r'name="post-([^"]+)" value="([^"]+)"', self.page):
                if post not in posts and person not in used:
                    posts[post] = person
                    used.add(person)
            return self.act("appoint", **{f"post-{k}": v for k, v in posts.items()})
        return self.act("advance")
