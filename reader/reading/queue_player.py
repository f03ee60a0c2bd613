"""Reading the queue hands-free: announce each review, read it, move on, stop at the end.

Play resumes at the review and the place it stopped. Where it is is saved when each
review starts and ends, every few seconds while reading, and when play stops for any
reason (the end, the sleep timer, Ctrl-C), so a power cut costs seconds, not the queue.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from itertools import dropwhile
from pathlib import Path

from reader.model import Document, Position
from reader.plan.planner import Part
from reader.reading.library import parse_or_problem
from reader.reading.phrases import next_review_phrase
from reader.session.events import Finished, SessionEvent, SpeechFailed, UtteranceStarted
from reader.session.session import Session
from reader.storage.positions import load_positions, review_key, save_positions
from reader.storage.queue import Queue, at, change_queue
from reader.web.addresses import still_there
from reader.web.sources import load_sources

SAVE_EVERY = 10.0  # seconds between saves of the place while a review is read
END_OF_REVIEW = "end-of-review"
_DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")


class SleepError(ValueError):
    """A --sleep value that is neither a duration nor end-of-review."""


@dataclass(frozen=True)
class SleepTimer:
    """When to stop gently: after `seconds`, at the end of a review, or never."""

    seconds: float | None = None
    end_of_review: bool = False


def parse_sleep(text: str | None) -> SleepTimer:
    """'20m', '1h30m', '90s', '45' (minutes) or 'end-of-review'."""
    if text is None:
        return SleepTimer()
    word = text.strip().lower()
    if word == END_OF_REVIEW:
        return SleepTimer(end_of_review=True)
    if word.isdigit():
        return SleepTimer(seconds=int(word) * 60.0)
    found = _DURATION.match(word)
    if not word or found is None:
        raise SleepError(f"--sleep takes a time such as 20m, 1h30m or 90s, or {END_OF_REVIEW}")
    hours, minutes, seconds = (int(part or 0) for part in found.groups())
    return SleepTimer(seconds=hours * 3600.0 + minutes * 60.0 + seconds)


class Outcome(Enum):
    """How reading one review ended."""

    FINISHED = "finished"
    SLEPT = "slept"
    FAILED = "failed"


@dataclass(frozen=True)
class QueuedReview:
    """A review to read, with the key its place is saved under."""

    document: Document
    key: str


class _Listening:
    """What the speaker reports, gathered for the loop on the main thread."""

    def __init__(self) -> None:
        self.ended = threading.Event()
        self.failure: str | None = None
        self.sentences = 0

    def __call__(self, event: SessionEvent) -> None:
        if isinstance(event, UtteranceStarted) and event.utterance.part is not Part.ANNOUNCEMENT:
            self.sentences += 1
        elif isinstance(event, Finished):
            self.ended.set()
        elif isinstance(event, SpeechFailed):
            self.failure = event.message
            self.ended.set()


class QueuePlayer:
    """Plays a queue through a session, telling the user each review as it starts."""

    def __init__(
        self,
        session: Session,
        say_line: Callable[[str], None],
        problem: Callable[[str], None],
        *,
        sleep: SleepTimer = SleepTimer(),
        queue_path: Path | None = None,
        positions_path: Path | None = None,
    ) -> None:
        self.session = session
        self.say_line = say_line
        self.problem = problem
        self.sleep = sleep
        self.queue_path = queue_path
        self.positions_path = positions_path
        self.deadline = None if sleep.seconds is None else time.monotonic() + sleep.seconds
        self.current: QueuedReview | None = None
        self.announced = 0

    def play(self, queue: Queue) -> Outcome:
        """Read from where play stopped to the end of the queue (or the sleep timer)."""
        reviews = self._reviews(queue)
        try:
            for review in reviews:
                outcome = self._read(review)
                if outcome is Outcome.FINISHED and self.sleep.end_of_review:
                    upcoming = next(reviews, None)  # where the next play should start
                    self._set_current(None if upcoming is None else upcoming.key)
                    self._stop_gently("Sleep timer: stopping after this review.")
                    return Outcome.SLEPT
                if outcome is not Outcome.FINISHED:
                    return outcome
        except BaseException:  # Ctrl-C above all: silence first, then keep the place
            self.session.stop()
            self._save_place()
            raise
        self._set_current(None)
        self.say_line("End of the queue.")
        self.session.announce("End of the queue.")
        self.session.wait()
        return Outcome.FINISHED

    def _reviews(self, queue: Queue) -> Iterator[QueuedReview]:
        """Every review from the one play stopped at; missing files are skipped."""
        resume, start = queue.current, queue.resumes_at
        for entry in queue.entries[start or 0 :]:
            if not still_there(entry.path):
                self.problem(f"{entry.path}: no longer there; skipped")
                continue
            loaded = load_sources([entry.path])
            for found in loaded.problems:
                self.problem(str(found))
            keyed = [(review_key(review.source) or entry.path, review) for review in loaded.reviews]
            if start is not None and any(key == resume for key, _ in keyed):
                keyed = list(dropwhile(lambda pair: pair[0] != resume, keyed))
            start = None  # only the first file resumes; a review gone since starts it over
            for key, review in keyed:
                parsed = parse_or_problem(review)
                if isinstance(parsed, Document):
                    yield QueuedReview(parsed, key)
                else:
                    self.problem(str(parsed))

    def _read(self, review: QueuedReview) -> Outcome:
        self.current = review
        self._set_current(review.key)
        saved = load_positions(self.positions_path).value.get(review.key, Position())
        phrase = next_review_phrase(review.document)
        self.say_line(phrase)
        self.announced += 1
        listening = _Listening()
        self.session.subscribe(listening)
        try:
            self.session.open(review.document, saved)
            self.session.play(preface=(phrase,))
            outcome = self._wait(listening)
        finally:
            self.session.unsubscribe(listening)
        if outcome is Outcome.FINISHED:
            save_positions({review.key: Position()}, self.positions_path)  # next time: the top
        else:
            self._save_place()
        if listening.failure is not None:
            self.problem(listening.failure)
        return outcome

    def _wait(self, listening: _Listening) -> Outcome:
        last_save = time.monotonic()
        sentences_at_deadline: int | None = None
        while not listening.ended.wait(0.05):
            now = time.monotonic()
            if now - last_save > SAVE_EVERY:
                self._save_place()
                last_save = now
            if self.deadline is not None and now >= self.deadline:
                if sentences_at_deadline is None:
                    sentences_at_deadline = listening.sentences
                elif listening.sentences > sentences_at_deadline:
                    # The sentence being read when time ran out has ended: stop here.
                    self._stop_gently("Sleep timer: stopping.")
                    return Outcome.SLEPT
        return Outcome.FAILED if listening.failure is not None else Outcome.FINISHED

    def _stop_gently(self, message: str) -> None:
        self.session.stop()
        self._save_place()
        self.say_line(message)
        self.session.announce(message)
        self.session.wait()

    def _save_place(self) -> None:
        if self.current is not None:
            save_positions({self.current.key: self.session.position}, self.positions_path)

    def _set_current(self, key: str | None) -> None:
        change_queue(lambda queue: at(queue, key), self.queue_path)
