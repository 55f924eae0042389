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
from .questions import Question, resolve
from .trajectory import Trajectory, build_trajectory

__all__ = [
    "Debrief", "DecisionView", "PostView", "RecordView", "DisputeView", "ReadingView", "EndingView",
    "OutcomeView", "AftermathView", "FactorView", "FactorUse", "FirstPage", "Trajectory", "Question",
    "build_debrief", "AFTERMATH_PREFIX", "CHAPTER_HISTORY", "KEY_FACTORS", "MAX_DIFFERENCES",
]

#: Id prefix of the historical side of a one-chapter debrief ("chapter_history:ch4"): what
#: happened in that chapter, never the 1929 ending of the whole road.
CHAPTER_HISTORY = "chapter_history:"
#: How many factors the first page names, and at most how many differences it lists.
KEY_FACTORS = 3
MAX_DIFFERENCES = 5

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
class FirstPage:
    """What the debrief shows first, on one screen; everything else is one step away.

    ``chapter_id``/``chapter_title`` name the chapter of a one-chapter scenario ("" for a
    whole road). ``key_factors`` are the factors that most decided this path (ranked from the
    decisions' factor tags, weighted by the outcome); ``differences`` the decisions (at most
    ``MAX_DIFFERENCES``, in play order) where the player left history, and
    ``more_differences`` how many more there are.
    """

    chapter_id: str
    chapter_title: str
    player_ending: EndingView | None
    historical_ending: EndingView | None
    matched: bool | None
    headline: str
    key_factors: tuple[FactorView, ...]
    differences: tuple[DecisionView, ...]
    more_differences: int


