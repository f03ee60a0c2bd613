"""Showing where the reading controller stands: the title, the section on screen with its
sentence lit (and the word being heard in it), the lists following the reading, and the
status line."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static

from reader.plan.navigation import sentence_span
from reader.reading.controller import Reading
from reader.session.events import (
    Finished,
    SessionEvent,
    State,
    StateChanged,
    UtteranceStarted,
    WordHeard,
)
from reader.text.sentences import Span
from reader.tui.lists import ReviewList, SectionOutline
from reader.tui.reading_pane import ReadingPane
from reader.tui.status import Status, StatusLine


def show_reading(screen: Screen[Any], reading: Reading) -> None:
    """Bring every widget up to the controller's review, place and spoiler mode."""
    document, skip = reading.document, reading.modes.skip_spoilers
    pane = screen.query_one("#pane", ReadingPane)
    outline = screen.query_one("#outline", SectionOutline)
    if outline.shown != (document, skip):
        title = "reader" if document is None else (document.title or "Untitled review")
        count = ""
        # In a skim the review open before it is not the one heard; its title says enough.
        if document is not None and reading.skim is None:
            count = f" · review {reading.index + 1} of {len(reading.library)}"
        screen.query_one("#title", Static).update(Text(f"{title}{count}"))
        outline.show(document, skip, skim=reading.skim is not None)
        outline.reading_at = None
        reviews = screen.query_one("#reviews", ReviewList)
        if document is not None:
            reviews.retitle(reading.library, reading.index)
            reviews.follow_reading(reading.index)
        pane.document = None  # shown afresh, in the new mode
    if document is None or not document.sections:
        if pane.document is not document or pane.section != -1:
            pane.show(None, -1, True)
        return
    place = reading.place
    section = min(place.position.section, len(document.sections) - 1)
    if pane.document is not document or pane.section != section:
        pane.show(document, section, skip)
    outline.follow_reading(section)
    # A section's start is its heading, though its first sentence starts there too.
    lit = None if place.at_heading else sentence_span(document, place.position, reading.settings)
    span = None if lit is None else Span(*lit)
    if (span, place.at_heading) != (pane.highlight, pane.heading_lit):
        pane.light(span, heading=span is None)
    else:  # back from a dialog, whose input had the cursor: it returns to the text
        pane.call_after_refresh(pane.place_cursor)


def show_heard(screen: Screen[Any], reading: Reading, event: SessionEvent) -> None:
    """The word being heard lit in its sentence, the terminal cursor on it; when the
    sentence ends or reading stops, no word, and the cursor back at the sentence's start."""
    pane = screen.query_one("#pane", ReadingPane)
    if isinstance(event, WordHeard):
        # Only while reading on: a sentence read on its own after a move tells no end,
        # so its last word would stay lit.
        if reading.playing and event.section == pane.section:
            show_reading(screen, reading)  # the sentence the word is in, before the word
            pane.hear(Span(event.start, event.end))
    elif isinstance(event, UtteranceStarted | Finished) or (
        isinstance(event, StateChanged) and event.state is not State.PLAYING
    ):
        pane.hear(None)


def show_status(screen: Screen[Any], reading: Reading, state: State, voice: str) -> None:
    """The status line: playing or not, pace, voice, spoiler mode, place, sleep timer."""
    modes = reading.modes
    status = Status(
        state,
        modes.rate,
        voice,
        modes.skip_spoilers,
        reading.where(),
        modes.announcements,
        reading.sleep.left(),
        reading.unit,
    )
    screen.query_one("#status", StatusLine).show(status)
