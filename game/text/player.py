"""The terminal player: plain text in, plain text out.

It takes its streams as arguments (tests pass StringIO), prints no escape codes,
and reads one choice number per line, so it serves three people at once: a
student with a screen reader, a writer scripting a playthrough, and the golden
transcript tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from ..engine.playthrough import Playthrough, Step, StoryRuntimeError
from ..engine.saves import SaveError, SaveStore
from ..history.dates import human_date
from ..story import model as M
from .layout import WIDTH, WebAddresses, fill, meter_changes, number_lead, plain

__all__ = ["TextPlayer", "WIDTH", "EXIT_OK", "EXIT_BAD_INPUT", "EXIT_INPUT_ENDED", "EXIT_STORY_ERROR"]

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_INPUT_ENDED = 3
EXIT_STORY_ERROR = 4


class _InputEnded(Exception):
    pass


class _Quit(Exception):
    pass


@dataclass
class TextPlayer:
    """Plays a Playthrough on a pair of text streams."""

    pt: Playthrough
    inp: TextIO
    out: TextIO
    interactive: bool = False
    store: SaveStore | None = None
    on_ending: Callable[[Playthrough, TextIO], None] | None = None
    line_no: int = 0
    met: set[str] = field(default_factory=set)  # people whose who's-who line has been printed

    # -- output --
    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def para(self, text: str, indent: str = "", first: str | None = None) -> None:
        """Say ``text`` wrapped to WIDTH (``first``: the first line's lead, e.g. an option's number)."""
        for line in fill(text, indent, first):
            self.say(line)

    def option(self, n: int, text: str, indent: str = "  ") -> None:
        """A numbered option; its wrapped lines sit under its words, not under its number."""
        first, hang = number_lead(n, indent)
        self.para(text, hang, first)

    def changes(self, before: dict[str, int]) -> None:
        """After a decision, one line of what it did to the meters (a reader cannot see the bars)."""
        self.para(meter_changes(self.pt.story, before, self.pt.meters()))

    # -- input --
    def ask(self, prompt: str) -> str:
        if self.interactive:
            self.out.write(prompt)
            self.out.flush()
        line = self.inp.readline()
        if not line:
            raise _InputEnded()
        self.line_no += 1
        answer = line.strip()
        if not self.interactive:
            self.say(f"{prompt}{answer}")
        return answer

    def pick(self, count: int, what: str) -> int | str:
        """A number 1..count, or a command (u, s, q). Re-asks after an empty line, and after
        any other bad answer on a terminal (piped input stops there, naming the line)."""
        while True:
            answer = self.ask("> ").lower()
            if not answer:
                # Enter alone never decides (issue 12.1): a player pressing Enter to read on, or a
                # console that is not a terminal, gets the question again, never an option or an exit.
                self.say(f"Nothing chosen yet: type {'1' if count == 1 else f'a number from 1 to {count}'}"
                         + (" (u = undo, s = save, q = quit)." if self.interactive else "."))
                continue
            if answer in ("u", "undo", "s", "save", "q", "quit"):
                return answer[0]
            if answer.isdigit() and 1 <= int(answer) <= count:
                return int(answer) - 1
            message = f"'{answer}' is not {what}: type a number from 1 to {count}"
            if self.interactive:
                self.say(message + " (u = undo, s = save, q = quit)")
                continue
            raise ValueError(f"input line {self.line_no}: {message}")

    # -- play --
    def run(self) -> int:
        self.say("Lines spoken by characters are dramatised. Documents quote real sources.")
        if self.interactive:
            self.say("Type a number to choose; u = undo, s = save, q = quit.")
        try:
            while True:
                step = self.pt.current
                if not self.show(step):
                    return EXIT_OK
        except _InputEnded:
            self.say()
            self.para(f"The input ended before the story did ({self._where()}). "
                      "Your progress is in the autosave.")
            self._autosave()
            return EXIT_INPUT_ENDED
        except _Quit:
            self._autosave()
            self.say("Progress saved. Goodbye.")
            return EXIT_OK
        except ValueError as exc:
            self.say(str(exc))
            return EXIT_BAD_INPUT
        except StoryRuntimeError as exc:
            self.say(f"The story cannot go on: {exc}")
            return EXIT_STORY_ERROR

    def _where(self) -> str:
        """Where the player stopped, in their words: "chapter 2: The patient at Gorki, Lenin's study"."""
        pt = self.pt
        chapter = pt.chapter
        scene = pt.current.scene
        place = f"chapter {pt.story.chapter_index(chapter.id) + 1}: {chapter.title}" if chapter else ""
        if scene.title and scene.title != (chapter.title if chapter else ""):
            place = f"{place}, {scene.title}" if place else scene.title
        return f"in {place}" if place else "at the start"

    def show(self, step: Step) -> bool:
        pt = self.pt
        story = pt.story
        if step.kind == "chapter":
            chapter = step.chapter
            number = story.chapter_index(chapter.id) + 1 if chapter else 0
            self.say()
            # No "===" rulers: a screen reader reads them out, sign by sign.
            self.para(f"Chapter {number}: {chapter.title if chapter else ''}")
            where = ", ".join(x for x in (human_date(step.date), step.place) if x)
            if where:
                self.para(where)
            self.say()
            self._autosave()
            pt.advance()
        elif step.kind == "line":
            if step.speaker is not None:
                if step.speaker.id not in self.met:
                    # Who's who, once per person (issue 12.6): a name the player can place.
                    self.met.add(step.speaker.id)
                    self.para(f"(Who's who: {who_line(step.speaker)})")
                self.para(f"{step.speaker.name}: {step.text}")
            else:
                self.para(step.text)
            self.say()
            pt.advance()
        elif step.kind == "document":
            doc = step.document
            assert doc is not None
            self.para(f"[Document] {doc.title}")
            self.para(doc.text, indent="    ")
            # A web address is spelled out letter by letter: say it once, after the source.
            links = WebAddresses()
            self.para(links.take(f"{doc.attribution}. Source: {doc.source}"), "      ", first="    — ")
            for url in links.addresses:
                self.say(f"    Web address: {url}")  # whole, on one line, even past WIDTH
            self.say()
            pt.advance()
        elif step.kind == "vote":
            tally = step.tally
            assert tally is not None
            self.para(f"[Vote] {step.prompt}: {step.text}")
            self.para(f"{tally.votes_for} for, {tally.against} against, {tally.abstain} abstaining, of"
                      f" {tally.seats}: {'carried' if tally.passed else 'defeated'}.", "    ")
            before = pt.meters()
            pt.advance()
            if pt.meters() != before:
                self.changes(before)
            self.say()
            self._autosave()
        elif step.kind == "choice":
            if step.prompt:
                self.para(step.prompt)
            for n, option in enumerate(step.options, 1):
                self.option(n, option.text)
            answer = self.pick(len(step.options), "an option")
            if self._command(answer):
                return True
            assert isinstance(answer, int)
            before = pt.meters()
            pt.choose(step.options[answer].index)
            self.changes(before)
            self.say()
            self._autosave()
        elif step.kind == "appointments":
            self._board(step)
        elif step.kind == "ending":
            ending = step.ending
            assert ending is not None
            self.para(f"Ending: {ending.title}")
            self.para(ending.summary)
            self.say()
            self._autosave()
            if self.on_ending is not None:
                self.on_ending(pt, self.out)
            return False
        return True

    def _board(self, step: Step) -> None:
        board = step.instr
        assert isinstance(board, M.Appointments)
        story = self.pt.story
        self.para(f"[Appointments] {step.prompt}")
        chosen: dict[str, str] = {}
        for post in board.posts:
            free = [c for c in post.candidates if c.person not in chosen.values()]
            self.para(f"{post.title}:", "    ", first="  ")
            for n, cand in enumerate(free, 1):
                person = story.characters.get(cand.person)
                name = person.name if person else cand.person
                note = f", {cand.note}" if cand.note else ""
                self.option(n, f"{name}{note}", indent="    ")
            answer = self.pick(len(free), "a candidate")
            if self._command(answer):
                return
            assert isinstance(answer, int)
            chosen[post.id] = free[answer].person
        before = self.pt.meters()
        self.pt.appoint(chosen)
        self.changes(before)
        self.say()
        self._autosave()

    def _command(self, answer: int | str) -> bool:
        if answer == "u":
            if self.pt.undo():
                self.say("(Back to the previous decision.)")
            else:
                self.say("(Nothing to undo.)")
            self.say()
            return True
        if answer == "s":
            if self.store is not None:
                try:
                    path = self.store.save(self.pt, "text")
                    self.say(f"(Saved to {path}.)")
                except (OSError, SaveError) as exc:
                    self.say(f"(Could not save: {exc}.)")
            return True
        if answer == "q":
            raise _Quit()
        return False

    def _autosave(self) -> None:
        if self.store is None:
            return
        try:
            self.store.autosave(self.pt)
        except OSError as exc:
            self.say(f"(Autosave failed: {exc.strerror}. Your game goes on.)")


def who_line(person: M.Character) -> str:
    """"Vyacheslav Molotov (1890–1986), Secretary of the Central Committee": who someone is, in a line."""
    years = f" ({person.years})" if person.years else ""
    title = f", {plain(person.title)}" if person.title else ""
    return f"{person.name}{years}{title}."

