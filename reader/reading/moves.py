"""Moving through the review being read, and answering where the listener is: by
sentence, paragraph and section, reading on to a section's or the review's end, and the
spoilers hidden here.

Functions over the reading controller, kept apart from it so each module has one job.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from reader.plan.cues import Cue
from reader.plan.navigation import Unit
from reader.plan.planner import Part, Utterance
from reader.reading import cursor
from reader.reading.actions import Command
from reader.reading.answers import Answer, Say
from reader.reading.cursor import HEADINGS, Place
from reader.reading.phrases import (
    no_more_phrase,
    no_section_phrase,
    section_phrase,
    skim_entry_phrase,
    where_phrase,
)
from reader.text.phrasing import as_sentence

if TYPE_CHECKING:
    from reader.reading.controller import Reading


def step(reading: Reading, unit: Unit, step: int) -> Answer:
    """One sentence or paragraph on or back; the sentence reached is shown and read."""
    if reading.document is None:
        return reading.none()
    found = cursor.sentence_move(reading.document, reading.place, unit, step, reading.settings)
    if found is None:
        return Answer((no_more_phrase(unit.value, step > 0),))
    return reach(reading, found, found.text)


def reach(reading: Reading, found: Utterance, shown: str, *before: str) -> Answer:
    """The place moved to a sentence reached, which is read and shown as `shown`: after
    the lines `before`, and its section's heading when it is in another section or has
    not been said (the first sentence of a review just opened)."""
    lines = [*before]
    place = reading.place
    if found.section != place.position.section or not place.heading_said:
        lines.append(heading(reading, found.section))
    lines.append(shown)
    reading.place = Place(found.start, at_heading=False)
    return Answer(tuple(lines), Say.SENTENCE, moved=True)


def section_step(reading: Reading, step: int) -> Answer:
    """One section heading on or back (back from inside a section: its own heading)."""
    if reading.document is None:
        return reading.none()
    inside = step < 0 and not reading.place.at_heading
    target = cursor.section_move(reading.document, reading.place, step)
    answer = _to_section(reading, target, no_more_phrase("section", step > 0))
    if inside and target is not None:  # the same section again: say it is its start
        section = reading.document.sections[target.position.section]
        return replace(
            answer, lines=(f"Start of section {target.position.section + 1}, {section.heading}",)
        )
    return answer


def go_to_section(reading: Reading, command: Command) -> Answer:
    """The heading of section N."""
    if reading.document is None:
        return reading.none()
    if command.number is None:
        return Answer(("Type go and a section number, such as go 2",))
    target = cursor.section_place(reading.document, command.number)
    return _to_section(reading, target, no_section_phrase(command.number, reading.document))


def _to_section(reading: Reading, target: Place | None, otherwise: str) -> Answer:
    if target is None:
        return Answer((otherwise,))
    reading.place = target
    return Answer((heading(reading, target.position.section),), moved=True, cues=(Cue.HEADING,))


def read(reading: Reading, whole_review: bool) -> Answer:
    """Everything said from the place on, a line each, as the voice reads it; the
    place ends at the last line (the voice then moves it as it goes)."""
    if reading.document is None:
        return reading.none()
    # From the start of the sentence the listener was in, as a screen reader re-reads it.
    start = cursor.spoken_start(reading.document, reading.place, reading.settings)
    utterances = cursor.read_from(reading.document, start, reading.settings, whole_review)
    if not utterances:
        return Answer((no_more_phrase("sentence", True),))
    last = utterances[-1]
    reading.place = Place(last.start, last.part in HEADINGS)
    reading.playing = True
    reading.section_limit = None if whole_review else start.position.section
    lines = tuple(
        _line(reading, utterance.part, utterance.section, utterance.text)
        for utterance in utterances
    )
    return Answer(lines, Say.REVIEW if whole_review else Say.SECTION, start)


def reveal(reading: Reading) -> Answer:
    """The spoilers in the sentence here, or else in the whole section."""
    if reading.document is None or not reading.document.sections:
        return Answer(("No spoilers here",))
    shown = cursor.spoilers_here(reading.document, reading.place, reading.settings)
    if not shown:
        return Answer(("No spoilers in this section",))
    return Answer(shown, cues=(Cue.SPOILER_REVEALED,))


def where(reading: Reading) -> Answer:
    """Where am I: review, section, sentence, percent."""
    if reading.document is None:
        return reading.none()
    if not reading.document.sections:
        title = as_sentence(reading.document.title or "Untitled review")
        return Answer((f"{title} No sections",))
    return Answer((where_line(reading),))


def where_line(reading: Reading, titled: bool = True) -> str:
    """'Parasite. Section 2 of 4, Review, sentence 3 of 12, 35 percent'."""
    assert reading.document is not None
    where = cursor.where_at(reading.document, reading.place, reading.settings)
    unit = reading.unit.capitalize()
    return where_phrase(reading.document, where, titled, reading.modes.verbosity, unit)


def heading(reading: Reading, index: int) -> str:
    """Section `index`'s heading line in the document read, in the listener's modes."""
    assert reading.document is not None
    modes = reading.modes
    if reading.skim is not None:
        return skim_entry_phrase(reading.document, index, modes.verbosity)
    return section_phrase(reading.document, index, modes.skip_spoilers, modes.verbosity)


def _line(reading: Reading, part: Part, section: int, text: str) -> str:
    assert reading.document is not None
    if part is Part.TITLE:
        return reading.document.title
    return heading(reading, section) if part is Part.HEADING else text
