"""`reader skim`: the title, rating and verdict of each review, to triage a long queue."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator

from reader.cli.command import Command
from reader.cli.documents import add_paths_and_json
from reader.cli.loading import with_documents
from reader.cli.review_json import terminal_safe
from reader.model import Document
from reader.plan.verdict import SkimEntry, skim_entry, skim_json, skim_lines
from reader.text.cleaning import clean_line


def _entries(documents: Iterator[Document]) -> Iterator[SkimEntry]:
    for document in documents:
        yield skim_entry(document, document.source.path, document.source.line)


def _show(documents: Iterator[Document]) -> None:
    """One block per review, a blank line between: what is said of it, line by line."""
    for number, entry in enumerate(_entries(documents)):
        if number:
            print()
        for line in skim_lines(entry):
            print(clean_line(line))


def _show_json(documents: Iterator[Document]) -> None:
    print(terminal_safe(json.dumps(skim_json(_entries(documents)), ensure_ascii=False, indent=2)))


def _skim(options: argparse.Namespace) -> int:
    return with_documents(options.paths, _show_json if options.json else _show)


COMMANDS = {
    "skim": Command(
        "Show the title, rating and verdict of each review.", _skim, add_paths_and_json
    ),
}
