"""Verbosity: terse says a word or two, verbose adds counts and positions, and skipping
spoilers tersely saves real listening time."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest
from helpers import SAMPLES, SEED
from runner import Env, plain, reader

from reader.loaders import load_paths
from reader.plan.cues import Verbosity
from reader.reading.actions import Act, Command, parse_words
from reader.reading.controller import Hints, Reading
from reader.reading.library import Library
from reader.reading.modes import Modes
from reader.storage.settings import SettingError, Settings, _with

SPOILERS = SAMPLES / "every-spoiler-syntax.md"
# A real Goodreads review: three spoilers, 34% of its words (tests/data/real/spoilers).
SPOILED_THIRD = Path(__file__).parent / "data" / "real" / "spoilers" / "goodreads-burn.md"


def reading_of(path: Path, verbosity: Verbosity) -> Reading:
    library = Library()
    library.add(load_paths([str(path)]))
    modes = Modes(skip_spoilers=True, announcements=True, pace=lambda: 175, verbosity=verbosity)
    reading = Reading(library, Hints(), modes)
    reading.open(0)
    return reading


def said(reading: Reading, typed: str) -> tuple[str, ...]:
    return reading.act(parse_words(typed)).lines


@pytest.mark.parametrize(
    ("typed", "terse", "normal", "verbose"),
    [
        (
            "faster",
            "Faster, 200",
            "Faster, 200 words per minute",
            "Faster, 200 words per minute",
        ),
        (
            "section",
            "Synopsis",
            "Section 2 of 4, Synopsis, 47 words",
            "Section 2 of 4, Synopsis, 47 words, starting 1 percent in",
        ),
        (
            "where",
            "Section 1, heading, 0 percent",
            "1 Litre Of Tears. Section 1 of 4, Details, at the heading, 0 percent",
            "1 Litre Of Tears. Section 1 of 4, Details, at the heading, 0 percent, "
            "about 786 words left",
        ),
        ("spoilers", "Reading spoilers", "Spoilers will be read", "Spoilers will be read"),
    ],
)
def test_each_verbosity_says_as_much_as_it_promises(
    typed: str, terse: str, normal: str, verbose: str
) -> None:
    for verbosity, expected in zip(Verbosity, (terse, normal, verbose), strict=True):
        assert said(reading_of(SEED, verbosity), typed) == (expected,), verbosity
    lengths = [len(text) for text in (terse, normal, verbose)]
    assert lengths == sorted(lengths)


def test_terse_names_the_next_review_by_its_title_alone() -> None:
    reading = reading_of(SAMPLES, Verbosity.TERSE)
    assert reading.act(Command(Act.NEXT_REVIEW)).lines[0].startswith("2 of ")


def test_the_verbosity_key_goes_round_and_is_saved() -> None:
    reading = reading_of(SEED, Verbosity.NORMAL)
    assert said(reading, "verbosity") == ("Verbose: counts and positions too",)
    assert said(reading, "verbosity") == ("Terse",)
    assert said(reading, "verbosity") == ("Normal verbosity",)
    assert said(reading, "terse") == ("Terse",)
    assert reading.modes.changed() == {"verbosity": "terse"}
    assert reading.modes.verbosity is Verbosity.TERSE


def test_a_verbosity_setting_must_be_one_of_the_three() -> None:
    assert _with(Settings(), "verbosity", "terse").spoken_verbosity is Verbosity.TERSE
    with pytest.raises(SettingError, match="terse, normal, verbose"):
        _with(Settings(), "verbosity", "chatty")
    with pytest.raises(SettingError, match="sound, speech, both, off"):
        _with(Settings(), "cue_error", "loud")


def test_text_shows_what_each_verbosity_says_of_a_spoiler(env: Env) -> None:
    terse = reader(env, "text", "--verbosity", "terse", str(SPOILERS))
    normal = reader(env, "text", str(SPOILERS))
    assert terse.code == normal.code == 0
    assert "(spoiler)" in terse.out and "spoiler skipped" not in terse.out.lower()
    assert "(spoiler skipped, " in normal.out
    assert len(terse.out) < len(normal.out)


def seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as file:
        return file.getnframes() / file.getframerate()


def test_terse_spoiler_skipping_saves_real_listening_time(env: Env, tmp_path: Path) -> None:
    """A review a third or more of whose words are spoilers: skipped tersely, its audio is
    at least 15% shorter than read in full, and shorter than skipped at normal verbosity."""

    def exported(*options: str) -> float:
        out = tmp_path / f"{len(options)}{'-'.join(options)}.wav"
        done = reader(env, "export", str(SPOILED_THIRD), "-o", str(out), *options)
        assert (done.code, done.err) == (0, "")
        return seconds(out)

    everything = exported("--read-spoilers")
    normal = exported("--skip-spoilers")
    terse = exported("--skip-spoilers", "--verbosity", "terse")
    assert terse <= 0.85 * everything
    assert terse < normal


def test_plain_mode_and_its_voice_take_the_verbosity_option(env: Env) -> None:
    run = plain(env, "--verbosity", "terse", str(SEED), typed="faster\nsection\nquit\n")
    assert run.code == 0
    assert "Faster, 200" in run.lines
    assert "Synopsis" in run.lines
