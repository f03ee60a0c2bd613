"""The score a review page gives, from its JSON-LD, microdata, Twitter meta tags or a
visible score box ('Engadget Score 87'), in that order of trust.

A site's average of user ratings (`aggregateRating`) is never the review's score.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html

from reader.model import Rating
from reader.parse.json_ld import JsonObject
from reader.parse.ratings import overall_rating, parse_value, rating_lines

_RATING_LABELS = re.compile(r"^(?:our\s+|my\s+)?(?:rating|score|verdict|grade)$", re.IGNORECASE)
# Score boxes that are somebody else's opinion, not the reviewer's.
_OTHERS_SCORE = re.compile(r"\b(?:users?|readers?|audience|average|community|meta)", re.I)
_SCORE_BOX_CHARS = 40
_SCORE_BOXES = (
    f"//body//*[not(self::script or self::style)]"
    f"[string-length(normalize-space(.)) <= {_SCORE_BOX_CHARS}]"
    f"[translate(normalize-space(.), '0123456789★', '') != normalize-space(.)]"
)


def page_rating(
    tree: lxml.html.HtmlElement,
    review: JsonObject | None,
    objects: list[JsonObject],
    meta: dict[str, str],
) -> Rating | None:
    """The page's own score: of its one JSON-LD `review`, else of a review a product
    embeds, else from microdata, the meta tags, and last a visible score box."""
    return (
        _json_ld_rating(review)
        or next(filter(None, map(_json_ld_rating, _embedded_reviews(objects))), None)
        or _microdata_rating(tree)
        or _meta_rating(meta)
        or _score_box_rating(tree)
    )


def _embedded_reviews(objects: list[JsonObject]) -> Iterator[JsonObject]:
    """A product's one `review`, as review plugins write the page's own verdict. A list
    of reviews, or one beside an `aggregateRating` (a film page's featured user review),
    is what visitors said instead."""
    for item in objects:
        embedded = item.get("review") or item.get("Review")
        if isinstance(embedded, dict) and "aggregateRating" not in item:
            yield embedded


def _json_ld_rating(review: JsonObject | None) -> Rating | None:
    score = review.get("reviewRating") if review else None
    if not isinstance(score, dict):
        return None
    return _rating(score.get("ratingValue"), score.get("bestRating"))


def _rating(value: object, best: object) -> Rating | None:
    """A score from separate value and best fields; a missing best is inferred."""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return None
    if isinstance(best, (str, int, float)) and str(best).strip():
        return parse_value(f"{value}/{best}")
    return parse_value(str(value))


def _microdata_rating(tree: lxml.html.HtmlElement) -> Rating | None:
    """The reviewRating of a Review that is the page's own, not one of a product's
    `itemprop="review"` user reviews."""
    for element in tree.xpath("//*[@itemprop='ratingValue']"):
        scopes = [a for a in element.iterancestors() if a.get("itemscope") is not None]
        if not scopes or scopes[0].get("itemprop") != "reviewRating":
            continue
        if len(scopes) > 1 and scopes[1].get("itemprop") == "review":
            continue
        best = scopes[0].xpath(".//*[@itemprop='bestRating']")
        rating = _rating(_item_value(element), _item_value(best[0]) if best else None)
        if rating is not None:
            return rating
    return None


def _item_value(element: lxml.html.HtmlElement) -> str:
    content = element.get("content")
    return str(content) if content is not None else element.text_content().strip()


def _meta_rating(meta: dict[str, str]) -> Rating | None:
    """Twitter's card pairs: twitter:label1 = 'Rating', twitter:data1 = '4/5'."""
    for number in range(1, 5):
        label = meta.get(f"twitter:label{number}", "")
        data = meta.get(f"twitter:data{number}", "")
        if _RATING_LABELS.match(label.strip()) and data:
            rating = parse_value(data)
            if rating is not None:
                return rating
    return None


def _score_box_rating(tree: lxml.html.HtmlElement) -> Rating | None:
    """A short visible box that is only a labelled score: 'Engadget Score 87'. An
    unlabelled '3 von 5' or '1 Stern' is a readers' vote widget or a histogram row."""
    for element in tree.xpath(_SCORE_BOXES):
        # Joined with spaces: '<h4>Engadget Score</h4><div>87</div>' reads as two words.
        text = " ".join(" ".join(element.itertext()).split())
        if parse_value(text) is not None:
            continue
        ratings = rating_lines(text)
        rating = overall_rating(ratings) if ratings else None
        if rating is not None and not _OTHERS_SCORE.search(text):
            return rating
    return None
