"""The debrief: a player's path beside what historically happened.

``build_debrief(pt)`` turns a Playthrough (finished or not) into a tree of frozen
dataclasses that every front end renders the same way: the window draws it, the
terminal prints it (``game.text.debrief``), the classroom report writes it as
HTML and JSON. It is a pure function of the story and the playthrough's state:
no I/O, no pygame, nothing here decides how it looks.

Everything historical comes from the story's data (records, endings, factors,
``historical:`` marks and meter lines); nothing about the past is written in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..engine.playthrough import Playthrough
from ..story import model as M
from .dates import human_date
from .questions import Question, default_questions, resolve
from .trajectory import Trajectory, build_trajectory

__all__ = [
    "Debrief", "DecisionView", "PostView", "RecordView", "DisputeView", "ReadingView", "EndingView",
    "OutcomeView", "AftermathView", "FactorView", "FactorUse", "Trajectory", "Question", "build_debrief",
    "AFTERMATH_PREFIX",
]

#: Records whose id starts with this are "what followed" for one person after the
#: period (``aftermath_trotsky``); the Outcome section lists them. A data convention,
#: so writers add them like any other sourced record.
AFTERMATH_PREFIX = "aftermath_"


#: A disputed point and its readings are shown exactly as the story holds them: the
#: story's own immutable records serve as the views (names kept for the debrief's API).
ReadingView = M.Reading
DisputeView = M.Dispute


@dataclass(frozen=True, slots=True)
class RecordView:
    """What actually happened: a historical record from the story."""

    id: str
    date: str  # ISO as written (a range "A/B" possible)
    date_text: str  # for people: "21 January 1924"
    title: str
    what: str
    why: str
    sources: tuple[str, ...]
    dispute: DisputeView | None


@dataclass(frozen=True, slots=True)
class PostView:
    """One post of an appointments board: who the player appointed, who was appointed historically."""

    post: str  # post title
    player: str  # person's name
    historical: str  # person's name, "" when the story marks none
    matched: bool | None


@dataclass(frozen=True, slots=True)
class DecisionView:
    """One decision the player took, in order, beside the historical one."""

    n: int  # 1-based position in the playthrough
    id: str
    kind: str  # choice | vote | appointments
    chapter_id: str
    chapter_title: str
    prompt: str  # the question, the motion, or the board's prompt
    player: str  # what the player did, in words
    historical: str  # what was done historically, in words ("" when unknown)
    matched: bool | None  # None: the story marks no historical option here
    posts: tuple[PostView, ...]  # appointments only
    record: RecordView | None
    factors: tuple[str, ...]  # factor ids (the decision's and its record's)
    #: What was chosen, as a stable key for counting across a class:
    #: "option:2" (choice), "passed"/"failed" (vote), "north=boss;south=rival" (appointments).
    key: str = ""


@dataclass(frozen=True, slots=True)
class EndingView:
    id: str
    title: str
    summary: str
    debrief: str  # what historians say (counterfactual endings: interpretation)
    sources: tuple[str, ...]
    historical: bool
    chapter_end: bool  # the synthetic end of a one-chapter scenario


@dataclass(frozen=True, slots=True)
class AftermathView:
    """What followed for one person (from an ``aftermath_*`` record)."""

    person: str  # the character's name, or the record title when no character matches
    record: RecordView


@dataclass(frozen=True, slots=True)
class OutcomeView:
    """The player's ending beside the historical outcome."""

    player: EndingView | None  # None while the playthrough has not ended
    historical: EndingView | None
    matched: bool | None  # None: not ended yet, or a one-chapter scenario
    aftermath: tuple[AftermathView, ...]


@dataclass(frozen=True, slots=True)
class FactorUse:
    """One decision of this playthrough that the story tags with a factor."""

    n: int
    decision_id: str
    prompt: str
    player: str
    matched: bool | None


@dataclass(frozen=True, slots=True)
class FactorView:
    """An exam factor and how this playthrough met it."""

    id: str
    title: str
    description: str
    uses: tuple[FactorUse, ...]
    summary: str  # one sentence: how the playthrough used it


@dataclass(frozen=True, slots=True)
class Debrief:
    """Everything the debrief shows, in the order it is shown."""

    story_title: str
    scenario_id: str
    scenario_title: str
    role_name: str
    finished: bool
    decisions: tuple[DecisionView, ...]
    outcome: OutcomeView
    trajectory: Trajectory
    factors: tuple[FactorView, ...]
    questions: tuple[Question, ...]  # default reflection questions (an assignment may replace them)

    @property
    def matched_count(self) -> int:
        """Decisions where the player did what was done historically."""
        return sum(1 for d in self.decisions if d.matched)

    @property
    def comparable_count(self) -> int:
        """Decisions that have a historical option to compare with."""
        return sum(1 for d in self.decisions if d.matched is not None)


# --- building -----------------------------------------------------------------------


def build_debrief(pt: Playthrough, questions: tuple[Question, ...] | None = None) -> Debrief:
    """The debrief of a playthrough, finished or not (a pause-menu debrief shows the path so far).

    ``questions``: an assignment's reflection questions; default: the shipped set.
    Menus drawn ``choices_from`` the playthrough are filled in here.
    """
    story = pt.story
    state = pt.state
    index = _decision_index(story)
    # A choice's prompt may show variables ({apparatus}): take it as the player saw it,
    # from the transcript, where each choice taken left one entry, in order.
    prompts = iter([t.get("prompt") for t in state.transcript if t.get("kind") == "choice"])
    decisions = tuple(
        _decision(story, index, entry, pt, next(prompts, None) if entry.get("kind") == "choice" else None)
        for entry in state.log if entry.get("id") in index)
    scenario = story.scenarios.get(state.scenario)
    role = story.roles.get(state.role)
    return Debrief(
        story_title=story.title,
        scenario_id=state.scenario,
        scenario_title=scenario.title if scenario else state.scenario,
        role_name=role.name if role else state.role,
        finished=state.ending is not None,
        decisions=decisions,
        outcome=_outcome(story, state.ending),
        trajectory=build_trajectory(pt),
        factors=_factors(story, decisions),
        questions=resolve(questions, story, decisions) if questions is not None
        else default_questions(story, decisions),
    )


