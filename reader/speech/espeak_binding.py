"""libespeak-ng's C interface through ctypes, set up once per process: its structures and
calls, and whether it has libsonic.

eSpeak runs synchronously here: `espeak_Synth` calls back with about 20 ms of audio at a
time, and returns when the text is spoken or the callback has answered ABORT.
"""

from __future__ import annotations

import ctypes
import threading
from functools import cache

from reader.speech.engine import EngineUnavailable, Voice
from reader.speech.espeak_library import EspeakLibrary, load_espeak
from reader.speech.pace import FASTEST_NATIVE

EVENT_LIST_TERMINATED = 0
EVENT_WORD = 1
EVENT_MSG_TERMINATED = 6
CONTINUE, ABORT = 0, 1  # what a synth callback answers
_SYNCHRONOUS = 2
_DONT_EXIT = 0x8000  # a failed initialisation must not end our process
_CHARS_UTF8 = 1
_ENDPAUSE = 0x1000
_RATE, _VOLUME, _PITCH = 1, 2, 3
# Audio per callback. Each callback costs Python time, and a stop is still quick: the
# chunks passed on are split finer (reader.speech.engine.CHUNK_MS), and 400 ms of audio
# takes eSpeak well under a millisecond to make. 400 against eSpeak's usual 60 made
# exports 9% faster.
_BUFFER_MS = 400
# A phrase spoken at 449 and at 900 wpm tells whether eSpeak has libsonic: with it the
# second is about 45% shorter; without it eSpeak speaks it at 450 wpm, no shorter.
_PROBE = b"The quick brown fox jumps over the lazy dog."
_PROBE_RATE = 900
_SONIC_SHORTER = 0.85


class EspeakEvent(ctypes.Structure):
    """One of the events a synth callback receives, ended by EVENT_LIST_TERMINATED."""

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


# int callback(short *wav, int count, espeak_EVENT *events): CONTINUE or ABORT
SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(EspeakEvent)
)


def espeak_version(dll: ctypes.CDLL) -> str:
    """The version the library reports, such as '1.52.0'."""
    info = dll.espeak_Info
    info.restype = ctypes.c_char_p
    return bytes(info(None) or b"").decode(errors="replace")


class EspeakBinding:
    """The process-wide eSpeak state: one initialisation, and one caller at a time, who
    holds `lock` while setting up and speaking."""

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
        path = library.data_path.encode() if library.data_path else None
        self.sample_rate: int = dll.espeak_Initialize(_SYNCHRONOUS, _BUFFER_MS, path, _DONT_EXIT)
        if self.sample_rate <= 0:
            raise EngineUnavailable("eSpeak NG could not start (its voice data was not found)")
        self.version = espeak_version(dll)
        self.lock = threading.Lock()
        self._voice = ""
        self._sonic: bool | None = None

    def voices(self) -> list[Voice]:
        """The voices eSpeak lists."""
        found: list[Voice] = []
        listed = self.dll.espeak_ListVoices(None)
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

    def use_voice(self, voice: str) -> None:
        """Speak with `voice` ('' for English) from now on."""
        if voice != self._voice:
            if self.dll.espeak_SetVoiceByName(voice.encode() or b"en") != 0:
                raise EngineUnavailable(f"eSpeak NG has no voice called {voice!r}")
            self._voice = voice

    def set_parameters(self, rate: int, pitch: int, volume: int) -> None:
        """eSpeak's own rate (words per minute), pitch and volume, from now on."""
        self.dll.espeak_SetParameter(_RATE, rate, 0)
        self.dll.espeak_SetParameter(_PITCH, pitch, 0)
        self.dll.espeak_SetParameter(_VOLUME, volume, 0)

    def synthesize(self, text: bytes, callback: ctypes._CFunctionType) -> None:
        """Speak UTF-8 `text` through `callback` (a SynthCallback), returning when done."""
        self.dll.espeak_SetSynthCallback(callback)
        self.dll.espeak_Synth(text, len(text) + 1, 0, 0, 0, _CHARS_UTF8 | _ENDPAUSE, None, None)

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
            return CONTINUE

        self.dll.espeak_SetParameter(_RATE, rate, 0)
        self.synthesize(_PROBE, SynthCallback(count))
        return samples[0]


@cache
def espeak_binding() -> EspeakBinding:
    """The one binding of this process, initialised on first use."""
    return EspeakBinding(load_espeak())
