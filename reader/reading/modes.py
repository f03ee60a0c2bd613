"""The listener's modes: pace, spoiler skipping, spoken confirmations, verbosity and sound
cues, and the answers to the actions that change them. What changed here is saved as the
user's settings.
"""

from __future__ import annotations

from collections.abc import Callable

from reader.plan.cues import CueModes, Verbosity
from reader.reading.actions import Act
from reader.reading.answers import Answer
from reader.reading.phrases import rate_phrase, spoilers_phrase, verbosity_phrase
from reader.speech.engine import clamp_rate

RATE_STEP = 25  # words per minute, one key press or one typed `faster`
SPOILER_ACTS = (Act.SPOILERS, Act.SPOILERS_ON, Act.SPOILERS_OFF)
VERBOSITY_ACTS = {
    Act.TERSE: Verbosity.TERSE,
    Act.NORMAL: Verbosity.NORMAL,
    Act.VERBOSE: Verbosity.VERBOSE,
}


class Modes:
    """Pace (looked up only when first needed), spoiler mode and confirmations."""

    acts = (
        Act.FASTER,
        Act.SLOWER,
        *SPOILER_ACTS,
        Act.ANNOUNCEMENTS,
        Act.VERBOSITY,
        *VERBOSITY_ACTS,
    )

    def __init__(
        self,
        *,
        skip_spoilers: bool,
        announcements: bool,
        pace: Callable[[], int],
        verbosity: Verbosity = Verbosity.NORMAL,
        cues: CueModes | None = None,
    ) -> None:
        self.skip_spoilers = skip_spoilers
        self.announcements = announcements
        self.verbosity = verbosity
        self.cues = cues or CueModes.words_only()  # set in the settings file, not by keys
        self._pace = pace  # the starting pace: asking may read a voice profile
        self._rate: int | None = None
        self._start = (skip_spoilers, announcements, verbosity)
        self._first_rate: int | None = None

    @property
    def rate(self) -> int:
        """Pace in words per minute."""
        if self._rate is None:
            self._rate = self._first_rate = self._pace()
        return self._rate

    def changed(self) -> dict[str, str]:
        """The settings changed here, as `reader config set` takes them."""
        changes: dict[str, str] = {}
        if self._rate != self._first_rate:
            changes["rate"] = str(self.rate)
        if self.skip_spoilers != self._start[0]:
            changes["skip_spoilers"] = _on(self.skip_spoilers)
        if self.announcements != self._start[1]:
            changes["announcements"] = _on(self.announcements)
        if self.verbosity != self._start[2]:
            changes["verbosity"] = self.verbosity.value
        return changes

    def act(self, act: Act) -> Answer:
        """Change a mode and say the new one."""
        if act in (Act.FASTER, Act.SLOWER):
            before = self.rate
            self._rate = clamp_rate(_on_grid(before, 1 if act is Act.FASTER else -1))
            return Answer((rate_phrase(before, self._rate, self.verbosity),))
        if act is Act.VERBOSITY or act in VERBOSITY_ACTS:
            self.verbosity = VERBOSITY_ACTS.get(act, self.verbosity.next())
            return Answer((verbosity_phrase(self.verbosity),))
        if act is Act.ANNOUNCEMENTS:
            self.announcements = not self.announcements
            return Answer((f"Spoken confirmations {_on(self.announcements)}",), always=True)
        skip = {Act.SPOILERS_ON: True, Act.SPOILERS_OFF: False}.get(act, not self.skip_spoilers)
        self.skip_spoilers = skip
        return Answer((spoilers_phrase(skip, self.verbosity),))


def _on_grid(rate: int, step: int) -> int:
    """The next pace on the 25 wpm grid up (1) or down (-1): from the 80 floor, 100, not
    105; from 190 (set by hand), 200 or 175."""
    if step > 0:
        return (rate // RATE_STEP + 1) * RATE_STEP
    return (rate - 1) // RATE_STEP * RATE_STEP


def _on(value: bool) -> str:
    return "on" if value else "off"
