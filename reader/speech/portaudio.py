"""Sound in process through PortAudio (the `sounddevice` package), with its own clock.

PortAudio asks for audio from its own thread, a few milliseconds at a time, and says when
each buffer will reach the speaker (`outputBufferDacTime`), so the listener's clock comes
from the device itself rather than from an assumption. Stop aborts the stream, which drops
whatever the device still holds. The Windows and macOS wheels of `sounddevice` carry
PortAudio; on Linux it needs the system's libportaudio2.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
import threading
import time
from functools import cache
from types import ModuleType
from typing import Any

from reader.log import LOG
from reader.speech.device_clock import DeviceClock
from reader.speech.engine import SAMPLE_WIDTH
from reader.speech.sinks import Sink, SinkError

_FINISH_MARGIN = 2.0  # seconds past the expected end before finish gives up on the device
# Asked of the device: a callback in Python needs some room, or the device runs dry while
# the interpreter is busy (ALSA then says "underrun occurred"). Stop drops it all anyway.
_LATENCY = 0.03
IDLE = 60.0  # seconds a warm stream waits for speech before the device is let go


class PortAudioUnavailable(SinkError):
    """PortAudio cannot load here, or has no output device."""


def load_sounddevice() -> ModuleType:
    """The sounddevice module, once PortAudio has loaded and found an output device."""
    _quiet_alsa()
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


# void handler(const char *file, int line, const char *function, int err, const char *fmt, ...)
_AlsaErrorHandler = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)


def _log_alsa(file: bytes, line: int, function: bytes, error: int, message: bytes) -> None:
    LOG.debug("ALSA %s: %s", function.decode(errors="replace"), message.decode(errors="replace"))


_ALSA_HANDLER = _AlsaErrorHandler(_log_alsa)  # kept for the life of the process


@cache
def _quiet_alsa() -> None:
    """ALSA writes its complaints ("underrun occurred") straight to stderr, over the
    reading room or into the user's own screen reader. They go to the log's debug level
    instead: PortAudio's probing of devices alone makes dozens at every start."""
    if not sys.platform.startswith("linux"):
        return
    try:
        alsa = ctypes.CDLL("libasound.so.2")
    except OSError:
        return  # no ALSA: PortAudio will not find it either
    alsa.snd_lib_error_set_handler(_ALSA_HANDLER)


