"""Assignments: a small YAML file a teacher writes, read with the story's rigour.

A malformed assignment gets the same treatment as a broken scene: one message
per problem naming ``file:line:col`` and what to do (the story's located YAML
reader and declarative schema do the work, so the codes match ``after-lenin
check``). ``load_assignment(path)`` returns an :class:`Assignment` or raises
:class:`AssignmentError` carrying every diagnostic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..history.questions import Question, questions_from_data
from ..story import model as M
from ..story import schema as S
from ..story.diagnostics import Diagnostic, make
from ..story.yamlsafe import Map, Pos, YamlError, load_text
from .marking import MARKED_QUESTIONS_SCHEMA, Marking, check_against_story, markings_from_data
from .questions import load_default_questions

MAX_ASSIGNMENT_BYTES = 256 * 1024


def _check(value: Map, ctx: Any) -> None:
    if "scenario" not in value and "chapter" not in value:
        ctx.add(value.pos, "AL012", "an assignment needs 'scenario' (a scenario id) or 'chapter' (a chapter id)")


ASSIGNMENT_SCHEMA = S.Record({
    "title": S.Field(S.Text("What the students see, e.g. 'Chapter 4: the telegram'."), required=True),
    "class": S.Field(S.Text("The class name, e.g. 10B History.")),
    "due": S.Field(S.Date("Optional due date, YYYY-MM-DD.")),
    "scenario": S.Field(S.Id("A scenario id from story.yaml (after-lenin play --help lists them).")),
    "chapter": S.Field(S.Id("A chapter id: the student plays that chapter's scenario.")),
    "role": S.Field(S.Id("The role the student plays (e.g. stalin).")),
    "instructions": S.Field(S.Text("Shown to the student before play.")),
    "reflection_required": S.Field(S.Bool("Must the student answer the required questions? Default: true.")),
    "questions": S.Field(MARKED_QUESTIONS_SCHEMA),
}, title="an assignment", check=_check)


class AssignmentError(Exception):
    """An assignment that cannot be used; ``diagnostics`` says every problem and where."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


@dataclass(frozen=True)
class Assignment:
    """A teacher's assignment, validated."""

    path: str
    title: str
    class_name: str
    due: str
    scenario: str
    chapter: str
    role: str
    instructions: str
    reflection_required: bool
    questions: tuple[Question, ...]
    positions: dict[str, Pos] = field(default_factory=dict, compare=False)
    #: the right answers of marked menu questions, by question id (``answer:``/``accept:``, ``points:``)
    markings: dict[str, Marking] = field(default_factory=dict)

    @property
    def max_score(self) -> int:
        """Points a student can score on the marked questions (0: nothing is marked)."""
        return sum(m.points for m in self.markings.values())

    def header(self) -> dict[str, Any]:
        """What reports carry about the assignment."""
        return {"title": self.title, "class": self.class_name, "due": self.due, "scenario": self.scenario,
                "chapter": self.chapter, "role": self.role, "reflection_required": self.reflection_required,
                "file": Path(self.path).name}


def parse_assignment(text: str, path: str) -> Assignment:
    """Parse an assignment's text; ``path`` is only used in messages."""
    try:
        data = load_text(text)
    except YamlError as exc:
        raise AssignmentError([make(path, exc.pos.line, exc.pos.col, exc.code, exc.message)]) from None
    if not isinstance(data, Map):
        raise AssignmentError([make(path, 1, 1, "AL011", "an assignment is a mapping of keys such as 'title:',"
                                    " 'scenario:' and 'questions:' (see 'For teachers' in README.md)")])
    diags = S.validate(data, ASSIGNMENT_SCHEMA, path)
    questions: tuple[Question, ...] = load_default_questions()
    if "questions" in data and data["questions"] is not None:
        questions, more = questions_from_data(data["questions"], path)
        # the schema already reported the structural problems; keep only the extra ones
        diags += [d for d in more if d.code == "AL020"]
    if diags:
        raise AssignmentError(diags)

    def s(key: str) -> str:
        v = data.get(key)
        return v if isinstance(v, str) else ""

    required = data.get("reflection_required")
    return Assignment(path, s("title"), s("class"), s("due"), s("scenario"), s("chapter"), s("role"),
                      s("instructions"), required if isinstance(required, bool) else True, questions,
                      {k: data.pos_of(k) for k in ("scenario", "chapter", "role", "title")},
                      markings_from_data(data.get("questions")))


def load_assignment(path: str | Path) -> Assignment:
    """Read and check an assignment file. Raises AssignmentError (with file:line:col) on any problem."""
    p = Path(path)
    name = str(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise AssignmentError([make(name, 1, 1, "AL013", "there is no such file; check the name and folder")]) from None
    except IsADirectoryError:
        raise AssignmentError([make(name, 1, 1, "AL013", "this is a folder; give the assignment's .yaml file")]) from None
    except OSError as exc:
        raise AssignmentError([make(name, 1, 1, "AL013", f"the file cannot be read: {exc.strerror}")]) from None
    if len(raw) > MAX_ASSIGNMENT_BYTES:
        raise AssignmentError([make(name, 1, 1, "AL002", f"an assignment is a small file; this one is"
                                    f" {len(raw) // 1024} KiB")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise AssignmentError([make(name, line, col, "AL004", "the file is not UTF-8 text; save it as UTF-8"
                                    " in your editor")]) from None
    return parse_assignment(text, name)


def scenario_for(assignment: Assignment, story: M.Story) -> str:
    """The scenario the assignment asks for in this story. Raises AssignmentError naming the line."""
    pos = assignment.positions
    diags: list[Diagnostic] = []

    def bad(key: str, message: str) -> None:
        p = pos.get(key, Pos(1, 1))
        diags.append(make(assignment.path, p.line, p.col, "AL013", message))

    if assignment.role and assignment.role not in story.roles:
        bad("role", f"there is no role '{assignment.role}'; choose one of: {', '.join(story.roles)}")
    found = ""
    if assignment.scenario:
        sc = story.scenarios.get(assignment.scenario)
        if sc is None:
            bad("scenario", f"there is no scenario '{assignment.scenario}'; choose one of: "
                f"{', '.join(story.scenarios)}")
        elif assignment.role and sc.role != assignment.role:
            bad("role", f"scenario '{sc.id}' is played as '{sc.role}', not '{assignment.role}'")
        elif assignment.chapter and sc.chapter not in (None, assignment.chapter):
            bad("chapter", f"scenario '{sc.id}' is chapter '{sc.chapter}', not '{assignment.chapter}'")
        else:
            found = sc.id
    elif assignment.chapter:
        if story.chapter(assignment.chapter) is None:
            bad("chapter", f"there is no chapter '{assignment.chapter}'; choose one of: "
                f"{', '.join(c.id for c in story.chapters)}")
        else:
            matches = [sc for sc in story.scenarios.values() if sc.chapter == assignment.chapter
                       and (not assignment.role or sc.role == assignment.role)]
            if not matches:
                bad("chapter", f"no scenario plays chapter '{assignment.chapter}'"
                    + (f" as '{assignment.role}'" if assignment.role else "") + "; name a 'scenario:' instead")
            else:
                found = matches[0].id
    diags += check_against_story(assignment.markings, assignment.questions, story, assignment.path)
    if diags:
        raise AssignmentError(diags)
    return found
