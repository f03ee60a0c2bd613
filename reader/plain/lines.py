"""Text made fit for plain mode's output: one safe line, wrapped for a braille display.

Nothing but printable text is written: escape sequences and control characters go (they
could move the cursor or recolour the user's terminal), and so do line breaks inside a
sentence. Lines are at most 80 characters, broken between words, and a long sentence's
continuation lines start with two spaces, so a new sentence is always told from the rest
of the one before. Width is counted in characters, as a braille display counts cells.
"""

from __future__ import annotations

import textwrap

from reader.text.cleaning import clean_line

WIDTH = 80
CONTINUATION = "  "


def wrapped(text: str, width: int = WIDTH) -> list[str]:
    """The safe lines to print for `text`: none for empty text."""
    return textwrap.wrap(
        clean_line(text),
        width,
        subsequent_indent=CONTINUATION,
        break_long_words=True,  # a URL longer than the display still fits, in pieces
        break_on_hyphens=False,  # "K-drama" stays one word on a braille line
    )
