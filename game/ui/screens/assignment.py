"""A teacher's assignment: what to play and what to answer, then Begin.

Reading and checking the file is ``game.classroom.assignment``'s job; a broken
file is shown with its file:line:col problems, never as a crash.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..canvas import Canvas
from ..text import TextStyle
from ..theme import BODY
from ..widgets import Button
from .base import Screen, backdrop, heading, key_hint
from .dialog import Dialog, kept_detail
from .formatting import human_date

if TYPE_CHECKING:  # pragma: no cover
    from ..app import App


def open_assignment(app: App, path: Path, attach: bool = False) -> None:
    """Load ``path`` and show it, or explain clearly why it cannot be used.

    ``attach``: the game being played (``--continue``) is this assignment's; attach it
    without starting again, so the game still ends with the teacher's questions.
    """
    try:
        from ...classroom.assignment import AssignmentError, load_assignment, scenario_for
    except ImportError:
        app.push(Dialog(app, "Assignments are not available", None, yes="OK",
                        detail="This copy of the game has no classroom module, so assignment files cannot be"
                        " opened. Start the scenario from New game instead."))
        return
    if app.session.story is None:
        app.toast("The story is not loaded, so an assignment cannot start")
        return
    try:
        assignment = load_assignment(path)
        scenario = scenario_for(assignment, app.session.story)
    except AssignmentError as exc:
        lines = [d.format() for d in exc.diagnostics[:4]]
        more = len(exc.diagnostics) - len(lines)
        detail = "\n".join(lines) + (f"\n… and {more} more" if more > 0 else "")
        app.push(Dialog(app, "This assignment file has problems", None, yes="OK",
                        detail=detail + "\nAsk your teacher for a corrected file."))
        return
    session = app.session
    if attach and session.pt is not None and session.pt.state.scenario == scenario:
        session.set_assignment(assignment, path)
        app.toast(f"Assignment: {assignment.title}")
        return
    app.push(AssignmentScreen(app, assignment, scenario, path))


class AssignmentScreen(Screen):
    name = "assignment"
    title = "Assignment"

    def __init__(self, app: App, assignment: Any, scenario: str, path: Path | None = None) -> None:
        super().__init__(app)
        self.assignment = assignment
        self.path = path
        self.scenario = scenario
        self.ring.set([Button("Begin", (80, 600, 300, 56), self._begin, ident="begin"),
                       Button("Back", (400, 600, 200, 56), self.back, ident="back")])
        self.ring.axis = "horizontal"

    def _begin(self) -> None:
        session = self.app.session

        def start() -> None:
            self.app.new_game(self.scenario)
            session.set_assignment(self.assignment, self.path)

        info = session.in_progress()
        if info is not None:
            self.app.push(Dialog(self.app, "Start the assignment?", start, yes="Start", no="Back",
                                 detail=kept_detail(info)))
        else:
            start()

    def draw(self, c: Canvas) -> None:
        t = self.theme
        a = self.assignment
        backdrop(c, t, 0)
        y = heading(c, t, a.title, kicker="Assignment")
        facts = [f for f in (a.class_name, f"due {human_date(a.due)}" if a.due else "") if f]
        story = self.app.session.story
        sc = story.scenarios.get(self.scenario) if story else None
        if sc is not None:
            facts.append(f"play: {sc.title}")
        if facts:
            c.text("   ·   ".join(facts), 80, y, TextStyle("label", 24, t.muted, scalable=False), width=760)
            y += 44
        body = TextStyle("body", BODY, t.ink, leading=1.45)
        if a.instructions:
            r = c.text(a.instructions, 80, y, body, width=760)
            y = r[1] + r[3] + 20
        n = len(a.questions)
        if n:
            need = "You answer them in the game after the debrief" + (
                "; the required ones must be answered for your report." if a.reflection_required else ".")
            c.text(f"{n} reflection question{'s' if n != 1 else ''}. {need}", 80, y,
                   TextStyle("body", 20, t.muted, leading=1.35, scalable=False), width=760)
        self.draw_buttons(c, align="center")
        key_hint(c, t, "← → choose   ·   Enter   ·   Esc back", y=698)
