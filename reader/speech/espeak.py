"""eSpeak NG through ctypes: streaming PCM with word marks, stopped between two chunks.

eSpeak runs synchronously here: `espeak_Synth` calls back with about 20 ms of audio at a
time, about a thousand times faster than real time. Returning 1 from that callback is the
only prompt way to stop it; `espeak_Cancel()` can block for the rest of the text.

Past 449 wpm eSpeak speeds up with libsonic; a library built without it (the Windows
one of the espeakng-loader wheel) stops near 450, so there the audio is time-stretched.
"""

from __future__ import annotations

import ctypes
import threading
import unicodedata
from functools import cache
from typing import TYPE_CHECKING

from reader.speech.engine import (
    CHUNK_MS,
    SAMPLE_WIDTH,
    Chunk,
    ChunkCallback,
    Engine,
    EngineUnavailable,
    Voice,
    VoiceSettings,
    WordMark,
    chunk_size,
    split_pcm,
)
from reader.speech.espeak_library import EspeakLibrary, load_espeak
from reader.speech.pace import FASTEST_NATIVE, Rendering, espeak_rendering

if TYPE_CHECKING:
    from reader.speech.stretch import Stretcher

_SYNCHRONOUS = 2
_DONT_EXIT = 0x8000  # a failed initialisation must not end our process
_CHARS_UTF8 = 1
_ENDPAUSE = 0x1000
_EVENT_LIST_TERMINATED = 0
_EVENT_WORD = 1
_RATE, _VOLUME, _PITCH = 1, 2, 3
_CONTINUE, _ABORT = 0, 1
_LONGEST_WORD = 31  # eSpeak keeps a word's length in five bits, cut to 31
# A phrase spoken at 449 and at 900 wpm tells whether eSpeak has libsonic: with it the
# second is about 45% shorter; without it eSpeak speaks it at 450 wpm, no shorter.
_PROBE = b"The quick brown fox jumps over the lazy dog."
_PROBE_RATE = 900
_SONIC_SHORTER = 0.85


class _Event(ctypes.Structure):
    _fields_ = [  # the ctypes layout of espeak_EVENT
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", ctypes.c_char * 8),
    ]


class _Voice(ctypes.Structure):
    _fields_ = [  # the ctypes layout of espeak_VOICE
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_char_p),
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    ]


_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)


class _Library:
    """The process-wide eSpeak state: one initialisation, one synthesis at a time."""

    def __init__(self, library: EspeakLibrary) -> None:
        self.origin = library.origin
        self.dll = dll = library.dll
        dll.espeak_Initialize.restype = ctypes.c_int
        dll.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        dll.espeak_Synth.argtypes = [
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        dll.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        dll.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        dll.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_Voice))
        dll.espeak_Info.restype = ctypes.c_char_p
        path = library.data_path.encode() if library.data_path else None
        self.sample_rate: int = dll.espeak_Initialize(_SYNCHRONOUS, CHUNK_MS, path, _DONT_EXIT)
        if self.sample_rate <= 0:
            raise EngineUnavailable("eSpeak NG could not start (its voice data was not found)")
        self.version = (dll.espeak_Info(None) or b"").decode(errors="replace")
        self.lock = threading.Lock()
        self.voice = ""
        self._sonic: bool | None = None

    def has_sonic(self) -> bool:
        """Whether eSpeak speeds up past 449 wpm (it has libsonic); measured once, with
        the lock held. Exported symbols are no sure sign: a Windows DLL exports only
        eSpeak's own API, with or without sonic built in."""
        if self._sonic is None:
            native = self._probe(FASTEST_NATIVE)
            self._sonic = self._probe(_PROBE_RATE) <= _SONIC_SHORTER * native
        return self._sonic

    def _probe(self, rate: int) -> int:
        """Samples of _PROBE spoken at `rate`."""
        samples = [0]

        def count(wav: object, count: int, events: object) -> int:
            samples[0] += max(count, 0)
            return _CONTINUE

        callback = _SynthCallback(count)
        self.dll.espeak_SetParameter(_RATE, rate, 0)
        self.dll.espeak_SetSynthCallback(callback)
        self.dll.espeak_Synth(_PROBE, len(_PROBE) + 1, 0, 0, 0, _CHARS_UTF8 | _ENDPAUSE, None, None)
        return samples[0]


@cache
def _library() -> _Library:
    return _Library(load_espeak())


