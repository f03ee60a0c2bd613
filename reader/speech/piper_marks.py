"""Where Piper's words are: the pieces a text is rendered in, its words, and their marks.

Piper says nothing about where a word of the text is heard. A voice patched for
alignments says how many samples each phoneme takes; a word then starts at its first
phoneme. Otherwise the speech is shared out over the words by their phoneme counts,
with a little more at punctuation, where the voice pauses. Either way each word's
phonemes come from phonemizing the word alone, so a number or an emoji ('2024', '😍')
counts all the words it is said as.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reader.speech.engine import WordMark

# Longer sentences are cut at a clause (',', ';', ':', a dash) near this many
# characters: Piper renders a piece at a time, and the first audio waits for the first
# piece (a 200-character piece takes about 1.4 s at 9 times real time on two cores).
PIECE_CHARS = 160
# The first piece is cut shorter: nothing plays while it is rendered.
FIRST_PIECE_CHARS = 80
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+|\n+")
_CLAUSE_END = re.compile(r"[,;:\u2013\u2014][\"'”’)\]]*\s*")
_TOKEN = re.compile(r"[^\s\u2013\u2014]+")
_NOT_SOUNDS = frozenset(" ˈˌ^$")  # and the marks Piper puts at either end
_PAUSES = {",": 2, ";": 3, ":": 3, "\u2013": 2, "\u2014": 2, ".": 4, "!": 4, "?": 4, "…": 4}
SILENCE = 300  # samples below this size (of 32,767) before and after speech are silence


@dataclass(frozen=True)
class Piece:
    """Part of an utterance rendered at once: it starts at character `start`."""

    start: int
    text: str


@dataclass(frozen=True)
class Word:
    """A word of a piece: characters [start, end) of the piece, said in `sounds`
    phonemes, followed by punctuation worth `pause` more."""

    start: int
    end: int
    sounds: int
    pause: int = 0


def split_pieces(
    text: str, limit: int = PIECE_CHARS, first: int = FIRST_PIECE_CHARS
) -> list[Piece]:
    """Sentences, and those longer than `limit` (the first: `first`) cut after a clause
    near it (else at a space); pieces with nothing to say are left out."""
    pieces: list[Piece] = []
    start = 0
    for end in [match.end() for match in _SENTENCE_END.finditer(text)] + [len(text)]:
        if not pieces and text[start:end].strip():
            head = _cut(text, start, end, first)[0]
            pieces.append(head)
            start = head.start + len(head.text)
        pieces += _cut(text, start, end, limit)
        start = end
    return [piece for piece in pieces if piece.text.strip()]


def _cut(text: str, start: int, end: int, limit: int) -> list[Piece]:
    pieces = []
    while end - start > limit * 3 // 2:
        window = text[start : start + limit]
        cuts = [m.end() for m in _CLAUSE_END.finditer(window) if m.end() > limit // 3]
        cuts = cuts or [m.end() for m in re.finditer(r"\s+", window) if m.end() > limit // 3]
        cut = start + (cuts[-1] if cuts else limit)
        pieces.append(Piece(start, text[start:cut]))
        start = cut
    pieces.append(Piece(start, text[start:end]))
    return pieces


def words_of(text: str, sounds: dict[str, int]) -> list[Word]:
    """The words of `text` that are said (`sounds` gives each token's phoneme count),
    each without the punctuation around it."""
    words: list[Word] = []
    for match in _TOKEN.finditer(text):
        start, end = _trim(text, match.start(), match.end())
        said = sounds.get(text[start:end], 0) if start < end else 0
        if said == 0:
            start, end = match.start(), match.end()  # '&' is said, though punctuation
            said = sounds.get(text[start:end], 0)
        if said > 0:
            words.append(Word(start, end, said))
        elif words:
            words[-1] = _paused(words[-1], text[match.start() : match.end()])
    return [
        _paused(word, text[word.end : following.start if following else len(text)])
        for word, following in itertools.zip_longest(words, words[1:])
    ]


def tokens_of(text: str) -> list[str]:
    """Every token `words_of` may ask the phoneme count of."""
    found = []
    for match in _TOKEN.finditer(text):
        start, end = _trim(text, match.start(), match.end())
        found += [text[start:end], match.group()] if start < end else [match.group()]
    return found


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Leave out punctuation around a token: what is left holds a letter, number or
    symbol, or is empty."""
    while start < end and unicodedata.category(text[start])[0] == "P":
        start += 1
    while end > start and unicodedata.category(text[end - 1])[0] == "P":
        end -= 1
    return start, end


def _paused(word: Word, after: str) -> Word:
    pause = max((_PAUSES.get(character, 0) for character in after), default=0)
    return Word(word.start, word.end, word.sounds, max(word.pause, pause))


def count_sounds(phonemes: Sequence[str]) -> int:
    """Phonemes that take time of their own: not spaces, stress or punctuation."""
    return sum(
        1 for p in phonemes if p not in _NOT_SOUNDS and unicodedata.category(p[:1])[0] != "P"
    )


def speech_span(samples: npt.NDArray[np.int16]) -> tuple[int, int]:
    """The samples [first, last + 1) louder than silence; (0, 0) for silence only."""
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > SILENCE)
    return (int(loud[0]), int(loud[-1]) + 1) if len(loud) else (0, 0)


def spread_marks(words: Sequence[Word], first: int, end: int, offset: int = 0) -> list[WordMark]:
    """Marks sharing the speech in samples [first, end) out over `words` by their
    phonemes and pauses; characters move by `offset`."""
    total = sum(word.sounds + word.pause for word in words) or 1
    marks, done = [], 0
    for word in words:
        sample = first + (end - first) * done // total
        marks.append(WordMark(offset + word.start, word.end - word.start, sample))
        done += word.sounds + word.pause
    return marks


def aligned_marks(words: Sequence[Word], starts: Sequence[int], offset: int = 0) -> list[WordMark]:
    """Marks at the first phoneme of each word, given where each phoneme that sounds
    starts (from the voice's alignments)."""
    marks, done = [], 0
    for word in words:
        sample = starts[min(done, len(starts) - 1)] if starts else 0
        marks.append(WordMark(offset + word.start, word.end - word.start, sample))
        done += word.sounds
    return marks


def sound_starts(phonemes: Sequence[str], samples: Sequence[int]) -> list[int]:
    """Where each phoneme that sounds starts, from the samples each phoneme takes."""
    starts, at = [], 0
    for phoneme, length in zip(phonemes, samples, strict=True):
        if count_sounds([phoneme]):
            starts.append(at)
        at += length
    return starts