def _decision_index(story: M.Story) -> dict[str, M.Choice | M.Vote | M.Appointments]:
    return {instr.id: instr for _scene, _pc, instr in story.decisions()}


def record_view(record: M.HistoryRecord) -> RecordView:
    return RecordView(record.id, record.date, human_date(record.date), record.title, record.what, record.why,
                      tuple(record.sources), record.disputed)


def _person(story: M.Story, person: str) -> str:
    ch = story.characters.get(person)
    return ch.name if ch else person


def _decision(story: M.Story, index: dict[str, Any], entry: dict[str, Any], pt: Playthrough,
              shown_prompt: Any = None) -> DecisionView:
    instr = index[entry["id"]]
    env = pt.state.variables
    chapter = story.chapter(entry.get("chapter"))
    record_m = story.records.get(instr.history or "")
    record = record_view(record_m) if record_m else None
    factors = tuple(dict.fromkeys((*instr.factors, *(record_m.factors if record_m else ()))))
    n = int(entry.get("n", 0))
    posts: tuple[PostView, ...] = ()
    if isinstance(instr, M.Choice):
        prompt = shown_prompt if isinstance(shown_prompt, str) else (instr.prompt.render(env) if instr.prompt else "")
        hist = next((o for o in instr.options if o.historical), None)
        player = str(entry.get("text", ""))
        historical = hist.text.render(env) if hist else ""
        matched: bool | None = bool(entry.get("historical")) if hist else None
        kind, key = "choice", f"option:{entry.get('option', '')}"
    elif isinstance(instr, M.Vote):
        prompt = f"{instr.body}: {instr.motion.render(env)}"
        verdict = "carried" if entry.get("passed") else "defeated"
        player = (f"The motion was {verdict}: {entry.get('for', 0)} for, {entry.get('against', 0)} against, "
                  f"{entry.get('abstain', 0)} abstaining (of {entry.get('seats', instr.seats)}).")
        # A vote has no historical option: its record says what happened.
        historical, matched, kind = "", None, "vote"
        key = "passed" if entry.get("passed") else "failed"
    else:
        prompt = instr.prompt.render(env)
        chosen = entry.get("posts") or {}
        views = []
        for post in instr.posts:
            hist_c = next((c for c in post.candidates if c.historical), None)
            got = chosen.get(post.id, "")
            views.append(PostView(post.title, _person(story, got) if got else "",
                                  _person(story, hist_c.person) if hist_c else "",
                                  (got == hist_c.person) if hist_c else None))
        posts = tuple(views)
        player = "; ".join(f"{p.post}: {p.player}" for p in posts)
        comparable = [p for p in posts if p.matched is not None]
        historical = "; ".join(f"{p.post}: {p.historical}" for p in posts if p.historical)
        matched = all(p.matched for p in comparable) if comparable else None
        kind = "appointments"
        key = ";".join(f"{p.id}={chosen.get(p.id, '')}" for p in instr.posts)
    return DecisionView(n, instr.id, kind, chapter.id if chapter else "", chapter.title if chapter else "",
                        prompt, player, historical, matched, posts, record, factors, key)


def _ending_view(ending: M.Ending) -> EndingView:
    return EndingView(ending.id, ending.title, ending.summary, ending.debrief, tuple(ending.sources),
                      ending.historical, ending.id.startswith(M.CHAPTER_END))


def _outcome(story: M.Story, ending_id: str | None) -> OutcomeView:
    player_m = story.ending(ending_id)
    hist_m = story.historical_ending()
    player = _ending_view(player_m) if player_m else None
    historical = _ending_view(hist_m) if hist_m else None
    matched = None
    if player is not None and historical is not None and not player.chapter_end:
        matched = player.id == historical.id
    aftermath = []
    for rid, rec in story.records.items():
        if rid.startswith(AFTERMATH_PREFIX):
            who = rid[len(AFTERMATH_PREFIX):]
            name = story.characters[who].name if who in story.characters else rec.title
            aftermath.append(AftermathView(name, record_view(rec)))
    aftermath.sort(key=lambda a: a.record.date)
    return OutcomeView(player, historical, matched, tuple(aftermath))


def _factors(story: M.Story, decisions: tuple[DecisionView, ...]) -> tuple[FactorView, ...]:
    out = []
    for fid, factor in story.factors.items():
        uses = tuple(FactorUse(d.n, d.id, d.prompt, d.player, d.matched) for d in decisions if fid in d.factors)
        out.append(FactorView(fid, factor.title, factor.description, uses, _factor_summary(uses)))
    return tuple(out)


def _factor_summary(uses: tuple[FactorUse, ...]) -> str:
    if not uses:
        return "Your playthrough did not meet this factor."
    n = len(uses)
    followed = sum(1 for u in uses if u.matched)
    comparable = sum(1 for u in uses if u.matched is not None)
    said = "It came into one of your decisions" if n == 1 else f"It came into {n} of your decisions"
    if comparable == 0:
        return said + "."
    if followed == comparable:
        return said + ("; you did what was done historically." if n == 1 else
                       "; each time you did what was done historically.")
    if followed == 0:
        return said + ("; you took a different path from history." if n == 1 else
                       "; each time you took a different path from history.")
    return said + f"; you did what was done historically in {followed} of {comparable}."
