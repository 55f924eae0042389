"""A Playthrough: one player's way through a Story, as plain data plus a pull API.

In the spirit of ink's runtime, front ends ask and the engine answers: what is
the current step, advance past it, which options are open, choose one, undo.
The engine does no I/O and never imports pygame; the window, the terminal
player, the playtester and the tests all drive it the same way.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, NamedTuple

from ..story import model as M
from ..story.expr import Value

#: How many decisions back rollback can go.
UNDO_LIMIT = 200
#: Silent instructions (set, if, goto) allowed between two visible beats.
_SILENT_LIMIT = 10_000


class StoryRuntimeError(Exception):
    """The story cannot go on (a writer's bug the checker could not see)."""

    def __init__(self, message: str, loc: M.Loc | None = None) -> None:
        super().__init__(f"{loc}: {message}" if loc else message)
        self.message = message
        self.loc = loc


class NotNow(Exception):
    """A front end asked for something the current step does not allow."""


class OptionView(NamedTuple):
    """An option as the player sees it. ``index`` is what ``choose`` takes. Immutable."""

    index: int
    text: str
    historical: bool


@dataclass(frozen=True, slots=True)
class Tally:
    votes_for: int
    against: int
    abstain: int
    seats: int

    @property
    def passed(self) -> bool:
        return self.votes_for > self.against


class Step(NamedTuple):
    """What the player sees now. ``kind`` is one of: line, document, choice,
    chapter, vote, appointments, ending.

    Immutable. A named tuple rather than a frozen dataclass because one is built at
    every step of play, and a frozen dataclass costs four times as much to build
    (bench/ measures playthroughs per second).
    """

    kind: str
    scene: M.Scene
    instr: M.Instr
    text: str = ""
    speaker: M.Character | None = None
    document: M.Document | None = None
    prompt: str = ""
    options: tuple[OptionView, ...] = ()
    chapter: M.Chapter | None = None
    date: str = ""
    place: str = ""
    tally: Tally | None = None
    ending: M.Ending | None = None

    @property
    def needs_decision(self) -> bool:
        return self.kind in ("choice", "appointments")


@dataclass
class State:
    """Everything that changes during play. Plain data: it is what saves hold."""

    scenario: str
    role: str
    seed: int
    scene: str
    pc: int
    variables: dict[str, Value]
    visits: dict[str, int] = field(default_factory=dict)
    chapter: str | None = None
    log: list[dict[str, Any]] = field(default_factory=list)
    snapshots: list[dict[str, Any]] = field(default_factory=list)
    transcript: list[dict[str, Any]] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    ending: str | None = None
    decisions: int = 0

    def copy(self) -> "State":
        # Log, snapshots, transcript and terms only ever grow, so an undo point
        # records their lengths instead of copying them (see Playthrough._mark).
        # Copying __dict__ is several times cheaper than calling the dataclass __init__,
        # and this runs at every decision.
        new = object.__new__(State)
        new.__dict__.update(self.__dict__)
        new.variables = dict(self.variables)
        new.visits = dict(self.visits)
        return new

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario, "role": self.role, "seed": self.seed,
            "scene": self.scene, "pc": self.pc, "variables": dict(self.variables),
            "visits": dict(self.visits), "chapter": self.chapter, "log": copy.deepcopy(self.log),
            "snapshots": copy.deepcopy(self.snapshots), "transcript": copy.deepcopy(self.transcript),
            "terms": list(self.terms), "ending": self.ending, "decisions": self.decisions,
        }


class _UndoPoint(NamedTuple):
    state: State
    log: int
    snapshots: int
    transcript: int
    terms: int


#: Builds a named tuple from a tuple without the Python-level ``__new__``: for the
#: objects made at every step of play (measured in bench/).
_tuple_new = tuple.__new__


