"""Helper processes that stop at once: each starts in a group of its own and is killed as one.

Players and the pyttsx3 worker may start children of their own (a shell's player, a
speech library's helpers), which must fall silent with them. On POSIX a new session makes
that group, and a Ctrl-C at the terminal then reaches reader alone, which ends the group
itself; Windows has no process groups to kill, so there the process alone is killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from contextlib import suppress
from dataclasses import dataclass


@dataclass(frozen=True)
class Group:
    """The `subprocess.Popen` options that start a process in a group of its own."""

    start_new_session: bool
    creationflags: int


def own_group() -> Group:
    """A new session on POSIX, a new console process group on Windows."""
    if sys.platform == "win32":
        return Group(start_new_session=False, creationflags=subprocess.CREATE_NEW_PROCESS_GROUP)
    return Group(start_new_session=True, creationflags=0)


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the process, with everything it started where the system allows, at once."""
    if sys.platform == "win32":
        with suppress(OSError):
            process.kill()
    else:
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
