"""Benchmarks: ``make bench`` (``python -m bench``). Never part of the test suite.

Each area keeps one module here and ``python -m bench`` runs them in turn:

| module | area | what it measures |
|---|---|---|
| ``bench/story.py`` | story loading and engine | load + check against the bare YAML parse, choices and playthroughs per second, memory |
| ``bench/ui.py`` | the window | frame times, text layout |
| ``bench/classroom.py`` | classroom | reports and class summaries |
| ``bench/tools.py`` | writers' tools | the story map |
| ``bench/web.py`` | the browser front end | 300 students at once: step p50/p99, errors, lost decisions, memory, first-screen weight |

**The hook.** A module takes part by defining ``run(report)``: ``report`` is a
:class:`Report`; call it with a line of text to print that line (``report("load  0.4 s")``),
and ``report.figure(name, value, unit)`` to record a number for ``--json``. A module whose
``run`` takes ``out=`` instead (a function taking one line) is called as ``run(out=report)``,
so a module can also be run on its own with ``out=print``. A module that does not exist is
skipped; one that fails is reported and the others still run.

``python -m bench story tools`` runs only those modules; ``--quick`` asks modules that
support it for smaller sizes; ``--json FILE`` writes every figure with the machine's details.
The figures in docs/performance.md come from these modules, on the machine they name.
"""

from __future__ import annotations

import os
import platform
import sys
from typing import Any

MODULES = ("story", "ui", "classroom", "tools", "web")


class Report:
    """Collects what the benchmarks print and the figures they measure."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.figures: dict[str, dict[str, Any]] = {}

    def __call__(self, line: str = "") -> None:
        print(line, flush=True)
        self.lines.append(line)

    def section(self, title: str) -> None:
        self("")
        self(f"== {title} ==")

    def figure(self, name: str, value: float, unit: str) -> None:
        """Record a number under a stable name (``story.load.10000.ratio``)."""
        self.figures[name] = {"value": value, "unit": unit}


def machine() -> dict[str, Any]:
    """What the figures were measured on: they mean little without it."""
    import yaml

    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        load = os.getloadavg()[0]
    except (OSError, AttributeError):
        load = -1.0
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu or "unknown",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "pyyaml": f"{yaml.__version__}{' with libyaml (CSafeLoader)' if hasattr(yaml, 'CSafeLoader') else ' pure Python'}",
        "system": f"{platform.system()} {platform.release()}",
        "load_average_at_start": round(load, 2),
        "argv": " ".join(sys.argv),
    }
