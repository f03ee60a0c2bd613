"""Sound cues, heard where they belong: each cue's sound is found, byte for byte, in what
the listener would hear (a recording sink, a WAV export), at the sample where its moment
is, and a cue set to words is said instead."""

from __future__ import annotations

import wave
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from helpers import SEED, parse
from runner import Env, reader

from reader.loaders import load_paths
from reader.model import Document, Markup, Position
from reader.plan.cues import Cue, CueMode, CueModes, Verbosity
from reader.plan.navigation import Unit, move
from reader.plan.planner import Break, Part, PlanSettings, plan_utterances
from reader.reading.actions import Act, Command
from reader.reading.answers import Answer
from reader.reading.controller import Hints, Reading
from reader.reading.library import Library
from reader.reading.modes import Modes
from reader.session.events import SessionEvent, UtteranceStarted, WordHeard
from reader.session.follower import Follower
from reader.session.session import Session
from reader.speech.cue_sounds import WORKING_EVERY
from reader.speech.earcons import earcon
from reader.speech.engine import SAMPLE_WIDTH, Engine
from reader.speech.espeak import EspeakEngine
from reader.speech.profiles import find_profile
from reader.speech.sinks import RecordingSink

STORY = """# Harbour Lights

## Review

The town keeps its secrets well. The harbour is lovely, and >!her brother was the drowned
boy all along!< which nobody guessed.

## Verdict

I loved it, and I will watch it again.
"""
SOUNDS = CueModes()  # the defaults: structure by sound


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    espeak = EspeakEngine()
    yield espeak
    espeak.close()


def story() -> Document:
    return parse(STORY, Markup.MARKDOWN)


