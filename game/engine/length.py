"""How long a scenario takes to play, from the words a player reads on the way (issue 12.9).

One function for every front end (the window's scenario list, the browser's, a teacher's
assignment form): the historical path through the scenario is played with the public
Playthrough API, every word shown is counted (lines, documents, prompts, the options read at
each decision, votes, appointment boards), and the total becomes minutes at a school reading
pace plus a little time at each decision. A hand-written ``minutes:`` in story.yaml drifted
(the whole road said 45 while its chapters added up to 100); this cannot.
"""

from __future__ import annotations

from ..story import model as M
from .playthrough import Playthrough, Step

#: Words per minute a secondary-school student reads narrative text at, silently.
WORDS_PER_MINUTE = 180
#: Seconds spent at each decision beyond reading its options (weighing them up).
SECONDS_PER_DECISION = 20
#: Steps walked at most (a story that loops forever is the checker's business, not this one's).
_STEP_LIMIT = 200_000


def _words(text: str) -> int:
    return len(text.split())


def _step_words(story: M.Story, step: Step) -> int:
    n = _words(step.text) + _words(step.prompt)
    if step.document is not None:
        n += _words(step.document.title) + _words(step.document.text)
    n += sum(_words(o.text) for o in step.options)
    if step.kind == "appointments" and isinstance(step.instr, M.Appointments):
        for post in step.instr.posts:
            n += _words(post.title) + sum(_words(c.note) + 2 for c in post.candidates)
    if step.ending is not None:
        n += _words(step.ending.title) + _words(step.ending.summary)
    return n


def _historical_board(step: Step) -> dict[str, str]:
    board = step.instr
    assert isinstance(board, M.Appointments)
    used: set[str] = set()
    plan: dict[str, str] = {}
    for post in board.posts:
        free = [c for c in post.candidates if c.person not in used]
        pick = next((c for c in free if c.historical), free[0] if free else post.candidates[0])
        used.add(pick.person)
        plan[post.id] = pick.person
    return plan


def reading_words(story: M.Story, scenario: str) -> tuple[int, int]:
    """Words read and decisions taken along the scenario's historical path."""
    pt = Playthrough.start(story, scenario)
    words = decisions = 0
    for _ in range(_STEP_LIMIT):
        step = pt.current
        words += _step_words(story, step)
        if step.kind == "ending":
            break
        if step.kind == "choice":
            decisions += 1
            pick = next((o for o in step.options if o.historical), step.options[0])
            pt.choose(pick.index)
        elif step.kind == "appointments":
            decisions += 1
            pt.appoint(_historical_board(step))
        else:
            pt.advance()
    return words, decisions


def minutes(story: M.Story, scenario: str) -> int:
    """About how many minutes the scenario takes, to the nearest minute (so chapters add up to the road)."""
    words, decisions = reading_words(story, scenario)
    raw = words / WORDS_PER_MINUTE + decisions * SECONDS_PER_DECISION / 60
    return max(1, round(raw))


def all_minutes(story: M.Story) -> dict[str, int]:
    """Minutes for every scenario of the story, by id (a front end computes this once per story)."""
    return {sc: minutes(story, sc) for sc in story.scenarios}
