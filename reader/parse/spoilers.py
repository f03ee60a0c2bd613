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
# What each syntax needs, far quicker to look for than a match: its mark, 'spoiler' (_NAMED).
_MARKS = ("[[", "[", "[/", "(", "(", ">!", "||")
_NAMED = 5
_CONTAINER_OPEN = re.compile(r"^[ \t]*:{3,}[ \t]*spoilers?\b[ \t]*(?P<label>.*)$", re.IGNORECASE)
_CONTAINER_ANY_OPEN = re.compile(r"^[ \t]*:{3,}[ \t]*\S")
_CONTAINER_CLOSE = re.compile(r"^[ \t]*:{3,}[ \t]*$")
# Every syntax starts with '||', '>!', '[', '(view' or '(hide' (in any case).
_VIEW_OR_HIDE = re.compile(r"\((?:view|hide)", re.IGNORECASE)


def _has_markers(text: str) -> bool:
    """Whether some inline syntax may start here; one character is looked for first."""
    return (
        ("|" in text and "||" in text)
        or (">" in text and ">!" in text)
        or "[" in text
        or ("(" in text and _VIEW_OR_HIDE.search(text) is not None)
    )


# What 'spoiler' matches case-insensitively ('ſ' is an 's', 'ı' and 'İ' are 'i'), less
# its first letter: every pattern here that names spoilers contains it.
_SPOILER_WORD = re.compile("[pP][oO][iIİı][lL][eE][rR]")


def _may_say_spoiler(text: str) -> bool:
    """Whether the text may say 'spoiler', as named syntaxes, warnings and end marks do."""
    if text.isascii():  # then only ASCII letters can match, and lower() finds them all
        return "spoiler" in text.lower()
    return _SPOILER_WORD.search(text) is not None


def mark_inline(text: str) -> str:
    """Rewrite the textual spoiler syntaxes of DESIGN.md into sentinels."""
    if not _has_markers(text):
        return text
    # Text that never says 'spoiler' matches no named syntax, so none of them changes it.
    named = _may_say_spoiler(text)
    for index, ((pattern, replace), mark) in enumerate(zip(_INLINE_SYNTAXES, _MARKS, strict=True)):
        if (named or index >= _NAMED) and mark in text:
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
    rf"(?:\s+(?:for|about|in)\s+[^.!?:()\n]{{1,60}})?"  # 'for The Expanse, Season 3'
    rf"|{_STRENGTH}spoiler\s+alert"
    # GitHub and Hugo alerts write '[!WARNING] Spoilers Ahead'.
    rf"|warning\s*[:!\-–—\]]?\s*{_STRENGTH}spoilers?(?:\s+(?:ahead|below))?"
    rf"|\(\s*{_STRENGTH}spoilers?\s*\)"
    rf"|{_STRENGTH}spoilers?\s*(?=:)"
    r")[\s!.:\-–—)*_\"”']*",
    re.IGNORECASE,
)
_WARNING_ALONE = re.compile(rf"^[\W_]*{_STRENGTH}spoilers?[\W_]*$", re.IGNORECASE)
_END_MARKER = re.compile(
    r"(?:\bend\s+of\s+(?:the\s+)?spoilers?|\bspoilers?\s+(?:end|ends|over)(?:\s+here)?"
    r"|\bend\s+spoilers?|/spoilers?\b|\bspoiler[- ]free\s+from\s+here(?:\s+on)?"
    r"|\bno\s+more\s+spoilers)\b[\s!.:\-–—)]*",
    re.IGNORECASE,
)
# Whole-review flags written in the text, as Letterboxd and many blogs do: 'This review
# contains minor spoilers', 'Rated S for spoilers'. A warning ('Spoilers ahead', '(minor
# spoilers)') is a region instead: it names where the spoilers are, not the whole review.
_REVIEW_FLAG = re.compile(
    r"^[\W_]*(?:(?:spoiler\s+)?(?:warning|alert)\s*[:!\-–—]\s*)?(?:"
    r"(?:(?:this|the|my)\s+(?:following\s+)?(?:review|post|piece|article|blog|write-?up)\s+)?"
    r"(?:may\s+|might\s+|does\s+|will\s+)?"
    rf"contains?\s+{_STRENGTH}spoilers?(?:\s+(?:for|about|of)\s+[^.!?\n]{{1,60}})?"
    rf"|rated\s+s\s+for\s+{_STRENGTH}spoilers?"
    r")[\s.!:)*_\-–—]*",
    re.IGNORECASE,
)
_NEGATED = re.compile(
    r"\bno\s+spoilers?\b|\bspoiler[- ]free\b|\bwithout\s+(?:\w+\s+){0,2}spoil|\bnot\s+a\s+spoiler",
    re.IGNORECASE,
)
# A warning's own sentence talks about spoiling ('Spoiler warning: I have to reveal the
# plot.'); after 'Spoiler alert: the twin dies.' the spoiler itself follows the colon.
_ABOUT_SPOILING = re.compile(
    r"\b(?:reveal|spoil|discuss|warn|ahead|below|follow|proceed|caution|skip|beware"
    r"|stop\s+reading|read\s+on|if\s+you\s+(?:haven|have\s+not|don))",
    re.IGNORECASE,
)
# A short paragraph that announces spoilers anywhere in it: 'Having said that, I need to
# reveal some spoilers ahead.', 'This may be a spoiler for some, so proceed with caution.'
_ANNOUNCES = re.compile(
    r"\bspoilers?\s+(?:warning|alert|ahead|below|follow)"
    r"|\b(?:require|reveal|discuss|contain|include)s?\s+(?:\w+\s+){0,2}spoilers"
    r"|\bspoiler\b.{0,60}\b(?:proceed\s+with\s+caution|stop\s+reading|you\s+have\s+been\s+warned)",
    re.IGNORECASE,
)
_MAX_ANNOUNCEMENT_WORDS = 30
_SENTENCE_STOP = re.compile(r"[.!?…](?=[\s\"'”’)*_]*(?:\s|$))")


