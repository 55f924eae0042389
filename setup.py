"""One build step on top of pyproject.toml: the story, its assets and schemas travel in the wheel.

Writers edit the top-level ``scenes/``, ``assets/`` and ``schemas/``. Building a wheel (``pip
install .``, ``pipx install .``, ``python -m build``) copies them into the built package as
``game/shipped/``, where ``game.paths`` finds them once installed. An editable install
(``make play``, ``make test``) copies nothing: ``game.paths`` then reads the top-level folders,
so an edit shows up at once. MANIFEST.in puts the same folders in the source distribution.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
FOLDERS = ("scenes", "assets", "schemas")  # as game.paths.SHIPPED_FOLDERS
TARGET = Path("game", "shipped")  # as game.paths.SHIPPED


def _skip(folder: str, names: list[str]) -> set[str]:
    """Editor and OS litter that must not ship."""
    return {n for n in names if n.startswith(".") or n.endswith("~") or n == "__pycache__"}


class BuildPyWithStory(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for name in FOLDERS:
            dest = Path(self.build_lib) / TARGET / name
            shutil.rmtree(dest, ignore_errors=True)  # an earlier build's copy may hold deleted files
            shutil.copytree(HERE / name, dest, ignore=_skip)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        if not self.editable_mode:
            for name in FOLDERS:
                outputs += [str(p) for p in (Path(self.build_lib) / TARGET / name).rglob("*") if p.is_file()]
        return outputs


setup(cmdclass={"build_py": BuildPyWithStory})
