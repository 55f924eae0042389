"""The pygame-ce window: screens, widgets, text layout, theme and input.

Start it with ``after-lenin play`` (see :mod:`game.ui.app`). It presents what the
engine says and never reads YAML or evaluates story logic itself.
"""

import os as _os

# pygame prints a greeting on import unless told not to; every module here imports pygame after this.
_os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
