"""Speech from the user's settings: engine, voice, pace, spoiler mode and player.

Every command that speaks starts here, from the saved settings with its own options laid
over them (`reader.storage.settings.overridden`). Whatever is missing is told in
`notices` and worked around, so every front end still starts: no engine gives silence,
no player gives a clock that keeps reading time. `say` asks for strict speech instead,
so that it can show the text.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field

from reader.session.session import Session
from reader.speech.choice import VoiceChoice, VoiceChoiceError, choose_voice
from reader.speech.engine import EngineUnavailable
from reader.speech.engines import create_engine
from reader.speech.outputs import LIKELY_SAMPLE_RATE, Output, open_output_early
from reader.speech.profiles import VoiceProfile
from reader.speech.sinks import ClockSink, SinkError
from reader.storage.settings import Settings


class SpeechUnavailable(Exception):
    """Strict speech could not start; the message says what is missing."""


@dataclass
class Speech:
    """A ready session, the name of its voice, where its sound goes (None: the screen
    only), and anything the user should be told."""

    session: Session
    voice_name: str
    output: Output | None
    notices: list[str]


def speech_from(settings: Settings, strict: bool = False) -> Speech:
    """A session as the settings describe it. With `strict`, what is missing (the voice,
    an engine, a sound output) raises SpeechUnavailable instead of being worked around."""
    problems = _Problems(strict)
    output_ready = open_output_early(settings.player)  # while the engine starts
    choice: VoiceChoice | None = None
    try:
        choice = _voice(settings, problems)
        if choice.engine.name == "silent" and settings.engine != "silent":
            problems.found(
                "no speech engine could start (see 'reader voices')", "; reading on screen only"
            )
        output = _output(output_ready, choice.engine.sample_rate, problems)
    except SpeechUnavailable:
        _let_go(output_ready, choice)
        raise
    sink = output.sink if output is not None else ClockSink()
    session = Session(
        choice.engine,
        sink,
        choice.profile,
        settings.skip_spoilers,
        verbosity=settings.spoken_verbosity,
        cues=settings.cues,
    )
    return Speech(session, choice.profile.name, output, problems.notices)


def chosen_voice(settings: Settings) -> VoiceChoice:
    """The engine and profile the settings name (empty ones mean the defaults); raises
    VoiceChoiceError when they name nothing that exists."""
    return choose_voice(settings.voice or None, settings.rate or None, settings.engine or None)


@dataclass
class _Problems:
    """What is missing: told in notices with how it is worked around, or, when strict,
    raised at once."""

    strict: bool
    notices: list[str] = field(default_factory=list)

    def found(self, problem: str, workaround: str) -> None:
        if self.strict:
            raise SpeechUnavailable(problem)
        self.notices.append(f"{problem}{workaround}")


def _voice(settings: Settings, problems: _Problems) -> VoiceChoice:
    try:
        return chosen_voice(settings)
    except (VoiceChoiceError, EngineUnavailable) as error:
        problems.found(str(error), "; using the built-in voice settings")
        return VoiceChoice(create_engine("auto"), VoiceProfile())


def _output(ready: Callable[[int], Output], sample_rate: int, problems: _Problems) -> Output | None:
    """The sound output, already warm (its first word then needs no start-up)."""
    try:
        return ready(sample_rate)
    except SinkError as error:
        problems.found(str(error), ". Reading on screen only")
        return None


def _let_go(ready: Callable[[int], Output], choice: VoiceChoice | None) -> None:
    """Close what strict speech had opened when it gave up."""
    if choice is not None:
        choice.engine.close()
    with suppress(SinkError):  # an output that never opened has nothing to close
        ready(LIKELY_SAMPLE_RATE).sink.close()
