"""The command line: `reader outline|text|say|export|voices`, and `reader PATH...`.

Every failure a user can cause (a bad path, an unknown format, a broken file) is one
line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence

from reader import __version__
from reader.cli.report import document_json, outline_lines, problem_json, text_lines
from reader.loaders import Problem, Severity
from reader.log import log_to_file
from reader.model import Document
from reader.plan.lexicon import Lexicon
from reader.reading.library import parse_or_problem
from reader.storage.locations import log_file
from reader.text.cleaning import clean_line
from reader.web.sources import load_sources

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    log_to_file(log_file())  # players passed over, and the like, are logged, not shown
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (`reader text x | head`); that is fine.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


def _dispatch(args: list[str]) -> int:
    if args and args[0] in _COMMANDS:
        options = _command_parser(args[0]).parse_args(args[1:])
        return _COMMANDS[args[0]](options)
    options = _main_parser().parse_args(args)
    return _show(options)


def _main_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read reviews aloud. Commands: outline, text, say, export, voices, doctor, "
        "queue, config (see 'reader COMMAND -h').",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument(
        "--plain",
        action="store_true",
        help="plain lines for screen readers and braille, commands typed on stdin (the "
        "default when output is not a terminal or TERM=dumb)",
    )
    parser.add_argument("--speak", action="store_true", help="in plain mode, also read aloud")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files, folders, or - for stdin")
    return parser


def _command_parser(command: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"reader {command}", description=_HELP[command])
    if command in ("queue", "config"):
        from reader.cli.queue import add_config_arguments, add_queue_arguments

        (add_queue_arguments if command == "queue" else add_config_arguments)(parser)
        return parser
    if command == "doctor":
        return parser
    if command == "voices":
        parser.add_argument("--json", action="store_true", help="print JSON (see the README)")
        return parser
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for stdin")
    if command in ("say", "export"):
        from reader.cli.speech import add_speech_options

        add_speech_options(parser)
        if command == "export":
            parser.add_argument("-o", "--output", required=True, metavar="OUT.wav", help="WAV file")
        return parser
    if command == "text":
        parser.add_argument(
            "--skip-spoilers", action="store_true", help="announce spoilers instead of reading"
        )
    parser.add_argument("--json", action="store_true", help="print JSON (see the README)")
    return parser


def _outline(options: argparse.Namespace) -> int:
    if options.json:
        return _print_json(options.paths, skip_spoilers=None)
    return _print_lines(options.paths, outline_lines)


def _text(options: argparse.Namespace) -> int:
    if options.json:
        return _print_json(options.paths, skip_spoilers=options.skip_spoilers)
    lexicon = _lexicon()
    return _print_lines(options.paths, lambda doc: text_lines(doc, options.skip_spoilers, lexicon))


def _show(options: argparse.Namespace) -> int:
    """`reader PATH...`: the reading room on a terminal; plain mode when asked for, on a
    dumb terminal, or when output is not a terminal."""
    plain = options.plain or options.speak  # --speak is plain mode's own voice
    if plain or not sys.stdout.isatty() or os.environ.get("TERM") == "dumb":
        from reader.plain.run import run_plain

        usage = _main_parser().format_usage()
        return run_plain(options.paths, _say_problem, speak=options.speak, usage=usage)
    from reader.tui.run import run_tui

    return run_tui(options.paths)


def _say(options: argparse.Namespace) -> int:
    from reader.cli.speech import say

    return _speak(options, say)


def _export(options: argparse.Namespace) -> int:
    from reader.cli.speech import export

    return _speak(options, export)


def _voices(options: argparse.Namespace) -> int:
    from reader.cli.speech import voices

    return voices(options.json)


def _doctor(options: argparse.Namespace) -> int:
    from reader.cli.doctor import doctor

    return doctor(print)


def _queue(options: argparse.Namespace) -> int:
    from reader.cli.queue import queue_command

    return queue_command(options, _say_problem)


def _config(options: argparse.Namespace) -> int:
    from reader.cli.queue import config_command

    return config_command(options, _say_problem)


def _speak(options: argparse.Namespace, command: _SpeechCommand) -> int:
    """Load, then hand the documents to a speaking command; the worse status wins."""
    statuses: list[int] = []
    loaded = _run(
        options.paths, lambda documents: statuses.append(command(documents, options, _say_problem))
    )
    return max(loaded, *statuses)


_SpeechCommand = Callable[[Iterator[Document], argparse.Namespace, Callable[[str], None]], int]
_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "outline": _outline,
    "text": _text,
    "say": _say,
    "export": _export,
    "voices": _voices,
    "doctor": _doctor,
    "queue": _queue,
    "config": _config,
}
_HELP = {
    "outline": "Show the headings and sections found in each review.",
    "text": "Show exactly what would be spoken, section by section.",
    "say": "Read reviews aloud, with no screen. Ctrl-C stops at once.",
    "export": "Speak reviews into a WAV file, with a cue sheet of section start times.",
    "voices": "Show the speech engines, voices and voice profiles, and which one auto picks.",
    "doctor": "Check speech and sound: engine, voice, audio output, latency, folders; then "
    "speak a test line. Run it first when reader is silent.",
    "queue": "Keep a listening queue of review files, and read it aloud hands-free.",
    "config": "Show or change the settings: pace, voice, spoiler mode, player, confirmations.",
}


def _print_lines(paths: Iterable[str], render: Callable[[Document], Iterable[str]]) -> int:
    def emit(documents: Iterator[Document]) -> None:
        for index, document in enumerate(documents):
            if index:
                print()
            for line in render(document):
                print(line)

    return _run(paths, emit)


def _print_json(paths: Iterable[str], skip_spoilers: bool | None) -> int:
    problems: list[Problem] = []

    def emit(documents: Iterator[Document]) -> None:
        reviews = [document_json(document, skip_spoilers) for document in documents]
        payload = {"reviews": reviews, "problems": [problem_json(p) for p in problems]}
        print(_terminal_safe(json.dumps(payload, ensure_ascii=False, indent=2)))

    return _run(paths, emit, problems)


def _run(
    paths: Iterable[str],
    emit: Callable[[Iterator[Document]], None],
    problems: list[Problem] | None = None,
) -> int:
    """Load, report load problems, then hand documents to `emit` one at a time, parsed
    lazily so the first is shown before the rest are read."""
    problems = [] if problems is None else problems
    result = load_sources(paths, sys.stdin.buffer if sys.stdin else None)
    for problem in result.problems:
        _report(problem, problems)

    def documents() -> Iterator[Document]:
        for review in result.reviews:
            parsed = parse_or_problem(review)
            if isinstance(parsed, Problem):
                _report(parsed, problems)
            else:
                yield parsed

    emit(documents())
    if not result.reviews and not result.problems:
        _say_problem("no reviews found")
    failed = any(problem.severity is Severity.ERROR for problem in problems)
    return EXIT_FAILED if failed or not result.reviews else EXIT_OK


def _lexicon() -> Lexicon | None:
    """The default voice's pronunciation, so `text` shows what is said; a broken
    profile is reported and the text shown as written."""
    from reader.speech.profiles import DEFAULT_PROFILE, find_profile
    from reader.storage.tomlfile import TomlError

    try:
        profile = find_profile(DEFAULT_PROFILE)
    except TomlError as error:
        _say_problem(str(error))
        return None
    return profile.lexicon if profile else None


_C1_AND_DEL = re.compile(r"[\x7f-\x9f]")


def _terminal_safe(json_text: str) -> str:
    """JSON escapes characters below 0x20 itself; the C1 controls it leaves raw (0x9b starts
    an escape sequence on some terminals), so they are escaped here, still valid JSON."""
    return _C1_AND_DEL.sub(lambda match: f"\\u{ord(match.group(0)):04x}", json_text)


def _report(problem: Problem, problems: list[Problem]) -> None:
    problems.append(problem)
    _say_problem(str(problem))


def _say_problem(message: str) -> None:
    sys.stdout.flush()  # keep stderr lines in order with the output around them
    # One line, whatever a file name holds: no newlines, no escape sequences.
    print(f"reader: {clean_line(message)}", file=sys.stderr)
