"""The editor schemas shipped in ``schemas/``, generated from the loader's own schema.

``game.story.schema`` declares every story file once; ``json_schema`` turns the
declaration into JSON Schema. This module writes those as the files that
editors read (``# yaml-language-server: $schema=…`` in a YAML file, or VS
Code's ``yaml.schemas`` setting) and tells whether the shipped files are
current; a test fails when they are not, so they never go stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import paths
from ..story.schema import json_schema

#: kind (as ``json_schema`` takes it) -> file name in ``schemas/``
FILES = {"manifest": "story.schema.json", "content": "content.schema.json"}


def schemas_dir() -> Path:
    """The shipped ``schemas/`` (beside ``scenes/`` in a checkout, inside the package once installed)."""
    return paths.schemas_dir()


def render(kind: str) -> str:
    """The exact text of a shipped schema file."""
    return json.dumps(json_schema(kind), indent=1, ensure_ascii=False) + "\n"


def stale(folder: Path | None = None) -> list[Path]:
    """The schema files in ``folder`` that are missing or differ from the generated ones."""
    folder = folder or schemas_dir()
    out: list[Path] = []
    for kind, name in FILES.items():
        path = folder / name
        try:
            current = path.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != render(kind):
            out.append(path)
    return out


def write(folder: Path | None = None) -> list[Path]:
    """(Re)write every schema file in ``folder``; return the files that changed."""
    folder = folder or schemas_dir()
    folder.mkdir(parents=True, exist_ok=True)
    changed = stale(folder)
    for kind, name in FILES.items():
        path = folder / name
        if path in changed:
            path.write_text(render(kind), encoding="utf-8")
    return changed
