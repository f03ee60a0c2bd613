"""Moving through a document by sentence, paragraph and section, and saying where we are.

Sentences are the planner's utterances, so a move never lands inside a hidden spoiler
and the sentence reached is exactly the one that will be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from itertools import takewhile

from reader.model import Document, Position, Section
from reader.plan.planner import Part, PlanSettings, Utterance, plan_utterances

_READ = (Part.SENTENCE, Part.SPOILER)


class Unit(StrEnum):
    """How far one step moves."""

    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"
    SECTION = "section"


@dataclass(frozen=True)
class Where:
    """Where a position is, in the terms a listener asks about."""

    section: int  # counted from 1
    sections: int
    heading: str
    sentence: int  # counted from 1 within the section; 0 before its first sentence
    sentences: int
    percent: int


def move(
    document: Document, position: Position, unit: Unit, step: int, settings: PlanSettings
) -> Position | None:
    """The position one step forward (step 1) or back (step -1), or None at either end."""
    if unit is Unit.SECTION:
        # Back from inside a section goes to its own heading first, as a screen reader's
        # "previous heading" does; from the heading, to the section before.
        target = position.section + (step if step > 0 or position.offset == 0 else 0)
        return Position(target) if 0 <= target < len(document.sections) else None
    if unit is Unit.PARAGRAPH:
        return _paragraph(document, position, step, settings)
    return _sentence(document, position, step, settings)


def section_start(document: Document, number: int) -> Position | None:
    """The start of section `number` (from 1), or None when there is no such section."""
    return Position(number - 1) if 1 <= number <= len(document.sections) else None


def where(document: Document, position: Position, settings: PlanSettings) -> Where:
    """Section, sentence and share of the document read so far."""
    index = min(position.section, len(document.sections) - 1)
    section = document.sections[index]
    done, total = characters_read(document, Position(index, position.offset))
    starts = [start.offset for start in _sentence_starts(document, index, settings)]
    sentence = sum(1 for start in starts if start <= position.offset)
    return Where(
        index + 1,
        len(document.sections),
        section.heading,
        sentence,
        len(starts),
        100 * done // total,
    )


def sentence_span(
    document: Document, position: Position, settings: PlanSettings
) -> tuple[int, int] | None:
    """The section characters of the sentence `position` is in (as read, so a joined
    spoiler sentence is one); None before a section's first sentence."""
    section = document.sections[position.section]
    starts = [start.offset for start in _sentence_starts(document, position.section, settings)]
    before = [offset for offset in starts if offset <= position.offset]
    if not before:
        return None
    after = [offset for offset in starts if offset > position.offset]
    return before[-1], after[0] if after else len(section.text)


def characters_read(document: Document, position: Position) -> tuple[int, int]:
    """Characters before `position`, and in the whole document (at least 1)."""
    sections = document.sections
    total = sum(len(section.text) for section in sections) or 1
    done = sum(len(section.text) for section in sections[: position.section]) + position.offset
    return done, total


def _sentence(
    document: Document, position: Position, step: int, settings: PlanSettings
) -> Position | None:
    if step > 0:
        planned = plan_utterances(document, position, settings)
        found = next((u for u in planned if _starts_sentence(u) and u.start > position), None)
        return found.start if found else None
    for index in range(position.section, -1, -1):
        starts = _sentence_starts(document, index, settings)
        before = [start for start in starts if start < position]
        if before:
            return before[-1]
    return None


def _paragraph(
    document: Document, position: Position, step: int, settings: PlanSettings
) -> Position | None:
    starts = [
        Position(index, span.start)
        for index, section in enumerate(document.sections)
        for span in section.paragraphs
        if not (settings.skip_spoilers and _hidden(section, span.start))
    ]
    if step > 0:
        return next((start for start in starts if start > position), None)
    return next((start for start in reversed(starts) if start < position), None)


def _hidden(section: Section, offset: int) -> bool:
    """Whether `offset` is inside a spoiler, past its start (where it is announced)."""
    return any(span.start < offset < span.end for span in section.spoilers)


@lru_cache(maxsize=16)
def _sentence_starts(
    document: Document, index: int, settings: PlanSettings
) -> tuple[Position, ...]:
    """Where each sentence read from one section starts (not its heading). Kept, because
    "where am I" and "previous sentence" ask again on every key press."""
    planned = plan_utterances(document, Position(index), settings)
    sentences = takewhile(lambda said: said.section == index, planned)
    return tuple(said.start for said in sentences if _starts_sentence(said))


def _starts_sentence(utterance: Utterance) -> bool:
    """Whether an utterance is a sentence read (not a heading, nor the rest of a sentence
    after a cue inside it)."""
    return utterance.part in _READ and not utterance.continues
