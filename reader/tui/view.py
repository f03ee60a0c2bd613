"""Showing where the reading controller stands: the title, the section on screen with its
sentence lit, the lists following the reading, and the status line."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static

from reader.plan.navigation import sentence_span
from reader.reading.controller import Reading
from reader.session.events import State
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
        count = f" · review {reading.index + 1} of {len(reading.library)}" if document else ""
        screen.query_one("#title", Static).update(Text(f"{title}{count}"))
        outline.show(document, skip)
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
    )
    screen.query_one("#status", StatusLine).show(status)
