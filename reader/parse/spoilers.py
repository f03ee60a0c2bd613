"""Spoilers in every syntax reviewers use, turned into spans of section text.

Each markup first rewrites its own spoiler syntax into private-use sentinel characters
(cleaning has removed any that came with the source), so spans survive Markdown and HTML
parsing and can cross paragraph boundaries. Once sections are assembled,
`extract_spans` removes the sentinels and reports where each spoiler lies.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reader.model import SpoilerSpan
from reader.parse.blocks import Block, BlockKind, paragraph
from reader.parse.labels import is_spoiler_heading
from reader.text.words import count_words

OPEN = "\ue000"
CLOSE = "\ue001"
LABELLED = "\ue002"  # followed by the label, then LABEL_END
LABEL_END = "\ue003"
SENTINELS = frozenset(OPEN + CLOSE + LABELLED + LABEL_END)


def opener(label: str | None = None) -> str:
    """The sentinel text that opens a spoiler, with an optional label ('Episode 9')."""
    label = " ".join((label or "").split())
    return f"{LABELLED}{label}{LABEL_END}" if label else OPEN


def _wrapped(match: re.Match[str]) -> str:
    return OPEN + match.group("body") + CLOSE


_TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$", re.M)


def _not_in_table_row(replace: Callable[[re.Match[str]], str]) -> Callable[[re.Match[str]], str]:
    # In a GFM table (rows start with '|', with a '|---|' row), '||' is an empty cell.
    def guarded(match: re.Match[str]) -> str:
        line_start = match.string.rfind("\n", 0, match.start()) + 1
        row = match.string[line_start:].lstrip().startswith("|")
        if row and _TABLE_DELIMITER.search(match.string):
            return match.group(0)
        return replace(match)

    return guarded


# Text inside one paragraph: never across a blank line.
_INLINE_BODY = r"(?P<body>(?:(?!\n[ \t]*\n).)+?)"
_INLINE_SYNTAXES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    # TV Tropes [[spoiler:text]]
    (re.compile(rf"\[\[spoiler:{_INLINE_BODY}\]\]", re.IGNORECASE | re.DOTALL), _wrapped),
    # BBCode [spoiler], [spoiler=title] ... [/spoiler], which may span paragraphs.
    (
        re.compile(r"\[spoilers?(?:\s*=\s*\"?(?P<label>[^\]\"\n]{1,80})\"?)?\]", re.IGNORECASE),
        lambda match: opener(match.group("label")),
    ),
    (re.compile(r"\s*\[/spoilers?\]", re.IGNORECASE), lambda _match: CLOSE),
    # Goodreads (view spoiler)[text (hide spoiler)]
    (re.compile(r"\(view spoiler\)\s*\[", re.IGNORECASE), lambda _match: OPEN),
    (re.compile(r"\s*\(hide spoiler\)\s*\]", re.IGNORECASE), lambda _match: CLOSE),
    # Reddit >!text!<
    (re.compile(rf">!\s*{_INLINE_BODY}\s*!<", re.DOTALL), _wrapped),
    # Discord ||text||, but not table cells.
    (
        re.compile(r"\|\|(?=[^\s|])(?P<body>(?:(?!\n[ \t]*\n)[^|])+?)(?<=[^\s|])\|\|"),
        _not_in_table_row(_wrapped),
    ),
)
_CONTAINER_OPEN = re.compile(r"^[ \t]*:{3,}[ \t]*spoilers?\b[ \t]*(?P<label>.*)$", re.IGNORECASE)
_CONTAINER_ANY_OPEN = re.compile(r"^[ \t]*:{3,}[ \t]*\S")
_CONTAINER_CLOSE = re.compile(r"^[ \t]*:{3,}[ \t]*$")


# Every syntax contains one of these; text without any skips the regular expressions.
_MARKERS = re.compile(r"\|\||>!|\[|\(view|\(hide", re.IGNORECASE)


def mark_inline(text: str) -> str:
    """Rewrite the textual spoiler syntaxes of DESIGN.md into sentinels."""
    if not _MARKERS.search(text):
        return text
    for pattern, replace in _INLINE_SYNTAXES:
        text = pattern.sub(replace, text)
    return text


def mark_containers(text: str) -> str:
    """Rewrite Markdown '::: spoiler' ... ':::' containers (one per line) into sentinels."""
    if ":::" not in text:
        return text
    lines = text.split("\n")
    stack: list[bool] = []  # for each open container: is it a spoiler?
    for index, line in enumerate(lines):
        opening = _CONTAINER_OPEN.match(line)
        if opening:
            stack.append(True)
            lines[index] = opener(opening.group("label"))
        elif _CONTAINER_ANY_OPEN.match(line):
            stack.append(False)
        elif _CONTAINER_CLOSE.match(line) and stack and stack.pop():
            lines[index] = CLOSE
    return "\n".join(lines)


def mark_text(text: str) -> str:
    """All textual spoiler syntaxes: containers first, then the inline forms."""
    return mark_inline(mark_containers(text))


# Prose warnings that start a spoiler region, and the phrases that end one.
_STRENGTH = r"(?:(?:major|minor|mild|heavy|big|huge|massive|some|light)\s+)?"
_WARNING = re.compile(
    r"^[\W_]*(?:"
    rf"{_STRENGTH}spoilers?\s+(?:alert|warning|ahead|below|follow|incoming|from here(?: on)?)"
    rf"|{_STRENGTH}spoiler\s+alert"
    rf"|warning\s*[:!\-–—]?\s*{_STRENGTH}spoilers?(?:\s+(?:ahead|below))?"
    rf"|\(\s*{_STRENGTH}spoilers?\s*\)"
    rf"|{_STRENGTH}spoilers?\s*(?=:)"
    r")[\s!.:\-–—)]*",
    re.IGNORECASE,
)
_WARNING_ALONE = re.compile(rf"^[\W_]*{_STRENGTH}spoilers?[\W_]*$", re.IGNORECASE)
_END_MARKER = re.compile(
    r"(?:\bend\s+of\s+(?:the\s+)?spoilers?|\bspoilers?\s+(?:end|ends|over)(?:\s+here)?"
    r"|\bend\s+spoilers?|/spoilers?\b|\bspoiler[- ]free\s+from\s+here(?:\s+on)?"
    r"|\bno\s+more\s+spoilers)\b[\s!.:\-–—)]*",
    re.IGNORECASE,
)
# Whole-review flags written in the text, as Letterboxd and many blogs do.
_REVIEW_FLAG = re.compile(
    r"^[\W_]*(?:this\s+review\s+)?(?:may\s+|might\s+|does\s+)?contains?\s+(?:major\s+)?"
    r"spoilers?[\s.!:)]*",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"\bno\s+spoilers?\b|\bspoiler[- ]free\b|\bwithout\s+spoilers\b", re.I)


def take_review_flag(blocks: list[Block]) -> tuple[list[Block], bool]:
    """Remove a 'This review may contain spoilers.' opening and report whether it was there."""
    for index, block in enumerate(blocks[:3]):
        if block.kind is not BlockKind.PARAGRAPH:
            continue
        match = _REVIEW_FLAG.match(block.text)
        if match is None or _NEGATED.search(block.text[: match.end()]):
            continue
        rest = block.text[match.end() :].strip()
        kept = [paragraph(rest)] if rest else []
        return [*blocks[:index], *kept, *blocks[index + 1 :]], True
    return blocks, False


def is_warning(text: str) -> bool:
    """Whether a paragraph starts with a spoiler warning ('SPOILER ALERT', 'Spoilers ahead')."""
    if _WARNING_ALONE.match(text):
        return True
    warning = _WARNING.match(text)
    return warning is not None and not _NEGATED.search(text[: warning.end()])


def mark_warnings(blocks: Iterable[Block]) -> list[Block]:
    """Spoiler regions announced in prose or by a heading, marked with sentinels.

    A warning paragraph ('Spoilers ahead!') starts a region that runs to an end marker
    ('End of spoilers.') or the next heading. A spoiler heading ('## Spoilers') hides its
    section and subsections, again until an end marker.
    """
    marked: list[Block] = []
    region = _Region()
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            region.enter_heading(block)
            marked.append(block)
        elif block.kind is BlockKind.PARAGRAPH:
            marked.append(paragraph(region.mark(block.text)))
        else:
            marked.append(block)
    return marked


@dataclass
class _Region:
    """Where the reader is relative to a prose- or heading-announced spoiler region."""

    inside: bool = False
    reopen: bool = False  # a hidden region continues into a new section
    heading_level: int | None = None  # the spoiler heading whose subsections are hidden

    def enter_heading(self, block: Block) -> None:
        if self.heading_level is not None and block.level <= self.heading_level:
            self.heading_level = None
        if self.heading_level is None and is_spoiler_heading(block.text):
            self.heading_level = block.level
        # Spans end with their section, so a hidden one is reopened in the next.
        self.inside = self.reopen = self.heading_level is not None

    def mark(self, text: str) -> str:
        search_from = 0
        if self.reopen:
            text = OPEN + text
            search_from, self.reopen = 1, False
        elif self.inside:
            pass
        elif _WARNING_ALONE.match(text):
            self.inside = True
            return text + OPEN
        elif is_warning(text):
            warning = _WARNING.match(text)
            end = warning.end() if warning else 0
            text = text[:end] + OPEN + text[end:]
            search_from = end + 1
            self.inside = True
        else:
            return text
        close = _END_MARKER.search(text, search_from)
        if close is None:
            return text
        self.inside = False
        self.heading_level = None
        return text[: close.start()] + CLOSE + text[close.start() :]


@dataclass(frozen=True)
class Extracted:
    """Section text with sentinels removed, and the spoilers they marked."""

    text: str
    spoilers: tuple[SpoilerSpan, ...]


def extract_spans(text: str) -> Extracted:
    """Remove sentinels from assembled section text and return the spoiler spans.

    Nested spoilers merge into the outermost; a spoiler left open ends with the section
    (a heading always ends a spoiler); a stray close is ignored.
    """
    pieces: list[str] = []
    found: list[tuple[int, int, str | None]] = []
    depth, start, label, length, position = 0, 0, None, 0, 0
    for match in _SENTINEL.finditer(text):
        pieces.append(text[position : match.start()])
        length += match.start() - position
        position = match.end()
        if match.group(0) == CLOSE:
            if depth == 1:
                found.append((start, length, label))
            depth = max(0, depth - 1)
            continue
        if depth == 0:
            start, label = length, match.group("label")
        depth += 1
    pieces.append(text[position:])
    joined = "".join(pieces)
    if depth:
        found.append((start, len(joined), label))
    spans = (_trimmed(joined, *item) for item in found)
    return Extracted(joined, tuple(span for span in spans if span.words))


_SENTINEL = re.compile(f"{OPEN}|{CLOSE}|{LABELLED}(?P<label>[^{LABEL_END}]*){LABEL_END}")
_SENTINEL_RUN = re.compile(f"(?:{_SENTINEL.pattern.replace('?P<label>', '')})+")
_SPACED_RUN = re.compile(rf"(?P<before>\s*)(?P<run>{_SENTINEL_RUN.pattern})(?P<after>\s*)")


def _trimmed(text: str, start: int, end: int, label: str | None) -> SpoilerSpan:
    # A span covers its words, not the blank lines around them.
    piece = text[start:end]
    start += len(piece) - len(piece.lstrip())
    end -= len(piece) - len(piece.rstrip())
    return SpoilerSpan(start, max(start, end), count_words(text[start:end]), label)


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """Join paragraphs with blank lines so that, once sentinels go, no stray space remains.

    A paragraph of sentinels alone (a '::: spoiler' line, a '<details>' tag) joins the next
    paragraph; spaces on both sides of a sentinel shrink to one.
    """
    kept: list[str] = []
    carry = ""
    for paragraph_text in paragraphs:
        tightened = paragraph_text.strip()
        if has_sentinel(tightened):
            tightened = _SPACED_RUN.sub(_tight, tightened)
        if _SENTINEL_RUN.sub("", tightened).strip():
            kept.append(carry + tightened)
            carry = ""
        else:
            carry += tightened
    if carry and kept:
        kept[-1] += carry
    return "\n\n".join(kept)


def _tight(match: re.Match[str]) -> str:
    run, before, after = match.group("run"), match.group("before"), match.group("after")
    if match.start() == 0 or match.end() == len(match.string):
        return run
    space = "\n" if "\n" in before + after else (" " if before or after else "")
    return space + run if before else run + space


def strip_sentinels(text: str) -> str:
    """The text with sentinels (and labels) removed, spoilers included: for detection only."""
    return extract_spans(text).text


def has_sentinel(text: str) -> bool:
    """Whether the text marks any spoiler."""
    return _SENTINEL.search(text) is not None


def hide_spoilers(text: str) -> str:
    """Text for places that cannot hide a span, such as headings: spoilers become a word."""
    extracted = extract_spans(text)
    shown, position = [], 0
    for span in extracted.spoilers:
        shown.append(extracted.text[position : span.start] + "(spoiler)")
        position = span.end
    return "".join(shown) + extracted.text[position:]
