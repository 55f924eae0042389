"""The playtester: random playthroughs and a coverage search, like ChoiceScript's
randomtest and quicktest, over every scenario of a story.

Random runs are seeded and reproducible, and prefer the options taken least so
far; the coverage search then forks at every decision (breadth first, merging
identical states) to reach what chance missed. The report lists every option,
scene and ending never reached, and every runtime error with its seed.
"""

from __future__ import annotations

import random
import statistics
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..engine.playthrough import Playthrough, StoryRuntimeError
from ..story import model as M
from ..story.views import Entry

#: Decisions one random run may make before it is judged stuck in a loop.
MAX_DECISIONS = 2_000


@dataclass
class RunResult:
    scenario: str
    seed: int
    ending: str | None
    words: int
    decisions: int
    meters: dict[str, int]
    error: str = ""


@dataclass(frozen=True)
class MissingOption:
    """An option (vote outcome, candidate) no run took: where it is written, and what it says."""

    loc: M.Loc
    label: str  # short: the option's number from 1 in the order written, 'carried', or 'post=person'
    text: str


@dataclass(frozen=True)
class DecisionCoverage:
    """How much of one decision the runs and the search reached."""

    decision: str
    scene: str
    loc: M.Loc
    total: int
    missing: tuple[MissingOption, ...]

    @property
    def reached(self) -> int:
        return self.total - len(self.missing)


@dataclass
class Report:
    runs: list[RunResult] = field(default_factory=list)
    options_taken: Counter[tuple[str, str]] = field(default_factory=Counter)
    scenes_seen: set[str] = field(default_factory=set)
    endings_seen: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    search_states: int = 0
    #: The search's budget, and whether it ran out before the queue did: then what it
    #: did not reach may still be reachable, and the report must say so.
    search_budget: int = 0
    search_stopped_at_budget: bool = False

    def all_options(self, story: M.Story) -> list[tuple[str, str, str]]:
        """(decision id, option key, label) for everything a player can pick."""
        out: list[tuple[str, str, str]] = []
        for _scene, _pc, d in story.decisions():
            if isinstance(d, M.Choice):
                for i, o in enumerate(d.options):
                    out.append((d.id, str(i), o.text.source))
            elif isinstance(d, M.Vote):
                out.append((d.id, "passed", "the motion carried"))
                out.append((d.id, "failed", "the motion defeated"))
            else:
                for post in d.posts:
                    for c in post.candidates:
                        out.append((d.id, f"{post.id}={c.person}", f"{post.title}: {c.person}"))
        return out

    def missing_options(self, story: M.Story) -> list[tuple[str, str, str]]:
        return [o for o in self.all_options(story) if (o[0], o[1]) not in self.options_taken]

    def coverage(self, story: M.Story) -> list[DecisionCoverage]:
        """Per decision, in file order: where it is and what of it was never taken."""
        out: list[DecisionCoverage] = []
        for scene, _pc, d in story.decisions():
            missing: list[MissingOption] = []
            total = 0
            if isinstance(d, M.Choice):
                for i, o in enumerate(d.options):
                    total += 1
                    if (d.id, str(i)) not in self.options_taken:
                        cond = f" (if: {o.condition.source.strip()})" if o.condition is not None else ""
                        missing.append(MissingOption(o.loc, str(i + 1), f"option {i + 1}: {o.text.source.strip()}{cond}"))
            elif isinstance(d, M.Vote):
                for key, label, what in (("passed", "carried", "the motion carried"),
                                         ("failed", "defeated", "the motion defeated")):
                    total += 1
                    if (d.id, key) not in self.options_taken:
                        missing.append(MissingOption(d.loc, label, f"{what}: {d.motion.source.strip()}"))
            else:
                for post in d.posts:
                    for c in post.candidates:
                        total += 1
                        if (d.id, f"{post.id}={c.person}") not in self.options_taken:
                            missing.append(MissingOption(d.loc, f"{post.id}={c.person}", f"{post.title}: {c.person}"))
            out.append(DecisionCoverage(d.id, scene.id, d.loc, total, tuple(missing)))
        return out

    def words_per_path(self, scenario: str | None = None) -> tuple[int, int, int]:
        words = [r.words for r in self.runs if not r.error and r.ending and (scenario is None or r.scenario == scenario)]
        if not words:
            return (0, 0, 0)
        return (min(words), int(statistics.median(words)), max(words))


