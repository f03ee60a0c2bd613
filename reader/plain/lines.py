"""Text made fit for plain mode's output: one safe line, wrapped for a braille display.

Nothing but printable text is written: escape sequences and control characters go (they
could move the cursor or recolour the user's terminal), and so do line breaks inside a
sentence. Lines are at most 80 characters, broken between words, and a long sentence's
continuation lines start with two spaces, so a new sentence is always told from the rest
of the one before. Width is counted in characters, as a braille display counts cells.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any, TextIO

from reader.text.cleaning import clean_line, strip_controls

WIDTH = 80
CONTINUATION = "  "
_TOKEN = re.compile(r"\s*\S+")  # a word or mark, and the space before it


def wrapped(text: str, width: int = WIDTH) -> list[str]:
    """The safe lines to print for `text`: none for empty text."""
    return textwrap.wrap(
        clean_line(text),
        width,
        subsequent_indent=CONTINUATION,
        break_long_words=True,  # a URL longer than the display still fits, in pieces
        break_on_hyphens=False,  # "K-drama" stays one word on a braille line
    )


class WordLine:
    """Standard output with a line of words written as they are heard (`--follow`).

    Words go on one line per sentence, flushed one by one, so a braille display or a
    screen reader's review cursor keeps up with the voice; the line wraps as `wrapped`
    wraps. Anything else written ends the open line first, so nothing lands in its
    middle, and a line of words never starts after a prompt.
    """

    def __init__(self, stream: TextIO, width: int = WIDTH) -> None:
        self.stream = stream
        self.width = width
        self.open = False  # a line of words is under way
        self._column = 0
        self._indent = 0  # the open line's indent: none on a sentence's first line
        self._fresh = True  # the stream is at the start of a line

    def write(self, text: str) -> int:
        """What anything else prints: after the line of words, on a line of its own."""
        if text:
            self.end()
            self._fresh = text.endswith("\n")
        return self.stream.write(text)

    def flush(self) -> None:
        """Flush the stream."""
        self.stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)  # isatty, encoding, fileno: the stream's own

    def add(self, text: str) -> None:
        """Write `text` (a word and what came before it) on the line of words."""
        for token in _TOKEN.findall(re.sub(r"\s+", " ", strip_controls(text))):
            self._token(token)
        self.stream.flush()

    def end(self) -> None:
        """End the line of words, if one is under way."""
        if self.open:
            self.stream.write("\n")
            self.open, self._fresh = False, True

    def _token(self, token: str) -> None:
        """A word with the space (or mark) before it, wrapped as `wrapped` wraps: to the
        next line if it fits there, else broken to fill this one."""
        word = token.lstrip()
        if not self.open:
            if not word:
                return
            if not self._fresh:
                self.stream.write("\n")  # after a prompt: the words get a line of their own
            self.open, self._column, self._indent, token = True, 0, 0, word
        line_width = self.width - self._indent
        fits_a_line = len(word) <= line_width
        room = self.width - self._column
        if len(token) > room and (fits_a_line or room <= len(token) - len(word)):
            self._break()
            token, room = word, self.width - self._column
        while len(token) > room:  # longer than a line: in pieces, as textwrap breaks it
            self.stream.write(token[:room])
            self._break()
            token, room = token[room:], self.width - self._column
        self.stream.write(token)
        self._column += len(token)

    def _break(self) -> None:
        self.stream.write(f"\n{CONTINUATION}")
        self._column = self._indent = len(CONTINUATION)
