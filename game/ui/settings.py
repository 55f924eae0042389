"""The player's settings, kept as JSON in the data folder.

Read defensively (a hand-edited or half-written file falls back to defaults, key
by key) and written atomically with the engine's ``write_atomic``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

#: Characters per second for each text speed; 0 means the whole line at once.
SPEEDS: dict[str, float] = {"slow": 24.0, "normal": 45.0, "fast": 90.0, "instant": 0.0}
TEXT_SIZES = (100, 125, 150, 200)  # 200 %: every screen is laid out for it (tests/test_ui_layout.py)
FILE_NAME = "settings.json"


@dataclass
class Settings:
    text_speed: str = "normal"
    text_size: int = 100
    high_contrast: bool = False
    dyslexic_font: bool = False
    reduce_motion: bool = False
    fullscreen: bool = False
    music_volume: int = 60  # percent
    effects_volume: int = 80

    @property
    def chars_per_second(self) -> float:
        return SPEEDS.get(self.text_speed, SPEEDS["normal"])

    @property
    def text_scale(self) -> float:
        return self.text_size / 100


def _valid(name: str, value: Any) -> bool:
    if name == "text_speed":
        return value in SPEEDS
    if name == "text_size":
        return value in TEXT_SIZES
    if name in ("music_volume", "effects_volume"):
        return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100
    return isinstance(value, bool)


def load_settings(data_dir: Path) -> tuple[Settings, str]:
    """The saved settings (defaults for anything missing or wrong) and a notice if the file was bad."""
    path = Path(data_dir) / FILE_NAME
    settings = Settings()
    if not path.exists():
        return settings, ""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return settings, "The settings file could not be read; the defaults are used."
    if not isinstance(raw, dict):
        return settings, "The settings file could not be read; the defaults are used."
    for f in fields(Settings):
        if f.name in raw and _valid(f.name, raw[f.name]):
            setattr(settings, f.name, raw[f.name])
    return settings, ""


def save_settings(data_dir: Path, settings: Settings) -> None:
    from ..engine.saves import write_atomic  # not at import: start-up draws the title first

    write_atomic(Path(data_dir) / FILE_NAME, json.dumps(asdict(settings), indent=1) + "\n")
