"""The player programs: a pre-started process reading raw PCM on stdin, with a standby.

A player is any command that plays signed 16-bit little-endian mono PCM from stdin at
`{rate}` samples per second: one of the known Linux players, or the user's own command.
Stop kills the player's whole process group (on Windows, the process), so no queued audio
plays on, and promotes a standby started in advance, so the next sound needs no process
start. A player that cannot start, or dies in its first second (pw-play with no PipeWire
running says "Host is down" and exits), is logged and the next one takes over, given the
audio the dead one never played. The players' own output goes nowhere.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.log import LOG
from reader.speech.engine import SAMPLE_WIDTH
from reader.speech.player_process import (
    end_player,
    exit_reason,
    start_player,
    wait_for_first_read,
)
from reader.speech.sinks import REAL_TIME, Clock, Sink, SinkError

GRACE = 1.0  # seconds: a player that dies this young is replaced, not reported


@dataclass(frozen=True)
class PlayerProgram:
    """A command that plays PCM from stdin, and how long it holds audio before the ear."""

    command: str
    latency: float = 0.0  # seconds, at the buffer size the command asks for
    name: str = ""  # the program, for a known player; '' for a command of the user's
    on_pipewire: float | None = None  # its latency when PipeWire runs the graph, if other

    @property
    def label(self) -> str:
        """How messages name it."""
        return self.name or self.command


# In order of preference: PipeWire, PulseAudio, then ALSA (through whatever server it is
# routed to). Each asks for a small buffer: paplay's default of 2 s is heard 1.8 s late.
# Their latencies, from the moment a player takes its first audio, were measured at a null
# sink's monitor (bench/real_audio.py, tests/test_real_audio.py): on PulseAudio paplay and
# aplay are heard as they are fed; through PipeWire's graph (a quantum of 1024 at 48 kHz,
# its desktop default) paplay about 35 ms later, aplay about 15. pw-play, 19 ms: it takes
# its first audio at the start of a graph cycle, where the others take it at once.
KNOWN_PLAYERS = (
    PlayerProgram(
        "pw-play --latency=20ms --rate {rate} --channels 1 --format s16 -", 0.019, "pw-play"
    ),
    PlayerProgram(
        "paplay --raw --latency-msec=30 --rate={rate} --channels=1 --format=s16le",
        0.0,
        "paplay",
        on_pipewire=0.035,
    ),
    PlayerProgram(
        "aplay -q --buffer-time=50000 -t raw -f S16_LE -c 1 -r {rate}",
        0.0,
        "aplay",
        on_pipewire=0.015,
    ),
)


def pipewire_running() -> bool:
    """Whether a PipeWire server is there to carry the sound (its socket exists)."""
    folder = os.environ.get("PIPEWIRE_RUNTIME_DIR") or os.environ.get("XDG_RUNTIME_DIR")
    return bool(folder and Path(folder, "pipewire-0").exists())


class PlayerUnavailable(SinkError):
    """No player command is configured, installed, or able to play."""


def installed_players() -> list[PlayerProgram]:
    """The known players installed here, in order of preference."""
    return [program for program in KNOWN_PLAYERS if shutil.which(program.name)]


def known_player(name: str) -> PlayerProgram | None:
    """The known player with that program name."""
    return next((program for program in KNOWN_PLAYERS if program.name == name), None)


class PlayerSink(Sink):
    """Plays through a player process; its clock is the time audio was fed, plus the
    player's latency.

    Each stream gets its own process, taken from a standby started in advance; stop
    kills that process, so a write racing with stop fails instead of reaching the next.
    """

    def __init__(self, programs: Sequence[PlayerProgram], clock: Clock = REAL_TIME) -> None:
        super().__init__(clock)
        if not programs:
            raise PlayerUnavailable("no audio player to try")
        self.programs = list(programs)
        self.failures: list[str] = []  # players passed over, and why
        self._pipewire = pipewire_running()
        self._stream: subprocess.Popen[bytes] | None = None
        self._standby: subprocess.Popen[bytes] | None = None
        self._standby_key: tuple[int, PlayerProgram] | None = None
        self._closed = False
        self._preparing: threading.Thread | None = None  # starting the next standby
        self._lock = threading.Lock()
        self._anchor_time = 0.0
        self._anchor_sample = 0
        self._end_time = 0.0
        self._stream_started = 0.0
        self._young = bytearray()  # this stream's audio while its player may still fail

    @property
    def program(self) -> PlayerProgram:
        """The player in use."""
        return self.programs[0]

    @property
    def latency(self) -> float:
        """How long after it is written a sample is heard."""
        program = self.program
        if program.on_pipewire is not None and self._pipewire:
            return program.on_pipewire
        return program.latency

    def prepare(self, sample_rate: int) -> None:
        key = (sample_rate, self.program)
        with self._lock:
            if self._standby is not None and self._standby_key == key:
                return
            stale, self._standby = self._standby, None
        end_player(stale)
        process, program = self._spawn(sample_rate)
        with self._lock:
            if self._closed:  # closed while this standby was starting
                stale = process
            else:
                stale, self._standby = self._standby, process
                self._standby_key = (sample_rate, program)
        end_player(stale)

    def open(self, sample_rate: int) -> None:
        self.stop()
        while True:
            self.prepare(sample_rate)
            with self._lock:
                process, self._standby = self._standby, None
            if process is not None and (process.poll() is None or len(self.programs) == 1):
                break  # a last player that has died says so at the first write
            self._pass_over(exit_reason(process))
        self._stream = process
        super().open(sample_rate)
        self._anchor_time = self._stream_started = self.clock.now()
        self._anchor_sample = 0
        self._end_time = 0.0
        self._young.clear()
        # The next standby starts off the caller's path, so this play starts at once.
        preparing = threading.Thread(target=self._prepare_quietly, args=(sample_rate,), daemon=True)
        self._preparing = preparing
        preparing.start()

    def _write(self, pcm: bytes) -> None:
        if self.clock.now() - self._stream_started < GRACE:
            self._young += pcm
        else:
            self._young.clear()
        first = self.written
        while True:
            process = self._stream
            if process is None or process.stdin is None:
                raise SinkError("the audio player is not running")
            try:
                if self._young and process.poll() is not None:
                    raise BrokenPipeError  # dead, though the pipe has not said so yet
                self._feed(process, pcm, first)
                return
            except (OSError, ValueError) as error:
                if not self._young or len(self.programs) < 2 or self._stream is not process:
                    status = process.poll()
                    ended = f" (it exited with status {status})" if status is not None else ""
                    tried = f" (passed over: {'; '.join(self.failures)})" if self.failures else ""
                    raise SinkError(
                        f"the audio player stopped{ended}: {self.program.label}{tried}"
                    ) from error
                self._take_over(process)
                pcm, first = bytes(self._young), 0  # the new player gets the whole stream

    def _feed(self, process: subprocess.Popen[bytes], pcm: bytes, first: int) -> None:
        """Write audio that starts at sample `first` of the stream, and move the clock."""
        assert process.stdin is not None
        now = self.clock.now()
        if now > self._end_time or first == 0:  # the player ran dry: its clock starts now
            self._anchor_time, self._anchor_sample = now, first
        process.stdin.write(pcm)
        process.stdin.flush()
        # A player still connecting to its server (a standby started a moment ago, its
        # libraries not yet in memory) reads its first audio late and is heard that much
        # later: its clock starts when it takes it. A player already running reads within
        # a millisecond; one that never reads is left to its writes to fail.
        if first == 0 and pcm and wait_for_first_read(process, len(pcm), GRACE):
            self._anchor_time = self.clock.now()
        samples = first + len(pcm) // SAMPLE_WIDTH
        self._end_time = self._anchor_time + (samples - self._anchor_sample) / self.sample_rate

    def heard_at(self, sample: int) -> float:
        offset = (sample - self._anchor_sample) / self.sample_rate if self.sample_rate else 0.0
        return self._anchor_time + offset + self.latency

    def stop(self) -> None:
        with self._lock:
            stopped, self._stream = self._stream, None
        end_player(stopped)

    def finish(self, cancelled: threading.Event) -> None:
        """Close the player's input and wait for it to play out, unless cancelled; a
        player that fails while young hands the whole stream to the next."""
        while True:
            with self._lock:
                process, self._stream = self._stream, None
            if process is None:
                return
            if process.stdin is not None:
                with contextlib.suppress(OSError):
                    process.stdin.close()
            try:
                while process.poll() is None:
                    if cancelled.wait(0.02):
                        break
            finally:  # cancelled, or Ctrl-C: what the player still holds must not play on
                end_player(process)
            failed = process.returncode is not None and process.returncode > 0
            whole = len(self._young) // SAMPLE_WIDTH == self.written > 0
            if cancelled.is_set() or not failed or not whole or len(self.programs) < 2:
                return
            self._take_over(process)
            assert self._stream is not None
            self._feed(self._stream, bytes(self._young), 0)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            processes = (self._stream, self._standby)
            self._stream = self._standby = None
            preparing = self._preparing
        # A standby still starting ends itself on seeing the sink closed: waited for, so
        # no player outlives `close`.
        if preparing is not None and preparing is not threading.current_thread():
            preparing.join()
        for process in processes:
            end_player(process)

    def _prepare_quietly(self, sample_rate: int) -> None:
        """Start the next standby; a failure shows at the next `open`, not in a thread."""
        with contextlib.suppress(SinkError):
            self.prepare(sample_rate)

    def _take_over(self, dead: subprocess.Popen[bytes]) -> None:
        """The next player replaces one that died young."""
        reason = exit_reason(dead)
        end_player(dead)
        self._pass_over(reason)
        process, _ = self._spawn(self.sample_rate)
        with self._lock:
            self._stream = process

    def _pass_over(self, reason: str) -> None:
        """Give up on the player in use for the next one; if none is left, say so."""
        failed = self.program
        self.failures.append(f"{failed.label} {reason}")
        if len(self.programs) == 1:
            raise PlayerUnavailable("; ".join(self.failures))
        self.programs.pop(0)
        LOG.warning("audio player %s %s; trying %s", failed.label, reason, self.program.label)

    def _spawn(self, sample_rate: int) -> tuple[subprocess.Popen[bytes], PlayerProgram]:
        """A running process of the first player that starts."""
        while True:
            program = self.program
            command = program.command.replace("{rate}", str(sample_rate))
            try:
                return start_player(command), program
            except OSError as error:
                self._pass_over(f"could not start ({error.strerror or error})")
