"""The review model: frozen dataclasses that every other part reads; no I/O, no UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any

from reader.text.language import voice_language
from reader.text.sentences import Span, split_paragraphs, split_sentences
from reader.text.wording import word
from reader.text.words import count_words


class SectionKind(StrEnum):
    """What a section holds; `other` is anything a source names itself."""

    METADATA = "metadata"
    SYNOPSIS = "synopsis"
    REVIEW = "review"
    RATING = "rating"
    OTHER = "other"


class Markup(StrEnum):
    """How a raw review body is written."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML_PAGE = "html-page"
    HTML_FRAGMENT = "html-fragment"


@dataclass(frozen=True, order=True)
class Position:
    """A place in a document: a section, and a character offset in its text."""

    section: int = 0
    offset: int = 0


@dataclass(frozen=True)
class Source:
    """Where a review came from: a path ('-' for stdin) and, for exports, its line."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass(frozen=True)
class MetadataField:
    """One labelled fact about the work, e.g. Genre: Romance, Family."""

    label: str
    value: str | tuple[str, ...]

    @property
    def display(self) -> str:
        """The value as one line of text."""
        return self.value if isinstance(self.value, str) else ", ".join(self.value)


# Stars as reviewers rate with them ('★★★½', '4⭐', '☆'): read by the parser, said by the
# planner.
FULL_STARS = "★⭐"
HALF_STAR = "½"
EMPTY_STARS = "☆✩"
STARS = f"{FULL_STARS}{HALF_STAR}{EMPTY_STARS}"
# How "4 out of 5" is said in the languages reader has words for (see reader.text.language),
# and in those of other scripts that say it in the same order: a Russian review's 'Оценка:
# 9/10' is '9 из 10' to its voice, where 'out of' made it switch to English mid-sentence.
OUT_OF = {
    "en": "out of",
    "es": "de",
    "fr": "sur",
    "de": "von",
    "it": "su",
    "pt": "de",
    "ru": "из",
    "el": "στα",
    "ar": "من",
    "he": "מתוך",
}


def out_of(language: str) -> str:
    """'out of' in `language` ('de' in Spanish); English in a language without it."""
    return OUT_OF.get(language, OUT_OF["en"])


@dataclass(frozen=True)
class Rating:
    """A score normalised to value and scale, with optional sub-scores.

    A source that gives a verdict instead of a score (Steam's thumbs up or down) keeps it
    in `verdict`, which is said instead of the number; the value is then 1 or 0 out of 1.
    """

    value: float
    scale: float
    label: str = "Rating"
    parts: tuple[Rating, ...] = ()
    verdict: str = ""

    @property
    def spoken(self) -> str:
        """How the score is read aloud: '4.5 out of 5', never '4.5 slash 5'."""
        return self.spoken_in("en")

    def spoken_in(self, language: str) -> str:
        """The spoken form in a review's own language: '9 de 10' in Spanish. In a review
        written in another script, after a label of reader's ('Rating') it stays English,
        as the English voice says that line; after the review's own ('Оценка') it is the
        review's ('9 из 10')."""
        if self.verdict:
            return word(self.verdict, language)
        of = out_of(voice_language(self.label, language))
        return f"{format_number(self.value)} {of} {format_number(self.scale)}"

    def as_json(self, language: str) -> dict[str, Any]:
        """The rating as `reader outline --json` and `reader skim --json` give it."""
        return {
            "value": self.value,
            "scale": self.scale,
            "spoken": self.spoken_in(language),
            "label": self.label,
            "parts": [part.as_json(language) for part in self.parts],
        }


def format_number(number: float) -> str:
    """Print 5.0 as '5' and 7.38 as '7.38'."""
    return f"{number:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class SpoilerSpan:
    """Characters [start, end) of a section's text that give something away."""

    start: int
    end: int
    words: int
    label: str | None = None


@dataclass(frozen=True)
class Section:
    """A headed part of a review. Sentences and paragraphs are found on first use."""

    kind: SectionKind
    heading: str
    level: int
    text: str
    spoilers: tuple[SpoilerSpan, ...] = ()

    @cached_property
    def sentences(self) -> tuple[Span, ...]:
        """Sentence spans in `text`, split lazily so opening a large export stays fast."""
        return split_sentences(self.text)

    @cached_property
    def paragraphs(self) -> tuple[Span, ...]:
        """Paragraph spans in `text` (separated by blank lines)."""
        return split_paragraphs(self.text)

    @cached_property
    def words(self) -> int:
        """How many words a listener hears in this section."""
        return count_words(self.text)

    def span_text(self, span: Span) -> str:
        """The characters of `text` a span covers."""
        return self.text[span.start : span.end]


@dataclass(frozen=True)
class Review:
    """A review as a loader found it: raw body plus whatever facts the source states."""

    source: Source
    body: str
    markup: Markup
    title: str = ""
    metadata: tuple[MetadataField, ...] = ()
    rating: Rating | None = None
    contains_spoilers: bool = False
    skipped: tuple[str, ...] = ()
    language_hint: str = ""  # the export's language, for a text too short to tell


@dataclass(frozen=True)
class Document:
    """A parsed review: sections in reading order, ready to be planned into speech."""

    title: str
    source: Source
    sections: tuple[Section, ...]
    metadata: tuple[MetadataField, ...] = ()
    rating: Rating | None = None
    contains_spoilers: bool = False
    language: str = "en"
    skipped: tuple[str, ...] = field(default=(), compare=False)

    @property
    def words(self) -> int:
        """Words in all sections."""
        return sum(section.words for section in self.sections)
