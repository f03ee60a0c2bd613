"""The silent engine: speech timed as if spoken, with no sound, for machines with none.

Each word is given time in proportion to its letters, at the pace asked for, so the
audio (zeros) has the length real speech would and word marks fall where words would.
"""

from __future__ import annotations

import re
import threading

from reader.speech.engine import (
    SAMPLE_WIDTH,
    Chunk,
    ChunkCallback,
    Engine,
    Voice,
    VoiceSettings,
    WordMark,
    clamp_rate,
)

_WORD = re.compile(r"\w[\w'’-]*")
_RATE = 16_000
_CHUNK = _RATE // 50  # 20 ms, as eSpeak's chunks
_LETTERS_PER_WORD = 5.5  # the average English word, so a minute holds `rate` words


class SilentEngine(Engine):
    """Speaks nothing, in exactly the time speaking would take."""

    name = "silent"

    def __init__(self) -> None:
        self._settings = VoiceSettings()
        self._aborted = threading.Event()

    @property
    def sample_rate(self) -> int:
        return _RATE

    def describe(self) -> str:
        return "silent: no sound, speech timed at the chosen pace"

    def voices(self) -> list[Voice]:
        return [Voice("silent", "Silent", "")]

    def configure(self, settings: VoiceSettings) -> None:
        self._settings = settings

    def synthesize(self, text: str, on_chunk: ChunkCallback) -> bool:
        self._aborted.clear()
        per_letter = _RATE * 60 / (clamp_rate(self._settings.rate) * _LETTERS_PER_WORD)
        marks: list[WordMark] = []
        total = 0.0
        for match in _WORD.finditer(text):
            marks.append(WordMark(match.start(), len(match.group()), round(total)))
            total += (len(match.group()) + 1) * per_letter
        sent, next_mark, end = 0, 0, round(total)
        while sent < end:
            size = min(_CHUNK, end - sent)
            first = next_mark
            while next_mark < len(marks) and marks[next_mark].sample < sent + size:
                next_mark += 1
            chunk = Chunk(bytes(size * SAMPLE_WIDTH), tuple(marks[first:next_mark]))
            if self._aborted.is_set() or not on_chunk(chunk):
                return False
            sent += size
        return not self._aborted.is_set()

    def abort(self) -> None:
        self._aborted.set()
