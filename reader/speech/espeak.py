"""The eSpeak NG engine: streaming PCM with word marks, stopped between two chunks.

eSpeak calls back with about 20 ms of audio at a time (`espeak_binding`), about a
thousand times faster than real time. Answering ABORT from that callback is the only
prompt way to stop it; `espeak_Cancel()` can block for the rest of the text.

Past 449 wpm, speech is rendered at eSpeak's fastest native pace and time-stretched the
rest of the way (reader.speech.pace says why this beats eSpeak's own libsonic speed-up,
which a library built without it, like the Windows one of the espeakng-loader wheel,
does not have anyway)."""

from __future__ import annotations

import ctypes
import threading
import unicodedata
from typing import TYPE_CHECKING

from reader.speech.delivery import Delivery, stretcher
from reader.speech.engine import (
    SAMPLE_WIDTH,
    ChunkCallback,
    Engine,
    Voice,
    VoiceSettings,
    WordMark,
    chunk_size,
    codes_for,
    is_code,
)
from reader.speech.espeak_binding import (
    ABORT,
    CONTINUE,
    EVENT_LIST_TERMINATED,
    EVENT_WORD,
    EspeakEvent,
    SynthCallback,
    espeak_binding,
)
from reader.speech.pace import Rendering, espeak_rendering

if TYPE_CHECKING:
    pass

_LONGEST_WORD = 31  # eSpeak keeps a word's length in five bits, cut to 31


class EspeakEngine(Engine):
    """libespeak-ng, spoken straight into our own sinks.

    `use_sonic=True` lets eSpeak speed up past 449 wpm with its libsonic where it has
    it, as it would on its own: slower and further from the pace asked (kept to compare).
    """

    name = "espeak"

    def __init__(self, use_sonic: bool = False) -> None:
        self._lib = espeak_binding()
        self._use_sonic = use_sonic
        self._settings = VoiceSettings()
        self._aborted = threading.Event()
        self._known_languages: frozenset[str] | None = None

    @property
    def sample_rate(self) -> int:
        return self._lib.sample_rate

    def describe(self) -> str:
        return f"espeak: eSpeak NG {self._lib.version} ({self._lib.origin})"

    def voices(self) -> list[Voice]:
        with self._lib.lock:
            return self._lib.voices()

    def configure(self, settings: VoiceSettings) -> None:
        self._settings = settings

    def voice_for(self, language: str) -> str:
        # eSpeak takes a bare language ('en', 'cmn') for its main voice of that language.
        known = self._languages()
        wanted = (code for code in codes_for(language) if any(is_code(k, code) for k in known))
        return next(wanted, "")

    def _languages(self) -> frozenset[str]:
        if self._known_languages is None:
            self._known_languages = frozenset(voice.language for voice in self.voices())
        return self._known_languages

    def synthesize(self, text: str, on_chunk: ChunkCallback) -> bool:
        self._aborted.clear()
        # A lone surrogate becomes one '?': eSpeak's positions still count code points.
        encoded = text.encode("utf-8", errors="replace")
        with self._lib.lock:
            rendering = self._apply(self._settings)
            delivery = Delivery(
                on_chunk,
                self._aborted,
                chunk_size(self.sample_rate, self.chunk_ms),
                stretcher(rendering.stretch, self.sample_rate),
            )
            state = _Progress(text, self._aborted, delivery, self.sample_rate)
            self._lib.synthesize(encoded, SynthCallback(state.receive))
        state.finish()
        if state.error is not None:
            raise state.error
        return not state.stopped

    def abort(self) -> None:
        self._aborted.set()

    def _apply(self, settings: VoiceSettings) -> Rendering:
        """Set eSpeak up for `settings`; returns how the pace is reached."""
        self._lib.use_voice(settings.voice)
        rendering = espeak_rendering(
            settings.rate, lambda: self._use_sonic and self._lib.has_sonic()
        )
        self._lib.set_parameters(rendering.rate, settings.pitch, settings.volume)
        return rendering


