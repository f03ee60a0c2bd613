"""Processes as Linux's /proc shows them, so tests can see what engines and players leave."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

LINUX_ONLY = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
PROC = Path("/proc")


@dataclass(frozen=True)
class Process:
    """One line of /proc/PID/stat, the fields tests need."""

    pid: int
    state: str
    parent: int
    group: int

    @property
    def running(self) -> bool:
        """Not yet dead: a zombie is dead, whether or not anyone reaps it."""
        return self.state not in ("Z", "X")


def process(pid: int) -> Process | None:
    """The process with this pid, or None once it is gone."""
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name in parentheses may hold spaces; the fields after it do not.
    state, parent, group = stat[stat.rindex(")") + 2 :].split()[:3]
    return Process(pid, state, int(parent), int(group))


def processes() -> list[Process]:
    """Every process this machine shows us."""
    found = (process(int(entry.name)) for entry in PROC.iterdir() if entry.name.isdigit())
    return [entry for entry in found if entry is not None]


def children() -> set[int]:
    """Our own child processes, zombies included (an unreaped child is a leak too)."""
    return {entry.pid for entry in processes() if entry.parent == os.getpid()}


def group_members(group: int) -> set[int]:
    """The running processes of a process group."""
    return {entry.pid for entry in processes() if entry.group == group and entry.running}


def wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    """Poll until `condition` holds; False if it still does not after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True
