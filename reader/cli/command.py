"""What each command module gives the entry point: a summary, its options, its runner."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass


def no_options(parser: argparse.ArgumentParser) -> None:
    """For a command that takes no options."""


@dataclass(frozen=True)
class Command:
    """One command: what `reader COMMAND -h` says of it, its options, and what runs it
    (returning the exit status)."""

    summary: str
    run: Callable[[argparse.Namespace], int]
    add_options: Callable[[argparse.ArgumentParser], None] = no_options
