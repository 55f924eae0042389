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
    "play in the terminal instead with `{command} play --text`."
)


def command_here() -> str:
    """How the user started this program, as a command that works from where they stand.

    ``after-lenin`` when that is what they typed (it is on PATH); otherwise the Python that runs
    us with ``-m game`` (a checkout's ``.venv/bin/python -m game``), so copying it works.
    """
    import os
    import shutil

    typed = sys.argv[0] if sys.argv and sys.argv[0] else ""
    if os.path.basename(typed) == "after-lenin":
        on_path = shutil.which("after-lenin")
        if on_path and os.path.realpath(on_path) == os.path.realpath(typed):
            return "after-lenin"
        return typed  # e.g. .venv/bin/after-lenin, exactly as it was typed
    python = sys.executable or "python3"
    try:
        rel = os.path.relpath(python)
        python = rel if not rel.startswith(".." + os.sep + "..") else python
        if not os.path.isabs(python) and os.sep in python and not python.startswith("."):
            python = "." + os.sep + python
    except ValueError:  # another drive (Windows): keep the absolute path
        pass
    return f"{python} -m game"


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
