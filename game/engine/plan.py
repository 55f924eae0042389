"""A story prepared for play: what the engine would otherwise work out at every step.

Most of what a step shows does not depend on the variables: a line without
``{slots}`` always shows the same text, speaker and transcript entry, a chapter card
the same card. The plan works those out once per story, so that playing a step is
mostly reading them (bench/story.py measures random playthroughs per second). It is
derived data only and never changes what a step, the transcript, the decision log
or a save holds: tests/test_engine_plan.py plays every story both ways and compares.

The plan objects use ``__slots__`` rather than named tuples because CPython 3.11
reads slots quickly but looks up a named tuple's fields the slow, generic way.
"""

from __future__ import annotations

import copy
import weakref
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

from ..story import model as M
from ..story.expr import Env, Value
from .steps import OptionView, Step, tuple_new

Evaluator = Callable[[Env], Value]
#: An effect ready to run: variable; expression, or None when it is a constant; the
#: constant; whether it adds; the variable's lowest and highest value (None: no bound,
#: or not an int); whether the variable is a meter (see Playthrough._meters).
RunEffect = tuple[str, Evaluator | None, Value, bool, int | None, int | None, bool]
Ranges = Mapping[str, tuple[int | None, int | None]]


class Entry(dict[str, Any]):
    """A transcript entry made by the plan and shared by every playthrough of the
    story: an ordinary dict for reading, JSON and comparing, that refuses changes so
    that no front end can change what other playthroughs show. Copies of it (``dict()``,
    ``copy.copy``, ``copy.deepcopy``, as State.to_dict makes) are plain dicts."""

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("transcript entries are shared between playthroughs; change a copy (dict(entry))")

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _refuse

    def __copy__(self) -> dict[str, Any]:
        return dict(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        return copy.deepcopy(dict(self), memo)

    def __reduce__(self) -> tuple[type, tuple[dict[str, Any]]]:
        return dict, (dict(self),)


class Shown:
    """A visible instruction whose step and transcript entry never vary: a line
    without slots, a document, an appointments board (which adds no entry)."""

    __slots__ = ("step", "entry", "terms", "mask", "hop", "branch")

    def __init__(self, step: Step, entry: dict[str, Any] | None, terms: tuple[str, ...]) -> None:
        self.step = step
        self.entry = Entry(entry) if entry is not None else None  # shared (see Entry)
        self.terms = terms
        self.mask = 0  # the terms as bits (Plan.term_bits)
        #: How advance() goes on from this step without running anything (see Hop),
        #: or else after testing one condition (see Branch).
        self.hop: Hop | None = None
        self.branch: Branch | None = None


class Branch:
    """Where advancing leads when the way holds one ``if`` and nothing else that varies:
    the hop taken when its condition holds, and the one taken when it does not (None:
    that way is worked out by _settle). Evaluating a condition changes nothing, so it
    can be tested before entering a scene on the way, as the hops then do."""

    __slots__ = ("test", "yes", "no")

    def __init__(self, test: Evaluator, yes: Hop | None, no: Hop | None) -> None:
        self.test = test
        self.yes = yes
        self.no = no


class Hop:
    """Where advancing from a line, document or chapter card (or taking an option, or a
    vote's outcome) leads when nothing on the way depends on the variables: straight
    on, through plain jumps, or into the next scene; to a line or document, a board, or
    a choice with nothing guarded.

    It holds what the step it leads to shows (copied, so that advance() reads one kind
    of object). A hop is made only where following it does exactly what _settle does.
    """

    __slots__ = ("enter", "pc", "op", "step", "entry", "terms", "mask", "then")

    def __init__(self, enter: str | None, pc: int, op: Shown | ChoicePlan) -> None:
        self.enter = enter  # the scene entered on the way (its visits go up), if any
        self.pc = pc
        self.op = op
        step = op.step
        assert step is not None
        self.step: Step = step
        self.entry = op.entry if isinstance(op, Shown) else None
        self.terms = op.terms
        self.mask = op.mask
        self.then: Hop | None = None  # the hop from the step it leads to (linked by Plan)


class ChoicePlan:
    """A choice: each option's view (when its text has no slots), condition and
    effects, and the whole step when nothing in it can vary."""

    __slots__ = ("choice", "options", "terms", "mask", "step", "effects", "hops")

    def __init__(self, choice: M.Choice, ranges: Ranges, meters: frozenset[str], scene: M.Scene) -> None:
        self.choice = choice
        self.options: tuple[tuple[int, M.Option, OptionView | None, Evaluator | None], ...] = tuple(
            (i, o, tuple_new(OptionView, (i, o.text.plain, o.historical)) if o.text.plain is not None else None,
             o.condition.evaluate if o.condition is not None else None)
            for i, o in enumerate(choice.options))
        # The prompt's terms, then every option's (shown or not), in order, as
        # _build_step notes them.
        self.terms: tuple[str, ...] = (choice.prompt.terms if choice.prompt else ()) + tuple(
            t for o in choice.options for t in o.text.terms)
        self.mask = 0
        self.effects: tuple[tuple[RunEffect, ...], ...] = tuple(
            run_effects(o.effects, ranges, meters) for o in choice.options)
        #: Where each option leads when nothing on the way varies (made by Plan).
        self.hops: tuple[Hop | None, ...] = ()
        self.step: Step | None = None
        prompt = choice.prompt.plain if choice.prompt else ""
        views = tuple(view for _i, _o, view, cond in self.options if view is not None and cond is None)
        if views and prompt is not None and len(views) == len(self.options):
            self.step = tuple_new(Step, ("choice", scene, choice, "", None, None, prompt, views, None, "", "", None,
                                         None))


class ChapterPlan:
    """A chapter card: its step and entry never vary, but it may end a one-chapter
    scenario, and it closes the chapter before it."""

    __slots__ = ("step", "entry", "chapter", "hop", "branch")

    def __init__(self, story: M.Story, scene: M.Scene, card: M.ChapterCard) -> None:
        chapter = story.chapter(card.chapter)
        date = card.date or scene.date
        place = card.place or scene.place
        self.step = Step("chapter", scene, card, chapter=chapter, date=date, place=place)
        self.entry = Entry({"kind": "chapter", "chapter": card.chapter, "text": chapter.title if chapter else "",
                            "date": date, "place": place})
        self.chapter = card.chapter
        self.hop: Hop | None = None
        self.branch: Branch | None = None


class EndingPlan:
    __slots__ = ("step", "entry", "ending")

    def __init__(self, scene: M.Scene, beat: M.EndingBeat, ending: M.Ending) -> None:
        self.step = Step("ending", scene, beat, ending=ending)
        self.entry = Entry({"kind": "ending", "ending": beat.ending, "text": ending.title})
        self.ending = beat.ending


#: Tallies remembered per vote (each a few hundred bytes; a story's votes see few).
VOTE_STEPS = 512


class VotePlan:
    """A vote: its step depends on the tally, so the steps made are kept by tally."""

    __slots__ = ("vote", "made", "passed", "failed", "hops", "mask")

    def __init__(self, vote: M.Vote, ranges: Ranges, meters: frozenset[str]) -> None:
        self.vote = vote
        self.made: dict[tuple[int, int, str], tuple[Step, Entry]] = {}
        self.passed = run_effects(vote.passed.effects, ranges, meters)
        self.failed = run_effects(vote.failed.effects, ranges, meters)
        self.hops: tuple[Hop | None, Hop | None] = (None, None)  # passed, failed (made by Plan)
        self.mask = 0  # the motion's terms as bits


class SetPlan:
    __slots__ = ("effects",)

    def __init__(self, effects: tuple[RunEffect, ...]) -> None:
        self.effects = effects


class SceneEnd:
    """Past a scene's last instruction: go on to its ``next:`` scene."""

    __slots__ = ("scene",)

    def __init__(self, scene: M.Scene) -> None:
        self.scene = scene


#: What the plan holds at each position: the instruction itself when it is worked
#: out at every visit (jumps, gotos, lines with slots).
Op = Shown | ChoicePlan | ChapterPlan | EndingPlan | VotePlan | SetPlan | SceneEnd | M.Instr


def run_effects(effects: tuple[M.Effect, ...], ranges: Ranges, meters: frozenset[str]) -> tuple[RunEffect, ...]:
    out: list[RunEffect] = []
    for eff in effects:
        low, high = ranges.get(eff.variable, (None, None))
        tree = eff.expr.tree
        evaluate: Evaluator | None = eff.expr.evaluate
        constant: Value = 0
        # Most effects are constants ("+1", "true"): no call to evaluate them.
        if tree.op in ("num", "bool", "str") and tree.value is not None:
            evaluate, constant = None, tree.value
        elif tree.op == "neg" and tree.left is not None and tree.left.op == "num" \
                and isinstance(tree.left.value, int):
            evaluate, constant = None, -tree.left.value
        out.append((eff.variable, evaluate, constant, eff.mode == "add", low, high, eff.variable in meters))
    return tuple(out)


#: The bit every "unseen terms" mask keeps set: terms the plan did not number.
UNKNOWN_TERM = 1


class Plan:
    """Per-story data the engine reads at every step, worked out once.

    ``prepared=False`` leaves every instruction as it is, so that the engine works
    each step out from the instructions alone (what the tests compare the plan with).
    """

    def __init__(self, story: M.Story, prepared: bool = True) -> None:
        self.meter_names = tuple(v.name for v in story.meters())
        self.int_ranges: dict[str, tuple[int | None, int | None]] = {
            name: (v.minimum, v.maximum) for name, v in story.variables.items() if v.type.kind == "int"}
        self.initial = {name: var.initial for name, var in story.variables.items()}
        meters = frozenset(self.meter_names)
        #: By scene id: the plan of each instruction, then the scene's end.
        self.ops: dict[str, tuple[Op, ...]] = {
            key: tuple(_prepare(story, scene, instr, self.int_ranges, meters) if prepared else instr
                       for instr in scene.code) + (SceneEnd(scene),)
            for key, scene in story.scenes.items()}
        #: Each scenario's preset effects, and the one chapter it is limited to (if any).
        self.presets: dict[str, tuple[RunEffect, ...]] = {
            key: run_effects(sc.preset, self.int_ranges, meters) for key, sc in story.scenarios.items()} \
            if prepared else {}
        self.only_chapter = {key: sc.chapter for key, sc in story.scenarios.items()}
        #: Each appointments candidate's effects, by id() of the candidate (the story
        #: keeps every candidate alive as long as the plan).
        self.candidates: dict[int, tuple[RunEffect, ...]] = {}
        for ops in self.ops.values():
            for op in ops:
                if isinstance(op, Shown) and isinstance(op.step.instr, M.Appointments):
                    for post in op.step.instr.posts:
                        for cand in post.candidates:
                            self.candidates[id(cand)] = run_effects(cand.effects, self.int_ranges, meters)
        # One bit per glossary id a step can mention, so that "does this step mention a
        # term not seen yet?" is one AND of two ints instead of a set lookup per term.
        self.term_bits: dict[str, int] = {}
        for ops in self.ops.values():
            for op in ops:
                if isinstance(op, (Shown, ChoicePlan)):
                    op.mask = self.mask(op.terms, add=True)
                elif isinstance(op, VotePlan):
                    op.mask = self.mask(op.vote.motion.terms, add=True)
        self.all_terms = UNKNOWN_TERM
        for bit in self.term_bits.values():
            self.all_terms |= bit
        hops: dict[int, Hop] = {}
        made: list[Hop] = []
        for key, ops in self.ops.items():
            for pc, op in enumerate(ops):
                if isinstance(op, (Shown, ChapterPlan)) and op.step.kind != "appointments":
                    op.hop = self._hop(key, pc + 1, op.entry)
                    if op.hop is not None:
                        hops[id(op)] = op.hop
                    else:
                        op.branch = self._branch(key, pc + 1, op.entry)
                        if op.branch is not None:
                            made.extend(h for h in (op.branch.yes, op.branch.no) if h is not None)
                elif isinstance(op, ChoicePlan):
                    op.hops = tuple(self._hop_to(key, pc, o.next) for o in op.choice.options)
                    made.extend(h for h in op.hops if h is not None)
                elif isinstance(op, VotePlan):
                    op.hops = (self._hop_to(key, pc, op.vote.passed.next), self._hop_to(key, pc, op.vote.failed.next))
                    made.extend(h for h in op.hops if h is not None)
        for hop in [*hops.values(), *made]:
            hop.then = hops.get(id(hop.op))

    def mask(self, terms: tuple[str, ...], add: bool = False) -> int:
        """The bits of ``terms``; UNKNOWN_TERM for a term without one (unless ``add``)."""
        mask = 0
        for term in terms:
            bit = self.term_bits.get(term)
            if bit is None:
                if not add:
                    mask |= UNKNOWN_TERM
                    continue
                bit = self.term_bits[term] = 2 << len(self.term_bits)
            mask |= bit
        return mask

    def _hop_to(self, scene: str, pc: int, following: str | None) -> Hop | None:
        """The hop after a decision at ``pc`` in ``scene`` that goes on to ``following``
        (a scene), or else to the next instruction. A decision's transcript entry is
        never a line's or a document's, so no entry on the way can repeat it."""
        if following is None:
            return self._hop(scene, pc + 1, None)
        if following not in self.ops:
            return None  # the error _enter reports
        return self._hop(following, 0, None, enter=following)

    def _landing(self, scene: str, pc: int, enter: str | None) -> tuple[Op, str, int, str | None] | None:
        """The first instruction from just before ``pc`` in ``scene`` that is not a plain
        jump or a scene change, with where it stands and the scene entered on the way.

        None when a second scene would be entered, a loop of jumps goes on, or the next
        scene is missing (an error _settle reports). ``enter``: a scene already entered.
        """
        ops = self.ops[scene]
        for _ in range(8):
            op = ops[min(pc, len(ops) - 1)]
            if type(op) is M.Jump:
                pc = op.target
            elif type(op) is SceneEnd or type(op) is M.Goto:
                following = op.scene.next if type(op) is SceneEnd else op.scene
                if enter is not None or following is None or following not in self.ops:
                    return None
                enter = scene = following
                ops = self.ops[scene]
                pc = 0
            else:
                return op, scene, pc, enter
        return None

    def _branch(self, scene: str, pc: int, entry: dict[str, Any] | None) -> Branch | None:
        """The branch from just before ``pc`` in ``scene``: plain jumps and at most one
        scene entered, then an ``if`` whose both ways (or one) are hops."""
        landing = self._landing(scene, pc, None)
        if landing is None:
            return None
        op, scene, pc, enter = landing
        if type(op) is not M.JumpUnless:
            return None
        yes = self._hop(scene, pc + 1, entry, enter)
        no = self._hop(scene, op.target, entry, enter)
        return None if yes is None and no is None else Branch(op.condition.evaluate, yes, no)

    def _hop(self, scene: str, pc: int, entry: dict[str, Any] | None, enter: str | None = None) -> Hop | None:
        """The hop from just before ``pc`` in ``scene`` (after a step that showed ``entry``;
        ``enter``: the scene already entered on the way)."""
        landing = self._landing(scene, pc, enter)
        if landing is None:
            return None
        op, scene, pc, enter = landing
        if type(op) is Shown:
            # A step whose entry equals the one shown last adds none (see _append).
            return None if op.entry is not None and op.entry == entry else Hop(enter, pc, op)
        if type(op) is ChoicePlan and op.step is not None:
            return Hop(enter, pc, op)
        return None


def _prepare(story: M.Story, scene: M.Scene, instr: M.Instr, ranges: Ranges, meters: frozenset[str]) -> Op:
    """The plan for one instruction; ``instr`` itself where nothing can be done ahead.

    Each step and entry is made exactly as Playthrough._build_step makes it.
    """
    if isinstance(instr, M.Line):
        text = instr.text.plain
        if text is None:
            return instr
        speaker = story.characters.get(instr.speaker) if instr.speaker else None
        step = tuple_new(Step, ("line", scene, instr, text, speaker, None, "", (), None, "", "", None, None))
        return Shown(step, {"kind": "line", "speaker": instr.speaker, "text": text}, instr.text.terms)
    if isinstance(instr, M.ShowDocument):
        doc = story.documents.get(instr.document)
        if doc is None:
            return instr  # fails at run time, as it always did
        return Shown(Step("document", scene, instr, text=doc.text, document=doc),
                     {"kind": "document", "document": doc.id, "text": doc.title}, ())
    if isinstance(instr, M.Appointments):
        if instr.prompt.plain is None:
            return instr
        return Shown(Step("appointments", scene, instr, prompt=instr.prompt.plain), None, instr.prompt.terms)
    if isinstance(instr, M.Choice):
        return ChoicePlan(instr, ranges, meters, scene)
    if isinstance(instr, M.ChapterCard):
        return ChapterPlan(story, scene, instr)
    if isinstance(instr, M.EndingBeat):
        ending = story.ending(instr.ending)
        return instr if ending is None else EndingPlan(scene, instr, ending)
    if isinstance(instr, M.Vote):
        return VotePlan(instr, ranges, meters)
    if isinstance(instr, M.SetVars):
        return SetPlan(run_effects(instr.effects, ranges, meters))
    return instr


#: Plans by ``id(story)``; each entry leaves with its story. (A Story cannot be a weak
#: dictionary key: it is a frozen dataclass holding mappings, so it cannot be hashed.)
_PLANS: dict[int, Plan] = {}


def plan_for(story: M.Story) -> Plan:
    """The story's plan, made on first use."""
    plan = _PLANS.get(id(story))
    if plan is None:
        plan = _PLANS[id(story)] = Plan(story)
        weakref.finalize(story, _PLANS.pop, id(story), None)
    return plan
