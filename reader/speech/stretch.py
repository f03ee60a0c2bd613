"""Time-stretch for speech: WSOLA shortens 16-bit PCM by a factor and keeps its pitch.

Where eSpeak has no libsonic it cannot speak faster than about 450 wpm; reader renders
at its fastest native pace and shortens that. WSOLA (waveform-similarity overlap-add)
cuts Hann-windowed frames of FRAME_MS from the input every factor x FRAME_MS / 2 and
lays them down every FRAME_MS / 2, half overlapping. Each frame is first moved, by up to
TOLERANCE_MS, to where it best continues the frame before it, so voiced speech keeps
whole periods and its pitch, with no clicks. Input sample s is heard at output sample
s / factor, which is where word marks go.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from reader.speech.engine import WordMark

FRAME_MS = 24
TOLERANCE_MS = 10
MIN_FACTOR = 1.0
MAX_FACTOR = 2.5

Samples = npt.NDArray[np.float64]


class Stretcher:
    """Shortens one utterance's PCM by `factor` as it arrives, and moves its word marks.

    The output lags the input by about one frame and the search tolerance; `finish`
    hands over the rest once the input has ended. Output length is round(input / factor).
    """

    def __init__(self, factor: float, sample_rate: int) -> None:
        if not MIN_FACTOR <= factor <= MAX_FACTOR:
            raise ValueError(f"a stretch factor must be {MIN_FACTOR}-{MAX_FACTOR}, not {factor}")
        self.factor = factor
        self._hop = sample_rate * FRAME_MS // 2000
        self._frame = 2 * self._hop
        self._tolerance = sample_rate * TOLERANCE_MS // 1000
        # Periodic Hann: two windows half a frame apart sum to exactly one.
        self._window: Samples = np.hanning(self._frame + 1)[:-1]
        # Frame 0 is centred on sample 0, so zeros before the input let the first
        # frame (and the search around later ones) reach back past its start.
        lead = self._hop + self._tolerance
        self._input: Samples = np.zeros(lead)
        self._first = -lead  # which input sample self._input[0] is
        self._received = 0
        self._frames = 0
        self._previous = -self._hop  # where the last frame placed began, in the input
        self._tail: Samples = np.zeros(self._hop)
        # The output sample of the next hop laid down: frame 0's first half comes before
        # the output starts.
        self._produced = -self._hop
        self._pending: list[WordMark] = []

    def push(
        self, pcm: bytes, marks: Sequence[WordMark] = ()
    ) -> tuple[bytes, tuple[WordMark, ...]]:
        """Take more input (marks at input samples); return the output now final and
        the marks that fall inside it, at output samples."""
        samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
        self._input = np.concatenate((self._input, samples))
        self._received += len(samples)
        self._pending += [replace(mark, sample=self.output_sample(mark.sample)) for mark in marks]
        return self._produce()

    def finish(self) -> tuple[bytes, tuple[WordMark, ...]]:
        """The input has ended: the rest of the output, and every mark still held."""
        total = round(self._received / self.factor)
        # Silence after the input, enough for the frames that cover the last output.
        needed = self._nominal(-(-total // self._hop)) + self._tolerance + self._frame
        self._input = np.concatenate((self._input, np.zeros(max(0, needed - self._end()))))
        pcm, marks = self._produce(total)
        last = max(total - 1, 0)
        held = tuple(replace(mark, sample=min(mark.sample, last)) for mark in self._pending)
        self._pending = []
        return pcm, marks + held

    def output_sample(self, sample: int) -> int:
        """The output sample where input sample `sample` is heard."""
        return round(sample / self.factor)

    def _produce(self, limit: int | None = None) -> tuple[bytes, tuple[WordMark, ...]]:
        """Lay down every frame the input held allows, and release the marks inside the
        output that is now final (none of it past `limit`)."""
        start = self._produced
        pieces: list[Samples] = []
        while self._nominal(self._frames) + self._tolerance + self._frame <= self._end():
            pieces.append(self._place(self._frames))
            self._frames += 1
            self._produced += self._hop
        end = self._produced if limit is None else min(self._produced, limit)
        out = np.concatenate(pieces)[max(0, -start) : end - start] if pieces else np.zeros(0)
        self._drop_used_input()
        ready = tuple(mark for mark in self._pending if mark.sample < end)
        self._pending = self._pending[len(ready) :]
        return _to_pcm(out), ready

    def _place(self, index: int) -> Samples:
        """Overlap-add frame `index`; returns the hop of output it completes."""
        start = self._nominal(index) if index == 0 else self._best_start(index)
        frame = self._window * self._slice(start, self._frame)
        done = self._tail + frame[: self._hop]
        self._tail = frame[self._hop :]
        self._previous = start
        return done

    def _best_start(self, index: int) -> int:
        """Where, within the tolerance of its nominal place, frame `index` best
        continues the frame before it (normalised cross-correlation)."""
        natural = self._slice(self._previous + self._hop, self._frame)
        lowest = self._nominal(index) - self._tolerance
        region = self._slice(lowest, self._frame + 2 * self._tolerance)
        similarity = np.correlate(region, natural, mode="valid")
        energy = np.cumsum(np.concatenate(([0.0], region * region)))
        candidates = energy[self._frame :] - energy[: -self._frame]
        score = similarity / np.sqrt(candidates + 1.0)
        best = int(np.argmax(score))
        # Silence matches nothing: keep to the nominal place.
        return lowest + best if score[best] > 0 else lowest + self._tolerance

    def _nominal(self, index: int) -> int:
        """Where frame `index` begins in the input before the search moves it: its centre
        is `index` analysis hops (factor x synthesis hop) into the input."""
        return round(index * self._hop * self.factor) - self._hop

    def _slice(self, start: int, length: int) -> Samples:
        offset = start - self._first
        return self._input[offset : offset + length]

    def _end(self) -> int:
        """One past the last input sample held (input coordinates)."""
        return self._first + len(self._input)

    def _drop_used_input(self) -> None:
        """Forget input no later frame can reach."""
        keep = min(self._previous + self._hop, self._nominal(self._frames) - self._tolerance)
        if keep > self._first:
            self._input = self._input[keep - self._first :]
            self._first = keep


def _to_pcm(samples: Samples) -> bytes:
    return np.clip(np.rint(samples), -32768, 32767).astype("<i2").tobytes()


def stretch(pcm: bytes, factor: float, sample_rate: int) -> bytes:
    """A whole piece of PCM shortened by `factor` (round(samples / factor) samples)."""
    stretcher = Stretcher(factor, sample_rate)
    head, _ = stretcher.push(pcm)
    tail, _ = stretcher.finish()
    return head + tail
