"""Keeping the terminal for Textual alone while the full screen is up.

Speech libraries and players may write to file descriptors 1 and 2 from C, where no
Python redirection reaches; a stray line there would tear the screen a blind user's
magnifier or braille display is following. So both descriptors point at the log file,
and Textual is handed duplicates of the real terminal through `sys.__stdout__` and
`sys.__stderr__`, which is where it looks for it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from reader.log import LOG, log_to_file


@contextmanager
def quiet_terminal(log_path: Path) -> Iterator[None]:
    """Send descriptors 1 and 2 and the `reader` logger to `log_path` until the block ends."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    handler = log_to_file(log_path)
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    saved = (os.dup(1), os.dup(2))
    originals = (sys.__stdout__, sys.__stderr__)
    terminal_out, terminal_err = _terminal(saved[0]), _terminal(saved[1])
    log_fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.dup2(log_fd, 1)
    os.dup2(log_fd, 2)
    os.close(log_fd)
    _hand_over(terminal_out, terminal_err)
    try:
        yield
    finally:
        terminal_out.flush()
        terminal_err.flush()
        _hand_over(*originals)
        for target, descriptor in enumerate(saved, start=1):
            os.dup2(descriptor, target)
            os.close(descriptor)
        for stream in (terminal_out, terminal_err):
            stream.close()
        if handler is not None:
            LOG.removeHandler(handler)
            handler.close()


def _hand_over(out: TextIO | None, err: TextIO | None) -> None:
    """Point `sys.__stdout__` and `sys.__stderr__` at these streams (typeshed calls them
    final; Textual reads them when it starts, which is the point)."""
    setattr(sys, "__stdout__", out)  # noqa: B010
    setattr(sys, "__stderr__", err)  # noqa: B010


def _terminal(descriptor: int) -> TextIO:
    return os.fdopen(os.dup(descriptor), "w", encoding="utf-8", errors="replace")
