"""The cues' sounds as a listener hears them: short, click-free, told apart by pitch and
rhythm, quieter than eSpeak's speech, and the same bytes every time."""

from __future__ import annotations

import hashlib
import itertools
import math
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from recording import SENTENCE, speak

from reader.plan.cues import Cue
from reader.speech import earcons
from reader.speech.cue_sounds import WORKING_EVERY
from reader.speech.earcons import earcon, earcon_seconds
from reader.speech.engine import EngineUnavailable
from reader.speech.engines import create_engine

Signal = npt.NDArray[np.float64]

RATES = (16000, 22050, 24000, 48000)
RATE = 22050  # eSpeak's
FRAME = 0.010  # seconds: loudness is measured over 10 ms frames
SOUNDING = 10 ** (-40 / 20)  # a frame quieter than -40 dBFS is silence
DISTINCT_SEMITONES = 3.0  # a minor third: an untrained ear hears that as another note


class Contour(Enum):
    RISE = "rise"
    FALL = "fall"
    FLAT = "flat"


# What each cue must sound like: how many notes start in it, and where its pitch goes.
HEARD: dict[Cue, tuple[int, Contour]] = {
    Cue.SECTION: (2, Contour.RISE),
    Cue.HEADING: (1, Contour.FLAT),
    Cue.SPOILER_SKIPPED: (1, Contour.FALL),
    Cue.SPOILER_REVEALED: (1, Contour.RISE),
    Cue.END_OF_REVIEW: (2, Contour.FALL),
    Cue.END_OF_QUEUE: (3, Contour.FALL),
    Cue.SLEEP: (1, Contour.FALL),
    Cue.ERROR: (2, Contour.FLAT),
    Cue.WORKING: (1, Contour.FLAT),
}


@dataclass(frozen=True)
class Level:
    """How loud a sound is, in dBFS: RMS over its sounding frames, its loudest 10 ms
    frame, and its peak sample."""

    rms: float
    loudest: float
    peak: float


@dataclass(frozen=True)
class Shape:
    """What a listener tells a cue by: its notes' onsets and its pitch (Hz) at the start
    and at the end of its sounding part."""

    onsets: int
    first: float
    last: float

    @property
    def contour(self) -> Contour:
        """Where the pitch goes, by at least a whole tone."""
        step = semitones(self.first, self.last)
        return Contour.RISE if step >= 2 else Contour.FALL if step <= -2 else Contour.FLAT


def samples(pcm: bytes) -> Signal:
    """16-bit PCM as floats in [-1, 1)."""
    return np.frombuffer(pcm, dtype="<i2").astype(np.float64) / 32768


