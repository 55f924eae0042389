"""``after-lenin check``: every problem in a story folder, at once, with places."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..story.diagnostics import ERROR, WARNING, Diagnostic
from ..story.graph import analyse
from ..story.loader import LoadResult, load_story
from ..story.model import Story


@dataclass
class CheckResult:
    story: Story | None
    diagnostics: list[Diagnostic]

    def count(self, severity: str) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)


def check_story(root: str | Path, assets: str | Path | None = None, strict: bool = False) -> CheckResult:
    """Load, validate and analyse; with ``strict`` warnings count as errors."""
    result: LoadResult = load_story(root, assets)
    diagnostics = list(result.diagnostics)
    story = result.story
    if story is not None:
        diagnostics.extend(analyse(story).diagnostics)
    if strict:
        diagnostics = [Diagnostic(d.path, d.line, d.col, d.code, d.message, ERROR) for d in diagnostics]
    diagnostics.sort()
    if any(d.severity == ERROR for d in diagnostics):
        story = None
    return CheckResult(story, diagnostics)


def print_check(result: CheckResult, root: str | Path, out: TextIO, fmt: str = "text") -> int:
    """Print the findings; return the exit code (1 on any error)."""
    errors, warnings = result.count(ERROR), result.count(WARNING)
    if fmt == "json":
        json.dump({"root": str(root), "errors": errors, "warnings": warnings,
                   "diagnostics": [d.as_json() for d in result.diagnostics]}, out, indent=1)
        out.write("\n")
    else:
        base = Path(root)
        for d in result.diagnostics:
            shown = d.path if Path(d.path).is_absolute() or d.path == str(base) else (base / d.path).as_posix()
            out.write(Diagnostic(shown, d.line, d.col, d.code, d.message, d.severity).format() + "\n")
        files = len({d.path for d in result.diagnostics})
        if errors or warnings:
            out.write(f"{errors} error(s), {warnings} warning(s) in {files} file(s)\n")
        else:
            story = result.story
            extra = f": {len(story.scenes)} scenes, {len(story.decisions())} decisions" if story else ""
            out.write(f"no problems found in {root}{extra}\n")
    return 1 if errors else 0
