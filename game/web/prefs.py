"""A student's display settings in the browser: kept in the signed session cookie.

The same five settings as the window's (text speed, text size, high contrast, the
dyslexia font, reduce motion), read defensively: anything unknown falls back to the
default, key by key. They only change how pages look, so they never touch the game.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import asdict, dataclass
from typing import Any, ClassVar

#: Characters per second of each text speed (as the window's); 0 shows the whole line at once.
SPEEDS: dict[str, int] = {"slow": 24, "normal": 45, "fast": 90, "instant": 0}


@dataclass(frozen=True)
class Prefs:
    text_speed: str = "normal"
    text_size: int = 100
    high_contrast: bool = False
    dyslexic_font: bool = False
    reduce_motion: bool = False

    SIZES: ClassVar[tuple[int, ...]] = (100, 125, 150, 175, 200)
    SPEEDS: ClassVar[tuple[str, ...]] = tuple(SPEEDS)

    @property
    def speed(self) -> int:
        return SPEEDS[self.text_speed]

    def html_class(self) -> str:
        classes = [f"size-{self.text_size}"]
        if self.high_contrast:
            classes.append("contrast")
        if self.dyslexic_font:
            classes.append("dyslexic")
        if self.reduce_motion:
            classes.append("reduce-motion")
        return " ".join(classes)

    @classmethod
    def from_session(cls, session: Mapping[str, Any]) -> Prefs:
        raw = session.get("prefs")
        return cls.parse(raw if isinstance(raw, dict) else {})

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> Prefs:
        speed = raw.get("text_speed")
        size = raw.get("text_size")
        return cls(
            text_speed=speed if speed in SPEEDS else "normal",
            text_size=size if isinstance(size, int) and size in cls.SIZES else 100,
            high_contrast=raw.get("high_contrast") is True,
            dyslexic_font=raw.get("dyslexic_font") is True,
            reduce_motion=raw.get("reduce_motion") is True,
        )

    @classmethod
    def from_form(cls, form: Mapping[str, Any]) -> Prefs:
        size = str(form.get("text_size", ""))
        return cls.parse({
            "text_speed": str(form.get("text_speed", "")),
            "text_size": int(size) if size.isdigit() else 100,
            "high_contrast": form.get("high_contrast") == "on",
            "dyslexic_font": form.get("dyslexic_font") == "on",
            "reduce_motion": form.get("reduce_motion") == "on",
        })

    def store(self, session: MutableMapping[str, Any]) -> None:
        session["prefs"] = asdict(self)
