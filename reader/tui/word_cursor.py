"""Where a character of the section sits on screen, so the terminal cursor can stand on
the word being heard: braille displays and screen magnifiers follow the terminal cursor.

A paragraph is shown as pieces: its own text, revealed spoilers, and the placeholder that
stands for a hidden spoiler. A section offset becomes an offset in the text shown, and
that offset a line and a column, wrapped exactly as Textual wraps the paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from rich.cells import cell_len
from textual.app import App
from textual.content import Content
from textual.geometry import Offset

from reader.model import Section, SpoilerSpan
from reader.reading.phrases import plural
from reader.text.sentences import Span

SHOW_CURSOR = "\x1b[?25h"  # Textual hides the cursor when it starts, and shows it at exit


class Kind(Enum):
    """What a piece of a paragraph is on screen."""

    TEXT = "text"
    REVEALED = "revealed"  # a spoiler, shown because spoilers are being read
    HIDDEN = "hidden"  # a spoiler, shown as its placeholder (or nothing, past its start)


@dataclass(frozen=True)
class Piece:
    """Section characters [start, end), and what stands for them on screen."""

    start: int
    end: int
    kind: Kind
    shown: str


def placeholder(span: SpoilerSpan) -> str:
    """What stands on screen for a hidden spoiler."""
    label = f"spoiler: {span.label}" if span.label else "spoiler"
    return f"[{label}, {plural(span.words, 'word')}]"


def pieces(section: Section, paragraph: Span, hide_spoilers: bool) -> list[Piece]:
    """The paragraph as shown, piece by piece, covering all of its characters."""
    found: list[Piece] = []
    position = paragraph.start
    for span in section.spoilers:
        if span.end <= paragraph.start or span.start >= paragraph.end:
            continue
        start, end = max(span.start, paragraph.start), min(span.end, paragraph.end)
        if start > position:
            found.append(Piece(position, start, Kind.TEXT, section.text[position:start]))
        if not hide_spoilers:
            found.append(Piece(start, end, Kind.REVEALED, section.text[start:end]))
        else:  # the placeholder is shown once, where the spoiler begins
            shown = placeholder(span) if span.start >= paragraph.start else ""
            found.append(Piece(start, end, Kind.HIDDEN, shown))
        position = end
    if paragraph.end > position:
        shown = section.text[position : paragraph.end]
        found.append(Piece(position, paragraph.end, Kind.TEXT, shown))
    return found


def shown_offset(shown: list[Piece], offset: int) -> int:
    """Where section character `offset` is in the text shown; inside a hidden spoiler, at
    its placeholder's start (its words have no place on screen)."""
    before = 0
    for piece in shown:
        if piece.start <= offset < piece.end:
            return before + (offset - piece.start if piece.kind is not Kind.HIDDEN else 0)
        before += len(piece.shown)
    return before


def hides(shown: list[Piece], span: Span) -> bool:
    """Whether any of `span` is hidden text: lighting it would give its length away."""
    return any(
        piece.kind is Kind.HIDDEN and piece.start < span.end and span.start < piece.end
        for piece in shown
    )


def cell(text: str, offset: int, width: int) -> Offset:
    """The column and line where character `offset` of `text` is drawn when Textual wraps
    it to `width` cells: lines are found in Textual's own wrapping, then located in the
    text (a wrapped line is the text from its start, less the spaces it ended with)."""
    line = 0
    start = 0
    for logical in text.split("\n"):
        end = start + len(logical)
        if offset <= end:
            at, row = _within(logical, offset - start, width)
            return Offset(at, line + row)
        line += len(Content(logical).wrap(width)) if width > 0 else 1
        start = end + 1
    return Offset(0, line)


def _within(text: str, offset: int, width: int) -> tuple[int, int]:
    """Column and line of `offset` in one line of text wrapped to `width`."""
    if width <= 0:
        return 0, 0
    begins, found = 0, (0, 0)
    for row, wrapped in enumerate(Content(text).wrap(width)):
        if begins > offset:
            break
        found = (cell_len(text[begins:offset]), row)
        begins += len(wrapped.plain)
        while begins < len(text) and text[begins].isspace():
            begins += 1  # the spaces a wrap drops
    return found


def show_terminal_cursor(app: App[object]) -> None:
    """Make the terminal cursor visible (Textual restores the terminal on exit)."""
    driver = app._driver  # the one way to write to the terminal Textual holds
    if driver is not None and not app.is_headless:
        driver.write(SHOW_CURSOR)
        driver.flush()
