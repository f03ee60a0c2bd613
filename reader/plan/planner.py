"""The planner: a document, a position and settings in; sentence-sized utterances out.

Pure and lazy: planning from the first sentence of a long review costs one paragraph's
sentence split, so play starts as fast for a long review as for a short one. Its output
is data (text to say, where it came from, what pause follows), compared exactly in tests.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from itertools import pairwise, repeat

from reader.model import OUT_OF, Document, Position, Section, SpoilerSpan
from reader.plan.cues import Cue, CueModes, Verbosity
from reader.plan.lexicon import Lexicon
from reader.plan.skipping import is_mid_sentence, spoiler_announcement
from reader.plan.spoken_text import SpokenText, SpokenTextBuilder
from reader.text.language import LANGUAGES, script_pieces, voice_language
from reader.text.sentences import Span, sentences_from
from reader.text.wording import word

# What reader says about itself ("Paused") is English; what it adds inside a review
# ("Spoiler skipped", in reader.plan.skipping) is in the review's language.
ANNOUNCEMENT_LANGUAGE = "en"

_START = Position()  # the document's beginning: its title
# "Section 2 of 4", "Sección 2 de 4": in the languages reader has words for.
_OF = {code: OUT_OF[code] for code in LANGUAGES} | {"en": "of"}


class Part(StrEnum):
    """What an utterance is."""

    TITLE = "title"
    HEADING = "heading"
    SENTENCE = "sentence"
    SPOILER = "spoiler"  # an announcement standing in for a skipped spoiler
    ANNOUNCEMENT = "announcement"  # reader confirming an action; not part of the review


class Break(StrEnum):
    """The pause after an utterance; its length comes from the voice profile and pace."""

    NONE = "none"  # the sentence goes on: a cue is heard inside it
    TICK = "tick"  # between the ticks of the working cue
    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"
    SECTION = "section"


@dataclass(frozen=True)
class PlanSettings:
    """What changes the words said (pace and voice change only how they sound)."""

    skip_spoilers: bool = False
    lexicon: Lexicon = field(default_factory=Lexicon)
    verbosity: Verbosity = Verbosity.NORMAL
    cues: CueModes = field(default_factory=CueModes.words_only)


@dataclass(frozen=True)
class Utterance:
    """One thing to say: never more than a sentence of the review, after its cue's sound
    if it has one."""

    part: Part
    section: int
    spoken: SpokenText
    pause: Break
    language: str
    cue: Cue | None = None
    continues: bool = False  # the rest of a sentence, after a cue inside it

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
        title = settings.lexicon.say(document.title, document.language)  # 'Goblin OST review'
        yield said_at(Position(), Part.TITLE, _closed(title), Break.PARAGRAPH, document.language)
    for index in range(max(0, position.section), len(document.sections)):
        offset = position.offset if index == position.section else 0
        yield from _section(document, index, offset, settings)


def _section(
    document: Document, index: int, offset: int, settings: PlanSettings
) -> Iterator[Utterance]:
    section = document.sections[index]
    if offset == 0:
        heading = _heading(document, index, settings)
        cue = settings.cues.sound(Cue.SECTION)
        yield said_at(
            Position(index), Part.HEADING, heading, Break.PARAGRAPH, document.language, cue=cue
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
        pause = Break.SECTION if upcoming is None else _pause_after(sentence.end, paragraph_ends)
        for piece_start, piece_end, cue in _pieces(start, sentence.end, spoilers, settings.cues):
            spoken, part = _sentence(
                section, piece_start, piece_end, spoilers, settings, language=document.language
            )
            if not spoken.text.strip() and cue is None:
                continue  # wholly inside a spoiler already announced
            last = piece_end == sentence.end
            continues = piece_start != start
            yield Utterance(
                part,
                index,
                spoken,
                pause if last else Break.NONE,
                voice_language(spoken.text, document.language),
                cue,
                continues,
            )


def _pieces(
    start: int, end: int, spoilers: tuple[SpoilerSpan, ...], cues: CueModes
) -> Iterator[tuple[int, int, Cue | None]]:
    """The sentence in pieces, each after the cue that marks a skipped spoiler beginning
    there, so the sound is heard exactly where the spoiler was; one piece without cues."""
    cue = cues.sound(Cue.SPOILER_SKIPPED)
    cuts = sorted({span.start for span in spoilers if start <= span.start < end}) if cue else []
    edges = [start, *(cut for cut in cuts if cut > start), end]
    for piece_start, piece_end in pairwise(edges):
        yield piece_start, piece_end, cue if piece_start in cuts else None


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
    settings: PlanSettings,
    *,
    language: str,
) -> tuple[SpokenText, Part]:
    """The sentence's spoken text; a spoiler that begins in it is announced once."""
    lexicon = settings.lexicon
    # Said by the voice that will say it: in a Russian review, 'IMDb: 9/10, 1995.' goes
    # to the English voice, so its numbers follow English rules.
    said_in = voice_language(section.text[start:end], language)
    builder = SpokenTextBuilder(start)
    position = start
    announced_only = True
    for span in spoilers:
        if span.end <= start or span.start >= end:
            continue
        if span.start > position:
            lexicon.rewrite(section.text[position : span.start], position, builder, said_in)
            announced_only = announced_only and not section.text[position : span.start].strip()
        if span.start >= start:
            mid = is_mid_sentence(section.text, span.start)
            announcement = spoiler_announcement(
                span, mid, language, settings.verbosity, settings.cues.of(Cue.SPOILER_SKIPPED)
            )
            builder.say_instead(announcement, span.start, min(span.end, end), hidden=True)
        else:
            builder.say_instead("", max(span.start, start), min(span.end, end), hidden=True)
        position = min(span.end, end)
    if position < end:
        rest = section.text[position:end]
        lexicon.rewrite(rest, position, builder, said_in)
        announced_only = announced_only and not rest.strip(" .,;:!?\"'”’)")
    spoken = builder.build()
    part = Part.SPOILER if spoilers and announced_only and position > start else Part.SENTENCE
    return spoken, part


