"""A progress bar on stderr, drawn only when stderr is a terminal (an export, a voice
being installed); on a pipe or in a log nothing is written."""

from __future__ import annotations

import sys

WIDTH = 30  # characters of bar


def showing_progress() -> bool:
    """Whether a bar is drawn at all."""
    return sys.stderr.isatty()


def show_progress(part: float, label: str) -> None:
    """Draw the bar at `part` (0-1), with a label after it, over the last one drawn."""
    filled = round(part * WIDTH)
    bar = "#" * filled + "-" * (WIDTH - filled)
    sys.stderr.write(f"\r[{bar}] {part:4.0%} {label}\x1b[K")
    sys.stderr.flush()


def end_progress() -> None:
    """Clear the bar's line, so what is written next starts clean."""
    if showing_progress():
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()
