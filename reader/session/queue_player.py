"""Reading the queue hands-free from the command line (`reader queue play`): the reading
controller decides what comes next, as in the reading room; this loop waits on the voice.

Play resumes at the review and the place it stopped. Places are saved when each review
ends, every few seconds while reading, and when play stops for any reason (the end, the
sleep timer, Ctrl-C), so a power cut costs seconds, not the queue.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from reader.reading.answers import Answer
from reader.reading.controller import Hints, Reading
from reader.reading.library import Library
from reader.reading.modes import Modes
from reader.reading.queue_control import QueueControl
from reader.reading.sleep import SleepTimer
from reader.session.events import SessionEvent, SpeechFailed
from reader.session.follower import Follower
from reader.session.session import Session
from reader.storage.positions import load_positions, save_positions
from reader.storage.queue import Queue
from reader.web.sources import load_sources

SAVE_EVERY = 10.0  # seconds between saves of the place while a review is read
_POLL = 0.05  # seconds between looks at the clock while waiting for the voice


class Outcome(Enum):
    """How play ended."""

    FINISHED = "finished"
    SLEPT = "slept"
    FAILED = "failed"


class QueuePlayer:
    """Plays the queue through a session, printing each review as it starts."""

    def __init__(
        self,
        session: Session,
        say_line: Callable[[str], None],
        problem: Callable[[str], None],
        *,
        sleep: SleepTimer | None = None,
        queue_path: Path | None = None,
        positions_path: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.session = session
        self.say_line = say_line
        self.problem = problem
        self.positions_path = positions_path
        self.clock = clock
        planned = session.plan_settings
        modes = Modes(
            skip_spoilers=session.skip_spoilers,
            announcements=False,
            pace=lambda: session.rate,
            verbosity=planned.verbosity,
            cues=planned.cues,
        )
        saved = load_positions(positions_path).value
        self.reading = Reading(
            Library(), Hints(), modes, saved=saved, queue=QueueControl(queue_path), clock=clock
        )
        self.reading.sleep = sleep or SleepTimer(clock)
        self.follower = Follower(session, self.reading)
        self.events: queue.Queue[SessionEvent] = queue.Queue()
        self.failed = False

    def play(self, saved: Queue) -> Outcome:
        """Read from where play stopped to the end of the queue (or the sleep timer)."""
        self.reading.queue.queue = saved
        self.session.subscribe(self.events.put)
        try:
            answer: Answer | None = self.reading.play_queue()
            while answer is not None:
                answer = self._carry_out(answer)
        except BaseException:  # Ctrl-C above all: silence first, then keep the place
            self.session.stop()
            raise
        finally:
            self.session.unsubscribe(self.events.put)
            self._save()
        self.session.wait()  # the last words ("End of the queue") are heard
        if self.failed:
            return Outcome.FAILED
        return Outcome.SLEPT if self.reading.sleep.slept else Outcome.FINISHED

    def _carry_out(self, answer: Answer) -> Answer | None:
        """Say and do one answer; the next answer, or None when play has ended."""
        for found in (*answer.problems, *answer.notes):
            self.problem(found)
        for line in answer.shown:
            self.say_line(line)
        self.follower.follow(answer)
        if answer.load is not None:
            loaded = load_sources(list(answer.load.paths))
            return self.reading.loaded(loaded, answer.load)
        if not self.reading.playing:
            return None
        return self._wait()

    def _wait(self) -> Answer | None:
        """Hand what the voice reports to the controller until it answers."""
        last_save = self.clock()
        while True:
            try:
                event = self.events.get(timeout=_POLL)
            except queue.Empty:
                if self.clock() - last_save > SAVE_EVERY:
                    self._save()
                    last_save = self.clock()
                continue
            if isinstance(event, SpeechFailed):
                self.failed = True
            answer = self.follower.heard(event)
            if answer is not None:
                return answer

    def _save(self) -> None:
        save_positions(self.reading.places(), self.positions_path)
