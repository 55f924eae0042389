"""Classes on the server: codes students type, resume codes, and what the dashboard shows.

A class is an assignment (the same YAML a teacher writes for the file-based flow, checked
by the same ``parse_assignment``) under a short code. What the dashboard shows is read
from each student's stored save JSON, summarised once per saved version, so a teacher's
dashboard polling every few seconds costs the server almost nothing between clicks.
"""

from __future__ import annotations

import secrets
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import yaml

from ..classroom.assignment import Assignment, AssignmentError, parse_assignment, scenario_for
from ..classroom.report import clean_name
from ..story import model as M
from .store import LET_IN, ClassRow, Conflict, Store

#: Letters and digits nobody misreads on a projector or types wrongly: no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B.
ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
CODE_LENGTH = 6
RESUME_LENGTH = 4
#: Minutes without a click after which the dashboard calls a student idle.
IDLE_MINUTES = 3


def new_code(length: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normal_code(typed: str) -> str:
    """A code as typed (spaces, dashes, lower case, O for 0…) in its canonical form."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


class ClassError(Exception):
    """An assignment that cannot make a class; the message lists every problem with file:line:col."""


def assignment_yaml(form: dict[str, str]) -> str:
    """The assignment file a teacher's form describes (so a form and an uploaded file are checked alike)."""
    data: dict[str, Any] = {"title": form.get("title", "").strip() or "Untitled assignment"}
    for key in ("class", "due", "instructions"):
        value = form.get(key, "").strip()
        if value:
            data[key] = value
    what = form.get("what", "").strip()
    if what.startswith("scenario:"):
        data["scenario"] = what[len("scenario:"):]
    elif what.startswith("chapter:"):
        data["chapter"] = what[len("chapter:"):]
    data["reflection_required"] = form.get("reflection_required") == "on"
    questions: list[dict[str, Any]] = []
    for n in range(1, 4):
        prompt = form.get(f"q{n}_prompt", "").strip()
        kind = form.get(f"q{n}_kind", "text")
        if not prompt:
            continue
        q: dict[str, Any] = {"id": f"q{n}", "kind": kind if kind in ("text", "menu", "alternatives") else "text",
                             "prompt": prompt}
        if q["kind"] == "menu":
            choices = [c.strip() for c in form.get(f"q{n}_choices", "").splitlines() if c.strip()]
            if choices:
                q["choices"] = choices
            else:
                q["choices_from"] = "factors"
        questions.append(q)
    if questions:
        data["questions"] = questions
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


#: Names a pasted class list may hold (a school year's worth), and minutes a teacher's "let in" lasts.
MAX_ROSTER = 500
LET_IN_MINUTES = 10


def parse_roster(text: str) -> tuple[str, ...]:
    """A class list as pasted: one name a line (a spreadsheet column pastes that way; tabs and
    semicolons split too, keeping the first cell), cleaned as a report's name is, each once."""
    names: list[str] = []
    seen: set[str] = set()
    for line in text.splitlines():
        name = clean_name(line.replace("\t", ";").split(";", 1)[0])
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return tuple(names[:MAX_ROSTER])


@dataclass
class ClassInfo:
    code: str
    title: str
    assignment: Assignment
    scenario: str
    created: float
    roster: tuple[str, ...] = ()  # the pasted class list students pick their name from (empty: they type it)

    def roster_name(self, typed: str) -> str | None:
        """The roster's spelling of a typed or picked name; None when it is not on the list."""
        folded = clean_name(typed).casefold()
        return next((n for n in self.roster if n.casefold() == folded), None)


class Classes:
    """The classes of one server, over the store."""

    def __init__(self, story: M.Story, store: Store) -> None:
        self.story = story
        self.store = store
        self._parsed: dict[str, ClassInfo] = {}
        self._summaries: dict[str, tuple[int, dict[str, Any]]] = {}
        # Story.decision() walks every scene; the dashboard asks for each decision of each student.
        self._decisions = {instr.id: instr for _scene, _pc, instr in story.decisions()}

    def check(self, text: str, name: str = "assignment.yaml") -> tuple[Assignment, str]:
        try:
            assignment = parse_assignment(text, name)
            scenario = scenario_for(assignment, self.story)
        except AssignmentError as exc:
            raise ClassError(str(exc)) from None
        if not scenario:
            raise ClassError(f"{name}:1:1: say what to play: add 'scenario:' or 'chapter:'")
        return assignment, scenario

    def create(self, text: str, name: str = "assignment.yaml", roster: str = "") -> ClassInfo:
        """A new class under a fresh code; ``roster`` is an optional pasted class list."""
        assignment, scenario = self.check(text, name)
        names = "\n".join(parse_roster(roster))
        for _ in range(20):
            code = new_code()
            try:
                self.store.add_class(code, assignment.title, text, names)
            except Conflict:
                continue
            return self.get(code)  # type: ignore[return-value]
        raise ClassError("could not find a free class code; try again")

    def get(self, code: str) -> ClassInfo | None:
        # The row is read every time (one indexed lookup): another server process may have deleted
        # the class. Only the parsed assignment is kept, keyed by the row's creation time.
        row = self.store.get_class(code)
        if row is None:
            self._parsed.pop(code, None)
            return None
        return self._from_row(row)

    def _from_row(self, row: ClassRow) -> ClassInfo:
        cached = self._parsed.get(row.code)
        if cached is not None and cached.created == row.created:
            return cached
        info = self._info(row)
        self._parsed[row.code] = info
        return info

    def _info(self, row: ClassRow) -> ClassInfo:
        assignment, scenario = self.check(row.assignment, f"class {row.code}")
        return ClassInfo(row.code, row.title, assignment, scenario, row.created, parse_roster(row.roster))

    def all(self) -> list[ClassInfo]:
        out = []
        for row in self.store.classes():
            try:
                out.append(self._from_row(row))
            except ClassError:
                continue  # a class whose assignment no longer fits the story is listed by code only elsewhere
        return out

    def delete(self, code: str) -> None:
        self.store.delete_class(code)
        self._parsed.pop(code, None)

    # -- letting a student in on another device -------------------------------------------

    def let_in(self, player: str) -> None:
        """The teacher lets this student continue on another device without their resume code:
        once, within LET_IN_MINUTES, with the class code and their name."""
        self.store.set_setting(LET_IN + player, str(time.time() + LET_IN_MINUTES * 60))

    def admit(self, player: str) -> bool:
        """Use the teacher's permission for this student, if there is one still fresh (once only)."""
        until = self.store.setting(LET_IN + player)
        if until is None or not self.store.delete_setting(LET_IN + player):
            return False
        try:
            return float(until) >= time.time()
        except ValueError:
            return False

    # -- what the dashboard shows -------------------------------------------------------

    def status(self, code: str, names: bool = True) -> dict[str, Any]:
        """The class as the dashboard shows it (``names=False``: the projector's view, without names)."""
        info = self.get(code)
        if info is None:
            return {}
        now = time.time()
        students = []
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        historical: dict[str, Counter[bool]] = defaultdict(Counter)
        prompts: dict[str, str] = {}
        order: dict[str, int] = {}
        reports = self.store.reports(code)
        answers: dict[str, list[str]] = defaultdict(list)
        roster = self.store.roster(code)
        # Only the games that moved since the last poll are read and summarised: the roster query
        # carries no save JSON, so a dashboard polling every few seconds stays cheap for 300 students.
        stale = [m.player for m in roster if self._summaries.get(m.player, (None,))[0] != m.version]
        for player, (version, game) in self.store.games(stale).items():
            self._summary(player, version, game)
        for member in roster:
            player, updated = member.player, member.updated
            cached = self._summaries.get(player)
            summary = cached[1] if cached is not None else self._summary(player, member.version, {})
            for entry in summary["log"]:
                did = entry["id"]
                order.setdefault(did, len(order))
                prompts.setdefault(did, entry.get("prompt", did))
                counts[did][entry["text"]] += 1
                if entry["historical"] is not None:
                    historical[did][bool(entry["historical"])] += 1
            report = reports.get(player)
            if report is not None:
                for item in report.get("reflection", []):
                    text = str(item.get("answer_text", "")).strip()
                    if text:
                        answers[str(item.get("prompt", ""))].append(text)
            idle = (now - updated) / 60
            student = {"chapter": summary["chapter"], "last": summary["last"], "decisions": summary["decisions"],
                       "finished": summary["finished"], "ending": summary["ending"], "handed_in": report is not None,
                       "idle": idle >= IDLE_MINUTES and not summary["finished"], "minutes_idle": int(idle)}
            if names:
                student.update(name=member.name, id=player, resume=member.resume)
            students.append(student)
        decisions = []
        for did in sorted(counts, key=lambda d: order[d]):
            total = sum(counts[did].values())
            hist = historical.get(did)
            decisions.append({"id": did, "prompt": prompts[did], "total": total,
                              "options": [{"text": t, "count": n} for t, n in counts[did].most_common()],
                              "historical_share": None if not hist else round(100 * hist[True] / sum(hist.values()))})
        joined = {m.name.casefold() for m in roster}
        not_joined = [n for n in info.roster if n.casefold() not in joined]
        return {"code": code, "title": info.title, "scenario": self.story.scenarios[info.scenario].title,
                "roster": len(info.roster), "not_joined": not_joined if names else len(not_joined),
                "joined": len(students), "finished": sum(1 for s in students if s["finished"]),
                "handed_in": sum(1 for s in students if s["handed_in"]),
                "idle": sum(1 for s in students if s["idle"]),
                "students": students, "decisions": decisions,
                "answers": [{"prompt": p, "answers": a if names else sorted(a)} for p, a in answers.items()]}

    def _summary(self, player: str, version: int, game: dict[str, Any]) -> dict[str, Any]:
        cached = self._summaries.get(player)
        if cached is not None and cached[0] == version:
            return cached[1]
        state = game.get("state") if isinstance(game.get("state"), dict) else {}
        assert isinstance(state, dict)
        log = [e for e in state.get("log", []) if isinstance(e, dict) and isinstance(e.get("id"), str)]
        transcript = [e for e in state.get("transcript", []) if isinstance(e, dict)]
        prompts = iter([t.get("prompt") for t in transcript if t.get("kind") == "choice"])
        entries = []
        for e in log:
            kind = e.get("kind")
            decision = self._decisions.get(e["id"])
            if kind == "choice":
                prompt = next(prompts, None) or e["id"]
                text = str(e.get("text", ""))
                hist = e.get("historical") if isinstance(e.get("historical"), bool) else None
            elif kind == "appointments":
                prompt = decision.prompt.source if isinstance(decision, M.Appointments) else e["id"]
                posts = e.get("posts", {}) if isinstance(e.get("posts"), dict) else {}
                text = ", ".join(self._person(p) for p in posts.values())
                marks = e.get("historical", {}) if isinstance(e.get("historical"), dict) else {}
                hist = all(marks.values()) if marks else None
            else:  # a vote
                prompt = decision.motion.source if isinstance(decision, M.Vote) else e["id"]
                text = "carried" if e.get("passed") else "defeated"
                hist = None
            entries.append({"id": e["id"], "prompt": prompt, "text": text, "historical": hist})
        chapter = self.story.chapter(state.get("chapter") if isinstance(state.get("chapter"), str) else None)
        ending = self.story.ending(state.get("ending") if isinstance(state.get("ending"), str) else None)
        summary = {
            "log": entries,
            "chapter": f"{self.story.chapter_index(chapter.id) + 1}. {chapter.title}" if chapter else "",
            "last": entries[-1]["text"] if entries else "",
            "decisions": len(entries),
            "finished": ending is not None,
            "ending": ending.title if ending else "",
        }
        self._summaries[player] = (version, summary)
        return summary

    def _person(self, person: str) -> str:
        character = self.story.characters.get(person)
        return character.name if character else person
