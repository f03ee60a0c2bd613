"""Time-stretch speed and quality: reader.speech.stretch against the stretch it replaced.

eSpeak speaks the sample reviews at its fastest native pace (449 wpm); each is then
shortened to 600 and 900 wpm by the current Stretcher and by the baseline below (the
previous WSOLA, an exhaustive search of every lag per frame), in the same run, this
process pinned to one core:

- speed, best of RUNS: seconds of output per CPU second (`x_realtime_cpu`) and per wall
  second (`x_realtime_wall`), for the whole of each review pushed at once (`whole`) and
  pushed in the pieces eSpeak hands over (`pieces`, PIECE samples); `pieces_same` says
  whether the current stretch gave the same bytes both ways;
- quality, of the whole reviews: `spectrum_db`, the RMS over 0-8 kHz of the difference
  in dB between the long-term spectrum (Welch, Hann, SPECTRUM_N) of the stretched audio
  and of the 449 wpm audio; `step_p999`, the 99.9th percentile of the step between two
  samples (clicks raise it; the 449 wpm audio's is `native_step_p999`); `f0_hz`, the
  median pitch of loud frames (pitch kept: native `native_f0_hz`); `pace_error`, the
  length against eSpeak's own 175 wpm scaled to the pace (negative: too fast).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt
from common import SAMPLES, load_documents, print_report, spoken_pcm

from reader.cli.said import text_lines
from reader.speech.engine import VoiceSettings, WordMark
from reader.speech.espeak import EspeakEngine
from reader.speech.stretch import FRAME_MS, MAX_FACTOR, MIN_FACTOR, TOLERANCE_MS, Stretcher

RATES = (600, 900)
NATIVE = 449
RUNS = 3
PIECE = 1081  # samples: what eSpeak hands over at a time at 22,050 Hz
SPECTRUM_N = 1024
TOP_HZ = 8000

Samples = npt.NDArray[np.float64]
Stretch = Callable[[bytes, float, int, int | None], bytes]


class BaselineStretcher:
    """reader's stretch before the coarse-to-fine search (exhaustive search per frame).

    Shortens one utterance's PCM by `factor` as it arrives, and moves its word marks.

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
        return _baseline_pcm(out), ready

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


def _baseline_pcm(samples: Samples) -> bytes:
    return np.clip(np.rint(samples), -32768, 32767).astype("<i2").tobytes()


def _stretched(kind: type[Stretcher] | type[BaselineStretcher]) -> Stretch:
    def run(pcm: bytes, factor: float, rate: int, piece: int | None) -> bytes:
        stretcher = kind(factor, rate)
        size = 2 * piece if piece else max(len(pcm), 1)
        out = [stretcher.push(pcm[at : at + size])[0] for at in range(0, len(pcm), size)]
        return b"".join(out) + stretcher.finish()[0]

    return run


def _samples(pcm: bytes) -> Samples:
    return np.frombuffer(pcm, dtype="<i2").astype(np.float64)


def _speed(
    run: Stretch, native: Sequence[bytes], factor: float, rate: int, piece: int | None
) -> dict[str, float]:
    cpu, wall, made = [], [], 0
    for _ in range(RUNS):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        made = sum(len(run(pcm, factor, rate, piece)) // 2 for pcm in native)
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    seconds = made / rate
    return {
        "x_realtime_cpu": round(seconds / min(cpu)),
        "x_realtime_wall": round(seconds / min(wall)),
    }


def _spectrum(signal: Samples) -> Samples:
    frames = np.lib.stride_tricks.sliding_window_view(signal, SPECTRUM_N)[:: SPECTRUM_N // 2]
    spectrum: Samples = (np.abs(np.fft.rfft(frames * np.hanning(SPECTRUM_N))) ** 2).mean(axis=0)
    return spectrum


def _f0(signal: Samples, rate: int) -> float:
    """Median pitch (autocorrelation peak, 60-400 Hz) of the loudest half of 2048-sample
    frames."""
    frames = signal[: len(signal) // 2048 * 2048].reshape(-1, 2048)
    frames = frames[frames.std(axis=1) >= np.median(frames.std(axis=1))]
    frames = frames - frames.mean(axis=1, keepdims=True)
    power = np.abs(np.fft.rfft(frames, 4096)) ** 2
    correlation = np.fft.irfft(power)[:, rate // 400 : rate // 60]
    return float(np.median(rate / (rate // 400 + correlation.argmax(axis=1))))


def _quality(out: Samples, native: Samples, rate: int, expected: float) -> dict[str, float]:
    band = slice(1, int(TOP_HZ * SPECTRUM_N / rate) + 1)
    difference = 10 * np.log10(_spectrum(out)[band] / _spectrum(native)[band])
    return {
        "spectrum_db": round(float(np.sqrt(np.mean(difference**2))), 3),
        "step_p999": round(float(np.percentile(np.abs(np.diff(out)), 99.9)), 1),
        "f0_hz": round(_f0(out, rate), 1),
        "pace_error": round(len(out) / expected - 1, 4),
    }


def main() -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    texts = [
        "\n".join(text_lines(document, skip_spoilers=False))
        for document in load_documents([SAMPLES])
    ]
    engine = EspeakEngine(use_sonic=False)
    rate = engine.sample_rate
    engine.configure(VoiceSettings(rate=175))
    normal = sum(len(spoken_pcm(engine, text)) // 2 for text in texts)
    engine.configure(VoiceSettings(rate=NATIVE))
    native = [spoken_pcm(engine, text) for text in texts]
    whole = _samples(b"".join(native))
    kinds = {"baseline": _stretched(BaselineStretcher), "current": _stretched(Stretcher)}
    report: dict[str, object] = {}
    for wpm in RATES:
        factor = wpm / NATIVE
        rows: dict[str, object] = {}
        for name, run in kinds.items():
            outs = [run(pcm, factor, rate, None) for pcm in native]
            rows[name] = {
                "whole": _speed(run, native, factor, rate, None),
                "pieces": _speed(run, native, factor, rate, PIECE),
                **_quality(_samples(b"".join(outs)), whole, rate, normal * 175 / wpm),
            }
        rows["pieces_same"] = all(
            kinds["current"](pcm, factor, rate, PIECE) == kinds["current"](pcm, factor, rate, None)
            for pcm in native
        )
        report[str(wpm)] = rows
    print_report(
        {
            "native_seconds": round(len(whole) / rate, 1),
            "native_step_p999": round(float(np.percentile(np.abs(np.diff(whole)), 99.9)), 1),
            "native_f0_hz": round(_f0(whole, rate), 1),
            "rates": report,
        }
    )


if __name__ == "__main__":
    main()