class _Progress:
    """Receives eSpeak's callbacks for one utterance and delivers their audio (up to 400
    ms at a time) with the words that start in it."""

    def __init__(
        self, text: str, aborted: threading.Event, delivery: Delivery, sample_rate: int
    ) -> None:
        self.text = text
        self.aborted = aborted
        self.delivery = delivery
        self.sample_rate = sample_rate
        self.stopped = False
        self.samples = 0  # made by eSpeak
        self.covered = 0  # the text up to the end of the last word marked
        self.error: BaseException | None = None

    def receive(self, wav: ctypes._Pointer[ctypes.c_short], count: int, events: object) -> int:
        if self.stopped or self.aborted.is_set():
            self.stopped = True
            return ABORT
        marks = self._marks(events)
        pcm = ctypes.string_at(wav, count * SAMPLE_WIDTH) if count > 0 and wav else b""
        self.samples += count
        self._pass_on(pcm, marks, finished=False)
        return ABORT if self.stopped else CONTINUE

    def finish(self) -> None:
        """eSpeak is done: pass on what the stretch still holds."""
        if not self.stopped and self.delivery.stretch is not None:
            self._pass_on(b"", (), finished=True)

    def _pass_on(self, pcm: bytes, marks: tuple[WordMark, ...], finished: bool) -> None:
        try:
            delivered = self.delivery.finish() if finished else self.delivery.push(pcm, marks)
            self.stopped = not delivered
        except BaseException as error:  # ctypes would print and swallow it; raise it later
            self.error, self.stopped = error, True

    def _marks(self, events: object) -> tuple[WordMark, ...]:
        marks: list[WordMark] = []
        index = 0
        while events[index].type != EVENT_LIST_TERMINATED:  # type: ignore[index]
            event = events[index]  # type: ignore[index]
            mark = self._word(event) if event.type == EVENT_WORD else None
            if mark is not None:
                marks.append(mark)
            index += 1
        return tuple(marks)

    def _word(self, event: EspeakEvent) -> WordMark | None:
        """The mark for a word event, or None when it names no new word of the text.

        eSpeak marks the later spoken words of one written word one character on: each
        word of '2024' at '024', over the word before, and the later words of an emoji's
        name on the character after it ('🎉.': '.').
        """
        span = word_span(self.text, event.text_position, event.length)
        if span is None or span[0] < self.covered:
            return None
        if span[0] == self.covered and not _holds_a_word(self.text[span[0] : span[1]]):
            return None
        self.covered = span[1]
        # audio_position is in whole milliseconds: it can fall a few samples before the
        # buffer eSpeak reports it with, where it really starts.
        sample = max(self.samples, event.audio_position * self.sample_rate // 1000)
        return WordMark(span[0], span[1] - span[0], sample)


def word_span(text: str, position: int, length: int) -> tuple[int, int] | None:
    """The characters [start, end) of `text` an eSpeak word event names, or None.

    eSpeak counts positions in code points (not UTF-8 bytes), from 1. Its word events of
    length 0 are for words it adds (the pause at a dash or an ellipsis, a clause's end)
    and carry where their clause began: 0, before the text, at its start. Space around a
    word is not part of it; a space alone is no word.
    """
    start = position - 1
    if length <= 0 or not 0 <= start < len(text):
        return None
    end = min(start + length, len(text))
    while length >= _LONGEST_WORD and end < len(text) and text[end].isalnum():
        end += 1  # a longer word, cut short
    word = text[start:end]
    if word.isspace():
        return None
    return start + len(word) - len(word.lstrip()), end - len(word) + len(word.rstrip())


def _holds_a_word(text: str) -> bool:
    """A letter, digit or symbol (an emoji, '½'): more than punctuation."""
    return any(unicodedata.category(character)[0] in "LNS" for character in text)
