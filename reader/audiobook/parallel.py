"""Speaking reviews for export in worker processes, several at once, handed back in order.

Each worker holds its own engine and session, made once, and speaks one whole review at
a time into memory, exactly as the export's own session would: the same profile,
spoiler mode, verbosity and cues, then the end-of-review cue. It hands back the PCM and
where each section starts in it. The main process writes the reviews strictly in order,
with at most WINDOW_PER_JOB reviews per worker asked for ahead, so memory stays flat
however many reviews there are.

The words and their order are those of one process; the bytes need not be. eSpeak's
pitch flutter runs on from one utterance to the next (state inside its library that
nothing resets), so a review spoken after other reviews can come out a few milliseconds
longer or shorter (about 0.03% of its length was measured).

Workers are started with `spawn` on every platform, so a run is the same on Linux,
macOS and Windows. They ignore Ctrl-C: the main process terminates them at once when
it stops, for whatever reason.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import TYPE_CHECKING

from reader.audiobook.chapters import SectionStart
from reader.model import Document
from reader.plan.cues import Listening
from reader.session.session import Session
from reader.session.through import read_through
from reader.speech.engine import EngineUnavailable
from reader.speech.engines import create_engine
from reader.speech.profiles import VoiceProfile
from reader.speech.sinks import RecordingSink, SinkError

# What `Pipe()` gives: a socket pair here, a named pipe on Windows (the type checkers know).
if TYPE_CHECKING and sys.platform == "win32":
    from multiprocessing.connection import PipeConnection as Channel
else:
    Channel = Connection

WINDOW_PER_JOB = 2  # reviews asked for ahead per worker: enough to keep it busy
PARALLEL_ENGINES = frozenset({"espeak"})  # engines that run inside the worker itself


@dataclass(frozen=True)
class Speaker:
    """What a worker needs to speak as the export would: all of it picklable (an engine
    is not, so it goes by name)."""

    engine: str
    profile: VoiceProfile
    skip_spoilers: bool
    listening: Listening


@dataclass(frozen=True)
class Spoken:
    """One review as spoken: its PCM, and where each section starts, in samples from
    the review's own start."""

    pcm: bytes
    sample_rate: int
    starts: tuple[SectionStart, ...]


def in_workers(
    documents: Iterable[Document], speaker: Speaker, jobs: int
) -> Generator[tuple[Document, Spoken]]:
    """Each document with its speech, in order, spoken by `jobs` workers; closing this
    generator (or its end) ends them."""
    with SpeakingPool(speaker, jobs) as pool:
        yield from pool.in_order(documents)


class SpeakingPool:
    """Worker processes speaking reviews; used as a context manager, which ends them at
    once (terminated, nothing left running) however the block ends.

    Each worker has a pipe of its own and at most one review at a time, so neither side
    ever waits to send while the other does; no thread of this process reads for it, so
    ending a worker mid-send can leave nothing stuck.
    """

    def __init__(self, speaker: Speaker, jobs: int) -> None:
        context = multiprocessing.get_context("spawn")
        self._workers: list[_Remote] = []
        for _ in range(jobs):
            mine, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs, speaker), daemon=True)
            process.start()
            theirs.close()  # a worker that dies then reads as the end of its pipe
            self._workers.append(_Remote(process, mine))

    def __enter__(self) -> SpeakingPool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for worker in self._workers:
            worker.process.terminate()
        for worker in self._workers:
            worker.process.join()
            worker.connection.close()

    def in_order(self, documents: Iterable[Document]) -> Iterator[tuple[Document, Spoken]]:
        """Each document with its speech, in the order given; a worker's failure is
        raised here. At most WINDOW_PER_JOB reviews per worker are asked for past the
        one written next, so what waits in memory stays bounded."""
        upcoming = enumerate(documents)
        asked: dict[int, Document] = {}  # until handed back
        done: dict[int, Spoken] = {}
        written = 0  # the index of the next document to hand back
        window = len(self._workers) * WINDOW_PER_JOB
        while True:
            for worker in self._workers:
                free = worker.index is None and len(asked) < window
                found = next(upcoming, None) if free else None
                if found is not None:
                    worker.ask(*found)
                    asked[found[0]] = found[1]
            if not asked:
                return
            if written in done:
                yield asked.pop(written), done.pop(written)
                written += 1
            else:
                index, spoken = _answer(self._workers)
                done[index] = spoken


@dataclass
class _Remote:
    """A worker process, its end of the pipe, and the review it is speaking."""

    process: BaseProcess
    connection: Channel
    index: int | None = None

    def ask(self, index: int, document: Document) -> None:
        self.connection.send(document)
        self.index = index


def _answer(workers: list[_Remote]) -> tuple[int, Spoken]:
    """The next review any busy worker finishes (which, and its speech)."""
    busy = [worker for worker in workers if worker.index is not None]
    ready = wait([worker.connection for worker in busy])
    worker = next(worker for worker in busy if worker.connection in ready)
    index, worker.index = worker.index, None
    assert index is not None
    try:
        answer = worker.connection.recv()
    except (EOFError, OSError) as error:  # killed from outside, or out of memory
        raise SinkError("a speech process stopped unexpectedly") from error
    if isinstance(answer, _Failed):
        raise SinkError(answer.message)
    assert isinstance(answer, Spoken)
    return index, answer


@dataclass(frozen=True)
class _Failed:
    """A worker could not speak a review; the message says why."""

    message: str


class _Worker:
    """One worker's session, speaking into memory."""

    def __init__(self, speaker: Speaker) -> None:
        # Imported here: the export module imports this one.
        from reader.export import Exporter

        self.sink = RecordingSink()
        engine = create_engine(speaker.engine)
        self.session = Session(
            engine,
            self.sink,
            speaker.profile,
            speaker.skip_spoilers,
            verbosity=speaker.listening.verbosity,
            cues=speaker.listening.cues,
        )
        self.exporter = Exporter(self.sink, None)
        self.session.subscribe(self.exporter.heard)

    def speak(self, document: Document) -> Spoken:
        self.sink.pcm.clear()
        self.exporter.starts.clear()
        self.exporter.begin(document, 0)
        read_through(self.session, document)
        if self.exporter.failures:
            raise SinkError(self.exporter.failures[0])
        return Spoken(bytes(self.sink.pcm), self.sink.sample_rate, tuple(self.exporter.starts))


def _serve(connection: Channel, speaker: Speaker) -> None:
    """A worker: speak each review sent until the pipe closes. Ctrl-C is left to the main
    process, which ends its workers itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        worker: _Worker | EngineUnavailable = _Worker(speaker)
    except EngineUnavailable as error:
        worker = error  # each review then says why
    while True:
        try:
            document = connection.recv()
        except EOFError:
            return
        connection.send(_spoken(worker, document))


def _spoken(worker: _Worker | EngineUnavailable, document: Document) -> Spoken | _Failed:
    if isinstance(worker, EngineUnavailable):
        return _Failed(str(worker))
    try:
        return worker.speak(document)
    except Exception as error:  # told in the main process, in one line
        return _Failed(str(error) or type(error).__name__)
