"""Pace: words per minute to eSpeak's rate (and a stretch where it has no sonic), and
pauses that shrink with pace to a floor."""

from __future__ import annotations

import itertools

import pytest

from reader.speech.engine import MAX_RATE, MIN_RATE
from reader.speech.pace import (
    FASTEST_NATIVE,
    SONIC_FROM,
    Pauses,
    Rendering,
    espeak_rate,
    espeak_rendering,
)

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


def no_question() -> bool:
    raise AssertionError("asked whether eSpeak has sonic for a native pace")


@pytest.mark.parametrize("wpm", [-5, 80, 175, 448, 449])
def test_native_paces_need_no_sonic_and_no_stretch(wpm: int) -> None:
    assert espeak_rendering(wpm, no_question) == Rendering(espeak_rate(wpm))


@pytest.mark.parametrize("wpm", [450, 600, 900, 5000])
def test_with_sonic_fast_paces_are_sonics(wpm: int) -> None:
    assert espeak_rendering(wpm, lambda: True) == Rendering(espeak_rate(wpm))


@pytest.mark.parametrize(
    ("wpm", "stretch"), [(450, 450 / 449), (600, 600 / 449), (900, 900 / 449), (5000, 900 / 449)]
)
def test_without_sonic_the_fastest_native_pace_is_stretched(wpm: int, stretch: float) -> None:
    assert espeak_rendering(wpm, lambda: False) == Rendering(FASTEST_NATIVE, stretch)


def test_without_sonic_every_step_of_pace_is_faster() -> None:
    """eSpeak's rate times the stretch: the pace heard."""
    heard = [
        rendering.rate * rendering.stretch
        for rendering in (espeak_rendering(wpm, lambda: False) for wpm in range(80, 901))
    ]
    assert all(after > before for before, after in itertools.pairwise(heard))
    assert heard[-1] == pytest.approx(MAX_RATE)


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
