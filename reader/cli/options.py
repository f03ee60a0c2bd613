"""The options shared by commands that speak, and the settings they make for one run.

Each command starts from the saved settings (`reader config`); what its options give
wins for that run only. Every boolean setting has two flags, one for each way.
"""

from __future__ import annotations

import argparse

from reader.cli.problems import say_problem
from reader.speech.engines import ENGINES
from reader.storage.settings import Settings, load_settings, overridden


def add_speech_options(parser: argparse.ArgumentParser) -> None:
    """--rate, --voice, --engine and the spoiler flags, the same for every speaking command."""
    parser.add_argument("--rate", type=int, metavar="WPM", help="pace, 80-900 words per minute")
    parser.add_argument("--voice", metavar="NAME", help="a voice profile or engine voice")
    parser.add_argument("--engine", choices=("auto", *ENGINES), help="speech engine")
    add_spoiler_options(parser)


def add_spoiler_options(parser: argparse.ArgumentParser) -> None:
    """--skip-spoilers and --read-spoilers; neither keeps the saved spoiler mode."""
    spoilers = parser.add_mutually_exclusive_group()
    spoilers.add_argument(
        "--skip-spoilers",
        dest="skip_spoilers",
        action="store_true",
        default=None,
        help="announce spoilers instead of reading them (default: the skip_spoilers setting)",
    )
    spoilers.add_argument(
        "--read-spoilers",
        dest="skip_spoilers",
        action="store_false",
        default=None,
        help="read spoilers as written",
    )


def run_settings(options: argparse.Namespace) -> Settings:
    """The saved settings with this run's options winning; a broken settings file is
    told on stderr and the defaults used."""
    loaded = load_settings()
    if loaded.warning:
        say_problem(loaded.warning)
    return overridden(loaded.value, vars(options))
