"""The session with the real eSpeak engine and a recording sink: what a listener hears.

A recording sink has no clock, so a run plays out at synthesis speed and every event
arrives on the playback thread; listeners below act on the session from inside an
event (pause on the fifth word, change pace on the first), which makes each test exact.
Where timing is the point, a clock sink keeps time by a fake clock: events then come at
their moments in sample time, still at synthesis speed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest
from helpers import SAMPLES, FakeClock, parse, seed, spoiler_texts
from processes import wait_for

from reader.model import Document, Markup, Position
from reader.plan.navigation import Unit
from reader.plan.planner import Part
from reader.session.events import (
    Finished,
    Moved,
    SessionEvent,
    SpeechFailed,
    State,
    StateChanged,
    UtteranceStarted,
    WordHeard,
)
from reader.session.playback import LEAD
from reader.session.session import Session
from reader.speech.engine import CHUNK_MS, SAMPLE_WIDTH, Engine, VoiceSettings
from reader.speech.espeak import EspeakEngine
from reader.speech.profiles import find_profile
from reader.speech.sinks import ClockSink, RecordingSink, Sink, SinkError

T = TypeVar("T")

STORY = """# Harbour Lights

## Review

The town keeps its secrets well. Detective Seo returns home after the funeral.

The harbour at night is gorgeous. >!Her brother was the drowned boy all along.!< The
music carries every scene.

## Verdict