def take_review_flag(blocks: list[Block]) -> tuple[list[Block], bool]:
    """Remove a 'This review may contain spoilers.' opening and report whether it was there.

    Only the opening counts: the first three blocks, before any heading.
    """
    for index, block in enumerate(blocks[:3]):
        if block.kind is BlockKind.HEADING:
            break
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
    return warning_end(text) is not None


def warning_end(text: str) -> int | None:
    """Where the spoiler warning that opens a paragraph ends; None if there is none.

    'Spoiler alert: the twin dies.' ends after the colon; a warning whose sentence talks
    about spoiling ('Spoiler warning: I have to reveal the plot.') ends with the sentence,
    and so does a short paragraph announcing spoilers anywhere ('I need to reveal some
    spoilers ahead to discuss the show.').
    """
    if not _may_say_spoiler(text):  # every warning and announcement says 'spoiler'
        return None
    if _WARNING_ALONE.match(text):
        return len(text)
    warning = _WARNING.match(text)
    if warning is not None and not _NEGATED.search(text[: warning.end()]):
        if text[: warning.end()].rstrip()[-1:] in ".!?…":  # 'Spoilers ahead!' is a sentence
            return warning.end()
        stop = _SENTENCE_STOP.search(text, warning.end())
        sentence_end = stop.end() if stop else len(text)
        about = _ABOUT_SPOILING.search(text, warning.end(), sentence_end)
        return sentence_end if about else warning.end()
    announced = _ANNOUNCES.search(text)
    if announced is None or len(text.split()) > _MAX_ANNOUNCEMENT_WORDS:
        return None
    return None if _NEGATED.search(text) else len(text)


def mark_warnings(blocks: Iterable[Block]) -> list[Block]:
    """Spoiler regions announced in prose or by a heading, marked with sentinels.

    A warning paragraph ('Spoilers ahead!') starts a region that runs to an end marker
    ('End of spoilers.') or the end of its section, subsections included: a warning as the
    first line of '## Plot' hides all of the plot, as a '## Spoilers' heading would. The
    warning itself is read.
    """
    marked: list[Block] = []
    region = _Region()
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            region.enter_heading(block)
            marked.append(block)
        elif block.kind is BlockKind.PARAGRAPH:
            text = region.mark(block.text)
            marked.append(block if text == block.text else paragraph(text))
        else:
            marked.append(block)
    return marked


# After these a spoiler announcement reads as a sentence of its own.
_SENTENCE_END = ".!?…:;"


@dataclass
class _Region:
    """Where the reader is relative to a prose- or heading-announced spoiler region."""

    inside: bool = False
    reopen: bool = False  # a hidden region continues into a new section
    heading_level: int | None = None  # the section whose subsections are hidden
    section_level: int | None = None  # the heading of the section being read

    def enter_heading(self, block: Block) -> None:
        if self.heading_level is not None and block.level <= self.heading_level:
            self.heading_level = None
        if self.heading_level is None and is_spoiler_heading(block.text):
            self.heading_level = block.level
        self.section_level = block.level
        # Spans end with their section, so a hidden one is reopened in the next.
        self.inside = self.reopen = self.heading_level is not None

    def mark(self, text: str) -> str:
        search_from = 0
        if self.reopen:
            text = OPEN + text
            search_from, self.reopen = 1, False
        elif self.inside:
            pass
        elif (end := warning_end(text)) is not None:
            head, rest = text[:end].rstrip(), text[end:]
            # 'Spoilers ahead The twin dies': the warning stays a sentence of its own, or
            # the announcement would run on from it.
            if rest and head.rstrip("\"'”’*_)")[-1:] not in _SENTENCE_END:
                head += "."
            text = f"{head} {OPEN}{rest}" if rest else head + OPEN
            search_from = len(text) - len(rest)
            self._start()
        else:
            return text
        said = _SPOILER_WORD.search(text, search_from)  # every end marker says 'spoiler'
        close = _END_MARKER.search(text, search_from) if said else None
        if close is None:
            return text
        self.inside = False
        self.heading_level = None
        return text[: close.start()] + CLOSE + text[close.start() :]

    def _start(self) -> None:
        # A warning covers the rest of its section and the subsections that follow.
        self.inside = True
        self.heading_level = self.section_level
