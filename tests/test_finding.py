"""Finding words in the review being read: the next sentence holding them, round from the
start, never inside a hidden spoiler; typed in plain mode, or after / in the reading room."""

from __future__ import annotations

import pytest
from helpers import SAMPLES
from runner import Env, plain
from tui_harness import Harness

from reader.loaders import load_paths
from reader.model import Position
from reader.reading.actions import Act, Command, parse_words
from reader.reading.answers import Say
from reader.reading.controller import Hints, Reading
from reader.reading.cursor import Place
from reader.reading.finding import ASK
from reader.reading.library import Library
from reader.reading.modes import Modes
from reader.tui.screens import FindScreen

PARASITE = SAMPLES / "parasite.md"


def parasite() -> Reading:
    library = Library()
    library.add(load_paths([str(PARASITE)]))
    modes = Modes(skip_spoilers=True, announcements=True, pace=lambda: 175)
    reading = Reading(library, Hints(), modes)
    reading.open(0)
    return reading


@pytest.mark.parametrize(
    ("typed", "command"),
    [
        ("find the ending", Command(Act.FIND, None, "find the ending", "the ending")),
        ("Search for Bong", Command(Act.FIND, None, "Search for Bong", "Bong")),
        ("find", Command(Act.FIND, None, "find")),
    ],
)
def test_the_words_to_find(typed: str, command: Command) -> None:
    assert parse_words(typed) == command


def test_find_goes_to_the_next_sentence_holding_the_words_in_any_case() -> None:
    reading = parasite()
    found = reading.act(parse_words("find BONG JOON-HO"))
    assert found.say is Say.SENTENCE
    # In the section the place was in, at the top: named, as it had not been yet.
    assert found.lines == ("Section 1 of 8, Details, 17 words", "Director: Bong Joon-ho.")
    again = reading.act(parse_words("find"))  # the same words, from there on
    assert again.lines[0] == "Section 3 of 8, Review, 212 words, 1 spoiler hidden"
    assert again.lines[1].startswith("Bong Joon-ho has made films about class")
    assert reading.place.position.section == 2 and not reading.place.at_heading
    # Round from the start, said so; in another section, its heading first.
    assert reading.act(parse_words("find")).lines == (
        "From the start",
        "Section 1 of 8, Details, 17 words",
        "Director: Bong Joon-ho.",
    )


def test_a_word_found_once_or_not_at_all_leaves_the_place() -> None:
    reading = parasite()
    reading.act(parse_words("find staircases"))
    here = reading.place
    assert reading.act(parse_words("find")).lines == ("No other match: staircases",)
    assert reading.act(parse_words("find nothing like this")).lines == (
        "Not found: nothing like this",
    )
    assert reading.place == here


def test_a_hidden_spoiler_is_never_found() -> None:
    reading = parasite()
    assert reading.act(parse_words("find kitchen knife")).lines == ("Not found: kitchen knife",)
    reading.act(parse_words("read spoilers"))
    found = reading.act(parse_words("find kitchen knife"))
    assert found.lines[0] == "Section 6 of 8, Spoilers, 146 words, 1 spoiler shown"
    assert "stabs Ki-jung with a kitchen knife" in found.lines[1]


def test_escape_sequences_typed_are_neither_looked_for_nor_shown_back() -> None:
    reading = parasite()
    assert reading.act(parse_words("find \x1b[31mred\x1b[0m  carpet")).lines == (
        "Not found: red carpet",
    )
    assert reading.act(Command(Act.FIND, text="\x1b]0;title\x07knife")).lines[1].endswith("knife.")


def test_find_alone_before_any_words_asks_for_them() -> None:
    reading = parasite()
    assert reading.act(Command(Act.FIND)).lines == (ASK,)
    assert reading.place == Place(Position(0, 0), at_heading=True)


def test_plain_mode_finds_with_a_word(env: Env) -> None:
    run = plain(env, str(PARASITE), typed="find staircases\nwhere\nquit\n")
    assert run.code == 0
    text = "\n".join(run.lines)
    assert "If you want a longer reading of the staircases" in text
    assert "Parasite (2019). Section 3 of 8, Review, sentence 10 of 11" in text


async def test_slash_asks_for_the_words_and_reads_the_sentence_found() -> None:
    harness = Harness([PARASITE])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        await harness.press(pilot, "1")  # from the top, wherever it was left
        await harness.press(pilot, "slash")
        assert isinstance(harness.app.screen, FindScreen)
        assert harness.spoken()[-1].startswith("Find: type words to look for")
        await pilot.press(*"knife", "enter")
        await harness.settle(pilot)
        assert harness.reading.place.position.section == 3  # Performances
        assert any("does more damage than any knife" in line for line in harness.spoken()[-3:])
        await harness.press(pilot, "slash", "escape")
        assert harness.spoken()[-1] == "Find cancelled"
