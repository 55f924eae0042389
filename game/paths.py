"""Where things live: the shipped story and assets, and the player's data folder.

Every folder the game reads its story, art, fonts, sounds or editor schemas from is found here.

- In a checkout (``make play``, an editable install) the top-level ``scenes/``, ``assets/`` and
  ``schemas/`` are read directly, so a writer's edit shows up at once.
- In an installed wheel those folders travel inside the package, as ``game/shipped/`` (setup.py
  copies them there when it builds), and are found through ``importlib.resources``.

A story folder's art lives in the ``assets/`` beside it (``assets_for``); the shipped story and
the shipped assets are siblings in both layouts.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent  # the checkout, when running from one
SHIPPED = "shipped"  # the package folder the wheel carries scenes/, assets/ and schemas/ in
SHIPPED_FOLDERS = ("scenes", "assets", "schemas")


def in_checkout() -> bool:
    """True when running from a source checkout (its pyproject.toml beside the package)."""
    return (PROJECT_DIR / "pyproject.toml").is_file() and (PROJECT_DIR / "scenes").is_dir()


def shipped(name: str) -> Path:
    """The shipped folder ``name`` (scenes, assets or schemas): the checkout's, else the wheel's."""
    if in_checkout():
        return PROJECT_DIR / name
    folder = resources.files(__package__ or "game").joinpath(SHIPPED, name)
    # pip always unpacks a wheel onto the disk, so this is a real folder; pygame and the loader
    # need one (a zipped install has none to give, and says so here rather than deep in a loader).
    if not isinstance(folder, Path):
        raise RuntimeError(f"after-lenin: the package's {name}/ is not on the disk ({folder}); "
                           "install the game unzipped (pip install)")
    return folder


def scenes_dir() -> Path:
    """The shipped story."""
    return shipped("scenes")


def assets_dir() -> Path:
    """The shipped art, fonts (and their licences) and sounds."""
    return shipped("assets")


def schemas_dir() -> Path:
    """The editor schemas (JSON Schema for story files)."""
    return shipped("schemas")


def story_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The story to play: ``--story`` when given, else the shipped one."""
    return Path(override) if override else scenes_dir()


def assets_for(story: str | os.PathLike[str]) -> Path:
    """The assets folder for a story folder: the ``assets/`` beside it."""
    return Path(story).resolve().parent / "assets"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Saves, settings and reports. ``--data-dir`` wins, then $AFTER_LENIN_DATA."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("AFTER_LENIN_DATA")
    if env:
        return Path(env).expanduser()
    import platformdirs  # here, not at the top: the story loader imports this module too

    return Path(platformdirs.user_data_dir("after-lenin", appauthor=False))