class Playthrough:
    """One run of a story. Create with :meth:`start`; restore with ``saves``."""

    def __init__(self, story: M.Story, state: State) -> None:
        self.story = story
        self.state = state
        self._undo: list[_UndoPoint] = []
        self._step: Step | None = None
        self._meter_names = tuple(v.name for v in story.meters())  # read at every decision
        self._int_ranges = {name: (v.minimum, v.maximum) for name, v in story.variables.items()
                            if v.type.kind == "int"}

    # -- starting ------------------------------------------------------------------

    @classmethod
    def start(cls, story: M.Story, scenario: str | None = None, seed: int = 0,
              scene: str | None = None, overrides: Mapping[str, Value] | None = None) -> "Playthrough":
        """Begin a scenario (default: the first), applying its preset variables.

        ``scene`` jumps straight to a scene (writers testing their work);
        ``overrides`` then sets variables on top of the scenario's presets.
        """
        if scenario is None:
            scenario = next(iter(story.scenarios))
        if scenario not in story.scenarios:
            raise KeyError(scenario)
        sc = story.scenarios[scenario]
        variables = {name: var.initial for name, var in story.variables.items()}
        state = State(sc.id, sc.role, seed, scene or sc.start, 0, variables)
        pt = cls(story, state)
        pt._apply(sc.preset)
        for name, value in (overrides or {}).items():
            state.variables[name] = story.variables[name].clamp(value)
        if scene is not None:
            state.chapter = story.scene_chapter.get(scene)
        pt._enter(state.scene)
        pt._settle()
        return pt

    # -- reading -------------------------------------------------------------------

    @property
    def current(self) -> Step:
        """The step the player sees now."""
        assert self._step is not None
        return self._step

    @property
    def finished(self) -> bool:
        return self.state.ending is not None

    @property
    def variables(self) -> Mapping[str, Value]:
        return self.state.variables

    def meters(self) -> dict[str, int]:
        variables = self.state.variables
        return {name: int(variables[name]) for name in self._meter_names}

    @property
    def chapter(self) -> M.Chapter | None:
        return self.story.chapter(self.state.chapter)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def undo_depth(self) -> int:
        return len(self._undo)

    def fork(self) -> "Playthrough":
        """An independent copy (for search): same story, copied state, no undo history."""
        s = self.state
        state = State(s.scenario, s.role, s.seed, s.scene, s.pc, dict(s.variables), dict(s.visits), s.chapter,
                      list(s.log), list(s.snapshots), list(s.transcript), list(s.terms), s.ending, s.decisions)
        other = Playthrough(self.story, state)
        other._step = self._step
        return other

    # -- acting --------------------------------------------------------------------

    def advance(self) -> None:
        """Go past a line, document, chapter card or vote."""
        step = self.current
        if step.kind in ("choice", "appointments"):
            raise NotNow(f"a {step.kind} needs a decision, not advance()")
        if step.kind == "ending":
            raise NotNow("the story has ended")
        instr = step.instr
        if isinstance(instr, M.Vote):
            assert step.tally is not None
            self._mark()
            outcome = instr.passed if step.tally.passed else instr.failed
            self._log(instr, {
                "kind": "vote", "passed": step.tally.passed, "for": step.tally.votes_for,
                "against": step.tally.against, "abstain": step.tally.abstain, "seats": step.tally.seats,
            })
            self._apply(outcome.effects)
            self._go(outcome.next)
        else:
            self.state.pc += 1
        self._settle()

    def choose(self, index: int) -> None:
        """Take option ``index`` (an ``OptionView.index``) of the current choice."""
        step = self._step
        assert step is not None
        if step.kind != "choice":
            raise NotNow("there is no choice to make")
        for open_option in step.options:
            if open_option.index == index:
                break
        else:
            raise NotNow(f"option {index} is not open")
        instr = step.instr
        assert isinstance(instr, M.Choice)
        option = instr.options[index]
        self._mark()
        text = option.text.render(self.state.variables)
        self._append({"kind": "choice", "text": text, "prompt": step.prompt})
        self._log(instr, {"kind": "choice", "option": index, "text": text, "historical": option.historical})
        self._apply(option.effects)
        self._go(option.next)
        self._settle()

    def appoint(self, assignment: Mapping[str, str]) -> None:
        """Fill every post of the current board: ``{post id: person id}``."""
        step = self.current
        if step.kind != "appointments":
            raise NotNow("there is no appointments board")
        board = step.instr
        assert isinstance(board, M.Appointments)
        chosen: list[M.Candidate] = []
        people: set[str] = set()
        for post in board.posts:
            person = assignment.get(post.id)
            cand = next((c for c in post.candidates if c.person == person), None)
            if cand is None:
                raise NotNow(f"post '{post.id}' needs one of its candidates")
            if person in people:
                raise NotNow(f"'{person}' cannot fill two posts")
            people.add(person)
            chosen.append(cand)
        self._mark()
        self._log(board, {
            "kind": "appointments",
            "posts": {p.id: c.person for p, c in zip(board.posts, chosen)},
            "historical": {p.id: c.historical for p, c in zip(board.posts, chosen)},
        })
        for cand in chosen:
            self._apply(cand.effects)
        self.state.pc += 1
        self._settle()

    def undo(self) -> bool:
        """Step back to just before the previous decision. False if there is none."""
        if not self._undo:
            return False
        point = self._undo.pop()
        state = point.state
        del state.log[point.log:]
        del state.snapshots[point.snapshots:]
        del state.transcript[point.transcript:]
        del state.terms[point.terms:]
        self.state = state
        self._settle()
        return True

    # -- internals -----------------------------------------------------------------

    def _mark(self) -> None:
        s = self.state
        self._undo.append(_tuple_new(_UndoPoint, (s.copy(), len(s.log), len(s.snapshots), len(s.transcript),
                                                  len(s.terms))))
        if len(self._undo) > UNDO_LIMIT:
            del self._undo[0]

    def _log(self, instr: M.Choice | M.Vote | M.Appointments, entry: dict[str, Any]) -> None:
        s = self.state
        s.decisions += 1
        entry["id"] = instr.id
        entry["scene"] = s.scene
        entry["chapter"] = s.chapter
        entry["n"] = s.decisions
        variables = s.variables
        entry["meters"] = {name: variables[name] for name in self._meter_names}
        s.log.append(entry)

    def _apply(self, effects: Iterable[M.Effect]) -> None:
        env = self.state.variables
        ranges = self._int_ranges
        for eff in effects:
            name = eff.variable
            value = eff.expr.evaluate(env)
            if eff.mode == "add":
                value = env[name] + value  # type: ignore[operator]
            bounds = ranges.get(name)
            if bounds is not None:  # Variable.clamp, inlined: this runs for every effect
                low, high = bounds
                if low is not None and value < low:  # type: ignore[operator]
                    value = low
                elif high is not None and value > high:  # type: ignore[operator]
                    value = high
            env[name] = value

    def _go(self, scene: str | None) -> None:
        if scene is None:
            self.state.pc += 1
        else:
            self._enter(scene)

    def _enter(self, scene: str) -> None:
        if scene not in self.story.scenes:
            raise StoryRuntimeError(f"unknown scene '{scene}'")
        s = self.state
        s.scene = scene
        s.pc = 0
        s.visits[scene] = s.visits.get(scene, 0) + 1

    def _snapshot_chapter(self) -> None:
        s = self.state
        if s.chapter is not None and not any(x["chapter"] == s.chapter for x in s.snapshots):
            s.snapshots.append({"chapter": s.chapter, "meters": self.meters()})

    def _record(self, kind: str, **fields: Any) -> None:
        self._append({"kind": kind, **fields})

    def _append(self, entry: dict[str, Any]) -> None:
        """Add to the transcript, once: a step rebuilt after undo or load is not shown twice."""
        transcript = self.state.transcript
        if not transcript or transcript[-1] != entry:
            transcript.append(entry)

    def _note_terms(self, text: M.Text | None) -> None:
        if text is not None and text.terms:
            for term in text.terms:
                if term not in self.state.terms:
                    self.state.terms.append(term)

    def _settle(self) -> None:
        """Run silent instructions until a visible one, and build the Step for it."""
        s = self.state
        story = self.story
        for _ in range(_SILENT_LIMIT):
            scene = story.scenes[s.scene]
            code = scene.code
            if s.pc >= len(code):
                if scene.next is None:
                    raise StoryRuntimeError(f"scene '{scene.id}' ends without an ending or next:", scene.loc)
                self._enter(scene.next)
                continue
            instr = code[s.pc]
            kind = type(instr)
            if kind is M.SetVars:
                self._apply(instr.effects)  # type: ignore[union-attr]
                s.pc += 1
            elif kind is M.JumpUnless:
                s.pc = s.pc + 1 if instr.condition.evaluate(s.variables) else instr.target  # type: ignore[union-attr]
            elif kind is M.Jump:
                s.pc = instr.target  # type: ignore[union-attr]
            elif kind is M.Goto:
                self._enter(instr.scene)  # type: ignore[union-attr]
            else:
                self._step = self._build_step(scene, instr)
                return
        raise StoryRuntimeError("the story goes round in circles without showing anything",
                                story.scenes[s.scene].loc)

    def _build_step(self, scene: M.Scene, instr: M.Instr) -> Step:
        s = self.state
        env = s.variables
        story = self.story
        if isinstance(instr, M.Line):
            text = instr.text.render(env)
            speaker = story.characters.get(instr.speaker) if instr.speaker else None
            if instr.text.terms:
                self._note_terms(instr.text)
            self._append({"kind": "line", "speaker": instr.speaker, "text": text})
            # Positional, without Step's Python-level __new__: lines are most steps of play.
            return _tuple_new(Step, ("line", scene, instr, text, speaker, None, "", (), None, "", "", None, None))
        if isinstance(instr, M.ShowDocument):
            doc = story.documents[instr.document]
            self._record("document", document=doc.id, text=doc.title)
            return Step("document", scene, instr, text=doc.text, document=doc)
        if isinstance(instr, M.Choice):
            opened: list[OptionView] = []
            for i, o in enumerate(instr.options):  # a loop, not a generator: this runs at every choice
                if o.condition is None or o.condition.evaluate(env):
                    opened.append(_tuple_new(OptionView, (i, o.text.render(env), o.historical)))
            options = tuple(opened)
            if not options:
                raise StoryRuntimeError(f"no option of choice '{instr.id}' is open", instr.loc)
            prompt = instr.prompt.render(env) if instr.prompt else ""
            self._note_terms(instr.prompt)
            for o in instr.options:
                if o.text.terms:
                    self._note_terms(o.text)
            return _tuple_new(Step, ("choice", scene, instr, "", None, None, prompt, options, None, "", "", None, None))
        if isinstance(instr, M.ChapterCard):
            only = story.scenarios[s.scenario].chapter
            if only is not None and instr.chapter != only and s.chapter == only:
                return self._end(scene, instr, M.CHAPTER_END + only)
            if instr.chapter != s.chapter:
                self._snapshot_chapter()
                s.chapter = instr.chapter
            chapter = story.chapter(instr.chapter)
            date = instr.date or scene.date
            place = instr.place or scene.place
            self._record("chapter", chapter=instr.chapter, text=chapter.title if chapter else "", date=date,
                         place=place)
            return Step("chapter", scene, instr, chapter=chapter, date=date, place=place)
        if isinstance(instr, M.Vote):
            seats = instr.seats
            votes_for = _clamp_int(instr.votes_for.evaluate(env), 0, seats)
            abstain = _clamp_int(instr.abstain.evaluate(env), 0, seats - votes_for) if instr.abstain else 0
            tally = Tally(votes_for, seats - votes_for - abstain, abstain, seats)
            motion = instr.motion.render(env)
            self._note_terms(instr.motion)
            self._record("vote", text=motion, body=instr.body, **{"for": votes_for}, against=tally.against,
                         abstain=abstain, passed=tally.passed)
            return Step("vote", scene, instr, text=motion, prompt=instr.body, tally=tally, date=instr.date)
        if isinstance(instr, M.Appointments):
            prompt = instr.prompt.render(env)
            self._note_terms(instr.prompt)
            return Step("appointments", scene, instr, prompt=prompt)
        if isinstance(instr, M.EndingBeat):
            return self._end(scene, instr, instr.ending)
        raise StoryRuntimeError(f"unknown instruction {instr!r}")  # pragma: no cover


    def _end(self, scene: M.Scene, instr: M.Instr, ending_id: str) -> Step:
        s = self.state
        ending = self.story.ending(ending_id)
        assert ending is not None
        if s.ending is None:
            self._snapshot_chapter()
            s.ending = ending_id
            self._record("ending", ending=ending_id, text=ending.title)
        return Step("ending", scene, instr, ending=ending)


def _clamp_int(value: Value, low: int, high: int) -> int:
    return max(low, min(high, int(value)))
