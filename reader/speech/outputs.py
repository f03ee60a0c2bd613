"""Choosing where sound goes: in process through PortAudio, else a player program.

`READER_PLAYER` or the `player` setting may name an output (`portaudio`, `pw-play`,
`paplay`, `aplay`) or give a command of the user's; empty or `auto` tries them all in
that order. What could not be used is kept in `passed_over`, so `reader doctor` can say
why, and the one line shown when nothing can play names everything that was tried.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from reader.speech.player import (
    KNOWN_PLAYERS,
    PlayerProgram,
    PlayerSink,
    PlayerUnavailable,
    installed_players,
    known_player,
)
from reader.speech.portaudio import PortAudioSink, PortAudioUnavailable, load_sounddevice
from reader.speech.sinks import Sink, SinkError

PLAYER_VARIABLE = "READER_PLAYER"
PORTAUDIO = "portaudio"
AUTO = "auto"
OUTPUT_NAMES = (AUTO, PORTAUDIO, *(program.name for program in KNOWN_PLAYERS))


# The rate to warm an output at before the engine is known: eSpeak's. An engine with
# another rate costs one more `prepare`.
LIKELY_SAMPLE_RATE = 22050


class NoOutput(PlayerUnavailable):
    """Nothing here can play sound; the message names what was tried and what to do."""


@dataclass
class Output:
    """A sink for the sound system, and what was passed over to get it."""

    sink: Sink
    skipped: list[str] = field(default_factory=list)  # outputs that could not be used

    @property
    def name(self) -> str:
        """'portaudio', the player's program, or 'command' for the user's own."""
        if isinstance(self.sink, PlayerSink):
            return self.sink.program.name or "command"
        return PORTAUDIO

    @property
    def passed_over(self) -> list[str]:
        """Why each output before this one could not play, players that died included."""
        failures = self.sink.failures if isinstance(self.sink, PlayerSink) else []
        return [*self.skipped, *failures]

    def describe(self) -> str:
        """One line: the output, and how late it is heard."""
        sink = self.sink
        if isinstance(sink, PortAudioSink):
            what = f"in process through PortAudio ({sink.describe()})"
        elif isinstance(sink, PlayerSink):
            what = f"player {sink.program.label}"
        else:
            what = type(sink).__name__
        return f"{what}, latency {sink.latency * 1000:.0f} ms"


def configured_output(setting: str = "") -> str:
    """What the user asked for: the environment, then the settings, else auto."""
    return os.environ.get(PLAYER_VARIABLE) or setting or AUTO


def open_output(setting: str = "") -> Output:
    """The sink the user asked for, or the first that can play; raises NoOutput."""
    wanted = configured_output(setting)
    passed_over: list[str] = []
    if wanted in (AUTO, PORTAUDIO):
        try:
            return Output(PortAudioSink(load_sounddevice()))
        except PortAudioUnavailable as error:
            if wanted == PORTAUDIO:
                raise NoOutput(f"cannot play in process: {error}") from error
            passed_over.append(f"PortAudio: {error}")
    programs = _players(wanted, passed_over)
    if not programs:
        raise NoOutput(_nothing_plays(passed_over))
    return Output(PlayerSink(programs), passed_over)


def open_output_early(setting: str = "") -> Callable[[int], Output]:
    """Open and warm the output in the background, while the engine starts (each takes
    tens of milliseconds, mostly in C); the call returned waits for it, prepares it at the
    engine's rate, and raises what opening raised."""
    opened: list[Output | SinkError] = []

    def work() -> None:
        try:
            output = open_output(setting)
            output.sink.prepare(LIKELY_SAMPLE_RATE)
            opened.append(output)
        except SinkError as error:
            opened.append(error)

    thread = threading.Thread(target=work, name="output", daemon=True)
    thread.start()

    def ready(sample_rate: int) -> Output:
        thread.join()
        found = opened[0]
        if isinstance(found, SinkError):
            raise found
        found.sink.prepare(sample_rate)
        return found

    return ready


def _players(wanted: str, passed_over: list[str]) -> list[PlayerProgram]:
    if wanted == AUTO:
        if sys.platform in ("win32", "darwin"):
            return []  # the known players are Linux programs
        found = installed_players()
        if not found:
            names = ", ".join(program.name for program in KNOWN_PLAYERS)
            passed_over.append(f"no player program installed ({names})")
        return found
    known = known_player(wanted)
    if known is not None:
        return [known]
    return [PlayerProgram(wanted)]  # the user's own command


# Where a problem's own line has no room for OWN_PLAYER; doctor, which shows it, drops this.
SEE_DOCTOR = " (see 'reader doctor')"
# How to name a player of one's own: what it is given, and a command that works.
OWN_PLAYER = (
    f"a command of your own in {PLAYER_VARIABLE} or the player setting plays raw signed "
    "16-bit mono PCM from its standard input, {rate} standing for the sample rate; for "
    "example: reader config set player 'sox -q -t raw -r {rate} -e signed -b 16 -c 1 - -d'"
)


def _nothing_plays(passed_over: list[str]) -> str:
    tried = "; ".join(passed_over) or "nothing to try"
    if sys.platform.startswith("linux"):
        fix = (
            "install libportaudio2, or pipewire-bin, pulseaudio-utils or alsa-utils, or name "
            f"your own player command in {PLAYER_VARIABLE}{SEE_DOCTOR}"
        )
    else:
        fix = "check that a sound device is connected and enabled"
    return f"no sound output could play (tried: {tried}); {fix}"
