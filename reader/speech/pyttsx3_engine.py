"""pyttsx3 (SAPI5, NSSpeechSynthesizer or eSpeak), run in a worker process stopped by killing it.

pyttsx3 cannot be stopped in-process (its `stop()` waits for the utterance to end), prints
on stdout and crashes on very long text. So it runs in `pyttsx3_worker`, a pre-warmed
child process with a standby beside it: to stop, the active worker's process group is
killed and the standby takes over while a new standby starts. Long texts are sent in
pieces of at most `PIECE_CHARS`, and the next piece is requested while the current one
is delivered, in 20 ms chunks so a stop takes effect within one chunk.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import weakref
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import reader
from reader.speech.engine import (
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
from reader.speech.process_group import kill_group, own_group
from reader.speech.pyttsx3_worker import (
    Audio,
    Failure,
    Ready,
    audio_path,
    encode_request,
    read_message,
)

# pyttsx3 renders into a buffer that is copied on every append, so time grows with the
# square of the length (measured: 0.08 s for 1,000 characters, 0.6 s for 4,000, 2.3 s
# for 8,000, and a crash past about 18,000). 1,000 keeps the first audio of any text
# under 0.1 s; the planner's sentences (at most 600 characters) are never cut.
PIECE_CHARS = 1000
START_TIMEOUT = 10.0  # seconds for a worker to load pyttsx3 and speak its warm-up
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+|\n")
_SPACE = re.compile(r"\s")


class _WorkerGone(Exception):
    """The worker's pipe closed: it was killed, or it crashed."""


@dataclass(frozen=True)
class Piece:
    """Part of a long text, sent to the worker as one request."""

    start: int
    text: str


def split_text(text: str, limit: int = PIECE_CHARS) -> list[Piece]:
    """Pieces of at most `limit` characters, cut after a sentence, else at a space."""
    pieces: list[Piece] = []
    start = 0
    while len(text) - start > limit:
        cut = start + _cut(text[start : start + limit])
        pieces.append(Piece(start, text[start:cut]))
        start = cut
    pieces.append(Piece(start, text[start:]))
    return [piece for piece in pieces if piece.text.strip()]


def _cut(window: str) -> int:
    """After the last sentence end, else after the last space, else anywhere."""
    ends = [match.end() for match in _SENTENCE_END.finditer(window)]
    if ends:
        return ends[-1]
    spaces = [match.end() for match in _SPACE.finditer(window)]
    return spaces[-1] if spaces else len(window)


def chunks(audio: Audio, size: int, start: int = 0, sample: int = 0) -> Iterator[Chunk]:
    """The audio in chunks of `size` samples, each with the marks that start in it;
    marks move by `start` characters and `sample` samples (where the piece begins)."""
    moved = [WordMark(m.start + start, m.length, m.sample + sample) for m in audio.marks]
    return split_pcm(audio.pcm, moved, size, sample)


class _Worker:
    """One worker process, from start to kill."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        group = own_group()  # killed as one; Ctrl+C at the terminal reaches reader alone
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reader.speech.pyttsx3_worker", str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_worker_environment(),
            start_new_session=group.start_new_session,
            creationflags=group.creationflags,
        )
        self._greeting: Ready | None = None
        self._timed_out = False

    def ready(self) -> Ready:
        """The worker's greeting, waited for once (at most START_TIMEOUT)."""
        if self._greeting is None:
            self._greeting = self._await_greeting()
        return self._greeting

    def request(self, text: str, settings: VoiceSettings) -> None:
        """Ask for one piece of speech."""
        assert self.process.stdin
        try:
            self.process.stdin.write(encode_request(text, settings))
            self.process.stdin.flush()
        except (BrokenPipeError, ValueError) as error:  # ValueError: pipe closed by end()
            raise _WorkerGone(self._status()) from error

    def audio(self) -> Audio:
        """The answer to the oldest request."""
        message = self._receive()
        if isinstance(message, Failure):
            raise EngineUnavailable(message.message)
        if not isinstance(message, Audio):
            raise _WorkerGone(f"unexpected {type(message).__name__}")
        return message

    def kill(self) -> None:
        """Kill the worker's process group at once; safe from any thread, and repeatable."""
        if self.process.returncode is None:  # else its pid may be another process's now
            kill_group(self.process)

    def end(self) -> None:
        """Kill, reap, close the pipes and remove the file a killed worker leaves."""
        self.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe:
                with suppress(OSError):
                    pipe.close()
        audio_path(self.folder, self.process.pid).unlink(missing_ok=True)

    def _await_greeting(self) -> Ready:
        watchdog = threading.Timer(START_TIMEOUT, self._time_out)
        watchdog.start()
        try:
            message = self._receive()
        finally:
            watchdog.cancel()
        if isinstance(message, Failure):
            raise EngineUnavailable(f"pyttsx3 cannot run here: {message.message}")
        if not isinstance(message, Ready):
            raise _WorkerGone(f"unexpected {type(message).__name__}")
        return message

    def _time_out(self) -> None:
        self._timed_out = True
        self.kill()

    def _receive(self) -> Ready | Audio | Failure:
        assert self.process.stdout
        try:
            message = read_message(self.process.stdout)
        except ValueError as error:  # a closed pipe, or a garbled line
            raise _WorkerGone(self._status()) from error
        if message is None:
            raise _WorkerGone(self._status())
        return message

    def _status(self) -> str:
        if self._timed_out:
            return f"it did not start within {START_TIMEOUT:.0f} s"
        try:
            return f"exit code {self.process.wait(timeout=1)}"
        except subprocess.TimeoutExpired:
            return "its output ended"


