"""`reader say` and `reader export`: reviews read aloud, or spoken into an audio file.

Both start from the saved settings with the options laid over them. Whatever fails (no
engine, no player, an unwritable file) is one line on stderr; `say` then shows the text
instead, so nothing the user asked for is lost.
"""

from __future__ import annotations

import argparse
import os
import threading
from collections.abc import Callable, Iterator
from itertools import chain
from pathlib import Path

from reader.audiobook.formats import FORMAT_NAMES, AudioFormat, UnknownFormat, audio_format
from reader.cli.command import Command
from reader.cli.loading import with_documents
from reader.cli.options import add_speech_options, run_settings
from reader.cli.problems import say_problem
from reader.cli.progress import end_progress, show_progress, showing_progress
from reader.cli.said import show_text
from reader.cli.status import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from reader.export import Progress, cue_sheet, export_audiobook, export_wav
from reader.model import Document
from reader.session.events import SessionEvent, SpeechFailed
from reader.session.setup import SpeechUnavailable, chosen_voice, speech_from
from reader.session.through import read_through
from reader.speech.choice import VoiceChoiceError
from reader.speech.engine import EngineUnavailable
from reader.speech.sinks import SinkError
from reader.storage.settings import Settings

_Speaking = Callable[[Iterator[Document], Settings, argparse.Namespace], int]


def _say(documents: Iterator[Document], settings: Settings, options: argparse.Namespace) -> int:
    """Speak each document through the player; Ctrl-C stops at once."""
    try:
        speech = speech_from(settings, strict=True)
    except SpeechUnavailable as error:
        say_problem(f"{error}; showing the text instead")
        show_text(documents, settings.skip_spoilers)
        return EXIT_FAILED
    session = speech.session
    failures: list[str] = []

    def heard(event: SessionEvent) -> None:
        if isinstance(event, SpeechFailed):
            failures.append(event.message)

    session.subscribe(heard)
    try:
        for document in documents:
            read_through(session, document)
            if failures:
                say_problem(f"{failures[0]}; showing the text instead")
                spoken = session.plan_settings
                show_text([document, *documents], spoken.skip_spoilers, spoken.lexicon)
                return EXIT_FAILED
        session.sink.finish(threading.Event())  # let the player play out what it holds
    finally:
        session.close()  # on Ctrl-C too: the player's process group is killed here
    return EXIT_OK


def _export(documents: Iterator[Document], settings: Settings, options: argparse.Namespace) -> int:
    """Speak the documents into one WAV file with a cue sheet beside it, or an MP3/M4B
    audiobook with chapters (with --split, one per review)."""
    out: Path = options.output
    try:
        choice = chosen_voice(settings)
        if audio_format(out) is not AudioFormat.WAV:
            progress, split = _progress_bar(), options.split
            export_audiobook(
                documents,
                out,
                choice,
                settings.skip_spoilers,
                progress=progress,
                split=split,
                listening=settings.listening,
                jobs=options.jobs,
            )
            return EXIT_OK
        tracks = export_wav(
            documents,
            out,
            choice,
            settings.skip_spoilers,
            _progress_bar(),
            listening=settings.listening,
            jobs=options.jobs,
        )
    except (EngineUnavailable, VoiceChoiceError, SinkError) as error:
        say_problem(str(error))
        return EXIT_FAILED
    finally:
        end_progress()
    cue = out.with_suffix(".cue")
    try:
        cue.write_text(cue_sheet(out, tracks), encoding="utf-8")
    except OSError as error:
        say_problem(f"{cue}: cannot write the cue sheet: {error.strerror}")
        return EXIT_FAILED
    return EXIT_OK


def _speaking(command: _Speaking) -> Callable[[argparse.Namespace], int]:
    """Load, then hand the documents and this run's settings to a speaking command; the
    worse status wins. When no review could be read the command is not run, so nothing
    is played or written (no empty WAV, no cue sheet without one)."""

    def run(options: argparse.Namespace) -> int:
        settings = run_settings(options)
        statuses: list[int] = []

        def speak(documents: Iterator[Document]) -> None:
            first = next(documents, None)
            if first is not None:
                statuses.append(command(chain([first], documents), settings, options))

        loaded = with_documents(options.paths, speak)
        return max([loaded, *statuses])

    return run


def _checked_export(options: argparse.Namespace) -> int:
    """`reader export`, once the options agree; nothing is loaded when they do not."""
    if options.split and audio_format(options.output) is AudioFormat.WAV:
        say_problem("--split: writes .mp3 or .m4b files, not .wav (see 'reader export -h')")
        return EXIT_USAGE
    return _speaking(_export)(options)


def _add_say_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for stdin")
    add_speech_options(parser)


def _add_export_options(parser: argparse.ArgumentParser) -> None:
    _add_say_options(parser)
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        type=_output_file,
        metavar="OUT",
        help=f"the file to write; its extension picks the format ({FORMAT_NAMES})",
    )
    parser.add_argument(
        "--split",
        action="store_true",
        help="MP3 or M4B: one file per review, in a folder named after OUT",
    )
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=_cores(),
        metavar="N",
        help=(
            "how many processes speak reviews at once (default: one per CPU core, here "
            "%(default)s); 1 speaks in this process alone. Only eSpeak voices use more than one."
        ),
    )


def _cores() -> int:
    """The CPU cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):  # not on Windows or macOS
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _jobs(text: str) -> int:
    """--jobs's value: a whole number from 1."""
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1, not {text!r}")
    return jobs


def _output_file(text: str) -> Path:
    """-o's value: a usage error, before anything is read or written, unless its extension
    names a format reader writes."""
    path = Path(text)
    try:
        audio_format(path)
    except UnknownFormat as error:
        raise argparse.ArgumentTypeError(str(error)) from error
    return path


def _progress_bar() -> Progress | None:
    if not showing_progress():
        return None

    def show(title: str, done: float) -> None:
        show_progress(done, title[:40])

    return show


COMMANDS = {
    "say": Command(
        "Read reviews aloud, with no screen. Ctrl-C stops at once.",
        _speaking(_say),
        _add_say_options,
    ),
    "export": Command(
        "Speak reviews into a WAV file with a cue sheet, or an MP3 or M4B audiobook with chapters.",
        _checked_export,
        _add_export_options,
    ),
}
