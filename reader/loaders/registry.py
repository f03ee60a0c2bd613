"""Picking a loader for each file by its extension, or by its content when it has none."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import BinaryIO

from reader.loaders import datasets, goodreads, letterboxd, myanimelist, storygraph
from reader.loaders.csvrows import header
from reader.loaders.documents import single_review
from reader.loaders.files import STDIN, is_folder, read_bytes
from reader.loaders.folders import load_folder
from reader.loaders.problems import (
    Loaded,
    LoadError,
    LoadResult,
    NoReviews,
    Problem,
    Severity,
    decoding_problems,
)
from reader.loaders.records import load_records
from reader.loaders.text import load_text
from reader.model import Markup, Review
from reader.text.decoding import Decoded, NotTextError, decode
from reader.text.language import export_language

# One review is at most a long essay; a file much bigger than a novel is not one review.
DOCUMENT_LIMIT = 8 * 1024 * 1024
# Reviews of an export looked at to tell its language.
_LANGUAGE_SAMPLE = 200
# Exports hold many reviews and are read whole.
EXPORT_LIMIT = 256 * 1024 * 1024


@dataclass(frozen=True)
class Format:
    """An input format: its name for messages, its loader, and its size limit."""

    name: str
    load: Callable[[str, str], Loaded]
    limit: int


_CSV_LOADERS = (
    (letterboxd.COLUMNS, letterboxd.load_letterboxd),
    (goodreads.COLUMNS, goodreads.load_goodreads),
    (storygraph.COLUMNS, storygraph.load_storygraph),
)


def _load_csv(text: str, path: str) -> Loaded:
    names = header(text)
    columns = set(names)
    for needed, load in _CSV_LOADERS:
        if columns >= needed:
            return load(text, path)
    part = letterboxd.part_without_reviews(names)
    if part is not None:
        raise NoReviews(part, f"is a {part} file, which holds no reviews (they are in reviews.csv)")
    if datasets.is_dataset(names):
        return datasets.load_dataset(text, path)
    shown = ", ".join(sorted(columns)[:6]) or "none"
    raise LoadError(
        "is not a Letterboxd, Goodreads or StoryGraph export, nor a dataset with a column of "
        f"review text such as review or text (its columns: {shown})"
    )


TEXT = Format("plain text", load_text, DOCUMENT_LIMIT)
MARKDOWN = Format("Markdown", single_review(Markup.MARKDOWN), DOCUMENT_LIMIT)
HTML = Format("HTML", single_review(Markup.HTML_PAGE), DOCUMENT_LIMIT)
CSV = Format("CSV export", _load_csv, EXPORT_LIMIT)
RECORDS = Format("JSON", load_records, EXPORT_LIMIT)
MYANIMELIST = Format("MyAnimeList XML", myanimelist.load_myanimelist, EXPORT_LIMIT)

BY_EXTENSION = {
    ".txt": TEXT,
    ".text": TEXT,
    ".md": MARKDOWN,
    ".markdown": MARKDOWN,
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".csv": CSV,
    ".json": RECORDS,
    ".jsonl": RECORDS,
    ".ndjson": RECORDS,
    ".xml": MYANIMELIST,
}
EXTENSIONS = frozenset(BY_EXTENSION)
_MARKDOWN_HINT = re.compile(r"^(?:#{1,6}\s+\S|```|:::|\s*[-*]\s+\S.*\n\s*[-*]\s)", re.MULTILINE)
# A saved page may open with comments and a long <head> before <body>.
_HTML_HINT = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]", re.IGNORECASE)
# JSON starts with an object key or an array of objects; '[spoiler]' text does not.
_JSON_HINT = re.compile(r'\A\s*(?:\{\s*"|\[\s*(?:\{|\]))')
_SNIFF = 65536


def load_paths(paths: Iterable[str], stdin: BinaryIO | None = None) -> LoadResult:
    """Load every path in order; a path that fails is reported and the others still load."""
    result = LoadResult()
    for given in paths:
        try:
            if is_folder(given):
                loaded = load_folder(given, lambda path: _load_file(path, stdin), EXTENSIONS)
            else:
                loaded = _load_file(given, stdin)
        except LoadError as error:
            result.problems.append(Problem(given, str(error)))
            continue
        result.reviews.extend(loaded.reviews)
        result.problems.extend(loaded.problems)
    return result


def _decoded(data: bytes) -> Decoded:
    try:
        return decode(data)
    except NotTextError as error:
        raise LoadError(str(error)) from error


def format_for(path: str) -> Format | None:
    """The format its extension names; None for stdin and files with no extension."""
    if path == STDIN:
        return None
    suffix = PurePath(path).suffix.lower()
    if not suffix:
        return None
    if suffix not in BY_EXTENSION:
        known = ", ".join(sorted(EXTENSIONS))
        raise LoadError(f"unsupported format '{suffix}' (reader reads {known})")
    return BY_EXTENSION[suffix]


def sniff(text: str) -> Format:
    """Guess the format of text that came without an extension."""
    head = text[:_SNIFF].lstrip("\ufeff \t\r\n")
    if _JSON_HINT.match(head):
        return RECORDS
    if myanimelist.ROOT in head[:4096]:
        return MYANIMELIST
    if _HTML_HINT.search(head):
        return HTML
    columns = set(header(head.split("\n", 1)[0]))
    if any(columns >= needed for needed, _ in _CSV_LOADERS):
        return CSV
    if _MARKDOWN_HINT.search(head):
        return MARKDOWN
    return TEXT


def _load_file(path: str, stdin: BinaryIO | None) -> Loaded:
    known = format_for(path)

    def limit_for(head: bytes) -> int:
        return (known or sniff(_decoded(head).text)).limit

    data = read_bytes(path, stdin, limit_for)
    # A file of zero bytes is what an interrupted copy or download leaves: empty, not binary.
    if not data.strip(b"\0 \t\r\n"):
        raise NoReviews("empty file", "is empty")
    decoded = _decoded(data)
    if not decoded.text or decoded.text.isspace():
        raise NoReviews("empty file", "is empty")
    chosen = known or sniff(decoded.text)
    loaded = chosen.load(decoded.text, path)
    if len(loaded.reviews) > 1:
        loaded.reviews = _with_export_language(loaded.reviews)
    loaded.problems[:0] = decoding_problems(path, decoded.note)
    if not loaded.reviews and not any(p.severity is Severity.ERROR for p in loaded.problems):
        raise LoadError(_none_read(loaded.problems))
    return loaded


def _none_read(problems: list[Problem]) -> str:
    """Why a file gave no reviews, in one line: what went wrong with its first row, when
    one did (a broken quote that swallowed every row after it), which the error replaces."""
    found = next((p for p in problems if p.severity is Severity.WARNING and p.line), None)
    if found is None:
        return "holds no reviews"
    more = len([p for p in problems if p.severity is Severity.WARNING]) - 1
    others = f" (and {more} more)" if more else ""
    return f"holds no reviews: line {found.line}: {found.message.removesuffix('; skipped')}{others}"


def _with_export_language(reviews: list[Review]) -> list[Review]:
    """Each review of an export knows the export's language, for one too short to tell
    ("Bom", "Bueno"); a sample of the export is enough to say it."""
    sample = language_sample(len(reviews))
    return with_language(reviews, export_language(reviews[index].body for index in sample))


def language_sample(count: int) -> range:
    """Which of an export's reviews, by index, are looked at to tell its language: about
    200, spread evenly over it."""
    return range(0, count, max(1, count // _LANGUAGE_SAMPLE))


def with_language(reviews: list[Review], hint: str) -> list[Review]:
    """The reviews, each told the export's language (when there is one)."""
    return [replace(review, language_hint=hint) for review in reviews] if hint else reviews
