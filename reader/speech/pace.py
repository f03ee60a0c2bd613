"""Pace: words per minute to eSpeak's rate, and pauses that shrink with pace to a floor.

From 450 wpm eSpeak hands speech to libsonic, whose output at a given rate is slower
than native speech at that rate (measured with eSpeak NG 1.52: 450 gives 0.4% more
audio than 449 on a long review and 8% more on one short sentence). Asking sonic for
8% more keeps every step of the pace control faster than the one before.

Where eSpeak has no libsonic (the Windows library of the espeakng-loader wheel) it stops
near 450 wpm, so faster paces are rendered at its fastest native pace and time-stretched
(reader/speech/stretch.py) by the rest of the way.
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
    """How to speak at `wpm`; `has_sonic` (whether eSpeak has libsonic) is asked only
    for paces past its native ones.

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
