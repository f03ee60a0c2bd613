"""Running plain mode: load the reviews, print the opening, then answer each typed line.

Commands come from standard input a line at a time, so plain mode can be scripted
(`printf 'next\\nquit\\n' | reader --plain FILE`); the end of the input is `quit`. Every
line printed goes through reader.plain.lines, so no escape byte reaches the terminal.
Nothing slow is imported before the first line: no speech engine without `--speak`.

With `--speak`, reader's own voice follows each answer (reader.plain.voice); what it
reports comes through the same inbox as the typed lines, so only the main thread drives
the session and prints.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reader.cli.status import EXIT_FAILED, EXIT_OK
from reader.loaders import Severity
from reader.plain.lines import wrapped
from reader.reading.actions import Act, Command, parse_words, word_help
from reader.reading.answers import Answer, Load
from reader.reading.controller import Hints, Reading
from reader.reading.library import Library
from reader.reading.modes import Modes
from reader.reading.phrases import plural
from reader.storage.positions import load_positions, save_positions
from reader.storage.settings import Settings, set_setting, settings_for_run
from reader.web.sources import load_sources

if TYPE_CHECKING:
    from reader.plain.speaking import Inbox, PlainSpeech

PROMPT = "> "  # only when a person types at a terminal; never in piped output
HINTS = Hints(
    tuple(word_help()),
    "Type help for the commands, quit to leave.",
    skim="Type skim again to open the one you hear.",
)
NOTHING_TO_READ = (
    "no files given and the queue is empty; give a file or folder of reviews, "
    "or add some with 'reader queue add PATH'"
)

Report = Callable[[str], None]  # one line on stderr


def run_plain(
    paths: Sequence[str],
    problem: Report,
    *,
    speak: bool = False,
    usage: str = "",
    follow: bool = False,
    given: Mapping[str, object] | None = None,
) -> int:
    """Read reviews (or the queue's files, with no paths) until `quit` or the end of
    input; returns the exit status. With `speak` and `follow`, each sentence read is
    printed word by word as it is heard. `given` are this run's options, by setting name
    (--verbosity)."""
    settings = settings_for_run(given)
    _report(problem, settings.warning)
    sources, preface = (list(paths), ()) if paths else _queued(problem)
    if not sources:
        sys.stderr.write(usage)
        problem(NOTHING_TO_READ)
        return EXIT_FAILED
    loaded = load_sources(sources, sys.stdin.buffer if "-" in sources and sys.stdin else None)
    positions = load_positions()
    _report(problem, positions.warning)
    speech = _speech(settings.value, problem, follow) if speak else None
    modes = Modes(
        skip_spoilers=settings.value.skip_spoilers,
        announcements=settings.value.announcements,
        verbosity=settings.value.spoken_verbosity,
        cues=settings.value.cues,
        pace=speech.pace if speech else _profile_pace(settings.value),
    )
    reading = Reading(Library(), HINTS, modes, saved=positions.value)
    opening = reading.loaded(loaded, Load(tuple(sources)))
    if reading.document is None:
        for found in (*opening.problems, *opening.notes):
            problem(found)
        if not opening.problems:
            problem("no reviews found")
        if speech is not None:
            speech.close()
        return EXIT_FAILED
    if speech is not None:
        speech.attach(reading)
    opening = replace(opening, lines=(*preface, *opening.lines))
    try:
        _converse(reading, opening, _command_source(sources), speech, problem)
    finally:
        if speech is not None:
            speech.close()
        _save(reading, problem)
    # As every command does: a path that could not be opened is a failure, though the rest
    # were read.
    lost = any(found.severity is Severity.ERROR for found in loaded.problems)
    return EXIT_FAILED if lost else EXIT_OK


def _converse(
    reading: Reading,
    opening: Answer,
    commands: TextIO | None,
    speech: PlainSpeech | None,
    problem: Report,
) -> None:
    """The opening, then an answer to every line typed; the end of input is `quit`."""
    output = _Output(problem, prompt=commands is not None and commands.isatty())
    _answer(opening, output, speech)
    for line in _typed(commands, speech, output):
        if speech is not None:
            speech.interrupt()
        if _answer(reading.act(parse_words(line)), output, speech).done:
            return
    _answer(reading.act(Command(Act.QUIT)), output, speech)


def _answer(answer: Answer, output: _Output, speech: PlainSpeech | None) -> Answer:
    output.show(answer)
    if speech is not None:
        speech.follow(answer)
    return answer


class _Output:
    """Answers as safe, wrapped lines on stdout; their problems on stderr."""

    def __init__(self, problem: Report, prompt: bool) -> None:
        self.problem = problem
        self.prompt = prompt

    def show(self, answer: Answer) -> None:
        for found in (*answer.problems, *answer.notes):
            self.problem(found)
        for line in answer.shown:
            for piece in wrapped(line):
                print(piece)
        if self.prompt and not answer.done:
            print(PROMPT, end="")
        sys.stdout.flush()  # a screen reader on a pipe hears each answer as it comes


# Where reviews and commands come from


def _queued(problem: Report) -> tuple[list[str], tuple[str, ...]]:
    """The queue's files, and a line saying that they are what is read."""
    from reader.storage.queue import load_queue

    loaded = load_queue()
    _report(problem, loaded.warning)
    paths = [entry.path for entry in loaded.value.entries]
    return paths, (f"Reading the queue, {plural(len(paths), 'file')}",) if paths else ()


def _command_source(sources: Sequence[str]) -> TextIO | None:
    """Standard input; or, when reviews were piped in on it, the terminal, if any."""
    if "-" not in sources:
        stream = sys.stdin
    else:
        try:
            stream = Path("/dev/tty").open(encoding="utf-8", errors="replace")  # noqa: SIM115
        except OSError:
            return None  # no terminal either: nothing will be typed, as at the end of input
    if stream is not None and hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="replace")  # a stray byte is an unknown command, not a crash
    return stream


