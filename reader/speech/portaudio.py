"""Sound in process through PortAudio (the `sounddevice` package), with its own clock.

PortAudio asks for audio from its own thread, a few milliseconds at a time, and says when
each buffer will reach the speaker (`outputBufferDacTime`), so the listener's clock comes
from the device itself rather than from an assumption. Stop aborts the stream, which drops
whatever the device still holds. The Windows and macOS wheels of `sounddevice` carry
PortAudio; on Linux it needs the system's libportaudio2.
"""

from __future__ import annotations

import threading
import time
from types import ModuleType
from typing import Any

from reader.speech.engine import SAMPLE_WIDTH
from reader.speech.sinks import Sink, SinkError

_FINISH_MARGIN = 2.0  # seconds past the expected end before finish gives up on the device


class PortAudioUnavailable(SinkError):
    """PortAudio cannot load here, or has no output device."""


def load_sounddevice() -> ModuleType:
    """The sounddevice module, once PortAudio has loaded and found an output device."""
    try:
        import sounddevice
    except ImportError as error:  # not installed
        raise PortAudioUnavailable("the sounddevice package is not installed") from error
    except OSError as error:  # installed, but no PortAudio library (Linux without it)
        raise PortAudioUnavailable(
            "PortAudio is not installed (on Debian or Ubuntu: apt install libportaudio2)"
        ) from error
    try:
        sounddevice.query_devices(kind="output")
    except sounddevice.PortAudioError as error:
        raise PortAudioUnavailable(f"PortAudio found no output device ({error})") from error
    module: ModuleType = sounddevice
    return module


class PortAudioSink(Sink):
    """Plays through the default output device, in process."""

    def __init__(self, sounddevice: ModuleType) -> None:
        super().__init__()
        self._sd = sounddevice
        self._stream: Any = None  # sounddevice.RawOutputStream, opened once per rate
        self._lock = threading.Lock()
        self._queue = bytearray()  # written, not yet taken by the device
        self._taken = 0  # samples of this stream handed to the device
        self._anchor: tuple[int, float] | None = None  # (sample, when it is heard)
        self._running = False

    @property
    def latency(self) -> float:
        """The device's output latency, as PortAudio reports it."""
        return float(self._stream.latency) if self._stream is not None else 0.0

    def describe(self) -> str:
        """The host API and device, for `reader voices` and `reader doctor`."""
        device = self._sd.query_devices(kind="output")
        host = self._sd.query_hostapis(device["hostapi"])["name"]
        return f"{host}, {device['name']}"

    def prepare(self, sample_rate: int) -> None:
        if self._stream is not None and self._stream.samplerate == sample_rate:
            return
        self._close_stream()
        try:
            self._stream = self._sd.RawOutputStream(
                samplerate=sample_rate,
                channels=1,
                dtype="int16",
                latency="low",
                callback=self._fill,
            )
        except self._sd.PortAudioError as error:
            raise SinkError(f"the sound device cannot play: {error}") from error

    def open(self, sample_rate: int) -> None:
        self.stop()
        self.prepare(sample_rate)
        super().open(sample_rate)
        with self._lock:
            self._queue.clear()
            self._taken = 0
            self._anchor = None
        try:
            self._stream.start()
        except self._sd.PortAudioError as error:
            raise SinkError(f"the sound device cannot play: {error}") from error
        self._running = True

    def _write(self, pcm: bytes) -> None:
        if not self._running:
            raise SinkError("the sound device is not playing")
        with self._lock:
            self._queue += pcm

    def heard_at(self, sample: int) -> float:
        now = time.monotonic()
        with self._lock:
            anchor, taken = self._anchor, self._taken
        # Not yet with the device: heard no sooner than everything queued before it.
        soonest = now + self.latency + (sample - taken) / self.sample_rate
        if anchor is None:
            return soonest
        heard = anchor[1] + (sample - anchor[0]) / self.sample_rate
        return max(heard, soonest) if sample >= taken else heard

    def stop(self) -> None:
        self._running = False
        if self._stream is not None and self._stream.active:
            self._stream.abort()  # drops what the device holds: silence at once
        with self._lock:
            self._queue.clear()

    def finish(self, cancelled: threading.Event) -> None:
        """Wait until everything written is heard, then stop the stream."""
        deadline = self.heard_at(self.written) + _FINISH_MARGIN
        while self._running and time.monotonic() < deadline:
            with self._lock:
                emptied = not self._queue
            if emptied and time.monotonic() >= self.heard_at(self.written):
                break
            if cancelled.wait(0.01):
                break
        self.stop()

    def close(self) -> None:
        self.stop()
        self._close_stream()

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.close(ignore_errors=True)

    def _fill(self, out: Any, frames: int, times: Any, status: Any) -> None:
        """PortAudio's callback: the next `frames` samples, silence where none are queued."""
        now = time.monotonic()
        # The DAC time is on the stream's clock; only its distance from now is used.
        delay = times.outputBufferDacTime - times.currentTime
        if delay <= 0:  # some host APIs leave it at 0
            delay = self.latency
        size = frames * SAMPLE_WIDTH
        with self._lock:
            taken = bytes(self._queue[:size])
            del self._queue[:size]
            if taken:
                self._anchor = (self._taken, now + delay)
                self._taken += len(taken) // SAMPLE_WIDTH
        out[: len(taken)] = taken
        if len(taken) < size:
            out[len(taken) :] = bytes(size - len(taken))
