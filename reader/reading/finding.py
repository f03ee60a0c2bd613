"""Finding words in the review being read: from the sentence after the place on, then
round from the start. What is found is shown and read as a sentence reached by `next`
is, its section's heading first when it is in another section.

Only what would be said is looked through, as it is written: a hidden spoiler is its
announcement ('Spoiler skipped, 12 words'), so finding a word never gives one away.
Functions over the reading controller, kept apart from it so each module has one job.
"""

from __future__ import annotations

from itertools import chain
from typing import TYPE_CHECKING

from reader.model import Position
from reader.plan.planner import Utterance
from reader.reading import cursor
from reader.reading.actions import Command
from reader.reading.answers import Answer, Say
from reader.reading.cursor import Place
from reader.reading.phrases import section_phrase
from reader.text.cleaning import clean_line

if TYPE_CHECKING:
    from reader.reading.controller import Reading

ASK = "Type find and the words to look for, such as find the ending"


def find(reading: Reading, command: Command) -> Answer:
    """The next sentence holding the words typed, or the words looked for last."""
    document = reading.document
    if document is None:
        return reading.none()
    # Typed or pasted escape sequences are neither looked for nor shown back.
    wanted = clean_line(command.text) or reading.wanted
    if not wanted:
        return Answer((ASK,))
    reading.wanted = wanted
    here = reading.place
    sentences = list(cursor.sentences_from(document, Position(), reading.settings))
    after = [said for said in sentences if _after(said.start, here)]
    before = [said for said in sentences if not _after(said.start, here)]
    folded = wanted.casefold()
    for wrapped, said in chain(((False, s) for s in after), ((True, s) for s in before)):
        if folded in " ".join(said.text.split()).casefold():
            if said.start == here.position and not here.at_heading:
                return Answer((f"No other match: {wanted}",))  # the sentence it is in
            return _arrive(reading, said, wrapped)
    return Answer((f"Not found: {wanted}",))


def _arrive(reading: Reading, said: Utterance, wrapped: bool) -> Answer:
    """The place at the sentence found, which is shown and read."""
    assert reading.document is not None
    lines = [" ".join(said.text.split())]
    if said.section != reading.place.position.section:
        modes = reading.modes
        heading = section_phrase(
            reading.document, said.section, modes.skip_spoilers, modes.verbosity
        )
        lines.insert(0, heading)
    if wrapped:
        lines.insert(0, "From the start")
    reading.place = Place(said.start, at_heading=False)
    return Answer(tuple(lines), Say.SENTENCE, moved=True)


def _after(start: Position, here: Place) -> bool:
    """Whether a sentence starting at `start` comes after the place: from a heading, its
    section's first sentence does."""
    return start >= here.position if here.at_heading else start > here.position
