"""Lists a listener asks for, to know where a number leads: the sections of the review
('go 3' goes to the third) and the open reviews ('review 12' opens the twelfth).

The reading room shows both as panels; these are the same lists as lines, for plain mode
and for the voice. Functions over the reading controller, kept apart from it so each
module has one job.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.model import Section
from reader.plan.cues import Verbosity
from reader.reading.actions import Command
from reader.reading.answers import Answer
from reader.reading.phrases import plural

if TYPE_CHECKING:
    from reader.reading.controller import Reading

LISTED = 50  # reviews in one list: a long export is listed a window at a time


def sections(reading: Reading) -> Answer:
    """'4 sections:', then '1. Details, 4 words', a line each; terse, the headings."""
    document = reading.document
    if document is None:
        return reading.none()
    if not document.sections:
        return Answer(("This review has no sections",))
    lines = [f"{plural(len(document.sections), reading.unit)}:"]
    for number, section in enumerate(document.sections, start=1):
        parts = section_entry(number, section, reading.modes.skip_spoilers, reading.skim is None)
        lines.append(parts[0] if reading.modes.verbosity is Verbosity.TERSE else ", ".join(parts))
    return Answer(tuple(lines))


def section_entry(number: int, section: Section, hidden: bool, counted: bool) -> tuple[str, ...]:
    """A section as listed, in parts ('1. Details', '4 words', '1 spoiler hidden') that
    plain mode joins with commas and the reading room's panel with dots. A skim's
    sections are not `counted`: each is a review's verdict, whose length is noise."""
    parts = [f"{number}. {section.heading}"]
    if counted:
        parts.append(plural(section.words, "word"))
    if section.spoilers and hidden:
        parts.append(f"{plural(len(section.spoilers), 'spoiler')} hidden")
    return tuple(parts)


def reviews(reading: Reading, command: Command) -> Answer:
    """The open reviews by number and title, LISTED at a time: from review N when asked
    ('reviews 51'), else around the one being read, which is marked."""
    library = reading.library
    count = len(library)
    if not count:
        return reading.none()
    if command.number is not None:
        start = min(max(command.number, 1), count) - 1
    else:
        start = max(0, min(reading.index - LISTED // 5, count - LISTED))
    end = min(start + LISTED, count)
    library.find_titles(range(start, end))  # 'Parasite (2019)', not 'parasite'
    whole = (start, end) == (0, count)
    lines = [
        f"{plural(count, 'review')}:" if whole else f"Reviews {start + 1} to {end} of {count}:"
    ]
    for index in range(start, end):
        reading_it = " (reading)" if index == reading.index and reading.skim is None else ""
        lines.append(f"{index + 1}. {library.title(index)}{reading_it}")
    if end < count:
        lines.append(f"Type reviews {end + 1} for more, or review N to open one")
    return Answer(tuple(lines))


def go_to_review(reading: Reading, command: Command) -> Answer:
    """Review N, by its number in the list."""
    count = len(reading.library)
    if command.number is None:
        return Answer(("Type review and a number, such as review 2",))
    if not 1 <= command.number <= count:
        return Answer((f"No review {command.number}; {plural(count, 'review')} open",))
    return reading.go_to_review(command.number - 1)
