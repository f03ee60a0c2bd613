"""`reader doctor`: what reader would speak with and where, then a spoken test line.

It is what a blind user runs first when reader is silent, so each line says one thing in
plain words, and every problem comes with what to do about it. It asks nothing.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass

from reader.cli.command import Command
from reader.cli.status import EXIT_FAILED, EXIT_OK
from reader.session.events import SessionEvent, SpeechFailed, UtteranceStarted
from reader.session.setup import Speech, speech_from
from reader.speech.outputs import OWN_PLAYER, SEE_DOCTOR
from reader.storage.locations import config_dir, log_file, state_dir
from reader.storage.settings import load_settings, settings_file

TEST_LINE = "This is reader. If you can hear this sentence, speech is working."
_TIMEOUT = 30.0  # seconds: the test line is about four seconds long


@dataclass
class _Heard:
    """What the test line did: when it was first heard, and how it failed."""

    started: float
    first_sound: float | None = None
    failure: str | None = None


def doctor(line: Callable[[str], None]) -> int:
    """Report engine, voice, output and folders, then speak the test line; EXIT_OK if it
    was spoken."""
    loaded = load_settings()
    if loaded.warning:
        line(f"Settings: {loaded.warning}")
    settings = loaded.value
    speech = speech_from(settings)
    try:
        for notice in speech.notices:
            line(f"Problem: {notice.replace(SEE_DOCTOR, '')}")  # this is doctor
        _describe(speech, line)
        line(f"Settings: {settings_file()} (change them with 'reader config set KEY VALUE')")
        line(f"Your voice profiles and lexicons: {config_dir() / 'voices'}")
        line(f"Queue, places and log: {state_dir()} (log: {log_file().name})")
        return _speak_test_line(speech, line)
    finally:
        speech.session.close()


def _describe(speech: Speech, line: Callable[[str], None]) -> None:
    engine = speech.session.engine
    line(f"Engine: {engine.describe()}")
    voice = speech.session.voice
    who = voice.voice or "the voice of each review's language"
    line(f"Voice: profile {speech.voice_name}, {who}, {speech.session.rate} words per minute")
    output = speech.output
    if output is None:
        line("Audio output: none, so reader can only show text (see the problem above)")
        line(f"Your own player: {OWN_PLAYER}")
        return
    line(f"Audio output: {output.describe()}")
    for passed in output.passed_over:
        line(f"Passed over: {passed}")


def _speak_test_line(speech: Speech, line: Callable[[str], None]) -> int:
    if speech.output is None or speech.session.engine.name == "silent":
        line("Not speaking the test line: nothing here can make sound")
        return EXIT_FAILED
    reported = len(speech.output.passed_over)
    line(f"Speaking a test line now: {TEST_LINE}")
    heard = _Heard(time.monotonic())

    def follow(event: SessionEvent) -> None:
        if isinstance(event, UtteranceStarted) and heard.first_sound is None:
            heard.first_sound = time.monotonic()
        elif isinstance(event, SpeechFailed):
            heard.failure = event.message

    speech.session.subscribe(follow)
    speech.session.announce(TEST_LINE)
    finished = speech.session.wait(_TIMEOUT)
    output = speech.output
    if heard.failure is not None or not finished or heard.first_sound is None:
        why = heard.failure or "the output did not play it in time"
        line(f"Problem: the test line was not played: {why}")
        line(
            "What to try: check that your sound system is running (on Linux, PipeWire or "
            "PulseAudio), or choose an output with 'reader config set player NAME': "
            "portaudio, pw-play, paplay, aplay, or a command of your own"
        )
        line(f"Your own player: {OWN_PLAYER}")
        return EXIT_FAILED
    for passed in output.passed_over[reported:]:  # players that died while speaking
        line(f"Passed over: {passed}")
    delay = (heard.first_sound - heard.started) * 1000
    line(f"Test line played: {output.describe()}; first sound {delay:.0f} ms after asking")
    line("If you heard nothing, check the volume and the sound device of your system")
    return EXIT_OK


def _doctor(options: argparse.Namespace) -> int:
    return doctor(print)


COMMANDS = {
    "doctor": Command(
        "Check speech and sound: engine, voice, audio output, latency, folders; then speak a "
        "test line. Run it first when reader is silent.",
        _doctor,
    )
}
