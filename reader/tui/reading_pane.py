"""The reading pane: one section at a time, the sentence being read highlighted and in view.

Review text is shown as plain `Text`, never as markup, so a review that says "[bold]"
shows those characters. A hidden spoiler is shown as "[spoiler, 42 words]"; its words
are never put on screen until spoilers are read.
"""

from __future__ import annotations

import itertools
from enum import Enum
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Offset, Region
from textual.widget import Widget
from textual.widgets import Static

from reader.model import Document, Section
from reader.text.sentences import Span
from reader.tui.messages import Spoken
from reader.tui.word_cursor import (
    Kind,
    Piece,
    cell,
    hides,
    pieces,
    show_terminal_cursor,
    shown_offset,
)

SENTENCE_STYLE = "reverse bold"
PLACEHOLDER_STYLE = "italic"
REVEALED_STYLE = "underline"
# The word being heard stands out of the reverse-video sentence: not reversed, underlined.
# The stylesheet's `reading-pane--word` gives it the theme's colours on top.
WORD_STYLE = Style(bold=True, underline=True)
_PIECE_STYLES = {Kind.TEXT: "", Kind.REVEALED: REVEALED_STYLE, Kind.HIDDEN: PLACEHOLDER_STYLE}


def paragraph_text(
    section: Section,
    paragraph: Span,
    highlight: Span | None,
    hide_spoilers: bool,
    *,
    word: Span | None = None,
    word_style: Style = WORD_STYLE,
) -> Text:
    """One paragraph as shown: spoilers hidden or marked, the highlight in reverse video,
    and the word being heard inside it in `word_style` (never inside hidden text)."""
    text = Text()
    shown = pieces(section, paragraph, hide_spoilers)
    if word is not None and (highlight is None or hides(shown, word)):
        word = None
    for piece in shown:
        style = _PIECE_STYLES[piece.kind]
        if piece.kind is Kind.HIDDEN:
            on = (
                highlight is not None
                and highlight.start < piece.end
                and piece.start < highlight.end
            )
            text.append(piece.shown, f"{style} {SENTENCE_STYLE}" if on else style)
            continue
        for start, end, lit in _lit_parts(piece, highlight, word):
            chars = section.text[start:end]
            if lit is Lit.WORD:
                text.append(chars, (Style.parse(style) if style else Style()) + word_style)
            elif lit is Lit.SENTENCE:
                text.append(chars, f"{style} {SENTENCE_STYLE}".strip())
            else:
                text.append(chars, style)
    return text


def _overlap(span: Span, start: int, end: int) -> bool:
    return span.start < end and start < span.end


class Lit(Enum):
    """How a part of the text is lit."""

    NOT = "not"
    SENTENCE = "sentence"
    WORD = "word"


def _lit_parts(
    piece: Piece, highlight: Span | None, word: Span | None
) -> list[tuple[int, int, Lit]]:
    """The piece cut where the highlight and the word begin and end, each part with how
    it is lit (the word only inside the highlight)."""
    cuts = {piece.start, piece.end}
    for span in (highlight, word):
        if span is not None:
            cuts |= {min(max(edge, piece.start), piece.end) for edge in (span.start, span.end)}
    edges = sorted(cuts)
    parts = []
    for start, end in itertools.pairwise(edges):
        lit = Lit.NOT
        if highlight is not None and highlight.start <= start and end <= highlight.end:
            lit = Lit.SENTENCE
            if word is not None and word.start <= start and end <= word.end:
                lit = Lit.WORD
        parts.append((start, end, lit))
    return parts


class Paragraph(Static):
    """One paragraph of the section shown."""

    def __init__(self, span: Span) -> None:
        super().__init__(classes="paragraph")
        self.span = span


