"""Finding words in the review being read: from the sentence after the place on, then
round from the start. What is found is shown and read as a sentence reached by `next`
is, its section's heading first when it is in another section.

Only what would be said is looked through, as it is written: a hidden spoiler is its
announcement ('Spoiler skipped, 12 words'), so finding a word never gives one away.
Functions over the reading controller, kept apart from it so each module has one job.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.model import Position
from reader.reading import cursor, moves
from reader.reading.actions import Command
from reader.reading.answers import Answer
from reader.reading.cursor import Place
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
    # From the first sentence after the place on, then round from the start.
    split = next(
        (n for n, said in enumerate(sentences) if _after(said.start, here)), len(sentences)
    )
    folded = wanted.casefold()
    for number, said in enumerate(sentences[split:] + sentences[:split]):
        text = " ".join(said.text.split())
        if folded not in text.casefold():
            continue
        if said.start == here.position and not here.at_heading:
            return Answer((f"No other match: {wanted}",))  # the sentence it is in
        wrapped = ("From the start",) if number >= len(sentences) - split else ()
        return moves.reach(reading, said, text, *wrapped)
    return Answer((f"Not found: {wanted}",))


def _after(start: Position, here: Place) -> bool:
    """Whether a sentence starting at `start` comes after the place: from a heading, its
    section's first sentence does."""
    return start >= here.position if here.at_heading else start > here.position
