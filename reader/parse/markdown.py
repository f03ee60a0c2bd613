"""Markdown to blocks with markdown-it-py; its headings become section headings, and
footnotes ('[^1]') a last section, 'Notes', each said with its number (and hidden as a
spoiler when referenced from one: `reader.parse.notes`).

markdown-it-py has no spoiler syntax: '>!' at a line start would parse as a blockquote
and '||' collides with tables. So spoiler syntaxes, including inline HTML ones, become
sentinels before parsing, and the sentinels ride through as ordinary characters.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING

from reader.parse.blocks import Block, field, heading, notes_heading, paragraph
from reader.parse.fragments import fragment_blocks
from reader.parse.labels import is_metadata_label
from reader.parse.notes import definition, reference, unmarked
from reader.parse.sentinels import CLOSE, OPEN
from reader.parse.spoilers import mark_text
from reader.text.cleaning import strip_controls

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_MATTER_LINE = re.compile(r"^(?P<key>[\w -]{1,40}):\s*(?P<value>.+?)\s*$")
_RATING_KEYS = frozenset(("rating", "score", "my rating", "stars"))
# Titles of works are often set in italics: 'title: _Strange Darling_'.
_EMPHASIS = re.compile(r"^(?P<mark>[*_]{1,3})(?P<text>[^*_].*?)(?P=mark)$")
# Spoilers written as HTML inside Markdown. The <summary> stays readable.
_HTML_SPOILERS = (
    (
        re.compile(
            r"<details\b[^>]*>\s*(?:<summary\b[^>]*>(?P<summary>.*?)</summary>)?",
            re.IGNORECASE | re.DOTALL,
        ),
        lambda match: f"\n\n{match.group('summary') or ''}\n\n{OPEN}",
    ),
    (re.compile(r"</details\s*>", re.IGNORECASE), lambda _match: f"{CLOSE}\n\n"),
    (
        re.compile(
            r"<(?P<tag>span|div|p|mark|spoiler)\b[^>]*?"
            r"(?:class\s*=\s*[\"'][^\"']*\bspoilers?\b[^\"']*[\"']|data-spoiler)[^>]*>"
            r"(?P<body>.*?)</(?P=tag)\s*>",
            re.IGNORECASE | re.DOTALL,
        ),
        lambda match: f"{OPEN}{match.group('body')}{CLOSE}",
    ),
)
if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@cache
def _parser() -> MarkdownIt:
    # Only Markdown needs these; importing them here keeps start-up quick.
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return parser.use(footnote_plugin)


# markdown-it decodes character references after cleaning has run: '&#27;[31m' would come
# back as an escape sequence, '&#xe000;' as a spoiler sentinel.
_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX](?P<hex>[0-9a-fA-F]{1,6})|(?P<dec>\d{1,7}));")


def _decoded_if_invisible(match: re.Match[str]) -> str:
    code = int(match.group("hex"), 16) if match.group("hex") else int(match.group("dec"))
    char = chr(code) if code <= sys.maxunicode else ""
    return char if char and strip_controls(char) != char else match.group(0)


def markdown_blocks(source: str) -> list[Block]:
    """Blocks of a Markdown document, front matter first."""
    source = strip_controls(_NUMERIC_REFERENCE.sub(_decoded_if_invisible, source))
    facts, source = _front_matter(source)
    for pattern, replace in _HTML_SPOILERS:
        source = pattern.sub(replace, source)
    tokens = _parser().parse(mark_text(source))
    return [*facts, *_blocks(tokens)]


def _front_matter(source: str) -> tuple[list[Block], str]:
    """Jekyll/Hugo-style '---' front matter: title, rating and facts about the work."""
    match = _FRONT_MATTER.match(source)
    if match is None:
        return [], source
    blocks: list[Block] = []
    for line in match.group("body").splitlines():
        pair = _FRONT_MATTER_LINE.match(line)
        if pair is None:
            continue
        key, value = pair.group("key").strip(), pair.group("value").strip("\"' ")
        if key.lower() == "title":
            blocks.insert(0, heading(_EMPHASIS.sub(r"\g<text>", value), 1))
        elif key.lower() in _RATING_KEYS:
            blocks.append(paragraph(f"{key.capitalize()}: {value}"))
        elif is_metadata_label(key):
            blocks.append(field(key.capitalize(), value.strip("[]")))
    return blocks, source[match.end() :]


def _blocks(tokens: Sequence[Token]) -> Iterator[Block]:
    row: list[str] = []
    mark = ""  # before each paragraph of a footnote: its mark
    number = ""  # the number said before a footnote's first paragraph
    for index, token in enumerate(tokens):
        if token.type == "inline":
            opener = tokens[index - 1]
            text = _inline_text(token)
            if opener.type == "heading_open":
                yield heading(unmarked(text), int(opener.tag[1:]))
            elif opener.type in ("th_open", "td_open"):
                row.append(text)
            else:
                yield paragraph(mark + number + text)
                number = ""
        elif token.type == "footnote_block_open":
            # Footnotes come last, under a heading as high as any, so that they end
            # the section before them (which may be a spoiler) and can be jumped to.
            levels = [int(t.tag[1:]) for t in tokens if t.type == "heading_open"]
            yield notes_heading(min(levels, default=2))
        elif token.type == "footnote_open":
            mark = definition(token.meta["id"])
            number = f"{token.meta['id'] + 1}. "
        elif token.type == "footnote_close":
            mark = ""
        elif token.type == "tr_close":
            yield from _table_row(row)
            row = []
        elif token.type in ("fence", "code_block"):
            yield paragraph(token.content.strip())
        elif token.type == "html_block":
            yield from fragment_blocks(token.content)


def _table_row(cells: list[str]) -> Iterator[Block]:
    # A two-column row reads like a labelled line ('Story: 9/10'), so ratings are found.
    if len(cells) == 2 and all(cells):
        yield paragraph(f"{cells[0]}: {cells[1]}")
    elif any(cells):
        yield paragraph(", ".join(cell for cell in cells if cell))


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "footnote_ref":
            # The mark itself is not said ('barriers [^1], and' is 'barriers, and'):
            # the note is read under Notes, numbered. What is left in its place only
            # tells whether it stood in a spoiler.
            if parts:
                parts[-1] = parts[-1].rstrip()
            parts.append(reference(child.meta["id"]))
    return "".join(parts).strip()
