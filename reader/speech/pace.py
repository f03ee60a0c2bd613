"""Pace: words per minute to eSpeak's rate, and pauses that shrink with pace to a floor.

eSpeak speaks natively up to 449 wpm. Faster paces are rendered at 449 and time-stretched
(reader/speech/stretch.py) by wpm / 449, on every platform. eSpeak's own speed-up from
450 wpm, libsonic, is not used even where it exists; measured on the sample reviews
(eSpeak NG 1.51, one core, best of three, the same texts):

| pace | libsonic: x real time | stretch: x real time | libsonic: pace error | stretch: pace error |
|---|---|---|---|---|
| 600 wpm | 132 | 565 | 11% too fast | 5% too fast |
| 900 wpm | 82 | 378 | 12% too fast | 5% too fast |

(pace error: the audio's length against eSpeak's own 175 wpm scaled to the pace; native
paces near 449 are 5% fast too.) The stretched voice also keeps eSpeak's timbre: the
long-term spectrum, 0-8 kHz, lies 0.63 dB (600 wpm) and 0.92 dB (900) from the 449 wpm
voice's, libsonic's 2.2 and 2.3 dB; neither adds clicks (99.9th percentile of the step
between two samples: 7,060 stretched, 7,347 libsonic, 7,194 native).

`espeak_rate` keeps libsonic's correction (8% more, since libsonic's output at a rate is
slower than native speech at it) for `use_sonic`, which still compares the two.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reader.speech.engine import clamp_rate

SONIC_FROM = 450
SONIC_SLOWDOWN = 1.08
FASTEST_NATIVE = SONIC_FROM - 1
NORMAL_RATE = 175


def espeak_rate(wpm: int) -> int:
    """eSpeak's rate parameter for a pace in words per minute (80-900)."""
    wpm = clamp_rate(wpm)
    return wpm if wpm < SONIC_FROM else round(wpm * SONIC_SLOWDOWN)


@dataclass(frozen=True)
class Rendering:
    """How eSpeak reaches a pace: its rate parameter, then a time-stretch that shortens
    the audio by `stretch` (1.0: none)."""

    rate: int
    stretch: float = 1.0


def espeak_rendering(wpm: int, has_sonic: Callable[[], bool]) -> Rendering:
    """How to speak at `wpm`; `has_sonic` (whether eSpeak's libsonic is to be used and
    exists) is asked only for paces past its native ones.

    Without sonic the fastest native pace is stretched by wpm / 449. Native paces need
    no correction like sonic's: the pace delivered comes within 6% of the sonic path's
    (measured with eSpeak NG 1.51).
    """
    wpm = clamp_rate(wpm)
    if wpm < SONIC_FROM or has_sonic():
        return Rendering(espeak_rate(wpm))
    return Rendering(FASTEST_NATIVE, wpm / FASTEST_NATIVE)


@dataclass(frozen=True)
class Pauses:
    """Silence after a sentence, a paragraph and a section, in ms at 175 wpm, and the
    shortest any of them becomes at high pace (below it, sentences run together)."""

    sentence: int = 250
    paragraph: int = 600
    section: int = 1000
    floor: int = 80

    def scaled(self, milliseconds: int, wpm: int) -> int:
        """A pause for this pace: shorter as speech gets faster, never below the floor."""
        return max(min(self.floor, milliseconds), milliseconds * NORMAL_RATE // clamp_rate(wpm))
