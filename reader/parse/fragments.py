"""The common HTML-ish export cell, read without an HTML parser.

Letterboxd and Goodreads reviews carry little markup: `<br />` line breaks, `<p>`
paragraphs, `<i>`, `<b>`, `<em>`, `<strong>`, quotations (`<blockquote>`), links to the
reviewer's lists (`<a href="...">`) and a few character references. Such a cell
is read here by one pattern into exactly the blocks `reader.parse.html` gets from lxml's
tree (10,000 reviews in a fraction of the time); anything else (another tag, an
attribute, tags that overlap, an unusual reference) returns None and goes to lxml.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from reader.parse.blocks import Block
from reader.parse.plaintext import text_blocks
from reader.text.cleaning import repair_mojibake, strip_controls

# A link is read with its address only when the address needs no decoding.
_TOKEN = re.compile(
    r'<(/?)(br|p|i|b|em|strong|blockquote|a(?: href="[^"<>&]*")?)( ?/)?>'
    r"|&(?:(amp|lt|gt|quot|apos|nbsp)|#(\d{1,7}));"
)
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "nbsp": "\xa0"}
_INLINE = frozenset(("i", "b", "em", "strong", "a"))
# What `_flat_text` reads: the tags _TOKEN matches that a flat text may hold (no
# paragraph, nothing self-closing but a break), with what each leaves; and the named
# references whose characters are plain ('&nbsp;' is not).
_FLAT_TAGS = {
    **{f"br{end}": "\n" for end in (" /", "/", "")},
    **{f"{slash}{tag}": "" for tag in ("i", "b", "em", "strong") for slash in ("", "/")},
}
_FLAT_NAMES = {name: _NAMED[name] for name in ("amp", "lt", "gt", "quot", "apos")}
# Text that cleaning leaves as it is, in any piece: printable ASCII, line breaks and the
# visible general punctuation ('…', '’', '—'), none of which can start mojibake.
_PLAIN = re.compile(r"[\n -~\u2010-\u2027\u2030-\u205e]*")


def decoded(text: str | None) -> str:
    """Text that lxml decoded from character references: '&#27;[31m' is an escape sequence
    again, and '&#xe000;' a private-use character, so it is cleaned once more."""
    return strip_controls(repair_mojibake(text)) if text else ""


def fragment_blocks(html: str) -> list[Block]:
    """Blocks of an HTML-ish fragment such as a Letterboxd or Goodreads review cell. lxml
    is imported only for a fragment read here cannot read: it takes 15-30 ms to load,
    which every worker outlining an export would pay for nothing."""
    if "<" not in html and "&" not in html:
        return text_blocks(html)
    simple = simple_fragment_blocks(html)
    if simple is not None:
        return simple
    from reader.parse.html import lxml_fragment_blocks

    return lxml_fragment_blocks(html)


def simple_fragment_blocks(html: str) -> list[Block] | None:
    """The blocks of a fragment with only simple markup, or None if it has other markup.

    The text between two tags is one text node of lxml's tree, cleaned as one piece; a
    paragraph's start and end split the text into blocks, as a block element does.
    """
    if "\r" in html:  # the parser turns CR into LF before anything else
        return None
    if _PLAIN.fullmatch(html) and "<p" not in html and "</p" not in html:
        flat = _flat_text(html)
        if flat is not None:
            return text_blocks(flat)
    blocks: list[Block] = []
    buffer: list[str] = []
    node: list[str] = []  # the text node being read: its pieces, references decoded
    open_tags: list[str] = []
    # Most reviews are plain text, whose text nodes need no cleaning: skip its calls.
    clean = _unchanged if _PLAIN.fullmatch(html) else decoded
    leading = True
    last = 0
    for match in _TOKEN.finditer(html):
        raw = html[last : match.start()]
        if "<" in raw or "&" in raw:
            return None  # markup or a reference the pattern does not read
        node.append(raw)
        last = match.end()
        tag, name, number = match.group(2, 4, 5)
        if tag is None:
            char = _NAMED[name] if name else _character(int(number))
            if char is None:
                return None
            node.append(char)
            if not _PLAIN.fullmatch(char):
                clean = decoded
            continue
        text = "".join(node)
        node.clear()
        if leading:
            # The text before the first tag: kept only when not blank, and cleaned twice
            # (once as a fragment of its own, once as the container's text).
            buffer.append(clean(clean(text)) if text.strip() else "")
            leading = False
        else:
            buffer.append(clean(text))
        if not _tag(match, open_tags, buffer, blocks):
            return None
    rest = html[last:]
    if "<" in rest or "&" in rest:
        return None
    # Tags still open end here, which is where the parser closes them too.
    text = "".join(node) + rest
    buffer.append(clean(clean(text)) if leading else clean(text))
    blocks.extend(text_blocks("".join(buffer)))
    return blocks


def _flat_text(html: str) -> str | None:
    """The text of plain ASCII with only line breaks, emphasis and references, or None.

    With no paragraphs there is one block of text, and plain text nodes need no cleaning,
    so the tags can simply go: emphasis, even unclosed or overlapping, never moves text.
    The text is cut at each '<' and then each '&', and what follows looked up: quicker
    than a pattern over all of it. Anything not looked up is markup read elsewhere.
    """
    text = _replaced(html, "<", ">", _FLAT_TAGS.get) if "<" in html else html
    if text is not None and "&" in text:
        return _replaced(text, "&", ";", _flat_reference)
    return text


def _replaced(text: str, start: str, end: str, said: Callable[[str], str | None]) -> str | None:
    """`text` with each `start`...`end` replaced by what `said` gives for what is between;
    None when it gives None or a `start` has no `end`."""
    pieces = text.split(start)
    kept = [pieces[0]]
    for piece in pieces[1:]:
        inside, ended, rest = piece.partition(end)
        replacement = said(inside) if ended else None
        if replacement is None:
            return None
        kept += (replacement, rest)
    return "".join(kept)


def _flat_reference(name: str) -> str | None:
    """What a reference in flat text stands for: a plain character, or None."""
    if name[:1] != "#":
        return _FLAT_NAMES.get(name)
    digits = name[1:]
    char = (
        _character(int(digits))
        if digits.isascii() and digits.isdigit() and len(digits) <= 7
        else None
    )
    return char if char is not None and _PLAIN.fullmatch(char) else None


def _unchanged(text: str) -> str:
    return text


def _tag(
    match: re.Match[str], open_tags: list[str], buffer: list[str], blocks: list[Block]
) -> bool:
    """Apply one tag; False when the tags are not simply nested (lxml decides those)."""
    closing, tag, self_closing = match.group(1, 2, 3)
    if tag == "br":
        if closing:
            return False
        buffer.append("\n")
        return True
    if self_closing:
        return False
    if tag.startswith("a "):  # a link: its text is read, its address is not
        if closing:
            return False
        tag = "a"
    if closing:
        if not open_tags or open_tags.pop() != tag:
            return False
    elif not _nests(tag, open_tags):
        return False
    else:
        open_tags.append(tag)
    if tag not in _INLINE:
        blocks.extend(text_blocks("".join(buffer)))
        buffer.clear()
    return True


def _nests(tag: str, open_tags: list[str]) -> bool:
    """Whether the parser surely opens `tag` inside the tags open: emphasis anywhere, a
    link anywhere but in a link, a paragraph or a quotation only in quotations (it closes
    a paragraph at a quotation, for one)."""
    if tag in _INLINE:
        return tag != "a" or "a" not in open_tags
    return all(name == "blockquote" for name in open_tags)


def _character(number: int) -> str | None:
    """The character a numeric reference stands for, where the parser surely reads it the
    same (not NUL, a C1 code, a surrogate or a non-character)."""
    if 0x20 <= number <= 0x7E or 0xA0 <= number <= 0xD7FF or 0xE000 <= number <= 0xFDCF:
        return chr(number)
    if 0xFDF0 <= number <= 0x10FFFD and (number & 0xFFFE) != 0xFFFE:
        return chr(number)
    return None
