"""Trakt comments and reviews: the API's comment objects, and the user-comment shape of
Trakt's exports, where the comment sits beside the movie, show, season or episode."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reader.loaders.fields import facts, number, text
from reader.model import Markup, Rating, Review, Source

_WORKS = ("movie", "show", "season", "episode", "list")


def is_trakt(record: Mapping[str, Any]) -> bool:
    """A comment object ('comment' text with Trakt's flags) or one wrapped beside its work."""
    inner = record.get("comment")
    if isinstance(inner, Mapping):
        return isinstance(inner.get("comment"), str | None)
    return "comment" in record and any(
        key in record for key in ("spoiler", "review", "user_stats", "user_rating")
    )


def trakt_review(record: Mapping[str, Any], source: Source, index: int) -> Review:
    """The comment, the commenter's rating out of 10, and its spoiler flag."""
    inner = record.get("comment")
    comment: Mapping[str, Any] = inner if isinstance(inner, Mapping) else record
    stats = comment.get("user_stats") or {}
    score = number(stats.get("rating") or comment.get("user_rating"))
    user = comment.get("user") or {}
    return Review(
        source=source,
        body=text(comment.get("comment")),
        markup=Markup.TEXT,
        title=_title(record) or f"Trakt comment {index}",
        metadata=facts(
            ("Kind", "review" if comment.get("review") is True else "comment"),
            ("Commenter", text(user.get("username"))),
            ("Posted", text(comment.get("created_at"))[:10]),
        ),
        rating=Rating(score, 10.0) if score and 0 < score <= 10 else None,
        contains_spoilers=comment.get("spoiler") is True,
    )


def _title(record: Mapping[str, Any]) -> str:
    """'Barry (2018), season 2' or 'Heat (1995)': the work the comment is about."""
    show = _named(record.get("show"))
    season = record.get("season") or {}
    episode = record.get("episode") or {}
    if record.get("type") == "episode" and show:
        where = f"season {text(episode.get('season'))}, episode {text(episode.get('number'))}"
        return f"{show}, {where}"
    if record.get("type") == "season" and show:
        return f"{show}, season {text(season.get('number'))}"
    return next(filter(None, (_named(record.get(work)) for work in _WORKS)), "")


def _named(work: object) -> str:
    if not isinstance(work, Mapping) or not text(work.get("title") or work.get("name")):
        return ""
    title = text(work.get("title") or work.get("name"))
    year = text(work.get("year"))
    return f"{title} ({year})" if year else title
