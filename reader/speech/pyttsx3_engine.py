"""pyttsx3 (SAPI5, NSSpeechSynthesizer or eSpeak), run in a worker process stopped by killing it.

pyttsx3 cannot be stopped in-process (its `stop()` waits for the utterance to end), prints
on stdout and crashes on very long text. So it runs in `pyttsx3_worker`, a pre-warmed
child process with a standby beside it (`pyttsx3_process`): to stop, the active worker's
process group is killed and the standby takes over while a new standby starts. Long texts
are sent in pieces of at most `PIECE_CHARS`, and the next piece is requested while the
current one is delivered, in 20 ms chunks so a stop takes effect within one chunk."""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Iterator
from dataclasses import dataclass

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
    voice_for_language,
)
from reader.speech.pyttsx3_process import WorkerGone, Workers
from reader.speech.pyttsx3_wire import Audio

# pyttsx3 renders into a buffer that is copied on every append, so time grows with the
# square of the length (measured: 0.08 s for 1,000 characters, 0.6 s for 4,000, 2.3 s
# for 8,000, and a crash past about 18,000). 1,000 keeps the first audio of any text
# under 0.1 s; the planner's sentences (at most 600 characters) are never cut.
PIECE_CHARS = 1000
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+|\n")
_SPACE = re.compile(r"\s")


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


class Pyttsx3Engine(Engine):
    """pyttsx3 in a worker process, stopped at once by killing it."""

    name = "pyttsx3"

    def __init__(self) -> None:
        self._workers = Workers()
        # Removes the folder and ends the workers even if close() is never called.
        self._close = weakref.finalize(self, self._workers.close)
        try:
            self._ready = self._workers.active.ready()
        except WorkerGone as gone:
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
        # Asked here, not in the worker: importlib.metadata would add about 20 ms to
        # every worker's start.
        from importlib import metadata

        version = metadata.version("pyttsx3")
        return f"pyttsx3: {self._ready.synthesizer} through pyttsx3 {version} (worker process)"

    def voices(self) -> list[Voice]:
        return list(self._ready.voices)

    def voice_for(self, language: str) -> str:
        return voice_for_language(self.voices(), language)

    def configure(self, settings: VoiceSettings) -> None:
        self._settings = settings

    def synthesize(self, text: str, on_chunk: ChunkCallback) -> bool:
        with self._lock:
            self._aborted.clear()
            self._speaking = True
        finished = False
        try:
            finished = self._deliver(text, on_chunk)
        except WorkerGone as gone:
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
