"""JSON and JSON Lines review records: finding the records and the line each starts on.

A document is a record, an array of records, or an object holding them under a key such
as 'data' or 'reviews' (as an array, or as an object keyed by id, as the `steamreviews`
downloader writes them). A file that breaks part way (a truncated download) keeps every
record before the break, and the break is reported by line. What kind of review each
record is, `kinds` tells.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import PurePath

from reader.loaders.kinds import TEXT_KEYS, JsonObject, review_of
from reader.loaders.problems import Loaded, LoadError, Problem, Severity
from reader.model import Source

_ARRAY_KEYS = ("data", "reviews", "items", "results")
_LINES_SUFFIXES = frozenset((".jsonl", ".ndjson"))
_DECODER = json.JSONDecoder()
_SEPARATORS = re.compile(r"[\s,]*")
_COLON = re.compile(r"\s*:\s*")
_MISSING = "record has no review text (expected a key such as review or reviewText)"
_EMPTY = "record's review is empty; skipped"


def load_records(text: str, path: str) -> Loaded:
    """Reviews from a JSON document or from JSON Lines."""
    loaded = Loaded()
    count = 0
    for line, record in _records(text, path, loaded.problems):
        count += 1
        review = review_of(record, Source(path, line), count)
        if review is not None and review.body.strip():
            loaded.reviews.append(review)
            continue
        named = review is not None or any(key in record for key in TEXT_KEYS)
        message = _EMPTY if named else _MISSING
        loaded.problems.append(Problem(path, message, line, Severity.WARNING))
    if count == 0 and not loaded.problems:
        raise LoadError("holds no review records")
    return loaded


def _records(
    text: str, path: str, problems: list[Problem]
) -> Iterator[tuple[int | None, JsonObject]]:
    text = text.lstrip("\ufeff")
    if PurePath(path).suffix.lower() in _LINES_SUFFIXES:
        yield from _lines(text, path, problems)
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        if _looks_like_lines(text):
            yield from _lines(text, path, problems)
        else:
            yield from _salvaged(text, path, problems, error)
        return
    yield from _located(text, value)


def _looks_like_lines(text: str) -> bool:
    """JSON Lines without the extension: the first line is a whole object on its own."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        return isinstance(json.loads(first), Mapping)
    except json.JSONDecodeError:
        return False


def _lines(text: str, path: str, problems: list[Problem]) -> Iterator[tuple[int, JsonObject]]:
    for number_, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            message = f"not valid JSON ({error.msg}); line skipped"
            problems.append(Problem(path, message, number_, Severity.WARNING))
            continue
        if isinstance(record, Mapping):
            yield number_, record


def _located(text: str, value: object) -> Iterator[tuple[int | None, JsonObject]]:
    """Records of a parsed document, with the line each starts on where it can be found."""
    records = _record_list(value)
    start = _collection_start(text)
    found = list(_elements(text, start)) if start is not None else []
    positions = [at for at, item in found if isinstance(item, Mapping)]
    if len(positions) != len(records):
        yield from ((None, record) for record in records)
        return
    yield from zip(line_numbers(text, positions), records, strict=True)


def _record_list(value: object) -> list[JsonObject]:
    if isinstance(value, list):
        return [item for item in value if isinstance(item, Mapping)]
    if isinstance(value, Mapping):
        for key in _ARRAY_KEYS:
            inner = value.get(key)
            if isinstance(inner, list):
                return _record_list(inner)
            if isinstance(inner, Mapping):
                return _by_id(inner) or _record_list(inner)
        return [value]
    return []


def _by_id(value: Mapping[str, object]) -> list[JsonObject]:
    """Records keyed by id ({"49101104": {...}, ...}); empty when the values are not all
    records."""
    records = [item for item in value.values() if isinstance(item, Mapping)]
    return records if records and len(records) == len(value) else []


def _collection_start(text: str) -> int | None:
    """Where the records begin: the root array, or the value of 'data'/'reviews'."""
    stripped = len(text) - len(text.lstrip())
    if text[stripped : stripped + 1] == "[":
        return stripped
    for key in _ARRAY_KEYS:
        match = re.search(rf'"{key}"\s*:\s*[\[{{]', text)
        if match:
            return match.end() - 1
    return None


def _elements(text: str, start: int) -> Iterator[tuple[int, object]]:
    """Decode the values of the array or object at `start` one at a time, with where each
    starts; stops at a break."""
    keyed = text[start] == "{"
    position = start + 1
    while True:
        position = _SEPARATORS.match(text, position).end()  # type: ignore[union-attr]
        if position >= len(text) or text[position] in "]}":
            return
        if keyed:
            _, position = _DECODER.raw_decode(text, position)
            position = _COLON.match(text, position).end()  # type: ignore[union-attr]
        value, end = _DECODER.raw_decode(text, position)
        yield position, value
        position = end


def line_numbers(text: str, positions: Iterable[int]) -> Iterator[int]:
    """The line of each position, for positions in increasing order. Each stretch of text
    is counted once, so a file of many records is scanned once, not once per record."""
    line, counted = 1, 0
    for position in positions:
        line += text.count("\n", counted, position)
        counted = position
        yield line


def _salvaged(
    text: str, path: str, problems: list[Problem], error: json.JSONDecodeError
) -> Iterator[tuple[int, JsonObject]]:
    """Records before the point where a broken or truncated document stops making sense."""
    start = _collection_start(text)
    found: list[tuple[int, JsonObject]] = []
    if start is not None:
        elements = _elements(text, start)
        while True:
            try:
                position, value = next(elements)
            except StopIteration:
                break
            except json.JSONDecodeError as broken:
                error = broken
                break
            if isinstance(value, Mapping):
                found.append((position, value))
    lines = line_numbers(text, (position for position, _ in found))
    yield from zip(lines, (record for _, record in found), strict=True)
    count = len(found)
    kept = f"; the {count} records before it were loaded" if count else ""
    severity = Severity.WARNING if count else Severity.ERROR
    problems.append(
        Problem(path, f"JSON breaks off here ({error.msg}){kept}", error.lineno, severity)
    )
