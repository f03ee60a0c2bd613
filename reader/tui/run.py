"""Starting the reading room: settings, speech, keys and a quiet terminal, then the app.

Whatever is missing (a player, an engine, a usable key file) is told to the user inside
the app, which still opens: a review can always be read on screen.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Mapping, Sequence
from typing import BinaryIO

from reader.cli.status import EXIT_FAILED, EXIT_OK
from reader.log import LOG
from reader.session.setup import speech_from
from reader.storage.locations import key_file, log_file
from reader.storage.settings import settings_for_run
from reader.tui.app import ReaderApp
from reader.tui.keys import load_keymap
from reader.tui.quiet import quiet_terminal


def run_tui(paths: Sequence[str], given: Mapping[str, object] | None = None) -> int:
    """Run the app until the user quits; returns the exit status. `given` are this run's
    options, by setting name (--verbosity)."""
    with quiet_terminal(log_file()):
        settings = settings_for_run(given)
        notices = [settings.warning] if settings.warning else []
        keys = load_keymap(key_file())
        if keys.problems:
            # Said in one short line before the review is named; the details are logged.
            notices.append(keys.spoken())
            for problem in keys.problems:
                LOG.warning("%s", problem.detail)
        speech = speech_from(settings.value)
        stdin = _piped_reviews() if "-" in paths else None
        app = ReaderApp(
            speech.session,
            paths,
            keymap=keys.keymap,
            voice_name=speech.voice_name,
            notices=notices + speech.notices,
            details=[problem.detail for problem in keys.problems],
            stdin=stdin,
            settings=settings.value,
        )
        app.run()
    if app.return_code:
        # Textual wrote the details to the log while it held the terminal.
        sys.stderr.write(f"reader: stopped by an unexpected error; details are in {log_file()}\n")
    # As every command does: a path that could not be opened is a failure, though the rest
    # were read.
    return app.return_code or (EXIT_FAILED if app.reading_screen.lost else EXIT_OK)


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
