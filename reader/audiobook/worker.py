"""A worker process of export: it speaks each passage it is sent into memory, and
sends back where its utterances start and then its audio (reader.audiobook.parallel
runs the workers and writes what they send, in order).
"""

from __future__ import annotations

import gc
import os
import signal
import socket
import sys
from dataclasses import dataclass

from reader.channels import Channel
from reader.lifetimes import end_with
from reader.model import Position
from reader.plan.cues import Cue
from reader.plan.planner import announcements
from reader.session.events import SessionEvent, UtteranceStarted
from reader.session.offline import Passage, Recital
from reader.speech.engine import EngineUnavailable
from reader.speech.engines import create_engine
from reader.speech.profiles import VoiceProfile
from reader.speech.sinks import RecordingSink, SinkError

# On Linux every passage is spoken by a fresh fork of a worker that has only warmed up
# (about a millisecond each), so no eSpeak state runs on from one passage to the next
# and a file is the same byte for byte whatever the number of processes. Elsewhere
# workers are spawned, or a fork is not safe, and a passage may come out a few
# milliseconds longer or shorter after others (see reader.audiobook.parallel).
SAME_WHATEVER_JOBS = sys.platform == "linux"
_WARM_UP = "Ready."


@dataclass(frozen=True)
class Speaker:
    """What a worker needs to speak as the export would: all of it picklable (an engine
    is not, so it goes by name)."""

    engine: str
    profile: VoiceProfile


@dataclass(frozen=True)
class Heard:
    """What a worker heard of a passage it spoke: its PCM follows on the audio socket."""

    sample_rate: int
    starts: tuple[int, ...]
    size: int  # bytes of PCM


@dataclass(frozen=True)
class Failed:
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

    def speak(self, passage: Passage) -> Heard:
        """Speak a passage into memory (`sink.pcm`), noting where its utterances start."""
        self.sink.pcm.clear()
        starts: list[int] = []

        def heard(event: SessionEvent) -> None:
            if isinstance(event, UtteranceStarted):
                starts.append(event.sample)

        self.recital.speak(passage, heard)
        return Heard(self.sink.sample_rate, tuple(starts), len(self.sink.pcm))


def _ignore(event: SessionEvent) -> None:
    pass


def serve(connection: Channel, audio: socket.socket, speaker: Speaker, parent: int) -> None:
    """A worker: speak each passage sent until the pipe closes, on Linux each in a fresh
    copy of this process (see SAME_WHATEVER_JOBS). Ctrl-C is left to the main process
    (`parent`), which ends its workers itself; if it is killed, the worker ends too."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    end_with(parent)
    try:
        worker: _Worker | Failed = _Worker(speaker)
    except (EngineUnavailable, SinkError) as error:  # no engine, or no such voice
        worker = Failed(str(error))  # each passage then says why
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
    eSpeak never speaks after its warm-up, so every passage starts from the same state."""
    if sys.platform == "win32":  # never: SAME_WHATEVER_JOBS is for Linux (Windows has no fork)
        raise AssertionError("no fork on Windows")
    parent = os.getpid()
    child = os.fork()
    if child == 0:
        code = 1
        try:
            end_with(parent)  # the main process ends its workers: copies must not speak on
            _reply(worker, passage, connection, audio)
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(child, 0)
    if status != 0:
        # The copy died, perhaps mid-reply: end too, so the main process reads the end
        # of the pipe and says so, rather than wait for the rest.
        os._exit(1)


def _reply(
    worker: _Worker | Failed,
    passage: Passage,
    connection: Channel,
    audio: socket.socket,
) -> None:
    answer = _spoken(worker, passage)
    connection.send(answer)
    if isinstance(worker, _Worker) and isinstance(answer, Heard):
        audio.sendall(worker.sink.pcm)


def _spoken(worker: _Worker | Failed, passage: Passage) -> Heard | Failed:
    if isinstance(worker, Failed):
        return worker
    try:
        return worker.speak(passage)
    except Exception as error:  # told in the main process, in one line
        return Failed(str(error) or type(error).__name__)
