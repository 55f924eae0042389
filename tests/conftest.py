"""Shared test setup: headless SDL, and paths every area's tests use.

Other areas add small fixtures here (additive edits only); keep each one short
and say which tests use it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Before anything imports pygame: no window, no sound device, in CI or not.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

TESTS_DIR = Path(__file__).resolve().parent
PROJECT_DIR = TESTS_DIR.parent
STORIES_DIR = TESTS_DIR / "stories"
SAMPLE_DIR = STORIES_DIR / "sample"


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    """The sample story folder (every beat kind; checks clean)."""
    return SAMPLE_DIR


@pytest.fixture(scope="session")
def sample_story():  # type: ignore[no-untyped-def]
    """The sample story, loaded once per session (a Story is immutable, so sharing is safe)."""
    from game.story.loader import load_story

    result = load_story(SAMPLE_DIR)
    assert result.story is not None, [d.format() for d in result.diagnostics]
    return result.story


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh folder for saves, settings and reports (pass as --data-dir)."""
    path = tmp_path / "data"
    path.mkdir()
    return path


# --- PostgreSQL for the browser front end's tests (tests/test_web_*.py) --------------------
# .ci/run installs Debian's postgresql and exports AL_TEST_POSTGRES (a server it started);
# elsewhere the first test that needs one starts a throwaway cluster in a temporary folder.


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The URL of a PostgreSQL server to make test databases in (without a database name)."""
    url = os.environ.get("AL_TEST_POSTGRES")
    if url:
        yield url.rstrip("/")
        return
    import tempfile

    from game.web.pilot import Postgres

    if Postgres.initdb() is None:
        if os.environ.get("CI"):
            raise RuntimeError("CI must install Debian's postgresql: see .ci/run")
        pytest.skip("PostgreSQL is not installed (apt-get install -y postgresql)")
    pg = Postgres(Path(tempfile.mkdtemp(prefix="al-pg-"))).start()
    yield pg.url
    pg.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, data_dir: Path) -> str:
    """Each browser front end test runs on SQLite (the default) and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{data_dir / 'web.sqlite3'}"
    import uuid

    import psycopg

    server = request.getfixturevalue("postgres_server")
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"
