"""Starting the reading room: speech, keys and a quiet terminal, then the app.

Whatever is missing (a player, an engine, a usable key file) is told to the user inside
the app, which still opens: a review can always be read on screen.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence
from typing import BinaryIO

from reader.keys import KeyFileError, default_keymap, load_keymap
from reader.places import key_file, log_file
from reader.session.session import Session
from reader.speech.engines import create_engine
from reader.speech.player import PlayerSink, player_command
from reader.speech.profiles import VoiceProfile
from reader.speech.sinks import ClockSink, Sink, SinkError
from reader.tui.app import ReaderApp
from reader.tui.quiet import quiet_terminal
from reader.voice_choice import VoiceChoice, VoiceChoiceError, choose_voice


def run_tui(paths: Sequence[str]) -> int:
    """Run the app until the user quits; returns the exit status."""
    notices: list[str] = []
    with quiet_terminal(log_file()):
        try:
            keymap = load_keymap(key_file())
        except KeyFileError as error:
            notices.append(str(error))
            keymap = default_keymap()
        choice = _voice(notices)
        session = Session(choice.engine, _sink(notices), choice.profile, skip_spoilers=True)
        stdin = _piped_reviews() if "-" in paths else None
        app = ReaderApp(
            session,
            paths,
            keymap=keymap,
            voice_name=choice.profile.name,
            notices=notices,
            stdin=stdin,
        )
        app.run()
    if app.return_code:
        # Textual wrote the details to the log while it held the terminal.
        sys.stderr.write(f"reader: stopped by an unexpected error; details are in {log_file()}\n")
    return app.return_code or 0


def _piped_reviews() -> BinaryIO | None:
    """Reviews piped in on stdin, read now, so the keyboard can take stdin's place."""
    if sys.stdin is None or sys.stdin.isatty():
        return sys.stdin.buffer if sys.stdin else None
    piped = io.BytesIO(sys.stdin.buffer.read())
    try:
        terminal = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        return piped  # no terminal to read keys from; Textual will say so
    os.dup2(terminal, 0)
    os.close(terminal)
    return piped


def _voice(notices: list[str]) -> VoiceChoice:
    try:
        choice = choose_voice(None, None, None)
    except VoiceChoiceError as error:
        notices.append(f"{error}; using the built-in voice settings")
        choice = VoiceChoice(create_engine("auto"), VoiceProfile())
    if choice.engine.name == "silent":
        notices.append("No speech engine could start (see 'reader voices'); reading on screen only")
    return choice


def _sink(notices: list[str]) -> Sink:
    try:
        return PlayerSink(player_command())
    except SinkError as error:
        notices.append(f"{error}. Reading on screen only")
        return ClockSink()
