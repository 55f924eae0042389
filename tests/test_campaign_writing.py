"""Fewer names and numbers per screen, and the player's own voice at decisions (issue 12.6),
measured on the shipped campaign.

- Before every choice and appointments board, the role's own character has one short line:
  the player's inner voice, dramatised as every say: line is (the window and the terminal
  mark character lines as dramatisation).
- Statistics (counts of votes, delegates, members) live in the historical records the
  debrief shows, not in the narration: outside the endings, a narration screen carries at
  most one. The endings keep the human cost of what followed, in historians' ranges.
"""

from __future__ import annotations

import re

from campaign_helpers import campaign

from game.story import model as M

#: An inner-voice line is brief: a thought, not a speech.
INNER_VOICE_MAX_WORDS = 20
#: A statistic: a number of three or more digits (1,500 or 735881) that is not a year.
_STATISTIC = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d{3,}\b")
_YEAR = re.compile(r"^1[89]\d\d$")


def _role_characters(story: M.Story) -> set[str]:
    return {role for role in story.roles if role in story.characters}


def test_every_decision_has_an_inner_voice_line_before_it() -> None:
    story = campaign()
    voices = _role_characters(story)
    assert voices, "a role should be a character too (its portrait and name plate)"
    missing: list[str] = []
    long: list[str] = []
    decisions = 0
    for scene in story.scenes.values():
        for pc, instr in enumerate(scene.code):
            if not isinstance(instr, (M.Choice, M.Appointments)):
                continue
            decisions += 1
            before = scene.code[pc - 1] if pc else None
            if not (isinstance(before, M.Line) and before.speaker in voices):
                missing.append(f"{instr.loc}: {instr.id}")
            elif len(before.text.source.split()) > INNER_VOICE_MAX_WORDS:
                long.append(f"{before.loc}: {before.text.source}")
    assert decisions >= 30
    assert missing == [], "decisions without the player's inner voice just before them"
    assert long == []


def _statistics(text: str) -> list[str]:
    return [m.group(0) for m in _STATISTIC.finditer(text) if not _YEAR.match(m.group(0))]


def test_statistics_stay_out_of_the_narration() -> None:
    story = campaign()
    crowded: list[str] = []
    for scene in story.scenes.values():
        if any(isinstance(i, M.EndingBeat) for i in scene.code):
            continue  # the endings give the human cost, in historians' ranges
        for instr in scene.code:
            if isinstance(instr, M.Line) and instr.speaker is None:
                found = _statistics(instr.text.source)
                if len(found) > 1:
                    crowded.append(f"{instr.loc}: {', '.join(found)}")
    assert crowded == []


def test_the_statistic_pattern() -> None:
    assert _statistics("Its 748 voting delegates speak for 735,881 members, in 1924.") == ["748", "735,881"]
    assert _statistics("On 23 May 1924 the congress opens.") == []
