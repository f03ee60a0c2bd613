"""`reader outline`: the reviews' headings and sections as plain lines, or as JSON; and
the printing it shares with `reader text` (`reader.cli.said`), which renders a large
export's reviews on every core.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial

from reader.cli.command import Command
from reader.cli.loading import with_rendered
from reader.cli.report import outline_lines, problem_json
from reader.cli.review_json import review_json, terminal_safe
from reader.loaders import Problem
from reader.model import Document


def add_paths_and_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for stdin")
    parser.add_argument("--json", action="store_true", help="print JSON (see the README)")


def _outline(options: argparse.Namespace) -> int:
    if options.json:
        return print_json(options.paths, skip_spoilers=None)
    return print_lines(options.paths, outline_lines)


def print_each(documents: Iterable[Document], render: Callable[[Document], Iterable[str]]) -> None:
    """Each document's lines as `render` gives them, a blank line between documents."""
    _write_each(_lines_text(render(document)) for document in documents)


def print_lines(paths: Sequence[str], lines: Callable[[Document], Iterable[str]]) -> int:
    """Each review's lines as `print_each` prints them, rendered as `print_json`'s
    reviews are, so a large export's take every core."""
    return with_rendered(paths, lambda document: _lines_text(lines(document)), _write_each, [])


def _lines_text(lines: Iterable[str]) -> str:
    """A review's lines, each ended as `print` ends it."""
    return "".join(f"{line}\n" for line in lines)


def _write_each(reviews: Iterable[str]) -> None:
    """The reviews' text, a blank line between one and the next."""
    write = sys.stdout.write
    for index, review in enumerate(reviews):
        write("\n" + review if index else review)


def print_json(paths: Sequence[str], skip_spoilers: bool | None) -> int:
    """The documented JSON, written a review at a time as each is parsed (a large export's
    reviews in parallel), so output starts at once and memory stays flat. The text is
    exactly what `json.dumps(..., indent=2)` gives for the whole payload."""
    problems: list[Problem] = []

    def emit(reviews: Iterator[str]) -> None:
        write = sys.stdout.write
        write('{\n  "reviews": [')
        separator = "\n    "
        for review in reviews:
            write(separator + review)
            separator = ",\n    "
        write("]" if separator == "\n    " else "\n  ]")
        listed = [problem_json(problem) for problem in problems]
        write(',\n  "problems": ' + json_item(listed, level=1) + "\n}\n")

    return with_rendered(paths, partial(review_json, skip_spoilers=skip_spoilers), emit, problems)


def json_item(value: object, level: int) -> str:
    """`value` as `json.dumps(indent=2)` writes it nested `level` deep in a larger value.
    Indenting its lines is safe: JSON strings hold no raw line breaks."""
    text = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)
    return terminal_safe(text)


COMMANDS = {
    "outline": Command(
        "Show the headings and sections found in each review.", _outline, add_paths_and_json
    ),
}