def _typed(commands: TextIO | None, speech: PlainSpeech | None, output: _Output) -> Iterator[str]:
    """Lines as typed, until the end of input; with speech, what it reports handled between
    (the end of a section read, the end of a review, a failing player)."""
    if commands is None:
        return
    if speech is None:
        yield from commands
        return
    threading.Thread(
        target=_read_lines, args=(commands, speech.inbox), name="reader-commands", daemon=True
    ).start()
    while (item := speech.inbox.get()) is not None:
        if isinstance(item, str):
            yield item
        else:
            answer = speech.heard(item)
            if answer is not None:
                _answer(answer, output, speech)


def _read_lines(commands: TextIO, inbox: Inbox) -> None:
    for line in commands:
        inbox.put(line)
    inbox.put(None)


def _speech(settings: Settings, problem: Report, follow: bool) -> PlainSpeech:
    """reader's own voice; imported only now, since it starts an engine and a player."""
    from reader.plain.speaking import PlainSpeech

    return PlainSpeech.start(settings, problem, follow)


# Settings and places


def _profile_pace(settings: Settings) -> Callable[[], int]:
    """The pace the voice profile sets, looked up only when first asked (it reads TOML)."""

    def pace() -> int:
        from reader.speech.choice import VoiceChoiceError, spoken_profile
        from reader.speech.engine import VoiceSettings

        if settings.rate:
            return settings.rate
        try:
            return spoken_profile(settings.voice).settings.rate
        except VoiceChoiceError:  # a broken profile: speech starts at the usual pace
            return VoiceSettings().rate

    return pace


def _save(reading: Reading, problem: Report) -> None:
    """Every review's place, and any pace, spoiler or confirmation mode changed here."""
    try:
        save_positions(reading.places())
        for key, value in reading.modes.changed().items():
            set_setting(key, value)
    except OSError as error:
        problem(f"could not save your place or settings: {error.strerror or error}")


def _report(problem: Report, warning: str | None) -> None:
    if warning:
        problem(warning)
