"""The sounds of reader's cues (earcons): short tones made in code, as 16-bit mono PCM.

Every cue is a few notes, each a tone with a smooth attack and release, so a cue starts
and ends on silence and never clicks. Meaning is kept consistent: rising means "in" or
"more", falling means "out", "done" or "skipped"; the endings resolve onto the same C.

| Cue              | Sounds like                                    | Why                          |
|------------------|------------------------------------------------|------------------------------|
| SECTION          | two soft rising notes, E5 then A5 (175 ms)     | something new starts: a lift |
| HEADING          | one crisp high blip, E6, quick decay (80 ms)   | a jump landed: one point     |
| SPOILER_SKIPPED  | breathy swoosh falling 2 kHz → 500 Hz (180 ms) | text swept out of the way    |
| SPOILER_REVEALED | the same swoosh rising 500 Hz → 2 kHz (180 ms) | the reverse: text comes in   |
| END_OF_REVIEW    | gentle G5 down to a longer C5 (240 ms)         | a cadence: resolved, done    |
| END_OF_QUEUE     | three falling notes C6, G5, C5 (245 ms)        | the review's end, made final |
| SLEEP            | slow low glide G4 → G3, fading (240 ms)        | winding down, dozing off     |
| ERROR            | two low buzzy pulses on A3 (180 ms)            | a soft "uh-uh", unmistakable |
| WORKING          | a quiet high tick, C7 (70 ms), repeated        | a clock: busy, nothing to do |

Levels sit well under speech: eSpeak at full volume peaks near 0 dBFS with an RMS near
-20 dBFS; a cue's loudest 10 ms has an RMS of -24 dBFS (the tick -32) and its peak stays
under -15 dBFS. `volume` scales the amplitude linearly, as the engines' volume does.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from enum import Enum

import numpy as np
import numpy.typing as npt

from reader.plan.cues import Cue

Signal = npt.NDArray[np.float64]

_FULL_SCALE = 32767
_FRAME = 0.010  # seconds over which a cue's loudness is measured
_HIGHEST = 0.45  # partials above this fraction of the sample rate are left out (aliasing)


class Timbre(Enum):
    """The colour of a tone."""

    PURE = "pure"  # a sine with a faint octave: soft, clear
    BELL = "bell"  # a stronger octave and twelfth: crisp
    WARM = "warm"  # a low sine with harmonics, so small speakers still carry it
    BUZZ = "buzz"  # odd harmonics falling fast: a rounded square wave
    BREATH = "breath"  # a sine in a band of noise: a swoosh


_PARTIALS: dict[Timbre, tuple[tuple[int, float], ...]] = {
    Timbre.PURE: ((1, 1.0), (2, 0.12)),
    Timbre.BELL: ((1, 1.0), (2, 0.3), (3, 0.12)),
    Timbre.WARM: ((1, 1.0), (2, 0.45), (3, 0.25), (4, 0.1)),
    Timbre.BUZZ: tuple((n, n**-1.5) for n in range(1, 12, 2)),
    Timbre.BREATH: ((1, 1.0),),
}


@dataclass(frozen=True)
class Tone:
    """One note of a cue: `start` and `length` in seconds, its pitch gliding
    exponentially from `pitch` to `to` Hz; `decay` (seconds, 0 for none) lets it die
    away like a struck note."""

    start: float
    length: float
    pitch: float
    to: float = 0.0  # 0: no glide
    timbre: Timbre = Timbre.PURE
    attack: float = 0.008
    release: float = 0.03
    decay: float = 0.0
    gain: float = 1.0

    @property
    def end(self) -> float:
        """When the note has died away."""
        return self.start + self.length


@dataclass(frozen=True)
class Design:
    """A cue's notes and how loud its loudest 10 ms is (RMS, dBFS)."""

    tones: tuple[Tone, ...]
    level: float = -24.0

    @property
    def seconds(self) -> float:
        """The cue's length."""
        return max(tone.end for tone in self.tones)


_NOTES = {"C": -9, "D": -7, "E": -5, "F": -4, "G": -2, "A": 0, "B": 2}


def _note(name: str) -> float:
    """The pitch in Hz of a note named like "E5" (equal temperament, A4 = 440 Hz)."""
    semitones = _NOTES[name[0]] + 12 * (int(name[1:]) - 4)
    return 440.0 * 2 ** (semitones / 12)


_GLIDE = 2 ** (0.5 / 12)  # half a semitone: makes a note a chirp

