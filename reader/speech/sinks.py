"""Where PCM goes: the interface, a WAV file, and a recording for tests and checks.

A sink also keeps the listener's clock: `heard_at(sample)` says when a sample of the
stream reaches the ear, so word marks can be reported as they are heard. Files and
recordings have no clock of their own; everything written counts as heard at once.
"""

from __future__ import annotations

import threading
import time
import wave
from abc import ABC, abstractmethod
from pathlib import Path
from typing import BinaryIO

from reader.speech.engine import SAMPLE_WIDTH


class SinkError(Exception):
    """Audio can no longer be delivered; the message says why, in the user's terms."""


class Sink(ABC):
    """A destination for one stream of 16-bit mono PCM at a time."""

    def __init__(self) -> None:
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
        """The `time.monotonic()` at which a sample of this stream is heard."""
        return time.monotonic()

    def wait_until_heard(self, sample: int, cancelled: threading.Event) -> bool:
        """Block until the sample is heard; False if `cancelled` was set first."""
        delay = self.heard_at(sample) - time.monotonic()
        if delay > 0:
            return not cancelled.wait(delay)
        return not cancelled.is_set()

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
        self.stops = 0

    def _write(self, pcm: bytes) -> None:
        self.pcm += pcm

    def stop(self) -> None:
        self.stops += 1

    @property
    def seconds(self) -> float:
        """Length of everything recorded."""
        return len(self.pcm) / SAMPLE_WIDTH / self.sample_rate if self.sample_rate else 0.0


class ClockSink(Sink):
    """Plays nothing but keeps real time, so a screen can follow the reading where there
    is no audio player."""

    def __init__(self) -> None:
        super().__init__()
        self._started = time.monotonic()

    def open(self, sample_rate: int) -> None:
        super().open(sample_rate)
        self._started = time.monotonic()

    def heard_at(self, sample: int) -> float:
        return self._started + sample / self.sample_rate if self.sample_rate else self._started

    def _write(self, pcm: bytes) -> None:
        pass  # nothing to play it on; the clock is what matters


class WavSink(Sink):
    """Writes one WAV file; opening a second stream must keep the same sample rate."""

    def __init__(self, path: Path) -> None:
        super().__init__()
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
