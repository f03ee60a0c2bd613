"""eSpeak NG through ctypes: streaming PCM with word marks, stopped between two chunks.

eSpeak runs synchronously here: `espeak_Synth` calls back with about 20 ms of audio at a
time, about a thousand times faster than real time. Returning 1 from that callback is the
only prompt way to stop it; `espeak_Cancel()` can block for the rest of the text.
"""

from __future__ import annotations

import ctypes
import threading
from functools import cache

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
from reader.speech.pace import espeak_rate

_SYNCHRONOUS = 2
_DONT_EXIT = 0x8000  # a failed initialisation must not end our process
_CHARS_UTF8 = 1
_ENDPAUSE = 0x1000
_EVENT_LIST_TERMINATED = 0
_EVENT_WORD = 1
_RATE, _VOLUME, _PITCH = 1, 2, 3
_CONTINUE, _ABORT = 0, 1


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


@cache
def _library() -> _Library:
    return _Library(load_espeak())


class EspeakEngine(Engine):
    """libespeak-ng, spoken straight into our own sinks."""

    name = "espeak"

    def __init__(self) -> None:
        self._lib = _library()
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
        encoded = text.encode("utf-8", errors="replace")
        # eSpeak counts text positions in characters, from 1.
        state = _Progress(on_chunk, self._aborted)
        callback = _SynthCallback(state.receive)
        with self._lib.lock:
            self._apply(self._settings)
            self._lib.dll.espeak_SetSynthCallback(callback)
            self._lib.dll.espeak_Synth(
                encoded, len(encoded) + 1, 0, 0, 0, _CHARS_UTF8 | _ENDPAUSE, None, None
            )
        if state.error is not None:
            raise state.error
        return not state.stopped

    def abort(self) -> None:
        self._aborted.set()

    def _apply(self, settings: VoiceSettings) -> None:
        dll = self._lib.dll
        if settings.voice != self._lib.voice:
            if dll.espeak_SetVoiceByName(settings.voice.encode() or b"en") != 0:
                raise EngineUnavailable(f"eSpeak NG has no voice called {settings.voice!r}")
            self._lib.voice = settings.voice
        dll.espeak_SetParameter(_RATE, espeak_rate(settings.rate), 0)
        dll.espeak_SetParameter(_PITCH, settings.pitch, 0)
        dll.espeak_SetParameter(_VOLUME, settings.volume, 0)


class _Progress:
    """Receives eSpeak's callbacks for one utterance and turns them into chunks."""

    def __init__(self, on_chunk: ChunkCallback, aborted: threading.Event) -> None:
        self.on_chunk = on_chunk
        self.aborted = aborted
        self.stopped = False
        self.samples = 0
        self.error: BaseException | None = None

    def receive(self, wav: ctypes._Pointer[ctypes.c_short], count: int, events: object) -> int:
        if self.stopped or self.aborted.is_set():
            self.stopped = True
            return _ABORT
        marks = self._marks(events)
        pcm = ctypes.string_at(wav, count * SAMPLE_WIDTH) if count > 0 and wav else b""
        try:
            self.stopped = not self._deliver(pcm, marks)
        except BaseException as error:  # ctypes would print and swallow it; raise it later
            self.error, self.stopped = error, True
        self.samples += count
        return _ABORT if self.stopped else _CONTINUE

    def _deliver(self, pcm: bytes, marks: tuple[WordMark, ...]) -> bool:
        """eSpeak hands over at least 60 ms at a time; pass it on in 20 ms chunks, so a
        stop lets at most 20 ms through. Marks go with the piece they start in."""
        if not pcm:
            return not marks or self.on_chunk(Chunk(b"", marks))
        for chunk in split_pcm(pcm, marks, chunk_size(_library().sample_rate), self.samples):
            if self.aborted.is_set() or not self.on_chunk(chunk):
                return False
        return not self.aborted.is_set()

    def _marks(self, events: object) -> tuple[WordMark, ...]:
        marks: list[WordMark] = []
        index = 0
        while events[index].type != _EVENT_LIST_TERMINATED:  # type: ignore[index]
            event = events[index]  # type: ignore[index]
            if event.type == _EVENT_WORD:
                # audio_position is in whole milliseconds: it can fall a few samples
                # before the buffer eSpeak reports it with, where it really starts.
                sample = max(self.samples, event.audio_position * _library().sample_rate // 1000)
                marks.append(WordMark(event.text_position - 1, event.length, sample))
            index += 1
        return tuple(marks)
