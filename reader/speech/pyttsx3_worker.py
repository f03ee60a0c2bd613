"""The pyttsx3 worker process: one pyttsx3 engine, answering requests for speech.

Run as `python -m reader.speech.pyttsx3_worker TEMPDIR`. Requests arrive on stdin and
answers go out on the process's original stdout, as `pyttsx3_wire` frames them. Before
anything else the worker points fds 1 and 2 at the null device, so whatever pyttsx3 or
the C libraries print ("Audio saved to …") can neither reach the terminal nor corrupt
the answers.

pyttsx3 is only ever asked to `save_to_file` (never `say`, which would try to play
through `aplay`), into a file of TEMPDIR named after the worker's pid, which the worker
deletes once read. The parent kills workers to stop them, and removes what they leave.
"""

from __future__ import annotations

import io
import os
import sys
import threading
import wave
from pathlib import Path
from typing import IO, Any

from reader.speech.aiff import AiffError, is_aiff, read_aiff
from reader.speech.engine import SAMPLE_WIDTH, Voice, VoiceSettings
from reader.speech.espeak_binding import espeak_version
from reader.speech.espeak_library import load_espeak
from reader.speech.pace import espeak_rate
from reader.speech.pyttsx3_wire import (
    Audio,
    Failure,
    Ready,
    audio_path,
    decode_request,
    write_message,
)
from reader.speech.pyttsx3_words import Heard, espeak_tap, place_marks

WARM_UP = "Ready."
_FINISH_TIMEOUT = 60.0  # seconds; a 1000-character request takes about 0.1 s
_SYNTHESIZERS = {"espeak": "eSpeak NG", "sapi5": "SAPI5", "nsss": "NSSpeechSynthesizer"}
# NSSpeechSynthesizer writes in the background, and says when it is done; SAPI5 writes
# before runAndWait returns; eSpeak is watched by `EspeakTap`.
_REPORTS_FINISH = frozenset({"espeak", "nsss"})


