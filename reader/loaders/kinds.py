"""Telling JSON review records apart by their keys, and making a Review of each kind."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from reader.loaders.fields import day, facts, number, text
from reader.loaders.jikan import is_jikan, jikan_review
from reader.loaders.steam import is_steam, steam_review
from reader.loaders.trakt import is_trakt, trakt_review
from reader.model import Markup, Rating, Review, Source

JsonObject = Mapping[str, Any]
# Keys that hold review text in some kind of record; present but empty is an empty review.
TEXT_KEYS = ("review", "reviewText", "text", "body", "content", "comment")
_GENERIC_TEXT = ("review", "text", "body", "content", "reviewText")
_GENERIC_TITLE = ("title", "name", "summary")
_GENERIC_RATING = ("rating", "score", "stars")


def review_of(record: JsonObject, source: Source, index: int) -> Review | None:
    """The record as a review; None when it has none of the keys that hold review text."""
    for matches, build in _KINDS:
        if matches(record):
            return build(record, source, index)
    return None


def _is_amazon(record: JsonObject) -> bool:
    return "reviewText" in record or (
        "text" in record and ("asin" in record or "parent_asin" in record)
    )


def _amazon(record: JsonObject, source: Source, index: int) -> Review:
    stars = number(record.get("overall", record.get("rating")))
    body = text(record.get("reviewText", record.get("text")))
    return Review(
        source=source,
        body=body,
        markup=Markup.HTML_FRAGMENT if "<" in body else Markup.TEXT,
        title=text(record.get("summary", record.get("title"))) or f"Amazon review {index}",
        metadata=facts(
            ("Product", text(record.get("asin"))),
            ("Reviewer", text(record.get("reviewerName"))),
            # The Unix time first: Amazon's own reviewTime reads "01 5, 2013".
            ("Date", day(_seconds(record)) or text(record.get("reviewTime"))),
        ),
        rating=Rating(stars, 5.0) if stars and 0 < stars <= 5 else None,
    )


def _seconds(record: JsonObject) -> float | None:
    """When an Amazon review was written, in Unix seconds (newer datasets give ms)."""
    seconds = number(record.get("unixReviewTime"))
    if seconds:
        return seconds
    milliseconds = number(record.get("timestamp"))
    return milliseconds / 1000 if milliseconds and milliseconds > 10**11 else milliseconds


def _is_generic(record: JsonObject) -> bool:
    return any(key in record for key in _GENERIC_TEXT)


def _generic(record: JsonObject, source: Source, index: int) -> Review:
    body = next((text(record[key]) for key in _GENERIC_TEXT if text(record.get(key))), "")
    title = next((text(record[key]) for key in _GENERIC_TITLE if text(record.get(key))), "")
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


Build = Callable[[JsonObject, Source, int], Review]
_KINDS: tuple[tuple[Callable[[JsonObject], bool], Build], ...] = (
    (is_jikan, jikan_review),
    (is_steam, steam_review),
    (is_trakt, trakt_review),
    (_is_amazon, _amazon),
    (_is_generic, _generic),
)
