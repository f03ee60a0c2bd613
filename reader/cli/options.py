"""The options shared by commands that speak, and the settings they make for one run.

Each command starts from the saved settings (`reader config`); what its options give
wins for that run only. Every boolean setting has two flags, one for each way.
"""

from __future__ import annotations

import argparse

from reader.cli.problems import say_problem
from reader.plan.cues import VERBOSITY_HELP, Verbosity
from reader.speech.engine import MAX_RATE, MIN_RATE
from reader.speech.engines import ENGINES
from reader.storage.settings import RATE_RANGE, Settings, settings_for_run


def add_speech_options(parser: argparse.ArgumentParser) -> None:
    """--rate, --voice, --engine and the spoiler flags, the same for every speaking command."""
    parser.add_argument("--rate", type=words_per_minute, metavar="WPM", help=f"pace, {RATE_RANGE}")
    parser.add_argument("--voice", metavar="NAME", help="a voice profile or engine voice")
    parser.add_argument("--engine", choices=("auto", *ENGINES), help="speech engine")
    add_spoiler_options(parser)
    add_verbosity_option(parser)


def add_verbosity_option(parser: argparse.ArgumentParser) -> None:
    """--verbosity: how much reader says about itself, for this run."""
    parser.add_argument(
        "--verbosity",
        choices=tuple(Verbosity),
        help=VERBOSITY_HELP,
    )


def words_per_minute(text: str) -> int:
    """--rate's value; anything outside reader's range is a usage error, never clamped, so
    the pace heard is the pace asked for."""
    try:
        rate = int(text)
        given = str(rate)
    except ValueError:
        rate, given = 0, repr(text)
    if not MIN_RATE <= rate <= MAX_RATE:
        raise argparse.ArgumentTypeError(f"takes {RATE_RANGE}, not {given}")
    return rate


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
    loaded = settings_for_run(vars(options))
    if loaded.warning:
        say_problem(loaded.warning)
    return loaded.value
