"""Documents as outline lines, and load problems as JSON, for the `outline` and `text`
commands (a review's JSON is `reader.cli.review_json`'s, what is said `reader.cli.said`'s).

Plain output is for people and their screen readers: no box drawing, no colour, one
heading or paragraph per line group. The JSON shape is documented in the README.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reader.loaders import Problem
from reader.model import Document, Section
from reader.text.cleaning import clean_line

Json = dict[str, Any]


def outline_lines(document: Document) -> Iterator[str]:
    """The title, source, rating, then one line per section."""
    yield document.title
    yield f"  Source: {clean_line(str(document.source))}"
    if document.rating is not None:
        yield f"  Rating: {document.rating.spoken}"
    if document.contains_spoilers:
        yield "  Contains spoilers"
    for number, section in enumerate(document.sections, start=1):
        indent = "  " * max(1, section.level - 1)
        yield f"{indent}{number}. {section.heading} ({_section_summary(section)})"
    if document.skipped:
        count = len(document.skipped)
        yield f"  Not read: {count} caption or tag line" + ("" if count == 1 else "s")


def problem_json(problem: Problem) -> Json:
    """A load problem as JSON."""
    return {
        "source": problem.path,
        "line": problem.line,
        "severity": str(problem.severity),
        "message": problem.message,
    }


def _section_summary(section: Section) -> str:
    parts = [str(section.kind), _count(section.words, "word")]
    if section.spoilers:
        hidden = sum(span.words for span in section.spoilers)
        parts.append(f"{_count(len(section.spoilers), 'spoiler')} of {_count(hidden, 'word')}")
    return ", ".join(parts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
