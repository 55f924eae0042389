"""The one-way arrows between the parts of game/ (docs/architecture.md), checked on the source.

Every import in game/ — top-level or inside a function, relative or absolute — is resolved to the
part it names, and each rule below lists what a part may not import. KNOWN lists the crossings
the code still has today, with why; the test fails both on a new crossing and on a listed one
that has gone (so the list can only shrink).
"""

from __future__ import annotations

import ast
from pathlib import Path

GAME = Path(__file__).resolve().parent.parent / "game"

#: (importing part, imported part) pairs that must never occur. A part is the first package under
#: game/ ("engine", "ui", ...) or a top-level module ("paths").
FORBIDDEN: dict[str, set[str]] = {
    # The engine runs a story and nothing else: no front end, no tool, no report.
    "engine": {"ui", "text", "cli", "tools", "classroom", "history", "web"},
    # The story model is the bottom of the stack.
    "story": {"engine", "ui", "text", "cli", "tools", "classroom", "history", "web"},
    # The debrief is pure functions of a playthrough: no front end, no command line.
    "history": {"ui", "text", "cli", "tools", "classroom", "web"},
    "classroom": {"ui", "cli", "tools", "web"},
    "text": {"ui", "cli", "tools", "web"},
    # The window never imports the writers' tools or the command line.
    "ui": {"cli", "tools", "web"},
    "tools": {"ui", "cli", "web"},
    "web": {"ui", "cli", "tools"},
}

#: Crossings still in the code, each with why (none today: keep it that way).
KNOWN: set[tuple[str, str, str]] = set()


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "game" else ""


def _imports(path: Path) -> set[str]:
    package = ["game", *path.relative_to(GAME).with_suffix("").parts]
    if path.name != "__init__.py":
        package = package[:-1]
    else:
        package = package[:-1] if package[-1] == "__init__" else package
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            # "from .. import paths" names a module, not a package attribute
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def _crossings() -> set[tuple[str, str, str]]:
    out: set[tuple[str, str, str]] = set()
    for path in sorted(GAME.rglob("*.py")):
        rel = path.relative_to(GAME).as_posix()
        here = rel.split("/")[0].removesuffix(".py")
        for module in _imports(path):
            there = _part(module)
            if there and there != here and there in FORBIDDEN.get(here, set()):
                out.add((rel, here, there))
    return out


def test_no_forbidden_arrow_between_parts() -> None:
    new = _crossings() - KNOWN
    assert not new, "forbidden imports (see docs/architecture.md): " + ", ".join(
        f"{rel} ({a} -> {b})" for rel, a, b in sorted(new))


def test_known_crossings_are_still_there() -> None:
    gone = KNOWN - _crossings()
    assert not gone, "remove these from KNOWN, they are fixed: " + ", ".join(map(str, sorted(gone)))


def test_only_the_window_imports_pygame() -> None:
    offenders = sorted(
        path.relative_to(GAME).as_posix() for path in GAME.rglob("*.py")
        if path.relative_to(GAME).parts[0] != "ui" and any(
            m == "pygame" or m.startswith("pygame.") for m in _imports(path)))
    assert offenders == []


def test_nothing_but_the_entry_point_imports_the_cli() -> None:
    offenders = sorted(
        path.relative_to(GAME).as_posix() for path in GAME.rglob("*.py")
        if path.relative_to(GAME).parts[0] not in ("cli", "__main__.py")
        and any(_part(m) == "cli" for m in _imports(path)))
    assert offenders == sorted({rel for rel, _, b in KNOWN if b == "cli"})


#: What doing I/O looks like in a module: calls, file methods and the modules that do it.
IO_CALLS = {"print", "open", "input"}
IO_METHODS = {"read_text", "read_bytes", "write_text", "write_bytes", "open", "readline", "readlines", "write",
              "flush", "iterdir", "glob", "rglob", "mkdir", "unlink", "exists"}
IO_MODULES = {"io", "sys", "os", "pathlib", "shutil", "tempfile", "importlib.resources"}


def test_the_debrief_data_does_no_io() -> None:
    # game.history is pure data (issue 9.6): printing, streams and files belong to the front
    # ends (game/text for the terminal) and to game.classroom, which reads the default questions.
    offenders = []
    for path in sorted((GAME / "history").rglob("*.py")):
        rel = path.relative_to(GAME).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                f = node.func
                if isinstance(f, ast.Name) and f.id in IO_CALLS:
                    offenders.append(f"{rel}:{node.lineno} {f.id}()")
                elif isinstance(f, ast.Attribute) and f.attr in IO_METHODS:
                    offenders.append(f"{rel}:{node.lineno} .{f.attr}()")
            elif isinstance(node, ast.Import):
                offenders += [f"{rel}:{node.lineno} import {a.name}" for a in node.names if a.name in IO_MODULES]
            elif isinstance(node, ast.ImportFrom) and node.module in IO_MODULES:
                offenders.append(f"{rel}:{node.lineno} from {node.module}")
            elif isinstance(node, ast.Name) and node.id in ("stdout", "stderr", "stdin", "TextIO", "Path"):
                offenders.append(f"{rel}:{node.lineno} {node.id}")
    assert offenders == []
    assert not list((GAME / "history").glob("*.yaml")), "data files are read by the caller, not game.history"


def test_the_io_check_sees_io() -> None:
    # the check above must be able to fail: the classroom's question loader reads a file
    tree = ast.parse((GAME / "classroom" / "questions.py").read_text(encoding="utf-8"))
    assert any(isinstance(n, ast.Attribute) and n.attr == "read_text" for n in ast.walk(tree))


def test_the_rules_see_real_imports() -> None:
    # The checker itself must find what is there: the engine does import the story.
    assert any(_part(m) == "story" for m in _imports(GAME / "engine" / "playthrough.py"))
    assert "game.paths" in _imports(GAME / "ui" / "art.py")
