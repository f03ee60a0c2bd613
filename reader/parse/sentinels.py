"""Spoiler sentinels: the private-use characters that mark spoilers inside text, and
turning text that holds them into clean text plus spoiler spans.

Every markup rewrites its own spoiler syntax into these sentinels (cleaning has removed
any that came with the source), so spans survive Markdown and HTML parsing and can cross
paragraph boundaries. Once a section is assembled, `extract_spans` removes them.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from reader.model import SpoilerSpan
from reader.text.words import count_words

OPEN = "\ue000"
CLOSE = "\ue001"
LABELLED = "\ue002"  # followed by the label, then LABEL_END
LABEL_END = "\ue003"


def opener(label: str | None = None) -> str:
    """The sentinel text that opens a spoiler, with an optional label ('Episode 9')."""
    label = " ".join((label or "").split())
    return f"{LABELLED}{label}{LABEL_END}" if label else OPEN


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
    if not _may_mark(text):
        return Extracted(text, ())
    pieces: list[str] = []
    found: list[tuple[int, int, str | None]] = []
    depth, start, label, length, position = 0, 0, None, 0, 0
    for match in SENTINEL.finditer(text):
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


# Any sentinel: an opener (plain or labelled) or a close.
SENTINEL = re.compile(f"{OPEN}|{CLOSE}|{LABELLED}(?P<label>[^{LABEL_END}]*){LABEL_END}")
_SENTINEL_RUN = re.compile(f"(?:{SENTINEL.pattern.replace('?P<label>', '')})+")
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
        marked = has_sentinel(tightened)
        if marked:
            tightened = _SPACED_RUN.sub(_tight, tightened)
        if (_SENTINEL_RUN.sub("", tightened) if marked else tightened).strip():
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
    return extract_spans(text).text if _may_mark(text) else text


def has_sentinel(text: str) -> bool:
    """Whether the text marks any spoiler."""
    return _may_mark(text) and SENTINEL.search(text) is not None


def _may_mark(text: str) -> bool:
    # Every sentinel starts with one of these; looking for them is far quicker than the
    # pattern, and most text has none.
    return OPEN in text or CLOSE in text or LABELLED in text


def ends_inside_spoiler(paragraphs: Iterable[str]) -> bool:
    """Whether a spoiler opened in the paragraphs is still open after the last one."""
    depth = 0
    for paragraph_text in filter(_may_mark, paragraphs):
        for match in SENTINEL.finditer(paragraph_text):
            depth = max(0, depth - 1) if match.group(0) == CLOSE else depth + 1
    return depth > 0


def hide_spoilers(text: str) -> str:
    """Text for places that cannot hide a span, such as headings: spoilers become a word."""
    if not _may_mark(text):  # as nearly every heading and title: nothing to make
        return text
    extracted = extract_spans(text)
    shown, position = [], 0
    for span in extracted.spoilers:
        shown.append(extracted.text[position : span.start] + "(spoiler)")
        position = span.end
    return "".join(shown) + extracted.text[position:]
