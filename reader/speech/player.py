"""The speaker: a pre-started audio player reading raw PCM on stdin, with a standby.

The player is any shell command that plays signed 16-bit little-endian mono PCM from
stdin at `{rate}` samples per second (`READER_PLAYER`, or the settings). Stop kills its
whole process group, so no queued audio plays on, and promotes a standby started in
advance, so the next sound needs no process start. The player's own output goes nowhere.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import threading
import time

from reader.speech.engine import SAMPLE_WIDTH
from reader.speech.sinks import Sink, SinkError

PLAYER_VARIABLE = "READER_PLAYER"
# Tried in order when nothing is configured: PipeWire, PulseAudio, then bare ALSA.
KNOWN_PLAYERS = (
    ("pw-play", "pw-play --rate {rate} --channels 1 --format s16 -"),
    ("paplay", "paplay --raw --rate={rate} --channels=1 --format=s16le"),
    ("aplay", "aplay -q -t raw -f S16_LE -c 1 -r {rate}"),
)


class PlayerUnavailable(SinkError):
    """No player command is configured or installed."""


def player_command(configured: str | None = None) -> str:
    """The command to play audio with: the environment, the settings, or a known player."""
    command = os.environ.get(PLAYER_VARIABLE) or configured
    if command:
        return command
    for program, template in KNOWN_PLAYERS:
        if shutil.which(program):
            return template
    names = ", ".join(program for program, _ in KNOWN_PLAYERS)
    raise PlayerUnavailable(
        f"no audio player found: install one of {names}, or set {PLAYER_VARIABLE} to a "
        "command that plays raw 16-bit mono PCM from stdin at {rate} Hz"
    )


class PlayerSink(Sink):
    """Plays through a player process; the clock assumes it plays as soon as it is fed.

    Each stream gets its own process, taken from a standby started in advance; stop
    kills that process, so a write racing with stop fails instead of reaching the next.
    """

    def __init__(self, command: str, latency: float = 0.0) -> None:
        super().__init__()
        self.command = command
        self.latency = latency  # how long the player holds audio before it is heard
        self._stream: subprocess.Popen[bytes] | None = None
        self._standby: subprocess.Popen[bytes] | None = None
        self._standby_rate = 0
        self._closed = False
        self._lock = threading.Lock()
        self._anchor_time = 0.0
        self._anchor_sample = 0
        self._end_time = 0.0

    def prepare(self, sample_rate: int) -> None:
        with self._lock:
            if self._standby is not None and self._standby_rate == sample_rate:
                return
            stale, self._standby = self._standby, None
        self._end(stale)
        process = self._spawn(sample_rate)
        with self._lock:
            if self._closed:  # closed while this standby was starting
                stale = process
            else:
                stale, self._standby, self._standby_rate = self._standby, process, sample_rate
        self._end(stale)

    def open(self, sample_rate: int) -> None:
        self.stop()
        self.prepare(sample_rate)
        with self._lock:
            self._stream, self._standby = self._standby, None
        super().open(sample_rate)
        self._anchor_time = self._end_time = time.monotonic()
        self._anchor_sample = 0
        # The next standby starts off the caller's path, so this play starts at once.
        threading.Thread(target=self.prepare, args=(sample_rate,), daemon=True).start()

    def _write(self, pcm: bytes) -> None:
        process = self._stream
        if process is None or process.stdin is None:
            raise SinkError("the audio player is not running")
        now = time.monotonic()
        if now > self._end_time:  # the player ran dry; the clock starts again from now
            self._anchor_time, self._anchor_sample = now, self.written
        try:
            process.stdin.write(pcm)
            process.stdin.flush()
        except (OSError, ValueError) as error:
            status = process.poll()
            ended = f" (it exited with status {status})" if status is not None else ""
            raise SinkError(f"the audio player stopped{ended}: {self.command}") from error
        samples = self.written + len(pcm) // SAMPLE_WIDTH
        self._end_time = self._anchor_time + (samples - self._anchor_sample) / self.sample_rate

    def heard_at(self, sample: int) -> float:
        offset = (sample - self._anchor_sample) / self.sample_rate if self.sample_rate else 0.0
        return self._anchor_time + offset + self.latency

    def stop(self) -> None:
        with self._lock:
            stopped, self._stream = self._stream, None
        self._end(stopped)

    def finish(self, cancelled: threading.Event) -> None:
        """Close the player's input and wait for it to play out, unless cancelled."""
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
            self._end(process)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            processes = (self._stream, self._standby)
            self._stream = self._standby = None
        for process in processes:
            self._end(process)

    def _spawn(self, sample_rate: int) -> subprocess.Popen[bytes]:
        command = self.command.replace("{rate}", str(sample_rate))
        try:
            return subprocess.Popen(
                command,
                shell=True,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # its own process group, so stop reaches its children
            )
        except OSError as error:
            raise SinkError(
                f"cannot start the audio player {shlex.quote(command)}: {error}"
            ) from error

    @staticmethod
    def _end(process: subprocess.Popen[bytes] | None) -> None:
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        if process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()
        process.wait()
