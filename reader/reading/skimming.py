"""Skimming: each review's title, rating and verdict, back to back, to triage a long list.

The skim is read as a review of its own: a section per review, headed by its title and
rating, holding its verdict (reader.plan.verdict). So everything reading does works in
it too — pace, the section cue between reviews, h and H to move between them, "where am
I" — and the review being heard is the section the place is in. Skimming again opens
that review in full; leaving the skim in any other way goes back to the review that was
open, at its own place.

Functions over the controller, kept apart from it so each module has one job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.model import Document, Section, SectionKind, Source
from reader.plan.cues import Cue
from reader.plan.verdict import skim_entry, skim_lines
from reader.reading import moves
from reader.reading.answers import Answer, Say
from reader.reading.cursor import Place
from reader.reading.phrases import plural

if TYPE_CHECKING:
    from reader.reading.controller import Reading

SKIMMED = 50  # reviews in one skim: a few minutes at a normal pace


@dataclass(frozen=True)
class Skim:
    """The skim being heard: its document, and which open review each section is."""

    document: Document
    reviews: tuple[int, ...]  # library index of each section's review


def skim(reading: Reading) -> Answer:
    """Start skimming from the review open (or the first); while skimming, open the
    review being heard and read it."""
    if reading.skim is not None:
        return _open_heard(reading, reading.skim)
    if not len(reading.library):
        return reading.none()
    start = max(reading.index, 0)
    found = [(index, parsed) for index, parsed in _readable(reading, start)]
    if not found:
        return Answer(("No reviews to skim",))
    reading.shelf.leave(reading.place)
    skim = _document(found, reading.hints.skim)
    reading.skim = Skim(skim, tuple(index for index, _ in found))
    reading.place = Place()
    reading.playing, reading.section_limit = True, None
    # The skim's title says what it is and how to use it, first thing heard; then the
    # first review, which plain mode without a voice shows as a section reached by `h`
    # would be (its verdict is the next sentence).
    return Answer((skim.title, moves.heading(reading, 0)), Say.REVIEW, Place())


def leave(reading: Reading) -> None:
    """Back from the skim to the review that was open, at its own place."""
    if reading.skim is not None:
        reading.skim = None
        reading.place = reading.shelf.left.get(reading.shelf.index, Place())


def finished(reading: Reading) -> Answer:
    """The skim was heard to its end."""
    leave(reading)
    reading.playing = False
    return Answer(("End of the skim",), cues=(Cue.END_OF_REVIEW,))


def heard(reading: Reading) -> Document | None:
    """The review being heard in the skim (None when not skimming)."""
    if reading.skim is None:
        return None
    found = reading.library.document(_heard_index(reading, reading.skim))
    return found if isinstance(found, Document) else None


def _heard_index(reading: Reading, skimmed: Skim) -> int:
    return skimmed.reviews[min(reading.place.position.section, len(skimmed.reviews) - 1)]


def _open_heard(reading: Reading, skimmed: Skim) -> Answer:
    index = _heard_index(reading, skimmed)
    leave(reading)
    return reading.open(index, play=True)


def _readable(reading: Reading, start: int) -> list[tuple[int, Document]]:
    """Up to SKIMMED readable reviews from `start` on; broken ones are passed over."""
    found: list[tuple[int, Document]] = []
    for index, parsed in reading.shelf.readable(start, 1):
        if isinstance(parsed, Document):
            found.append((index, parsed))
            if len(found) == SKIMMED:
                break
    return found


def _document(found: list[tuple[int, Document]], hint: str) -> Document:
    sections = []
    for _, document in found:
        entry = skim_entry(document, document.source.path, document.source.line)
        about, verdict = skim_lines(entry)
        sections.append(Section(SectionKind.REVIEW, about.rstrip("."), 2, verdict))
    title = f"Skim of {plural(len(found), 'review')}. {hint}".strip()
    return Document(title, Source("skim"), tuple(sections), language=found[0][1].language)
