"""The one place for ``after-lenin``'s exit codes: every subcommand returns one of these."""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    """What the process tells its caller (a shell, a CI job, a teacher's script)."""

    OK = 0
    #: The story or a file has problems (the message says which), or a check found errors.
    PROBLEMS = 1
    #: A wrong flag or value on the command line, or an input file the user must fix.
    USAGE = 2
    #: The input ended before the reflection questions were answered (play --assignment).
    UNFINISHED = 3
    #: The story loaded but cannot start (a runtime error at the first step).
    CANNOT_START = 4
    #: Stopped with Ctrl-C (the shell's convention: 128 + SIGINT).
    INTERRUPTED = 130
