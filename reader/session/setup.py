"""A session from the user's settings: engine, voice, pace, spoiler mode and player.

Whatever is missing is told in `notices` and worked around, so every front end still
starts: no engine gives silence, no player gives a clock that keeps reading time.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, replace

from reader.session.session import Session
from reader.speech.choice import VoiceChoice, VoiceChoiceError, choose_voice
from reader.speech.engines import create_engine
from reader.speech.outputs import Output, open_output_early
from reader.speech.profiles import VoiceProfile
from reader.speech.sinks import ClockSink, SinkError
from reader.storage.settings import Settings


@dataclass
class Speech:
    """A ready session, the name of its voice, where its sound goes (None: the screen
    only), and anything the user should be told."""

    session: Session
    voice_name: str
    output: Output | None
    notices: list[str]


def speech_from(settings: Settings) -> Speech:
    """A session as the settings describe it."""
    notices: list[str] = []
    output_ready = open_output_early(settings.player)  # while the engine starts
    choice = _voice(settings, notices)
    output = _output(output_ready, choice.engine.sample_rate, notices)
    sink = output.sink if output is not None else ClockSink()
    session = Session(choice.engine, sink, choice.profile, settings.skip_spoilers)
    return Speech(session, choice.profile.name, output, notices)


def with_options(settings: Settings, options: argparse.Namespace) -> Settings:
    """The saved settings, with --voice, --rate, --engine and --skip-spoilers winning."""
    return replace(
        settings,
        voice=options.voice or settings.voice,
        rate=options.rate or settings.rate,
        engine=options.engine or settings.engine,
        skip_spoilers=options.skip_spoilers or settings.skip_spoilers,
    )


def chosen_voice(settings: Settings) -> VoiceChoice:
    """The engine and profile the settings name (empty ones mean the defaults); raises
    VoiceChoiceError when they name nothing that exists."""
    return choose_voice(settings.voice or None, settings.rate or None, settings.engine or None)


def _voice(settings: Settings, notices: list[str]) -> VoiceChoice:
    try:
        choice = chosen_voice(settings)
    except VoiceChoiceError as error:
        notices.append(f"{error}; using the built-in voice settings")
        choice = VoiceChoice(create_engine("auto"), VoiceProfile())
    if choice.engine.name == "silent" and settings.engine != "silent":
        notices.append("No speech engine could start (see 'reader voices'); reading on screen only")
    return choice


def _output(ready: Callable[[int], Output], sample_rate: int, notices: list[str]) -> Output | None:
    """The sound output, already warm (its first word then needs no start-up)."""
    try:
        return ready(sample_rate)
    except SinkError as error:
        notices.append(f"{error}. Reading on screen only")
        return None
