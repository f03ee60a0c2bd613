"""Where PCM goes: the interface, a WAV file, and a recording for tests and checks.

A sink also keeps the listener's clock: `heard_at(sample)` says when a sample of the
stream reaches the ear, so word marks can be reported as they are heard. Files and
recordings have no clock of their own; everything written counts as heard at once.
The time itself comes from a `Clock`, the real one unless a test gives its own.
"""

from __future__ import annotations

import threading
import time
import wave
from abc import ABC, abstractmethod
from pathlib import Path
from typing import BinaryIO, Protocol

from reader.speech.engine import SAMPLE_WIDTH


class SinkError(Exception):
    """Audio can no longer be delivered; the message says why, in the user's terms."""


class Clock(Protocol):
    """Time as the listener lives it: what it reads now, and waiting for a moment."""

    def now(self) -> float:
        """Seconds on this clock; only differences between readings mean anything."""

    def wait_until(self, moment: float, cancelled: threading.Event) -> bool:
        """Block until the clock reads `moment`; False if `cancelled` was set first."""


class MonotonicClock:
    """The real clock: `time.monotonic()`, and waits that take the time they say."""

    def now(self) -> float:
        """Seconds since an arbitrary start, never going back."""
        return time.monotonic()

    def wait_until(self, moment: float, cancelled: threading.Event) -> bool:
        """Block until `moment`; False if `cancelled` was set first."""
        delay = moment - time.monotonic()
        if delay > 0:
            return not cancelled.wait(delay)
        return not cancelled.is_set()


REAL_TIME = MonotonicClock()


class Sink(ABC):
    """A destination for one stream of 16-bit mono PCM at a time."""

    def __init__(self, clock: Clock = REAL_TIME) -> None:
        self.clock = clock  # the time `heard_at` answers in
        self.sample_rate = 0
        self.written = 0  # samples written since `open`

    @property
    def latency(self) -> float:
        """Seconds from writing a sample to hearing it, once audio is flowing."""
        return 0.0

    def prepare(self, sample_rate: int) -> None:  # noqa: B027 - only players need warming up
        """Get ready for a stream at this rate, so `open` is instant."""

    def open(self, sample_rate: int) -> None:
        """Start a new stream; sample numbers count from here."""
        self.sample_rate = sample_rate
        self.written = 0

    def write(self, pcm: bytes) -> None:
        """Queue audio to be heard after everything written before it."""
        self._write(pcm)
        self.written += len(pcm) // SAMPLE_WIDTH

    def heard_at(self, sample: int) -> float:
        """The time on `clock` at which a sample of this stream is heard."""
        return self.clock.now()

    def wait_until_heard(self, sample: int, cancelled: threading.Event) -> bool:
        """Block until the sample is heard; False if `cancelled` was set first."""
        return self.clock.wait_until(self.heard_at(sample), cancelled)

    @abstractmethod
    def _write(self, pcm: bytes) -> None: ...

    def stop(self) -> None:  # noqa: B027 - files and recordings have nothing to silence
        """Silence at once: nothing queued is heard. The sink can be opened again."""

    def finish(self, cancelled: threading.Event) -> None:
        """Let everything written be heard (or stop early when `cancelled` is set)."""
        self.wait_until_heard(self.written, cancelled)

    def close(self) -> None:  # noqa: B027 - most sinks hold nothing
        """Release the sink for good."""


class RecordingSink(Sink):
    """Keeps every stream in memory, for tests and measurements."""

    def __init__(self) -> None:
        super().__init__()
        self.pcm = bytearray()

    def _write(self, pcm: bytes) -> None:
        self.pcm += pcm

    @property
    def seconds(self) -> float:
        """Length of everything recorded."""
        return len(self.pcm) / SAMPLE_WIDTH / self.sample_rate if self.sample_rate else 0.0


class ClockSink(Sink):
    """Plays nothing but keeps time (real time, unless it is given another clock), so a
    screen can follow the reading where there is no audio player."""

    def __init__(self, clock: Clock = REAL_TIME) -> None:
        super().__init__(clock)
        self._started = clock.now()

    def open(self, sample_rate: int) -> None:
        super().open(sample_rate)
        self._started = self.clock.now()

    def heard_at(self, sample: int) -> float:
        return self._started + sample / self.sample_rate if self.sample_rate else self._started

    def _write(self, pcm: bytes) -> None:
        pass  # nothing to play it on; the clock is what matters


_WAV_LIMIT = 0xFFFFFFFF - 36  # bytes of audio a RIFF header can count


class WavSink(Sink):
    """Writes one WAV file; opening a second stream must keep the same sample rate."""

    def __init__(self, path: Path, clock: Clock = REAL_TIME) -> None:
        super().__init__(clock)
        self.path = path
        self._file: wave.Wave_write | None = None
        self._raw: BinaryIO | None = None
        self.total = 0  # samples in the file, across streams

    def open(self, sample_rate: int) -> None:
        if self._file is None:
            try:
                # Opened here, not by `wave`, whose half-made writer complains when it fails.
                self._raw = self.path.open("wb")
            except OSError as error:
                raise SinkError(f"cannot write {self.path}: {error.strerror}") from error
            self._file = wave.open(self._raw, "wb")  # noqa: SIM115 - closed in close()
            self._file.setnchannels(1)
            self._file.setsampwidth(SAMPLE_WIDTH)
            self._file.setframerate(sample_rate)
        elif sample_rate != self._file.getframerate():
            raise SinkError("every voice in one WAV file must use the same sample rate")
        super().open(sample_rate)

    def _write(self, pcm: bytes) -> None:
        if self._file is None:
            raise SinkError("the WAV file is not open")
        if (self.total * SAMPLE_WIDTH + len(pcm)) > _WAV_LIMIT:
            raise SinkError(f"{self.path}: a WAV file holds at most 4 GB; export .mp3 or .m4b")
        try:
            self._file.writeframesraw(pcm)
        except OSError as error:
            raise SinkError(f"cannot write {self.path}: {error.strerror}") from error
        self.total += len(pcm) // SAMPLE_WIDTH

    def close(self) -> None:
        file, raw, self._file, self._raw = self._file, self._raw, None, None
        try:
            try:
                if file is not None:
                    file.close()  # rewrites the header with the final length
            finally:
                if raw is not None:
                    raw.close()
        except OSError as error:  # a full disk shows when buffered audio is flushed
            raise SinkError(f"cannot write {self.path}: {error.strerror}") from error
