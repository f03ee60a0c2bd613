"""Steam reviews: the Web API's records (and the `steamreviews` downloader's files of them),
and scraped records with a 'Recommended' column. Steam has no score, only a verdict."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from reader.loaders.fields import day, facts, number, text
from reader.model import Markup, Rating, Review, Source

# Spoilers stay (the parser reads them); headings become '#' lines; other tags go.
_HEADING = re.compile(r"\[h[1-3]\](.*?)\[/h[1-3]\]", re.IGNORECASE | re.DOTALL)
_URL = re.compile(r"\[url=[^\]]*\](.*?)\[/url\]", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(
    r"\[/?(?:b|i|u|strike|list|olist|\*|quote(?:=[^\]]*)?|code|table|tr|td|th|noparse|hr)\]",
    re.IGNORECASE,
)


def is_steam(record: Mapping[str, Any]) -> bool:
    """A Steam review: its text and a thumbs up or down."""
    return "review" in record and ("voted_up" in record or "recommendation" in record)


def steam_review(record: Mapping[str, Any], source: Source, index: int) -> Review:
    """The review, its verdict as the rating, and playtime among the details."""
    author = record.get("author") or {}
    body = _HEADING.sub(r"\n\n# \1\n\n", text(record.get("review")))
    return Review(
        source=source,
        body=_TAG.sub("", _URL.sub(r"\1", body)),
        markup=Markup.TEXT,
        title=text(record.get("title")) or f"Steam review {index}",
        metadata=facts(
            ("Playtime", _hours(number(author.get("playtime_forever")), 60)),
            ("Playtime at review", _hours(number(author.get("playtime_at_review")), 60)),
            ("Playtime", _hours(number(record.get("hour_played")), 1)),
            ("Posted", day(number(record.get("timestamp_created")))),
            ("Posted", text(record.get("date_posted"))),
            ("Language", text(record.get("language"))),
        ),
        rating=verdict(record.get("voted_up", record.get("recommendation"))),
    )


def verdict(value: object) -> Rating | None:
    """Steam's thumbs up or down as a rating said 'Recommended' or 'Not recommended'."""
    if isinstance(value, str):
        value = {"recommended": True, "not recommended": False}.get(value.strip().lower())
    if not isinstance(value, bool):
        return None
    words = "Recommended" if value else "Not recommended"
    return Rating(float(value), 1.0, "Verdict", verdict=words)


def _hours(amount: float | None, per_hour: int) -> str:
    """Playtime in hours, '121.2 hours', from minutes (per_hour 60) or hours (1)."""
    if not amount:
        return ""
    hours = amount / per_hour
    return "1 hour" if hours == 1 else f"{hours:.1f} hours".replace(".0 hours", " hours")
