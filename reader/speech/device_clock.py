"""When a PortAudio stream's samples are heard: frames handed to the device, and the
origin of their clock, estimated from the device's own output times."""

from __future__ import annotations

import statistics
from collections import deque

_ESTIMATES = 64  # callbacks' worth of clock estimates, about a second


class DeviceClock:
    """Frames handed to the device, where the stream's samples went among them, and when
    frame 0 is heard. Used under the sink's lock."""

    def __init__(self) -> None:
        self.frames = 0  # handed to the device since the stream started
        self.taken = 0  # stream samples among them
        self.placed: tuple[int, int] | None = None  # (stream sample, its frame), latest
        self.origin: float | None = None  # when frame 0 is heard
        self._settled = False
        self._last_call = 0.0
        self._estimates: deque[float] = deque(maxlen=_ESTIMATES)

    def steady(self, now: float, period: float) -> bool:
        """Whether callbacks have come at the device's pace yet (not a start-up burst)."""
        if not self._settled and self._last_call and now - self._last_call >= period / 2:
            self._settled = True
        self._last_call = now
        return self._settled

    def estimate(self, heard: float, rate: int) -> None:
        """The next frame is heard at `heard`: the origin is the median of the latest such
        estimates, since single DAC times jitter by a block either way."""
        self._estimates.append(heard - self.frames / rate)
        self.origin = statistics.median(self._estimates)

    def new_stream(self) -> None:
        """Stream samples count from 0 again; the device's frames and clock go on."""
        self.taken = 0
        self.placed = None

    def restart(self) -> None:
        """The device ran dry and played silence of its own: frames are heard later now."""
        self._estimates.clear()

    def advance(self, frames: int, samples: int) -> None:
        """`frames` went to the device, the first `samples` of them from the stream."""
        if samples:
            self.placed = (self.taken, self.frames)
            self.taken += samples
        self.frames += frames

    def frame_of(self, sample: int) -> int:
        """The device frame a stream sample was, or at the soonest will be."""
        if self.placed is not None and sample < self.taken:
            return self.placed[1] + sample - self.placed[0]
        return self.frames + sample - self.taken
