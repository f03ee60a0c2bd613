"""Saving the user's files so that nothing already saved is ever lost or half-written.

Every write goes to a temporary file in the same folder, is flushed to disk, and then
replaces the old file in one step (`os.replace`), so a crash or `kill -9` leaves the old
file or the new one, never a mix. Read-modify-write cycles hold a lock file, so two
processes adding to the queue at once both keep their entries. A file that cannot be
read is moved aside (never overwritten) and the caller is told so.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

T = TypeVar("T")
_LOCK_RETRY = 0.05  # seconds between tries for a lock file held by another process (Windows)


class Unreadable(Exception):
    """A saved file's contents cannot be used; the message says what is wrong."""


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """What was read, and a warning when a broken file had to be set aside."""

    value: T
    warning: str | None = None


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step, on disk before this returns. Callers hold
    `locked(path)`, so temporary files left by a writer that was killed can go."""
    path = path.resolve()  # a symlinked settings file keeps its link; its target changes
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{path.name}.*"):
        with contextlib.suppress(OSError):
            stale.unlink()
    with replacing(path, "w", encoding="utf-8") as file:
        file.write(text)


@contextlib.contextmanager
def replacing(path: Path, mode: str = "wb", encoding: str | None = None) -> Iterator[IO[Any]]:
    """A new file (opened in `mode`) that replaces `path` in one step when the block ends,
    on disk first; if the block fails it goes, and `path` is as it was. Readers at any
    moment see the old file or the new one, never part of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, mode, encoding=encoding) as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the system allows opening a folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold `path`'s lock file for a read-modify-write; other processes wait their turn."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.with_name(f"{path.name}.lock")
    with lock.open("a") as file:
        _lock(file.fileno())
        try:
            yield
        finally:
            _unlock(file.fileno())


def _lock(descriptor: int) -> None:
    """Wait for the lock: the whole file with flock, or its first byte on Windows."""
    # Decided here rather than on import: each platform has only its own module.
    if sys.platform == "win32":
        import msvcrt

        os.lseek(descriptor, 0, os.SEEK_SET)  # msvcrt locks bytes from the file position
        while True:
            try:
                msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
                return
            except PermissionError:
                # Held by another process. LK_LOCK would wait, but only 1 s at a time and
                # for 10 s at most, so short waits are made here until it is free.
                time.sleep(_LOCK_RETRY)
    else:
        import fcntl

        fcntl.flock(descriptor, fcntl.LOCK_EX)


def _unlock(descriptor: int) -> None:
    """Let the next process have the lock."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(descriptor, fcntl.LOCK_UN)


def read_or_set_aside(path: Path, parse: Callable[[str], T], default: T) -> Loaded[T]:
    """The parsed file, the default when there is none, or the default and a warning
    when the file is broken; a broken file is renamed, so the user can still fix it."""
    try:
        text = path.read_bytes().decode("utf-8")
        return Loaded(parse(text))
    except FileNotFoundError:
        return Loaded(default)
    except Unreadable as error:
        problem = str(error)
    except UnicodeDecodeError:
        problem = "it is not UTF-8 text"
    except (ValueError, RecursionError) as error:  # JSON that does not parse, or nests forever
        problem = f"it does not parse ({str(error)[:80]})"
    except OSError as error:
        # Unreadable but present (permissions): leave it where it is and use the default.
        return Loaded(default, f"{path}: cannot read ({error.strerror}); using defaults")
    aside = _free_name(path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}"))
    try:
        path.replace(aside)
    except OSError as error:
        return Loaded(default, f"{path}: {problem}; could not set it aside ({error.strerror})")
    return Loaded(default, f"{path}: {problem}; kept as {aside.name}, using defaults")


def _free_name(wanted: Path) -> Path:
    """`wanted`, or `wanted-2`, `-3`...: a second broken file never replaces the first."""
    candidate, number = wanted, 1
    while candidate.exists():
        number += 1
        candidate = wanted.with_name(f"{wanted.name}-{number}")
    return candidate