def frame_rms(signal: Signal, rate: int) -> Signal:
    """RMS of each whole 10 ms frame."""
    size = round(FRAME * rate)
    frames = signal[: signal.size // size * size].reshape(-1, size)
    rms: Signal = np.sqrt((frames**2).mean(axis=1))
    return rms


def decibels(value: float) -> float:
    """An amplitude in dBFS."""
    return 20 * math.log10(value)


def level(signal: Signal, rate: int) -> Level:
    """The loudness of a cue or of speech, measured the same way."""
    rms = frame_rms(signal, rate)
    sounding = rms[rms > SOUNDING]
    return Level(
        rms=decibels(float(np.sqrt((sounding**2).mean()))),
        loudest=decibels(float(rms.max())),
        peak=decibels(float(np.abs(signal).max())),
    )


def semitones(low: float, high: float) -> float:
    """The interval from `low` to `high`."""
    return 12 * math.log2(high / low)


def onsets(signal: Signal, rate: int) -> int:
    """Notes that start: the 5 ms envelope rising past half its height after having
    fallen below a fifth (the hysteresis keeps a swoosh's flutter from counting)."""
    size = round(0.005 * rate)
    envelope = np.sqrt((signal[: signal.size // size * size].reshape(-1, size) ** 2).mean(axis=1))
    envelope /= envelope.max()
    count, quiet = 0, True
    for value in envelope:
        if quiet and value > 0.5:
            count, quiet = count + 1, False
        elif value < 0.2:
            quiet = True
    return count


def pitch(signal: Signal, rate: int) -> float:
    """The frequency (to 2 Hz) that splits the power of the spectrum in half: a tone's
    own pitch, the middle of a noise band or of a glide."""
    power = np.abs(np.fft.rfft(signal * np.hanning(signal.size), n=rate // 2)) ** 2
    below = np.cumsum(power)
    return float(np.searchsorted(below, below[-1] / 2)) * 2


def shape(cue: Cue, rate: int = RATE) -> Shape:
    """How the cue sounds at `rate`: pitch over the first and last third of the span
    where it is sounding (louder than a tenth of its loudest frame)."""
    signal = samples(earcon(cue, rate))
    rms = frame_rms(signal, rate)
    loud = np.flatnonzero(rms > rms.max() / 10)
    size = round(FRAME * rate)
    start, end = int(loud[0]) * size, (int(loud[-1]) + 1) * size
    third = (end - start) // 3
    first = pitch(signal[start : start + third], rate)
    last = pitch(signal[end - third : end], rate)
    return Shape(onsets(signal, rate), first, last)


@pytest.fixture(scope="module")
def espeak_levels() -> Iterator[dict[int, Level]]:
    """eSpeak's speech of SENTENCE at volumes 100 and 50, at its own rate."""
    try:
        engine = create_engine("espeak")
    except EngineUnavailable as error:
        pytest.skip(f"espeak: {error}")
    assert engine.sample_rate == RATE
    yield {v: level(samples(speak(engine, SENTENCE, volume=v).pcm), RATE) for v in (100, 50)}
    engine.close()


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("cue", list(Cue))
def test_a_cue_is_short_and_lasts_as_long_at_every_rate(cue: Cue, rate: int) -> None:
    pcm = earcon(cue, rate)
    seconds = len(pcm) / 2 / rate
    assert 0.060 <= seconds <= 0.250
    assert seconds == pytest.approx(earcon_seconds(cue), abs=1 / rate)


def test_the_working_tick_is_a_tick_well_inside_its_period() -> None:
    assert 0.060 <= earcon_seconds(Cue.WORKING) <= 0.080
    assert earcon_seconds(Cue.WORKING) < WORKING_EVERY / 4


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("cue", list(Cue))
def test_a_cue_fades_in_and_out_without_a_click(cue: Cue, rate: int) -> None:
    signal = samples(earcon(cue, rate))
    peak = np.abs(signal).max()
    assert abs(signal[0]) <= peak / 100
    assert abs(signal[-1]) <= peak / 100
    edge = round(0.0005 * rate)  # the first and last half millisecond are ramps, not steps
    assert np.abs(signal[:edge]).max() <= peak * 0.3
    assert np.abs(signal[-edge:]).max() <= peak * 0.3


@pytest.mark.parametrize(("cue", "heard"), HEARD.items())
def test_a_cue_has_its_notes_and_its_contour(cue: Cue, heard: tuple[int, Contour]) -> None:
    sound = shape(cue)
    assert (sound.onsets, sound.contour) == heard, sound


def test_the_shape_is_the_same_at_every_rate() -> None:
    for cue in Cue:
        shapes = [shape(cue, rate) for rate in RATES]
        assert {(item.onsets, item.contour) for item in shapes} == {HEARD[cue]}
        for item in shapes:  # a sweep's thirds fall a frame apart: allow a whole tone
            assert abs(semitones(shapes[0].first, item.first)) < 2
            assert abs(semitones(shapes[0].last, item.last)) < 2


@pytest.mark.parametrize(("one", "other"), itertools.combinations(list(Cue), 2))
def test_two_cues_differ_in_rhythm_or_pitch(one: Cue, other: Cue) -> None:
    a, b = shape(one), shape(other)
    apart = max(abs(semitones(a.first, b.first)), abs(semitones(a.last, b.last)))
    assert a.onsets != b.onsets or apart >= DISTINCT_SEMITONES, (a, b)


def test_the_low_cues_are_the_warnings() -> None:
    lows = {cue for cue in Cue if shape(cue).last < 300}
    assert lows == {Cue.SLEEP, Cue.ERROR}


@pytest.mark.parametrize("cue", list(Cue))
def test_a_cue_is_quieter_than_espeak_speech(cue: Cue, espeak_levels: dict[int, Level]) -> None:
    speech = espeak_levels[100]
    sound = level(samples(earcon(cue, RATE)), RATE)
    assert sound.peak <= -12
    assert sound.peak <= speech.peak - 10
    assert sound.rms <= speech.rms - 4
    assert sound.loudest <= speech.rms


def test_the_working_tick_is_the_softest_cue() -> None:
    tick = level(samples(earcon(Cue.WORKING, RATE)), RATE)
    others = [level(samples(earcon(cue, RATE)), RATE) for cue in Cue if cue is not Cue.WORKING]
    assert all(tick.loudest <= other.loudest - 6 for other in others)


@pytest.mark.parametrize("cue", list(Cue))
def test_volume_scales_a_cue_as_it_scales_speech(cue: Cue, espeak_levels: dict[int, Level]) -> None:
    full, half = (level(samples(earcon(cue, RATE, volume)), RATE) for volume in (100, 50))
    speech_step = espeak_levels[50].rms - espeak_levels[100].rms
    assert half.loudest - full.loudest == pytest.approx(speech_step, abs=1.0)
    assert half.peak < full.peak


@pytest.mark.parametrize("cue", list(Cue))
def test_volume_zero_is_silence_of_the_same_length(cue: Cue) -> None:
    silent = earcon(cue, RATE, 0)
    assert silent == bytes(len(earcon(cue, RATE)))


def test_a_volume_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="volume"):
        earcon(Cue.SECTION, RATE, 101)


def digest() -> str:
    """One hash over every cue at every rate."""
    sounds = (earcon(cue, rate) for cue in Cue for rate in RATES)
    return hashlib.sha256(b"".join(sounds)).hexdigest()


def test_the_sounds_are_the_same_bytes_every_time() -> None:
    first = digest()
    earcon.cache_clear()
    earcons._shape.cache_clear()
    assert digest() == first
    code = "import test_earcons; print(test_earcons.digest())"
    other = subprocess.run(  # a fresh process: no cache, its own numpy state
        [sys.executable, "-c", code],
        cwd=Path(__file__).parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert other.stdout.strip() == first
