"""Playing the queue in process: a 200-review soak that must not grow memory, files or
threads, and where play resumes after it stops (the silent engine into a recording sink,
which has no clock, so a queue plays out as fast as it can be planned)."""

from __future__ import annotations

import os
import shutil
import threading
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers import SAMPLES

from reader.model import Position
from reader.reading.sleep import SleepTimer
from reader.session.queue_player import Outcome, QueuePlayer
from reader.session.session import Session
from reader.speech.engine import MAX_RATE
from reader.speech.silent import SilentEngine
from reader.speech.sinks import ClockSink, RecordingSink, Sink
from reader.storage.positions import load_positions
from reader.storage.queue import QueueEntry, added, at, change_queue, load_queue, removed

REVIEWS = 200
SAMPLE_EVERY = 20


@dataclass(frozen=True)
class Sample:
    """What the process holds after a number of announcements."""

    announced: int
    memory: int  # bytes traced, less the audio the sink recorded (it is dropped as we go)
    descriptors: int
    threads: int


@dataclass
class Played:
    """How a play ended and everything it said."""

    outcome: Outcome | None = None
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def announced(self) -> list[str]:
        """The 'Next review: ...' lines."""
        return [line for line in self.lines if line.startswith("Next review: ")]


def open_descriptors() -> int:
    """How many files this process has open."""
    return len(os.listdir("/proc/self/fd"))  # noqa: PTH208 - a count, not paths


def session(sink: Sink | None = None) -> Session:
    """A silent session at the fastest pace, spoilers skipped, recorded unless told."""
    speaking = Session(SilentEngine(), sink or RecordingSink(), None, True)
    assert speaking.set_rate(MAX_RATE) == MAX_RATE
    return speaking


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path]:
    """The queue and positions files of one test."""
    return tmp_path / "state" / "queue.json", tmp_path / "state" / "positions.json"


