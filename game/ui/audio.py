"""Sound: short cues and music, or silence when there is no device or no file.

Every call is safe without a sound device (the game must play silently then),
and a missing or broken sound file is simply not played.
"""

from __future__ import annotations

from pathlib import Path

import pygame

from .. import paths
from .env import init_audio, quiet_stderr

_EXTS = (".ogg", ".wav")

#: What the interface asks for, and the file in assets/sounds/ that answers (see its README).
#: Cues without a file stay silent: a page turn on every line would soon grate.
CUES = {"tick": "click", "choose": "click", "stamp": "stamp", "document": "paper", "chapter": "paper"}


class Audio:
    """Cues by name (``assets/sounds/<name>.ogg``) and one music track."""

    def __init__(self, enabled: bool = True, folder: Path | None = None) -> None:
        self.folder = folder or paths.assets_dir() / "sounds"
        self.ok = init_audio() if enabled else False
        self._cues: dict[str, pygame.mixer.Sound | None] = {}
        self.effects_volume = 0.8
        self.music_volume = 0.6
        self._music: str | None = None

    def _file(self, name: str) -> Path | None:
        for ext in _EXTS:
            path = self.folder / f"{name}{ext}"
            if path.is_file():
                return path
        return None

    def play(self, name: str) -> None:
        """Play a cue (``tick``, ``choose``, ``stamp``, ``document``, ``chapter``…) if it has a sound."""
        if not self.ok or self.effects_volume <= 0:
            return
        if name not in self._cues:
            path = self._file(CUES.get(name, name))
            sound = None
            if path is not None:
                try:
                    with quiet_stderr():
                        sound = pygame.mixer.Sound(str(path))
                except (pygame.error, OSError):
                    sound = None
            self._cues[name] = sound
        sound = self._cues[name]
        if sound is not None:
            sound.set_volume(self.effects_volume)
            try:
                sound.play()
            except pygame.error:
                pass

    def music(self, name: str | None) -> None:
        """Start (or keep) a looping track; None stops the music."""
        if not self.ok or name == self._music:
            return
        self._music = name
        try:
            if name is None:
                pygame.mixer.music.fadeout(600)
                return
            path = self._file(name)
            if path is None:
                pygame.mixer.music.stop()
                return
            pygame.mixer.music.load(str(path))
            pygame.mixer.music.set_volume(self.music_volume)
            pygame.mixer.music.play(-1, fade_ms=800)
        except pygame.error:
            pass

    def set_volumes(self, music: int, effects: int) -> None:
        self.music_volume = max(0, min(100, music)) / 100
        self.effects_volume = max(0, min(100, effects)) / 100
        if self.ok:
            try:
                pygame.mixer.music.set_volume(self.music_volume)
            except pygame.error:
                pass

    def close(self) -> None:
        if self.ok:
            try:
                pygame.mixer.quit()
            except pygame.error:
                pass
            self.ok = False
