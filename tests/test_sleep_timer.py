"""The sleep timer, on a clock the test moves."""

from __future__ import annotations

from reader.reading.sleep import SleepTimer


class Clock:
    """A clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_steps_through_every_choice_and_back_to_off() -> None:
    timer = SleepTimer(Clock())
    said = [timer.step() for _ in range(5)]
    assert said == [
        "Sleep timer: 15 minutes",
        "Sleep timer: 30 minutes",
        "Sleep timer: 60 minutes",
        "Sleep timer: at the end of this review",
        "Sleep timer off",
    ]
    assert timer.deadline is None and not timer.end_of_review


def test_time_up_while_reading_expires_and_while_silent_just_ends() -> None:
    clock = Clock()
    timer = SleepTimer(clock)
    timer.step()
    assert timer.left() == "sleep in 15 min"
    clock.now += 14 * 60 + 1
    timer.tick(playing=True)
    assert not timer.expired and timer.left() == "sleep in 1 min"
    clock.now += 60
    timer.tick(playing=True)
    assert timer.expired  # reading stops as the next sentence starts
    silent = SleepTimer(clock)
    silent.step()
    clock.now += 15 * 60
    silent.tick(playing=False)
    assert (silent.expired, silent.deadline, silent.left()) == (False, None, "")
