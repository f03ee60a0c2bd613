"""Spoken text that remembers where each of its characters came from in the section.

The engine reports word marks as offsets into what it was given; the screen highlights
offsets into the section. Between the two sit replacements (a spoiler announcement, a
lexicon's 'say as'); everything else is copied, so offsets shift by a constant.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Replacement:
    """Spoken characters [start, end) stand for section characters [source_start, source_end)."""

    start: int
    end: int
    source_start: int
    source_end: int
    hidden: bool = False  # stands for text the listener chose not to hear (a spoiler)


@dataclass(frozen=True)
class SpokenText:
    """What the engine says, and how to map its offsets back to the section."""

    text: str
    source_start: int
    source_end: int
    replacements: tuple[Replacement, ...] = ()

    def source_span(self, start: int, length: int) -> tuple[int, int] | None:
        """The section characters behind spoken characters [start, start + length), or
        None when they stand for hidden text, whose place must not be shown."""
        end = start + length
        for replacement in self.replacements:
            if replacement.hidden and replacement.start < end and start < replacement.end:
                return None
        first = self._source(start, at_end=False)
        last = self._source(end, at_end=True)
        return first, max(first, last)

    def _source(self, offset: int, at_end: bool) -> int:
        starts = [r.start for r in self.replacements]
        # A word ending where a replacement starts ends before it, not inside it.
        index = (bisect.bisect_left if at_end else bisect.bisect_right)(starts, offset) - 1
        if index < 0:
            return self.source_start + offset
        replacement = self.replacements[index]
        if offset < replacement.end or (at_end and offset == replacement.end):
            return replacement.source_end if at_end else replacement.source_start
        return replacement.source_end + offset - replacement.end


@dataclass(frozen=True)
class SaidAs:
    """Characters [start, end) of a piece of text, said as `spoken` ('' skips them)."""

    start: int
    end: int
    spoken: str


class SpokenTextBuilder:
    """Builds a SpokenText from pieces copied from the section and pieces said instead."""

    def __init__(self, source_start: int) -> None:
        self._pieces: list[str] = []
        self._length = 0
        self._source_start = source_start
        self._source_end = source_start
        self._replacements: list[Replacement] = []

    def copy(self, text: str, source_start: int) -> None:
        """Say section text as written."""
        self._skip_to(source_start)
        self._append(text)
        self._source_end = source_start + len(text)

    def say_instead(
        self, spoken: str, source_start: int, source_end: int, hidden: bool = False
    ) -> None:
        """Say `spoken` for section characters [source_start, source_end) ('' skips them);
        `hidden` when those characters are a spoiler the listener chose not to hear."""
        self._skip_to(source_start)
        start = self._length
        self._append(spoken)
        replacement = Replacement(start, self._length, source_start, source_end, hidden)
        self._replacements.append(replacement)
        self._source_end = source_end

    def rewrite(
        self,
        text: str,
        source_start: int,
        changes: Iterable[SaidAs],
        between: Callable[[str, int], None] | None = None,
    ) -> None:
        """Add `text` (section characters from `source_start`) with each change said as it
        says; `changes` run left to right without overlapping. The text between them goes
        to `between` (text, source start), or is said as written."""
        copy = between or self.copy
        position = 0
        for change in changes:
            if change.start > position:
                copy(text[position : change.start], source_start + position)
            self.say_instead(change.spoken, source_start + change.start, source_start + change.end)
            position = change.end
        if position < len(text) or not text:
            copy(text[position:], source_start + position)

    def build(self) -> SpokenText:
        """The text built so far."""
        return SpokenText(
            "".join(self._pieces), self._source_start, self._source_end, tuple(self._replacements)
        )

    def _skip_to(self, source_start: int) -> None:
        """Section characters between pieces (space around a skipped caption) say nothing."""
        if source_start > self._source_end:
            gap = Replacement(self._length, self._length, self._source_end, source_start)
            self._replacements.append(gap)
            self._source_end = source_start

    def _append(self, text: str) -> None:
        self._pieces.append(text)
        self._length += len(text)
