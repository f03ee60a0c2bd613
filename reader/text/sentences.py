"""Splitting text into paragraph and sentence spans (character offsets into the text).

Sentences are found by one compiled pattern and a few rules (`bench/sentence_split.py`
measures them against syntok, pysbd, blingfire and sentencex on the hand-checked
boundaries of real reviews in `tests/data/real/sentences/`). A sentence ends at . ! ? …
(with any closing quotes, brackets and emoji after them) before whitespace, or at a
Chinese or Japanese 。！？ whatever follows. It does not end:

- after an abbreviation or an initial: 'Dr. Moon', 'vs. the cut', 'e.g. this',
  'J. R. R. Tolkien', and 'ep. 5', 'No. 5' before a number;
- after a list number: '1. The cast', or a German ordinal: 'im 19. Jahrhundert', and
  before a lower-case word 'Ludwig XIV. war';
- before a lower-case word after an ellipsis or a closing quote ('Well… unfortunately',
  '"why?" and left'), or one that repeats the word before the stop: the pull quote
  'Why. why…. why?' is heard as one phrase (the voice still pauses at each stop);
- across a paragraph break: paragraphs are blank-line separated and split one at a time.

A lower-case word after a plain stop does start a sentence ('really fun. im having a
blast'), as reviewers typing fast write them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import starmap

from reader.text.german import ordinal_ending_at
from reader.text.roman import NUMERAL
from reader.text.sentence_count import with_sure_ends

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# Speech is planned a sentence at a time; a run-on 'sentence' (a list, a wall of text with
# no full stops) is cut at a clause or word boundary so no utterance grows without bound.
MAX_SENTENCE = 600
_CLAUSE_END = re.compile(r"[,;:—–)](?=\s)")
_CLOSERS = "\"'”’»)\\]」』）"
_EMOJI = "\U0001f300-\U0001faff\u2600-\u27bf\ufe0f\u200d"
_EMOTICON = r"(?::-?[()DP]|;-?\)|[xX]D)"
# Each branch starts with a stop, so the search skips ahead to the next one fast: a CJK
# stop; a Western one with what closes it, before whitespace; an ellipsis run into a
# capital ('go...This'); an emoticon standing alone (':) Hatte').
_STOP = re.compile(
    r"[.!?…‽。！？:;](?:"
    rf"(?<=[。！？])(?P<cjk>[。！？]*[{_CLOSERS}]*)"
    rf"|(?<=[.!?…‽])(?P<stop>[.!?…‽]*)(?P<close>[{_CLOSERS}]*)"
    rf"(?:[ \t]*(?:[{_EMOJI}]+|{_EMOTICON}(?=\s|$)))*(?=\s+(?P<next>\S)|\s*$)"
    r"|(?<=[.…])(?P<glued>\.*)(?=[A-Z])"
    r"|(?<=[:;])(?P<face>-?[()DP])(?=\s))"
)
_NEXT = _STOP.groupindex["next"]
# Words after a CJK stop that quote what came before it: 'マジか。って感じ。'
_CJK_QUOTED = ("って", "、", "，")
# Words that end with a full stop without ending a sentence, whatever follows.
_ALWAYS = frozenset(
    "mr mrs ms mx dr prof st jr sr vs v sra srta dra sres mme mlle hr fr frau bzw ca cf "
    "usw z.b d.h u.a e.g i.e p.ej approx feat ft al incl".split()
)
# Words that end with a full stop without ending a sentence when a number follows.
_BEFORE_NUMBER = frozenset("ep eps ch chs vol vols pt pts no nos nr p pp".split())
# Words that end with a full stop without ending a sentence when a lower-case word follows.
_BEFORE_LOWER = _ALWAYS | frozenset("etc min mins hrs std sec secs".split())
# Counting runs a pattern that puts before the branches of _STOP one more, for the stops that
# surely end a sentence, as most do ('film. The', 'fun! I'); see `sentence_count`.
_COUNT = re.compile(with_sure_ends(_STOP.pattern, _ALWAYS | _BEFORE_NUMBER))
_SURE = _COUNT.groupindex["sure"]
_COUNT_NEXT = _COUNT.groupindex["next"]
_AT_END = _COUNT.groupindex["close"]  # the last group of a Western stop ending a paragraph
_OPENERS = "([\"“‘'¿¡«"
_WORD_AFTER = re.compile(r"[\w'’-]*")
_INITIALS = re.compile(r"(?:\w\.)+\w")
_NON_SPACE = re.compile(r"\S")
_LIST_NUMBER = re.compile(r"\d{1,2}|[a-zA-Z]")
# A Roman numeral with a full stop, as German writes a monarch's ('Ludwig XIV.'): II to
# XXXIX, or V or X alone (a lone I is the English pronoun).
_ROMAN_ORDINAL = re.compile(rf"(?=[IVX]{{2}}|[VX]){NUMERAL}")


@dataclass(frozen=True, order=True)
class Span:
    """Characters [start, end) of some text."""

    start: int
    end: int


def split_paragraphs(text: str) -> tuple[Span, ...]:
    """Paragraphs are separated by blank lines; their spans exclude surrounding space."""
    if "\n" not in text:  # one paragraph, as most short reviews are: no pattern to run
        return tuple(_trim(text, 0, len(text)))
    return tuple(_trimmed_pieces(text, _PARAGRAPH_BREAK))


def paragraph_texts(text: str) -> list[str]:
    """The paragraphs themselves, stripped: the text of each of `split_paragraphs`' spans,
    found without making the spans."""
    return [piece for piece in map(str.strip, _PARAGRAPH_BREAK.split(text)) if piece]


def split_sentences(text: str) -> tuple[Span, ...]:
    """Sentence spans, never crossing a paragraph break; see the module docstring."""
    return tuple(sentences_from(text))


def sentences_from(text: str, offset: int = 0) -> Iterator[Span]:
    """The sentences of paragraphs ending after `offset`, split one paragraph at a time,
    so speech can start on a long section before the rest of it is split."""
    for paragraph in split_paragraphs(text):
        if paragraph.end > offset:
            for sentence in sentence_spans(text, paragraph.start, paragraph.end):
                if _is_piece(text, sentence.start, sentence.end):
                    yield sentence
                else:
                    yield from _bounded(text, sentence)


def count_sentences(text: str) -> int:
    """len(split_sentences(text)), counted by the same rules without making a span for
    each sentence (an outline of a large export counts hundreds of thousands): paragraph
    by paragraph, each taken out of its text, with the sure stops left out of the rules."""
    count = 0
    spaced = text[:1].isspace()  # whether the first paragraph follows a space in the text
    for piece in _PARAGRAPH_BREAK.split(text) if "\n" in text else (text,):
        paragraph = piece.strip()
        begin = 0
        end = len(paragraph)
        for match in _COUNT.finditer(paragraph):
            kind = match.lastindex  # the last group the match closed tells its branch
            if kind == _SURE:
                following = match.start(kind)
                # A sure stop is followed by a space: the sentence is shorter than this.
                fits = following - begin <= MAX_SENTENCE
                count += 1 if fits else _pieces(paragraph, begin, match.end())
                begin = following
            elif kind == _COUNT_NEXT:
                following = match.start(kind)
                if _ends_sentence(paragraph, begin, match, paragraph[following]):
                    count += _pieces(paragraph, begin, match.end())
                    begin = following
            elif kind != _AT_END and _ends_alone(paragraph, begin, match, spaced):
                stop = match.end()
                count += _pieces(paragraph, begin, stop)
                begin = _skip_space(paragraph, stop, end)
        if begin < end:
            count += _pieces(paragraph, begin, end)
        spaced = True
    return count


def _pieces(text: str, start: int, end: int) -> int:
    """How many pieces `_bounded` makes of a sentence."""
    if end - start <= MAX_SENTENCE:
        return 1  # a sentence holds a stop or a word, so trimming leaves it whole
    return sum(1 for _ in _bounded(text, Span(start, end)))


def _ends_alone(paragraph: str, begin: int, match: re.Match[str], spaced: bool) -> bool:
    """`_ends` in a paragraph taken out of its text, where a face that opens it follows
    the space before it ('... :) Hatte')."""
    if spaced and match.start() == 0:
        text = " " + paragraph
        again = _STOP.match(text, 1)
        return again is not None and _ends(text, 1, again)
    return _ends(paragraph, begin, match)


def _is_piece(text: str, start: int, end: int) -> bool:
    """Whether a sentence is one piece as it stands, as nearly every sentence is: short
    enough, and already trimmed."""
    return end - start <= MAX_SENTENCE and not (text[start].isspace() or text[end - 1].isspace())


def sentence_spans(text: str, start: int, end: int) -> Iterator[Span]:
    """The sentences of text[start:end], one paragraph, without the MAX_SENTENCE cut."""
    return starmap(Span, _sentence_bounds(text, start, end))


def _sentence_bounds(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """`sentence_spans` as (start, end) pairs, which cost less to make than spans."""
    begin = _skip_space(text, start, end)
    for match in _STOP.finditer(text, begin, end):
        following = match.group(_NEXT)
        if following is None:
            if _ends(text, begin, match):
                stop = match.end()
                yield begin, stop
                begin = _skip_space(text, stop, end)
        elif _ends_sentence(text, begin, match, following):
            # A stop ends on a stop, closer, emoji or face: the span needs no trimming,
            # and the next sentence starts at the word the pattern looked ahead to.
            yield begin, match.end()
            begin = match.start(_NEXT)
    if begin < end:
        if text[end - 1].isspace():
            yield from ((span.start, span.end) for span in _trim(text, begin, end))
        else:
            yield begin, end


def _skip_space(text: str, at: int, end: int) -> int:
    found = _NON_SPACE.search(text, at, end)
    return end if found is None else found.start()


def _ends(text: str, begin: int, match: re.Match[str]) -> bool:
    """Whether a stop with no word after it in the paragraph ends the sentence; see the
    module docstring."""
    if match.group("cjk") is not None:
        # '（？）' marks a doubt, not a question; 'と。、、って' goes on quoting.
        opened = match.start() > begin and text[match.start() - 1] in "（("
        return not opened and not text.startswith(_CJK_QUOTED, match.end())
    if match.group("glued") is not None:
        return match.end() - match.start() > 1 or text[match.start()] == "…"
    if match.group("face") is not None and text[match.start() - 1 : match.start()].isspace():
        return text[match.end() : match.end() + 2].lstrip()[:1].isupper()
    return False  # a Western stop at the paragraph's end, which ends it anyway


def _ends_sentence(text: str, begin: int, match: re.Match[str], following: str) -> bool:
    """Whether a Western stop, followed by whitespace and `following`, ends the sentence."""
    at = match.start()
    more = match.group("stop")  # the stop is text[at] followed by these
    plain = not more and text[at] == "."
    if following.islower():
        stop = text[at] + more
        if match.group("close") or "…" in stop or ".." in stop:
            return False  # an ellipsis or a closing quote before lower case
        if not plain:
            return True
        written = _word_before(text, begin, at)
        word = written.lower()
        next_word = _WORD_AFTER.match(text, match.start("next")).group()  # type: ignore[union-attr]
        if len(word) <= 2 and word.isdigit():  # 'im 19. und 20. Jahrhundert'
            return ordinal_ending_at(text, at - len(word), at, begin) is None
        if _ROMAN_ORDINAL.fullmatch(written):  # German 'Ludwig XIV. war König'
            return False
        return word not in _BEFORE_LOWER and word != next_word.lower()
    return not plain or _ends_before_capital(text, begin, at, following)


def _word_before(text: str, begin: int, stop: int) -> str:
    """The word before a stop, without opening brackets and quotes."""
    at = max(text.rfind(" ", begin, stop), text.rfind("\n", begin, stop), begin - 1) + 1
    return text[at:stop].lstrip(_OPENERS)


def _ends_before_capital(text: str, begin: int, stop: int, following: str) -> bool:
    """A full stop before a capital, digit or sign ends the sentence unless the word before
    it is an abbreviation, an initial or a list number."""
    word = _word_before(text, begin, stop)
    lowered = word.lower()
    if lowered in _ALWAYS:
        return False
    if following.isdigit() and lowered in _BEFORE_NUMBER:
        return False
    if len(word) == 1 and word.isupper() and word != "I":
        return False  # 'J. R. R. Tolkien'
    if "." in word and _INITIALS.fullmatch(word):
        return False  # 'S.Z. Sakall', 'U.S. cut'
    short = len(word) <= 2  # the only list numbers: '1.' to '99.', 'a.'
    if (
        short
        and word.isdigit()
        and ordinal_ending_at(text, stop - len(word), stop, begin) is not None
    ):
        return False
    return not (short and _LIST_NUMBER.fullmatch(word) and text[begin:stop].strip() == word)


def _bounded(text: str, span: Span) -> Iterator[Span]:
    """The sentence, or pieces of at most MAX_SENTENCE characters cut after a clause."""
    start = span.start
    while span.end - start > MAX_SENTENCE:
        cut = _cut(text[start : start + MAX_SENTENCE])
        yield from _trim(text, start, start + cut)
        start += cut
    yield from _trim(text, start, span.end)


def _cut(window: str) -> int:
    """Where to cut: after the last clause mark, else before the last word, else anywhere."""
    clause = max((match.end() for match in _CLAUSE_END.finditer(window)), default=0)
    if clause:
        return clause
    space = window.rfind(" ")
    return space + 1 if space > 0 else len(window)


def _trimmed_pieces(text: str, separator: re.Pattern[str]) -> Iterator[Span]:
    start = 0
    for match in separator.finditer(text):
        yield from _trim(text, start, match.start())
        start = match.end()
    yield from _trim(text, start, len(text))


def _trim(text: str, start: int, end: int) -> Iterator[Span]:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        yield Span(start + lead, start + lead + len(stripped))
