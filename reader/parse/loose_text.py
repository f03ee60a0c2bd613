"""Text written straight into a page's containers, gathered into paragraphs before
main-content extraction.

Old blogs and review sites write paragraphs as bare text between `<br>` tags, beside
real blocks (`<h2>`, `<p>`) in the same container. trafilatura keeps such a line whole
only while it holds no markup: at the first `<em>` it cuts the line in two and drops the
space at the cut ('Den <em>eigentlichen </em>Abschluss' became 'Den', then
'eigentlichenAbschluss', a paragraph each; trafilatura issue 661). Each such line,
`<br>` to `<br>`, that holds markup is made a `<p>` of its own here, with its markup
inside it and its spaces kept; lines of plain text, which extraction already keeps
whole, and lines that are mostly links (a menu, for extraction to judge) stay as they
were. Over trafilatura's own 109 test pages this changed six, each for the better but
for a stray word or two ('published') now kept.
"""

from __future__ import annotations

import lxml.html
from lxml.html import HtmlElement

# Elements that are blocks of their own; anything else (emphasis, links, a <meta> or an
# image) sits inside a line of text.
_BLOCKS = frozenset(
    "p div ul ol li dl dt dd table thead tbody tfoot tr td th caption h1 h2 h3 h4 h5 h6 "
    "blockquote pre section article main header footer aside nav form fieldset figure "
    "figcaption details summary hr address center".split()
)
# Where loose lines are found beside blocks.
_CONTAINERS = ("body", "main", "article", "section", "div", "td", "blockquote", "li", "dd")


def gather_loose_text(tree: HtmlElement) -> None:
    """Make each loose line (text and inline markup between `<br>`s or blocks) that holds
    markup, in a container that also holds blocks, a paragraph of its own."""
    for container in list(tree.iter(*_CONTAINERS)):
        children = list(container)
        if any(_is_block(child) for child in children) and _has_loose_text(container, children):
            _gather(container, children)


def _is_block(element: HtmlElement) -> bool:
    return element.tag in _BLOCKS


def _has_loose_text(container: HtmlElement, children: list[HtmlElement]) -> bool:
    if (container.text or "").strip():
        return True
    return any(
        (child.tail or "").strip()
        or (isinstance(child.tag, str) and not _is_block(child) and child.text_content().strip())
        for child in children
    )


def _gather(container: HtmlElement, children: list[HtmlElement]) -> None:
    """Rebuild the container with each loose line that holds markup in a new `<p>`;
    everything else stays as it was."""
    pieces: list[str | HtmlElement] = [container.text or ""]
    for child in children:
        pieces.append(child)
        pieces.append(child.tail or "")
        child.tail = None
        container.remove(child)
    container.text = None
    line: list[str | HtmlElement] = []
    for piece in pieces:
        if isinstance(piece, str) or not (_is_block(piece) or piece.tag == "br"):
            line.append(piece)
            continue
        _put_line(container, line)
        line = []
        container.append(piece)
    _put_line(container, line)


def _put_line(container: HtmlElement, line: list[str | HtmlElement]) -> None:
    """A loose line back into its container: in a `<p>` of its own when it holds markup
    with text (what extraction breaks) and is not mostly links (a menu, which extraction
    should judge as it was); else as it was."""
    marked = [piece for piece in line if not isinstance(piece, str) and isinstance(piece.tag, str)]
    said = "".join(piece for piece in line if isinstance(piece, str))
    said += "".join(piece.text_content() for piece in marked)
    linked = sum(len(link.text_content()) for piece in marked for link in piece.iter("a"))
    target = container
    if any(piece.text_content().strip() for piece in marked) and 2 * linked < len(said.strip()):
        target = lxml.html.Element("p")
        container.append(target)
    for piece in line:
        if isinstance(piece, str):
            append_text(target, piece)
        else:
            target.append(piece)


def append_text(element: HtmlElement, text: str) -> None:
    """Text after whatever the element holds so far: its last child's tail, or its own
    text."""
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text
