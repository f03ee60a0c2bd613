"""The entry point: `reader COMMAND ...` runs a command; `reader PATH...` opens the reviews.

Every failure a user can cause (a bad path, an unknown format, a broken file, a mistyped
command) is one line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module

from reader import __version__
from reader.cli.command import Command
from reader.cli.problems import say_problem
from reader.cli.status import EXIT_INTERRUPTED, EXIT_OK
from reader.cli.usage import OneLineParser
from reader.log import log_to_file
from reader.plan.cues import VERBOSITY_HELP, Verbosity
from reader.storage.locations import log_file

# The module of each command, imported only when that command runs, so that `reader
# outline` never loads speech. Each module's COMMANDS holds its commands.
_MODULES = {
    "outline": "documents",
    "text": "said",
    "skim": "skim",
    "say": "speech",
    "export": "speech",
    "voices": "voices",
    "doctor": "doctor",
    "queue": "queue",
    "config": "config",
}


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
    if args and args[0] in _MODULES:
        name = args[0]
        command: Command = import_module(f"reader.cli.{_MODULES[name]}").COMMANDS[name]
        parser = OneLineParser(prog=f"reader {name}", description=command.summary)
        command.add_options(parser)
        return command.run(parser.parse_args(args[1:]))
    return _show(_main_parser().parse_args(args))


def _main_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="reader",
        description=f"Read reviews aloud. Commands: {', '.join(_MODULES)} "
        "(see 'reader COMMAND -h').",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument(
        "--plain",
        action="store_true",
        help="plain lines for screen readers and braille, commands typed on stdin (the "
        "default when output is not a terminal or TERM=dumb)",
    )
    parser.add_argument("--speak", action="store_true", help="in plain mode, also read aloud")
    parser.add_argument(
        "--follow",
        action="store_true",
        help="in plain mode with --speak, print each word as it is heard",
    )
    parser.add_argument("--verbosity", choices=tuple(Verbosity), help=VERBOSITY_HELP)
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files, folders, or - for stdin")
    return parser


def _show(options: argparse.Namespace) -> int:
    """`reader PATH...`: the reading room on a terminal; plain mode when asked for, on a
    dumb terminal, or when output is not a terminal."""
    plain = options.plain or options.speak  # --speak is plain mode's own voice
    if plain or not sys.stdout.isatty() or os.environ.get("TERM") == "dumb":
        from reader.plain.run import run_plain

        usage = _main_parser().format_usage()
        return run_plain(
            options.paths,
            say_problem,
            speak=options.speak,
            usage=usage,
            follow=options.follow,
            given=vars(options),
        )
    from reader.tui.run import run_tui

    return run_tui(options.paths, vars(options))
