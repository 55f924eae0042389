"""The one door into a story: ``open_story(path)`` loads, validates and analyses a story folder.

Every front end (window, terminal, browser) and every tool opens a story here, so a story that
``after-lenin check`` passes is the story every one of them plays.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .. import paths
from .diagnostics import ERROR, WARNING, Diagnostic
from .graph import GraphReport, analyse
from .lint import lint, lint_parts
from .loader import load_story
from .model import Story


@dataclass(frozen=True)
class Opened:
    """What opening a story found: the story (None if it has errors), every problem, the graph."""

    story: Story | None
    diagnostics: list[Diagnostic]
    graph: GraphReport | None = None
    #: The story as the loader built it, when the loader found no error: what the writers'
    #: map and search work on even while the graph finds dead ends or unreachable scenes.
    loaded: Story | None = None

    def count(self, severity: str) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    def adding(self, more: list[Diagnostic], strict: bool = False) -> Opened:
        """This result with more findings (from checks that need the engine, in ``game.tools``)."""
        if strict:
            more = [Diagnostic(d.path, d.line, d.col, d.code, d.message, ERROR) for d in more]
        diagnostics = sorted([*self.diagnostics, *more])
        story = None if any(d.severity == ERROR for d in diagnostics) else self.story
        return Opened(story, diagnostics, self.graph, self.loaded)


def assets_beside(story_dir: str | Path) -> Path | None:
    """The assets folder beside a story folder (the shipped one for the shipped story), if any."""
    assets = paths.assets_for(story_dir)
    return assets if assets.is_dir() else None


def open_story(root: str | Path, assets: str | Path | None = None, strict: bool = False) -> Opened:
    """Load, validate and analyse the story in ``root``; with ``strict`` warnings count as errors."""
    result = load_story(root, assets)
    diagnostics = list(result.diagnostics)
    if result.built is not None:  # a part's own mistakes, shown beside any errors elsewhere
        diagnostics.extend(lint_parts(result.built))
    story = result.story
    graph = analyse(story) if story is not None else None
    if story is not None and graph is not None:
        diagnostics.extend(graph.diagnostics)
        diagnostics.extend(lint(story, graph))  # checks against the whole, on a story without errors
    if strict:
        diagnostics = [Diagnostic(d.path, d.line, d.col, d.code, d.message, ERROR) for d in diagnostics]
    diagnostics.sort()
    loaded = story
    if any(d.severity == ERROR for d in diagnostics):
        story = None
    return Opened(story, diagnostics, graph, loaded)


def write_diagnostics(opened: Opened, root: str | Path, out: TextIO, fmt: str = "text") -> int:
    """Write what opening found to ``out`` (text or JSON); return the exit code (1 on any error)."""
    errors, warnings = opened.count(ERROR), opened.count(WARNING)
    if fmt == "json":
        json.dump({"root": str(root), "errors": errors, "warnings": warnings,
                   "diagnostics": [d.as_json() for d in opened.diagnostics]}, out, indent=1)
        out.write("\n")
    else:
        base = Path(root)
        for d in opened.diagnostics:
            shown = d.path if Path(d.path).is_absolute() or d.path == str(base) else (base / d.path).as_posix()
            out.write(Diagnostic(shown, d.line, d.col, d.code, d.message, d.severity).format() + "\n")
        files = len({d.path for d in opened.diagnostics})
        if errors or warnings:
            out.write(f"{errors} error(s), {warnings} warning(s) in {files} file(s)\n")
        else:
            story = opened.story
            extra = f": {len(story.scenes)} scenes, {len(story.decisions())} decisions" if story else ""
            out.write(f"no problems found in {root}{extra}\n")
    return 1 if errors else 0
