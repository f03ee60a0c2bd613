"""JSON and JSON Lines review records: MyAnimeList (Jikan), Steam, Amazon, or generic.

Records are told apart by their keys. A file that breaks part way (a truncated download)
keeps every record before the break, and the break is reported by line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import PurePath
from typing import Any

from reader.loaders.fields import facts, number
from reader.loaders.problems import Loaded, LoadError, Problem, Severity
from reader.model import Markup, Rating, Review, Source

JsonObject = Mapping[str, Any]
_ARRAY_KEYS = ("data", "reviews", "items", "results")
_LINES_SUFFIXES = frozenset((".jsonl", ".ndjson"))
_DECODER = json.JSONDecoder()
_WHITESPACE = re.compile(r"[\s,]*")
# Steam's BBCode: spoilers stay (the parser reads them); headings become '#' lines;
# other formatting tags go.
_STEAM_HEADING = re.compile(r"\[h[1-3]\](.*?)\[/h[1-3]\]", re.IGNORECASE | re.DOTALL)
_STEAM_URL = re.compile(r"\[url=[^\]]*\](.*?)\[/url\]", re.IGNORECASE | re.DOTALL)
_STEAM_TAG = re.compile(
    r"\[/?(?:b|i|u|strike|list|olist|\*|quote(?:=[^\]]*)?|code|table|tr|td|th|noparse|hr)\]",
    re.IGNORECASE,
)


def load_records(text: str, path: str) -> Loaded:
    """Reviews from a JSON document or from JSON Lines."""
    loaded = Loaded()
    count = 0
    for line, record in _records(text, path, loaded.problems):
        count += 1
        review = _review(record, Source(path, line), count)
        if review is None:
            message = "record has no review text (expected a key such as review or reviewText)"
            loaded.problems.append(Problem(path, message, line, Severity.WARNING))
        else:
            loaded.reviews.append(review)
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
    start = _array_start(text)
    positions = [position for position, _ in _elements(text, start)] if start is not None else []
    if len(positions) != len(records):
        positions = []
    for index, record in enumerate(records):
        yield (_line_of(text, positions[index]) if positions else None), record


def _record_list(value: object) -> list[JsonObject]:
    if isinstance(value, list):
        return [item for item in value if isinstance(item, Mapping)]
    if isinstance(value, Mapping):
        for key in _ARRAY_KEYS:
            inner = value.get(key)
            if isinstance(inner, list | Mapping):
                return _record_list(inner)
        return [value]
    return []


def _array_start(text: str) -> int | None:
    """Where the array of records begins: the root, or the value of 'data'/'reviews'."""
    stripped = len(text) - len(text.lstrip())
    if text[stripped : stripped + 1] == "[":
        return stripped
    for key in _ARRAY_KEYS:
        match = re.search(rf'"{key}"\s*:\s*\[', text)
        if match:
            return match.end() - 1
    return None


def _elements(text: str, start: int) -> Iterator[tuple[int, object]]:
    """Decode array elements one at a time from the '[' at `start`; stops at a break."""
    position = start + 1
    while True:
        position = _WHITESPACE.match(text, position).end()  # type: ignore[union-attr]
        if position >= len(text) or text[position] == "]":
            return
        value, end = _DECODER.raw_decode(text, position)
        yield position, value
        position = end


def _salvaged(
    text: str, path: str, problems: list[Problem], error: json.JSONDecodeError
) -> Iterator[tuple[int, JsonObject]]:
    """Records before the point where a broken or truncated document stops making sense."""
    start = _array_start(text)
    count = 0
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
                count += 1
                yield _line_of(text, position), value
    kept = f"; the {count} records before it were loaded" if count else ""
    severity = Severity.WARNING if count else Severity.ERROR
    problems.append(
        Problem(path, f"JSON breaks off here ({error.msg}){kept}", error.lineno, severity)
    )


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _review(record: JsonObject, source: Source, index: int) -> Review | None:
    for matches, build in _KINDS:
        if matches(record):
            return build(record, source, index)
    return None


def _jikan(record: JsonObject, source: Source, index: int) -> Review:
    entry = record.get("entry") or {}
    user = record.get("user") or {}
    score = number(record.get("score"))
    tags = record.get("tags") or []
    return Review(
        source=source,
        body=_text(record.get("review")),
        markup=Markup.TEXT,
        title=_text(entry.get("title")) or f"MyAnimeList review {index}",
        metadata=facts(
            ("Reviewer", _text(user.get("username"))),
            ("Date", _text(record.get("date"))[:10]),
            ("Episodes watched", _text(record.get("episodes_watched"))),
            ("Tags", ", ".join(str(tag) for tag in tags) if isinstance(tags, list) else ""),
        ),
        rating=Rating(score, 10.0, "Score") if score and 0 < score <= 10 else None,
        contains_spoilers=record.get("is_spoiler") is True,
    )


def _steam(record: JsonObject, source: Source, index: int) -> Review:
    author = record.get("author") or {}
    minutes = number(author.get("playtime_forever"))
    posted = number(record.get("timestamp_created"))
    body = _STEAM_HEADING.sub(r"\n\n# \1\n\n", _text(record.get("review")))
    body = _STEAM_TAG.sub("", _STEAM_URL.sub(r"\1", body))
    return Review(
        source=source,
        body=body,
        markup=Markup.TEXT,
        title=f"Steam review {index}",
        metadata=facts(
            ("Recommended", "yes" if record.get("voted_up") else "no"),
            ("Playtime", f"{minutes / 60:.1f} hours" if minutes else ""),
            ("Posted", _date(posted)),
            ("Language", _text(record.get("language"))),
        ),
    )


def _amazon(record: JsonObject, source: Source, index: int) -> Review:
    stars = number(record.get("overall", record.get("rating")))
    body = _text(record.get("reviewText", record.get("text")))
    return Review(
        source=source,
        body=body,
        markup=Markup.HTML_FRAGMENT if "<" in body else Markup.TEXT,
        title=_text(record.get("summary", record.get("title"))) or f"Amazon review {index}",
        metadata=facts(
            ("Product", _text(record.get("asin"))),
            ("Reviewer", _text(record.get("reviewerName"))),
            ("Date", _text(record.get("reviewTime")) or _date(number(record.get("timestamp")))),
        ),
        rating=Rating(stars, 5.0) if stars and 0 < stars <= 5 else None,
    )


_GENERIC_TEXT = ("review", "text", "body", "content", "reviewText")
_GENERIC_TITLE = ("title", "name", "summary")
_GENERIC_RATING = ("rating", "score", "stars")


def _generic(record: JsonObject, source: Source, index: int) -> Review:
    body = next(_text(record[key]) for key in _GENERIC_TEXT if _text(record.get(key)))
    title = next((_text(record[key]) for key in _GENERIC_TITLE if _text(record.get(key))), "")
    value = next((number(record[key]) for key in _GENERIC_RATING if key in record), None)
    scale = 5.0 if value is not None and value <= 5 else 10.0
    return Review(
        source=source,
        body=body,
        markup=Markup.HTML_FRAGMENT if "<" in body else Markup.TEXT,
        title=title or f"Review {index}",
        rating=Rating(value, scale) if value and 0 < value <= scale else None,
        contains_spoilers=record.get("spoiler") is True or record.get("is_spoiler") is True,
    )


def _text(value: object) -> str:
    return "" if value is None or isinstance(value, Mapping | list) else str(value).strip()


def _date(timestamp: float | None) -> str:
    if not timestamp:
        return ""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")


_KINDS: tuple[tuple[Callable[[JsonObject], bool], Callable[..., Review]], ...] = (
    (lambda r: "review" in r and ("is_spoiler" in r or "mal_id" in r or "entry" in r), _jikan),
    (lambda r: "review" in r and "voted_up" in r, _steam),
    (lambda r: "reviewText" in r or ("text" in r and ("asin" in r or "parent_asin" in r)), _amazon),
    (lambda r: any(_text(r.get(key)) for key in _GENERIC_TEXT), _generic),
)
