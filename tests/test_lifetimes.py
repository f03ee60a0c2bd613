"""Worker processes end with the process that started them, however it ends: killed,
terminated, or hung up on, it cannot tell its workers, which would otherwise wait on
their pipes for ever."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from processes import LINUX_ONLY, process, processes, wait_for

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from common import write_letterboxd_export  # noqa: E402 - the benchmark's synthetic export

# How long a worker may take to notice and end on a loaded machine: only a bound.
SETTLE = 10

# A parent that forks a worker, which asks to end with it, says its pid and sleeps.
_PARENT = """
import os, sys, time
from reader import lifetimes
if sys.argv[1] == "watch":
    sys.platform = "darwin"  # the watching thread that platforms other than Linux use
parent = os.getpid()
if os.fork() == 0:
    lifetimes.end_with(parent)
    print(os.getpid(), flush=True)
    time.sleep(600)
    os._exit(0)
time.sleep(600)
"""


def running(pid: int) -> bool:
    found = process(pid)
    return found is not None and found.running


def descendants(pid: int) -> set[int]:
    """The processes `pid` started, and theirs."""
    by_parent: dict[int, set[int]] = {}
    for entry in processes():
        if entry.running:
            by_parent.setdefault(entry.parent, set()).add(entry.pid)
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in by_parent.get(todo.pop(), set()) - found:
            found.add(child)
            todo.append(child)
    return found


@LINUX_ONLY
@pytest.mark.parametrize("how", ["kernel", "watch"])
def test_a_worker_ends_when_its_parent_is_killed(how: str) -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", _PARENT, how], stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout is not None
        worker = int(parent.stdout.readline())
        assert running(worker)
    finally:
        parent.kill()
        parent.wait()
    assert _ended({worker})


@LINUX_ONLY
@pytest.mark.parametrize(
    "how", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP], ids=["KILL", "TERM", "HUP"]
)
@pytest.mark.parametrize("files", [1, 2], ids=["export in parts", "files loaded whole"])
def test_outline_workers_end_with_a_killed_outline(
    tmp_path: Path, how: signal.Signals, files: int
) -> None:
    """One export of over a megabyte is loaded in parts by the workers
    (reader.cli.part_workers); two files are loaded first and parsed by a pool
    (reader.cli.outline_workers). Either way the workers end with the outline."""
    exports = [tmp_path / f"reviews-{index}.csv" for index in range(files)]
    for export in exports:
        write_letterboxd_export(export, 1200 // files)
    assert files > 1 or exports[0].stat().st_size > 1_000_000
    outline = subprocess.Popen(
        [sys.executable, "-m", "reader", "outline", "--json", *map(str, exports)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert outline.stdout is not None
        # Output has started, and is read no further: the outline stalls, unfinished.
        outline.stdout.read(1)
        assert wait_for(lambda: len(descendants(outline.pid)) >= 2, SETTLE)
        workers = descendants(outline.pid)
    finally:
        os.kill(outline.pid, how)
        outline.wait()
    assert len(workers) >= 2
    assert _ended(workers)


@LINUX_ONLY
def test_export_workers_end_with_a_killed_export(tmp_path: Path) -> None:
    """reader.audiobook.parallel's workers, and the copy each forks for a passage."""
    export = tmp_path / "reviews.csv"
    write_letterboxd_export(export, 100)  # hours of speech: minutes of work
    command = ["export", str(export), "-o", str(tmp_path / "book.wav"), "--jobs", "2"]
    run = subprocess.Popen(
        [sys.executable, "-m", "reader", *command, "--engine", "espeak"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Both workers started (each forks a copy of itself for every passage it speaks).
        assert wait_for(lambda: len(_children(run.pid)) >= 2, SETTLE)
        workers = descendants(run.pid)
    finally:
        run.kill()
        run.wait()
    assert _ended(workers)


def _children(pid: int) -> set[int]:
    return {entry.pid for entry in processes() if entry.parent == pid and entry.running}


def _ended(pids: set[int]) -> bool:
    """Whether the processes end in time; any left are killed, so none outlives the test."""
    ended = wait_for(lambda: not any(map(running, pids)), SETTLE)
    for pid in pids:
        if running(pid):
            os.kill(pid, signal.SIGKILL)
    return ended
