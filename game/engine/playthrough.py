"""A Playthrough: one player's way through a Story, as plain data plus a pull API.

In the spirit of ink's runtime, front ends ask and the engine answers: what is
the current step, advance past it, which options are open, choose one, undo.
The engine does no I/O and never imports pygame; the window, the terminal
player, the playtester and the tests all drive it the same way.

There is one interpreter: :meth:`Playthrough._continue` runs a scene's compiled
instructions (game/story/model.py) from a position, silently through ``set``,
``if`` and ``goto``, until it reaches a visible one; the ``_show_*`` method for that
kind of instruction (for a line, the loop itself) makes the :class:`Step` the player
sees. Whatever can be worked out ahead of play the loader has already put in the
compiled story (loader._compile_views): the steps and transcript entries of lines
without slots, option views, whole choices that cannot vary, effects' bounds and
constants. Nothing is cached beside the story.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from operator import itemgetter
from typing import Any

from ..story import model as M
from ..story.expr import Value

# The step views live with the story (the loader makes some ahead); front ends import them from here.
from ..story.views import OptionView as OptionView
from ..story.views import Step as Step
from ..story.views import Tally as Tally
from ..story.views import tuple_new as _tuple_new
from .state import FORMAT, FORMAT_VERSION, SaveError, State, UndoPoint

__all__ = ["UNDO_LIMIT", "NotNow", "OptionView", "Playthrough", "SaveError", "State", "Step", "StoryRuntimeError",
           "Tally", "UndoPoint"]

#: How many decisions back rollback can go.
UNDO_LIMIT = 200
#: Silent instructions (set, if, goto) allowed between two visible beats.
_SILENT_LIMIT = 10_000
_SILENT_STEPS = range(_SILENT_LIMIT)
# The instructions _continue tells apart at every step, by name (cheaper than M.<name>).
_Line, _JumpUnless, _Jump, _SetVars, _Goto = M.Line, M.JumpUnless, M.Jump, M.SetVars, M.Goto


class StoryRuntimeError(Exception):
    """The story cannot go on (a writer's bug the checker could not see)."""

    def __init__(self, message: str, loc: M.Loc | None = None) -> None:
        super().__init__(f"{loc}: {message}" if loc else message)
        self.message = message
        self.loc = loc


class NotNow(Exception):
    """A front end asked for something the current step does not allow."""


class Playthrough:
    """One run of a story. Create with :meth:`start`; rebuild a saved one with :meth:`restore`.

    ``current`` is the step the player sees now (read it; only the engine sets it).
    """

    def __init__(self, story: M.Story, state: State) -> None:
        self.story = story
        self.state = state
        self._undo: list[UndoPoint] = []
        # The step the player sees now: a plain attribute rather than a property,
        # because every front end reads it at every step (bench/story.py). Set by
        # _continue before any read.
        self.current: Step = None  # type: ignore[assignment]
        self._meter_names = names = tuple(v.name for v in story.meters())
        # The meters' values as a tuple, in one call (itemgetter of one name gives the value alone).
        self._meter_values: Callable[[Mapping[str, Value]], tuple[Value, ...]] = (
            itemgetter(*names) if len(names) > 1 else (lambda env: tuple(env[n] for n in names)))
        # state.terms as a set, so that noting a term is one lookup (only the engine
        # changes state.terms: _note, and undo, which makes this again).
        self._seen = set(state.terms)

    # -- starting ------------------------------------------------------------------

    @classmethod
    def start(cls, story: M.Story, scenario: str | None = None, seed: int = 0,
              scene: str | None = None, overrides: Mapping[str, Value] | None = None) -> Playthrough:
        """Begin a scenario (default: the first), applying its preset variables.

        ``scene`` jumps straight to a scene (writers testing their work);
        ``overrides`` then sets variables on top of the scenario's presets.
        """
        if scenario is None:
            scenario = next(iter(story.scenarios))
        if scenario not in story.scenarios:
            raise KeyError(scenario)
        sc = story.scenarios[scenario]
        initial = {name: var.initial for name, var in story.variables.items()}
        state = State(sc.id, sc.role, seed, scene or sc.start, 0, initial)
        pt = cls(story, state)
        pt._apply(sc.preset)
        if overrides:
            for name, value in overrides.items():
                initial[name] = story.variables[name].clamp(value)
        if scene is not None:
            state.chapter = story.scene_chapter.get(scene)
        pt._enter(state.scene)
        pt._continue(0)
        return pt

    # -- saving and restoring --------------------------------------------------------

    def to_json(self, meta: dict[str, Any] | None = None) -> dict[str, Any]:
        """The whole playthrough as JSON-ready data (format and version inside), undo history included.

        ``meta`` adds to what a save list shows of it (chapter, scene title, date, scenario).
        """
        story, s = self.story, self.state
        scene = story.scenes[s.scene]
        chapter = self.chapter
        info = {
            "chapter": chapter.title if chapter else "",
            "scene_title": scene.title,
            "date": scene.date or (self.current.date if self.current.kind == "chapter" else ""),
            "scenario": story.scenarios[s.scenario].title if s.scenario in story.scenarios else "",
        }
        info.update(meta or {})
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "story": {"id": story.id, "version": story.version, "hash": story.content_hash},
            "saved_at": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "meta": info,
            "fingerprint": s.fingerprint(story),
            "state": s.to_json(),
            "undo": [point.to_json() for point in self._undo],
        }

    @classmethod
    def restore(cls, story: M.Story, data: Any) -> tuple[Playthrough, str]:
        """Rebuild a playthrough from :meth:`to_json`'s data: it and a notice ('' when all went as saved).

        A save made before the story changed resumes where its position still exists, and
        otherwise at the start of its chapter, saying so. Raises ``SaveError`` for anything
        that is not a usable save of this story.
        """
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise SaveError("this is not an After Lenin save file")
        version = data.get("version")
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise SaveError("this save was made by a newer version of the game; update the game to load it")
        meta = data.get("story")
        if not isinstance(meta, dict) or meta.get("id") != story.id:
            shown = str(meta.get("id")) if isinstance(meta, dict) else "unknown"
            raise SaveError(f"this save belongs to another story ({shown}), not '{story.id}'")
        state, notices = State.from_json(story, data.get("state"), version)
        fingerprint = state.fingerprint(story)
        undo_raw: list[Any] = []
        if not fingerprint or fingerprint != data.get("fingerprint"):
            notices.append(state.move_to_chapter_start(story))  # the old undo points refer to positions that moved
        elif isinstance(data.get("undo"), list):
            undo_raw = data["undo"]
        undo: list[UndoPoint] = []
        for item in undo_raw[-UNDO_LIMIT:]:
            point = UndoPoint.from_json(story, item)
            if point is None:
                undo.clear()  # a broken history is dropped whole, never half-kept
                notices.append("the rollback history could not be restored")
                break
            undo.append(point)
        pt = cls(story, state)
        pt._undo = undo
        try:
            pt._continue(state.pc)  # the step at the saved position
        except StoryRuntimeError as exc:
            raise SaveError(f"the story cannot continue from this save: {exc.message}") from None
        if meta.get("hash") != story.content_hash and not notices:
            notices.append("the story has changed since this save; it continues where it was")
        return pt, "; ".join(notices)

    # -- reading -------------------------------------------------------------------

    @property
    def finished(self) -> bool:
        return self.state.ending is not None

    @property
    def variables(self) -> Mapping[str, Value]:
        return self.state.variables

    def meters(self) -> dict[str, int]:
        variables = self.state.variables
        return {name: int(variables[name]) for name in self._meter_names}

    @property
    def chapter(self) -> M.Chapter | None:
        return self.story.chapter(self.state.chapter)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def undo_depth(self) -> int:
        return len(self._undo)

    def fork(self) -> Playthrough:
        """An independent copy (for search): same story, copied state, no undo history."""
        s = self.state
        state = State(s.scenario, s.role, s.seed, s.scene, s.pc, dict(s.variables), dict(s.visits), s.chapter,
                      list(s.log), list(s.snapshots), list(s.transcript), list(s.terms), s.ending, s.decisions)
        other = Playthrough(self.story, state)
        other.current = self.current
        return other

    # -- acting --------------------------------------------------------------------

    def advance(self) -> None:
        """Go past a line, document, chapter card or vote."""
        kind = self.current.kind
        if kind == "line" or kind == "document" or kind == "chapter":
            self._continue(self.state.pc + 1)
        elif kind == "vote":
            self._cast_vote()
        elif kind == "ending":
            raise NotNow("the story has ended")
        else:
            raise NotNow(f"a {kind} needs a decision, not advance()")

    def choose(self, index: int) -> None:
        """Take option ``index`` (an ``OptionView.index``) of the current choice."""
        step = self.current
        if step.kind != "choice":
            raise NotNow("there is no choice to make")
        for open_option in step.options:
            if open_option[0] == index:  # its index (by position: cheaper than by name)
                break
        else:
            raise NotNow(f"option {index} is not open")
        choice: M.Choice = step.instr  # type: ignore[assignment]
        option = choice.options[index]
        s = self.state
        self._mark()
        text = option.text.plain
        if text is None:
            text = option.text.render(s.variables)
        self._append({"kind": "choice", "text": text, "prompt": step.prompt})
        s.decisions += 1
        # As _log, in one literal (the keys in the order saves have always had): choose() runs at every choice.
        s.log.append({"kind": "choice", "option": index, "text": text, "historical": option.historical,
                      "id": choice.id, "scene": s.scene, "chapter": s.chapter, "n": s.decisions,
                      "meters": self._meters()})
        if option.effects:
            self._apply(option.effects)
        if option.reaction is not None:  # its own beats first; they end by going on
            self._continue(option.reaction)
        else:
            self._go_on(option.next)

    def appoint(self, assignment: Mapping[str, str]) -> None:
        """Fill every post of the current board: ``{post id: person id}``."""
        step = self.current
        if step.kind != "appointments":
            raise NotNow("there is no appointments board")
        board = step.instr
        assert isinstance(board, M.Appointments)
        chosen: list[M.Candidate] = []
        people: set[str] = set()
        for post in board.posts:
            person = assignment.get(post.id)
            for cand in post.candidates:
                if cand.person == person:
                    break
            else:
                raise NotNow(f"post '{post.id}' needs one of its candidates")
            if person in people:
                raise NotNow(f"'{person}' cannot fill two posts")
            people.add(person)
            chosen.append(cand)
        self._mark()
        self._log(board, {
            "kind": "appointments",
            "posts": {p.id: c.person for p, c in zip(board.posts, chosen)},
            "historical": {p.id: c.historical for p, c in zip(board.posts, chosen)},
        })
        for cand in chosen:
            self._apply(cand.effects)
        self._continue(self.state.pc + 1)

    def undo(self) -> bool:
        """Step back to just before the previous decision. False if there is none."""
        if not self._undo:
            return False
        point = self._undo.pop()
        # Every state of a playthrough shares its scenario, role, seed and lists.
        now = self.state
        state = State(now.scenario, now.role, now.seed, point.scene, point.pc, point.variables, point.visits,
                      point.chapter, now.log, now.snapshots, now.transcript, now.terms, point.ending,
                      point.decisions)
        del state.log[point.log:]
        del state.snapshots[point.snapshots:]
        del state.transcript[point.transcript:]
        del state.terms[point.terms:]
        self.state = state
        self._seen = set(state.terms)
        self._continue(state.pc)
        return True

    # -- the interpreter -----------------------------------------------------------

    def _continue(self, pc: int) -> None:
        """Run the current scene from ``pc`` until a visible instruction, and show it.

        ``set``, ``if`` (a conditional jump) and ``goto`` run silently; so does going
        past a scene's last beat into its ``next:`` scene. The position is written to
        the state before anything that reads it or can fail, so that an error leaves
        the state where it happened.
        """
        s = self.state
        env = s.variables
        scene = self.story.scenes[s.scene]
        code = scene.code
        for _ in _SILENT_STEPS:
            if pc >= len(code):  # past the last beat: on to the next scene
                s.pc = pc
                if scene.next is None:
                    raise StoryRuntimeError(f"scene '{scene.id}' ends without an ending or next:", scene.loc)
                scene = self._enter(scene.next)
                code, pc = scene.code, 0
                continue
            instr = code[pc]
            kind = type(instr)  # by class, not isinstance: this runs at every instruction
            if kind is _Line:
                # Most steps of play are lines: shown here rather than by a _show_ method.
                s.pc = pc
                line: M.Line = instr  # type: ignore[assignment]
                shown = line.shown  # made by the loader when the text has no slots
                step, entry = shown if shown is not None else self._make_line(scene, line)
                terms = line.text.terms
                if terms and not self._seen.issuperset(terms):
                    self._note(terms)
                transcript = s.transcript  # as _append
                if not transcript or (transcript[-1] is not entry and transcript[-1] != entry):
                    transcript.append(entry)
                self.current = step
                return
            if kind is _JumpUnless:
                pc = pc + 1 if instr.condition.evaluate(env) else instr.target  # type: ignore[union-attr]
            elif kind is _Jump:
                pc = instr.target  # type: ignore[union-attr]
            elif kind is _SetVars:
                s.pc = pc
                self._apply(instr.effects)  # type: ignore[union-attr]
                pc += 1
            elif kind is _Goto:
                s.pc = pc
                scene = self._enter(instr.scene)  # type: ignore[union-attr]
                code, pc = scene.code, 0
            else:
                s.pc = pc
                self.current = _SHOW[kind](self, scene, instr)
                return
        s.pc = pc
        raise StoryRuntimeError("the story goes round in circles without showing anything", scene.loc)

    def _make_line(self, scene: M.Scene, line: M.Line) -> tuple[Step, dict[str, Any]]:
        """The step and transcript entry of a line with slots (the loader makes the others)."""
        text = line.text.render(self.state.variables)
        speaker = self.story.characters.get(line.speaker) if line.speaker else None
        # Positional, without Step's Python-level __new__.
        step = _tuple_new(Step, ("line", scene, line, text, speaker, None, "", (), None, "", "", None, None))
        return step, {"kind": "line", "speaker": line.speaker, "text": text}

    def _show_document(self, scene: M.Scene, beat: M.ShowDocument) -> Step:
        doc = self.story.documents[beat.document]
        self._append({"kind": "document", "document": doc.id, "text": doc.title})
        return Step("document", scene, beat, text=doc.text, document=doc)

    def _show_choice(self, scene: M.Scene, choice: M.Choice) -> Step:
        step = choice.shown  # made by the loader when nothing in it varies
        if step is None:
            env = self.state.variables
            opened: list[OptionView] = []
            for i, o in enumerate(choice.options):  # a loop, not a generator: this runs at every choice
                if o.condition is None or o.condition.evaluate(env):
                    view = o.view  # made by the loader when the text has no slots
                    opened.append(view if view is not None else
                                  _tuple_new(OptionView, (i, o.text.render(env), o.historical)))
            if not opened:
                raise StoryRuntimeError(f"no option of choice '{choice.id}' is open", choice.loc)
            prompt = choice.prompt.render(env) if choice.prompt is not None else ""
            step = _tuple_new(Step, ("choice", scene, choice, "", None, None, prompt, tuple(opened), None, "", "",
                                     None, None))
        terms = choice.terms  # the prompt's and every option's, shown or not
        if terms and not self._seen.issuperset(terms):
            self._note(terms)
        return step

    def _show_chapter(self, scene: M.Scene, card: M.ChapterCard) -> Step:
        s = self.state
        only = self.story.scenarios[s.scenario].chapter
        if only is not None and card.chapter != only and s.chapter == only:
            return self._end(scene, card, M.CHAPTER_END + only)  # a one-chapter scenario is over
        if card.chapter != s.chapter:
            self._snapshot_chapter()
            s.chapter = card.chapter
        chapter = self.story.chapter(card.chapter)
        date = card.date or scene.date
        place = card.place or scene.place
        self._append({"kind": "chapter", "chapter": card.chapter, "text": chapter.title if chapter else "",
                      "date": date, "place": place})
        return Step("chapter", scene, card, chapter=chapter, date=date, place=place)

    def _show_vote(self, scene: M.Scene, vote: M.Vote) -> Step:
        env = self.state.variables
        seats = vote.seats
        votes_for = _clamp_int(vote.votes_for.evaluate(env), 0, seats)
        abstain = _clamp_int(vote.abstain.evaluate(env), 0, seats - votes_for) if vote.abstain else 0
        tally = Tally(votes_for, seats - votes_for - abstain, abstain, seats)
        motion = vote.motion.render(env)
        if vote.motion.terms:
            self._note(vote.motion.terms)
        self._append({"kind": "vote", "text": motion, "body": vote.body, "for": votes_for, "against": tally.against,
                      "abstain": abstain, "passed": tally.passed})
        return Step("vote", scene, vote, text=motion, prompt=vote.body, tally=tally, date=vote.date)

    def _show_board(self, scene: M.Scene, board: M.Appointments) -> Step:
        if board.prompt.terms:
            self._note(board.prompt.terms)
        return Step("appointments", scene, board, prompt=board.prompt.render(self.state.variables))

    def _show_ending(self, scene: M.Scene, beat: M.EndingBeat) -> Step:
        return self._end(scene, beat, beat.ending)

    def _end(self, scene: M.Scene, instr: M.Instr, ending_id: str) -> Step:
        s = self.state
        ending = self.story.ending(ending_id)
        assert ending is not None
        if s.ending is None:
            self._snapshot_chapter()
            s.ending = ending_id
            self._append({"kind": "ending", "ending": ending_id, "text": ending.title})
        return Step("ending", scene, instr, ending=ending)

    def _cast_vote(self) -> None:
        """Go past a vote: its outcome's effects, then on (the tally is the step's)."""
        step = self.current
        vote = step.instr
        tally = step.tally
        assert isinstance(vote, M.Vote) and tally is not None
        passed = tally.passed
        self._mark()
        self._log(vote, {"kind": "vote", "passed": passed, "for": tally.votes_for, "against": tally.against,
                         "abstain": tally.abstain, "seats": tally.seats})
        outcome = vote.passed if passed else vote.failed
        self._apply(outcome.effects)
        self._go_on(outcome.next)

    def _go_on(self, following: str | None) -> None:
        """Go on after a decision: into the ``following`` scene if there is one, else past the decision."""
        if following is None:
            self._continue(self.state.pc + 1)
        else:
            self._enter(following)
            self._continue(0)

    # -- the state -----------------------------------------------------------------

    def _enter(self, scene_id: str) -> M.Scene:
        scene = self.story.scenes.get(scene_id)
        if scene is None:
            raise StoryRuntimeError(f"unknown scene '{scene_id}'")
        s = self.state
        s.scene = scene_id
        s.pc = 0
        s.visits[scene_id] = s.visits.get(scene_id, 0) + 1
        return scene

    def _apply(self, effects: tuple[M.Effect, ...]) -> None:
        env = self.state.variables
        for eff in effects:
            name = eff.variable
            value = eff.constant
            if value is None:
                value = eff.expr.evaluate(env)
            if eff.mode == "add":
                value = env[name] + value  # type: ignore[operator]
            # The declared range, which the loader copied onto the effect: effects
            # saturate rather than fail (Variable.clamp).
            low, high = eff.low, eff.high
            if low is not None and value < low:  # type: ignore[operator]
                value = low
            elif high is not None and value > high:  # type: ignore[operator]
                value = high
            env[name] = value

    def _mark(self) -> None:
        """Make the undo point for the decision about to be taken."""
        s = self.state
        undo = self._undo
        undo.append(UndoPoint(s.scene, s.pc, s.variables.copy(), s.visits.copy(), s.chapter, s.ending, s.decisions,
                              len(s.log), len(s.snapshots), len(s.transcript), len(s.terms)))
        if len(undo) > UNDO_LIMIT:
            del undo[0]

    def _log(self, instr: M.Choice | M.Vote | M.Appointments, entry: dict[str, Any]) -> None:
        """Add a decision to the log (with the keys in the order saves have always had)."""
        s = self.state
        s.decisions += 1
        entry["id"] = instr.id
        entry["scene"] = s.scene
        entry["chapter"] = s.chapter
        entry["n"] = s.decisions
        entry["meters"] = self._meters()
        s.log.append(entry)

    def _meters(self) -> dict[str, Value]:
        """The meters now, as the decision log records them: ``{name: value}``."""
        names = self._meter_names
        return dict(zip(names, self._meter_values(self.state.variables)))

    def _snapshot_chapter(self) -> None:
        s = self.state
        chapter = s.chapter
        if chapter is None:
            return
        for x in s.snapshots:
            if x["chapter"] == chapter:
                return
        s.snapshots.append({"chapter": chapter, "meters": self.meters()})

    def _append(self, entry: dict[str, Any]) -> None:
        """Add to the transcript, once: a step shown again after undo or load is not shown twice."""
        transcript = self.state.transcript
        if not transcript or transcript[-1] != entry:
            transcript.append(entry)

    def _note(self, terms: tuple[str, ...]) -> None:
        """Add the glossary ids not seen yet to state.terms, in order."""
        seen = self._seen
        for term in terms:
            if term not in seen:
                seen.add(term)
                self.state.terms.append(term)


#: Which ``_show_*`` method makes the step of each visible instruction.
_SHOW: dict[type, Callable[[Playthrough, M.Scene, Any], Step]] = {
    M.ShowDocument: Playthrough._show_document,
    M.Choice: Playthrough._show_choice,
    M.ChapterCard: Playthrough._show_chapter,
    M.Vote: Playthrough._show_vote,
    M.Appointments: Playthrough._show_board,
    M.EndingBeat: Playthrough._show_ending,
}


def _clamp_int(value: Value, low: int, high: int) -> int:
    return max(low, min(high, int(value)))