#: Words in a text, by text: the same lines come back in every run of a story, and
#: splitting them again was an eighth of a random run.
_WORD_COUNTS: dict[str, int] = {}


def _count(text: str) -> int:
    n = _WORD_COUNTS.get(text)
    if n is None:
        if len(_WORD_COUNTS) > 100_000:  # texts with interpolated values: keep the cache bounded
            _WORD_COUNTS.clear()
        n = _WORD_COUNTS[text] = len(text.split())
    return n


def _entry_words(story: M.Story, entry: dict[str, Any]) -> int:
    kind = entry.get("kind")
    if kind == "document":
        doc = story.documents.get(entry.get("document", ""))
        return _count(doc.text) if doc else 0
    total = _count(str(entry.get("text", "")))
    if kind == "choice":
        total += _count(str(entry.get("prompt", "")))
    return total


def _words(pt: Playthrough) -> int:
    total = 0
    story = pt.story
    for entry in pt.state.transcript:  # ~200 entries a run, most shared with the compiled story
        total += entry.words if type(entry) is Entry else _entry_words(story, entry)
    return total


def decide(pt: Playthrough, rng: random.Random, report: Report) -> None:
    """Make one decision (or advance), preferring what has been taken least."""
    step = pt.current
    kind = step.kind
    if kind == "choice":
        d = step.instr
        assert isinstance(d, M.Choice)
        taken = report.options_taken.get  # as Counter's [] (0 when absent), without its __missing__
        weights = [1.0 / (1 + taken((d.id, str(o.index)), 0)) ** 2 for o in step.options]
        option = rng.choices(step.options, weights)[0]
        report.options_taken[(d.id, str(option.index))] += 1
        pt.choose(option.index)
    elif kind == "appointments":
        board = step.instr
        assert isinstance(board, M.Appointments)
        assignment = _random_board(board, rng, report)
        for post_id, person in assignment.items():
            report.options_taken[(board.id, f"{post_id}={person}")] += 1
        pt.appoint(assignment)
    elif kind == "vote":
        vote = step.instr
        assert isinstance(vote, M.Vote) and step.tally is not None
        report.options_taken[(vote.id, "passed" if step.tally.passed else "failed")] += 1
        pt.advance()
    else:
        pt.advance()
    report.scenes_seen.add(pt.state.scene)


def _random_board(board: M.Appointments, rng: random.Random, report: Report) -> dict[str, str]:
    for _attempt in range(50):
        chosen: dict[str, str] = {}
        ok = True
        for post in rng.sample(list(board.posts), len(board.posts)):
            free = [c for c in post.candidates if c.person not in chosen.values()]
            if not free:
                ok = False
                break
            weights = [1.0 / (1 + report.options_taken[(board.id, f"{post.id}={c.person}")]) ** 2 for c in free]
            chosen[post.id] = rng.choices(free, weights)[0].person
        if ok:
            return chosen
    raise StoryRuntimeError(f"appointments board '{board.id}' could not be filled", board.loc)


def play_once(story: M.Story, scenario: str, seed: int, report: Report) -> RunResult:
    rng = random.Random(seed)
    try:
        pt = Playthrough.start(story, scenario, seed=seed)
        state = pt.state  # the same object all along: a random run never undoes
        scenes_seen = report.scenes_seen
        scenes_seen.add(state.scene)
        steps = 0
        cap = MAX_DECISIONS * 50
        while state.ending is None:  # not pt.finished
            kind = pt.current.kind
            if kind == "line" or kind == "document" or kind == "chapter":
                # What decide() does for these (most steps), without the call; only a
                # decision changes state.decisions, so only the step cap is checked.
                pt.advance()
                scenes_seen.add(state.scene)
                steps += 1
                if steps > cap:
                    raise StoryRuntimeError(f"no ending after {MAX_DECISIONS} decisions: the story may loop forever")
                continue
            if kind == "ending":
                break
            decide(pt, rng, report)
            steps += 1
            if state.decisions > MAX_DECISIONS or steps > cap:
                raise StoryRuntimeError(f"no ending after {MAX_DECISIONS} decisions: the story may loop forever")
        if pt.state.ending:
            report.endings_seen[pt.state.ending] += 1
        return RunResult(scenario, seed, pt.state.ending, _words(pt), pt.state.decisions, pt.meters())
    except StoryRuntimeError as exc:
        message = f"scenario '{scenario}', seed {seed}: {exc}"
        report.errors.append(message)
        return RunResult(scenario, seed, None, 0, 0, {}, error=str(exc))