@dataclass(frozen=True, slots=True)
class Debrief:
    """Everything the debrief shows, in the order it is shown (``first_page`` first)."""

    story_title: str
    scenario_id: str
    scenario_title: str
    role_name: str
    finished: bool
    decisions: tuple[DecisionView, ...]
    outcome: OutcomeView
    trajectory: Trajectory
    factors: tuple[FactorView, ...]
    questions: tuple[Question, ...]  # the questions the caller passed in, resolved for this playthrough
    first_page: FirstPage

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

    ``questions``: the reflection questions to ask (an assignment's, or the shipped defaults,
    which ``game.classroom.questions`` reads: this package reads no files); None asks none.
    Menus drawn ``choices_from`` the playthrough are filled in here.
    A one-chapter scenario's debrief talks about that chapter only: its history, its
    factors, its meters from the chapter's start to its end.
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
    chapter = story.chapter(scenario.chapter) if scenario is not None and scenario.chapter else None
    outcome = _outcome(story, state.ending, chapter)
    factors = _factors(story, decisions, chapter)
    finished = state.ending is not None
    return Debrief(
        story_title=story.title,
        scenario_id=state.scenario,
        scenario_title=scenario.title if scenario else state.scenario,
        role_name=role.name if role else state.role,
        finished=finished,
        decisions=decisions,
        outcome=outcome,
        trajectory=build_trajectory(pt),
        factors=factors,
        questions=resolve(questions, story, decisions) if questions is not None else (),
        first_page=_first_page(story, chapter, finished, decisions, outcome, factors),
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
    chapter_end = ending.id.startswith(M.CHAPTER_END)
    # The story's words for a chapter's end point "below", which is true of one page only;
    # the debrief's own words fit every front end and the report.
    summary = "You have played this chapter to its end." if chapter_end else ending.summary
    return EndingView(ending.id, ending.title, summary, ending.debrief, tuple(ending.sources),
                      ending.historical, chapter_end)


def _chapter_history(story: M.Story, chapter: M.Chapter) -> EndingView:
    """The historical side of a one-chapter debrief: what happened in that chapter.

    The chapter's own ``summary`` when the story gives one; otherwise the titles and dates
    of the historical records its decisions rest on (each decision carries the account and
    the sources). Never the ending of the whole road, which lies years later.
    """
    number = story.chapter_index(chapter.id) + 1
    summary = chapter.summary
    if not summary:
        seen: dict[str, M.HistoryRecord] = {}
        for scene, _pc, instr in story.decisions():
            rec = story.records.get(instr.history or "")
            if scene.chapter == chapter.id and rec is not None:
                seen.setdefault(rec.id, rec)
        events = sorted(seen.values(), key=lambda r: r.date)
        # the day each began: a first page has no room for ranges ("18 December 1925 – 31 ...")
        summary = ("What happened: " + "; ".join(f"{r.title} ({human_date(r.date.partition('/')[0])})"
                                                 for r in events) + "."
                   if events else "Each of your decisions below shows what happened.")
    when = f" ({chapter.dates})" if chapter.dates else ""
    return EndingView(CHAPTER_HISTORY + chapter.id, f"Chapter {number}, {chapter.title}{when}",
                      summary, "", (), True, True)


def _outcome(story: M.Story, ending_id: str | None, chapter: M.Chapter | None = None) -> OutcomeView:
    player_m = story.ending(ending_id)
    hist_m = story.historical_ending()
    player = _ending_view(player_m) if player_m else None
    historical = _ending_view(hist_m) if hist_m else None
    if chapter is not None:
        # A chapter-4 assignment is about January 1924, not the 1929 ending; what followed
        # the whole period belongs to a whole road's debrief.
        historical = _chapter_history(story, chapter)
        return OutcomeView(player, historical, None, ())
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


def _chapter_factors(story: M.Story, chapter: M.Chapter) -> set[str]:
    """The factors some decision of this chapter is tagged with (directly or by its record)."""
    out: set[str] = set()
    for scene, _pc, instr in story.decisions():
        if scene.chapter == chapter.id:
            rec = story.records.get(instr.history or "")
            out.update(instr.factors)
            out.update(rec.factors if rec else ())
    return out


def _factors(story: M.Story, decisions: tuple[DecisionView, ...],
             chapter: M.Chapter | None = None) -> tuple[FactorView, ...]:
    # A one-chapter debrief lists only the factors that chapter can meet: a row that
    # says "your playthrough did not meet this factor" for a factor of 1927 teaches nothing.
    reachable = _chapter_factors(story, chapter) if chapter is not None else None
    out = []
    for fid, factor in story.factors.items():
        if reachable is not None and fid not in reachable:
            continue
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


# --- the first page -----------------------------------------------------------------


def _key_factors(factors: tuple[FactorView, ...], outcome: OutcomeView) -> tuple[FactorView, ...]:
    """The factors that most decided this path: ``KEY_FACTORS`` of those the decisions met.

    Each decision tagged with a factor counts once; it counts double when it points the
    way the outcome went: when the player reached the historical ending, the decisions that
    followed history made it; otherwise (another ending, one chapter, or not finished yet)
    the decisions where the player left history did. Ties keep the story's order.
    """
    lean = outcome.matched is True

    def weight(f: FactorView) -> int:
        return sum(2 if u.matched is lean else 1 for u in f.uses)

    met = [f for f in factors if f.uses]
    ranked = sorted(range(len(met)), key=lambda i: (-weight(met[i]), i))
    return tuple(met[i] for i in ranked[:KEY_FACTORS])


def _differences(decisions: tuple[DecisionView, ...],
                 key: tuple[FactorView, ...]) -> tuple[tuple[DecisionView, ...], int]:
    """Where the player left history: at most ``MAX_DIFFERENCES``, in play order, and how many more.

    With more than that, the ones kept are those touching the key factors most (then the
    earliest), so the first page shows the differences its factors speak of.
    """
    differed = [d for d in decisions if d.matched is False]
    if len(differed) <= MAX_DIFFERENCES:
        return tuple(differed), 0
    keys = {f.id for f in key}
    ranked = sorted(range(len(differed)), key=lambda i: (-len(keys.intersection(differed[i].factors)), i))
    keep = sorted(ranked[:MAX_DIFFERENCES])
    return tuple(differed[i] for i in keep), len(differed) - MAX_DIFFERENCES


def _headline(number: int, chapter: M.Chapter | None, finished: bool, decisions: tuple[DecisionView, ...],
              outcome: OutcomeView) -> str:
    """One sentence: how the path compares with history, in the scope the player played."""
    matched = sum(1 for d in decisions if d.matched)
    comparable = sum(1 for d in decisions if d.matched is not None)
    where = f"In chapter {number}, {chapter.title}, you" if chapter is not None else "You"
    if not decisions:
        return "You have not taken a decision yet."
    if comparable == 0:
        counted = f"{where} took {len(decisions)} decisions with no single historical option to compare"
    else:
        counted = f"{where} did what was done historically in {matched} of {comparable} decisions"
    if not finished:
        return f"Your path so far. {counted}."
    if outcome.matched is True:
        return f"You reached the historical ending. {counted}."
    if outcome.matched is False:
        return f"Your path ended differently from history. {counted}."
    return f"{counted}."


def _first_page(story: M.Story, chapter: M.Chapter | None, finished: bool, decisions: tuple[DecisionView, ...],
                outcome: OutcomeView, factors: tuple[FactorView, ...]) -> FirstPage:
    key = _key_factors(factors, outcome)
    differences, more = _differences(decisions, key)
    return FirstPage(chapter.id if chapter else "", chapter.title if chapter else "", outcome.player,
                     outcome.historical, outcome.matched, _headline(story.chapter_index(chapter.id) + 1 if chapter else 0, chapter, finished, decisions, outcome),
                     key, differences, more)
