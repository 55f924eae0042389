"""``--watch``: notice when a writer saves a story file, cheaply.

Polling file times once a second costs a directory walk of a few dozen files —
far less than the frame it shares — and needs no threads or platform APIs, so
it behaves the same on every desktop (and in a browser, where there are none).
"""

from __future__ import annotations

import os
from pathlib import Path


class StoryWatcher:
    """Remembers the story files' (path, size, mtime) and says when they differ."""

    def __init__(self, root: Path, assets: Path | None = None) -> None:
        self.root = Path(root)
        self.assets = assets
        self._seen = self._scan()

    def _scan(self) -> frozenset[tuple[str, int, int]]:
        out: set[tuple[str, int, int]] = set()
        for folder, suffix in ((self.root, ".yaml"), (self.assets, ".svg")):
            if folder is None or not folder.is_dir():
                continue
            for dirpath, dirnames, filenames in os.walk(folder):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                for name in filenames:
                    if name.endswith(suffix) and not name.startswith("."):
                        path = os.path.join(dirpath, name)
                        try:
                            st = os.stat(path)
                        except OSError:
                            continue
                        out.add((path, st.st_size, st.st_mtime_ns))
        return frozenset(out)

    def changed(self) -> bool:
        """True once after any story file was added, removed or rewritten."""
        now = self._scan()
        if now != self._seen:
            self._seen = now
            return True
        return False