class PortAudioSink(Sink):
    """Plays through the default output device, in process.

    Its clock counts frames handed to the device, silence included: frame n is heard at
    `origin + n / rate`. Each callback gives an estimate of `origin` from its DAC time; the
    latest estimate wins, since a device may say too little about what it holds (PortAudio
    reports 0 while an ALSA stream starts, and a PipeWire graph adds a quantum) but sound
    is never heard before its time. Until callbacks arrive at the device's own pace, the
    stream is starting and gets silence, so no word is reported heard before it can be.
    """

    def __init__(self, sounddevice: ModuleType) -> None:
        super().__init__()
        self._sd = sounddevice
        self._stream: Any = None  # sounddevice.RawOutputStream, opened once per rate
        self._lock = threading.Lock()
        self._queue = bytearray()  # written, not yet taken by the device
        self._running = False
        self._closed = False
        self._rate = 0  # of the stream
        self._idle: threading.Timer | None = None  # lets a warm, silent stream go
        self._control = threading.RLock()  # starting and stopping the stream, one at a time
        self._clock = DeviceClock()

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
        """Start the stream at this rate, playing silence, so that `open` is instant and
        the device has settled before the first word."""
        with self._control:
            if self._closed:
                return
            if self._stream is None or self._stream.samplerate != sample_rate:
                self._close_stream()
                self._rate = sample_rate  # the callback's, before `open` sets sample_rate
                try:
                    self._stream = self._sd.RawOutputStream(
                        samplerate=sample_rate,
                        channels=1,
                        dtype="int16",
                        latency=_LATENCY,
                        callback=self._fill,
                    )
                except self._sd.PortAudioError as error:
                    raise SinkError(f"the sound device cannot play: {error}") from error
            if not self._stream.active:
                with self._lock:
                    self._queue.clear()
                    self._clock = DeviceClock()
                try:
                    self._stream.start()
                except self._sd.PortAudioError as error:
                    raise SinkError(f"the sound device cannot play: {error}") from error
                self._rest_when_idle()

    def open(self, sample_rate: int) -> None:
        with self._control:
            if self._closed:
                raise SinkError("the sound device has been closed")
            self.prepare(sample_rate)
            super().open(sample_rate)
            with self._lock:
                self._queue.clear()
                self._clock.new_stream()
            self._running = True

    def _write(self, pcm: bytes) -> None:
        if not self._running:
            raise SinkError("the sound device is not playing")
        with self._lock:
            self._queue += pcm

    def heard_at(self, sample: int) -> float:
        now = time.monotonic()
        with self._lock:
            frame = self._clock.frame_of(sample)
            origin = self._clock.origin
        if origin is None:  # still starting: no sooner than its latency from now
            return now + self.latency + frame / self.sample_rate
        return origin + frame / self.sample_rate

    def stop(self) -> None:
        if not self._running:
            return  # warm and silent already: nothing queued to drop
        self._halt()
        if self.sample_rate:  # warm again off the caller's path: more speech usually follows
            threading.Thread(target=self._warm, args=(self.sample_rate,), daemon=True).start()

    def finish(self, cancelled: threading.Event) -> None:
        """Wait until everything written has been heard, then let the device rest."""
        deadline = self.heard_at(self.written) + _FINISH_MARGIN
        while self._running and time.monotonic() < deadline:
            with self._lock:
                queued, taken = bool(self._queue), self._clock.taken
            # The end of the last sample the device took (later samples would follow the
            # silence it has been given since, which is what heard_at says of them).
            if not queued and time.monotonic() >= self.heard_at(taken - 1) + 1 / self._rate:
                break
            if cancelled.wait(0.01):
                break
        self._halt()

    def close(self) -> None:
        with self._control:
            self._closed = True
            if self._idle is not None:
                self._idle.cancel()
            self._halt()
            self._close_stream()

    def _halt(self) -> None:
        """Silence at once: the device drops what it holds."""
        with self._control:
            self._running = False
            if self._stream is not None and self._stream.active:
                self._stream.abort()
            with self._lock:
                self._queue.clear()

    def _rest_when_idle(self) -> None:
        """Let the device go if no speech comes for IDLE seconds (called under _control):
        a warm stream wakes the process every few milliseconds."""
        if self._idle is not None:
            self._idle.cancel()
        self._idle = threading.Timer(IDLE, self._rest)
        self._idle.daemon = True
        self._idle.start()

    def _rest(self) -> None:
        with self._control:
            if not self._running:
                self._halt()

    def _warm(self, sample_rate: int) -> None:
        """Start the stream again in the background; a failure shows at the next open."""
        with contextlib.suppress(SinkError):
            self.prepare(sample_rate)

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.close(ignore_errors=True)

    def _fill(self, out: Any, frames: int, times: Any, status: Any) -> None:
        """PortAudio's callback: the next `frames` samples, silence where none are queued."""
        now = time.monotonic()
        # The DAC time is on the stream's clock; only its distance from now is used.
        delay = times.outputBufferDacTime - times.currentTime
        size = frames * SAMPLE_WIDTH
        taken = b""
        with self._lock:
            clock = self._clock
            if status.output_underflow:
                clock.restart()
            if clock.steady(now, frames / self._rate):
                clock.estimate(now + (delay if delay > 0 else self.latency), self._rate)
                taken = bytes(self._queue[:size])
                del self._queue[:size]
            clock.advance(frames, len(taken) // SAMPLE_WIDTH)
        out[: len(taken)] = taken
        if len(taken) < size:
            out[len(taken) :] = bytes(size - len(taken))
