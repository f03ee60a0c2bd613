"""Telling JSON review records apart by their keys, and making a Review of each kind."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from reader.loaders.fields import day, facts, number, text
from reader.loaders.jikan import is_jikan, jikan_review
from reader.loaders.steam import is_steam, steam_review
from reader.loaders.trakt import is_trakt, trakt_review
from reader.model import Markup, Rating, Review, Source
from reader.parse.ratings import grade, parse_value

JsonObject = Mapping[str, Any]
# Keys that hold review text in some kind of record; present but empty is an empty review.
TEXT_KEYS = ("review", "reviewText", "text", "body", "content", "comment")
# A dataset's fields, by their names squashed (lower case, letters and digits only), so
# 'review_text' (UCSD's Goodreads), 'Review Text', 'reviews.text' and 'reviewText' are
# alike. Text first: IMDb's 50,000 reviews have 'review', Rotten Tomatoes' critics
# 'review_content'.
_GENERIC_TEXT = (
    "review", "reviewtext", "reviewcontent", "reviewbody", "reviewstext", "text", "body",
    "content",
)  # fmt: skip
_GENERIC_TITLE = ("title", "reviewtitle", "reviewstitle", "summary", "headline", "name")
# Scores: a number (on 5 when at most 5, else on 10), a written score ('3.5/5', '2/4') or
# a letter grade ('B+').
# A Kaggle Steam dataset's 'review_score' is 1 or -1, a recommendation: only its written
# scores count.
_GENERIC_RATING = ("rating", "score", "stars", "overall", "reviewrating", "reviewsrating")
_WRITTEN_ONLY = ("reviewscore",)
# A judgement given instead of a score: Rotten Tomatoes' 'Fresh' or 'Rotten', IMDb's
# 'positive' or 'negative' (from the score its reviewer gave), said as written.
_GENERIC_VERDICT = ("reviewtype", "sentiment")
_VERDICTS = {"fresh": True, "positive": True, "rotten": False, "negative": False}
_GENERIC_FACTS = (
    # Not 'author': in a dataset of books it is the book's.
    ("Reviewer", ("reviewer", "reviewername", "criticname", "profilename")),
    ("Publication", ("publishername", "publication")),
    ("Date", ("date", "reviewdate")),
)
_SQUASH = re.compile(r"[^a-z0-9]+")


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


def is_generic(record: Iterable[str]) -> bool:
    """Whether a record (or a CSV file, by its columns) has a field of review text."""
    return any(_squashed(key) in _GENERIC_TEXT for key in record)


def generic_review(record: JsonObject, source: Source, index: int) -> Review:
    """A record of a dataset of reviews nobody shaped for reader, known by its field names."""
    fields = {_squashed(key): value for key, value in record.items()}
    body = _first_text(fields, _GENERIC_TEXT)
    found = [(label, _first_text(fields, keys)) for label, keys in _GENERIC_FACTS]
    # Untitled, a critic's review is known by who wrote it and where: 'Ethan Alter,
    # Hollywood Reporter' says more in a list than 'Review 5'.
    byline = ", ".join(value for label, value in found if value and label != "Date")
    return Review(
        source=source,
        body=body,
        markup=Markup.HTML_FRAGMENT if "<" in body else Markup.TEXT,
        title=_first_text(fields, _GENERIC_TITLE) or byline or f"Review {index}",
        metadata=facts(*found),
        rating=_generic_rating(fields) or _generic_verdict(fields),
        contains_spoilers=fields.get("spoiler") is True or fields.get("isspoiler") is True,
    )


def _squashed(key: str) -> str:
    return _SQUASH.sub("", key.lower())


def _first_text(fields: Mapping[str, object], keys: tuple[str, ...]) -> str:
    return next((text(fields[key]) for key in keys if text(fields.get(key))), "")


def _generic_verdict(fields: Mapping[str, object]) -> Rating | None:
    said = _first_text(fields, _GENERIC_VERDICT)
    good = _VERDICTS.get(said.lower())
    if good is None:
        return None
    return Rating(float(good), 1.0, "Verdict", verdict=said[:1].upper() + said[1:].lower())


def _generic_rating(fields: Mapping[str, object]) -> Rating | None:
    for key in (*_GENERIC_RATING, *_WRITTEN_ONLY):
        value = fields.get(key)
        if isinstance(value, str):
            if "/" in value:  # '3.5/5', '2/4'
                return parse_value(value)
            graded = grade(value)  # a critic's 'B+'
            if graded is not None:
                return graded
        if key in _WRITTEN_ONLY or value is None or value == "":
            continue
        number_ = number(value)
        scale = 5.0 if number_ is not None and number_ <= 5 else 10.0
        return Rating(number_, scale) if number_ and 0 < number_ <= scale else None
    return None


Build = Callable[[JsonObject, Source, int], Review]
_KINDS: tuple[tuple[Callable[[JsonObject], bool], Build], ...] = (
    (is_jikan, jikan_review),
    (is_steam, steam_review),
    (is_trakt, trakt_review),
    (_is_amazon, _amazon),
    (is_generic, generic_review),
)
