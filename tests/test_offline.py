"""Export speaks without a session (reader.session.offline): it must say exactly what
`reader say` says, through a session, for every spoiler mode, verbosity and cue mode."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from helpers import ROOT, seed

from reader.loaders import load_paths
from reader.model import Document
from reader.parse.document import parse_review
from reader.plan.cues import Cue, CueMode, CueModes, Listening, Verbosity
from reader.plan.planner import Utterance
from reader.session.events import SessionEvent, UtteranceStarted
from reader.session.offline import Recital, passages, plan_settings, through
from reader.session.playback import Emit
from reader.session.session import Session
from reader.session.through import read_through
from reader.speech.espeak import EspeakEngine
from reader.speech.profiles import VoiceProfile
from reader.speech.sinks import RecordingSink

SPOILERS = ROOT / "tests" / "data" / "real" / "spoilers" / "goodreads-burn.md"


def spoiled() -> Document:
    return parse_review(load_paths([str(SPOILERS)]).reviews[0])


def started(into: list[Utterance]) -> Emit:
    def note(event: SessionEvent) -> None:
        if isinstance(event, UtteranceStarted):
            into.append(event.utterance)

    return note


LISTENINGS = [
    Listening(),
    Listening(Verbosity.TERSE, CueModes()),
    Listening(Verbosity.VERBOSE, CueModes(*[CueMode.BOTH] * len(Cue))),
]


@pytest.mark.parametrize("listening", LISTENINGS, ids=["words", "terse-sounds", "verbose-both"])
@pytest.mark.parametrize("skip", [True, False], ids=["skipped", "read"])
@pytest.mark.parametrize("document", [seed, spoiled], ids=["seed", "spoilers"])
def test_export_says_what_a_session_reading_through_says(
    document: Callable[[], Document], skip: bool, listening: Listening
) -> None:
    review = document()
    profile = VoiceProfile()
    session_said: list[Utterance] = []
    session = Session(
        EspeakEngine(),
        RecordingSink(),
        profile,
        skip,
        verbosity=listening.verbosity,
        cues=listening.cues,
    )
    session.subscribe(started(session_said))
    read_through(session, review)
    session.close()
    export_said: list[Utterance] = []
    sink = RecordingSink()
    Recital(EspeakEngine(), sink, profile).speak(
        through(review, plan_settings(profile, skip, listening)), started(export_said)
    )
    assert export_said == session_said
    assert len(export_said) > 10
    assert sink.seconds > 30


def test_passages_cut_only_after_a_paragraph_of_the_review() -> None:
    said = list(through(seed(), plan_settings(VoiceProfile(), True, Listening())))
    for size in (1, 200, 2_000, 10**9):
        cut = list(passages(said, size))
        assert [utterance for passage in cut for utterance in passage] == said
        for passage in cut[:-1]:
            assert sum(len(utterance.text) for utterance in passage) >= size
            assert passage[-1].part.value in ("sentence", "spoiler")
            assert passage[-1].pause.value in ("paragraph", "section")
    assert len(list(passages(said, 1))) > 3
    assert len(list(passages(said, 10**9))) == 1
