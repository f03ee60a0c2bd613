"""`reader outline` and `reader text`: the reviews as plain lines, or as JSON.

`text` shows exactly what would be spoken, so it follows the saved spoiler mode and the
saved voice's pronunciation lexicon, as `say` does.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial

from reader.cli.command import Command
from reader.cli.loading import with_rendered
from reader.cli.options import add_spoiler_options, add_verbosity_option, run_settings
from reader.cli.problems import say_problem
from reader.cli.report import outline_lines, problem_json, text_lines
from reader.cli.review_json import review_json, terminal_safe
from reader.loaders import Problem
from reader.model import Document
from reader.plan.cues import Verbosity
from reader.plan.lexicon import Lexicon
from reader.storage.settings import Settings


def show_text(
    documents: Iterable[Document],
    skip_spoilers: bool,
    lexicon: Lexicon | None = None,
    verbosity: Verbosity = Verbosity.NORMAL,
) -> None:
    """Print what is spoken of each document, a blank line between them."""
    _print_each(documents, lambda document: text_lines(document, skip_spoilers, lexicon, verbosity))


def _add_text_options(parser: argparse.ArgumentParser) -> None:
    add_paths_and_json(parser)
    add_spoiler_options(parser)
    add_verbosity_option(parser)


def add_paths_and_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for stdin")
    parser.add_argument("--json", action="store_true", help="print JSON (see the README)")


def _outline(options: argparse.Namespace) -> int:
    if options.json:
        return _print_json(options.paths, skip_spoilers=None)
    return _print_lines(options.paths, outline_lines)


def _text(options: argparse.Namespace) -> int:
    settings = run_settings(options)
    if options.json:
        return _print_json(options.paths, skip_spoilers=settings.skip_spoilers)
    lexicon, verbosity = _lexicon(settings), settings.spoken_verbosity
    return _print_lines(
        options.paths,
        lambda document: text_lines(document, settings.skip_spoilers, lexicon, verbosity),
    )


def _print_each(documents: Iterable[Document], render: Callable[[Document], Iterable[str]]) -> None:
    _write_each(_lines_text(render(document)) for document in documents)


def _print_lines(paths: Sequence[str], lines: Callable[[Document], Iterable[str]]) -> int:
    """Each review's lines as `_print_each` prints them, rendered as `_print_json`'s
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


def _print_json(paths: Sequence[str], skip_spoilers: bool | None) -> int:
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


def _lexicon(settings: Settings) -> Lexicon | None:
    """The saved voice's pronunciation; a broken profile is reported and the text shown
    as written."""
    from reader.speech.choice import VoiceChoiceError, spoken_profile

    try:
        return spoken_profile(settings.voice or None).lexicon
    except VoiceChoiceError as error:
        say_problem(str(error))
        return None


COMMANDS = {
    "outline": Command(
        "Show the headings and sections found in each review.", _outline, add_paths_and_json
    ),
    "text": Command(
        "Show exactly what would be spoken, section by section.", _text, _add_text_options
    ),
}
