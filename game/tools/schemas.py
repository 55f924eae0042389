"""The editor schemas shipped in ``schemas/``, generated from the loader's own schema.

``game.story.schema`` declares every story file once; ``json_schema`` turns the
declaration into JSON Schema. This module writes those as the files that
editors read (``.vscode/settings.json`` maps them onto ``scenes/``) and tells
whether the shipped files are current; a test fails when they are not, so they
never go stale. The shipped files carry the shipped story's own names (scene
ids, characters, variables, art, …) as enums, so an editor completes them and
flags a typo: after adding a scene or a character, run ``after-lenin schema --write``.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import paths
from ..story import model as M
from ..story.opening import open_story
from ..story.schema import json_schema

#: kind (as ``json_schema`` takes it) -> file name in ``schemas/``
FILES = {"manifest": "story.schema.json", "content": "content.schema.json"}


def schemas_dir() -> Path:
    """The shipped ``schemas/`` (beside ``scenes/`` in a checkout, inside the package once installed)."""
    return paths.schemas_dir()


def story_names(story: M.Story, assets: Path | None) -> tuple[dict[str, list[str]], dict[str, str]]:
    """What the story defines, by kind, sorted; and each variable's label."""
    names: dict[str, list[str]] = {
        "scene": sorted(story.scenes), "character": sorted(story.characters), "document": sorted(story.documents),
        "record": sorted(story.records), "chapter": [c.id for c in story.chapters], "ending": sorted(story.endings),
        "role": sorted(story.roles), "factor": sorted(story.factors), "variable": list(story.variables),
    }
    for folder, kind in (("backgrounds", "background"), ("portraits", "portrait")):
        art = assets / folder if assets is not None else None
        names[kind] = sorted(p.stem for p in art.glob("*.svg")) if art is not None and art.is_dir() else []
    labels = {name: var.label for name, var in story.variables.items() if var.label}
    return names, labels


def shipped_names() -> tuple[dict[str, list[str]] | None, dict[str, str]]:
    """The shipped story's names (None when it does not load: then the schemas take any id)."""
    story_dir = paths.story_dir(None)
    assets = paths.assets_for(story_dir)
    story = open_story(story_dir, assets).loaded
    if story is None:
        return None, {}
    return story_names(story, assets if assets.is_dir() else None)


def render(kind: str, names: dict[str, list[str]] | None = None, labels: dict[str, str] | None = None) -> str:
    """The exact text of a shipped schema file (with the shipped story's names unless given)."""
    if names is None:
        names, labels = shipped_names()
    return json.dumps(json_schema(kind, names, labels), indent=1, ensure_ascii=False) + "\n"


def stale(folder: Path | None = None) -> list[Path]:
    """The schema files in ``folder`` that are missing or differ from the generated ones."""
    folder = folder or schemas_dir()
    names, labels = shipped_names()
    out: list[Path] = []
    for kind, name in FILES.items():
        path = folder / name
        try:
            current = path.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != render(kind, names, labels):
            out.append(path)
    return out


def write(folder: Path | None = None) -> list[Path]:
    """(Re)write every schema file in ``folder``; return the files that changed."""
    folder = folder or schemas_dir()
    folder.mkdir(parents=True, exist_ok=True)
    changed = stale(folder)
    names, labels = shipped_names()
    for kind, name in FILES.items():
        path = folder / name
        if path in changed:
            path.write_text(render(kind, names, labels), encoding="utf-8")
    return changed
