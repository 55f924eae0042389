"""The static table of subcommands: name -> (one-line help, module that implements it).

Each row names a module of ``game.cli`` and two of its functions: ``add(parser)`` that
declares the flags, and ``run(args) -> int`` that returns an ``Exit`` code. Those modules
import their heavy parts (engine, window, tools) inside ``run``, so building the parser
for ``after-lenin --help`` stays fast. To add a subcommand, write the two functions in a
module of ``game/cli/`` and add one row here.
"""

from __future__ import annotations

from typing import NamedTuple


class Command(NamedTuple):
    """One row of the table."""

    help: str
    module: str  # a submodule of game.cli
    add: str  # its function that adds the flags to an argparse parser
    run: str  # its function that runs the subcommand and returns an exit code


COMMANDS: dict[str, Command] = {
    "play": Command("play the game (the default)", "core", "_add_play", "run_play"),
    "serve": Command("serve the game to browsers (a class on one machine: --lan)", "web", "_add_serve", "_run_serve"),
    "teacher-link": Command("print a new one-time teacher sign-in link for the classroom server", "web",
                            "_add_teacher_link", "_run_teacher_link"),
    "check": Command("check a story folder and list every problem", "core", "_add_check", "run_check"),
    "test": Command("play a story many times at random and report what was never reached", "core", "_add_test", "run_test"),
    "schema": Command("print the JSON Schema of a story file kind", "core", "_add_schema", "run_schema"),
    "map": Command("draw the story map: scenes, choices, problems (HTML or Graphviz DOT)", "tools", "_add_map", "run_map"),
    "stats": Command("count words, decisions and reading level per scene, chapter, role and path", "tools", "_add_stats", "run_stats"),
    "find": Command("list every scene, record, document and glossary entry that mentions a person, term or phrase",
                    "tools", "_add_find", "run_find"),
    "report": Command("render a student's report (or a save) as a self-contained HTML page", "classroom", "_add_report", "run_report"),
    "class-report": Command("summarise a folder of student reports as HTML and CSV", "classroom", "_add_class_report", "run_class_report"),
    "chapters": Command("list the chapters for teachers: dates, minutes, decisions, objectives (Markdown)", "tools", "_add_chapters", "run_chapters"),
    "shots": Command("render a tour of every screen to PNGs (for the README and for review)", "shots", "_add_shots", "_run_shots"),
}

#: The subcommand used when the first argument names none.
DEFAULT = "play"
