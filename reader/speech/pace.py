"""Pace: words per minute to eSpeak's rate, and pauses that shrink with pace to a floor.

From 450 wpm eSpeak hands speech to libsonic, whose output at a given rate is slower
than native speech at that rate (measured with eSpeak NG 1.52: 450 gives 0.4% more
audio than 449 on a long review and 8% more on one short sentence). Asking sonic for
8% more keeps every step of the pace control faster than the one before.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.speech.engine import clamp_rate

SONIC_FROM = 450
SONIC_SLOWDOWN = 1.08
NORMAL_RATE = 175


def espeak_rate(wpm: int) -> int:
    """eSpeak's rate parameter for a pace in words per minute (80-900)."""
    wpm = clamp_rate(wpm)
    return wpm if wpm < SONIC_FROM else round(wpm * SONIC_SLOWDOWN)


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
