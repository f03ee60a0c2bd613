"""reader's own voice in plain mode (`--speak`): the speech follower, and one inbox for the
typed lines and what the voice reports.

The session speaks on its own thread. What it reports is put in the inbox the typed lines
also arrive in, so the main thread alone drives the controller and prints.
"""

from __future__ import annotations

import queue
from collections.abc import Callable

from reader.reading.answers import Answer
from reader.reading.controller import Reading
from reader.session.events import SessionEvent
from reader.session.follower import Follower
from reader.session.session import Session
from reader.session.setup import speech_from
from reader.storage.settings import Settings

# A typed line, something speech reported, or None at the end of input.
Inbox = queue.Queue[str | SessionEvent | None]


class PlainSpeech:
    """A session whose reports go to the inbox; it follows a controller once attached."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.inbox: Inbox = queue.Queue()
        self._follower: Follower | None = None
        session.subscribe(self.inbox.put)

    @classmethod
    def start(cls, settings: Settings, problem: Callable[[str], None]) -> PlainSpeech:
        """A session from the settings; what is missing is said on stderr."""
        speech = speech_from(settings)
        for notice in speech.notices:
            problem(notice)
        return cls(speech.session)

    def pace(self) -> int:
        """The pace the session speaks at."""
        return self.session.rate

    def attach(self, reading: Reading) -> None:
        """Follow `reading` from now on."""
        self._follower = Follower(self.session, reading)

    @property
    def follower(self) -> Follower:
        """The follower (attached before any command is answered)."""
        assert self._follower is not None
        return self._follower

    def interrupt(self) -> None:
        """Silence before the next command: the place stays where the listener got to."""
        reading = self.follower.reading
        if reading.playing:
            reading.playing = False
            self.follower.session.stop()

    def close(self) -> None:
        """Silence, and let the engine and the sound output go."""
        self.session.close()

    def follow(self, answer: Answer) -> None:
        """Say what the answer calls for."""
        self.follower.follow(answer)

    def heard(self, event: SessionEvent) -> Answer | None:
        """What the voice reported, handed to the controller."""
        return self.follower.heard(event)
