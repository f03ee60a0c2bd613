"""The sleep timer: stop gently after some minutes or at the end of the review.

One timer for every front end: the reading room steps through its choices with a key,
`reader queue play --sleep 20m` sets one from the command line. Time runs on an injectable
clock; when it is up, reading stops as the next sentence starts, so nobody is cut off
mid-word.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

MINUTES: tuple[int | None, ...] = (None, 15, 30, 60, None)  # the last: the end of the review
END_OF_REVIEW = "end-of-review"
_END_CHOICE = len(MINUTES) - 1
_DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")


class SleepError(ValueError):
    """A --sleep value that is neither a duration nor end-of-review."""


@dataclass
class SleepTimer:
    """When to stop: at `deadline` on the clock, at the end of the review, or never."""

    clock: Callable[[], float] = field(default=time.monotonic, compare=False, repr=False)
    deadline: float | None = None
    end_of_review: bool = False
    choice: int = 0  # which of MINUTES the reading room's key has reached
    slept: bool = field(default=False, compare=False)  # it has stopped reading once

    @classmethod
    def parse(cls, text: str | None, clock: Callable[[], float] = time.monotonic) -> SleepTimer:
        """'20m', '1h30m', '90s', '45' (minutes) or 'end-of-review'; None is no timer."""
        if text is None:
            return cls(clock)
        word = text.strip().lower()
        if word == END_OF_REVIEW:
            return cls(clock, end_of_review=True, choice=_END_CHOICE)
        found = _DURATION.match(word)
        if word.isdigit():
            seconds = int(word) * 60.0
        elif word and found is not None:
            hours, minutes, secs = (int(part or 0) for part in found.groups())
            seconds = hours * 3600.0 + minutes * 60.0 + secs
        else:
            raise SleepError(f"--sleep takes a time such as 20m, 1h30m or 90s, or {END_OF_REVIEW}")
        return cls(clock, deadline=clock() + seconds)

    def step(self) -> str:
        """The reading room's next choice; returns how it is said."""
        self.choice = (self.choice + 1) % len(MINUTES)
        minutes = MINUTES[self.choice]
        self.end_of_review = self.choice == _END_CHOICE
        self.deadline = None if minutes is None else self.clock() + minutes * 60
        if self.end_of_review:
            return "Sleep timer: at the end of this review"
        return "Sleep timer off" if minutes is None else f"Sleep timer: {minutes} minutes"

    @property
    def expired(self) -> bool:
        """Whether the time is up: reading stops as the next sentence starts."""
        return self.deadline is not None and self.clock() >= self.deadline

    def tick(self, playing: bool) -> None:
        """Now and then: time up while silent just ends the timer (nothing to stop)."""
        if self.expired and not playing:
            self.clear()

    def clear(self) -> None:
        """Off again (time ran out while silent, or the user turned it off)."""
        self.choice, self.deadline, self.end_of_review = 0, None, False

    def stop_now(self) -> None:
        """It has stopped reading: off again, and noted."""
        self.clear()
        self.slept = True

    def left(self) -> str:
        """For the status line: 'sleep in 12 min', 'sleep at end of review' or ''."""
        if self.end_of_review:
            return "sleep at end of review"
        if self.deadline is None:
            return ""
        minutes = math.ceil(max(0.0, self.deadline - self.clock()) / 60)
        return f"sleep in {minutes} min"
