"""Diagnostics: what the checker and loader say about a story, with stable codes.

Every message names a file, line and column, says what is wrong and what to do.
Codes never change meaning once published: editors and CI scripts match on them,
and ``scenes/README.md`` documents each one with an example and the fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
WARNING = "warning"

#: code -> (severity, short title). The guide in scenes/README.md explains each.
CODES: dict[str, tuple[str, str]] = {
    "AL001": (ERROR, "YAML syntax error"),
    "AL002": (ERROR, "refused YAML (unsafe tag, alias bomb, too deep or too large)"),
    "AL003": (ERROR, "duplicate key in a mapping"),
    "AL004": (ERROR, "file is not UTF-8 text"),
    "AL010": (ERROR, "unknown key"),
    "AL011": (ERROR, "wrong type"),
    "AL012": (ERROR, "missing required field"),
    "AL013": (ERROR, "invalid value"),
    "AL020": (ERROR, "duplicate id"),
    "AL021": (ERROR, "unknown scene"),
    "AL022": (ERROR, "unknown character"),
    "AL023": (ERROR, "unknown document"),
    "AL024": (ERROR, "unknown historical record"),
    "AL025": (ERROR, "unknown variable"),
    "AL026": (ERROR, "unknown chapter"),
    "AL027": (ERROR, "unknown ending"),
    "AL028": (ERROR, "unknown role"),
    "AL029": (ERROR, "unknown factor"),
    "AL030": (ERROR, "expression syntax error"),
    "AL031": (ERROR, "expression type error"),
    "AL032": (ERROR, "value outside the declared range"),
    "AL033": (ERROR, "value of the wrong type for its variable"),
    "AL034": (ERROR, "unknown variable in {…} text"),
    "AL040": (WARNING, "unreachable scene"),
    "AL041": (ERROR, "dead end: the story stops without an ending"),
    "AL042": (WARNING, "every option of a choice can be hidden"),
    "AL043": (ERROR, "historical decision without a record"),
    "AL044": (ERROR, "historical record without a source"),
    "AL045": (ERROR, "missing asset file"),
    "AL046": (WARNING, "declared but never used"),
    "AL047": (WARNING, "record dated outside its chapter"),
    "AL048": (WARNING, "decision linked to history but no option marked historical"),
    "AL049": (WARNING, "historical record that cites only web pages"),
    "AL050": (ERROR, "no manifest (story.yaml)"),
    "AL051": (ERROR, "there must be exactly one historical ending"),
    "AL052": (ERROR, "appointments board cannot be filled"),
    "AL053": (ERROR, "scene has no beats"),
    "AL054": (ERROR, "a beat after the story has already left the scene"),
    "AL055": (WARNING, "a condition that can never hold"),
    "AL056": (WARNING, "scene dated outside its chapter"),
    "AL057": (WARNING, "scene dated earlier than every scene before it"),
    "AL058": (WARNING, "chapter scenario starts apart from the historical path"),
}


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One finding, sortable by place."""

    path: str
    line: int
    col: int
    code: str
    message: str
    severity: str = ERROR

    def format(self) -> str:
        """``path:line:col: severity: message [CODE]`` — the form editors understand."""
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.code}]"

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


def make(path: str | Path, line: int, col: int, code: str, message: str) -> Diagnostic:
    """Build a diagnostic with the severity its code carries."""
    severity = CODES[code][0]
    return Diagnostic(str(path), line, col, code, message, severity)
