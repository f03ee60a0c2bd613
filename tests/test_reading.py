"""The reading controller on its own: no screen, no voice; the decisions every front end
now shares (a stale place, "where" at a heading, previous section, a finished review)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import SAMPLES, SEED

from reader.loaders import load_paths
from reader.model import Position
from reader.plan.cues import Cue
from reader.plan.planner import Part
from reader.reading.actions import Act, Command, parse_words
from reader.reading.answers import Say
from reader.reading.controller import Hints, Reading
from reader.reading.cursor import Place, within
from reader.reading.library import Library
from reader.reading.modes import Modes
from reader.reading.queue_control import QueueControl
from reader.reading.sleep import SleepTimer
from reader.storage.positions import review_key
from reader.storage.queue import QueueEntry, added, change_queue

PARASITE = SAMPLES / "parasite.md"


@pytest.fixture(autouse=True)
def own_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings, places and the queue in a temporary folder."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def reading_of(*paths: Path, saved: dict[str, Position] | None = None) -> Reading:
    """A controller over `paths`, the first review open."""
    library = Library()
    library.add(load_paths([str(path) for path in paths]))
    modes = Modes(skip_spoilers=True, announcements=True, pace=lambda: 175)
    reading = Reading(library, Hints(), modes, saved=saved)
    reading.open(0)
    return reading


def said(reading: Reading, typed: str) -> tuple[str, ...]:
    return reading.act(parse_words(typed)).lines


def test_a_saved_place_past_the_last_section_reopens_at_the_top() -> None:
    key = review_key(load_paths([str(SEED)]).reviews[0].source)
    assert key is not None
    reading = reading_of(SEED, saved={key: Position(9, 40)})
    assert reading.place == Place(Position(0, 0), at_heading=True)
    assert said(reading, "where")[0].endswith("Section 1 of 4, Details, at the heading, 0 percent")


def test_a_saved_place_past_its_sections_end_reopens_at_that_heading() -> None:
    document = reading_of(SEED).document
    assert document is not None
    assert within(document, Position(2, 10**6)) == Place(Position(2), at_heading=True)
    assert within(document, Position(2, 5)) == Place(Position(2, 5), at_heading=False)


def test_where_at_a_heading_says_so_and_next_reads_the_first_sentence() -> None:
    reading = reading_of(SEED)
    said(reading, "section")
    assert "Synopsis, at the heading" in said(reading, "where")[0]
    assert said(reading, "next")[0].startswith("Based on a true story")
    assert "Synopsis, sentence 1 of 1" in said(reading, "where")[0]


def test_the_first_move_in_a_review_just_opened_names_its_first_section() -> None:
    reading = reading_of(SEED)
    assert said(reading, "next") == (
        "Section 1 of 4, Details, 6 words",
        "Genre: Romance, Family, School Life, Tragedy.",
    )
    assert said(reading, "previous") == ("No previous sentence",)
    # Once named it is not named again, nor after a heading reached by a move.
    said(reading, "go 1")
    assert said(reading, "next") == ("Genre: Romance, Family, School Life, Tragedy.",)


def test_a_review_resumed_inside_is_placed_by_where_so_next_names_no_heading() -> None:
    key = review_key(load_paths([str(SEED)]).reviews[0].source)
    assert key is not None
    reading = reading_of(SEED, saved={key: Position(2, 0)})
    assert reading.place == Place(Position(2, 0), at_heading=True)
    assert said(reading, "next")[0].startswith("1 Litre of Tears is an understatement")


def test_previous_section_from_a_first_sentence_is_its_own_heading() -> None:
    reading = reading_of(SEED)
    said(reading, "go 3")
    said(reading, "next")  # the first sentence: offset 0, as the heading is
    assert said(reading, "back") == ("Start of section 3, Review",)
    assert said(reading, "back") == ("Section 2 of 4, Synopsis, 47 words",)


def test_a_review_heard_to_its_end_is_kept_at_its_top() -> None:
    reading = reading_of(SEED)
    said(reading, "go 4")
    reading.act(Command(Act.PLAY_PAUSE))
    reading.heard(Part.SENTENCE, Position(3, 0))
    finished = reading.finished()
    assert finished.cues == (Cue.END_OF_REVIEW,)
    assert finished.shown == ("End of review",)  # in words on a screen
    assert reading.place == Place()
    assert list(reading.places().values()) == [Position(0, 0)]


def test_the_sleep_timer_at_the_end_of_a_review_resumes_the_queue_at_the_next() -> None:
    change_queue(lambda queue: added(queue, [QueueEntry(str(SEED)), QueueEntry(str(PARASITE))]))
    library = Library()
    modes = Modes(skip_spoilers=True, announcements=True, pace=lambda: 175)
    reading = Reading(library, Hints(), modes, queue=QueueControl())
    reading.sleep = SleepTimer(end_of_review=True)
    load = reading.play_queue().load
    assert load is not None and load.play
    started = reading.loaded(load_paths(list(load.paths)), load)
    assert started.say is Say.REVIEW and started.lines[0].startswith("Next review: 1 Litre")
    assert reading.finished().lines == ("Sleep timer: stopping after this review.",)
    assert reading.queue.queue.current == str(PARASITE)
    assert reading.sleep.slept and not reading.playing


def test_time_up_stops_as_the_next_sentence_starts() -> None:
    now = [0.0]
    reading = reading_of(SEED)
    reading.sleep = SleepTimer(lambda: now[0], deadline=10.0)
    reading.act(Command(Act.PLAY_PAUSE))
    assert reading.heard(Part.SENTENCE, Position(1, 0)) is None
    now[0] = 11.0
    assert reading.heard(Part.SENTENCE, Position(1, 5), word=True) is None  # mid-sentence
    stopped = reading.heard(Part.SENTENCE, Position(1, 120))
    assert stopped is not None and stopped.say is Say.STOP
    assert reading.place.position == Position(1, 5)  # where the listener last was


def test_a_read_stops_after_its_section() -> None:
    reading = reading_of(SEED)
    said(reading, "go 2")
    answer = reading.act(Command(Act.READ_SECTION))
    assert answer.say is Say.SECTION
    assert reading.heard(Part.SENTENCE, Position(1, 0)) is None
    stop = reading.heard(Part.HEADING, Position(2, 0))
    assert stop is not None and stop.say is Say.NOTHING and not reading.playing


def test_modes_report_only_what_changed() -> None:
    reading = reading_of(SEED)
    assert reading.modes.changed() == {}
    said(reading, "faster")
    said(reading, "spoilers off")
    assert reading.modes.changed() == {"rate": "200", "skip_spoilers": "off"}


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [("nxt", "next"), ("sectoin", "section"), ("raeding", "rating"), ("fly me to the moon", None)],
)
def test_an_unknown_command_suggests_the_nearest(typed: str, suggested: str | None) -> None:
    line = said(reading_of(SEED), typed)[0]
    assert line.startswith(f"Unknown command: {typed}.")
    assert (f"Did you mean: {suggested}?" in line) if suggested else ("Did you mean" not in line)


@pytest.mark.parametrize(
    ("start", "presses", "heard"),
    [
        (175, "]", 200),
        (80, "]", 100),
        (100, "[", 80),
        (190, "]", 200),
        (190, "[", 175),
        (900, "]", 900),
    ],
)
def test_pace_keeps_to_the_25_wpm_grid(start: int, presses: str, heard: int) -> None:
    modes = Modes(skip_spoilers=True, announcements=True, pace=lambda: start)
    modes.act(Act.FASTER if presses == "]" else Act.SLOWER)
    assert modes.rate == heard


def test_the_opening_hint_is_said_once_a_run() -> None:
    library = Library()
    library.add(load_paths([str(SEED), str(PARASITE)]))
    hints = Hints(opening="Space plays, question mark for help")
    reading = Reading(
        library, hints, Modes(skip_spoilers=True, announcements=True, pace=lambda: 175)
    )
    assert reading.open(0).lines[-1] == hints.opening
    assert hints.opening not in reading.act(Command(Act.NEXT_REVIEW)).lines


def test_resuming_hands_free_says_so_and_where() -> None:
    change_queue(lambda queue: added(queue, [QueueEntry(str(SEED))]))
    key = review_key(load_paths([str(SEED)]).reviews[0].source)
    assert key is not None
    library = Library()
    modes = Modes(skip_spoilers=True, announcements=True, pace=lambda: 175)
    reading = Reading(library, Hints(), modes, saved={key: Position(2, 0)}, queue=QueueControl())
    load = reading.play_queue().load
    assert load is not None
    started = reading.loaded(load_paths(list(load.paths)), load)
    assert started.lines[0].startswith("Resuming 1 Litre Of Tears, rated 5 out of 5")
    assert started.lines[0].endswith("Section 3 of 4, Review, at the heading, 7 percent")