class Renderer:
    """One pyttsx3 engine, speaking requests into a file and reading it back."""

    def __init__(self, folder: Path) -> None:
        if sys.platform not in ("win32", "darwin"):
            load_espeak()  # pyttsx3 uses eSpeak here, and finds it only if loaded first
        import pyttsx3

        self._engine: Any = pyttsx3.init()
        self.driver = str(self._engine.driver_name)
        self._path = audio_path(folder, os.getpid())
        self._words: list[Heard] = []
        self._errors: list[str] = []
        self._tap = espeak_tap(self._engine) if self.driver == "espeak" else None
        self._finished = self._tap.finished if self._tap else threading.Event()
        self._default_voice = str(self._engine.getProperty("voice") or "")
        self._voices = tuple(_voice(voice) for voice in self._engine.getProperty("voices"))
        self._applied: VoiceSettings | None = None
        self._engine.connect("started-word", self._on_word)
        if self._tap is None:
            self._engine.connect("finished-utterance", self._on_finished)
        self._engine.connect("error", self._on_error)
        # pyttsx3 starts out 'busy' and would queue settings until its loop runs, then
        # cancel them with the loop's first step; one empty loop leaves it idle.
        self._engine.runAndWait()

    def ready(self) -> Ready | Failure:
        """Speak once, to warm up and to learn the audio format, and say so."""
        rendered = self._render(WARM_UP, VoiceSettings())
        if isinstance(rendered, Failure):
            return rendered
        return Ready(rendered[1], self._synthesizer(), self._voices)

    def speak(self, text: str, settings: VoiceSettings) -> Audio | Failure:
        """The PCM and word marks of one request."""
        rendered = self._render(text, settings)
        if isinstance(rendered, Failure):
            return rendered
        pcm, sample_rate = rendered
        words = place_marks(self._words, len(text), len(pcm) // SAMPLE_WIDTH, sample_rate)
        return Audio(pcm, words)

    def _render(self, text: str, settings: VoiceSettings) -> tuple[bytes, int] | Failure:
        """Have pyttsx3 write `text` to our file, and read it back."""
        problem = self._apply(settings)
        if problem:
            return Failure(problem)
        self._words.clear()
        self._errors.clear()
        self._finished.clear()
        if self._tap:
            self._tap.reset()
            self._tap.settle()
        self._engine.save_to_file(text, str(self._path))
        self._engine.runAndWait()
        # runAndWait may return as soon as eSpeak has started; the file is written at the end.
        if self.driver in _REPORTS_FINISH and not self._finished.wait(_FINISH_TIMEOUT):
            return Failure("pyttsx3 did not finish speaking")
        if self._errors:
            return Failure(self._errors[0])
        try:
            return read_pcm(self._path)
        except (OSError, EOFError, wave.Error, AiffError) as error:
            return Failure(f"pyttsx3 wrote no audio this reader can use ({error})")
        finally:
            self._path.unlink(missing_ok=True)

    def _apply(self, settings: VoiceSettings) -> str:
        """Set the driver's properties for these settings; a problem, or ''."""
        if settings == self._applied:
            return ""
        voice = settings.voice or self._default_voice
        if settings.voice and settings.voice not in {known.id for known in self._voices}:
            return f"pyttsx3 has no voice called {settings.voice!r}"
        self._engine.setProperty("voice", voice)
        espeak = self.driver == "espeak"
        self._engine.setProperty("rate", espeak_rate(settings.rate) if espeak else settings.rate)
        self._engine.setProperty("volume", settings.volume / 100)
        if espeak:  # the other drivers print that they cannot change pitch
            self._engine.setProperty("pitch", settings.pitch)
        self._applied = settings
        return ""

    def _synthesizer(self) -> str:
        name = _SYNTHESIZERS.get(self.driver, self.driver)
        return f"{name} {espeak_version(load_espeak().dll)}" if self.driver == "espeak" else name

    def _on_word(self, location: int, length: int, **_: object) -> None:
        # eSpeak counts characters from 1; SAPI5 and NSSpeechSynthesizer from 0.
        start = location - 1 if self.driver == "espeak" else location
        milliseconds = self._tap.next_word() if self._tap else None
        self._words.append(Heard(start, length, milliseconds))

    def _on_finished(self, **_: object) -> None:
        self._finished.set()

    def _on_error(self, exception: BaseException, **_: object) -> None:
        self._errors.append(_one_line(exception))


def read_pcm(path: Path) -> tuple[bytes, int]:
    """The samples and sample rate of a 16-bit mono WAV file, or of an AIFF file, which
    NSSpeechSynthesizer writes on macOS whatever the file is called."""
    data = path.read_bytes()
    if is_aiff(data):
        return read_aiff(data)
    with wave.open(io.BytesIO(data), "rb") as wav:
        if wav.getsampwidth() != SAMPLE_WIDTH or wav.getnchannels() != 1:
            raise wave.Error(f"{wav.getnchannels()} channels of {8 * wav.getsampwidth()} bits")
        return wav.readframes(wav.getnframes()), wav.getframerate()


def _voice(voice: Any) -> Voice:
    languages = list(voice.languages or [""])
    return Voice(str(voice.id), str(voice.name or voice.id), str(languages[0] or ""))


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _answer_stream() -> IO[bytes]:
    """Keep the original stdout for the answers; send fds 1 and 2 to the null device."""
    protocol = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)
    return os.fdopen(protocol, "wb")


def serve(folder: Path, requests: IO[bytes], answers: IO[bytes]) -> None:
    """Start pyttsx3, say whether it is ready, then answer requests until stdin closes."""
    try:
        renderer = Renderer(folder)
    except Exception as error:  # whatever pyttsx3 or its driver raise, it cannot run here
        write_message(answers, Failure(_one_line(error)))
        return
    greeting = renderer.ready()
    write_message(answers, greeting)
    if isinstance(greeting, Failure):
        return
    for line in requests:
        try:
            answer = renderer.speak(*decode_request(line))
        except Exception as error:  # one bad request must not end the worker
            answer = Failure(_one_line(error))
        write_message(answers, answer)


def main() -> None:
    """The worker's entry point: `python -m reader.speech.pyttsx3_worker TEMPDIR`."""
    answers = _answer_stream()
    try:
        serve(Path(sys.argv[1]), sys.stdin.buffer, answers)
    finally:
        # Skip interpreter shutdown: pyttsx3's eSpeak driver cannot be torn down cleanly,
        # and a parent that went away leaves nothing to report to.
        os._exit(0)


if __name__ == "__main__":
    main()
