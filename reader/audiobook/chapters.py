"""Chapters of an audiobook file: where each section of each review starts in it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SectionStart:
    """A section of a review begins (with the review's title, for its first section) at
    `sample` of the file it is written into."""

    title: str  # the review's
    heading: str  # the section's
    sample: int

    @property
    def full_title(self) -> str:
        """'Review title: Section heading', as in the cue sheet."""
        return f"{self.title}: {self.heading}"


@dataclass(frozen=True)
class Chapter:
    """A titled stretch of one file, samples [start, end)."""

    title: str
    start: int
    end: int


def chapters_of(
    starts: Sequence[SectionStart], total: int, headings_only: bool = False
) -> list[Chapter]:
    """One chapter per section, ending where the next begins (the last at `total`).

    Chapters cannot nest in every player, so a book of several reviews titles each one
    'Review title: Section heading'; a file of one review (`headings_only`) says the
    heading alone, since the file's own title names the review.
    """
    ends = [start.sample for start in starts[1:]] + [total]
    return [
        Chapter(start.heading if headings_only else start.full_title, start.sample, end)
        for start, end in zip(starts, ends, strict=True)
        if end > start.sample  # an empty chapter confuses players and helps nobody
    ]
