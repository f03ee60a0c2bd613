"""reader's log: `reader.log` in the state folder, for what need not interrupt the user.

A player passed over for the next, or an error shown in the reading room, goes here. The
file is opened only when there is something to write, so a quiet run leaves nothing.
"""

from __future__ import annotations

import logging
from pathlib import Path

LOG = logging.getLogger("reader")


class _FileHandler(logging.FileHandler):
    """Opens the file, making its folder, only when the first record arrives."""

    def _open(self):  # type: ignore[no-untyped-def]  # typeshed leaves it untyped
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()


def log_to_file(path: Path) -> logging.Handler | None:
    """Send the `reader` logger to `path`; None if it already goes there."""
    target = str(path.absolute())
    for handler in LOG.handlers:
        if isinstance(handler, logging.FileHandler) and handler.baseFilename == target:
            return None
    handler = _FileHandler(path, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)
    LOG.propagate = False  # never Python's last-resort handler, which writes to stderr
    return handler
