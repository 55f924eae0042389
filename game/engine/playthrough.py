"""A Playthrough: one player's way through a Story, as plain data plus a pull API.

In the spirit of ink's runtime, front ends ask and the engine answers: what is
the current step, advance past it, which options are open, choose one, undo.
The engine does no I/O and never imports pygame; the window, the terminal
player, the playtester and the tests all drive it the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..story import model as M
from ..story.expr import Value
from .plan import (
    UNKNOWN_TERM,
    VOTE_STEPS,
    ChapterPlan,
    ChoicePlan,
    EndingPlan,
    Entry,
    Hop,
    RunEffect,
    SceneEnd,
    SetPlan,
    Shown,
    VotePlan,
    plan_for,
)

# The step views live in steps.py (the plan builds them too); they are imported from here.
from .steps import OptionView as OptionView
from .steps import Step as Step
from .steps import Tally as Tally
from .steps import tuple_new as _tuple_new

#: How many decisions back rollback can go.
UNDO_LIMIT = 200
#: Silent instructions (set, if, goto) allowed between two visible beats.
_SILENT_LIMIT = 10_000
_SILENT_STEPS = range(_SILENT_LIMIT)
# The silent instructions, by name: _settle tells them apart at every step.
_Jump, _JumpUnless, _Goto, _SetVars = M.Jump, M.JumpUnless, M.Goto, M.SetVars


class StoryRuntimeError(Exception):
    """The story cannot go on (a writer's bug the checker could not see)."""

    def __init__(self, message: str, loc: M.Loc | None = None) -> None:
        super().__init__(f"{loc}: {message}" if loc else message)
        self.message = message
        self.loc = loc


class NotNow(Exception):
    """A front end asked for something the current step does not allow."""


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

    def copy(self) -> State:
        # Log, snapshots, transcript and terms only ever grow, so an undo point
        # records their lengths instead of copying them (see Playthrough._mark).
        # Field by field rather than through __dict__ or the dataclass __init__: this
        # runs at every decision, and reading __dict__ would turn the attributes of
        # every state into a dictionary, which makes each later access slower
        # (tests/test_engine_plan.py checks that every field is copied).
        new = _new_state(State)
        new.scenario = self.scenario
        new.role = self.role
        new.seed = self.seed
        new.scene = self.scene
        new.pc = self.pc
        new.variables = self.variables.copy()
        new.visits = self.visits.copy()
        new.chapter = self.chapter
        new.log = self.log
        new.snapshots = self.snapshots
        new.transcript = self.transcript
        new.terms = self.terms
        new.ending = self.ending
        new.decisions = self.decisions
        return new

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario, "role": self.role, "seed": self.seed,
            "scene": self.scene, "pc": self.pc, "variables": dict(self.variables),
            "visits": dict(self.visits), "chapter": self.chapter, "log": _json_copy(self.log),
            "snapshots": _json_copy(self.snapshots), "transcript": _json_copy(self.transcript),
            "terms": list(self.terms), "ending": self.ending, "decisions": self.decisions,
        }


_new_state = object.__new__


def _json_copy(value: Any) -> Any:
    """A copy of JSON-shaped data (dicts, lists, scalars): what copy.deepcopy gives, at a fifth of the cost,
    because it needs no memo (the state holds no cycles) and no per-object hooks. The browser server
    saves the whole state at every step (bench/web.py)."""
    if isinstance(value, dict):
        return {k: _json_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_copy(v) for v in value]
    return value


