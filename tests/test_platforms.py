"""What reader does differently on Windows and macOS, checked here with the platform
patched: the store's lock file, and how the pyttsx3 worker is started and killed.

Nothing here has run on Windows or macOS; mypy checks both (`make lint`).
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.speech.pyttsx3_process import WorkerProcess
from reader.storage.store import locked

POSIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX flock and signals")
CREATE_NEW_PROCESS_GROUP = 0x200  # its value on Windows


class FakeMsvcrt:
    """`msvcrt.locking` as Windows answers it: LK_NBLCK fails while another process holds
    the bytes (for the first `busy` tries)."""

    LK_UNLCK, LK_NBLCK = 0, 2

    def __init__(self, busy: int) -> None:
        self.busy = busy
        self.calls: list[tuple[int, int, int]] = []  # mode, bytes, file position

    def locking(self, descriptor: int, mode: int, size: int) -> None:
        self.calls.append((mode, size, os.lseek(descriptor, 0, os.SEEK_CUR)))
        if mode == self.LK_NBLCK and self.busy:
            self.busy -= 1
            raise PermissionError(errno.EACCES, "Permission denied")


@pytest.fixture
def naps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The store's sleeps, recorded instead of slept."""
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    return slept


def windows(monkeypatch: pytest.MonkeyPatch, busy: int = 0) -> FakeMsvcrt:
    """Pretend to be Windows, with a fake msvcrt."""
    fake = FakeMsvcrt(busy)
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(sys, "platform", "win32")
    return fake


# The store's lock


def test_windows_locks_the_first_byte_and_unlocks_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, naps: list[float]
) -> None:
    fake = windows(monkeypatch)
    (tmp_path / "queue.json.lock").write_text("left by an older reader")  # not at byte 0
    with locked(tmp_path / "queue.json"):
        assert fake.calls == [(FakeMsvcrt.LK_NBLCK, 1, 0)]
    assert fake.calls[1:] == [(FakeMsvcrt.LK_UNLCK, 1, 0)]
    assert naps == []


def test_windows_tries_again_while_another_process_holds_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, naps: list[float]
) -> None:
    fake = windows(monkeypatch, busy=3)
    with locked(tmp_path / "queue.json"):
        assert fake.calls == [(FakeMsvcrt.LK_NBLCK, 1, 0)] * 4
    assert len(naps) == 3
    assert all(0 < nap <= 0.1 for nap in naps)  # short waits, not LK_LOCK's second


def test_windows_unlocks_when_the_change_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = windows(monkeypatch)
    with pytest.raises(RuntimeError), locked(tmp_path / "queue.json"):
        raise RuntimeError
    assert fake.calls[-1] == (FakeMsvcrt.LK_UNLCK, 1, 0)


@POSIX_ONLY
@pytest.mark.parametrize("platform", ["linux", "darwin"])
def test_elsewhere_the_lock_is_flock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str
) -> None:
    import fcntl

    monkeypatch.setattr(sys, "platform", platform)
    with (tmp_path / "queue.json.lock").open("a") as other:
        with locked(tmp_path / "queue.json"), pytest.raises(BlockingIOError):
            fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again


# The pyttsx3 worker's process


class FakePopen:
    """A worker process that is never started: how it was asked for, and whether killed."""

    def __init__(self, command: list[str], **options: object) -> None:
        self.command = command
        self.options = options
        self.pid = 4242
        self.returncode: int | None = None
        self.killed = False

    def kill(self) -> None:
        self.killed = True


@pytest.fixture
def group_kills(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Workers are FakePopens; os.killpg calls are recorded, not made."""
    kills: list[tuple[int, int]] = []
    monkeypatch.setattr(subprocess, "Popen", FakePopen)
    monkeypatch.setattr(
        subprocess, "CREATE_NEW_PROCESS_GROUP", CREATE_NEW_PROCESS_GROUP, raising=False
    )
    monkeypatch.setattr(
        os, "killpg", lambda pid, number: kills.append((pid, number)), raising=False
    )
    return kills


def fake_worker(folder: Path) -> tuple[WorkerProcess, FakePopen]:
    """A worker and the fake process it started."""
    worker = WorkerProcess(folder)
    assert isinstance(worker.process, FakePopen)
    return worker, worker.process


def test_a_windows_worker_has_its_own_console_group_and_is_killed_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, group_kills: list[tuple[int, int]]
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    worker, process = fake_worker(tmp_path)
    assert process.options["creationflags"] == CREATE_NEW_PROCESS_GROUP
    assert process.options["start_new_session"] is False
    worker.kill()
    assert process.killed
    assert group_kills == []


@POSIX_ONLY
@pytest.mark.parametrize("platform", ["linux", "darwin"])
def test_elsewhere_a_worker_has_its_own_session_and_its_group_is_killed(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    group_kills: list[tuple[int, int]],
    platform: str,
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    worker, process = fake_worker(tmp_path)
    assert process.options["creationflags"] == 0
    assert process.options["start_new_session"] is True
    worker.kill()
    assert group_kills == [(process.pid, signal.SIGKILL)]
    assert not process.killed


@pytest.mark.parametrize("platform", ["win32", "linux"])
def test_a_worker_that_has_ended_is_not_killed(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    group_kills: list[tuple[int, int]],
    platform: str,
) -> None:
    """Its pid may already be another process's."""
    monkeypatch.setattr(sys, "platform", platform)
    worker, process = fake_worker(tmp_path)
    process.returncode = 0
    worker.kill()
    assert (process.killed, group_kills) == (False, [])