def tiny_reviews(folder: Path, count: int) -> Iterator[tuple[Path, str]]:
    """`count` reviews of a title and two short sentences; every third has a rating."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        title = f"Soak Film {number:03d}"
        rating = f"\n\nRating: {number % 5 + 1}/5" if number % 3 == 0 else ""
        path = folder / f"soak-{number:03d}.txt"
        path.write_text(f"{title}\n\nThe opening scene is calm. The ending is quiet.{rating}\n")
        yield path, title


def play(
    queue_path: Path,
    positions_path: Path,
    sleep: SleepTimer | None = None,
    sink: Sink | None = None,
) -> Played:
    """Play the saved queue to its end, or until it sleeps."""
    speaking = session(sink)
    played = Played()
    player = QueuePlayer(
        speaking,
        played.lines.append,
        played.problems.append,
        sleep=sleep or SleepTimer(),
        queue_path=queue_path,
        positions_path=positions_path,
    )
    try:
        played.outcome = player.play(load_queue(queue_path).value)
    finally:
        speaking.close()
    return played


def queue_files(queue_path: Path, files: list[Path]) -> None:
    """Add these files to the saved queue."""
    change_queue(lambda queue: added(queue, [QueueEntry(str(p)) for p in files]), queue_path)


# The soak


def test_soak_200_reviews_stays_flat(tmp_path: Path, places: tuple[Path, Path]) -> None:
    queue_path, positions_path = places
    written = list(tiny_reviews(tmp_path / "reviews", REVIEWS))
    entries = [QueueEntry(str(path), title) for path, title in written]
    change_queue(lambda queue: added(queue, entries), queue_path)

    speaking = session()
    sink = speaking.sink
    assert isinstance(sink, RecordingSink)
    lines: list[str] = []
    problems: list[str] = []
    samples: list[Sample] = []
    recorded = 0

    def say_line(line: str) -> None:
        nonlocal recorded
        lines.append(line)
        if line.startswith("Next review: ") and announced_by(lines) % SAMPLE_EVERY == 0:
            # Between reviews: the last run has finished writing, the next has not begun.
            recorded += len(sink.pcm)
            sink.pcm.clear()
            memory = tracemalloc.get_traced_memory()[0]
            count = announced_by(lines)
            samples.append(Sample(count, memory, open_descriptors(), threading.active_count()))

    tracemalloc.start()
    try:
        player = QueuePlayer(
            speaking,
            say_line,
            problems.append,
            queue_path=queue_path,
            positions_path=positions_path,
        )
        outcome = player.play(load_queue(queue_path).value)
    finally:
        tracemalloc.stop()
        speaking.close()

    assert outcome is Outcome.FINISHED
    assert problems == []
    announced = [line for line in lines if line.startswith("Next review: ")]
    assert len(announced) == REVIEWS
    for (_, title), line in zip(written, announced, strict=True):  # each once, in order
        assert line.startswith(f"Next review: {title}, ")
    assert sum(" rated " in line for line in announced) == len(range(0, REVIEWS, 3))
    assert lines[-1] == "End of the queue"
    assert recorded + len(sink.pcm) > 0  # the silent engine did produce audio

    loaded = load_queue(queue_path)
    assert loaded.warning is None
    assert loaded.value.current is None
    assert len(loaded.value.entries) == REVIEWS
    positions = load_positions(positions_path)
    assert positions.warning is None
    assert positions.value == {str(path): Position() for path, _ in written}  # all finished

    assert [sample.announced for sample in samples] == list(range(20, REVIEWS + 1, 20))
    first, last = samples[0], samples[-1]
    assert last.memory - first.memory < 3 * 1024 * 1024, samples
    assert abs(last.descriptors - first.descriptors) <= 2, samples
    assert abs(last.threads - first.threads) <= 2, samples


# Where play resumes


def test_play_reads_every_review_of_a_multi_review_file(
    tmp_path: Path, places: tuple[Path, Path]
) -> None:
    export = tmp_path / "letterboxd.csv"
    shutil.copy(SAMPLES / "letterboxd-reviews.csv", export)
    [(single, title)] = tiny_reviews(tmp_path / "one", 1)
    queue_files(places[0], [export, single])
    played = play(*places)
    assert played.outcome is Outcome.FINISHED
    assert played.problems == []
    assert len(played.announced) == 6 + 1
    assert played.announced[-1].startswith(f"Next review: {title}, ")
    keys = set(load_positions(places[1]).value) - {str(single)}
    assert len(keys) == 6
    assert all(key.startswith(f"{export}:") for key in keys)


def test_play_resumes_at_the_review_and_place_it_stopped(
    tmp_path: Path, places: tuple[Path, Path]
) -> None:
    queue_path = places[0]
    files = [path for path, _ in tiny_reviews(tmp_path, 3)]
    queue_files(queue_path, files)
    change_queue(lambda queue: at(queue, str(files[1])), queue_path)
    played = play(*places)
    assert [line.split(",")[0] for line in played.announced] == [
        "Next review: Soak Film 001",
        "Next review: Soak Film 002",
    ]
    assert load_queue(queue_path).value.current is None


def test_a_timed_sleep_keeps_the_place_mid_review(
    tmp_path: Path, places: tuple[Path, Path]
) -> None:
    queue_path = places[0]
    files = [path for path, _ in tiny_reviews(tmp_path, 2)]
    queue_files(queue_path, files)
    # A clock, so time passes while a review is read; the timer has run out at once.
    played = play(*places, sleep=SleepTimer(deadline=0.0), sink=ClockSink())
    assert played.outcome is Outcome.SLEPT
    assert played.lines[-1] == "Sleep timer: stopping."
    assert load_queue(queue_path).value.current == str(files[0])
    assert len(played.announced) == 1


def test_after_an_end_of_review_sleep_play_goes_on_with_the_next_review(
    tmp_path: Path, places: tuple[Path, Path]
) -> None:
    queue_path, _ = places
    files = [path for path, _ in tiny_reviews(tmp_path, 3)]
    queue_files(queue_path, files)
    first = play(*places, sleep=SleepTimer(end_of_review=True))
    assert first.outcome is Outcome.SLEPT
    assert first.lines[-1] == "Sleep timer: stopping after this review."
    second = play(*places, sleep=SleepTimer(end_of_review=True))
    assert [line.split(",")[0] for line in first.announced + second.announced] == [
        "Next review: Soak Film 000",
        "Next review: Soak Film 001",
    ]


def test_play_after_the_current_entry_was_removed_reads_the_first_entry(
    tmp_path: Path, places: tuple[Path, Path]
) -> None:
    queue_path, _ = places
    files = [path for path, _ in tiny_reviews(tmp_path, 3)]
    queue_files(queue_path, [files[0]])
    change_queue(lambda queue: at(queue, str(files[0])), queue_path)  # stopped there
    change_queue(lambda queue: removed(queue, [1]), queue_path)
    queue_files(queue_path, files[1:])
    played = play(*places)
    assert played.problems == []
    assert [line.split(",")[0] for line in played.announced] == [
        "Next review: Soak Film 001",
        "Next review: Soak Film 002",
    ]


def test_play_starts_a_file_from_the_top_when_its_saved_review_is_gone(
    tmp_path: Path, places: tuple[Path, Path]
) -> None:
    export = tmp_path / "letterboxd.csv"
    shutil.copy(SAMPLES / "letterboxd-reviews.csv", export)
    [(single, _)] = tiny_reviews(tmp_path / "one", 1)
    queue_files(places[0], [export, single])
    change_queue(lambda queue: at(queue, f"{export}:999"), places[0])
    played = play(*places)
    assert len(played.announced) == 6 + 1


def announced_by(lines: list[str]) -> int:
    """How many reviews have been announced (each ends with 'End of review' too)."""
    return sum(line.startswith("Next review: ") for line in lines)
