"""HTML to blocks: whole pages through trafilatura's main-content extraction, and the
HTML-ish fragments found in export cells through lxml's forgiving parser.

Spoiler elements (`<details>`, `class="spoiler"`) are rewritten as BBCode spoiler tags
before extraction: trafilatura keeps text but drops attributes and unknown characters,
and the BBCode form is one `reader.parse.spoilers` already reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.etree
import lxml.html

from reader.parse.blocks import Block, BlockKind, field, heading, paragraph
from reader.parse.plaintext import text_blocks
from reader.text.cleaning import repair_mojibake, strip_controls

_HEADING_TAGS = {f"h{level}": level for level in range(1, 7)}
# trafilatura's XML names: <head rend="h2">, <p>, <list>/<item>, <quote>, <row>/<cell>, <lb/>.
_BLOCK_TAGS = frozenset(
    "p div li item blockquote quote pre tr row section article main body dd dt ul ol list "
    "table figure header footer aside nav details summary".split()
)
_BREAK_TAGS = frozenset(("br", "lb"))
_SKIP_TAGS = frozenset(("script", "style", "img", "graphic", "figcaption", "noscript", "svg"))
_SPOILER_CLASS = re.compile(r"\bspoilers?\b", re.IGNORECASE)


def page_blocks(html: str) -> list[Block]:
    """Main content of a saved web page, with its headings and the page's facts."""
    import trafilatura  # slow to import; only HTML pages need it

    tree = _parse_document(html)
    if tree is None:
        return []
    _mark_spoiler_elements(tree)
    extracted = trafilatura.bare_extraction(
        tree,
        include_formatting=True,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        with_metadata=True,
    )
    if extracted is None or isinstance(extracted, dict) or extracted.body is None:
        # Too little for main-content extraction (a short page, a bare fragment saved as
        # .html): read everything but the page furniture instead of nothing.
        return _page_text(tree)
    blocks = list(_walk(extracted.body))
    has_title = any(block.kind is BlockKind.HEADING and block.level == 1 for block in blocks)
    if extracted.title and not has_title:
        blocks.insert(0, heading(_decoded(str(extracted.title)), 1))
    facts = [
        field(label, _decoded(str(value)))
        for label, value in (("Author", extracted.author), ("Published", extracted.date))
        if value
    ]
    return _after_title(blocks, facts)


def fragment_blocks(html: str) -> list[Block]:
    """Blocks of an HTML-ish fragment such as a Letterboxd or Goodreads review cell."""
    if "<" not in html and "&" not in html:
        return text_blocks(html)
    try:
        parts = lxml.html.fragments_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return text_blocks(html)
    container = lxml.html.Element("div")
    for part in parts:
        if isinstance(part, str):
            container.text = (container.text or "") + _decoded(part)
        else:
            container.append(part)
    _mark_spoiler_elements(container)
    return list(_walk(container, keep_blank_lines=True))


def _page_text(tree: lxml.html.HtmlElement) -> list[Block]:
    for furniture in tree.xpath("//nav|//header|//footer|//aside|//form|//head"):
        furniture.drop_tree()
    return list(_walk(tree))


def _parse_document(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None


def _after_title(blocks: list[Block], facts: list[Block]) -> list[Block]:
    if blocks and blocks[0].kind is BlockKind.HEADING and blocks[0].level == 1:
        return [blocks[0], *facts, *blocks[1:]]
    return [*facts, *blocks]


def _mark_spoiler_elements(tree: lxml.html.HtmlElement) -> None:
    """Wrap `<details>` bodies and elements with a spoiler class in [spoiler] tags."""
    for element in tree.iter("details"):
        # The summary stays readable, as a paragraph (not a heading, which would hide the
        # rest of its section): it says what the hidden part is about.
        summary = element.find("summary")
        if summary is not None:
            summary.tag = "p"
            summary.tail = "[spoiler] " + (summary.tail or "")
        else:
            element.text = "[spoiler] " + (element.text or "")
        _append_text(element, " [/spoiler]")
    for element in tree.iter():
        classes = element.get("class", "") if isinstance(element.tag, str) else ""
        if _SPOILER_CLASS.search(classes) or element.get("data-spoiler") is not None:
            element.text = "[spoiler]" + (element.text or "")
            _append_text(element, "[/spoiler]")


def _append_text(element: lxml.html.HtmlElement, text: str) -> None:
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text


def _decoded(text: str | None) -> str:
    """Text that lxml decoded from character references: '&#27;[31m' is an escape sequence
    again, and '&#xe000;' a private-use character, so it is cleaned once more."""
    return repair_mojibake(strip_controls(text)) if text else ""


def _walk(root: lxml.etree._Element, keep_blank_lines: bool = False) -> Iterator[Block]:
    """Blocks in document order: headings, and paragraphs between block-level tags."""
    buffer: list[str] = []

    def flush() -> Iterator[Block]:
        text = "".join(buffer)
        buffer.clear()
        if keep_blank_lines:
            yield from text_blocks(text)
        elif text.strip():
            yield paragraph(" ".join(text.split()))

    def visit(element: lxml.etree._Element) -> Iterator[Block]:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        level = _heading_level(element, tag)
        if tag in _SKIP_TAGS:
            pass
        elif level:
            yield from flush()
            title = " ".join(_decoded("".join(map(str, element.itertext()))).split())
            if title:
                yield heading(title, level)
        elif tag in _BREAK_TAGS:
            buffer.append("\n")
        else:
            block = tag in _BLOCK_TAGS
            if block:
                yield from flush()
            buffer.append(_decoded(element.text))
            for child in element:
                yield from visit(child)
            if block:
                yield from flush()
        buffer.append(_decoded(element.tail))

    buffer.append(_decoded(root.text))
    for child in root:
        yield from visit(child)
    yield from flush()


def _heading_level(element: lxml.etree._Element, tag: str) -> int:
    if tag in _HEADING_TAGS:
        return _HEADING_TAGS[tag]
    if tag == "head":
        # trafilatura marks the source level in rend="h2"; a bare <head> was some other
        # heading-like element (a <summary>, a bold line), so it ranks below the others.
        rend = element.get("rend", "")
        return _HEADING_TAGS.get(rend, 3)
    return 0