def random_runs(story: M.Story, runs: int, seed: int, report: Report | None = None) -> Report:
    """``runs`` seeded random playthroughs of every scenario."""
    report = report or Report()
    for scenario in story.scenarios:
        for n in range(runs):
            report.runs.append(play_once(story, scenario, seed + n, report))
    return report


def _state_key(pt: Playthrough) -> tuple[object, ...]:
    s = pt.state
    return (s.scene, s.pc, tuple(sorted(s.variables.items())))


def _branches(pt: Playthrough) -> Iterator[tuple[list[tuple[str, str]], Playthrough]]:
    """Every way on from here, each with the options it takes."""
    step = pt.current
    if step.kind == "choice":
        d = step.instr
        assert isinstance(d, M.Choice)
        for option in step.options:
            child = pt.fork()
            child.choose(option.index)
            yield [(d.id, str(option.index))], child
    elif step.kind == "appointments":
        board = step.instr
        assert isinstance(board, M.Appointments)
        # Each candidate of each post at least once, others filled historically or first free.
        for post in board.posts:
            for cand in post.candidates:
                assignment = _board_with(board, post.id, cand.person)
                if assignment is None:
                    continue
                child = pt.fork()
                child.appoint(assignment)
                yield [(board.id, f"{p}={who}") for p, who in assignment.items()], child
    else:
        child = pt.fork()
        marks: list[tuple[str, str]] = []
        if step.kind == "vote":
            vote = step.instr
            assert isinstance(vote, M.Vote) and step.tally is not None
            marks.append((vote.id, "passed" if step.tally.passed else "failed"))
        child.advance()
        yield marks, child


def _board_with(board: M.Appointments, post_id: str, person: str) -> dict[str, str] | None:
    chosen = {post_id: person}
    for post in board.posts:
        if post.id == post_id:
            continue
        ordered = sorted(post.candidates, key=lambda c: not c.historical)
        free = [c for c in ordered if c.person not in chosen.values()]
        if not free:
            return None
        chosen[post.id] = free[0].person
    return chosen


#: Distinct variable states the coverage search keeps per story position. Without a
#: cap, breadth-first search spends its whole budget on the combinations of the first
#: chapters and never reaches the last ones; with it, every position is explored in
#: up to this many different situations.
VARIANTS_PER_POSITION = 200


def _offers_new(pt: Playthrough, report: Report) -> bool:
    step = pt.current
    instr = step.instr
    if step.kind == "choice" and isinstance(instr, M.Choice):
        return any(report.options_taken[(instr.id, str(o.index))] == 0 for o in step.options)
    if step.kind == "appointments" and isinstance(instr, M.Appointments):
        return any(report.options_taken[(instr.id, f"{p.id}={c.person}")] == 0
                   for p in instr.posts for c in p.candidates)
    if step.kind == "vote" and isinstance(instr, M.Vote) and step.tally is not None:
        return report.options_taken[(instr.id, "passed" if step.tally.passed else "failed")] == 0
    if step.kind == "ending":
        return pt.state.ending not in report.endings_seen
    return pt.state.scene not in report.scenes_seen


def coverage_search(story: M.Story, report: Report, budget: int = 20_000) -> Report:
    """Breadth-first over distinct game states from every scenario start."""
    queue: deque[Playthrough] = deque()
    seen: set[tuple[object, ...]] = set()
    variants: Counter[tuple[str, int]] = Counter()
    for scenario in story.scenarios:
        try:
            queue.append(Playthrough.start(story, scenario))
        except StoryRuntimeError as exc:
            report.errors.append(f"scenario '{scenario}' cannot start: {exc}")
    expanded = 0
    while queue and expanded < budget:
        pt = queue.popleft()
        key = _state_key(pt)
        position = (pt.state.scene, pt.state.pc)
        if key in seen or variants[position] >= VARIANTS_PER_POSITION:
            continue
        seen.add(key)
        variants[position] += 1
        expanded += 1
        report.scenes_seen.add(pt.state.scene)
        if pt.current.kind == "ending":
            if pt.state.ending:
                report.endings_seen.setdefault(pt.state.ending, 0)  # seen, not counted as a run
            continue
        try:
            for marks, child in _branches(pt):
                for mark in marks:
                    report.options_taken[mark] += 1
                # Novelty first: a state about to offer something never taken jumps the
                # queue, so the search digs towards what is missing instead of widening.
                novel = _offers_new(child, report)
                report.scenes_seen.add(child.state.scene)
                if child.state.ending:
                    report.endings_seen.setdefault(child.state.ending, 0)
                if novel:
                    queue.appendleft(child)
                else:
                    queue.append(child)
        except StoryRuntimeError as exc:
            report.errors.append(f"coverage search at scene '{pt.state.scene}': {exc}")
    report.search_states = expanded
    report.search_budget = budget
    # Stopped with work left: states still queued that were neither seen nor over their cap.
    report.search_stopped_at_budget = expanded >= budget and any(
        _state_key(pt) not in seen and variants[(pt.state.scene, pt.state.pc)] < VARIANTS_PER_POSITION
        for pt in queue)
    return report


