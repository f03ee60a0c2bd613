"""Spoilers in every syntax reviewers use, marked with sentinels (`reader.parse.sentinels`):
inline and container syntaxes, prose warnings and spoiler headings, whole-review flags."""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reader.parse.blocks import Block, BlockKind, paragraph
from reader.parse.labels import is_spoiler_heading
from reader.parse.sentinels import CLOSE, OPEN, opener


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
