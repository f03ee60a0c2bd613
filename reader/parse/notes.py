"""Footnotes that would tell a spoiler: a note referenced from inside a spoiler is hidden
with it, under Notes, where the reader reads footnotes.

Markdown's parser leaves a private-use mark where each footnote is referenced and before
each paragraph of a footnote (`reference`, `definition`). Once spoiler regions are marked
(`reader.parse.spoilers.mark_warnings`), `hidden_notes` finds which references fall
inside a spoiler, removes the marks, and wraps those notes in spoiler sentinels.
Cleaning removes private-use characters from the source, so no review can forge a mark.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reader.parse.blocks import Block, BlockKind, paragraph
from reader.parse.sentinels import CLOSE, LABELLED, OPEN, SENTINEL

# One character per footnote: the reference to note n is chr(_REFERENCE + n), a
# paragraph of its text starts with chr(_DEFINITION + n). Notes past _NOTES are read
# as they are.
_REFERENCE = 0xE100
_DEFINITION = 0xE900
_NOTES = 0x800
_MARK = re.compile(f"[{chr(_REFERENCE)}-{chr(_DEFINITION + _NOTES - 1)}]")
# The number a note is said with stays outside its spoiler: '2. Spoiler skipped'.
_NUMBER = re.compile(r"\d+\. ")
_SPOILER_MARK = re.compile(f"{SENTINEL.pattern}|{_MARK.pattern}")


def reference(note: int) -> str:
    """The mark left where note `note` (counted from 0) is referenced."""
    return chr(_REFERENCE + note) if 0 <= note < _NOTES else ""


def definition(note: int) -> str:
    """The mark before each paragraph of note `note`'s text."""
    return chr(_DEFINITION + note) if 0 <= note < _NOTES else ""


def unmarked(text: str) -> str:
    """Text without footnote marks (a heading, a title)."""
    return _MARK.sub("", text)


def hidden_notes(blocks: Iterable[Block]) -> list[Block]:
    """The blocks without footnote marks; each note referenced inside a spoiler is a
    spoiler itself, all its paragraphs one span. A spoiler ends with its section, as in
    `reader.parse.sentinels.extract_spans`."""
    spoiled: set[int] = set()
    hiding = -1  # the note whose spoiler is open
    result: list[Block] = []
    depth = 0
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            depth = 0
        if block.kind is not BlockKind.PARAGRAPH:
            result.append(Block(block.kind, unmarked(block.text), block.level, block.label))
            continue
        for match in _SPOILER_MARK.finditer(block.text):
            mark = match.group(0)
            if mark == CLOSE:
                depth = max(0, depth - 1)
            elif mark == OPEN or mark.startswith(LABELLED):
                depth += 1
            elif depth and _REFERENCE <= ord(mark) < _REFERENCE + _NOTES:
                spoiled.add(ord(mark) - _REFERENCE)
        text = block.text
        note = ord(text[0]) - _DEFINITION if text else -1
        text = unmarked(text)
        if note != hiding:
            ended = CLOSE if hiding >= 0 else ""
            hiding = -1
            if note in spoiled:
                number = _NUMBER.match(text)
                at = number.end() if number else 0
                text = f"{text[:at]}{OPEN}{text[at:]}"
                hiding = note
            text = ended + text
        result.append(block if text == block.text else paragraph(text))
    return result
