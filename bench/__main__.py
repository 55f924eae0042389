"""``python -m bench [MODULE …] [--quick] [--json FILE]``: run the benchmarks (see bench/__init__.py)."""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/__main__.py` from anywhere
    sys.path.insert(0, str(ROOT))

from bench import MODULES, Report, machine  # noqa: E402


def _call(module: object, report: Report, quick: bool) -> None:
    run = getattr(module, "run")
    params = inspect.signature(run).parameters
    kwargs: dict[str, object] = {}
    if "quick" in params:
        kwargs["quick"] = quick
    if "report" in params:
        run(report=report, **kwargs)
    elif "out" in params:
        run(out=report, **kwargs)
    else:
        run(report, **kwargs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("modules", nargs="*", metavar="MODULE", help=f"which to run (default: all of {', '.join(MODULES)})")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a quick look")
    parser.add_argument("--json", metavar="FILE", help="also write every figure and the machine to FILE")
    args = parser.parse_args(argv)
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)}; choose from {', '.join(MODULES)}")

    report = Report()
    info = machine()
    report(f"machine: {info['cpus']} CPUs ({info['cpu']}), {info['python']}, PyYAML {info['pyyaml']},"
           f" {info['system']}; load average at start {info['load_average_at_start']}")
    failed = []
    for name in args.modules or MODULES:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"bench.{name}":
                continue  # that area has no benchmark (yet)
            raise
        report.section(name)
        start = time.perf_counter()
        try:
            _call(module, report, args.quick)
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
            failed.append(name)
            report(f"bench.{name} failed:")
            for line in traceback.format_exc().rstrip().splitlines():
                report("  " + line)
        report(f"({name}: {time.perf_counter() - start:.0f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": info, "figures": report.figures}, indent=1) + "\n",
                                   encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
