"""Playback makes the next utterance while the current one is heard, on a thread of its
own: a slow engine (a neural voice on a busy machine) then has a whole utterance's time
to make the next, not the fifth of a second still queued. Real eSpeak speech of the seed
review into a sink on a test clock; the engine is watched, never replaced."""

from __future__ import annotations

import itertools
import threading
from functools import partial

import pytest
from helpers import FakeClock, seed

from reader.plan.planner import Utterance, plan_utterances
from reader.session.events import SessionEvent, UtteranceStarted
from reader.session.offline import Listed
from reader.session.playback import Playback, Voicing, voicing_for
from reader.speech.engine import ChunkCallback, EngineUnavailable, VoiceSettings
from reader.speech.espeak import EspeakEngine
from reader.speech.pace import Pauses
from reader.speech.sinks import ClockSink, SinkError

SAID = 8  # utterances of the seed review: title, headings and sentences


class Watched(EspeakEngine):
    """eSpeak, noting where the listener's stream stood as each utterance began to be
    made, and whether two were ever made at once; it fails once on `failing`, if given."""

    def __init__(self, sink: ClockSink, failing: str | None = None) -> None:
        super().__init__()
        self.sink = sink
        self.failing = failing
        self.began: dict[str, int] = {}  # text: samples written when its making began
        self.busy = 0
        self.overlapped = False
        self._lock = threading.Lock()

    def synthesize(self, text: str, on_chunk: ChunkCallback) -> bool:
        with self._lock:
            self.busy += 1
            self.overlapped = self.overlapped or self.busy > 1
        try:
            self.began[text] = self.sink.written
            if text == self.failing:
                self.failing = None  # once: asked again, it would answer
                raise EngineUnavailable("the voice stopped answering")
            return super().synthesize(text, on_chunk)
        finally:
            with self._lock:
                self.busy -= 1


def voiced(engine: Watched, utterance: Utterance) -> Voicing:
    """The default voice at 175 wpm, as a session's run gives it."""
    return voicing_for(engine, VoiceSettings(), Pauses(), 0, utterance)


def play(
    look_ahead: bool, failing: str | None = None, stop_at: int | None = None
) -> tuple[Watched, list[UtteranceStarted]]:
    """Play the script; the engine and the utterances as they were heard. `stop_at`
    cancels playback as that utterance starts to be heard."""
    sink = ClockSink(FakeClock())
    engine = Watched(sink, failing)
    cancelled = threading.Event()
    started: list[UtteranceStarted] = []

    def heard(event: SessionEvent) -> None:
        if isinstance(event, UtteranceStarted):
            started.append(event)
            if len(started) == stop_at:
                cancelled.set()

    script = Listed(iter(list(plan_utterances(seed()))[:SAID]), partial(voiced, engine))
    playback = Playback(engine, sink, script, heard, cancelled, look_ahead=look_ahead)
    playback.run()
    assert engine.busy == 0  # nothing is still being made once playback returns
    return engine, started


def test_the_next_is_made_as_the_current_one_starts() -> None:
    engine, started = play(look_ahead=True)
    assert len(started) == SAID
    # The first is made live, and the second once it is written; from then on each is
    # made as the one before it begins.
    for current, following in itertools.pairwise(started[1:]):
        assert engine.began[following.utterance.text] <= current.sample
    assert not engine.overlapped


def test_without_look_ahead_the_next_is_made_once_the_current_is_written() -> None:
    engine, started = play(look_ahead=False)
    assert len(started) == SAID
    for current, following in itertools.pairwise(started):
        assert engine.began[following.utterance.text] > current.sample


def test_the_stream_is_the_same_either_way() -> None:
    """Made ahead or not, the same utterances start at the same places in the stream (to
    within eSpeak's own wobble: its length for a text moves with what the process said
    before, by 0.55% on the title here)."""
    ahead, behind = play(look_ahead=True)[1], play(look_ahead=False)[1]
    assert [event.utterance for event in ahead] == [event.utterance for event in behind]
    for made_ahead, made_after in zip(ahead, behind, strict=True):
        assert made_ahead.sample == pytest.approx(made_after.sample, rel=0.01)


def test_an_engine_failing_ahead_fails_playback() -> None:
    """The error of the engine making the next utterance reaches playback's thread, which
    reports it (as the session does), rather than quietly asking again."""
    texts = [utterance.text for utterance in plan_utterances(seed())][:SAID]
    with pytest.raises(EngineUnavailable, match="stopped answering"):
        play(look_ahead=True, failing=texts[4])


def test_a_stop_waits_for_the_engine() -> None:
    """Cancelled while the next is being made: playback returns with the engine idle."""
    _, started = play(look_ahead=True, stop_at=4)
    assert len(started) == 4


class FailingSink(ClockSink):
    """A player that dies after `writes` writes."""

    def __init__(self, writes: int) -> None:
        super().__init__(FakeClock())
        self.writes = writes

    def _write(self, pcm: bytes) -> None:
        self.writes -= 1
        if self.writes < 0:
            raise SinkError("the player stopped")


def test_a_failing_sink_fails_playback_with_the_engine_idle() -> None:
    sink = FailingSink(writes=400)  # well into the fourth utterance
    engine = Watched(sink)
    script = Listed(iter(list(plan_utterances(seed()))[:SAID]), partial(voiced, engine))
    playback = Playback(engine, sink, script, lambda event: None, threading.Event())
    with pytest.raises(SinkError, match="stopped"):
        playback.run()
    assert engine.busy == 0