class _UndoPoint:
    """Where undo() goes back to: the state just before a decision, and the lengths
    that the lists which only grow (log, snapshots, transcript, terms) had then.

    Made at every decision, so it keeps the position and copies of the variables and
    visits in its own slots rather than in a State copy (one object instead of two or
    three); a point loaded from a save holds the State made for it. Either way
    ``state`` has the fields saves read and write.
    """

    __slots__ = ("scene", "pc", "variables", "visits", "chapter", "ending", "decisions",
                 "log", "snapshots", "transcript", "terms", "_state")
    scene: str
    pc: int
    variables: dict[str, Value]
    visits: dict[str, int]
    chapter: str | None
    ending: str | None
    decisions: int
    log: int
    snapshots: int
    transcript: int
    terms: int

    def __init__(self, state: State, log: int, snapshots: int, transcript: int, terms: int) -> None:
        self._state: State | None = state
        self.log, self.snapshots, self.transcript, self.terms = log, snapshots, transcript, terms

    @property
    def state(self) -> State | _UndoPoint:
        return self if self._state is None else self._state


_new_point = object.__new__


class Playthrough:
    """One run of a story. Create with :meth:`start`; restore with ``saves``.

    ``current`` is the step the player sees now (read it; only the engine sets it).
    """

    def __init__(self, story: M.Story, state: State) -> None:
        self.story = story
        self.state = state
        self._undo: list[_UndoPoint] = []
        # The step the player sees now: a plain attribute rather than a property,
        # because every front end reads it at every step and a property costs over
        # ten times as much to read (bench/story.py). Set by _settle before any read.
        self.current: Step = None  # type: ignore[assignment]
        # The plan of the current step (None if it has none: the vote's that advance()
        # reads, the choice's that choose() reads, the line's whose branch advance()
        # may take), and how advance() goes on from it without running anything (see
        # plan.Hop).
        self._op: object = None
        self._hop: Hop | None = None
        plan = self._plan = plan_for(story)
        self._ops = plan.ops
        self._meter_names = plan.meter_names
        self._int_ranges = plan.int_ranges
        # The meters' current values, kept up to date as effects run: the decision log
        # copies them at every decision (cheaper than picking them out of the variables).
        self._meters: dict[str, Value] = {}
        self._meters_of: dict[str, Value] | None = None
        self._sync_meters()
        # The glossary ids in state.terms as a set, and as bits of the plan's terms not
        # in it: a step's terms are checked with one AND instead of scanning the list.
        # Only the engine changes state.terms (_note, and undo, which makes these again).
        self._seen: set[str] = set()
        self._unseen = 0
        self._seen_terms()

    # -- starting ------------------------------------------------------------------

    @classmethod
    def start(cls, story: M.Story, scenario: str | None = None, seed: int = 0,
              scene: str | None = None, overrides: Mapping[str, Value] | None = None) -> Playthrough:
        """Begin a scenario (default: the first), applying its preset variables.

        ``scene`` jumps straight to a scene (writers testing their work);
        ``overrides`` then sets variables on top of the scenario's presets.
        """
        if scenario is None:
            scenario = next(iter(story.scenarios))
        if scenario not in story.scenarios:
            raise KeyError(scenario)
        sc = story.scenarios[scenario]
        plan = plan_for(story)
        state = State(sc.id, sc.role, seed, scene or sc.start, 0, plan.initial.copy())
        pt = cls(story, state)
        preset = plan.presets.get(scenario)
        if preset is None:
            pt._apply(sc.preset)
        else:
            pt._run(preset)
        if overrides:
            for name, value in overrides.items():
                state.variables[name] = story.variables[name].clamp(value)
            pt._sync_meters()
        if scene is not None:
            state.chapter = story.scene_chapter.get(scene)
        pt._enter(state.scene)
        pt._settle()
        return pt

    # -- saving and restoring --------------------------------------------------------

    def to_json(self, meta: dict[str, Any] | None = None) -> dict[str, Any]:
        """The whole playthrough as JSON-ready data (format and version inside), undo history included."""
        from .serial import to_json

        return to_json(self, meta)

    @classmethod
    def restore(cls, story: M.Story, data: Any) -> tuple[Playthrough, str]:
        """Rebuild a playthrough from :meth:`to_json`'s data: it and a notice ('' when all went as saved).

        Raises ``SaveError`` for anything that is not a usable save of this story.
        """
        from .serial import from_json

        return from_json(story, data)

    # -- reading -------------------------------------------------------------------

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

    def fork(self) -> Playthrough:
        """An independent copy (for search): same story, copied state, no undo history."""
        s = self.state
        state = State(s.scenario, s.role, s.seed, s.scene, s.pc, dict(s.variables), dict(s.visits), s.chapter,
                      list(s.log), list(s.snapshots), list(s.transcript), list(s.terms), s.ending, s.decisions)
        other = Playthrough(self.story, state)
        other.current = self.current
        other._op = self._op
        other._hop = self._hop
        return other

    # -- acting --------------------------------------------------------------------

    def advance(self) -> None:
        """Go past a line, document, chapter card or vote."""
        hop = self._hop
        if hop is not None:
            # Nothing on the way to the next step depends on the variables (most steps
            # of play): do what _settle would, from the plan.
            s = self.state
            enter = hop.enter
            if enter is not None:
                s.scene = enter
                visits = s.visits
                visits[enter] = visits.get(enter, 0) + 1
            s.pc = hop.pc
            entry = hop.entry
            if entry is not None:  # never the entry just shown (see Plan._hop)
                s.transcript.append(entry)
            mask = hop.mask
            if mask and mask & self._unseen:  # (no AND of long ints for a step without terms)
                self._note(hop.terms, mask)
            self.current = hop.step
            self._op = hop.op
            self._hop = hop.then
            return
        op = self._op
        if type(op) is Shown or type(op) is ChapterPlan:
            branch = op.branch
            if branch is not None:
                hop = branch.yes if branch.test(self.state.variables) else branch.no
                if hop is not None:
                    self._take(hop)
                    return
        step = self.current
        kind = step.kind
        if kind == "line" or kind == "document" or kind == "chapter":
            self._settle(self.state.pc + 1)
            return
        if kind in ("choice", "appointments"):
            raise NotNow(f"a {kind} needs a decision, not advance()")
        if kind == "ending":
            raise NotNow("the story has ended")
        if kind == "vote":
            vote = step.instr
            tally = step.tally
            assert isinstance(vote, M.Vote) and tally is not None
            passed = tally.votes_for > tally.against  # Tally.passed
            self._mark()
            s = self.state
            s.decisions += 1
            # As _log, in one literal (the keys in the same order: saves keep it).
            s.log.append({"kind": "vote", "passed": passed, "for": tally.votes_for, "against": tally.against,
                          "abstain": tally.abstain, "seats": tally.seats, "id": vote.id, "scene": s.scene,
                          "chapter": s.chapter, "n": s.decisions, "meters": self._meter_values()})
            outcome = vote.passed if passed else vote.failed
            plan = self._op
            if type(plan) is VotePlan:
                self._run(plan.passed if passed else plan.failed)
                hop = plan.hops[0 if passed else 1]
                if hop is not None:
                    self._take(hop)
                    return
            else:
                self._apply(outcome.effects)
            self._go(outcome.next)
            self._settle()
        else:
            self._settle(self.state.pc + 1)

    def choose(self, index: int) -> None:
        """Take option ``index`` (an ``OptionView.index``) of the current choice."""
        step = self.current
        if step.kind != "choice":
            raise NotNow("there is no choice to make")
        for open_option in step.options:
            if open_option[0] == index:  # its index (by position: cheaper than by name)
                break
        else:
            raise NotNow(f"option {index} is not open")
        choice: M.Choice = step.instr  # type: ignore[assignment]
        option = choice.options[index]
        s = self.state
        variables = s.variables
        self._mark()
        text = option.text.plain
        if text is None:
            text = option.text.render(variables)
        entry = {"kind": "choice", "text": text, "prompt": step.prompt}
        transcript = s.transcript
        if not transcript or transcript[-1] != entry:  # as _append
            transcript.append(entry)
        # As _log, in one literal (with the keys in the same order: saves keep it).
        s.decisions += 1
        s.log.append({"kind": "choice", "option": index, "text": text, "historical": option.historical,
                      "id": choice.id, "scene": s.scene, "chapter": s.chapter, "n": s.decisions,
                      "meters": self._meters.copy() if self._meters_of is variables else self._meter_values()})
        plan = self._op
        if type(plan) is ChoicePlan:
            effects = plan.effects[index]
            if effects:
                self._run(effects)
            hop = plan.hops[index]
            if hop is not None:
                self._take(hop)
                return
        else:
            self._apply(option.effects)
        if option.next is None:
            self._settle(s.pc + 1)
        else:
            self._enter(option.next)
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
            for cand in post.candidates:  # a loop, not next() over a generator: cheaper
                if cand.person == person:
                    break
            else:
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
        prepared = self._plan.candidates
        for cand in chosen:
            effects = prepared.get(id(cand))
            if effects is None:
                self._apply(cand.effects)
            else:
                self._run(effects)
        self._settle(self.state.pc + 1)

    def undo(self) -> bool:
        """Step back to just before the previous decision. False if there is none."""
        if not self._undo:
            return False
        point = self._undo.pop()
        kept = point._state
        if kept is None:
            # Every state of a playthrough shares its scenario, role, seed and lists.
            now = self.state
            state = State(now.scenario, now.role, now.seed, point.scene, point.pc, point.variables, point.visits,
                          point.chapter, now.log, now.snapshots, now.transcript, now.terms, point.ending,
                          point.decisions)
        else:
            state = kept
        del state.log[point.log:]
        del state.snapshots[point.snapshots:]
        del state.transcript[point.transcript:]
        del state.terms[point.terms:]
        self.state = state
        self._seen_terms()
        self._sync_meters()
        self._settle()
        return True

    # -- internals -----------------------------------------------------------------

    def _mark(self) -> None:
        s = self.state
        point = _new_point(_UndoPoint)
        point._state = None
        point.scene = s.scene
        point.pc = s.pc
        point.variables = s.variables.copy()
        point.visits = s.visits.copy()
        point.chapter = s.chapter
        point.ending = s.ending
        point.decisions = s.decisions
        point.log = len(s.log)
        point.snapshots = len(s.snapshots)
        point.transcript = len(s.transcript)
        point.terms = len(s.terms)
        undo = self._undo
        undo.append(point)
        if len(undo) > UNDO_LIMIT:
            del undo[0]

    def _log(self, instr: M.Choice | M.Vote | M.Appointments, entry: dict[str, Any]) -> None:
        s = self.state
        s.decisions += 1
        entry["id"] = instr.id
        entry["scene"] = s.scene
        entry["chapter"] = s.chapter
        entry["n"] = s.decisions
        entry["meters"] = self._meter_values()
        s.log.append(entry)

    def _sync_meters(self) -> None:
        """Make _meters from the variables (after the state or its variables changed
        other than through _apply and _run)."""
        variables = self._meters_of = self.state.variables
        self._meters = {name: variables[name] for name in self._meter_names}

    def _meter_values(self) -> dict[str, Value]:
        """The meters now, as the decision log records them: ``{name: value}``."""
        if self._meters_of is not self.state.variables:
            self._sync_meters()
        return self._meters.copy()

    def _apply(self, effects: Iterable[M.Effect]) -> None:
        self._apply_effects(effects)
        self._sync_meters()

    def _apply_effects(self, effects: Iterable[M.Effect]) -> None:
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

    def _run(self, effects: tuple[RunEffect, ...]) -> None:
        """_apply for effects prepared by the plan."""
        env = self.state.variables
        meters = self._meters
        for name, evaluate, value, add, low, high, meter in effects:
            if evaluate is not None:
                value = evaluate(env)
            if add:
                value = env[name] + value  # type: ignore[operator]
            if low is not None and value < low:  # type: ignore[operator]
                value = low
            elif high is not None and value > high:  # type: ignore[operator]
                value = high
            env[name] = value
            if meter:
                meters[name] = value

    def _take(self, hop: Hop) -> None:
        """Go where ``hop`` leads, as _settle would (advance() does the same inline)."""
        s = self.state
        enter = hop.enter
        if enter is not None:
            s.scene = enter
            visits = s.visits
            visits[enter] = visits.get(enter, 0) + 1
        s.pc = hop.pc
        entry = hop.entry
        if entry is not None:
            s.transcript.append(entry)
        mask = hop.mask
        if mask and mask & self._unseen:
            self._note(hop.terms, mask)
        self.current = hop.step
        self._op = hop.op
        self._hop = hop.then

    def _go(self, scene: str | None) -> None:
        if scene is None:
            self.state.pc += 1
        else:
            self._enter(scene)

    def _enter(self, scene: str) -> None:
        if scene not in self._ops:  # the story's scenes, in a plain dict
            raise StoryRuntimeError(f"unknown scene '{scene}'")
        s = self.state
        s.scene = scene
        s.pc = 0
        s.visits[scene] = s.visits.get(scene, 0) + 1

    def _snapshot_chapter(self) -> None:
        s = self.state
        chapter = s.chapter
        if chapter is None:
            return
        for x in s.snapshots:
            if x["chapter"] == chapter:
                return
        s.snapshots.append({"chapter": chapter, "meters": self.meters()})

    def _record(self, kind: str, **fields: Any) -> None:
        self._append({"kind": kind, **fields})

    def _append(self, entry: dict[str, Any]) -> None:
        """Add to the transcript, once: a step rebuilt after undo or load is not shown twice."""
        transcript = self.state.transcript
        if not transcript or transcript[-1] != entry:
            transcript.append(entry)

    def _note_terms(self, text: M.Text | None) -> None:
        if text is not None and text.terms:
            self._note(text.terms, self._plan.mask(text.terms))

    def _seen_terms(self) -> None:
        """Make the set and bits of the terms seen from state.terms."""
        listed = self.state.terms
        self._seen = set(listed)
        self._unseen = self._plan.all_terms & ~self._plan.mask(tuple(listed), add=False) | UNKNOWN_TERM

    def _note(self, terms: tuple[str, ...], mask: int) -> None:
        """Add the glossary ids not seen yet to state.terms, in order (``mask``: their bits)."""
        listed = self.state.terms
        seen = self._seen
        for term in terms:
            if term not in seen:
                seen.add(term)
                listed.append(term)
        self._unseen &= ~mask | UNKNOWN_TERM

    def _settle(self, pc: int = -1) -> None:
        """Run silent instructions until a visible one, and build the Step for it.

        From ``pc`` in the current scene if given, else from ``state.pc``. The
        position is written to the state before anything that reads it or can fail,
        so that an error leaves the state where it happened.
        """
        s = self.state
        env = s.variables
        all_ops = self._ops
        # The plan's objects are told apart by their class (cheaper than isinstance).
        ops: tuple[Any, ...] = all_ops[s.scene]
        if pc < 0:
            pc = s.pc
        self._op = self._hop = None  # until the new step is made
        for _ in _SILENT_STEPS:
            try:
                op = ops[pc]
            except IndexError:  # past the end, as at the end
                op = ops[-1]
            cls = type(op)
            if cls is Shown:
                # A line without slots, a document or a board: ready in the plan.
                s.pc = pc
                entry = op.entry
                if entry is not None:
                    transcript = s.transcript
                    if not transcript or transcript[-1] != entry:  # as _append
                        transcript.append(entry)
                mask = op.mask
                if mask and mask & self._unseen:
                    self._note(op.terms, mask)
                self.current = op.step
                self._op = op
                self._hop = op.hop
                return
            if cls is _Jump:
                pc = op.target
            elif cls is _JumpUnless:
                pc = pc + 1 if op.condition.evaluate(env) else op.target
            elif cls is SceneEnd:
                s.pc = pc
                scene = op.scene
                if scene.next is None:
                    raise StoryRuntimeError(f"scene '{scene.id}' ends without an ending or next:", scene.loc)
                self._enter(scene.next)
                ops = all_ops[s.scene]
                pc = 0
            elif cls is ChoicePlan:
                s.pc = pc
                self.current = self._choice_step(op)
                self._op = op
                return
            elif cls is SetPlan:
                self._run(op.effects)
                pc += 1
            else:
                s.pc = pc
                if cls is _Goto:
                    self._enter(op.scene)
                    ops = all_ops[s.scene]
                    pc = 0
                elif cls is _SetVars:  # not prepared (see plan.Plan)
                    self._apply(op.effects)
                    pc += 1
                elif cls is ChapterPlan:
                    step = self.current = self._chapter_step(op)
                    if step is op.step:
                        self._op = op
                        self._hop = op.hop
                    return
                elif cls is VotePlan:
                    self.current = self._vote_step(op)
                    self._op = op
                    return
                elif cls is EndingPlan:
                    self.current = self._ending_step(op)
                    return
                else:
                    self.current = self._build_step(self.story.scenes[s.scene], op)
                    return
        s.pc = pc
        raise StoryRuntimeError("the story goes round in circles without showing anything",
                                self.story.scenes[s.scene].loc)

    def _choice_step(self, plan: ChoicePlan) -> Step:
        """A choice's step from its plan (as _build_step makes it)."""
        step = plan.step
        if step is None:
            env = self.state.variables
            opened: list[OptionView] = []
            for i, o, view, condition in plan.options:  # a loop, not a generator: this runs at every choice
                if condition is None or condition(env):
                    opened.append(view if view is not None else
                                  _tuple_new(OptionView, (i, o.text.render(env), o.historical)))
            options = tuple(opened)
            choice = plan.choice
            if not options:
                raise StoryRuntimeError(f"no option of choice '{choice.id}' is open", choice.loc)
            prompt = choice.prompt.render(env) if choice.prompt else ""
            scene = self.story.scenes[self.state.scene]
            step = _tuple_new(Step, ("choice", scene, choice, "", None, None, prompt, options, None, "", "", None,
                                     None))
        if plan.mask & self._unseen:
            self._note(plan.terms, plan.mask)
        return step

    def _chapter_step(self, plan: ChapterPlan) -> Step:
        """A chapter card from its plan (as _build_step makes it)."""
        s = self.state
        only = self._plan.only_chapter[s.scenario]
        if only is not None and plan.chapter != only and s.chapter == only:
            step = plan.step
            return self._end(step.scene, step.instr, M.CHAPTER_END + only)
        if plan.chapter != s.chapter:
            self._snapshot_chapter()
            s.chapter = plan.chapter
        self._append(plan.entry)
        return plan.step

    def _vote_step(self, plan: VotePlan) -> Step:
        """A vote from its plan (as _build_step makes it): the same tally makes the same step."""
        vote = plan.vote
        env = self.state.variables
        seats = vote.seats
        votes_for = _clamp_int(vote.votes_for.evaluate(env), 0, seats)
        abstain = _clamp_int(vote.abstain.evaluate(env), 0, seats - votes_for) if vote.abstain else 0
        motion = vote.motion.render(env)
        key = (votes_for, abstain, motion)
        made = plan.made.get(key)
        if made is None:
            tally = Tally(votes_for, seats - votes_for - abstain, abstain, seats)
            scene = self.story.scenes[self.state.scene]
            made = (Step("vote", scene, vote, text=motion, prompt=vote.body, tally=tally, date=vote.date),
                    Entry({"kind": "vote", "text": motion, "body": vote.body, "for": votes_for,
                           "against": tally.against, "abstain": abstain, "passed": tally.passed}))
            if len(plan.made) < VOTE_STEPS:
                plan.made[key] = made
        if plan.mask and plan.mask & self._unseen:
            self._note(vote.motion.terms, plan.mask)
        self._append(made[1])
        return made[0]

    def _ending_step(self, plan: EndingPlan) -> Step:
        """An ending beat from its plan (as _end makes it)."""
        s = self.state
        if s.ending is None:
            self._snapshot_chapter()
            s.ending = plan.ending
            self._append(plan.entry)
        return plan.step

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
