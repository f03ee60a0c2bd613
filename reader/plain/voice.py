"""reader's own voice in plain mode (`--speak`): a session that follows the answers.

The session speaks on its own thread. What this module hears from it is put in the
inbox the typed lines also arrive in, so the main thread alone acts on it: stops at the
end of the section `read` asked for, and reports a failing engine or player.
"""

from __future__ import annotations

import queue
from collections.abc import Callable
from dataclasses import dataclass

from reader.plain.reading import Answer, Place, PlainReader, Say
from reader.plan.planner import Part
from reader.session.events import SessionEvent, SpeechFailed, State, UtteranceStarted
from reader.session.session import Session
from reader.session.setup import speech_from
from reader.storage.settings import Settings


@dataclass(frozen=True)
class SectionRead:
    """Reading run `run` has reached the section after the one `read` asked for."""

    run: int


@dataclass(frozen=True)
class Failed:
    """Speech stopped because the engine or the player failed; the message says why."""

    message: str


# A typed line, something speech reported, or None at the end of input.
Inbox = queue.Queue[str | SectionRead | Failed | None]


class Voice:
    """reader's own voice (`--speak`): a session that follows the answers."""

    def __init__(self, session: Session, announcements: bool) -> None:
        self.session = session
        self.announcements = announcements
        self.inbox: Inbox = queue.Queue()
        self._runs = 0
        self._limit: tuple[int, int] | None = None  # (run, last section) while `read` plays
        self._started: Place | None = None  # where reading began
        self._heard: Place | None = None  # where it got to
        session.subscribe(self._hear)

    @classmethod
    def start(cls, settings: Settings, problem: Callable[[str], None]) -> Voice:
        """A session from the settings; whatever is missing is said on stderr."""
        speech = speech_from(settings)
        for notice in speech.notices:
            problem(notice)
        return cls(speech.session, settings.announcements)

    def pace(self) -> int:
        """The pace the session speaks at."""
        return self.session.rate

    def follow(self, reader: PlainReader, answer: Answer) -> None:
        """Say what the answer calls for, in the reader's modes and at its place."""
        session = self.session
        if session.rate != reader.rate:
            session.set_rate(reader.rate)
        if session.skip_spoilers != reader.skip_spoilers:
            session.set_skip_spoilers(reader.skip_spoilers)
        if answer.say is Say.NOTHING:
            session.stop()
            return
        session.open(reader.document, reader.position)
        if answer.say is Say.SENTENCE:
            session.read_sentence()
        elif answer.start is not None and answer.say in (Say.SECTION, Say.REVIEW):
            self._runs += 1
            section = answer.start.position.section
            self._limit = (self._runs, section) if answer.say is Say.SECTION else None
            self._started, self._heard = answer.start, None
            session.play(answer.start.position)
        elif self.announcements:
            session.announce(*answer.lines)

    def interrupt(self) -> Place | None:
        """Silence before the next command; where reading got to, if it was reading."""
        self._limit = None
        if self.session.state is not State.PLAYING:
            return None
        self.session.stop()
        return self._heard or self._started

    def handle(self, item: SectionRead | Failed, problem: Callable[[str], None]) -> None:
        """On the main thread: stop at the end of the section read; report a failure."""
        if isinstance(item, Failed):
            problem(f"Speech stopped: {item.message}")
        elif self._limit is not None and item.run == self._limit[0]:
            self._limit = None
            self.session.stop()  # the place stays at the section's last line, as printed

    def close(self) -> None:
        """Silence, and let the engine and the player go."""
        self.session.close()

    def _hear(self, event: SessionEvent) -> None:
        """On the speaker's thread: note what is heard; ask the main thread to act."""
        if isinstance(event, SpeechFailed):
            self.inbox.put(Failed(event.message))
        if not isinstance(event, UtteranceStarted) or event.utterance.part is Part.ANNOUNCEMENT:
            return
        said = event.utterance
        self._heard = Place(said.start, said.part in (Part.TITLE, Part.HEADING))
        limit = self._limit
        if limit is not None and said.section > limit[1]:
            self.inbox.put(SectionRead(limit[0]))
