"""Blocks: the common shape every markup is reduced to before sections are found."""

from dataclasses import dataclass
from enum import Enum


class BlockKind(Enum):
    """A heading, a paragraph of prose, or a labelled fact ('Genre: Drama')."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    FIELD = "field"


@dataclass(frozen=True)
class Block:
    """One unit of a review body, in reading order.

    Paragraph text may still hold the spoiler sentinels from `reader.parse.spoilers`;
    `label` is set for fields, and is NOTES for the heading of footnotes; `level` for
    headings (1 is the title level).
    """

    kind: BlockKind
    text: str
    level: int = 0
    label: str = ""


# The label of the heading reader gives a document's footnotes, named in the review's
# language once that is known ('Notes', 'Notas').
NOTES = "notes"


def heading(text: str, level: int) -> Block:
    """A heading block."""
    return Block(BlockKind.HEADING, text, level)


def notes_heading(level: int) -> Block:
    """The heading of a document's footnotes, gathered at its end."""
    return Block(BlockKind.HEADING, "Notes", level, NOTES)


def paragraph(text: str) -> Block:
    """A paragraph block."""
    return Block(BlockKind.PARAGRAPH, text)


def field(label: str, value: str) -> Block:
    """A labelled-fact block."""
    return Block(BlockKind.FIELD, value, label=label)
