"""``python -m game``: the same as the ``after-lenin`` command."""

import sys

from .cli import main

sys.exit(main())
