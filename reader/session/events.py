"""What the session tells front ends: small dataclasses, delivered in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from reader.model import Position
from reader.plan.planner import Utterance


class State(StrEnum):
    """Whether reader is speaking."""

    STOPPED = "stopped"
    PLAYING = "playing"
    PAUSED = "paused"


@dataclass(frozen=True)
class StateChanged:
    """Playback started, paused or stopped."""

    state: State


@dataclass(frozen=True)
class UtteranceStarted:
    """An utterance has begun to be heard; `sample` is where, in the sink's stream."""

    utterance: Utterance
    sample: int


@dataclass(frozen=True)
class WordHeard:
    """A word is being heard: section characters [start, end)."""

    section: int
    start: int
    end: int


@dataclass(frozen=True)
class Moved:
    """The reading position changed without speech reaching it (a jump, a resume point)."""

    position: Position


@dataclass(frozen=True)
class Finished:
    """Everything from the position to the end of the document has been heard."""


@dataclass(frozen=True)
class SpeechFailed:
    """Speech stopped because an engine or player failed; the message says why."""

    message: str


SessionEvent = StateChanged | UtteranceStarted | WordHeard | Moved | Finished | SpeechFailed
Listener = Callable[[SessionEvent], None]


class Broadcaster:
    """Calls every listener with each event, in the order they subscribed."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        """Call `listener` with every event from now on."""
        self._listeners.append(listener)

    @property
    def listeners(self) -> tuple[Listener, ...]:
        """Who is listening."""
        return tuple(self._listeners)

    def unsubscribe(self, listener: Listener) -> None:
        """Stop calling `listener`."""
        self._listeners.remove(listener)

    def _emit(self, event: SessionEvent) -> None:
        for listener in list(self._listeners):
            listener(event)
