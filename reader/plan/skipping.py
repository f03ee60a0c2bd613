"""What a listener hears of a section: its text, with hidden spoilers announced instead.

The announcement says how much was skipped ('Spoiler skipped, 42 words.'), so a listener
can decide to hear it anyway; it is said in the review's language ('Spoiler omitido, 42
palabras.'), in the voice reading the review. A spoiler inside a sentence is announced in
brackets, so the sentence around it still reads as one.
"""

from dataclasses import replace

from reader.model import Section, SpoilerSpan
from reader.plan.cues import CueMode, Verbosity
from reader.text.wording import count_of, word

_SENTENCE_BOUNDARY = ".!?…:;\n"


def spoiler_announcement(
    span: SpoilerSpan,
    mid_sentence: bool = False,
    language: str = "en",
    verbosity: Verbosity = Verbosity.NORMAL,
    mode: CueMode = CueMode.SPEECH,
) -> str:
    """'Spoiler skipped, 42 words.', or with the spoiler's own label when it has one.

    Terse is 'Spoiler.' at most: the cue's sound alone when it has one. When the sound
    marks the spoiler, the words say only what it cannot: its label and size ('42 words.').
    With the cue off, nothing is said at all."""
    if mode is CueMode.OFF or (verbosity is Verbosity.TERSE and not mode.speech):
        return ""
    if verbosity is Verbosity.TERSE:
        what = "Spoiler"
    else:
        skipped, words = word("Spoiler skipped", language), count_of(span.words, language)
        if not mode.speech:
            what = f"{span.label}, {words}" if span.label else words
        else:
            what = f"{skipped}: {span.label}, {words}" if span.label else f"{skipped}, {words}"
    return f"({what.lower()[:1]}{what[1:]})" if mid_sentence else f"{what[:1].upper()}{what[1:]}."


def spoken_section(section: Section, skip_spoilers: bool, language: str = "en") -> Section:
    """The section as read; with skipping, each spoiler span now covers its announcement."""
    if not skip_spoilers or not section.spoilers:
        return section
    pieces: list[str] = []
    spans: list[SpoilerSpan] = []
    position = 0
    length = 0
    for span in section.spoilers:
        before = section.text[position : span.start]
        pieces.append(before)
        length += len(before)
        mid = is_mid_sentence(section.text, span.start)
        announcement = spoiler_announcement(span, mid, language)
        spans.append(replace(span, start=length, end=length + len(announcement)))
        pieces.append(announcement)
        length += len(announcement)
        position = span.end
    pieces.append(section.text[position:])
    return replace(section, text="".join(pieces), spoilers=tuple(spans))


def is_mid_sentence(text: str, start: int) -> bool:
    """Whether text before `start` runs on into it, so an announcement there is bracketed."""
    before = text[:start].rstrip(" ")
    return bool(before) and before[-1] not in _SENTENCE_BOUNDARY