class Heard:
    """A session over a recording sink, with every event kept."""

    def __init__(self, engine: Engine, cues: CueModes, skip_spoilers: bool = True) -> None:
        self.sink = RecordingSink()
        profile = find_profile("default")
        self.session = Session(engine, self.sink, profile, skip_spoilers, cues=cues)
        self.events: list[SessionEvent] = []
        self.session.subscribe(self.events.append)

    def started(self) -> list[UtteranceStarted]:
        return [event for event in self.events if isinstance(event, UtteranceStarted)]

    def sound_at(self, cue: Cue) -> list[int]:
        """Every sample at which the cue's sound begins in the recording."""
        sound = earcon(cue, self.sink.sample_rate)
        found, pcm, start = [], bytes(self.sink.pcm), 0
        while (at := pcm.find(sound, start)) >= 0:
            if at % SAMPLE_WIDTH == 0:
                found.append(at // SAMPLE_WIDTH)
            start = at + 1
        return found


def test_the_planner_marks_sections_and_splits_a_sentence_at_a_skipped_spoiler() -> None:
    settings = PlanSettings(skip_spoilers=True, cues=SOUNDS)
    planned = list(plan_utterances(story(), Position(), settings))
    headings = [said for said in planned if said.part is Part.HEADING]
    assert [said.cue for said in headings] == [Cue.SECTION, Cue.SECTION]
    assert [said.text for said in headings] == ["Review.", "Verdict."]  # names, no "Section"
    spoiled = [said for said in planned if said.cue is Cue.SPOILER_SKIPPED]
    assert len(spoiled) == 1
    before = planned[planned.index(spoiled[0]) - 1]
    assert (before.text, before.pause, before.continues) == (
        "The harbour is lovely, and ",
        Break.NONE,
        False,
    )
    assert spoiled[0].continues
    assert spoiled[0].text.startswith("(spoiler skipped, 8 words)")  # after its sound
    assert "brother" not in " ".join(said.text for said in planned)


def test_cues_do_not_move_sentence_boundaries() -> None:
    """A sentence cut by a cue is still one sentence to every move."""
    document = story()

    def steps(settings: PlanSettings) -> list[Position]:
        found: list[Position] = []
        position: Position | None = Position()
        while position is not None:
            position = move(document, position, Unit.SENTENCE, 1, settings)
            found += [position] if position is not None else []
        return found

    cued = steps(PlanSettings(skip_spoilers=True, cues=SOUNDS))
    assert cued == steps(PlanSettings(skip_spoilers=True))
    assert cued == [Position(0, 33), Position(1, 0)]  # the cut sentence is one step


def test_each_cue_is_heard_exactly_where_its_moment_is(engine: Engine) -> None:
    heard = Heard(engine, SOUNDS)
    heard.session.open(story())
    heard.session.play()
    assert heard.session.wait(30)
    starts = heard.started()
    headings = [event.sample for event in starts if event.utterance.part is Part.HEADING]
    assert heard.sound_at(Cue.SECTION) == headings
    spoiler = [event.sample for event in starts if event.utterance.cue is Cue.SPOILER_SKIPPED]
    assert heard.sound_at(Cue.SPOILER_SKIPPED) == spoiler
    # The words after a cue are heard after its sound: their marks are counted from there.
    first_word = next(event for event in heard.events if isinstance(event, WordHeard))
    assert first_word.start == 0


def test_a_cue_set_to_off_or_speech_makes_no_sound(engine: Engine) -> None:
    quiet = Heard(engine, CueModes.words_only())
    quiet.session.open(story())
    quiet.session.play()
    assert quiet.session.wait(30)
    assert quiet.sound_at(Cue.SECTION) == []
    assert quiet.sound_at(Cue.SPOILER_SKIPPED) == []
    said = [event.utterance.text for event in quiet.started()]
    assert any("and (spoiler skipped, 8 words) which" in text for text in said)


def test_announcements_carry_their_cues_before_the_words(engine: Engine) -> None:
    heard = Heard(engine, SOUNDS)
    heard.session.open(story())
    heard.session.announce("End of the queue", cues=(Cue.END_OF_REVIEW, Cue.END_OF_QUEUE))
    assert heard.session.wait(10)
    review, queue = heard.sound_at(Cue.END_OF_REVIEW), heard.sound_at(Cue.END_OF_QUEUE)
    assert len(review) == len(queue) == 1
    assert review[0] == 0  # first, on its own
    said = [event for event in heard.started() if event.utterance.text]
    assert said[0].utterance.cue is Cue.END_OF_QUEUE  # the last cue leads into the words
    assert queue[0] == said[0].sample


def test_the_working_cue_ticks_until_the_answer_comes(engine: Engine) -> None:
    heard = Heard(engine, SOUNDS)
    heard.session.work("Loading reviews.csv")
    assert heard.session.wait(0.1) is False  # still ticking, for as long as it takes
    heard.session.end_work()
    assert heard.session.wait(5)
    ticks = heard.sound_at(Cue.WORKING)
    rate = heard.sink.sample_rate
    assert ticks  # at least one tick after the words
    gaps = {later - earlier for earlier, later in pairwise(ticks)}
    assert gaps <= {round(WORKING_EVERY * rate)}


def test_speaking_is_false_once_only_the_ticks_are_left(engine: Engine) -> None:
    heard = Heard(engine, SOUNDS)
    heard.session.work("Loading")
    assert heard.session.speaking  # the words are being said
    heard.session.wait(4)  # the words take well under this: then only ticks
    assert not heard.session.speaking
    heard.session.end_work()


def test_spoiler_words_follow_the_verbosity_and_the_cue_mode() -> None:
    def announced(verbosity: Verbosity, mode: CueMode) -> str:
        cues = CueModes().with_mode(Cue.SPOILER_SKIPPED, mode)
        settings = PlanSettings(skip_spoilers=True, verbosity=verbosity, cues=cues)
        planned = plan_utterances(story(), Position(), settings)
        return next(said.text for said in planned if "nobody" in said.text)

    words = "The harbour is lovely, and (spoiler skipped, 8 words) which nobody guessed."
    assert announced(Verbosity.NORMAL, CueMode.SPEECH) == words  # no sound: one piece
    assert announced(Verbosity.NORMAL, CueMode.SOUND) == "(8 words) which nobody guessed."
    assert announced(Verbosity.TERSE, CueMode.BOTH) == "(spoiler) which nobody guessed."
    assert announced(Verbosity.TERSE, CueMode.SOUND) == " which nobody guessed."
    off = "The harbour is lovely, and  which nobody guessed."  # nothing: no sound, no words
    assert announced(Verbosity.NORMAL, CueMode.OFF) == off


def test_verbose_headings_say_their_number() -> None:
    settings = PlanSettings(verbosity=Verbosity.VERBOSE)
    headings = [
        u.text for u in plan_utterances(story(), Position(), settings) if u.part is Part.HEADING
    ]
    assert headings == ["Section 1 of 2: Review.", "Section 2 of 2: Verdict."]


def samples_of(path: Path) -> bytes:
    with wave.open(str(path), "rb") as file:
        return file.readframes(file.getnframes())


def test_an_export_holds_the_cues_between_reviews(env: Env, tmp_path: Path) -> None:
    """Two reviews in one WAV: each section's sound, and the end of each review's."""
    first, second = tmp_path / "first.md", tmp_path / "second.md"
    first.write_text(STORY)
    second.write_text("# Quiet Days\n\n## Review\n\nA gentle film about nothing much.\n")
    out = tmp_path / "both.wav"
    done = reader(env, "export", str(first), str(second), "-o", str(out), "--engine", "espeak")
    assert (done.code, done.err) == (0, "")
    pcm = samples_of(out)
    ends = pcm.count(earcon(Cue.END_OF_REVIEW, 22050))
    sections = pcm.count(earcon(Cue.SECTION, 22050))
    assert (ends, sections) == (2, 3)
    # The same export with cues off holds none of them, and is shorter.
    assert reader(env, "config", "set", "cue_section", "off").code == 0
    assert reader(env, "config", "set", "cue_end_of_review", "off").code == 0
    quiet = tmp_path / "quiet.wav"
    done = reader(env, "export", str(first), str(second), "-o", str(quiet), "--engine", "espeak")
    assert done.code == 0
    quiet_pcm = samples_of(quiet)
    assert earcon(Cue.SECTION, 22050) not in quiet_pcm
    assert len(quiet_pcm) < len(pcm)


class Following:
    """The reading controller with speech following it, as every front end has them."""

    def __init__(self, engine: Engine, path: Path, cues: CueModes) -> None:
        library = Library()
        library.add(load_paths([str(path)]))
        modes = Modes(skip_spoilers=True, announcements=True, pace=lambda: 175, cues=cues)
        self.reading = Reading(library, Hints(), modes)
        self.heard = Heard(engine, cues)
        self.follower = Follower(self.heard.session, self.reading)

    def do(self, answer: Answer) -> None:
        self.heard.events.clear()
        self.heard.sink.pcm.clear()
        self.heard.sink.written = 0
        self.follower.follow(answer)
        assert self.heard.session.wait(30)

    def said(self) -> list[str]:
        return [event.utterance.text for event in self.heard.started() if event.utterance.text]


def test_a_heading_jump_an_error_and_the_end_of_a_review_sound(engine: Engine) -> None:
    following = Following(engine, SEED, SOUNDS)
    reading = following.reading
    following.do(reading.open(0))
    following.do(reading.act(Command(Act.NEXT_SECTION)))
    assert following.heard.sound_at(Cue.HEADING) == [0]  # then the heading's phrase
    assert following.said()[0].startswith("Section 2 of 4")
    following.do(reading.failed("the audio player stopped"))
    assert following.heard.sound_at(Cue.ERROR) == [0]
    reading.playing = True
    following.do(reading.finished())
    assert following.heard.sound_at(Cue.END_OF_REVIEW) == [0]
    assert following.said() == []  # by default the end of a review is a sound, no words


def test_a_cue_set_to_speech_is_said_in_words(engine: Engine) -> None:
    cues = SOUNDS.with_mode(Cue.END_OF_REVIEW, CueMode.SPEECH)
    following = Following(engine, SEED, cues)
    reading = following.reading
    following.do(reading.open(0))
    reading.playing = True
    following.do(reading.finished())
    assert following.heard.sound_at(Cue.END_OF_REVIEW) == []
    assert following.said() == ["End of review"]


def test_a_verbose_heading_is_said_in_the_reviews_language() -> None:
    spanish = parse(
        "# Reseña\n\n## Sinopsis\n\nUna película.\n\n## Veredicto\n\nMe encantó.\n", Markup.MARKDOWN
    )
    settings = PlanSettings(verbosity=Verbosity.VERBOSE)
    planned = plan_utterances(spanish, Position(), settings)
    headings = [said.text for said in planned if said.part is Part.HEADING]
    assert headings[0].startswith("Sección 1 de ")
