"""MyAnimeList reviews as the Jikan API gives them (v4, and v3's `reviewer.scores`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from reader.loaders.fields import facts, number, text
from reader.model import Markup, Rating, Review, Source


def is_jikan(record: Mapping[str, Any]) -> bool:
    """A Jikan v4 review ('review' with MyAnimeList's keys) or v3 ('content', 'reviewer')."""
    v4 = "review" in record and any(key in record for key in ("is_spoiler", "mal_id", "entry"))
    return v4 or ("content" in record and isinstance(record.get("reviewer"), Mapping))


def jikan_review(record: Mapping[str, Any], source: Source, index: int) -> Review:
    """The review, rated by its overall score out of 10 with the other scores as parts."""
    entry = record.get("entry") or record.get("anime") or record.get("manga") or {}
    user = record.get("user") or record.get("reviewer") or {}
    tags = record.get("tags") or []
    seen = record.get("episodes_watched") or user.get("episodes_seen")
    return Review(
        source=source,
        body=text(record.get("review", record.get("content"))),
        markup=Markup.TEXT,
        title=text(entry.get("title")) or f"MyAnimeList review {index}",
        metadata=facts(
            ("Reviewer", text(user.get("username"))),
            ("Date", text(record.get("date"))[:10]),
            ("Episodes watched", text(seen)),
            ("Chapters read", text(record.get("chapters_read") or user.get("chapters_read"))),
            ("Tags", ", ".join(str(tag) for tag in tags) if isinstance(tags, list) else ""),
        ),
        rating=_rating(record.get("scores") or user.get("scores"), record.get("score")),
        contains_spoilers=record.get("is_spoiler") is True,
    )


def _rating(scores: object, score: object) -> Rating | None:
    """'overall' of a scores object (or the lone score), and the rest as its parts."""
    if not isinstance(scores, Mapping):
        return _out_of_ten("Score", score)
    overall = _out_of_ten("Overall", scores.get("overall", score))
    if overall is None:
        return None
    parts = (_out_of_ten(str(key), value) for key, value in scores.items() if key != "overall")
    return replace(overall, parts=tuple(part for part in parts if part is not None))


def _out_of_ten(label: str, value: object) -> Rating | None:
    score = number(value)
    if score is None or not 0 < score <= 10:
        return None
    return Rating(score, 10.0, label.replace("_", " ").capitalize())
