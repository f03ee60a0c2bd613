"""Playback: utterances through the engine into the sink, reported as heard.

Playback keeps only a fifth of a second of audio queued ahead of the listener's ear,
so a stop is silent at once and a change of pace or voice reaches the very next
sentence. While one utterance is heard, the next is synthesised on a thread of its own,
so even a slow engine (a neural voice on a busy machine) has the whole utterance's time
to make the next one, and leaves no gap.
Events go out when the sink's clock says the listener hears them, never earlier; all
its times are on that clock, so a test that gives the sink a clock of its own decides
how fast time passes.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Protocol

from reader.plan.planner import Break, Part, Utterance
from reader.session.events import Finished, SessionEvent, UtteranceStarted, WordHeard
from reader.speech.cue_sounds import WORKING_EVERY, cue_sound
from reader.speech.engine import SAMPLE_WIDTH, Chunk, Engine, VoiceSettings
from reader.speech.pace import Pauses
from reader.speech.sinks import Sink

LEAD = 0.2  # seconds of audio queued ahead of the ear
_LEAD_PAST_LATENCY = 0.1  # a device that holds more than LEAD still needs some queued
_MARKED = (Part.SENTENCE, Part.SPOILER)  # parts whose words map to the review's text
_AFTER_CUE = 0.04  # seconds of silence between a cue's sound and the words it marks


@dataclass(frozen=True)
class Voicing:
    """How utterances sound right now; `version` changes whenever any of it does."""

    settings: VoiceSettings
    pauses: Pauses
    version: int


def voicing_for(
    engine: Engine, settings: VoiceSettings, pauses: Pauses, version: int, utterance: Utterance
) -> Voicing:
    """How to voice an utterance: the settings, with the engine's voice for its language
    unless a voice was chosen (a review in Spanish gets a Spanish voice); reader's own
    words get the engine's quickest."""
    if not settings.voice:
        language = utterance.language
        own = utterance.part is Part.ANNOUNCEMENT
        voice = engine.quick_voice_for(language) if own else engine.voice_for(language)
        settings = replace(settings, voice=voice)
    return Voicing(settings, pauses, version)


class Script(Protocol):
    """What playback asks of the session: the next utterance, and how to voice it."""

    def next_utterance(self) -> tuple[Utterance, int] | None:
        """The next utterance and the plan version it came from, or None at the end."""

    def is_current(self, plan_version: int) -> bool:
        """Whether an utterance planned at that version is still what should be said."""

    def replan(self, utterance: Utterance) -> None:
        """Plan again from where `utterance` starts (the settings changed)."""

    def voicing(self, utterance: Utterance) -> Voicing:
        """The voice settings and pauses for this utterance."""


@dataclass
class _Prepared:
    utterance: Utterance
    plan_version: int
    voicing: Voicing | None = None  # what the chunks were synthesised with
    chunks: list[Chunk] = field(default_factory=list)
    complete: bool = False


