"""The story: safe YAML, the schema, expressions, the loader, and ``open_story``, the one door in.

``open_story`` and friends are loaded on first use, so importing a small part of the story
package (the window's title screen does) does not load the whole loader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .opening import Opened, assets_beside, open_story, write_diagnostics

__all__ = ["Opened", "assets_beside", "open_story", "write_diagnostics"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import opening

        return getattr(opening, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
