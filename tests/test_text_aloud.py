"""The terminal reads well aloud (issue 12.10): no rulers, every line wrapped, options hanging
under their words, ranges and comparisons in words, web addresses said once, and after each
decision one line of what it did to the meters."""

from __future__ import annotations

import io
import re

from game.engine.playthrough import Playthrough
from game.story import model as M
from game.text.layout import WIDTH, WebAddresses, fill, meter_changes, number_lead
from game.text.player import TextPlayer
from test_debrief_first_page import campaign


class HistoricalInput(io.StringIO):
    """Types the historical option's number at every prompt (the first free candidate on a board)."""

    def __init__(self) -> None:
        super().__init__()
        self.player: TextPlayer | None = None
        self.board: dict[str, str] = {}

    def readline(self, size: int = -1) -> str:  # noqa: ARG002 - the stream's signature
        assert self.player is not None
        step = self.player.pt.current
        if step.kind == "choice":
            pick = next((i for i, o in enumerate(step.options) if o.historical), 0)
            return f"{pick + 1}\n"
        board = step.instr
        assert isinstance(board, M.Appointments)
        # the player asks post by post, offering only the candidates not yet appointed
        post = board.posts[len(self.board) % len(board.posts)]
        free = [c for c in post.candidates if c.person not in self.board.values()]
        pick = next((i for i, c in enumerate(free) if c.historical), 0)
        self.board[post.id] = free[pick].person
        if len(self.board) == len(board.posts):
            self.board = {}
        return f"{pick + 1}\n"


def play_the_road() -> str:
    story = campaign()
    inp, out = HistoricalInput(), io.StringIO()
    player = TextPlayer(Playthrough.start(story, "stalin_full"), inp, out)
    inp.player = player
    assert player.run() == 0
    return out.getvalue()


def test_the_whole_road_reads_aloud() -> None:
    text = play_the_road()
    lines = text.splitlines()
    assert "===" not in text and "---" not in text
    # every line wrapped; a web address is never cut, so its line alone may be longer
    long = [line for line in lines if len(line) > WIDTH and not line.strip().startswith("Web address: http")]
    assert long == []
    # a web address appears only on its own "Web address:" line, after the document's source
    assert [line for line in lines if "http" in line and not line.strip().startswith("Web address: http")] == []
    assert any(line.strip().startswith("Web address: https://www.marxists.org/") for line in lines)
    # after each decision, one sentence of meter changes ("... up 1, now 5 of 10")
    after = [lines[i + 1] for i, line in enumerate(lines) if re.fullmatch(r"> \d+", line)
             and i + 1 < len(lines) and lines[i + 1] and not lines[i + 1].startswith((" ", ">"))]
    assert len(after) >= 30
    odd = [line for line in after if not re.match(r"No meter changed\.$|[^;]+ (up|down) \d+, now \d+ of 10\b", line)]
    assert odd == []
    assert any(line != "No meter changed." for line in after)
    # wrapped options sit under their words, not under their number
    for i, line in enumerate(lines[:-1]):
        m = re.match(r"( {2}| {4})(1?\d)\. ", line)  # an option (2 spaces) or a candidate (4)
        nxt = lines[i + 1]
        if m and nxt.strip() and not re.match(r" +\d+\. |>", nxt) and nxt.startswith(" "):
            assert len(nxt) - len(nxt.lstrip()) == len(m.group(0)), (line, nxt)


def test_a_wrapped_option_hangs_under_its_words() -> None:
    first, hang = number_lead(3)
    lines = fill("Wire back, rough but friendly, and hint that you could always resign. Then talk until"
                 " you find a version that leaves the apparatus in your hands.", hang, first)
    assert lines[0].startswith("  3. Wire back") and len(lines) > 1
    assert all(line.startswith("     ") and not line.startswith("      ") for line in lines[1:])
    assert all(len(line) <= WIDTH for line in lines)


def test_web_addresses_are_gathered_once() -> None:
    links = WebAddresses()
    text = links.take("Wikipedia, 'X', https://en.wikipedia.org/wiki/X. See also https://en.wikipedia.org/wiki/X;"
                      " and https://example.org/y")
    assert text == "Wikipedia, 'X', (web address 1). See also (web address 1); and (web address 2)"
    assert links.lines() == ["", "Web addresses", "1. https://en.wikipedia.org/wiki/X", "2. https://example.org/y"]


def test_meter_changes_in_one_sentence() -> None:
    story = campaign()
    names = [v.name for v in story.meters()][:2]
    labels = [v.label for v in story.meters()][:2]
    line = meter_changes(story, {names[0]: 4, names[1]: 6}, {names[0]: 5, names[1]: 3})
    assert line == f"{labels[0]} up 1, now 5 of 10; {labels[1]} down 3, now 3 of 10."
    assert meter_changes(story, {names[0]: 4}, {names[0]: 4}) == "No meter changed."
