"""The reading pane: one section at a time, the sentence being read highlighted and in view.

Review text is shown as plain `Text`, never as markup, so a review that says "[bold]"
shows those characters. A hidden spoiler is shown as "[spoiler, 42 words]"; its words
are never put on screen until spoilers are read.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Region
from textual.widgets import Static

from reader.model import Document, Section, SpoilerSpan
from reader.reading.phrases import plural
from reader.text.sentences import Span
from reader.tui.messages import Spoken

SENTENCE_STYLE = "reverse bold"
PLACEHOLDER_STYLE = "italic"
REVEALED_STYLE = "underline"


def placeholder(span: SpoilerSpan) -> str:
    """What stands on screen for a hidden spoiler."""
    label = f"spoiler: {span.label}" if span.label else "spoiler"
    return f"[{label}, {plural(span.words, 'word')}]"


def paragraph_text(
    section: Section, paragraph: Span, highlight: Span | None, hide_spoilers: bool
) -> Text:
    """One paragraph as shown: spoilers hidden or marked, the highlight in reverse video."""
    text = Text()
    position = paragraph.start
    for span in section.spoilers:
        if span.end <= paragraph.start or span.start >= paragraph.end:
            continue
        start, end = max(span.start, paragraph.start), min(span.end, paragraph.end)
        _append(text, section, position, start, lit=highlight)
        if not hide_spoilers:
            _append(text, section, start, end, lit=highlight, style=REVEALED_STYLE)
        elif span.start >= paragraph.start:  # shown once, where the spoiler begins
            on = highlight is not None and highlight.start < end and start < highlight.end
            style = f"{PLACEHOLDER_STYLE} {SENTENCE_STYLE}" if on else PLACEHOLDER_STYLE
            text.append(placeholder(span), style)
        position = end
    _append(text, section, position, paragraph.end, lit=highlight)
    return text


def _append(
    text: Text, section: Section, start: int, end: int, *, lit: Span | None, style: str = ""
) -> None:
    """Characters [start, end) of the section, the part inside `highlight` lit."""
    if start >= end:
        return
    if lit is None or lit.end <= start or lit.start >= end:
        text.append(section.text[start:end], style)
        return
    lit_start, lit_end = max(start, lit.start), min(end, lit.end)
    text.append(section.text[start:lit_start], style)
    text.append(section.text[lit_start:lit_end], f"{style} {SENTENCE_STYLE}".strip())
    text.append(section.text[lit_end:end], style)


class Paragraph(Static):
    """One paragraph of the section shown."""

    def __init__(self, span: Span) -> None:
        super().__init__(classes="paragraph")
        self.span = span


class ReadingPane(VerticalScroll, can_focus=True, inherit_bindings=False):
    """The section being read; its own keys only page, so the arrows stay the app's."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "Bottom", show=False),
    ]

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.document: Document | None = None
        self.section = -1
        self.hide_spoilers = True
        self.highlight: Span | None = None
        self.heading_lit = False
        self._heading = Static(classes="heading")
        self._paragraphs: list[Paragraph] = []
        self._focused_before = False  # the first focus is the screen's own doing
        self.open_hint = ""  # how to open reviews, in the keys actually bound

    def on_focus(self) -> None:
        """Say that the keys are back on the text (not when the screen first opens)."""
        if self._focused_before:
            self.post_message(Spoken("Review text"))
        self._focused_before = True

    def show(self, document: Document | None, section: int, hide_spoilers: bool) -> None:
        """Show section `section` of `document`, nothing highlighted."""
        self.document, self.section, self.hide_spoilers = document, section, hide_spoilers
        self.highlight, self.heading_lit = None, False
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
        self._render_paragraphs(spans)
        self.mount(Vertical(self._heading, *self._paragraphs, classes="section"))
        self.scroll_home(animate=False)

    def light(self, span: Span | None, heading: bool = False) -> None:
        """Highlight the sentence `span` (or the heading) and keep it in view."""
        before = self.highlight
        self.highlight, self.heading_lit = span, heading
        if self.document is None or self.section < 0:
            return
        self._heading.update(self._heading_text())
        touched = [p for p in (before, span) if p is not None]
        self._render_paragraphs(
            [
                paragraph.span
                for paragraph in self._paragraphs
                if any(
                    p.start < paragraph.span.end and paragraph.span.start < p.end for p in touched
                )
            ]
        )
        if heading:
            self.scroll_home(animate=False)
        elif span is not None:
            self.call_after_refresh(self._bring_into_view, span)

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

    def _render_paragraphs(self, spans: list[Span] | tuple[Span, ...]) -> None:
        assert self.document is not None
        section = self.document.sections[self.section]
        wanted = set(spans)
        for paragraph in self._paragraphs:
            if paragraph.span in wanted:
                shown = paragraph_text(section, paragraph.span, self.highlight, self.hide_spoilers)
                paragraph.update(shown)
                paragraph.display = bool(shown.plain.strip())

    def _bring_into_view(self, span: Span) -> None:
        """Scroll so the sentence's first line shows; inside a long paragraph, the line is
        placed by the share of the paragraph's characters before it."""
        for paragraph in self._paragraphs:
            if paragraph.span.start <= span.start < paragraph.span.end:
                length = max(1, paragraph.span.end - paragraph.span.start)
                share = (span.start - paragraph.span.start) / length
                region = paragraph.virtual_region
                line = region.y + int(share * region.height)
                self.scroll_to_region(Region(0, line, 1, 2), animate=False)
                return
