"""Speaking for export in worker processes, several passages at once, handed back in order.

The main process plans what each review says (reader.session.offline: its plan and end
cue, a long review cut into passages at paragraph ends) and hands passages to the
workers. Each worker holds its own engine, made once, and speaks a passage at a time
into memory through the same Playback as one process would, with the same profile. It
hands back the PCM and the sample where each utterance starts, and the main process
writes the passages strictly in order, noting sections as it goes. At most
WINDOW_PER_JOB passages per worker are asked for ahead, so memory stays flat however
many reviews there are, and a single long review keeps every core busy.

State inside eSpeak's library runs on from one utterance to the next and nothing in its
API resets it (tried: espeak_Cancel, choosing the voice again, reseeding rand, a fixed
phrase spoken first, initialising it again), so a passage spoken after others comes out
a few milliseconds longer or shorter, mostly in the pauses at commas. On Linux each
passage is therefore spoken by a fresh fork of its worker, which itself only warms up
(SAME_WHATEVER_JOBS): every passage starts from the same state, and a file is the same
byte for byte whatever the number of jobs (one job is then one worker). Elsewhere the
words and their order are those of one process, the bytes not quite (about 0.03% of a
passage's length was measured).

Workers are forked on Linux when this process runs no other thread: a fork is ready in
milliseconds, where a fresh interpreter takes about 0.3 s to import reader, an eighth
of exporting all the sample reviews on two cores. Elsewhere, and whenever another thread
runs (a forked child gets only the calling thread, and any lock another thread held
stays held in it for good), they are spawned; macOS's system libraries do not survive a
fork, and Windows has none. Workers ignore Ctrl-C: the main process terminates them at
once when it stops, for whatever reason.
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import sys
import threading
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from multiprocessing.context import SpawnContext
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import TypeVar

from reader.audiobook.worker import Failed, Heard, Speaker, serve
from reader.channels import Channel
from reader.session.offline import Passage
from reader.speech.sinks import SinkError

T = TypeVar("T")

WINDOW_PER_JOB = 2  # passages asked for ahead per worker: enough to keep it busy
PARALLEL_ENGINES = frozenset({"espeak"})  # engines that run inside the worker itself


@dataclass(frozen=True)
class Spoken:
    """A passage as spoken: its PCM, and where each of its utterances starts, in samples
    from the passage's own start."""

    pcm: bytes
    sample_rate: int
    starts: tuple[int, ...]


def in_workers(
    work: Iterable[tuple[T, Passage]], speaker: Speaker, jobs: int
) -> Generator[tuple[T, Passage, Spoken]]:
    """Each passage with its speech, in order, spoken by `jobs` workers, with what it
    came with; closing this generator (or its end) ends them."""
    with SpeakingPool(speaker, jobs) as pool:
        yield from pool.in_order(work)


class SpeakingPool:
    """Worker processes speaking passages; used as a context manager, which ends them at
    once (terminated, nothing left running) however the block ends.

    Each worker has a pipe of its own for passages and what it heard of them, a socket
    for their audio, and at most one passage at a time, so neither side ever waits to
    send while the other does; no thread of this process reads for it, so ending a
    worker mid-send can leave nothing stuck. Audio is read off the socket straight into
    one buffer: a pipe's messages are read in pieces and copied twice more, which cost
    the main process 0.19 s of CPU per 141 MB (all the sample reviews), the socket 0.05.
    """

    def __init__(self, speaker: Speaker, jobs: int) -> None:
        # Typed as spawn's: a fork context has the same Process and Pipe.
        context: SpawnContext = multiprocessing.get_context(start_method())  # type: ignore[assignment]
        self._workers: list[_Remote] = []
        for _ in range(jobs):
            mine, theirs = context.Pipe()
            audio, their_audio = socket.socketpair()
            process = context.Process(
                target=serve, args=(theirs, their_audio, speaker, os.getpid()), daemon=True
            )
            process.start()
            theirs.close()  # a worker that dies then reads as the end of its pipe
            their_audio.close()
            self._workers.append(_Remote(process, mine, audio))

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
            worker.audio.close()

    def in_order(self, work: Iterable[tuple[T, Passage]]) -> Iterator[tuple[T, Passage, Spoken]]:
        """Each passage with its speech and what it came with, in the order given; a
        worker's failure is raised here. At most WINDOW_PER_JOB passages per worker are
        asked for past the one handed back next, so what waits in memory stays bounded."""
        upcoming = enumerate(work)
        asked: dict[int, tuple[T, Passage]] = {}  # until handed back
        done: dict[int, Spoken] = {}
        written = 0  # the index of the next passage to hand back
        window = len(self._workers) * WINDOW_PER_JOB
        while True:
            for worker in self._workers:
                free = worker.index is None and len(asked) < window
                found = next(upcoming, None) if free else None
                if found is not None:
                    index, (key, passage) = found
                    worker.ask(index, passage)
                    asked[index] = (key, passage)
            if not asked:
                return
            if written in done:
                key, passage = asked.pop(written)
                yield key, passage, done.pop(written)
                written += 1
            else:
                index, spoken = _answer(self._workers)
                done[index] = spoken


def start_method() -> str:
    """How to start workers: 'fork' where that is safe and quick, else 'spawn'."""
    forks = sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()
    return "fork" if forks and threading.active_count() == 1 else "spawn"


@dataclass
class _Remote:
    """A worker process, its ends of the pipe and the audio socket, and the passage it is
    speaking."""

    process: BaseProcess
    connection: Channel
    audio: socket.socket
    index: int | None = None

    def ask(self, index: int, passage: Passage) -> None:
        self.connection.send(passage)
        self.index = index


def _answer(workers: list[_Remote]) -> tuple[int, Spoken]:
    """The next passage any busy worker finishes (which, and its speech)."""
    busy = [worker for worker in workers if worker.index is not None]
    ready = wait([worker.connection for worker in busy])
    worker = next(worker for worker in busy if worker.connection in ready)
    index, worker.index = worker.index, None
    assert index is not None
    try:
        answer = worker.connection.recv()
        if isinstance(answer, Failed):
            raise SinkError(answer.message)
        assert isinstance(answer, Heard)
        pcm = _received(worker.audio, answer.size)
    except (EOFError, OSError) as error:  # killed from outside, or out of memory
        raise SinkError("a speech process stopped unexpectedly") from error
    return index, Spoken(pcm, answer.sample_rate, answer.starts)


def _received(audio: socket.socket, size: int) -> bytes:
    """`size` bytes from the socket, read into one buffer."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    got = 0
    while got < size:
        count = audio.recv_into(view[got:])
        if count == 0:
            raise EOFError
        got += count
    return bytes(buffer)