DESIGNS: dict[Cue, Design] = {
    Cue.SECTION: Design(
        (
            Tone(0.0, 0.075, _note("E5"), _note("E5") * _GLIDE),
            Tone(0.085, 0.09, _note("A5"), _note("A5") * _GLIDE, release=0.04),
        )
    ),
    Cue.HEADING: Design(
        (Tone(0.0, 0.08, _note("E6"), timbre=Timbre.BELL, attack=0.002, decay=0.025, release=0.03),)
    ),
    Cue.SPOILER_SKIPPED: Design(
        (Tone(0.0, 0.18, 2000.0, 500.0, Timbre.BREATH, attack=0.03, release=0.07),)
    ),
    Cue.SPOILER_REVEALED: Design(
        (Tone(0.0, 0.18, 500.0, 2000.0, Timbre.BREATH, attack=0.03, release=0.07),)
    ),
    Cue.END_OF_REVIEW: Design(
        (
            Tone(0.0, 0.1, _note("G5"), release=0.04),
            Tone(0.11, 0.13, _note("C5"), release=0.08, gain=0.9),
        )
    ),
    Cue.END_OF_QUEUE: Design(
        (
            Tone(0.0, 0.065, _note("C6"), release=0.025),
            Tone(0.075, 0.065, _note("G5"), release=0.025),
            Tone(0.15, 0.095, _note("C5"), release=0.06, gain=0.9),
        )
    ),
    Cue.SLEEP: Design(
        (Tone(0.0, 0.24, _note("G4"), _note("G3"), Timbre.WARM, attack=0.05, release=0.13),),
        level=-23.0,
    ),
    Cue.ERROR: Design(
        (
            Tone(0.0, 0.075, _note("A3"), timbre=Timbre.BUZZ, attack=0.006, release=0.025),
            Tone(0.105, 0.075, _note("A3"), timbre=Timbre.BUZZ, attack=0.006, release=0.025),
        )
    ),
    Cue.WORKING: Design(
        (Tone(0.0, 0.07, _note("C7"), attack=0.002, decay=0.008, release=0.03),), level=-32.0
    ),
}


def earcon_seconds(cue: Cue) -> float:
    """How long the cue's sound lasts."""
    return DESIGNS[cue].seconds


@functools.lru_cache(maxsize=64)
def earcon(cue: Cue, sample_rate: int, volume: int = 100) -> bytes:
    """The cue's sound as 16-bit signed little-endian mono PCM at `sample_rate`, with
    its amplitude scaled by `volume` (0-100) as a voice's volume setting scales speech."""
    if not 0 <= volume <= 100:
        raise ValueError(f"volume {volume} is outside 0-100")
    samples = np.rint(_shape(cue, sample_rate) * (volume / 100 * _FULL_SCALE))
    pcm: bytes = samples.astype("<i2").tobytes()  # SAMPLE_WIDTH bytes a sample
    return pcm


@functools.lru_cache(maxsize=64)
def _shape(cue: Cue, sample_rate: int) -> Signal:
    """The cue at full volume as floats in [-1, 1], its loudest frame at the design's level."""
    design = DESIGNS[cue]
    total = round(design.seconds * sample_rate)
    signal = np.zeros(total)
    for index, tone in enumerate(design.tones):
        start = round(tone.start * sample_rate)
        sound = _render(tone, sample_rate, seed=index + 1)
        signal[start : start + sound.size] += sound[: total - start]
    frame = max(1, round(_FRAME * sample_rate))
    usable = signal[: signal.size // frame * frame].reshape(-1, frame)
    loudest = float(np.sqrt((usable**2).mean(axis=1)).max())
    shaped: Signal = signal * (10 ** (design.level / 20) / loudest)
    shaped.flags.writeable = False  # shared by every caller through the cache
    return shaped


def _render(tone: Tone, sample_rate: int, seed: int) -> Signal:
    """One note, its envelope included, peaking near `tone.gain`."""
    count = round(tone.length * sample_rate)
    t = np.arange(count) / sample_rate
    end_pitch = tone.to or tone.pitch
    frequency = tone.pitch * (end_pitch / tone.pitch) ** (t / tone.length)
    phase = 2 * math.pi * np.cumsum(frequency) / sample_rate
    wave = np.zeros(count)
    for partial, weight in _PARTIALS[tone.timbre]:
        if partial * max(tone.pitch, end_pitch) < _HIGHEST * sample_rate:
            wave += weight * np.sin(partial * phase)
    if tone.timbre is Timbre.BREATH:
        # Noise in phase and in quadrature with the sine spreads it into a band around
        # its pitch; the sine stays in, so the swoosh never stutters to silence.
        wave = wave * (0.7 + _slow_noise(count, sample_rate, 2 * seed))
        wave += np.cos(phase) * _slow_noise(count, sample_rate, 2 * seed + 1)
    wave /= float(np.abs(wave).max())
    return tone.gain * wave * _envelope(tone, count, sample_rate)


def _envelope(tone: Tone, count: int, sample_rate: int) -> Signal:
    """Raised-cosine attack and release, meeting zero at both ends, with the optional
    exponential decay between them."""
    envelope = np.ones(count)
    attack = max(2, round(tone.attack * sample_rate))
    release = max(2, round(tone.release * sample_rate))
    envelope[:attack] = 0.5 - 0.5 * np.cos(np.linspace(0, math.pi, attack))
    envelope[-release:] *= 0.5 + 0.5 * np.cos(np.linspace(0, math.pi, release))
    if tone.decay:
        envelope *= np.exp(-np.arange(count) / (tone.decay * sample_rate))
    return envelope


def _slow_noise(count: int, sample_rate: int, seed: int) -> Signal:
    """Noise wandering slower than ~300 Hz, 0.35 RMS. Made from a hash of the sample
    index, so it is the same on every machine and numpy version."""
    x = np.arange(count, dtype=np.uint32) + np.uint32(seed * 100_003)
    x ^= x >> np.uint32(16)
    x *= np.uint32(0x7FEB352D)
    x ^= x >> np.uint32(15)
    x *= np.uint32(0x846CA68B)
    x ^= x >> np.uint32(16)
    white = x / 2**31 - 1.0
    width = max(3, round(0.003 * sample_rate))  # 3 ms: a band some 600 Hz wide
    smooth = np.convolve(white, np.hanning(width), mode="same")
    rms = float(np.sqrt((smooth**2).mean())) or 1.0
    noise: Signal = 0.35 * smooth / rms
    return noise
