"""One run of speech: the script playback follows, and the gate its events pass through.

A run is the session's other half, kept in its own module: it holds what this run says
(announcements, then the document's plan), reads the session's settings, and moves the
session's position as words are heard. The session holds its lock while it cancels a
run and waits for it to end, so a run never blocks on that lock: it gives up as soon as
it sees it is cancelled, and its late events are dropped.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import dropwhile
from typing import TYPE_CHECKING

from reader.model import Position
from reader.plan.planner import Part, Utterance, plan_utterances
from reader.session.events import (
    Finished,
    SessionEvent,
    SpeechFailed,
    State,
    StateChanged,
    UtteranceStarted,
    WordHeard,
)
from reader.session.playback import Playback, Voicing, voicing_for
from reader.speech.engine import EngineUnavailable
from reader.speech.sinks import SinkError

if TYPE_CHECKING:
    from reader.session.session import Session

ALWAYS_CURRENT = -1  # announcements are never re-planned
ANNOUNCED = (Part.TITLE, Part.HEADING)


class _Cancelled(Exception):
    """The run was cancelled while it waited for the session."""


class Run:
    """What one run says, in order, and how its events reach the session."""

    def __init__(
        self,
        session: Session,
        announcements: tuple[Utterance, ...],
        plan: Iterator[Utterance] | None,
        *,
        reading: bool | None = None,
    ) -> None:
        """The session's newest run: say `announcements`, then `plan` if given (reading
        the document, unless `reading` says it is not: the working cue's ticks)."""
        self.session = session
        self.run_id = session._run_id
        self.cancel = threading.Event()
        self.reading = plan is not None if reading is None else reading
        self._ticks = plan is not None and not self.reading  # a plan not read: ticks
        self.ticking = False  # its words are heard: only the ticks are left
        self._unheard = len(announcements)  # announcements not yet begun
        self._announcements = deque(announcements)
        self._plan: Iterator[Utterance] = plan or iter(())
        self._planned_at = session._plan_version  # the version `_plan` was made at

    def speak(self) -> None:
        """The run's thread: play, and report a failing engine or player."""
        session = self.session
        try:
            Playback(session.engine, session.sink, self, self.heard, self.cancel).run()
        except (SinkError, EngineUnavailable) as error:
            self.heard(SpeechFailed(str(error)))
        except _Cancelled:
            pass

    @contextmanager
    def _locked(self) -> Iterator[Session]:
        lock = self.session._lock
        while not lock.acquire(timeout=0.005):
            if self.cancel.is_set():
                raise _Cancelled
        try:
            if self.cancel.is_set() or self.run_id != self.session._run_id:
                raise _Cancelled
            yield self.session
        finally:
            lock.release()

    def next_utterance(self) -> tuple[Utterance, int] | None:
        """Announcements first, then the document, if this run reads it."""
        with self._locked():
            if self._announcements:
                return self._announcements.popleft(), ALWAYS_CURRENT
            version = self._planned_at  # the version the plan was made at, not the latest
        utterance = next(self._plan, None)
        return None if utterance is None else (utterance, version)

    def is_current(self, plan_version: int) -> bool:
        """Whether a plan made at that version still holds."""
        return plan_version in (ALWAYS_CURRENT, self.session._plan_version)

    def replan(self, utterance: Utterance) -> None:
        """Plan again from where `utterance` starts (its heading, if any, was said)."""
        with self._locked() as session:
            assert session.document is not None
            plan = plan_utterances(session.document, utterance.start, session.plan_settings)
            if utterance.part not in ANNOUNCED:
                plan = dropwhile(lambda said: said.part in ANNOUNCED, plan)
            self._plan = plan
            self._planned_at = session._plan_version

    def voicing(self, utterance: Utterance) -> Voicing:
        """The settings for this utterance; a review in Spanish gets a Spanish voice."""
        with self._locked() as session:
            settings, pauses, version = session.voice, session._pauses, session._voice_version
        return voicing_for(session.engine, settings, pauses, version, utterance)

    def heard(self, event: SessionEvent) -> None:
        """An event from playback: update the state it tells of, then pass it on."""
        try:
            with self._locked() as session:
                if isinstance(event, UtteranceStarted):
                    # Playback asks for the next utterance as this one starts: only once
                    # the plan's first is heard are the words over and the ticks begun.
                    self._unheard -= 1
                    self.ticking = self._ticks and self._unheard < 0
                # Only reading moves the position: a sentence read on its own after a
                # move leaves it at that sentence's start, where play will begin.
                if isinstance(event, UtteranceStarted) and self.reading:
                    utterance = event.utterance
                    if utterance.part is not Part.ANNOUNCEMENT:
                        session.position = utterance.start
                        if not utterance.continues:  # the sentence began before its cue
                            session._sentence = utterance.start
                elif isinstance(event, WordHeard) and self.reading:
                    session.position = Position(event.section, event.start)
                elif isinstance(event, Finished) and not self.reading:
                    return  # an announcement ended; the state is what it was
                if isinstance(event, (Finished, SpeechFailed)):
                    session._at_end = isinstance(event, Finished)
                    session.state = State.STOPPED
        except _Cancelled:
            return  # from speech already stopped: dropped
        session._emit(event)
        if isinstance(event, (Finished, SpeechFailed)):
            session._emit(StateChanged(State.STOPPED))