class Playback:
    """Plays a script until it ends or `cancelled` is set."""

    def __init__(
        self,
        engine: Engine,
        sink: Sink,
        script: Script,
        emit: Emit,
        cancelled: threading.Event,
        *,
        look_ahead: bool = True,
    ) -> None:
        """`look_ahead` off, the next utterance is made after this one is written: for
        a sink that takes audio as fast as it comes (a file), a thread would only cost."""
        self.engine = engine
        self.look_ahead = look_ahead
        self.sink = sink
        self.script = script
        self.emit = emit
        self.cancelled = cancelled
        self.clock = sink.clock  # the time `sink.heard_at` answers in
        self._due: deque[tuple[int, SessionEvent]] = deque()  # (stream sample, event)

    def run(self) -> None:
        """Speak to the end of the script; returns early, silently, when cancelled."""
        self.sink.open(self.engine.sample_rate)
        upcoming = self._next()
        while upcoming is not None and not self.cancelled.is_set():
            prepared = self._current(upcoming)
            voicing = self.script.voicing(prepared.utterance)
            following = self._next()
            if not self._say_then(prepared, voicing, following):
                return
            upcoming = following
        if self._drain():
            self.emit(Finished())

    def _say_then(self, prepared: _Prepared, voicing: Voicing, following: _Prepared | None) -> bool:
        """Say an utterance and its pause, synthesising the following one meanwhile: on a
        thread while this one's audio is ready made, else once it is written (the engine
        makes one utterance at a time). False if cancelled."""
        ahead = None
        if following is not None and self.look_ahead and self._ready(prepared, voicing):
            ahead = _Ahead(self, following)
        try:
            said = self._say(prepared, voicing)
            if said and following is not None and ahead is None:
                self._synthesize(following)
            return said and self._pause(prepared.utterance, voicing)
        except BaseException:
            if ahead is not None:
                self.engine.abort()  # the sink failed: nothing more will be said
            raise
        finally:
            if ahead is not None:
                ahead.join()  # the engine is free again, and its error, if any, raised

    def _next(self) -> _Prepared | None:
        found = self.script.next_utterance()
        if found is None:
            return None
        utterance, plan_version = found
        return _Prepared(utterance, plan_version)

    def _current(self, prepared: _Prepared) -> _Prepared:
        """The prepared utterance, or a new plan from its start if spoiler mode changed."""
        if self.script.is_current(prepared.plan_version):
            return prepared
        self.script.replan(prepared.utterance)
        return self._next() or prepared

    def _synthesize(self, prepared: _Prepared, voicing: Voicing | None = None) -> None:
        """Make an utterance's audio ahead of time, with `voicing` (the script's, asked
        now, if not given)."""

        def keep(chunk: Chunk) -> bool:
            prepared.chunks.append(chunk)
            return not self.cancelled.is_set()

        prepared.voicing = voicing or self.script.voicing(prepared.utterance)
        if not prepared.utterance.text.strip():
            prepared.complete = True  # a cue alone: nothing to synthesise
            return
        self.engine.configure(prepared.voicing.settings)
        prepared.complete = self.engine.synthesize(prepared.utterance.text, keep)

    @staticmethod
    def _ready(prepared: _Prepared, voicing: Voicing) -> bool:
        """Whether an utterance's audio is made, with the voicing it is to have: saying
        it then needs no engine."""
        return prepared.complete and prepared.voicing == voicing

    def _say(self, prepared: _Prepared, voicing: Voicing) -> bool:
        """Feed one utterance to the sink, after its cue's sound: prepared audio if it is
        still right, else live."""
        utterance = prepared.utterance
        self._due.append((self.sink.written, UtteranceStarted(utterance, self.sink.written)))
        if utterance.cue is not None and not self._cue(utterance, voicing):
            return False
        if not utterance.text.strip():
            return True
        base = self.sink.written  # word marks count from the words, after the cue
        words = utterance.part in _MARKED
        last: list[WordHeard | None] = [None]

        def play(chunk: Chunk) -> bool:
            if words:
                for mark in chunk.marks:
                    span = utterance.spoken.source_span(mark.start, mark.length)
                    if span is None:
                        continue  # an announced spoiler: its place in the text stays hidden
                    heard = WordHeard(utterance.section, *span)
                    # A number or a lexicon's 'say as' is several spoken words for one written.
                    if heard != last[0]:
                        self._due.append((base + mark.sample, heard))
                        last[0] = heard
            return self._feed(chunk.pcm)

        if self._ready(prepared, voicing):
            return all(play(chunk) for chunk in prepared.chunks)
        self.engine.configure(voicing.settings)
        return self.engine.synthesize(utterance.text, play) and not self.cancelled.is_set()

    def _cue(self, utterance: Utterance, voicing: Voicing) -> bool:
        """The cue's sound at the voice's volume, and a breath before any words."""
        assert utterance.cue is not None
        pcm = cue_sound(utterance.cue, self.sink.sample_rate, voicing.settings.volume)
        step = self._step() * SAMPLE_WIDTH
        for start in range(0, len(pcm), step):  # in pieces, so a stop is as quick as in speech
            if not self._feed(pcm[start : start + step]):
                return False
        return not utterance.text.strip() or self._silence(self._samples(_AFTER_CUE))

    def _pause(self, utterance: Utterance, voicing: Voicing) -> bool:
        if utterance.pause is Break.NONE:
            return True
        if utterance.pause is Break.TICK:
            assert utterance.cue is not None
            sound = len(cue_sound(utterance.cue, self.sink.sample_rate)) // SAMPLE_WIDTH
            return self._silence(self._samples(WORKING_EVERY) - sound)
        milliseconds = getattr(voicing.pauses, utterance.pause.value)  # Break names the field
        silence = voicing.pauses.scaled(milliseconds, voicing.settings.rate)
        return self._silence(silence * self.sink.sample_rate // 1000)

    def _samples(self, seconds: float) -> int:
        return round(seconds * self.sink.sample_rate)

    def _step(self) -> int:
        """Samples per piece of a cue or a pause: as short as the engine's chunks, so a stop
        is as quick as in speech."""
        return self.sink.sample_rate * self.engine.chunk_ms // 1000

    def _silence(self, samples: int) -> bool:
        step = self._step()
        while samples > 0:
            size = min(step, samples)
            if not self._feed(bytes(size * SAMPLE_WIDTH)):
                return False
            samples -= size
        return True

    def _feed(self, pcm: bytes) -> bool:
        """Write once the queue ahead of the ear is under LEAD, reporting what is heard."""
        lead = max(LEAD, self.sink.latency + _LEAD_PAST_LATENCY)
        # Moments, not differences, are compared: waiting until `room` makes it now exactly.
        while (room := self.sink.heard_at(self.sink.written) - lead) > self.clock.now():
            if not self._report(until=room):
                return False
        if self.cancelled.is_set():
            return False
        if pcm:
            self.sink.write(pcm)
        return self._report(until=self.clock.now())

    def _drain(self) -> bool:
        """Report the rest as it is heard; False if cancelled first."""
        end = self.sink.heard_at(self.sink.written)
        while self._due or self.clock.now() < end:
            if not self._report(until=end):
                return False
        return True

    def _report(self, until: float) -> bool:
        """Emit events heard by now, then wait for the next one (or `until`)."""
        while self._due and self.sink.heard_at(self._due[0][0]) <= self.clock.now():
            if self.cancelled.is_set():
                return False
            self.emit(self._due.popleft()[1])
        next_time = self.sink.heard_at(self._due[0][0]) if self._due else until
        return self.clock.wait_until(min(next_time, until), self.cancelled)


class _Ahead:
    """The following utterance synthesised on a thread while the current one is heard.
    Its voicing is asked for here, on playback's thread, as the script expects."""

    def __init__(self, playback: Playback, prepared: _Prepared) -> None:
        voicing = playback.script.voicing(prepared.utterance)
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._make, args=(playback, prepared, voicing), name="look-ahead", daemon=True
        )
        self._thread.start()

    def _make(self, playback: Playback, prepared: _Prepared, voicing: Voicing) -> None:
        try:
            playback._synthesize(prepared, voicing)
        except BaseException as error:  # raised again on playback's thread, in join
            self._error = error

    def join(self) -> None:
        """Wait for the audio (a stop makes the engine return at once); its error, if the
        engine failed, is raised here."""
        self._thread.join()
        if self._error is not None:
            raise self._error


class Emit(Protocol):
    """Where playback's events go, each as it is heard."""

    def __call__(self, event: SessionEvent) -> None: ...
