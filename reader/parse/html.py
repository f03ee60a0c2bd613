"""HTML to blocks: whole pages through trafilatura's main-content extraction, and the
HTML-ish fragments found in export cells through lxml's forgiving parser (those with only
line breaks, paragraphs and emphasis by `reader.parse.fragments`, to the same blocks).

Spoiler elements (`<details>`, `class="spoiler"`) are rewritten as BBCode spoiler tags
before extraction: trafilatura keeps text but drops attributes and unknown characters,
and the BBCode form is one `reader.parse.spoilers` already reads. A page's title, score
and facts come from its structured data (`reader.parse.page_data`), read before
extraction changes the tree; the score travels beside the blocks, to be said in the
review's language once that is known.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

import lxml.etree
import lxml.html

from reader.model import Rating
from reader.parse.blocks import Block, BlockKind, field, heading, paragraph
from reader.parse.fragments import decoded as _decoded
from reader.parse.loose_text import append_text, gather_loose_text
from reader.parse.page_data import PageData, page_data, take_fact_boxes
from reader.parse.plaintext import text_blocks
from reader.text.cleaning import escape_stray_ampersands

_HEADING_TAGS = {f"h{level}": level for level in range(1, 7)}
# trafilatura's XML names: <head rend="h2">, <p>, <list>/<item>, <quote>, <row>/<cell>, <lb/>.
_BLOCK_TAGS = frozenset(
    "p div li item blockquote quote pre tr row section article main body dd dt ul ol list "
    "table figure header footer aside nav details summary".split()
)
_BREAK_TAGS = frozenset(("br", "lb"))
# A line break in a page's text, told apart from the line ends of its source: two in a row
# end a paragraph ('<p>One.<br><br>Two.</p>'), one is a space.
_BREAK = "\ue000"
_BLANK_LINE = re.compile(f"{_BREAK}\\s*{_BREAK}[\\s{_BREAK}]*")
# Table cells, trafilatura's <cell> among them: 'Release date' and '2022' are two words.
_CELL_TAGS = frozenset(("td", "th", "cell"))
_SKIP_TAGS = frozenset(("script", "style", "img", "graphic", "figcaption", "noscript", "svg"))
_SPOILER_CLASS = re.compile(r"\bspoilers?\b", re.IGNORECASE)
# Containers of photo captions, whose bold lines or <h3>s are not the review's headings.
_CAPTION_CLASS = re.compile(r"gallery|caption|slide|carousel|lightbox", re.IGNORECASE)


@dataclass(frozen=True)
class PageContent:
    """A saved page's blocks, and the score its structured data gives, if any."""

    blocks: list[Block]
    rating: Rating | None = None


def page_content(html: str) -> PageContent:
    """Main content of a saved web page, with its title and facts; and its score."""
    tree = _parse_document(html)
    if tree is None:
        return PageContent([])
    data = page_data(tree)
    return PageContent(_page_blocks(tree, data), data.rating)


def page_title(html: str) -> str:
    """The title a saved page gives itself (og:title, its headline, the h1 or <title>,
    without the site's name), as `page_content` puts it first, found without extracting
    the content (a third of the time on real pages), for listing pages not yet opened;
    '' for a page that names none, whose title only the extraction finds."""
    tree = _parse_document(html)
    return "" if tree is None else " ".join(_decoded(page_data(tree).title).split())


def _page_blocks(tree: lxml.html.HtmlElement, data: PageData) -> list[Block]:
    import trafilatura  # slow to import; only HTML pages need it

    data = replace(data, facts=(*data.facts, *take_fact_boxes(tree)))
    _mark_spoiler_elements(tree)
    _demote_caption_headings(tree)
    gather_loose_text(tree)
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
        return _with_page_data(_page_text(tree), data.title, _facts(data, None, None))
    title = data.title or _decoded(str(extracted.title or ""))
    facts = _facts(data, extracted.author, extracted.date)
    return _with_page_data(list(_walk(extracted.body)), title, facts)


def _facts(data: PageData, author: str | None, date: str | None) -> list[tuple[str, str]]:
    """The reviewed work's facts, then the byline (trafilatura's, else the review's JSON-LD
    author) and date. The byline is the reviewer's when the book has its own author."""
    byline = "Reviewer" if any(label == "Author" for label, _ in data.facts) else "Author"
    found = [(byline, author or data.reviewer), ("Published", date or "")]
    return [*data.facts, *((label, value) for label, value in found if value)]


def _with_page_data(blocks: list[Block], title: str, facts: list[tuple[str, str]]) -> list[Block]:
    """The title first, then the facts and the body."""
    title = " ".join(_decoded(title).split())
    if title:
        blocks = [block for block in blocks if not _is_title(block, title)]
        blocks.insert(0, heading(title, 1))
    return _after_title(blocks, [field(label, _decoded(value)) for label, value in facts])


def _is_title(block: Block, title: str) -> bool:
    return block.kind is BlockKind.HEADING and block.text.casefold() == title.casefold()


def lxml_fragment_blocks(html: str) -> list[Block]:
    """A fragment's blocks through lxml, whatever markup it holds."""
    try:
        parts = lxml.html.fragments_fromstring(escape_stray_ampersands(html))
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
        append_text(element, " [/spoiler]")
    for element in tree.iter():
        classes = element.get("class", "") if isinstance(element.tag, str) else ""
        if _SPOILER_CLASS.search(classes) or element.get("data-spoiler") is not None:
            element.text = "[spoiler]" + (element.text or "")
            append_text(element, "[/spoiler]")


def _demote_caption_headings(tree: lxml.html.HtmlElement) -> None:
    """Headings inside figures and photo galleries are captions: read them as text."""
    for element in tree.iter(*_HEADING_TAGS):
        # Up to the article: a theme's class on <body> ('lightbox-enabled') is no caption.
        containers = (element, *element.iterancestors())
        for container in containers:
            if container.tag in ("article", "main", "body"):
                break
            if _is_caption_container(container):
                element.tag = "p"
                break


def _is_caption_container(element: lxml.html.HtmlElement) -> bool:
    classes = f"{element.get('class', '')} {element.get('id', '')}"
    return element.tag in ("figure", "figcaption") or bool(_CAPTION_CLASS.search(classes))


def _walk(root: lxml.etree._Element, keep_blank_lines: bool = False) -> Iterator[Block]:
    """Blocks in document order: headings, and paragraphs between block-level tags."""
    buffer: list[str] = []

    def flush() -> Iterator[Block]:
        text = "".join(buffer)
        buffer.clear()
        if keep_blank_lines:
            yield from text_blocks(text.replace(_BREAK, "\n"))
            return
        for piece in _BLANK_LINE.split(text):
            if piece.strip(f" \t\n\r\f\v{_BREAK}"):
                yield paragraph(" ".join(piece.replace(_BREAK, " ").split()))

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
            buffer.append(_BREAK)
        else:
            if tag in _CELL_TAGS:
                buffer.append(" ")
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
