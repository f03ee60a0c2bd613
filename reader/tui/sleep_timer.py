"""The reading room's sleep timer: off, 15, 30 or 60 minutes, or the end of the review.

Pure state with an injectable clock; the app asks it each second whether time is up and
stops at the end of the sentence being read, so nobody is cut off mid-word.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

MINUTES: tuple[int | None, ...] = (None, 15, 30, 60, None)  # the last: the end of the review
_END_OF_REVIEW = len(MINUTES) - 1


@dataclass
class SleepTimer:
    """Which choice is set, and when its time is up."""

    clock: Callable[[], float] = time.monotonic
    choice: int = 0
    deadline: float | None = None
    due: bool = field(default=False)  # time is up; stop at the next sentence

    @property
    def at_end_of_review(self) -> bool:
        """Whether reading stops when the review ends."""
        return self.choice == _END_OF_REVIEW

    def step(self) -> str:
        """The next choice; returns how it is said."""
        self.choice = (self.choice + 1) % len(MINUTES)
        minutes = MINUTES[self.choice]
        self.due = False
        self.deadline = None if minutes is None else self.clock() + minutes * 60
        if self.at_end_of_review:
            return "Sleep timer: at the end of this review"
        return "Sleep timer off" if minutes is None else f"Sleep timer: {minutes} minutes"

    def tick(self, playing: bool) -> None:
        """Each second: time up while reading makes it due; while silent, it just ends."""
        if self.deadline is not None and self.clock() >= self.deadline:
            if playing:
                self.due = True
            else:
                self.clear()

    def clear(self) -> None:
        """Off again (it has done its work)."""
        self.choice, self.deadline, self.due = 0, None, False

    def left(self) -> str:
        """For the status line: 'sleep in 12 min', 'sleep at end of review' or ''."""
        if self.at_end_of_review:
            return "sleep at end of review"
        if self.deadline is None:
            return ""
        minutes = math.ceil(max(0.0, self.deadline - self.clock()) / 60)
        return f"sleep in {minutes} min"
