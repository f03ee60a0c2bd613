"""When the words pyttsx3 reports are heard: eSpeak's own word times, and marks placed
inside the audio.

Used by the worker process only.
"""

from __future__ import annotations

import collections
import threading
import time
from dataclasses import dataclass
from typing import Any

from reader.speech.engine import WordMark
from reader.speech.espeak_binding import EVENT_LIST_TERMINATED, EVENT_MSG_TERMINATED, EVENT_WORD

_SETTLE_TIMEOUT = 1.0  # seconds; eSpeak applies settings in well under a millisecond


@dataclass(frozen=True)
class Heard:
    """A word pyttsx3 reported: 0-based characters, and its time if the driver told us."""

    start: int
    length: int
    milliseconds: int | None


def place_marks(
    words: list[Heard], text_length: int, samples: int, sample_rate: int
) -> tuple[WordMark, ...]:
    """Word marks in order and inside the audio.

    A word without a time is placed in proportion to its character offset. eSpeak reports
    some words twice or more ('2019' is four words spoken, each reported at '019'), so a
    word overlapping the one before is dropped.
    """
    marks: list[WordMark] = []
    covered, last = 0, 0
    for word in words:
        if word.start < covered or word.length <= 0 or word.start >= text_length or not samples:
            continue
        if word.milliseconds is None:
            sample = samples * word.start // text_length
        else:
            sample = word.milliseconds * sample_rate // 1000
        last = min(max(sample, last), samples - 1)
        marks.append(WordMark(word.start, min(word.length, text_length - word.start), last))
        covered = word.start + word.length
    return tuple(marks)


class EspeakTap:
    """eSpeak's synth callback, watched on its way to pyttsx3's: when words start, and
    when pyttsx3 is really done.

    pyttsx3 reports a word's characters but not its time. The audio it has collected
    when it reports a word is only right to a second, since it asks eSpeak for 1000 ms
    buffers (measured: words up to 955 ms early; interpolating by characters inside a
    buffer, still up to 626 ms). So each word event's own `audio_position` is kept
    until pyttsx3 reports that word.

    pyttsx3 announces 'finished-utterance' from eSpeak's thread before it has marked
    itself idle and ended its loop; a request sent in between loses its settings or never
    starts. So the end is when pyttsx3's callback returns from the final event.
    """

    def __init__(self, espeak: Any, driver: Any) -> None:
        self.finished = threading.Event()
        self._positions: collections.deque[int] = collections.deque()
        self._espeak = espeak
        self._on_synth = driver._onSynth
        espeak.SetSynthCallback(self._tap)

    def settle(self) -> None:
        """Wait until eSpeak has applied the settings queued in its thread: runAndWait
        cancels whatever eSpeak is still busy with, and they would be lost (measured:
        a new rate dropped in one utterance of two)."""
        deadline = time.monotonic() + _SETTLE_TIMEOUT
        while self._espeak.IsPlaying() and time.monotonic() < deadline:
            time.sleep(0.001)

    def reset(self) -> None:
        """Forget the words of the last utterance."""
        self._positions.clear()

    def next_word(self) -> int | None:
        """The time in ms of the word pyttsx3 is reporting now."""
        return self._positions.popleft() if self._positions else None

    def _tap(self, wav: Any, count: int, events: Any) -> int:
        last = False
        index = 0
        while events[index].type != EVENT_LIST_TERMINATED:
            if events[index].type == EVENT_WORD:
                self._positions.append(events[index].audio_position)
            last = last or events[index].type == EVENT_MSG_TERMINATED
            index += 1
        answer = int(self._on_synth(wav, count, events))
        if last:
            self.finished.set()
        return answer


def espeak_tap(engine: Any) -> EspeakTap | None:
    """A tap on this pyttsx3 engine's eSpeak driver, or None if pyttsx3 is built
    differently."""
    try:
        from pyttsx3.drivers import _espeak

        return EspeakTap(_espeak, engine.proxy._driver)
    except (ImportError, AttributeError):
        return None
