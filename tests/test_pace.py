"""Pace: words per minute to eSpeak's rate, and pauses that shrink with pace to a floor."""

from __future__ import annotations

import itertools

import pytest

from reader.speech.engine import MAX_RATE, MIN_RATE
from reader.speech.pace import SONIC_FROM, Pauses, espeak_rate

PAUSES = Pauses()


@pytest.mark.parametrize("wpm", [80, 100, 175, 300, 448, 449])
def test_native_paces_are_espeaks_own_rate(wpm: int) -> None:
    assert espeak_rate(wpm) == wpm


@pytest.mark.parametrize(("wpm", "rate"), [(450, 486), (500, 540), (900, 972)])
def test_sonic_paces_ask_for_more_to_stay_faster(wpm: int, rate: int) -> None:
    assert espeak_rate(wpm) == rate


def test_every_step_of_pace_asks_for_a_higher_rate() -> None:
    rates = [espeak_rate(wpm) for wpm in range(MIN_RATE, MAX_RATE + 1)]
    assert all(after > before for before, after in itertools.pairwise(rates))
    assert espeak_rate(SONIC_FROM) > espeak_rate(SONIC_FROM - 1)


@pytest.mark.parametrize(
    ("wpm", "same_as"),
    [(-50, MIN_RATE), (0, MIN_RATE), (79, MIN_RATE), (901, MAX_RATE), (10_000, MAX_RATE)],
)
def test_paces_out_of_range_are_clamped(wpm: int, same_as: int) -> None:
    assert espeak_rate(wpm) == espeak_rate(same_as)


@pytest.mark.parametrize(
    ("milliseconds", "wpm", "expected"),
    [
        (250, 175, 250),  # the base values are for 175 wpm
        (600, 175, 600),
        (1000, 175, 1000),
        (600, 350, 300),  # twice the pace, half the pause
        (1000, 350, 500),
        (250, 80, 546),  # slower speech, longer pauses
        (1000, 700, 250),
        (250, 350, 125),
        (250, 900, 80),  # 48 ms would run sentences together: the floor
        (600, 900, 116),
        (1000, 900, 194),
        (250, 0, 546),  # a pace out of range is clamped, not divided by
        (250, 5000, 80),
        (50, 900, 50),  # a pause shorter than the floor is never lengthened
        (50, 175, 50),
        (0, 175, 0),
    ],
)
def test_pauses_scale_with_pace(milliseconds: int, wpm: int, expected: int) -> None:
    assert PAUSES.scaled(milliseconds, wpm) == expected


@pytest.mark.parametrize("base", [PAUSES.sentence, PAUSES.paragraph, PAUSES.section])
def test_pauses_shrink_as_pace_grows_and_never_below_the_floor(base: int) -> None:
    pauses = [PAUSES.scaled(base, wpm) for wpm in range(MIN_RATE, MAX_RATE + 1, 10)]
    assert pauses == sorted(pauses, reverse=True)
    assert min(pauses) >= PAUSES.floor
    assert PAUSES.scaled(base, 175) == base


def test_a_higher_floor_is_kept() -> None:
    assert Pauses(floor=200).scaled(250, 900) == 200
