"""Speech that follows the reading controller: each answer's `say` done by the session, and
what the listener heard handed back, so the controller's place is where the voice is.

The session reports on its playback thread; each front end passes those events to
`heard` on its own main thread (the reading room as messages, plain mode and the command
line through a queue), so only one thread ever drives the controller.
"""

from __future__ import annotations

from reader.model import Position
from reader.plan.cues import Cue
from reader.plan.planner import Part
from reader.reading.answers import Answer, Say
from reader.reading.controller import Reading
from reader.session.events import Finished, SessionEvent, SpeechFailed, UtteranceStarted, WordHeard
from reader.session.session import Session


class Follower:
    """Makes the session say what the controller answers, and tells it what was heard."""

    def __init__(self, session: Session, reading: Reading) -> None:
        self.session = session
        self.reading = reading
        self._cues: tuple[Cue, ...] = ()  # the sounds of the answer being followed
        self._pending: tuple[Cue, ...] = ()  # sounds held over a load, for its answer

    def follow(self, answer: Answer) -> None:
        """Do what the answer asks of the voice, in the controller's modes and place."""
        session, reading = self.session, self.reading
        modes = reading.modes
        if session.rate != modes.rate:
            session.set_rate(modes.rate)
        if session.skip_spoilers != modes.skip_spoilers:
            session.set_skip_spoilers(modes.skip_spoilers)
        session.set_listening(modes.verbosity, modes.cues)
        session.end_work()  # an answer came: whatever was loading has arrived
        document, here = reading.document, reading.place.position
        if document is not None and session.document is not document:
            session.open(document, here)
        cues = (*self._pending, *answer.cues, *((Cue.ERROR,) if answer.problems else ()))
        self._pending = ()
        self._cues = tuple(cue for cue in cues if modes.cues.of(cue).sound)
        words = tuple(filter(None, (modes.cues.words(cue) for cue in cues)))
        confirm = words + (answer.lines if modes.announcements or answer.always else ())
        say = answer.say
        if say is Say.NOTHING:
            session.stop()
            self._announce(())  # an error's sound, if that is what stopped it
        elif say in (Say.PAUSE, Say.STOP):
            session.pause() if say is Say.PAUSE else session.stop()
            self._announce(confirm)
        elif say in (Say.SECTION, Say.REVIEW):
            start = answer.start.position if answer.start else here
            session.play(start, preface=words + answer.preface, cues=self._cues)
        elif answer.load is not None and not reading.playing and modes.cues.of(Cue.WORKING).sound:
            # Ticking until what loads is answered; the cues wait for that answer, which
            # would cut them short.
            self._pending = self._cues
            session.work(*confirm)
        elif document is None:
            self._announce(confirm)
        elif say is Say.SENTENCE:
            self._go(here, preface=())
            if not reading.playing:
                session.read_sentence()
        elif answer.moved:
            self._go(here, preface=confirm)
        else:
            self._announce(confirm)

    def heard(self, event: SessionEvent) -> Answer | None:
        """On the front end's main thread: what the listener heard, told to the controller;
        an answer when it calls for one (the end of a review, the sleep timer)."""
        reading = self.reading
        if isinstance(event, UtteranceStarted):
            utterance = event.utterance
            return reading.heard(utterance.part, utterance.start)
        if isinstance(event, WordHeard):
            return reading.heard(Part.SENTENCE, Position(event.section, event.start), word=True)
        if isinstance(event, Finished):
            return reading.finished() if reading.playing else None
        if isinstance(event, SpeechFailed):
            return reading.failed(event.message)
        return None

    def close(self) -> None:
        """Silence, and let the engine and the sound output go."""
        self.session.close()

    def _go(self, position: Position, preface: tuple[str, ...]) -> None:
        """Move the voice to the place: reading goes on from there if it was reading."""
        session = self.session
        if self.reading.playing:
            session.play(position, preface=preface, cues=self._cues)
            return
        assert session.document is not None
        session.open(session.document, position)
        self._announce(preface)

    def _announce(self, lines: tuple[str, ...]) -> None:
        if lines or self._cues:
            self.session.announce(*lines, cues=self._cues)
