"""Documents as plain lines, and load problems as JSON, for the `outline` and `text`
commands (a review's JSON is `reader.cli.review_json`'s).

Plain output is for people and their screen readers: no box drawing, no colour, one
heading or paragraph per line group. The JSON shape is documented in the README.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from reader.loaders import Problem
from reader.model import Document, Position, Section
from reader.plan.cues import Verbosity
from reader.plan.lexicon import Lexicon
from reader.plan.planner import Break, Part, PlanSettings, plan_utterances
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


def text_lines(
    document: Document,
    skip_spoilers: bool,
    lexicon: Lexicon | None = None,
    verbosity: Verbosity = Verbosity.NORMAL,
) -> Iterator[str]:
    """Exactly what is said: the title, then each heading on its own line followed by
    its paragraphs as the planner speaks them (spoilers announced, jargon spelled out).
    Cues are in words: text cannot hold a sound."""
    settings = PlanSettings(skip_spoilers, lexicon or Lexicon(), verbosity)
    # The title and headings as said, without the full stop and cue words speech adds.
    said = partial(settings.lexicon.say, language=document.language)
    yield said(document.title)
    paragraph: list[str] = []
    for utterance in plan_utterances(document, Position(), settings):
        if utterance.part is Part.TITLE:
            continue
        if utterance.part is Part.HEADING:
            yield ""
            yield said(document.sections[utterance.section].heading)
            continue
        paragraph.append(utterance.text)
        if utterance.pause is Break.PARAGRAPH:
            yield " ".join(paragraph)
            yield ""  # paragraphs apart, as written
            paragraph = []
        elif utterance.pause is Break.SECTION:
            yield " ".join(paragraph)
            paragraph = []


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
