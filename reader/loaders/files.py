"""Reading paths: files with a size limit, folders in sorted order, '-' for stdin."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from reader.loaders.problems import LoadError

STDIN = "-"
HEAD_SIZE = 64 * 1024


def is_folder(path: str) -> bool:
    """Whether the path names a folder (stdin never does)."""
    return path != STDIN and Path(path).is_dir()


def expand(path: str, extensions: frozenset[str]) -> Iterator[str]:
    """The path itself, or every supported file under a folder, sorted, hidden ones skipped."""
    if not is_folder(path):
        yield path
        return
    found: list[str] = []
    for folder, subfolders, names in os.walk(path, onerror=_raise):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found.extend(
            str(Path(folder) / name)
            for name in names
            if not name.startswith(".") and Path(name).suffix.lower() in extensions
        )
    if not found:
        raise LoadError("folder holds no reviews (" + ", ".join(sorted(extensions)) + ")")
    yield from sorted(found)


def _raise(error: OSError) -> None:
    raise LoadError(_reason(error)) from error


def read_bytes(path: str, stdin: BinaryIO | None, limit_for: Callable[[bytes], int]) -> bytes:
    """The input's bytes. The first 64 KB decide (through `limit_for`) how much this kind of
    input may hold; more than that is refused without reading it all."""
    try:
        if path == STDIN:
            if stdin is None:
                raise LoadError("standard input is not available")
            return _read_limited(stdin, path, limit_for)
        with Path(path).open("rb") as handle:
            return _read_limited(handle, path, limit_for)
    except OSError as error:
        raise LoadError(_reason(error)) from error


def _read_limited(handle: BinaryIO, path: str, limit_for: Callable[[bytes], int]) -> bytes:
    seekable = handle.seekable()
    start = handle.tell() if seekable else 0
    head = handle.read(HEAD_SIZE)
    limit = limit_for(head)
    if len(head) < HEAD_SIZE:
        return head
    if seekable:  # read again from the start: a large file is not copied
        handle.seek(start)
        data = handle.read(limit + 1)
    else:
        data = head + handle.read(max(0, limit + 1 - len(head)))
    if len(data) > limit:
        raise too_large(path, limit)
    return data


def too_large(path: str, limit: int) -> LoadError:
    """The error for input over its format's size limit, naming both sizes when known."""
    try:
        size = Path(path).stat().st_size if path != STDIN else None
    except OSError:
        size = None
    if size is None:
        return LoadError(f"is larger than {_megabytes(limit)}, the most reader reads of this kind")
    return LoadError(
        f"is {_megabytes(size)}; reader reads files of this kind up to {_megabytes(limit)}"
    )


def _reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file or folder"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, IsADirectoryError):
        return "is a folder"
    return error.strerror or str(error)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
