"""Problems as the command line tells them: one clean line on stderr each."""

from __future__ import annotations

import sys

from reader.text.cleaning import clean_line


def say_problem(message: str) -> None:
    """`reader: MESSAGE` on stderr, after whatever stdout holds so far."""
    sys.stdout.flush()  # keep stderr lines in order with the output around them
    # One line, whatever a file name holds: no newlines, no escape sequences.
    print(f"reader: {clean_line(message)}", file=sys.stderr)