def _heading(document: Document, index: int, settings: PlanSettings) -> str:
    """What is said at a section's start: its name; verbose adds its number and count, and
    the section cue in words says 'Section 2'."""
    language = document.language
    name = settings.lexicon.say(document.sections[index].heading, language)
    section = f"{word('Section', language)} {index + 1}"
    if settings.verbosity is Verbosity.VERBOSE:
        of = _OF.get(language, "of")
        return _closed(f"{section} {of} {len(document.sections)}: {name}")
    if settings.cues.of(Cue.SECTION).speech:
        return _closed(f"{section}: {name}")
    return _closed(name)


def _closed(line: str) -> str:
    """A title or heading as a sentence: 'Is it good?' keeps its own mark."""
    return line if line.rstrip()[-1:] in ".!?…" else f"{line}."


def _pause_after(end: int, paragraph_ends: set[int]) -> Break:
    return Break.PARAGRAPH if end in paragraph_ends else Break.SENTENCE


def said_at(
    position: Position,
    part: Part,
    text: str,
    pause: Break,
    language: str,
    *,
    cue: Cue | None = None,
) -> Utterance:
    """An utterance that stands at a point of the document rather than covering its text."""
    builder = SpokenTextBuilder(position.offset)
    builder.say_instead(text, position.offset, position.offset)
    spoken = builder.build()
    return Utterance(part, position.section, spoken, pause, voice_language(text, language), cue)


def first_sentence(planned: Iterator[Utterance]) -> tuple[Utterance, ...]:
    """The first sentence planned, with the rest of it after any cue inside it."""
    first = next(planned, None)
    if first is None:
        return ()
    rest = []
    for said in planned:
        if not said.continues:
            break
        rest.append(said)
    return (first, *rest)


