"""``after-lenin stats``: how long and how hard the story is, where.

Words per scene, chapter and role (what the player reads: narration, lines,
prompts, options, motions; documents counted apart because they quote
sources), words per path from the playtester's random runs, decisions and
options per chapter, and the Flesch–Kincaid grade of the writing (our own
syllable count, see ``readability``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..story import model as M
from ..story.graph import reachable
from . import readability as R
from .playtest import random_runs
from .scenegraph import build


@dataclass
class SceneStats:
    id: str
    chapter: str | None
    loc: M.Loc
    prose: R.TextCounts  # narration, lines, prompts, options, motions, boards
    document_words: int
    decisions: int
    options: int
    conditional_options: int

    @property
    def words(self) -> int:
        return self.prose.words


@dataclass
class GroupStats:
    """Totals for a chapter, a role or the whole story."""

    key: str
    title: str
    scenes: int = 0
    prose: R.TextCounts = R.EMPTY
    document_words: int = 0
    choices: int = 0
    votes: int = 0
    boards: int = 0
    options: int = 0
    conditional_options: int = 0

    @property
    def decisions(self) -> int:
        return self.choices + self.votes + self.boards

    def add(self, scene: SceneStats, code: tuple[M.Instr, ...]) -> None:
        self.scenes += 1
        self.prose = self.prose + scene.prose
        self.document_words += scene.document_words
        self.options += scene.options
        self.conditional_options += scene.conditional_options
        for instr in code:
            if isinstance(instr, M.Choice):
                self.choices += 1
            elif isinstance(instr, M.Vote):
                self.votes += 1
            elif isinstance(instr, M.Appointments):
                self.boards += 1

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "scenes": self.scenes, "words": self.prose.words,
                "document_words": self.document_words, "grade": round(self.prose.grade, 1),
                "decisions": self.decisions, "choices": self.choices, "votes": self.votes, "boards": self.boards,
                "options": self.options, "conditional_options": self.conditional_options}


@dataclass
class PathStats:
    scenario: str
    runs: int
    finished: int
    minimum: int
    median: int
    maximum: int


@dataclass
class Stats:
    total: GroupStats
    scenes: list[SceneStats]
    chapters: list[GroupStats]
    roles: list[GroupStats]
    paths: list[PathStats]
    document_counts: R.TextCounts
    errors: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "total": self.total.as_json(),
            "documents": {"words": self.document_counts.words, "grade": round(self.document_counts.grade, 1)},
            "chapters": [c.as_json() for c in self.chapters],
            "roles": [r.as_json() for r in self.roles],
            "paths": [vars(p) for p in self.paths],
            "scenes": [{"id": s.id, "chapter": s.chapter, "file": str(s.loc), "words": s.words,
                        "document_words": s.document_words, "grade": round(s.prose.grade, 1),
                        "decisions": s.decisions, "options": s.options} for s in self.scenes],
            "errors": self.errors,
        }


def _scene_stats(story: M.Story, scene: M.Scene, chapter: str | None) -> SceneStats:
    prose = R.EMPTY
    doc_words = decisions = options = conditional = 0
    for instr in scene.code:
        texts: list[str] = []
        if isinstance(instr, M.Line):
            texts.append(instr.text.source)
        elif isinstance(instr, M.ShowDocument):
            doc = story.documents.get(instr.document)
            doc_words += R.counts(doc.text).words if doc else 0
        elif isinstance(instr, M.Choice):
            decisions += 1
            options += len(instr.options)
            conditional += sum(1 for o in instr.options if o.condition is not None)
            if instr.prompt:
                texts.append(instr.prompt.source)
            texts.extend(o.text.source for o in instr.options)
        elif isinstance(instr, M.Vote):
            decisions += 1
            texts.append(instr.motion.source)
        elif isinstance(instr, M.Appointments):
            decisions += 1
            options += sum(len(p.candidates) for p in instr.posts)
            texts.append(instr.prompt.source)
            texts.extend(p.title for p in instr.posts)
        for text in texts:
            prose = prose + R.counts(text)
    return SceneStats(scene.id, chapter, scene.loc, prose, doc_words, decisions, options, conditional)


def compute(story: M.Story, runs: int = 100, seed: int = 1) -> Stats:
    """Every figure ``after-lenin stats`` prints. ``runs``: random playthroughs per scenario."""
    graph = build(story)
    chapter_of = {sid: node.chapter for sid, node in graph.nodes.items()}
    scenes = [_scene_stats(story, s, chapter_of.get(s.id)) for s in story.scenes.values()]
    by_id = {s.id: s for s in scenes}

    total = GroupStats("", story.title)
    chapters = {c.id: GroupStats(c.id, c.title) for c in story.chapters}
    none = GroupStats("", "No chapter")
    for s in scenes:
        code = story.scenes[s.id].code
        total.add(s, code)
        chapters.get(s.chapter or "", none).add(s, code)
    chapter_list = list(chapters.values()) + ([none] if none.scenes else [])

    roles: list[GroupStats] = []
    for role in story.roles.values():
        group = GroupStats(role.id, role.name)
        starts = [sc.start for sc in story.scenarios.values() if sc.role == role.id]
        for sid in sorted({sid for sid, pc in reachable(story, starts) if pc == 0}, key=list(story.scenes).index):
            group.add(by_id[sid], story.scenes[sid].code)
        roles.append(group)

    paths: list[PathStats] = []
    errors: list[str] = []
    if runs:
        report = random_runs(story, runs, seed)
        errors = report.errors
        for scenario in story.scenarios:
            lo, med, hi = report.words_per_path(scenario)
            finished = sum(1 for r in report.runs if r.scenario == scenario and r.ending and not r.error)
            paths.append(PathStats(scenario, runs, finished, lo, med, hi))

    docs = R.EMPTY
    for doc in story.documents.values():
        docs = docs + R.counts(doc.text)
    return Stats(total, scenes, chapter_list, roles, paths, docs, errors)


#: Below this many words a reading grade says nothing; the report shows "—".
MIN_WORDS_FOR_GRADE = 20


def _n(value: int) -> str:
    return f"{value:,}"


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{_n(count)} {word if count == 1 else plural or word + 's'}"


def _grade(counts: R.TextCounts) -> str:
    return f"{counts.grade:.1f}" if counts.words >= MIN_WORDS_FOR_GRADE else "—"


def format_text(story: M.Story, stats: Stats) -> str:
    """The report as plain text (aligned columns; safe for a screen reader)."""
    t = stats.total
    lines = [
        f"{story.title}: {_plural(t.scenes, 'scene')}, {_plural(t.prose.words, 'word')} of writing,"
        f" plus {_plural(stats.document_counts.words, 'word')} in {_plural(len(story.documents), 'document')}",
        f"reading level (Flesch–Kincaid grade; syllables counted by rule): writing {_grade(t.prose)},"
        f" documents {_grade(stats.document_counts)} (players are 13–18: keep the writing at grade"
        f" {R.GRADE_LIMIT} or below)",
        f"decisions: {t.decisions} ({_plural(t.choices, 'choice')}, {_plural(t.votes, 'vote')},"
        f" {_plural(t.boards, 'appointments board')}); {_plural(t.options, 'option')},"
        f" {t.conditional_options} with a condition",
        "  (options: every option of every choice as written, shown or hidden, and every candidate of"
        " every post on a board; a vote has none, its result is not the player's pick —"
        f" after-lenin test also counts each vote's two results: {t.options + 2 * t.votes})",
        "",
        "by chapter",
        f"  {'chapter':<34} {'scenes':>6} {'words':>8} {'docs':>7} {'grade':>5} {'decisions':>9} {'options':>7}",
    ]
    for i, c in enumerate(stats.chapters, 1):
        name = (f"{i} {c.title}" if c.key else c.title)[:34]
        lines.append(f"  {name:<34} {c.scenes:>6} {_n(c.prose.words):>8} {_n(c.document_words):>7}"
                     f" {_grade(c.prose):>5} {c.decisions:>9} {c.options:>7}")
    lines += ["", "by role (every scene its scenarios can reach)"]
    for r in stats.roles:
        lines.append(f"  {r.title}: {_plural(r.scenes, 'scene')}, {_plural(r.prose.words, 'word')},"
                     f" {_plural(r.decisions, 'decision')}, grade {_grade(r.prose)}")
    if stats.paths:
        runs = stats.paths[0].runs
        lines += ["", f"words per path (what a player reads, documents included; {runs} random playthroughs"
                      " per scenario)"]
        for p in stats.paths:
            if p.finished:
                lines.append(f"  {p.scenario}: min {_n(p.minimum)}, median {_n(p.median)}, max {_n(p.maximum)}"
                             f" ({p.finished} of {p.runs} runs reached an ending)")
            else:
                lines.append(f"  {p.scenario}: no run reached an ending (see after-lenin test)")
    for error in stats.errors[:5]:
        lines.append(f"  error: {error}")
    lines += ["", "by scene (file order)",
              f"  {'scene':<32} {'chapter':<10} {'words':>6} {'grade':>5} {'decisions':>9}  file"]
    for s in stats.scenes:
        lines.append(f"  {s.id[:32]:<32} {(s.chapter or '—')[:10]:<10} {_n(s.words):>6} {_grade(s.prose):>5}"
                     f" {s.decisions:>9}  {story.root.rstrip('/').split('/')[-1]}/{s.loc.path}:{s.loc.line}")
    hard = sorted((s for s in stats.scenes if s.words >= 50 and s.prose.grade > R.GRADE_LIMIT),
                  key=lambda s: -s.prose.grade)[:10]
    if hard:
        lines += ["", f"hard to read for 13–18-year-olds (scenes of 50+ words above grade {R.GRADE_LIMIT};"
                      " shorten sentences, prefer short words)"]
        for s in hard:
            lines.append(f"  {s.id}: grade {s.prose.grade:.1f} ({s.words} words, {s.prose.sentences} sentences)")
    return "\n".join(lines) + "\n"
