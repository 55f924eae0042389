"""``after-lenin chapters``: the chapter list a teacher plans with, made from the story itself.

For each one-chapter scenario (and the whole road): title, dates, minutes, the
decisions a student takes with the historical record each is measured against,
and the learning objectives the story declares. Written as Markdown so that
``docs/teachers/chapters.md`` is this output, regenerated, never edited by hand
(a test compares the two).

Minutes are estimated from what a student reads, not taken on trust from
``minutes:`` in story.yaml: the words on a typical path (the median of seeded
random playthroughs, documents included) at ``READING_WPM`` words a minute, plus
``DECISION_MINUTES`` for each decision taken. The declared figure is shown beside it.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from ..history.dates import human_date
from ..story import model as M
from .playtest import random_runs

#: Reading speed assumed for students of 13–18 reading for understanding on a screen.
READING_WPM = 150
#: Time to weigh the options of one decision.
DECISION_MINUTES = 0.5
RUNS = 40
SEED = 1


@dataclass(frozen=True)
class DecisionInfo:
    id: str
    kind: str  # choice | vote | appointments
    prompt: str
    record: str  # the historical record's title and date ("" when none)
    factors: tuple[str, ...] = ()  # titles of the exam factors it bears on


@dataclass(frozen=True)
class ChapterInfo:
    scenario: str
    title: str
    chapter: str  # chapter id ("" for a scenario of several chapters)
    dates: str
    minutes: int  # estimated
    declared_minutes: int
    words: int  # median words on a path
    decisions_on_path: int  # median decisions taken
    decisions: tuple[DecisionInfo, ...]  # every decision in the chapter's scenes, in story order
    objectives: tuple[str, ...]


def _decision(story: M.Story, d: M.Choice | M.Vote | M.Appointments) -> DecisionInfo:
    if isinstance(d, M.Choice):
        kind, prompt = "choice", d.prompt.source if d.prompt else d.id
    elif isinstance(d, M.Vote):
        kind, prompt = "vote", f"{d.body} votes: {d.motion.source}"
    else:
        kind, prompt = "appointments", d.prompt.source
    rec = story.records.get(d.history) if d.history else None
    record = f"{rec.title} ({human_date(rec.date)})" if rec else ""
    ids = tuple(getattr(d, "factors", ())) or (rec.factors if rec else ())
    factors = tuple(story.factors[f].title for f in ids if f in story.factors)
    return DecisionInfo(d.id, kind, " ".join(prompt.split()), record, factors)


def estimate_minutes(words: int, decisions: int) -> int:
    """Minutes to play a path of ``words`` words and ``decisions`` decisions, rounded up."""
    return math.ceil(words / READING_WPM + decisions * DECISION_MINUTES) if words else 0


def chapter_list(story: M.Story, runs: int = RUNS, seed: int = SEED) -> list[ChapterInfo]:
    """One entry per scenario: one-chapter scenarios in chapter order, then the longer ones."""
    report = random_runs(story, runs, seed)
    chapter_order = {c.id: i for i, c in enumerate(story.chapters)}
    scenarios = sorted(story.scenarios.values(), key=lambda sc: (
        sc.chapter is None, chapter_order.get(sc.chapter or "", 0)))
    out = []
    for sc in scenarios:
        finished = [r for r in report.runs if r.scenario == sc.id and r.ending and not r.error]
        words = int(statistics.median(r.words for r in finished)) if finished else 0
        taken = int(statistics.median(r.decisions for r in finished)) if finished else 0
        if sc.chapter:
            decisions = tuple(_decision(story, d) for scene, _pc, d in story.decisions()
                              if story.scene_chapter.get(scene.id) == sc.chapter)
        else:
            decisions = ()
        out.append(ChapterInfo(sc.id, sc.title, sc.chapter or "", sc.dates, estimate_minutes(words, taken),
                               sc.minutes, words, taken, decisions, sc.objectives))
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def format_markdown(story: M.Story, chapters: list[ChapterInfo]) -> str:
    """The chapter list as Markdown (docs/teachers/chapters.md)."""
    lines = [
        f"# The chapters of {story.title}",
        "",
        "*Made by `after-lenin chapters` from the story itself (`scenes/`); do not edit it by hand. After a change"
        " to the story, run `after-lenin chapters --write` (a test fails while this page is out of date).*",
        "",
        f"Minutes are estimated from what a student reads: the words on a typical path (the median of {RUNS}"
        f" random playthroughs, documents included) at {READING_WPM} words a minute, plus"
        f" {'half a minute' if DECISION_MINUTES == 0.5 else f'{DECISION_MINUTES} minutes'} for each decision."
        " The figure the story declares (`minutes:` in `scenes/story.yaml`, shown in the game's scenario list)"
        " is given beside it. To assign a chapter, write `chapter: ch4` (or `scenario: stalin_ch4`) in the"
        " assignment file.",
        "",
        "| Chapter | Dates | Assign with | Minutes (estimated; story says) | Decisions | Words read |",
        "|---|---|---|---|---|---|",
    ]
    for c in chapters:
        assign = f"`chapter: {c.chapter}`" if c.chapter else f"`scenario: {c.scenario}`"
        count = str(len(c.decisions)) if c.chapter else f"about {c.decisions_on_path} on a path"
        lines.append(f"| {_cell(c.title)} | {_cell(c.dates)} | {assign} | {c.minutes}; {c.declared_minutes} |"
                     f" {count} | {c.words:,} |")
    for c in chapters:
        lines += ["", f"## {c.title}", "",
                  f"{c.dates} · scenario `{c.scenario}` · about {c.minutes} minutes (the story says"
                  f" {c.declared_minutes}) · about {c.words:,} words on a path"]
        if c.objectives:
            lines += ["", "Learning objectives:", ""] + [f"- {o}" for o in c.objectives]
        if c.decisions:
            lines += ["", "Decisions (each is set beside what was done, and the record below it, in the"
                      " debrief):", ""]
            for i, d in enumerate(c.decisions, 1):
                kind = {"vote": " (a vote)", "appointments": " (appointments)"}.get(d.kind, "")
                rec = f" — the record: {d.record}" if d.record else ""
                factors = f" — factors: {', '.join(d.factors)}" if d.factors else ""
                lines.append(f"{i}. {d.prompt}{kind}{rec}{factors}")
        elif not c.chapter:
            lines += ["", "Plays every chapter above in turn; the decisions are those of each chapter."]
    lines += ["", "## Where each exam factor comes up", "",
              "The debrief's last part weighs these factors for each student's playthrough.", "",
              "| Factor | What it is | Chapters |", "|---|---|---|"]
    for factor in story.factors.values():
        where = [c.title.split(":")[0] for c in chapters if any(factor.title in d.factors for d in c.decisions)]
        lines.append(f"| {_cell(factor.title)} | {_cell(factor.description)} | {', '.join(where) or '—'} |")
    return "\n".join(lines) + "\n"
