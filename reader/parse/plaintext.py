"""Plain text to blocks: paragraphs split on blank lines, with the headings plain text has.

Plain text marks headings by form alone: a Markdown-style '#' line, an underlined line,
or a short line in capitals. Labels such as 'Synopsis:' are found later, for every
markup alike, by `reader.parse.sections`.
"""

import re

from reader.parse.blocks import Block, heading, paragraph
from reader.parse.spoilers import is_warning
from reader.text.sentences import paragraph_texts

_HASH_HEADING = re.compile(r"^(#{1,6})\s+(\S.*?)\s*#*$")
_UNDERLINE = re.compile(r"^(?:={3,}|-{3,})$")
_MAX_HEADING_WORDS = 8


def text_blocks(text: str) -> list[Block]:
    """Blocks of plain text (which may hold spoiler sentinels)."""
    blocks: list[Block] = []
    for chunk in paragraph_texts(text):
        lines = [line.strip() for line in chunk.split("\n")]
        heading_block = _heading(lines)
        if heading_block is not None:
            blocks.append(heading_block)
        else:
            blocks.append(paragraph("\n".join(lines)))
    return blocks


def _heading(lines: list[str]) -> Block | None:
    if len(lines) == 2 and _UNDERLINE.match(lines[1]) and lines[0]:
        return heading(lines[0], 1 if lines[1][0] == "=" else 2)
    if len(lines) != 1:
        return None
    line = lines[0]
    hashed = _HASH_HEADING.match(line)
    if hashed:
        return heading(hashed.group(2), len(hashed.group(1)))
    if is_shouted_heading(line) and not is_warning(line):
        return heading(line, 2)
    return None


def is_shouted_heading(line: str) -> bool:
    """A short line in capitals with no sentence punctuation: 'THE VERDICT'."""
    return (
        len(line) < 120
        and line.isupper()
        and len(line.split()) <= _MAX_HEADING_WORDS
        and not line.rstrip().endswith((".", "!", "?", "…", ","))
        and sum(char.isalpha() for char in line) >= 3
    )
