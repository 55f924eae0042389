"""The window's one door into the engine: story loading, play, saves, reload.

Screens never touch YAML or story logic; they call a :class:`Session`, which
drives the engine's pull API (advance, choose, appoint, undo) exactly as the
terminal player does, autosaves at every decision and chapter card, remembers
how the meters just moved, and — for writers — reloads a changed story and
replays the decision log so play continues where it was.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.playthrough import Playthrough, Step
    from ..engine.saves import SaveInfo, SaveStore
    from ..engine.start import Start
    from ..story import model as M
    from ..story.diagnostics import Diagnostic

# The engine is imported when first needed, not at start-up: the title screen is on
# screen before any of it (or the story) is loaded.
AUTOSAVE = "autosave"
QUICKSAVE = "quicksave"

@dataclass(frozen=True)
class Problem:
    """Why the story cannot be played right now: diagnostics (file:line:col) or a runtime error."""

    title: str
    diagnostics: tuple[Diagnostic, ...] = ()
    message: str = ""


def load(story_dir: Path) -> tuple[M.Story | None, list[Diagnostic]]:
    """Open a story folder through the one door, exactly as ``after-lenin check`` does."""
    from ..story import assets_beside, open_story

    opened = open_story(story_dir, assets=assets_beside(story_dir))
    return opened.story, list(opened.diagnostics)


class Session:
    """One player's game: the story, the playthrough and the saves folder."""

    def __init__(self, story_dir: Path, data_dir: Path) -> None:
        self.story_dir = Path(story_dir)
        self.data_dir = Path(data_dir)
        self._store: SaveStore | None = None
        self.story: M.Story | None = None
        self.problem: Problem | None = None
        self.pt: Playthrough | None = None
        self.start_spec: Start | None = None  # how the playthrough began: a reload begins it again
        self.version = 0  # bumped whenever what the player sees may have changed
        self.deltas: dict[str, int] = {}  # how each meter just moved (name -> change)
        self.delta_serial = 0
        self.steps_since_decision = 0
        self.notice = ""  # one sentence for the player (a save's notice, an autosave failure)
        self.on_saved: Callable[[str], None] | None = None  # writes a slot's thumbnail
        self.assignment: Any = None  # a game.classroom Assignment, when one is open
        self.assignment_file: Path | None = None
        self.answers: dict[str, Any] = {}  # reflection answers (game.history.questions.Answer)
        self._minutes: dict[str, int] | None = None
        self.met: set[str] = set()  # people whose who's-who card has been shown in this game  # each scenario's length, counted once per story

    @property
    def store(self) -> SaveStore:
        if self._store is None:
            from ..engine.saves import SaveStore

            self._store = SaveStore(self.data_dir)
        return self._store

    # -- the story -------------------------------------------------------------------

    def load_story(self) -> bool:
        """(Re)load the story folder. False, with ``problem`` set, when it has errors."""
        from ..story.diagnostics import ERROR

        story, diagnostics = load(self.story_dir)
        if story is None:
            errors = tuple(d for d in diagnostics if d.severity == ERROR) or tuple(diagnostics)
            self.problem = Problem("The story has errors", errors)
            return False
        self.story = story
        self.problem = None
        self._minutes = None
        return True

    def minutes(self, scenario: str) -> int:
        """About how long a scenario takes (from its words, as every front end counts them)."""
        if self._minutes is None:
            from ..engine.length import all_minutes

            assert self.story is not None
            self._minutes = all_minutes(self.story)
        return self._minutes.get(scenario, 0)

    @property
    def ready(self) -> bool:
        return self.story is not None

    def reload(self) -> bool:
        """Reload the story and replay the decision log on it; False (and ``problem``) on errors.

        The playthrough is rebuilt by starting the same way and re-taking each logged
        decision in order, then walking forward to the line that was on screen
        (game/engine/replay.py). Where the story changed too much, play stops at the
        first decision that no longer fits, and ``notice`` says so.
        """
        old = self.pt
        spec = self.start_spec
        if not self.load_story():
            return False
        self.version += 1
        if old is None or spec is None:
            return True
        assert self.story is not None
        from ..engine.playthrough import StoryRuntimeError
        from ..engine.replay import replay

        try:
            pt, notice = replay(self.story, spec, old.state.log, (old.state.scene, old.state.pc),
                                self.steps_since_decision)
        except (StoryRuntimeError, KeyError) as exc:
            self.problem = Problem("The story cannot start", message=str(exc))
            return False
        self.pt = pt
        self.notice = notice or "Story reloaded."
        return True

    # -- starting --------------------------------------------------------------------

    def new_game(self, scenario: str, seed: int = 0, scene: str | None = None,
                 overrides: Mapping[str, Any] | None = None) -> None:
        assert self.story is not None
        from ..engine.start import Start

        spec = Start(scenario, seed, scene, dict(overrides or {}))
        self.keep_previous()
        self._begin(spec.begin(self.story), spec)
        self.answers = {}
        self.set_assignment(None, None)
        self._arrived()

    def meet(self, person: str) -> bool:
        """True the first time ``person`` speaks in this game (the window shows who they are)."""
        if person in self.met:
            return False
        self.met.add(person)
        return True

    def _begin(self, pt: Playthrough, spec: Start) -> None:
        self.met = set()
        self.pt = pt
        self.start_spec = spec
        self.deltas = {}
        self.steps_since_decision = 0
        self.version += 1

    def load_slot(self, slot: str) -> None:
        """Resume a save. Raises SaveError with a message for the player."""
        assert self.story is not None
        from ..engine.start import Start

        pt, notice = self.store.load(self.story, slot)
        if slot != AUTOSAVE:
            self.keep_previous()  # the game in progress stays in Load; the loaded one takes its place
        self._begin(pt, Start(pt.state.scenario, pt.state.seed))
        self.notice = notice
        self.answers = {}
        self._reattach_assignment()

    def quit_game(self) -> None:
        """Leave the playthrough (to the title), saving where it is first."""
        if self.pt is not None:
            self.autosave()
        self.pt = None
        self.version += 1

    # -- assignments ------------------------------------------------------------------

    ASSIGNMENT_FILE = "assignment.json"

    def set_assignment(self, assignment: Any, path: Path | None) -> None:
        """Attach a teacher's assignment to the game being played, and remember it on disk,
        so that Continue (or --continue) after a break still ends with its questions."""
        import json

        from ..engine.saves import write_atomic

        self.assignment = assignment
        self.assignment_file = Path(path).resolve() if path is not None else None
        record = self.data_dir / self.ASSIGNMENT_FILE
        try:
            if assignment is None or self.pt is None:
                record.unlink(missing_ok=True)
            else:
                write_atomic(record, json.dumps({"file": str(self.assignment_file),
                                                 "scenario": self.pt.state.scenario}) + "\n")
        except OSError:
            pass  # the assignment still works in this session; only the reminder is lost

    def _reattach_assignment(self) -> None:
        import json

        self.assignment = None
        try:
            from ..classroom.assignment import AssignmentError, load_assignment
        except ImportError:
            return
        try:
            record = json.loads((self.data_dir / self.ASSIGNMENT_FILE).read_text(encoding="utf-8"))
            if self.pt is not None and record.get("scenario") == self.pt.state.scenario:
                self.assignment = load_assignment(record["file"])
                self.assignment_file = Path(record["file"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError, AssignmentError):
            return  # no assignment, or its file changed or vanished: play on without it

    # -- playing ---------------------------------------------------------------------

    @property
    def step(self) -> Step | None:
        return self.pt.current if self.pt is not None else None

    def advance(self) -> None:
        pt = self._pt()
        was_vote = pt.current.kind == "vote"
        before = pt.meters()
        pt.advance()
        if was_vote:
            self._moved(before, decision=True)
            self.steps_since_decision = 0
            self.autosave()
        else:
            self._moved(before, decision=False)
            self.steps_since_decision += 1
        self._arrived()

    def choose(self, index: int) -> None:
        pt = self._pt()
        before = pt.meters()
        pt.choose(index)
        self._decided(before)

    def appoint(self, assignment: Mapping[str, str]) -> None:
        pt = self._pt()
        before = pt.meters()
        pt.appoint(assignment)
        self._decided(before)

    def undo(self) -> bool:
        """Back to the previous decision, if the engine still remembers one."""
        pt = self._pt()
        if not pt.undo():
            return False
        self.deltas = {}
        self.delta_serial += 1
        self.steps_since_decision = 0
        self.version += 1
        return True

    @property
    def can_undo(self) -> bool:
        return self.pt is not None and self.pt.can_undo

    def _pt(self) -> Playthrough:
        if self.pt is None:
            from ..engine.playthrough import NotNow

            raise NotNow("no game is being played")
        return self.pt

    def _decided(self, before: dict[str, int]) -> None:
        self._moved(before, decision=True)
        self.steps_since_decision = 0
        self.autosave()
        self._arrived()

    def _moved(self, before: dict[str, int], decision: bool) -> None:
        after = self._pt().meters()
        changes = {k: after[k] - before.get(k, after[k]) for k in after if after[k] != before.get(k, after[k])}
        if decision:
            self.deltas = changes  # a decision's own effects (none clears the old marks)
        elif changes:
            merged = dict(self.deltas)
            for k, v in changes.items():
                merged[k] = merged.get(k, 0) + v
            self.deltas = {k: v for k, v in merged.items() if v}
        else:
            self.version += 1
            return
        self.delta_serial += 1
        self.version += 1

    def _arrived(self) -> None:
        self.version += 1
        step = self.step
        if step is not None and step.kind in ("chapter", "ending"):
            self.autosave()

    # -- saves -------------------------------------------------------------------------

    def autosave(self) -> None:
        if self.pt is None:
            return
        from ..engine.saves import SaveError

        try:
            self.store.autosave(self.pt)
        except (OSError, SaveError) as exc:
            self.notice = f"Autosave failed ({getattr(exc, 'strerror', None) or exc}); your game goes on."
            return
        if self.on_saved is not None:
            self.on_saved(AUTOSAVE)

    def save(self, slot: str) -> None:
        """Save to a slot. Raises OSError/SaveError with the reason."""
        self.store.save(self._pt(), slot)
        if self.on_saved is not None:
            self.on_saved(slot)

    def quicksave(self) -> None:
        self.save(QUICKSAVE)

    def slots(self) -> list[SaveInfo]:
        return self.store.list()

    def latest(self) -> SaveInfo | None:
        try:
            return self.store.latest()
        except OSError:
            return None

    def autosave_info(self) -> SaveInfo | None:
        return next((s for s in self.slots() if s.slot == AUTOSAVE and not s.damaged), None)

    def in_progress(self) -> SaveInfo | None:
        """The autosave when it holds a game not yet at its ending (what a new game would push aside)."""
        info = self.autosave_info()
        return info if info is not None and not info.finished else None

    def keep_previous(self) -> None:
        """Move the autosave (and its thumbnail) to ``previous-1`` before another game takes its place.

        Never raises: a folder that cannot be written costs the copy, not the new game.
        """
        from ..engine.saves import SaveError, keep_previous

        try:
            if self.store.keep_previous(AUTOSAVE) is None:
                return
        except (OSError, SaveError) as exc:
            self.notice = f"The previous game could not be kept ({getattr(exc, 'strerror', None) or exc})."
            return

        def move(newer: str, older: str) -> None:
            if self.thumb_path(newer).exists():
                self.thumb_path(newer).replace(self.thumb_path(older))

        try:
            target = keep_previous(move)
            if self.thumb_path(AUTOSAVE).exists():
                self.thumb_path(AUTOSAVE).replace(self.thumb_path(target))
        except OSError:
            pass  # a thumbnail is only a picture; Load draws a placeholder without it

    def delete(self, slot: str) -> None:
        path = self.store.path(slot)
        path.unlink(missing_ok=True)
        thumb = self.thumb_path(slot)
        thumb.unlink(missing_ok=True)

    def thumb_path(self, slot: str) -> Path:
        return self.data_dir / "thumbs" / f"{slot}.png"