class ReadingPane(VerticalScroll, can_focus=True, inherit_bindings=False):
    """The section being read; its own keys only page, so the arrows stay the app's.

    The terminal cursor stands where the word being heard starts, or with no word heard,
    where the lit sentence starts: braille displays and magnifiers follow it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "Bottom", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"reading-pane--word"}

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.document: Document | None = None
        self.section = -1
        self.hide_spoilers = True
        self.highlight: Span | None = None
        self.heading_lit = False
        self.word: Span | None = None  # the word being heard, inside the highlight
        self._heading = Static(classes="heading")
        self._paragraphs: list[Paragraph] = []
        self._focused_before = False  # the first focus is the screen's own doing
        self.open_hint = ""  # how to open reviews, in the keys actually bound

    def on_mount(self) -> None:
        """Show the terminal cursor, and keep it on the text however the pane scrolls."""
        show_terminal_cursor(self.app)
        self.watch(self, "scroll_y", self._scrolled, init=False)

    def _scrolled(self) -> None:
        self.call_after_refresh(self.place_cursor)

    def on_resize(self) -> None:
        """Lines wrap anew: the cursor follows its word."""
        self.call_after_refresh(self.place_cursor, self.word is not None)

    def on_focus(self) -> None:
        """Say that the keys are back on the text (not when the screen first opens)."""
        if self._focused_before:
            self.post_message(Spoken("Review text"))
        self._focused_before = True

    def show(self, document: Document | None, section: int, hide_spoilers: bool) -> None:
        """Show section `section` of `document`, nothing highlighted."""
        self.document, self.section, self.hide_spoilers = document, section, hide_spoilers
        self.highlight, self.heading_lit, self.word = None, False, None
        self.remove_children()
        if document is None or not 0 <= section < len(document.sections):
            self._paragraphs = []
            self.mount(Static(Text(f"No review open. {self.open_hint}".strip()), classes="empty"))
            return
        shown = document.sections[section]
        spans = shown.paragraphs or (Span(0, len(shown.text)),)
        # Kept in a list, not queried: removal of the section shown before finishes later.
        self._paragraphs = [Paragraph(span) for span in spans]
        self._heading = Static(self._heading_text(), classes="heading")
        self._render_paragraphs([*spans])
        self.mount(Vertical(self._heading, *self._paragraphs, classes="section"))
        self.scroll_home(animate=False)
        self.call_after_refresh(self.place_cursor)

    def light(self, span: Span | None, heading: bool = False) -> None:
        """Highlight the sentence `span` (or the heading) and keep it in view; no word is
        lit until one of it is heard."""
        before = [self.highlight, self.word]
        self.highlight, self.heading_lit, self.word = span, heading, None
        if self.document is None or self.section < 0:
            return
        self._heading.update(self._heading_text())
        self._render_paragraphs([*before, span])
        if heading:
            self.scroll_home(animate=False)
        self.call_after_refresh(self.place_cursor, not heading and span is not None)

    def hear(self, word: Span | None) -> None:
        """Light the word being heard (None: none), if it is in the lit sentence and
        shown; the cursor moves onto it and its line is kept in view."""
        if word is not None and not self._shows(word):
            word = None
        if word == self.word:
            return
        before, self.word = self.word, word
        self._render_paragraphs([before, word])
        self.call_after_refresh(self.place_cursor, word is not None)

    def place_cursor(self, scroll: bool = False) -> None:
        """Put the terminal cursor where the word being heard starts, or else where the
        lit sentence or heading does; with `scroll`, bring that line into view first."""
        spot = self._spot()
        if spot is None:
            return
        widget, at = spot
        gutter = widget.styles.gutter
        virtual = widget.virtual_region.offset + Offset(gutter.left, gutter.top) + at
        if scroll:
            self.scroll_to_region(Region(0, virtual.y, 1, 2), animate=False, immediate=True)
        if self.screen is not self.app.screen or not self.display:
            return  # a dialog has the cursor, or the lists have the pane's room
        viewport = self.scrollable_content_region
        where = viewport.offset + virtual - self.scroll_offset
        if not viewport.contains_point(where):
            where = viewport.offset  # paged away from it by hand: the cursor stays in the text
        if where != self.app.cursor_position:
            self.app.cursor_position = where
            self.refresh()  # Textual moves the cursor as it draws an update

    def text_shown(self) -> str:
        """The heading and every visible paragraph, as plain text."""
        if self.document is None or self.section < 0:
            return ""
        shown = [str(self._heading.content)]
        shown += [str(paragraph.content) for paragraph in self._paragraphs if paragraph.display]
        return "\n\n".join(shown)

    def _heading_text(self) -> Text:
        assert self.document is not None
        heading = self.document.sections[self.section].heading
        return Text(heading, SENTENCE_STYLE if self.heading_lit else "bold")

    def _render_paragraphs(self, touched: list[Span | None]) -> None:
        """Draw again the paragraphs that any of the `touched` spans overlap."""
        assert self.document is not None
        section = self.document.sections[self.section]
        spans = [span for span in touched if span is not None]
        style = self.get_component_rich_style("reading-pane--word", partial=True)
        for paragraph in self._paragraphs:
            if any(_overlap(span, paragraph.span.start, paragraph.span.end) for span in spans):
                shown = paragraph_text(
                    section,
                    paragraph.span,
                    self.highlight,
                    self.hide_spoilers,
                    word=self.word,
                    word_style=WORD_STYLE + style,
                )
                paragraph.update(shown)
                paragraph.display = bool(shown.plain.strip())

    def _paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph that holds section character `offset` (or, between two, the next)."""
        return next((p for p in self._paragraphs if offset < p.span.end), None)

    def _shows(self, word: Span) -> bool:
        """Whether `word` is in the lit sentence and on screen (not in a hidden spoiler)."""
        lit, paragraph = self.highlight, self._paragraph_at(word.start)
        if lit is None or paragraph is None or not lit.start <= word.start < lit.end:
            return False
        assert self.document is not None
        section = self.document.sections[self.section]
        return not hides(pieces(section, paragraph.span, self.hide_spoilers), word)

    def _spot(self) -> tuple[Widget, Offset] | None:
        """The widget the cursor belongs in, and the cell in its content."""
        if self.document is None or self.section < 0:
            return None
        if self.heading_lit or self.highlight is None:
            return self._heading, Offset(0, 0)
        offset = (self.word or self.highlight).start
        paragraph = self._paragraph_at(offset)
        if paragraph is None or not paragraph.display:
            return None
        shown = pieces(self.document.sections[self.section], paragraph.span, self.hide_spoilers)
        text = "".join(piece.shown for piece in shown)
        return paragraph, cell(text, shown_offset(shown, offset), paragraph.content_size.width)