I loved it, and I will watch it again.
"""


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    espeak = EspeakEngine()
    yield espeak
    espeak.close()


class Recorder:
    """A session over a recording sink (or the sink given), keeping every event."""

    def __init__(
        self,
        engine: Engine,
        document: Document,
        skip_spoilers: bool = False,
        sink: Sink | None = None,
    ) -> None:
        self.sink = sink if sink is not None else RecordingSink()
        self.session = Session(engine, self.sink, find_profile("default"), skip_spoilers)
        self.events: list[SessionEvent] = []
        self.session.subscribe(self.events.append)
        self.document = document
        self.session.open(document)

    @property
    def recording(self) -> RecordingSink:
        """The sink, a recording unless the test gave another."""
        assert isinstance(self.sink, RecordingSink)
        return self.sink

    def play(self, position: Position | None = None) -> None:
        self.session.play(position)
        assert self.session.wait(30)

    def words(self) -> list[str]:
        sections = self.document.sections
        return [sections[e.section].text[e.start : e.end] for e in self.of(WordHeard)]

    def said(self) -> list[str]:
        return [e.utterance.text for e in self.of(UtteranceStarted)]

    def of(self, kind: type[T]) -> list[T]:
        return [event for event in self.events if isinstance(event, kind)]

    def on(self, action: Callable[[SessionEvent], None]) -> None:
        self.session.subscribe(action)


def story() -> Document:
    return parse(STORY, Markup.MARKDOWN)


def test_plays_a_document_to_the_end(engine: Engine) -> None:
    recorder = Recorder(engine, story())
    recorder.play()
    assert recorder.said()[:3] == ["Harbour Lights.", "Review.", "The town keeps its secrets well."]
    assert recorder.words()[:5] == ["The", "town", "keeps", "its", "secrets"]
    assert isinstance(recorder.events[-2], Finished)
    assert recorder.events[-1] == StateChanged(State.STOPPED)
    seconds = recorder.recording.seconds
    assert 8 < seconds < 30  # about 45 words at 175 wpm, with pauses


def test_each_event_comes_when_its_audio_is_heard(engine: Engine) -> None:
    clock = FakeClock()
    sink = ClockSink(clock)
    timed = Recorder(engine, story(), sink=sink)
    noted: list[tuple[SessionEvent, float, float]] = []  # event, when, seconds queued ahead

    def note(event: SessionEvent) -> None:
        noted.append((event, clock.now(), sink.heard_at(sink.written) - clock.now()))

    timed.on(note)
    timed.play()
    recorded = Recorder(engine, story())
    recorded.play()
    # The same words in the same places as a recording with no clock...
    assert timed.said() == recorded.said()
    assert timed.of(WordHeard) == recorded.of(WordHeard)
    # ...each utterance the moment its first sample is heard, in the order heard...
    for event, when, _ in noted:
        if isinstance(event, UtteranceStarted):
            assert when == sink.heard_at(event.sample)
    assert [when for _, when, _ in noted] == sorted(when for _, when, _ in noted)
    # ...never more than a fifth of a second of audio ahead of the ear...
    assert max(ahead for _, _, ahead in noted) <= LEAD + CHUNK_MS / 1000 + 1e-9  # float error
    assert max(ahead for _, _, ahead in noted) > LEAD - CHUNK_MS / 1000
    # ...and the end is told when the last sample is heard, as long after the start as the
    # audio lasts (eSpeak's output may differ by a few samples from one run to the next).
    finished = [(when, ahead) for event, when, ahead in noted if isinstance(event, Finished)]
    assert finished == [(sink.heard_at(sink.written), 0.0)]
    assert finished[0][0] - sink.heard_at(0) == pytest.approx(recorded.recording.seconds, rel=0.01)


def test_a_pause_while_audio_waits_to_be_heard_is_silent_at_once(engine: Engine) -> None:
    clock = FakeClock()
    sink = ClockSink(clock)
    recorder = Recorder(engine, story(), sink=sink)
    with clock.held():  # no time passes: playback waits with its lead queued
        recorder.session.play()
        assert wait_for(lambda: sink.written > LEAD * sink.sample_rate, timeout=10)
        recorder.session.pause()
    assert recorder.session.state is State.PAUSED
    assert sink.written <= (LEAD + CHUNK_MS / 1000) * sink.sample_rate  # all that was queued
    assert recorder.said() == ["Harbour Lights."]  # heard at once; its words never were
    assert not recorder.of(WordHeard)
    assert recorder.session.position == Position()  # play starts again at the title


def test_skipping_spoilers_removes_their_words_and_announces_the_skip(engine: Engine) -> None:
    read = Recorder(engine, story())
    read.play()
    skipped = Recorder(engine, story(), skip_spoilers=True)
    skipped.play()
    span = story().sections[0].spoilers[0]
    inside = [e for e in read.of(WordHeard) if span.start <= e.start < span.end]
    outside = [e for e in read.of(WordHeard) if e not in inside]
    assert {"brother", "drowned", "boy"} <= set(read.words())
    assert len(inside) >= 6  # eSpeak may fold a short word into the next
    assert skipped.of(WordHeard) == outside  # exactly the spoiler's words are gone
    assert "Spoiler skipped, 8 words." in skipped.said()
    # The spoiler's audio is gone; the shorter announcement is in its place.
    spoken = utterance_lengths(read)["Her brother was the drowned boy all along."]
    announced = utterance_lengths(skipped)["Spoiler skipped, 8 words."]
    shorter = (len(read.recording.pcm) - len(skipped.recording.pcm)) // SAMPLE_WIDTH
    assert announced < spoken
    assert abs(shorter - (spoken - announced)) < 0.05 * read.sink.sample_rate


def outside_spoilers(document: Document) -> str:
    """Everything in the document that is not a spoiler."""
    kept: list[str] = []
    for section in document.sections:
        position = 0
        for span in section.spoilers:
            kept.append(section.text[position : span.start])
            position = span.end
        kept.append(section.text[position:])
    return " ".join(kept)


def test_every_spoiler_sample_never_speaks_a_spoiler(engine: Engine) -> None:
    document = parse((SAMPLES / "every-spoiler-syntax.md").read_text(), Markup.MARKDOWN)
    recorder = Recorder(engine, document, skip_spoilers=True)
    recorder.play()
    heard = {word.lower() for word in recorder.words()}
    elsewhere = {word.lower() for word in re.findall(r"\w+", outside_spoilers(document))}
    secret = {w.lower() for s in spoiler_texts(document) for w in re.findall(r"\w+", s)}
    assert len(secret - elsewhere) > 20  # the check below has something to find
    assert not (secret - elsewhere) & heard
    announced = [u for u in recorder.said() if "poiler skipped" in u]
    assert len(announced) == len(spoiler_texts(document))


def utterance_lengths(recorder: Recorder) -> dict[str, int]:
    """Samples from the start of each utterance to the start of the next."""
    starts = recorder.of(UtteranceStarted)
    ends = [e.sample for e in starts[1:]] + [len(recorder.recording.pcm) // SAMPLE_WIDTH]
    return {e.utterance.text: end - e.sample for e, end in zip(starts, ends, strict=True)}


@pytest.mark.parametrize(
    ("word", "kept", "faster"),
    [
        (
            "The",
            "The town keeps its secrets well.",
            "Detective Seo returns home after the funeral.",
        ),
        (
            "Seo",
            "Detective Seo returns home after the funeral.",
            "The harbour at night is gorgeous.",
        ),
    ],
)
def test_a_rate_change_applies_from_the_next_sentence(
    engine: Engine, word: str, kept: str, faster: str
) -> None:
    steady = Recorder(engine, story())
    steady.play()
    changed = Recorder(engine, story())

    def faster_on_word(event: SessionEvent) -> None:
        if isinstance(event, WordHeard) and changed.words()[-1] == word:
            changed.session.set_rate(350)

    changed.on(faster_on_word)
    changed.play()
    before, after = utterance_lengths(steady), utterance_lengths(changed)
    # The sentence being heard keeps its pace; the next one is twice as fast.
    assert after[kept] == pytest.approx(before[kept], rel=0.01)
    assert 0.35 < after[faster] / before[faster] < 0.75


def test_resume_restarts_at_the_last_word_heard(engine: Engine) -> None:
    recorder = Recorder(engine, story())
    session = recorder.session

    def pause_on_returns(event: SessionEvent) -> None:
        if isinstance(event, WordHeard) and recorder.words()[-1] == "returns":
            session.pause()

    recorder.on(pause_on_returns)
    recorder.play()
    assert session.state is State.PAUSED
    assert recorder.words()[-2:] == ["Seo", "returns"]
    heard_before = len(recorder.of(WordHeard))
    recorder.session.unsubscribe(pause_on_returns)
    recorder.play()
    resumed = recorder.words()[heard_before:]
    assert resumed[:4] == ["returns", "home", "after", "the"]
    assert recorder.said()[-1] == "I loved it, and I will watch it again."


def test_stop_is_silent_and_the_next_play_starts_at_that_sentence(engine: Engine) -> None:
    recorder = Recorder(engine, story())
    session = recorder.session

    def stop_on_night(event: SessionEvent) -> None:
        if isinstance(event, WordHeard) and recorder.words()[-1] == "night":
            session.stop()

    recorder.on(stop_on_night)
    recorder.play()
    assert recorder.words()[-1] == "night"
    assert not recorder.of(Finished)
    assert session.position == Position(0, story().sections[0].text.index("The harbour"))
    recorder.session.unsubscribe(stop_on_night)
    count = len(recorder.of(UtteranceStarted))
    recorder.play()
    assert recorder.said()[count] == "The harbour at night is gorgeous."


def test_moving_while_playing_reads_from_there(engine: Engine) -> None:
    recorder = Recorder(engine, story())
    session = recorder.session
    moved: list[Position | None] = []

    def next_section_on_first_word(event: SessionEvent) -> None:
        if isinstance(event, WordHeard) and not moved:
            moved.append(session.move(Unit.SECTION, 1))

    recorder.on(next_section_on_first_word)
    recorder.play()
    session.wait(10)
    assert moved == [Position(1, 0)]
    said = recorder.said()
    assert said[-2:] == ["Verdict.", "I loved it, and I will watch it again."]
    assert "Detective Seo returns home after the funeral." not in said


def test_moves_while_stopped_only_move(engine: Engine) -> None:
    recorder = Recorder(engine, story())
    session = recorder.session
    assert session.move(Unit.SENTENCE, 1) is not None
    assert session.move(Unit.SECTION, -1) == Position(0, 0)  # back to its own heading
    assert session.move(Unit.SECTION, -1) is None
    assert session.go_to_section(2) == Position(1, 0)
    assert session.go_to_section(3) is None
    assert not recorder.of(UtteranceStarted)
    assert recorder.of(Moved)[-1] == Moved(Position(1, 0))
    assert session.state is State.STOPPED


def test_an_announcement_interrupts_and_reading_resumes(engine: Engine) -> None:
    recorder = Recorder(engine, story())
    session = recorder.session
    done: list[bool] = []

    def announce_on_secrets(event: SessionEvent) -> None:
        if isinstance(event, WordHeard) and recorder.words()[-1] == "secrets" and not done:
            done.append(True)
            session.announce("Faster, 200 words per minute.")

    recorder.on(announce_on_secrets)
    recorder.play()
    session.wait(10)
    said = recorder.said()
    at = said.index("Faster, 200 words per minute.")
    assert said[at + 1] == "secrets well."  # from the last word heard
    assert said[-1] == "I loved it, and I will watch it again."


def test_an_announcement_when_stopped_leaves_it_stopped(engine: Engine) -> None:
    recorder = Recorder(engine, story())
    recorder.session.announce("Spoilers will be skipped.")
    assert recorder.session.wait(10)
    assert recorder.said() == ["Spoilers will be skipped."]
    assert recorder.session.state is State.STOPPED
    assert not recorder.of(Finished)


def test_several_announcements_are_said_one_after_another(engine: Engine) -> None:
    recorder = Recorder(engine, story())
    recorder.session.announce("space: Play or pause.", "escape: Stop speech at once.")
    assert recorder.session.wait(10)
    assert recorder.said() == ["space: Play or pause.", "escape: Stop speech at once."]


def test_a_sentence_read_after_a_move_leaves_play_to_start_there(engine: Engine) -> None:
    recorder = Recorder(engine, story())
    session = recorder.session
    target = session.move(Unit.SENTENCE, 1)  # from the first sentence to the second
    session.read_sentence()
    assert session.wait(10)
    assert recorder.said() == ["Detective Seo returns home after the funeral."]
    assert recorder.words()[-1] == "funeral"
    assert session.state is State.STOPPED
    assert session.position == target  # not moved on to the last word heard
    recorder.play()
    assert recorder.said()[1] == "Detective Seo returns home after the funeral."


def test_reading_a_sentence_while_playing_does_nothing(engine: Engine) -> None:
    recorder = Recorder(engine, story())
    session = recorder.session
    asked: list[bool] = []

    def ask_on_first_word(event: SessionEvent) -> None:
        if isinstance(event, WordHeard) and not asked:
            asked.append(True)
            session.read_sentence()

    recorder.on(ask_on_first_word)
    recorder.play()
    said = recorder.said()
    assert said[-1] == "I loved it, and I will watch it again."
    assert len(said) == len(set(said))  # nothing was read twice


def test_turning_spoiler_skipping_on_while_playing_hides_the_rest(engine: Engine) -> None:
    recorder = Recorder(engine, story())
    session = recorder.session

    def skip_on_first_word(event: SessionEvent) -> None:
        if isinstance(event, WordHeard) and not session.skip_spoilers:
            session.set_skip_spoilers(True)

    recorder.on(skip_on_first_word)
    recorder.play()
    assert "brother" not in recorder.words()
    assert "Spoiler skipped, 8 words." in recorder.said()


def test_a_spanish_review_is_read_with_a_spanish_voice(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = parse((SAMPLES / "el-laberinto-del-fauno.txt").read_text())
    assert document.language == "es"
    recorder = Recorder(engine, document)
    voices: list[str] = []
    configure = engine.configure

    def noting_the_voice(settings: VoiceSettings) -> None:
        voices.append(settings.voice)
        configure(settings)

    monkeypatch.setattr(engine, "configure", noting_the_voice)
    recorder.session.play(Position(1, 0))
    assert recorder.session.wait(30)
    assert set(voices) == {"es"}


class FailingSink(RecordingSink):
    """A sink whose device goes away after a second of audio."""

    def _write(self, pcm: bytes) -> None:
        if len(self.pcm) > self.sample_rate * SAMPLE_WIDTH:
            raise SinkError("the audio player stopped")
        super()._write(pcm)


def test_a_failing_sink_is_reported_and_the_session_stops(engine: Engine) -> None:
    sink = FailingSink()
    session = Session(engine, sink, find_profile("default"))
    events: list[SessionEvent] = []
    session.subscribe(events.append)
    session.open(seed())
    session.play()
    assert session.wait(10)
    assert SpeechFailed("the audio player stopped") in events
    assert session.state is State.STOPPED
    session.play()  # and it can be tried again
    assert session.wait(10)


def test_where_reports_section_sentence_and_percent(engine: Engine) -> None:
    recorder = Recorder(engine, seed())
    where = recorder.session.where()
    assert where is not None
    assert (where.section, where.sections, where.percent) == (1, 4, 0)
    recorder.session.go_to_section(3)
    assert recorder.session.move(Unit.SENTENCE, 1) is not None
    where = recorder.session.where()
    assert where is not None
    assert (where.section, where.heading, where.sentence) == (3, "Review", 2)
    assert 0 < where.percent < 100


def test_events_stop_at_once_after_stop(engine: Engine) -> None:
    recorder = Recorder(engine, seed())
    session = recorder.session
    seen: list[int] = []

    def stop_at_tenth_word(event: SessionEvent) -> None:
        if isinstance(event, WordHeard):
            seen.append(1)
            if len(seen) == 10:
                session.stop()

    recorder.on(stop_at_tenth_word)
    recorder.play()
    assert len(recorder.of(WordHeard)) == 10
    assert isinstance(recorder.events[-1], StateChanged)
    assert recorder.of(UtteranceStarted)[-1].utterance.part is Part.SENTENCE