def _where(story: M.Story, loc: M.Loc) -> str:
    """``path:line:col`` as a writer's editor opens it: the path under the story folder."""
    root = story.root.rstrip("/")
    return f"{root}/{loc.path}:{loc.line}:{loc.col}" if root else str(loc)


def unreached(story: M.Story, report: Report) -> int:
    """How many options, scenes and endings no run and no search reached (``--strict`` fails on any)."""
    missing = sum(len(c.missing) for c in report.coverage(story))
    scenes = sum(1 for s in story.scenes if s not in report.scenes_seen)
    endings = sum(1 for e in story.endings if e not in report.endings_seen)
    return missing + scenes + endings


def format_report(story: M.Story, report: Report, out_lines: list[str]) -> None:
    coverage = report.coverage(story)
    total_options = sum(c.total for c in coverage)
    missing = [(c, m) for c in coverage for m in c.missing]
    unseen_scenes = [s for s in story.scenes if s not in report.scenes_seen]
    unseen_endings = [e for e in story.endings if e not in report.endings_seen]
    finished = [r for r in report.runs if r.ending]
    out_lines.append(f"{len(report.runs)} random playthroughs over {len(story.scenarios)} scenario(s), "
                     f"{len(finished)} reached an ending; coverage search visited {report.search_states} states")
    if report.search_stopped_at_budget:
        out_lines.append(f"the coverage search stopped at its budget of {report.search_budget} states with more"
                         " left to explore: what it did not reach may still be reachable (raise --budget)")
    out_lines.append(f"options reached: {total_options - len(missing)}/{total_options}; "
                     f"scenes: {len(story.scenes) - len(unseen_scenes)}/{len(story.scenes)}; "
                     f"endings: {len(story.endings) - len(unseen_endings)}/{len(story.endings)}")
    for decision, option in missing:
        out_lines.append(f"  option never reached: {_where(story, option.loc)}: {decision.decision} {option.text}")
    for scene in unseen_scenes:
        loc = story.scenes[scene].loc
        out_lines.append(f"  scene never reached: {_where(story, loc)}: {scene}")
    for ending in unseen_endings:
        eloc = story.endings[ending].loc
        where = f"{_where(story, eloc)}: " if eloc is not None else ""
        out_lines.append(f"  ending never reached: {where}{ending}")
    out_lines.append("coverage per decision (options numbered from 1 as written in the file; in play an option"
                     " its if: hides takes no number):")
    for c in coverage:
        gap = f"; never: {', '.join(m.label for m in c.missing)}" if c.missing else ""
        out_lines.append(f"  {c.decision} ({_where(story, c.loc)}): {c.reached}/{c.total}{gap}")
    if report.endings_seen:
        dist = ", ".join(f"{e} {n}" for e, n in sorted(report.endings_seen.items()))
        out_lines.append(f"endings in random runs: {dist}")
    full = [s for s in story.scenarios]
    for scenario in full:
        lo, med, hi = report.words_per_path(scenario)
        if hi:
            out_lines.append(f"words per path, {scenario}: min {lo}, median {med}, max {hi}")
    finals = {tuple(sorted(r.meters.items())) for r in finished}
    out_lines.append(f"distinct final meter sets: {len(finals)}")
    for error in report.errors[:50]:
        out_lines.append(f"error: {error}")
    if len(report.errors) > 50:
        out_lines.append(f"… and {len(report.errors) - 50} more errors")