def _worker_environment() -> dict[str, str]:
    """Our environment, with this `reader` package first on the worker's path."""
    environment = dict(os.environ)
    root = str(Path(reader.__file__).resolve().parent.parent)
    paths = [root, *filter(None, environment.get("PYTHONPATH", "").split(os.pathsep))]
    environment["PYTHONPATH"] = os.pathsep.join(paths)
    return environment


class _Workers:
    """The active worker and its standby, and the folder they write in."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="reader-pyttsx3-"))
        self._lock = threading.Lock()
        self.active = _Worker(self.folder)
        self._standby: _Worker | None = None
        self._closed = False

    def start_standby(self) -> None:
        """Start the worker that takes over after a stop (it warms up on its own)."""
        with self._lock:
            if not self._closed and self._standby is None:
                self._standby = _Worker(self.folder)

    def replace_active(self) -> None:
        """End the active worker; the standby takes its place and a new standby starts."""
        with self._lock:
            if self._closed:
                return
            retired = self.active
            self.active = self._standby or _Worker(self.folder)
            self._standby = None
        retired.end()
        self.start_standby()

    def close(self) -> None:
        """End both workers and remove the folder."""
        with self._lock:
            self._closed = True
            workers = [self.active, self._standby]
            self._standby = None
        for worker in workers:
            if worker:
                worker.end()
        shutil.rmtree(self.folder, ignore_errors=True)


class Pyttsx3Engine(Engine):
    """pyttsx3 in a worker process, stopped at once by killing it."""

    name = "pyttsx3"

    def __init__(self) -> None:
        self._workers = _Workers()
        # Removes the folder and ends the workers even if close() is never called.
        self._close = weakref.finalize(self, self._workers.close)
        try:
            self._ready = self._workers.active.ready()
        except _WorkerGone as gone:
            self._close()
            raise EngineUnavailable(f"pyttsx3 could not start ({gone})") from None
        except EngineUnavailable:
            self._close()
            raise
        self._workers.start_standby()
        self._settings = VoiceSettings()
        self._lock = threading.Lock()
        self._speaking = False
        self._aborted = threading.Event()

    @property
    def sample_rate(self) -> int:
        return self._ready.sample_rate

    def describe(self) -> str:
        return f"pyttsx3: {self._ready.synthesizer} (worker process)"

    def voices(self) -> list[Voice]:
        return list(self._ready.voices)

    def voice_for(self, language: str) -> str:
        for voice in self.voices():
            if voice.language == language or voice.language.startswith(f"{language}-"):
                return voice.id
        return ""

    def configure(self, settings: VoiceSettings) -> None:
        self._settings = settings

    def synthesize(self, text: str, on_chunk: ChunkCallback) -> bool:
        with self._lock:
            self._aborted.clear()
            self._speaking = True
        finished = False
        try:
            finished = self._deliver(text, on_chunk)
        except _WorkerGone as gone:
            if not self._aborted.is_set():
                raise EngineUnavailable(f"pyttsx3 stopped unexpectedly ({gone})") from None
        finally:
            finished = self._settle(finished)
        return finished

    def abort(self) -> None:
        with self._lock:
            if self._speaking:
                self._aborted.set()
                self._workers.active.kill()

    def close(self) -> None:
        self._close()

    def _deliver(self, text: str, on_chunk: ChunkCallback) -> bool:
        """Request each piece before delivering the one before it, so the worker
        synthesises while the listener hears."""
        pieces = split_text(text)
        worker = self._workers.active
        worker.ready()
        if pieces:
            worker.request(pieces[0].text, self._settings)
        sample = 0
        size = chunk_size(self.sample_rate)
        for index, piece in enumerate(pieces):
            audio = worker.audio()
            if not audio.pcm and piece.text.strip():
                # A newly promoted worker now and then answers its first request with no
                # audio at all (pyttsx3 cancelled it); asking once more gets the speech.
                worker.request(piece.text, self._settings)
                audio = worker.audio()
            if index + 1 < len(pieces):
                worker.request(pieces[index + 1].text, self._settings)
            for chunk in chunks(audio, size, piece.start, sample):
                if self._aborted.is_set() or not on_chunk(chunk):
                    return False
            sample += len(audio.pcm) // SAMPLE_WIDTH
        return not self._aborted.is_set()

    def _settle(self, finished: bool) -> bool:
        """After an utterance: a worker that was stopped, or is mid-request, is replaced."""
        with self._lock:
            self._speaking = False
        aborted = self._aborted.is_set()
        if aborted or not finished:
            self._workers.replace_active()
        return finished and not aborted
