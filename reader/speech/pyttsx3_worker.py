"""The pyttsx3 worker process, and the small protocol it speaks with `Pyttsx3Engine`.

Run as `python -m reader.speech.pyttsx3_worker TEMPDIR`. Requests arrive on stdin, one
JSON line each. Answers go out on the process's original stdout: a JSON line, followed
for audio by the raw 16-bit PCM it announces. Before anything else the worker points fds
1 and 2 at the null device, so whatever pyttsx3 or the C libraries print ("Audio saved
to …") can neither reach the terminal nor corrupt the protocol.

pyttsx3 is only ever asked to `save_to_file` (never `say`, which would try to play
through `aplay`), into a file of TEMPDIR named after the worker's pid, which the worker
deletes once read. The parent kills workers to stop them, and removes what they leave.
"""

from __future__ import annotations

import collections
import ctypes
import io
import json
import os
import sys
import threading
import time
import wave
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from reader.speech.aiff import AiffError, is_aiff, read_aiff
from reader.speech.engine import SAMPLE_WIDTH, Voice, VoiceSettings, WordMark
from reader.speech.espeak_library import load_espeak
from reader.speech.pace import espeak_rate

WARM_UP = "Ready."
_FINISH_TIMEOUT = 60.0  # seconds; a 1000-character request takes about 0.1 s
_SETTLE_TIMEOUT = 1.0  # seconds; eSpeak applies settings in well under a millisecond
_SYNTHESIZERS = {"espeak": "eSpeak NG", "sapi5": "SAPI5", "nsss": "NSSpeechSynthesizer"}
# NSSpeechSynthesizer writes in the background, and says when it is done; SAPI5 writes
# before runAndWait returns; eSpeak is watched by `EspeakTap`.
_REPORTS_FINISH = frozenset({"espeak", "nsss"})
_EVENT_LIST_TERMINATED = 0
_EVENT_WORD = 1
_EVENT_MSG_TERMINATED = 6


@dataclass(frozen=True)
class Ready:
    """The worker is up: its audio format, what it runs and the voices it offers."""

    sample_rate: int
    synthesizer: str
    voices: tuple[Voice, ...]


@dataclass(frozen=True)
class Audio:
    """One request spoken: its PCM and word marks (samples from the request's start)."""

    pcm: bytes
    marks: tuple[WordMark, ...]


@dataclass(frozen=True)
class Failure:
    """The worker could not start, or could not speak a request; the message says why."""

    message: str


Message = Ready | Audio | Failure


def audio_path(folder: Path, pid: int) -> Path:
    """The one file a worker writes, so the parent can remove it after a kill."""
    return folder / f"worker-{pid}.wav"


def encode_request(text: str, settings: VoiceSettings) -> bytes:
    """A request as the JSON line the worker reads."""
    return json.dumps({"text": text, **asdict(settings)}).encode() + b"\n"


def decode_request(line: bytes) -> tuple[str, VoiceSettings]:
    """The text and settings of a request line."""
    fields = json.loads(line)
    text = str(fields.pop("text"))
    return text, VoiceSettings(**fields)


def write_message(stream: IO[bytes], message: Message) -> None:
    """Send one message: a JSON line, then the PCM of an Audio."""
    pcm = b""
    header: dict[str, Any]
    if isinstance(message, Ready):
        voices = [[voice.id, voice.name, voice.language] for voice in message.voices]
        header = {"kind": "ready", "sample_rate": message.sample_rate, "voices": voices}
        header["synthesizer"] = message.synthesizer
    elif isinstance(message, Audio):
        pcm = message.pcm
        marks = [[mark.start, mark.length, mark.sample] for mark in message.marks]
        header = {"kind": "audio", "marks": marks, "bytes": len(pcm)}
    else:
        header = {"kind": "failure", "message": message.message}
    stream.write(json.dumps(header).encode() + b"\n" + pcm)
    stream.flush()


def read_message(stream: IO[bytes]) -> Message | None:
    """The next message, or None once the worker has gone."""
    line = stream.readline()
    if not line.endswith(b"\n"):
        return None
    header = json.loads(line)
    if header["kind"] == "ready":
        voices = tuple(Voice(*voice) for voice in header["voices"])
        return Ready(int(header["sample_rate"]), str(header["synthesizer"]), voices)
    if header["kind"] == "audio":
        pcm = stream.read(int(header["bytes"]))
        if len(pcm) < header["bytes"]:
            return None
        return Audio(pcm, tuple(WordMark(*mark) for mark in header["marks"]))
    return Failure(str(header["message"]))


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
        while events[index].type != _EVENT_LIST_TERMINATED:
            if events[index].type == _EVENT_WORD:
                self._positions.append(events[index].audio_position)
            last = last or events[index].type == _EVENT_MSG_TERMINATED
            index += 1
        answer = int(self._on_synth(wav, count, events))
        if last:
            self.finished.set()
        return answer


def _espeak_tap(engine: Any) -> EspeakTap | None:
    """The tap, or None if this pyttsx3 is built differently."""
    try:
        from pyttsx3.drivers import _espeak

        return EspeakTap(_espeak, engine.proxy._driver)
    except (ImportError, AttributeError):
        return None


class Speaker:
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
        self._tap = _espeak_tap(self._engine) if self.driver == "espeak" else None
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
        if self.driver == "espeak":
            name = f"{name} {_espeak_version()}"
        return f"{name} through pyttsx3 {metadata.version('pyttsx3')}"

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


def _espeak_version() -> str:
    info = load_espeak().dll.espeak_Info
    info.restype = ctypes.c_char_p
    return bytes(info(None) or b"").decode(errors="replace")


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _protocol_stream() -> IO[bytes]:
    """Keep the original stdout for the protocol; send fds 1 and 2 to the null device."""
    protocol = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)
    return os.fdopen(protocol, "wb")


def serve(folder: Path, requests: IO[bytes], answers: IO[bytes]) -> None:
    """Start pyttsx3, say whether it is ready, then answer requests until stdin closes."""
    try:
        speaker = Speaker(folder)
    except Exception as error:  # whatever pyttsx3 or its driver raise, it cannot run here
        write_message(answers, Failure(_one_line(error)))
        return
    greeting = speaker.ready()
    write_message(answers, greeting)
    if isinstance(greeting, Failure):
        return
    for line in requests:
        try:
            answer = speaker.speak(*decode_request(line))
        except Exception as error:  # one bad request must not end the worker
            answer = Failure(_one_line(error))
        write_message(answers, answer)


def main() -> None:
    """The worker's entry point: `python -m reader.speech.pyttsx3_worker TEMPDIR`."""
    answers = _protocol_stream()
    try:
        serve(Path(sys.argv[1]), sys.stdin.buffer, answers)
    finally:
        # Skip interpreter shutdown: pyttsx3's eSpeak driver cannot be torn down cleanly,
        # and a parent that went away leaves nothing to report to.
        os._exit(0)


if __name__ == "__main__":
    main()
