"""The parser of every command: a usage error is one line on stderr, not a usage block.

A screen reader reads argparse's usage block line by line before it reaches what was
wrong, so the line says what was wrong first and where the full usage is.
"""

from __future__ import annotations

import argparse
import re
from typing import NoReturn

from reader.cli.problems import say_problem
from reader.cli.status import EXIT_USAGE

_ARGUMENT = re.compile(r"^argument (\S+): ")


class OneLineParser(argparse.ArgumentParser):
    """argparse's parser, telling a usage error in one line; its sub-commands' parsers
    are of this class too, since argparse makes them of their parent's class."""

    def error(self, message: str) -> NoReturn:
        """Say what was wrong and where the full usage is, on one line; exit EXIT_USAGE."""
        what = _ARGUMENT.sub(r"\1: ", message)  # '--rate: ...', not 'argument --rate: ...'
        say_problem(f"{what} (see '{self.prog} -h')")
        self.exit(EXIT_USAGE)
