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

import ctypes
import gc
import multiprocessing
import os
import signal
import socket
import sys
import threading
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import SpawnContext
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import TYPE_CHECKING, TypeVar

from reader.model import Position
from reader.plan.cues import Cue
from reader.plan.planner import announcements
from reader.session.events import SessionEvent, UtteranceStarted
from reader.session.offline import Passage, Recital
from reader.speech.engine import EngineUnavailable
from reader.speech.engines import create_engine
from reader.speech.profiles import VoiceProfile
from reader.speech.sinks import RecordingSink, SinkError

# What `Pipe()` gives: a socket pair here, a named pipe on Windows (the type checkers know).
if TYPE_CHECKING and sys.platform == "win32":
    from multiprocessing.connection import PipeConnection as Channel
else:
    Channel = Connection

T = TypeVar("T")

# On Linux every passage is spoken by a fresh fork of a worker that has only warmed up
# (about a millisecond each), so no eSpeak state runs on from one passage to the next
# and a file is the same byte for byte whatever the number of processes. Elsewhere
# workers are spawned, or a fork is not safe, and a passage may come out a few
# milliseconds longer or shorter after others (see the module docstring).
SAME_WHATEVER_JOBS = sys.platform == "linux"
_WARM_UP = "Ready."
_PR_SET_PDEATHSIG = 1  # prctl: the signal a process gets when its parent ends

WINDOW_PER_JOB = 2  # passages asked for ahead per worker: enough to keep it busy
PARALLEL_ENGINES = frozenset({"espeak"})  # engines that run inside the worker itself


@dataclass(frozen=True)
class Speaker:
    """What a worker needs to speak as the export would: all of it picklable (an engine
    is not, so it goes by name)."""

    engine: str
    profile: VoiceProfile


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
                target=_serve, args=(theirs, their_audio, speaker), daemon=True
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
        if isinstance(answer, _Failed):
            raise SinkError(answer.message)
        assert isinstance(answer, _Heard)
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


@dataclass(frozen=True)
class _Heard:
    """What a worker heard of a passage it spoke: its PCM follows on the audio socket."""

    sample_rate: int
    starts: tuple[int, ...]
    size: int  # bytes of PCM


@dataclass(frozen=True)
class _Failed:
    """A worker could not speak a passage; the message says why."""

    message: str


class _Worker:
    """One worker's engine, speaking into memory."""

    def __init__(self, speaker: Speaker) -> None:
        self.sink = RecordingSink()
        self.recital = Recital(create_engine(speaker.engine), self.sink, speaker.profile)
        # Said once, with every cue's sound, so the voice is loaded and the sounds made
        # before this process is copied for each passage (each copy would make them
        # again: 80 ms a passage).
        self.recital.speak(announcements(Position(), [_WARM_UP], list(Cue)), _ignore)

    def speak(self, passage: Passage) -> _Heard:
        """Speak a passage into memory (`sink.pcm`), noting where its utterances start."""
        self.sink.pcm.clear()
        starts: list[int] = []

        def heard(event: SessionEvent) -> None:
            if isinstance(event, UtteranceStarted):
                starts.append(event.sample)

        self.recital.speak(passage, heard)
        return _Heard(self.sink.sample_rate, tuple(starts), len(self.sink.pcm))


def _ignore(event: SessionEvent) -> None:
    pass


def _serve(connection: Channel, audio: socket.socket, speaker: Speaker) -> None:
    """A worker: speak each passage sent until the pipe closes, on Linux each in a fresh
    copy of this process (see SAME_WHATEVER_JOBS). Ctrl-C is left to the main process,
    which ends its workers itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        worker: _Worker | _Failed = _Worker(speaker)
    except (EngineUnavailable, SinkError) as error:  # no engine, or no such voice
        worker = _Failed(str(error))  # each passage then says why
    # Objects made so far are left alone by the collector, so a copy does not write to
    # (and so duplicate) every page of this process's memory.
    gc.freeze()
    while True:
        try:
            passage = connection.recv()
        except EOFError:
            return
        if SAME_WHATEVER_JOBS and isinstance(worker, _Worker):
            _in_a_copy(worker, passage, connection, audio)
        else:
            _reply(worker, passage, connection, audio)


def _in_a_copy(
    worker: _Worker, passage: Passage, connection: Channel, audio: socket.socket
) -> None:
    """Speak and reply from a fork of this process, which then ends: this process's
    eSpeak never speaks, so each passage starts from the state the last one did."""
    if sys.platform == "win32":  # never: SAME_WHATEVER_JOBS is for Linux (Windows has no fork)
        raise AssertionError("no fork on Windows")
    parent = os.getpid()
    child = os.fork()
    if child == 0:
        code = 1
        try:
            _end_with(parent)
            _reply(worker, passage, connection, audio)
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(child, 0)
    if status != 0:
        # The copy died, perhaps mid-reply: end too, so the main process reads the end
        # of the pipe and says so, rather than wait for the rest.
        os._exit(1)


def _end_with(parent: int) -> None:
    """Have this process killed when `parent` ends (the main process terminates its
    workers; their copies must not speak on). Linux only, as the copies are."""
    if sys.platform != "linux":
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before that took hold
        os._exit(1)


def _reply(
    worker: _Worker | _Failed,
    passage: Passage,
    connection: Channel,
    audio: socket.socket,
) -> None:
    answer = _spoken(worker, passage)
    connection.send(answer)
    if isinstance(worker, _Worker) and isinstance(answer, _Heard):
        audio.sendall(worker.sink.pcm)


def _spoken(worker: _Worker | _Failed, passage: Passage) -> _Heard | _Failed:
    if isinstance(worker, _Failed):
        return worker
    try:
        return worker.speak(passage)
    except Exception as error:  # told in the main process, in one line
        return _Failed(str(error) or type(error).__name__)
