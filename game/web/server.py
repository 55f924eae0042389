"""The app for each of several server processes (``serve --workers N``): rebuilt from the environment.

uvicorn starts each worker by importing an app factory; ``serve`` has already checked the
story, the assignment and the database in its own process, and hands the same settings
over in ``AL_SERVE`` (JSON). The workers share the database (PostgreSQL) and the data
folder (the cookie key, handed-in files).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from starlette.applications import Starlette

ENV = "AL_SERVE"


def settings(story_dir: Path, data_dir: Path, database: str, assets_dir: Path, assignment: str | None,
             join_url: str) -> str:
    return json.dumps({"story": str(story_dir), "data": str(data_dir), "database": database,
                       "assets": str(assets_dir), "assignment": assignment, "join_url": join_url})


def from_environment() -> Starlette:
    from ..classroom.assignment import load_assignment, scenario_for
    from ..story import open_story
    from .app import Config, create_app

    raw: dict[str, Any] = json.loads(os.environ[ENV])
    story = open_story(Path(raw["story"]), assets=Path(raw["assets"])).story
    if story is None:  # pragma: no cover - serve checked it before starting the workers
        raise SystemExit(f"the story in {raw['story']} has errors: run after-lenin check")
    assignment = load_assignment(raw["assignment"]) if raw.get("assignment") else None
    scenario = scenario_for(assignment, story) if assignment else ""
    app = create_app(Config(story=story, data_dir=Path(raw["data"]), database=raw["database"],
                            assets_dir=Path(raw["assets"]), assignment=assignment, assignment_scenario=scenario,
                            join_url=raw.get("join_url", "")))
    settle()
    return app


def settle() -> None:
    """Before serving: move everything loaded so far (the story, the templates, the libraries) out of
    the garbage collector's way. They live as long as the server; without this every full collection
    walks them again, a pause of some 12 ms on the event loop that every student waiting shares."""
    import gc

    gc.collect()
    gc.freeze()
