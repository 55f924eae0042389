"""Where things live: the shipped story and assets, and the player's data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


def scenes_dir() -> Path:
    """The shipped story (``scenes/`` beside the package in a checkout)."""
    return PROJECT_DIR / "scenes"


def story_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The story to play: ``--story`` when given, else the shipped one."""
    return Path(override) if override else scenes_dir()


def assets_dir() -> Path:
    return PROJECT_DIR / "assets"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Saves, settings and reports. ``--data-dir`` wins, then $AFTER_LENIN_DATA."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("AFTER_LENIN_DATA")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("after-lenin", appauthor=False))