class EspeakEngine(Engine):
    """libespeak-ng, spoken straight into our own sinks.

    `use_sonic=False` stretches paces past 449 wpm as if eSpeak had no libsonic, so the
    path Windows takes can be tested anywhere.
    """

    name = "espeak"

    def __init__(self, use_sonic: bool = True) -> None:
        self._lib = _library()
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
        found: list[Voice] = []
        with self._lib.lock:
            listed = self._lib.dll.espeak_ListVoices(None)
            index = 0
            while listed[index]:
                voice = listed[index].contents
                # `languages` is a priority byte followed by the language name.
                language = (voice.languages or b"")[1:].split(b"\0")[0].decode(errors="replace")
                identifier = (voice.identifier or b"").decode(errors="replace")
                name = (voice.name or b"").decode(errors="replace")
                found.append(Voice(identifier, name, language))
                index += 1
        return found

    def configure(self, settings: VoiceSettings) -> None:
        self._settings = settings

    def voice_for(self, language: str) -> str:
        # eSpeak takes a bare language ('en') for its main voice of that language.
        known = self._languages()
        return (
            language
            if any(code == language or code.startswith(f"{language}-") for code in known)
            else ""
        )

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
            stretcher = (
                _stretcher(rendering.stretch, self.sample_rate) if rendering.stretch > 1 else None
            )
            state = _Progress(text, on_chunk, self._aborted, stretcher)
            callback = _SynthCallback(state.receive)
            self._lib.dll.espeak_SetSynthCallback(callback)
            self._lib.dll.espeak_Synth(
                encoded, len(encoded) + 1, 0, 0, 0, _CHARS_UTF8 | _ENDPAUSE, None, None
            )
        state.finish()
        if state.error is not None:
            raise state.error
        return not state.stopped

    def abort(self) -> None:
        self._aborted.set()

    def _apply(self, settings: VoiceSettings) -> Rendering:
        """Set eSpeak up for `settings`; returns how the pace is reached."""
        dll = self._lib.dll
        if settings.voice != self._lib.voice:
            if dll.espeak_SetVoiceByName(settings.voice.encode() or b"en") != 0:
                raise EngineUnavailable(f"eSpeak NG has no voice called {settings.voice!r}")
            self._lib.voice = settings.voice
        rendering = espeak_rendering(
            settings.rate, lambda: self._use_sonic and self._lib.has_sonic()
        )
        dll.espeak_SetParameter(_RATE, rendering.rate, 0)
        dll.espeak_SetParameter(_PITCH, settings.pitch, 0)
        dll.espeak_SetParameter(_VOLUME, settings.volume, 0)
        return rendering


def _stretcher(factor: float, sample_rate: int) -> Stretcher:
    """A time-stretcher; NumPy is imported only where eSpeak has no libsonic (its 30 ms
    would otherwise delay the first word everywhere)."""
    from reader.speech.stretch import Stretcher

    return Stretcher(factor, sample_rate)


class _Progress:
    """Receives eSpeak's callbacks for one utterance and turns them into chunks, through
    the stretcher when there is one."""

    def __init__(
        self,
        text: str,
        on_chunk: ChunkCallback,
        aborted: threading.Event,
        stretcher: Stretcher | None,
    ) -> None:
        self.text = text
        self.on_chunk = on_chunk
        self.aborted = aborted
        self.stretcher = stretcher
        self.stopped = False
        self.samples = 0  # made by eSpeak
        self.delivered = 0  # passed on (fewer when stretched)
        self.covered = 0  # the text up to the end of the last word marked
        self.error: BaseException | None = None

    def receive(self, wav: ctypes._Pointer[ctypes.c_short], count: int, events: object) -> int:
        if self.stopped or self.aborted.is_set():
            self.stopped = True
            return _ABORT
        marks = self._marks(events)
        pcm = ctypes.string_at(wav, count * SAMPLE_WIDTH) if count > 0 and wav else b""
        self.samples += count
        self._pass_on(pcm, marks, finished=False)
        return _ABORT if self.stopped else _CONTINUE

    def finish(self) -> None:
        """eSpeak is done: pass on what the stretcher still holds."""
        if not self.stopped and self.stretcher is not None:
            self._pass_on(b"", (), finished=True)

    def _pass_on(self, pcm: bytes, marks: tuple[WordMark, ...], finished: bool) -> None:
        try:
            if self.stretcher is not None:
                pcm, marks = (
                    self.stretcher.finish() if finished else self.stretcher.push(pcm, marks)
                )
            self.stopped = not self._deliver(pcm, marks)
        except BaseException as error:  # ctypes would print and swallow it; raise it later
            self.error, self.stopped = error, True

    def _deliver(self, pcm: bytes, marks: tuple[WordMark, ...]) -> bool:
        """eSpeak hands over at least 60 ms at a time; pass it on in 20 ms chunks, so a
        stop lets at most 20 ms through. Marks go with the piece they start in."""
        if not pcm:
            return not marks or self.on_chunk(Chunk(b"", marks))
        for chunk in split_pcm(pcm, marks, chunk_size(_library().sample_rate), self.delivered):
            if self.aborted.is_set() or not self.on_chunk(chunk):
                return False
            self.delivered += chunk.samples
        return not self.aborted.is_set()

    def _marks(self, events: object) -> tuple[WordMark, ...]:
        marks: list[WordMark] = []
        index = 0
        while events[index].type != _EVENT_LIST_TERMINATED:  # type: ignore[index]
            event = events[index]  # type: ignore[index]
            mark = self._word(event) if event.type == _EVENT_WORD else None
            if mark is not None:
                marks.append(mark)
            index += 1
        return tuple(marks)

    def _word(self, event: _Event) -> WordMark | None:
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
        sample = max(self.samples, event.audio_position * _library().sample_rate // 1000)
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
