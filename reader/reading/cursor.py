"""The cursor: where the listener is in a review, and every move from there.

A section's heading and its first sentence both start at offset 0, so a position alone
cannot say which of the two the listener has just heard; a `Place` can. Every front end
moves through this module, so "next sentence" after a heading, "previous section" from
inside a section and "where am I" at a heading mean the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import takewhile

from reader.model import Document, Position, Section, SpoilerSpan
from reader.plan.navigation import Unit, Where, move, section_start, sentence_span, where
from reader.plan.planner import Part, PlanSettings, Utterance, plan_utterances

HEADINGS = (Part.TITLE, Part.HEADING)


@dataclass(frozen=True)
class Place:
    """A position, whether the listener is at its section's heading there, and whether
    that section's heading has been said (not yet, at the top of a review just opened)."""

    position: Position = field(default_factory=Position)
    at_heading: bool = True
    heading_said: bool = field(default=True, compare=False)  # what was said, not where


def within(document: Document, position: Position) -> Place:
    """A saved place that still fits the review (the file may have changed since): past
    the last section, the top; past a section's end, that section's heading."""
    if position.section >= len(document.sections):
        return Place()
    if position.offset > len(document.sections[position.section].text):
        return Place(Position(position.section))
    return Place(position, at_heading=position.offset == 0)


def sentence_move(
    document: Document, place: Place, unit: Unit, step: int, settings: PlanSettings
) -> Utterance | None:
    """The sentence one sentence or paragraph forward (1) or back (-1), or None at an end.
    From a heading, forward is the section's own first sentence."""
    if step > 0 and place.at_heading:
        return next(sentences_from(document, place.position, settings), None)
    target = move(document, place.position, unit, step, settings)
    return None if target is None else next(sentences_from(document, target, settings), None)


def section_move(document: Document, place: Place, step: int) -> Place | None:
    """The heading one section forward or back; back from inside a section is its own
    heading first, as a screen reader's "previous heading" is."""
    section = place.position.section
    if step < 0 and not place.at_heading:
        return Place(Position(section))
    target = section + step
    return Place(Position(target)) if 0 <= target < len(document.sections) else None


def section_place(document: Document, number: int) -> Place | None:
    """The heading of section `number` (from 1), or None when there is no such section."""
    start = section_start(document, number)
    return None if start is None else Place(start)


def where_at(document: Document, place: Place, settings: PlanSettings) -> Where:
    """Where the place is, in the listener's terms; at a heading, before sentence 1."""
    found = where(document, place.position, settings)
    return replace(found, sentence=0) if place.at_heading else found


def spoken_start(document: Document, place: Place, settings: PlanSettings) -> Place:
    """The place moved back to the start of its sentence as now read (after the spoiler
    mode changes, a place may be inside a spoiler that is now one announcement)."""
    if place.at_heading or not document.sections:
        return place
    span = sentence_span(document, place.position, settings)
    return place if span is None else Place(Position(place.position.section, span[0]), False)


def sentences_from(
    document: Document, start: Position, settings: PlanSettings
) -> Iterator[Utterance]:
    """What is read from `start` on, headings left out."""
    planned = plan_utterances(document, start, settings)
    return (said for said in planned if said.part not in HEADINGS)


def read_from(
    document: Document, place: Place, settings: PlanSettings, whole_review: bool
) -> list[Utterance]:
    """Everything said from the place to the end of its section (or the review); from a
    section's start, its heading too, as the voice reads it."""
    start = place.position
    planned: Iterator[Utterance] = plan_utterances(document, start, settings)
    if not whole_review:
        planned = takewhile(lambda said: said.section == start.section, planned)
    return list(planned)


def spoilers_here(document: Document, place: Place, settings: PlanSettings) -> tuple[str, ...]:
    """The spoilers in the sentence at the place, or else in its whole section, a line each."""
    section = document.sections[place.position.section]
    span = None if place.at_heading else sentence_span(document, place.position, settings)
    start, end = span or (0, 0)
    here = [spoiler for spoiler in section.spoilers if spoiler.start < end and start < spoiler.end]
    return tuple(_spoiler_line(section, spoiler) for spoiler in here or section.spoilers)


def _spoiler_line(section: Section, spoiler: SpoilerSpan) -> str:
    label = f"Spoiler, {spoiler.label}" if spoiler.label else "Spoiler"
    return f"{label}: {section.text[spoiler.start : spoiler.end]}"
