"""Time-stretch for speech: WSOLA shortens 16-bit PCM by a factor and keeps its pitch.

Where eSpeak has no libsonic it cannot speak faster than about 450 wpm; reader renders
at its fastest native pace and shortens that. WSOLA (waveform-similarity overlap-add)
cuts Hann-windowed frames of FRAME_MS from the input every factor x FRAME_MS / 2 and
lays them down every FRAME_MS / 2, half overlapping. Each frame is first moved, by up to
TOLERANCE_MS, to where it best continues the frame before it, so voiced speech keeps
whole periods and its pitch, with no clicks. Input sample s is heard at output sample
s / factor, which is where word marks go.

The search for that place is most of the work, and it is sequential (where a frame
goes depends on where the one before landed), so each step of it is kept small:

- the frame before's natural continuation, when within the tolerance, is taken as it
  is: nothing can continue it better (the exhaustive search chose it too, 99% of
  the time). Only the others are searched: two in three at 600 wpm, nine in ten at 900;
- a search is coarse to fine: places a step (1 / COARSE_HZ s) apart are first
  compared on the sums of each step's samples (a low-pass: no aliasing fools the
  match), by correlation over the place's energy, and the best is refined sample by
  sample within REFINE of it by correlation alone (energies so near are
  all but equal). Speech's periods are long against that step, so the coarse best sits
  by the true one: under a twentieth of the products of an exhaustive search;
- what does not depend on the frame before is done for many frames in one NumPy call:
  the sums and energies for all the input held, the windowing and overlap-add of
  BATCH frames at a time (input is held until that many can be laid down: fixed
  costs are shared, and eSpeak makes that much audio in about a millisecond);
- samples stay whole numbers in float64, so every sum is exact in any order, the
  coarse grid is fixed in input time, and no search reaches the end of the input
  held: PCM pushed in pieces gives the bytes pushing it at once gives. Input is taken
  BLOCK samples at a time, which keeps the running sums exact and memory small.
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
COARSE_HZ = 2_750  # the coarse search's rate: speech's periods are 2.5-16 ms
REFINE = 4  # samples either side of the coarse best tried one by one
BATCH = 32  # frames laid down at a time (384 ms of output)
BLOCK = 1 << 16  # input samples handled at a time (3 s at 22,050 Hz)

Samples = npt.NDArray[np.float64]


class Stretcher:
    """Shortens one utterance's PCM by `factor` as it arrives, and moves its word marks.

    The output comes BATCH frames at a time, so it lags the input by up to that and a
    frame; `finish` hands over the rest once the input has ended. Output length is
    round(input / factor).
    """

    def __init__(self, factor: float, sample_rate: int) -> None:
        if not MIN_FACTOR <= factor <= MAX_FACTOR:
            raise ValueError(f"a stretch factor must be {MIN_FACTOR}-{MAX_FACTOR}, not {factor}")
        self.factor = factor
        self._hop = sample_rate * FRAME_MS // 2000
        self._frame = 2 * self._hop
        self._tolerance = sample_rate * TOLERANCE_MS // 1000
        self._step = max(1, round(sample_rate / COARSE_HZ))
        # Periodic Hann: two windows half a frame apart sum to exactly one.
        self._window: Samples = np.hanning(self._frame + 1)[:-1]
        self._offsets = np.arange(self._frame)
        # Frame 0 is centred on sample 0, so zeros before the input let the first
        # frame (and the search around later ones) reach back past its start.
        lead = self._hop + self._tolerance
        self._input: Samples = np.zeros(lead)
        self._first = -lead  # which input sample self._input[0] is
        self._waiting: list[bytes] = []  # PCM taken, not yet searched
        self._waited = 0  # its samples
        self._received = 0
        self._frames = 0
        self._previous = -self._hop  # where the last frame placed began, in the input
        self._tail: Samples = np.zeros(self._hop)
        # The output sample of the next hop laid down: frame 0's first half comes before
        # the output starts.
        self._produced = -self._hop
        self._pending: list[WordMark] = []
        self._due = self._reach(BATCH - 1)

    def push(
        self, pcm: bytes, marks: Sequence[WordMark] = ()
    ) -> tuple[bytes, tuple[WordMark, ...]]:
        """Take more input (marks at input samples); return the output now final and
        the marks that fall inside it, at output samples."""
        if marks:
            self._pending += [replace(m, sample=self.output_sample(m.sample)) for m in marks]
        self._waiting.append(pcm)
        self._waited += len(pcm) // 2
        self._received += len(pcm) // 2
        # Frames are laid down BATCH at a time: their fixed costs are shared.
        if self._end() < self._due:
            return b"", ()
        return self._run()

    def finish(self) -> tuple[bytes, tuple[WordMark, ...]]:
        """The input has ended: the rest of the output, and every mark still held."""
        total = round(self._received / self.factor)
        # Silence after the input, enough for the frames that cover the last output.
        needed = self._reach(-(-total // self._hop))
        self._waiting.append(bytes(2 * max(0, needed - self._end())))
        pcm, marks = self._run(total)
        last = max(total - 1, 0)
        held = tuple(replace(mark, sample=min(mark.sample, last)) for mark in self._pending)
        self._pending = []
        return pcm, marks + held

    def output_sample(self, sample: int) -> int:
        """The output sample where input sample `sample` is heard."""
        return round(sample / self.factor)

    def _run(self, limit: int | None = None) -> tuple[bytes, tuple[WordMark, ...]]:
        """Search and lay down what the input waiting allows, BLOCK samples at a time."""
        samples = np.frombuffer(b"".join(self._waiting), dtype="<i2")
        self._waiting, self._waited = [], 0
        made = []
        for at in range(0, max(len(samples), 1), BLOCK):
            self._input = np.concatenate((self._input, samples[at : at + BLOCK]), dtype=float)
            made.append(self._produce(limit))
        self._due = self._reach(self._frames + BATCH - 1)
        return b"".join(pcm for pcm, _ in made), tuple(m for _, ready in made for m in ready)

    def _ready(self, index: int) -> bool:
        """Whether the input held reaches as far as frame `index` can search."""
        return self._reach(index) <= self._end()

    def _reach(self, index: int) -> int:
        """One past the last input sample frame `index` can search, and a coarse step
        more: a search never meets the end of the input held (nor, once used input is
        dropped, its start), so it is the same whatever pieces the input came in."""
        return self._nominal(index) + self._tolerance + self._frame + self._step

    def _produce(self, limit: int | None = None) -> tuple[bytes, tuple[WordMark, ...]]:
        """Lay down every frame the input held allows, and release the marks inside the
        output that is now final (none of it past `limit`)."""
        start = self._produced
        starts = self._search()
        self._produced += self._hop * len(starts)
        end = self._produced if limit is None else min(self._produced, limit)
        out = self._overlap_add(starts)[max(0, -start) : end - start]
        self._drop_used_input()
        ready = tuple(mark for mark in self._pending if mark.sample < end)
        self._pending = self._pending[len(ready) :]
        return _to_pcm(out), ready

    def _search(self) -> list[int]:
        """Where each frame the input held allows begins (indices into the input held).

        A frame goes where the one before it naturally continues whenever that is
        within its tolerance: no place can match better. Otherwise its place is
        searched coarse to fine."""
        # About the frames the input reaches, then exactly (the nominal places round).
        reach = self._end() - self._tolerance - self._frame - self._step + self._hop
        after = max(self._frames, int(reach / (self._hop * self.factor)) + 2)
        while after > self._frames and not self._ready(after - 1):
            after -= 1
        count = after - self._frames
        if count == 0:
            return []
        hop, tolerance, first = self._hop, self._tolerance, self._first
        search = _Search(self._input, first, self._step, self._frame, self._tolerance)
        starts: list[int] = []
        previous = self._previous - first
        for index in range(self._frames, self._frames + count):
            lowest = round(index * hop * self.factor) - hop - tolerance - first
            natural = previous + hop
            if index > 0 and natural < lowest:
                previous = search.place(lowest, natural)
            else:
                previous = natural if index > 0 else lowest + tolerance
            starts.append(previous)
        self._frames += count
        self._previous = previous + first
        return starts

    def _overlap_add(self, starts: list[int]) -> Samples:
        """The windowed frames at `starts` laid half overlapping after the held tail;
        one hop of output per frame."""
        if not starts:
            return np.zeros(0)
        hop = self._hop
        frames = self._input[np.array(starts)[:, np.newaxis] + self._offsets] * self._window
        out = frames[:, :hop]
        out[0] += self._tail
        out[1:] += frames[:-1, hop:]
        self._tail = frames[-1, hop:].copy()
        return out.ravel()

    def _nominal(self, index: int) -> int:
        """Where frame `index` begins in the input before the search moves it: its centre
        is `index` analysis hops (factor x synthesis hop) into the input."""
        return round(index * self._hop * self.factor) - self._hop

    def _end(self) -> int:
        """One past the last input sample taken (input coordinates)."""
        return self._first + len(self._input) + self._waited

    def _drop_used_input(self) -> None:
        """Forget input no later frame can reach."""
        keep = min(self._previous + self._hop, self._nominal(self._frames) - self._tolerance)
        keep -= self._step
        if keep > self._first:
            self._input = self._input[keep - self._first :]
            self._first = keep


class _Search:
    """Finds where frames best continue in a stretch of input: `signal` (its first sample
    input sample `first`), also summed `step` samples at a time on a grid fixed in input
    time, so the sums are the same whatever pieces the input came in."""

    def __init__(self, signal: Samples, first: int, step: int, frame: int, tolerance: int) -> None:
        self.signal, self.step, self.frame, self.tolerance = signal, step, frame, tolerance
        self.grid = -first % step  # the index in `signal` of the first grid point
        whole = (len(signal) - self.grid) // step * step
        self.sums = signal[self.grid : self.grid + whole].reshape(-1, step) @ np.ones(step)
        self.span = frame // step  # a frame, in sums
        energy = np.concatenate(([0.0], np.cumsum(self.sums * self.sums)))
        self.scale = 1.0 / np.sqrt(energy[self.span :] - energy[: -self.span] + 1.0)

    def place(self, lowest: int, natural: int) -> int:
        """The start within [lowest, lowest + 2 x tolerance] most like the frame at
        `natural` (indices into `signal`): the best of every step-th start, on the sums,
        then the best sample by sample within REFINE of it; the middle if all is silent."""
        step, grid, span, tolerance = self.step, self.grid, self.span, self.tolerance
        highest = lowest + 2 * tolerance
        # Coarse: starts at `natural`'s distance from the grid, normalised correlation.
        anchor = max(0, (natural - grid + step // 2) // step)
        shift = natural - grid - anchor * step
        low = max(0, -((shift + grid - lowest) // step))
        high = min((highest - shift - grid) // step, len(self.sums) - span)
        similarity = np.correlate(self.sums[low : high + span], self.sums[anchor : anchor + span])
        score = similarity * self.scale[low : high + 1]
        best = int(score.argmax())
        if score[best] <= 0:
            return lowest + tolerance  # silence matches nothing: keep to the nominal
        # Fine: plain correlation, the candidates' energies being all but equal so near.
        centre = grid + (low + best) * step + shift
        low, high = max(lowest, centre - REFINE), min(highest, centre + REFINE)
        signal, frame = self.signal, self.frame
        similarity = np.correlate(signal[low : high + frame], signal[natural : natural + frame])
        best = int(similarity.argmax())
        return low + best if similarity[best] > 0 else lowest + tolerance


def _to_pcm(samples: Samples) -> bytes:
    return np.clip(np.rint(samples), -32768, 32767).astype("<i2").tobytes()


def stretch(pcm: bytes, factor: float, sample_rate: int) -> bytes:
    """A whole piece of PCM shortened by `factor` (round(samples / factor) samples)."""
    stretcher = Stretcher(factor, sample_rate)
    head, _ = stretcher.push(pcm)
    tail, _ = stretcher.finish()
    return head + tail
