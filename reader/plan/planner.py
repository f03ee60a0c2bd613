"""The planner: a document, a position and settings in; sentence-sized utterances out.

Pure and lazy: planning from the first sentence of a long review costs one paragraph's
sentence split, so play starts as fast for a long review as for a short one. Its output
is data (text to say, where it came from, what pause follows), compared exactly in tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from reader.model import Document, Position, Section, SpoilerSpan
from reader.plan.lexicon import Lexicon
from reader.plan.skipping import is_mid_sentence, spoiler_announcement
from reader.plan.spoken_text import SpokenText, SpokenTextBuilder
from reader.text.sentences import Span, sentences_from

# What reader says about itself ("Paused") is English; what it adds inside a review
# ("Spoiler skipped", in reader.plan.skipping) is in the review's language.
ANNOUNCEMENT_LANGUAGE = "en"

_START = Position()  # the document's beginning: its title


class Part(StrEnum):
    """What an utterance is."""

    TITLE = "title"
    HEADING = "heading"
    SENTENCE = "sentence"
    SPOILER = "spoiler"  # an announcement standing in for a skipped spoiler
    ANNOUNCEMENT = "announcement"  # reader confirming an action; not part of the review


class Break(StrEnum):
    """The pause after an utterance; its length comes from the voice profile and pace."""

    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"
    SECTION = "section"


@dataclass(frozen=True)
class PlanSettings:
    """What changes the words said (pace and voice change only how they sound)."""

    skip_spoilers: bool = False
    lexicon: Lexicon = field(default_factory=Lexicon)


@dataclass(frozen=True)
class Utterance:
    """One thing to say: never more than a sentence of the review."""

    part: Part
    section: int
    spoken: SpokenText
    pause: Break
    language: str

    @property
    def text(self) -> str:
        """What the engine is given."""
        return self.spoken.text

    @property
    def start(self) -> Position:
        """Where in the document this utterance begins."""
        return Position(self.section, self.spoken.source_start)

    @property
    def end(self) -> Position:
        """Where the next utterance begins."""
        return Position(self.section, self.spoken.source_end)


def plan_utterances(
    document: Document, position: Position = _START, settings: PlanSettings = PlanSettings()
) -> Iterator[Utterance]:
    """Everything said from `position` to the end of the document, in order."""
    if position == Position() and document.title:
        yield said_at(
            Position(), Part.TITLE, _closed(document.title), Break.PARAGRAPH, document.language
        )
    for index in range(max(0, position.section), len(document.sections)):
        offset = position.offset if index == position.section else 0
        yield from _section(document, index, offset, settings)


def _section(
    document: Document, index: int, offset: int, settings: PlanSettings
) -> Iterator[Utterance]:
    section = document.sections[index]
    if offset == 0:
        heading = settings.lexicon.say(section.heading, document.language)
        yield said_at(
            Position(index), Part.HEADING, _closed(heading), Break.PARAGRAPH, document.language
        )
    spoilers = section.spoilers if settings.skip_spoilers else ()
    paragraph_ends = {span.end for span in section.paragraphs}
    sentences = _joined_over(spoilers, sentences_from(section.text, offset))
    upcoming = next(sentences, None)
    while upcoming is not None:
        sentence, upcoming = upcoming, next(sentences, None)
        if sentence.end <= offset:
            continue
        start = max(sentence.start, offset)
        spoken, part = _sentence(
            section, start, sentence.end, spoilers, settings.lexicon, language=document.language
        )
        if not spoken.text.strip():
            continue  # wholly inside a spoiler already announced
        pause = Break.SECTION if upcoming is None else _pause_after(sentence.end, paragraph_ends)
        yield Utterance(part, index, spoken, pause, document.language)


def _joined_over(spoilers: tuple[SpoilerSpan, ...], sentences: Iterator[Span]) -> Iterator[Span]:
    """Sentences, with those a hidden spoiler runs across joined into one, so the
    announcement and the words after the spoiler are said together."""
    pending: Span | None = None
    for sentence in sentences:
        if pending is not None and any(
            span.start < pending.end and sentence.start < span.end for span in spoilers
        ):
            pending = Span(pending.start, sentence.end)
            continue
        if pending is not None:
            yield pending
        pending = sentence
    if pending is not None:
        yield pending


def _sentence(
    section: Section,
    start: int,
    end: int,
    spoilers: tuple[SpoilerSpan, ...],
    lexicon: Lexicon,
    *,
    language: str,
) -> tuple[SpokenText, Part]:
    """The sentence's spoken text; a spoiler that begins in it is announced once."""
    builder = SpokenTextBuilder(start)
    position = start
    announced_only = True
    for span in spoilers:
        if span.end <= start or span.start >= end:
            continue
        if span.start > position:
            lexicon.rewrite(section.text[position : span.start], position, builder, language)
            announced_only = announced_only and not section.text[position : span.start].strip()
        if span.start >= start:
            mid = is_mid_sentence(section.text, span.start)
            announcement = spoiler_announcement(span, mid, language)
            builder.say_instead(announcement, span.start, min(span.end, end), hidden=True)
        else:
            builder.say_instead("", max(span.start, start), min(span.end, end), hidden=True)
        position = min(span.end, end)
    if position < end:
        rest = section.text[position:end]
        lexicon.rewrite(rest, position, builder, language)
        announced_only = announced_only and not rest.strip(" .,;:!?\"'”’)")
    spoken = builder.build()
    part = Part.SPOILER if spoilers and announced_only and position > start else Part.SENTENCE
    return spoken, part


def _closed(line: str) -> str:
    """A title or heading as a sentence: 'Is it good?' keeps its own mark."""
    return line if line.rstrip()[-1:] in ".!?…" else f"{line}."


def _pause_after(end: int, paragraph_ends: set[int]) -> Break:
    return Break.PARAGRAPH if end in paragraph_ends else Break.SENTENCE


def said_at(position: Position, part: Part, text: str, pause: Break, language: str) -> Utterance:
    """An utterance that stands at a point of the document rather than covering its text."""
    builder = SpokenTextBuilder(position.offset)
    builder.say_instead(text, position.offset, position.offset)
    return Utterance(part, position.section, builder.build(), pause, language)
