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
    chunk_size,
    chunk_spans,
    clamp_rate,
)

_WORD = re.compile(r"\w[\w'’-]*")
_RATE = 16_000
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
        for start, end, due in chunk_spans(round(total), marks, chunk_size(_RATE)):
            chunk = Chunk(bytes((end - start) * SAMPLE_WIDTH), due)
            if self._aborted.is_set() or not on_chunk(chunk):
                return False
        return not self._aborted.is_set()

    def abort(self) -> None:
        self._aborted.set()
