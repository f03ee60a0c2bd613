"""Speaking a document straight into a file or memory, with nobody listening: export.

What is said is what reading the document through says (`through`: its plan, then its
end cue, as `read_through` plays it), and it goes through the session's own Playback,
so a file holds what `reader say` plays. Only the session is left out: an export
needs no thread, lock or position, and the engine's chunks are made long
(OFFLINE_CHUNK_MS), since nobody stops a rendering mid-word.

For several processes, `passages` cuts a long review at paragraph ends, so its parts
can be spoken at once and joined in order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from itertools import chain

from reader.model import Document, Position
from reader.plan.cues import Cue, Listening
from reader.plan.planner import Break, Part, PlanSettings, Utterance, closing, plan_utterances
from reader.session.playback import Emit, Playback, Voicing, voicing_for
from reader.speech.engine import OFFLINE_CHUNK_MS, Engine, EngineUnavailable
from reader.speech.profiles import VoiceProfile
from reader.speech.sinks import Sink, SinkError

# Text in one passage before it may be cut: about two minutes of speech at 175 wpm. A
# short review is one passage; a long one keeps every core busy.
PASSAGE_CHARACTERS = 2_000
Passage = tuple[Utterance, ...]  # what one process speaks at a time
_CUT_AFTER = (Part.SENTENCE, Part.SPOILER)  # never between a title or heading and its text
_CUT_AT = (Break.PARAGRAPH, Break.SECTION)


def through(document: Document, settings: PlanSettings) -> Iterator[Utterance]:
    """Everything reading `document` through says: its plan, then its end cue."""
    start = Position()
    ending = closing(start, (Cue.END_OF_REVIEW,), settings.cues)
    return chain(plan_utterances(document, start, settings), ending)


def passages(utterances: Iterable[Utterance], size: int = PASSAGE_CHARACTERS) -> Iterator[Passage]:
    """The utterances in runs of about `size` characters or more, each ending at the end
    of a paragraph or section of the review (or at the end)."""
    passage: list[Utterance] = []
    characters = 0
    for utterance in utterances:
        passage.append(utterance)
        characters += len(utterance.text)
        ends = utterance.part in _CUT_AFTER and utterance.pause in _CUT_AT
        if ends and characters >= size:
            yield tuple(passage)
            passage, characters = [], 0
    if passage:
        yield tuple(passage)


class Recital:
    """Speaks utterances into a sink as fast as the engine makes them."""

    def __init__(self, engine: Engine, sink: Sink, profile: VoiceProfile) -> None:
        engine.chunk_ms = OFFLINE_CHUNK_MS
        self.engine = engine
        self.sink = sink
        self.profile = profile
        sink.prepare(engine.sample_rate)

    def speak(self, utterances: Iterable[Utterance], heard: Emit) -> None:
        """Say the utterances, into a new stream of the sink, telling `heard` each event;
        raises SinkError if the engine or the sink fails."""
        script = Listed(iter(utterances), self._voicing)
        try:
            Playback(
                self.engine, self.sink, script, heard, threading.Event(), look_ahead=False
            ).run()
        except EngineUnavailable as error:
            raise SinkError(str(error)) from error

    def _voicing(self, utterance: Utterance) -> Voicing:
        profile = self.profile
        return voicing_for(self.engine, profile.settings, profile.pauses, 0, utterance)


def plan_settings(profile: VoiceProfile, skip_spoilers: bool, listening: Listening) -> PlanSettings:
    """What decides the words of an export."""
    return PlanSettings(skip_spoilers, profile.lexicon, listening.verbosity, listening.cues)


class Listed:
    """A script that is a list said once: no settings change while it is said."""

    def __init__(
        self, utterances: Iterator[Utterance], voicing: Callable[[Utterance], Voicing]
    ) -> None:
        self._utterances = utterances
        self._voicing = voicing

    def next_utterance(self) -> tuple[Utterance, int] | None:
        utterance = next(self._utterances, None)
        return None if utterance is None else (utterance, 0)

    def is_current(self, plan_version: int) -> bool:
        return True

    def replan(self, utterance: Utterance) -> None:
        raise AssertionError("a listed script is never planned again")

    def voicing(self, utterance: Utterance) -> Voicing:
        return self._voicing(utterance)
