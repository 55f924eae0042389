"""Starting SDL quietly and failing clearly.

Two real-world problems live here so the rest of the window never sees them:
a machine with no display (an SSH session, a CI runner) must get one sentence
pointing to ``--text`` instead of an SDL traceback, and a machine with no sound
device must play silently instead of printing ALSA's complaints into the
terminal (alsa-lib writes them straight to file descriptor 2, so only silencing
the descriptor itself helps).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

# pygame prints a greeting on import unless told not to; a game's terminal is not an ad.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402  (the environment variable above must come first)


class NoDisplay(Exception):
    """There is no screen to open a window on."""


NO_DISPLAY_MESSAGE = (
    "after-lenin: no display is available ({why}), so the game window cannot open; "
    "play in the terminal instead with `after-lenin play --text`."
)


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Silence file descriptor 2 (C libraries' chatter) for the duration of the block."""
    try:
        fd = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        yield  # no real descriptor (e.g. pytest capture): nothing C-level to silence
        return
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    saved = os.dup(fd)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), fd)
            try:
                yield
            finally:
                os.dup2(saved, fd)
    finally:
        os.close(saved)


def init_display() -> None:
    """Initialise SDL's video and fonts; raise NoDisplay with the reason if there is no screen."""
    if sys.platform.startswith("linux") and not os.environ.get("SDL_VIDEODRIVER") \
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        # SDL would try the console framebuffer next and fail obscurely; say what is missing.
        raise NoDisplay("neither DISPLAY nor WAYLAND_DISPLAY is set")
    try:
        with quiet_stderr():
            pygame.display.init()
    except pygame.error as exc:
        raise NoDisplay(str(exc) or "SDL could not start its video system") from None
    pygame.font.init()


def init_audio() -> bool:
    """Open the sound device if there is one. False (and silence) otherwise; never noisy."""
    try:
        with quiet_stderr():
            pygame.mixer.init()
    except (pygame.error, NotImplementedError, OSError):
        return False
    return pygame.mixer.get_init() is not None
