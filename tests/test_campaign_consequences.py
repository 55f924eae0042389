"""Consequences follow and menus are real menus (issue 12.4), and appointment cards describe
people as they were on the board's date (issue 12.7) — measured on the shipped campaign.

Every expectation is computed from scenes/ itself: which variables the story reads, which
options it offers, what a board's card shows. Nothing here is copied from output.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict

from campaign_helpers import campaign

from game.engine.playthrough import Playthrough
from game.story import model as M
from game.story.expr import build
from game.tools.playtest import Report, decide


def _read_variables(story: M.Story) -> set[str]:
    """Every variable some condition, vote, effect or {slot} of the story reads."""
    names: set[str] = set()
    for scene in story.scenes.values():
        for instr in scene.code:
            if isinstance(instr, M.JumpUnless):
                names |= instr.condition.tree.names()
            elif isinstance(instr, M.Line):
                names |= {p[0] for p in instr.text.parts if isinstance(p, tuple)}
            elif isinstance(instr, M.Choice):
                for option in instr.options:
                    if option.condition is not None:
                        names |= option.condition.tree.names()
                    names |= {n for e in option.effects for n in e.expr.tree.names()}
            elif isinstance(instr, M.Vote):
                names |= instr.votes_for.tree.names()
                if instr.abstain is not None:
                    names |= instr.abstain.tree.names()
    return names


def _visible(story: M.Story, effects: tuple[M.Effect, ...], read: set[str]) -> list[str]:
    """The effects a player can notice: a meter that moves, or a variable the story reads later."""
    out = []
    for e in effects:
        if e.mode == "add" and e.expr.source.strip().lstrip("+-").strip() == "0":
            continue  # "+0" changes nothing
        if story.variables[e.variable].meter or e.variable in read:
            out.append(e.variable)
    return out


def test_every_option_leaves_a_trace() -> None:
    story = campaign()
    read = _read_variables(story)
    traceless: list[str] = []
    for _scene, _pc, decision in story.decisions():
        if isinstance(decision, M.Choice):
            nexts = [o.next for o in decision.options]
            for option in decision.options:
                own_reaction = option.next is not None and nexts.count(option.next) == 1
                if not own_reaction and not _visible(story, option.effects, read):
                    traceless.append(f"{option.loc}: {decision.id}: {option.text.source[:60]}")
        elif isinstance(decision, M.Appointments):
            for post in decision.posts:
                for cand in post.candidates:
                    if not _visible(story, cand.effects, read):
                        traceless.append(f"{decision.loc}: {decision.id}/{post.id}: {cand.person}")
    assert traceless == [], "options with no reaction, no visible meter change and nothing read later"


def test_the_trace_check_sees_a_silent_option() -> None:
    # The check above must be able to fail: no effect is no trace, "+0" is no trace,
    # a meter change is one.
    story = campaign()
    read = _read_variables(story)
    option = next(o for _s, _p, d in story.decisions() if isinstance(d, M.Choice) for o in d.options
                  if any(story.variables[e.variable].meter and e.mode == "add" for e in o.effects))
    meter_effect = next(e for e in option.effects if story.variables[e.variable].meter and e.mode == "add")
    zero = M.Effect(meter_effect.variable, "add", build("0", {}), meter_effect.loc)
    assert _visible(story, (), read) == []
    assert _visible(story, (zero,), read) == []
    assert _visible(story, (meter_effect,), read) == [meter_effect.variable]


def _menus(runs_per_scenario: int, seed: int) -> dict[str, int]:
    """The fewest options each choice showed over the playtester's random runs."""
    story = campaign()
    fewest: dict[str, int] = defaultdict(lambda: 10**6)
    report = Report()
    for scenario in story.scenarios:
        for n in range(runs_per_scenario):
            rng = random.Random(seed + n)
            pt = Playthrough.start(story, scenario, seed=seed + n)
            while not pt.finished and pt.current.kind != "ending":
                step = pt.current
                if step.kind == "choice":
                    assert isinstance(step.instr, M.Choice)
                    fewest[step.instr.id] = min(fewest[step.instr.id], len(step.options))
                decide(pt, rng, report)
    return dict(fewest)


def test_never_a_one_option_menu() -> None:
    story = campaign()
    fewest = _menus(runs_per_scenario=120, seed=3)
    choices = {d.id for _s, _p, d in story.decisions() if isinstance(d, M.Choice)}
    assert set(fewest) == choices, f"choices never met in the runs: {sorted(choices - set(fewest))}"
    assert {c: n for c, n in fewest.items() if n < 2} == {}


def _fewest_free(posts: tuple[M.Post, ...], taken: frozenset[str] = frozenset()) -> tuple[int, str]:
    """Filling posts in order, as the terminal asks them: the fewest candidates a post can
    have left once earlier posts took theirs, and which post that is."""
    if not posts:
        return (10**6, "")
    post, rest = posts[0], posts[1:]
    free = [c.person for c in post.candidates if c.person not in taken]
    worst = (len(free), post.id)
    for person in free:
        worst = min(worst, _fewest_free(rest, taken | {person}))
    return worst


def test_every_post_offers_a_real_choice() -> None:
    boards = [d for _s, _p, d in campaign().decisions() if isinstance(d, M.Appointments)]
    assert boards
    narrow = {}
    for board in boards:
        fewest, post = _fewest_free(board.posts)
        if fewest < 2:
            narrow[f"{board.id}/{post}"] = fewest
    assert narrow == {}, "a post left with one candidate once earlier posts are filled"


def test_the_board_check_sees_a_narrow_post() -> None:
    a, b = M.Candidate("a", (), False, ""), M.Candidate("b", (), False, "")
    posts = (M.Post("first", "First", (a, b)), M.Post("second", "Second", (a, b)))
    assert _fewest_free(posts) == (1, "second")


_YEAR = re.compile(r"\b(1[89]\d\d)\b")


def _card_texts(story: M.Story, board: M.Appointments) -> list[str]:
    """What a board shows: its prompt, each post's title, and under each candidate the note
    (or, with no note, the character's title, as the window does)."""
    texts = [board.prompt.source]
    for post in board.posts:
        texts.append(post.title)
        for cand in post.candidates:
            person = story.characters.get(cand.person)
            texts.append(cand.note or (person.title if person else ""))
    return texts


def test_appointment_cards_name_no_later_year() -> None:
    story = campaign()
    boards = [(scene, d) for scene, _pc, d in story.decisions() if isinstance(d, M.Appointments)]
    assert boards
    late: list[str] = []
    for scene, board in boards:
        year = int(scene.date[:4])
        for text in _card_texts(story, board):
            later = [y for y in _YEAR.findall(text) if int(y) > year]
            if later or "(from" in text:
                late.append(f"{board.id} ({scene.date}): {text}")
    assert late == []


def test_the_year_check_sees_a_later_year() -> None:
    assert _YEAR.findall("People's Commissar of Trade (from 1926)") == ["1926"]
    assert _YEAR.findall("a young party organiser") == []
