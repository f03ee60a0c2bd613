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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reader.model import Document
from reader.plain.commands import Action, Command, parse_command
from reader.plain.lines import wrapped
from reader.plain.reading import Answer, PlainReader
from reader.reading.library import Library
from reader.reading.phrases import plural
from reader.storage.positions import load_positions, save_positions
from reader.storage.settings import Settings, load_settings, set_setting
from reader.web.sources import load_sources

if TYPE_CHECKING:
    from reader.plain.voice import Inbox, Voice

EXIT_OK = 0
EXIT_FAILED = 1
PROMPT = "> "  # only when a person types at a terminal; never in piped output
NOTHING_TO_READ = (
    "no files given and the queue is empty; give a file or folder of reviews, "
    "or add some with 'reader queue add PATH'"
)

Report = Callable[[str], None]  # one line on stderr


def run_plain(paths: Sequence[str], problem: Report, speak: bool = False, usage: str = "") -> int:
    """Read reviews (or the queue's files, with no paths) until `quit` or the end of
    input; returns the exit status."""
    settings = load_settings()
    _report(problem, settings.warning)
    sources, preface = (list(paths), ()) if paths else _queued(problem)
    if not sources:
        sys.stderr.write(usage)
        problem(NOTHING_TO_READ)
        return EXIT_FAILED
    library = Library()
    library.add(load_sources(sources, sys.stdin.buffer if "-" in sources and sys.stdin else None))
    for found in library.problems:
        problem(str(found))
    opened = _first_readable(library, problem)
    if opened is None:
        if not library.problems:
            problem("no reviews found")
        return EXIT_FAILED
    positions = load_positions()
    _report(problem, positions.warning)
    commands = _command_source(sources)
    voice = _voice(settings.value, problem) if speak else None
    reader = PlainReader(
        library,
        *opened,
        skip_spoilers=settings.value.skip_spoilers,
        pace=voice.pace if voice else _profile_pace(settings.value),
        saved=positions.value,
    )
    try:
        _converse(reader, commands, voice, preface, problem)
    finally:
        if voice is not None:
            voice.close()
        _save(reader, settings.value, problem)
    return EXIT_OK


def _converse(
    reader: PlainReader,
    commands: TextIO | None,
    voice: Voice | None,
    preface: tuple[str, ...],
    problem: Report,
) -> None:
    """The opening, then an answer to every line typed; the end of input is `quit`."""
    output = _Output(problem, prompt=commands is not None and commands.isatty())
    opening = reader.opening()
    _answer(replace(opening, lines=(*preface, *opening.lines)), output, voice, reader)
    for line in _typed(commands, voice, problem):
        if voice is not None:
            reached = voice.interrupt()
            if reached is not None:
                reader.moved_to(reached)
        if _answer(reader.answer(parse_command(line)), output, voice, reader).done:
            return
    _answer(reader.answer(Command(Action.QUIT)), output, voice, reader)


def _answer(answer: Answer, output: _Output, voice: Voice | None, reader: PlainReader) -> Answer:
    output.show(answer)
    if voice is not None:
        voice.follow(reader, answer)
    return answer


class _Output:
    """Answers as safe, wrapped lines on stdout; their problems on stderr."""

    def __init__(self, problem: Report, prompt: bool) -> None:
        self.problem = problem
        self.prompt = prompt

    def show(self, answer: Answer) -> None:
        for found in answer.problems:
            self.problem(found)
        for line in answer.lines:
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


def _first_readable(library: Library, problem: Report) -> tuple[int, Document] | None:
    for index in range(len(library)):
        parsed = library.document(index)
        if isinstance(parsed, Document):
            return index, parsed
        problem(str(parsed))
    return None


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


def _typed(commands: TextIO | None, voice: Voice | None, problem: Report) -> Iterator[str]:
    """Lines as typed, until the end of input; with speech, its notices handled between."""
    if commands is None:
        return
    if voice is None:
        yield from commands
        return
    threading.Thread(
        target=_read_lines, args=(commands, voice.inbox), name="reader-commands", daemon=True
    ).start()
    while (item := voice.inbox.get()) is not None:
        if isinstance(item, str):
            yield item
        else:
            voice.handle(item, problem)


def _read_lines(commands: TextIO, inbox: Inbox) -> None:
    for line in commands:
        inbox.put(line)
    inbox.put(None)


def _voice(settings: Settings, problem: Report) -> Voice:
    """reader's own voice; imported only now, since it starts an engine and a player."""
    from reader.plain.voice import Voice

    return Voice.start(settings, problem)


# Settings and places


def _profile_pace(settings: Settings) -> Callable[[], int]:
    """The pace the voice profile sets, looked up only when first asked (it reads TOML)."""

    def pace() -> int:
        from reader.speech.engine import VoiceSettings
        from reader.speech.profiles import DEFAULT_PROFILE, find_profile
        from reader.storage.tomlfile import TomlError

        if settings.rate:
            return settings.rate
        try:
            profile = find_profile(settings.voice or DEFAULT_PROFILE)
        except TomlError:
            profile = None
        return profile.settings.rate if profile else VoiceSettings().rate

    return pace


def _save(reader: PlainReader, settings: Settings, problem: Report) -> None:
    """Every review's place, and any pace or spoiler mode changed here."""
    try:
        save_positions(reader.places())
        if reader.skip_spoilers != settings.skip_spoilers:
            set_setting("skip_spoilers", "on" if reader.skip_spoilers else "off")
        if reader.rate_changed:
            set_setting("rate", str(reader.rate))
    except OSError as error:
        problem(f"could not save your place or settings: {error.strerror or error}")


def _report(problem: Report, warning: str | None) -> None:
    if warning:
        problem(warning)
