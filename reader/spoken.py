"""What a listener hears of a section: its text, with hidden spoilers announced instead.

The announcement says how much was skipped ('Spoiler skipped, 42 words.'), so a listener
can decide to hear it anyway. A spoiler inside a sentence is announced in brackets, so
the sentence around it still reads as one.
"""

from dataclasses import replace

from reader.model import Section, SpoilerSpan

_SENTENCE_BOUNDARY = ".!?…:;\n"


def spoiler_announcement(span: SpoilerSpan, mid_sentence: bool = False) -> str:
    """'Spoiler skipped, 42 words.', or with the spoiler's own label when it has one."""
    words = f"{span.words} word" + ("" if span.words == 1 else "s")
    what = f"Spoiler skipped: {span.label}, {words}" if span.label else f"Spoiler skipped, {words}"
    return f"({what.lower()[:1]}{what[1:]})" if mid_sentence else f"{what}."


def spoken_section(section: Section, skip_spoilers: bool) -> Section:
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
        announcement = spoiler_announcement(span, is_mid_sentence(section.text, span.start))
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
