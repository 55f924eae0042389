"""Classroom: assignments, student reports and class summaries (no pygame here).

The window's entry points:

- ``load_assignment(path) -> Assignment`` (raises ``AssignmentError`` with file:line:col diagnostics);
  ``scenario_for(assignment, story) -> scenario id``;
- ``write_report(pt, assignment, student, answers, data_dir) -> ReportPaths`` (``.html``, ``.json``,
  ``.folder``; raises ``ReportError`` with a message for the student);
- ``open_folder(path) -> bool``.
"""

from .assignment import Assignment, AssignmentError, load_assignment, scenario_for
from .report import ReportError, ReportPaths, open_folder, write_report

__all__ = ["Assignment", "AssignmentError", "load_assignment", "scenario_for", "ReportError", "ReportPaths",
           "open_folder", "write_report"]