def announcements(
    position: Position,
    texts: Sequence[str],
    cues: Sequence[Cue] = (),
    *,
    lexicon: Lexicon | None = None,
    names: Mapping[str, str] | None = None,
) -> tuple[Utterance, ...]:
    """Reader's own words at `position`, a sentence each, after each cue's sound: the
    last cue's just before the first text, the others on their own. The `names` in them
    (a review's title and headings, by the language they are in) are said in that
    language's voice, as is a piece in another script; `lexicon` says each piece as it
    says the review ('Rocky IV ★★★★½' is 'Rocky 4, 4 and a half stars')."""
    said = [
        said_at(
            position,
            Part.ANNOUNCEMENT,
            lexicon.say(piece, language) if lexicon else piece,
            pause,
            language,
        )
        for text in texts
        for piece, language, pause in _in_voices(text, names or {})
    ]
    for cue in reversed(cues):
        if said and said[0].cue is None and said[0].text:
            said[0] = replace(said[0], cue=cue)
        else:
            alone = said_at(position, Part.ANNOUNCEMENT, "", Break.NONE, ANNOUNCEMENT_LANGUAGE)
            said.insert(0, replace(alone, cue=cue))
    return tuple(said)


def names_in(document: Document) -> dict[str, str]:
    """A review's title and headings, by its language, for announcements that name them;
    none for an English review, whose names the announcing voice says already."""
    if document.language == ANNOUNCEMENT_LANGUAGE:
        return {}
    named = (document.title, *(section.heading for section in document.sections))
    # A name of a letter or two ('A', 'II') would be found in reader's own words.
    return {name: document.language for name in named if sum(map(str.isalpha, name)) > 2}


def _in_voices(text: str, names: Mapping[str, str]) -> Iterator[tuple[str, str, Break]]:
    """An announcement in pieces, each with the language whose voice says it (a title
    in Spanish or in Cyrillic by that language's voice), with no pause between them but
    after the last."""
    pieces = [
        (piece, language or script)
        for part, language in _named_pieces(text, names)
        for piece, script in ([(part, language)] if language else script_pieces(part))
    ]
    for index, (piece, language) in enumerate(pieces):
        last = index == len(pieces) - 1
        yield piece, language or ANNOUNCEMENT_LANGUAGE, Break.SENTENCE if last else Break.NONE


def _named_pieces(text: str, names: Mapping[str, str]) -> Iterator[tuple[str, str]]:
    """`text` cut around the names in it, each name with its language ('' elsewhere);
    a name counts only as a whole word, the longest first."""
    start = 0
    found = sorted((at, -len(name), name) for name in names for at in _whole_word_at(text, name))
    for at, _, name in found:
        if at < start:
            continue  # inside a longer name found before
        if at > start:
            yield text[start:at], ""
        yield name, names[name]
        start = at + len(name)
    if start < len(text) or not text:
        yield text[start:], ""


def _whole_word_at(text: str, name: str) -> Iterator[int]:
    """Where `name` stands in `text` as a whole word."""
    at = text.find(name)
    while at >= 0:
        before = text[at - 1 : at]
        after = text[at + len(name) : at + len(name) + 1]
        if not (before.isalnum() or after.isalnum()):
            yield at
        at = text.find(name, at + 1)


def closing(position: Position, cues: Sequence[Cue], modes: CueModes) -> tuple[Utterance, ...]:
    """Cues said after a reading, as their modes give them: sounds, words, or both."""
    words = [said for cue in cues if (said := modes.words(cue))]
    return announcements(position, words, [cue for cue in cues if modes.of(cue).sound])


def ticks(position: Position) -> Iterator[Utterance]:
    """The working cue, over and over, until the run saying it is stopped."""
    tick = said_at(position, Part.ANNOUNCEMENT, "", Break.TICK, ANNOUNCEMENT_LANGUAGE)
    return repeat(replace(tick, cue=Cue.WORKING))
