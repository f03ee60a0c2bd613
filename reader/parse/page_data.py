"""What a saved review page states about itself: its title, its score and the facts of
the reviewed work, from schema.org JSON-LD and microdata, Open Graph and Twitter meta tags
and visible score boxes ('Engadget Score 87').

Structured data is preferred because it is what the site meant; the visible score box is
the fallback. A site's average of user ratings (`aggregateRating`) is never the review's
score.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.html

from reader.model import Rating
from reader.parse.labels import is_metadata_label
from reader.parse.ratings import overall_rating, parse_value, rating_lines

JsonObject = dict[str, object]

_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " » ")
_RATING_LABELS = re.compile(r"^(?:our\s+|my\s+)?(?:rating|score|verdict|grade)$", re.IGNORECASE)
# Score boxes that are somebody else's opinion, not the reviewer's.
_OTHERS_SCORE = re.compile(r"\b(?:users?|readers?|audience|average|community|meta)", re.I)
_SCORE_BOX_CHARS = 40
_SCORE_BOXES = (
    f"//body//*[not(self::script or self::style)]"
    f"[string-length(normalize-space(.)) <= {_SCORE_BOX_CHARS}]"
    f"[translate(normalize-space(.), '0123456789★', '') != normalize-space(.)]"
)
_FACT_VALUE_CHARS = 200
# JSON-LD nests a few levels (an array of a @graph of objects); deeper is hostile input.
_MAX_DEPTH = 4
_DURATION = re.compile(r"^PT(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:\d+S)?$")
# itemReviewed properties worth hearing, with the label they are read under.
_ITEM_FACTS = (
    ("name", "Reviewed"),
    ("author", "Author"),
    ("director", "Director"),
    ("creator", "Creator"),
    ("genre", "Genre"),
    ("datePublished", "Released"),
    ("duration", "Runtime"),
    ("gamePlatform", "Platform"),
    ("publisher", "Publisher"),
    ("isbn", "ISBN"),
    ("numberOfPages", "Pages"),
)


@dataclass(frozen=True)
class PageData:
    """The page's own title, its score, who wrote the review, and the facts of the
    reviewed work, in order."""

    title: str = ""
    rating: Rating | None = None
    facts: tuple[tuple[str, str], ...] = ()
    reviewer: str = ""


def page_data(tree: lxml.html.HtmlElement) -> PageData:
    """Read a parsed page's structured data; call before extraction changes the tree."""
    objects = list(_json_ld(tree))
    reviews = [item for item in objects if _is_review(item)]
    # Several reviews make a listing (a Trustpilot page), none of which is the page's own.
    review = reviews[0] if len(reviews) == 1 else None
    rating = (
        _json_ld_rating(review)
        or next(filter(None, map(_json_ld_rating, _embedded_reviews(objects))), None)
        or _microdata_rating(tree)
        or _meta_rating(tree)
    )
    item = review.get("itemReviewed") if review else None
    return PageData(
        title=_title(tree, objects),
        rating=rating or _score_box_rating(tree),
        facts=_item_facts(item) if isinstance(item, dict) else (),
        reviewer=_text(review.get("author")) if review else "",
    )


def take_fact_boxes(tree: lxml.html.HtmlElement) -> tuple[tuple[str, str], ...]:
    """Labelled fact boxes ('Developer | FromSoftware') as facts, taken out of the tree so
    they are not read twice. Only a box whose every row has a known fact label, and that
    has at least two, is trusted: a table in the review's prose stays where it is."""
    facts: list[tuple[str, str]] = []
    for box in tree.xpath("//body//dl | //body//table"):
        pairs = _box_pairs(box)
        if len(pairs) >= 2 and all(is_metadata_label(label) for label, _ in pairs):
            facts.extend(pairs)
            box.drop_tree()
    return tuple(facts)


def _box_pairs(box: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    """The (label, value) rows of a <dl> or a two-column <table>; none if it is not one."""
    if box.tag == "dl":
        cells = [(term, term.getnext()) for term in box.findall("dt")]
        rows = [(term, value) for term, value in cells if value is not None and value.tag == "dd"]
        if len(rows) != len(cells):
            return []
    else:
        rows = []
        for row in box.xpath("./tr | ./*/tr"):
            pair = row.xpath("./th | ./td")
            if len(pair) != 2:
                return []
            rows.append((pair[0], pair[1]))
    pairs = [(_cell_text(label).rstrip(":"), _cell_text(value)) for label, value in rows]
    return [pair for pair in pairs if pair[1] and len(pair[1]) <= _FACT_VALUE_CHARS]


def _cell_text(element: lxml.html.HtmlElement) -> str:
    return " ".join(" ".join(element.itertext()).split())


def _json_ld(tree: lxml.html.HtmlElement) -> Iterator[JsonObject]:
    """Top-level JSON-LD objects, unpacking arrays and `@graph`; nested reviews (a film
    page's featured user review) stay inside their parents."""
    for script in tree.xpath("//script[@type='application/ld+json']"):
        text = re.sub(r"/\*\s*<!\[CDATA\[\s*\*/|/\*\s*\]\]>\s*\*/", "", script.text or "")
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # '[[[[…' a thousand deep is no page's data
            continue
        yield from _top_level(data)


def _top_level(data: object, depth: int = 0) -> Iterator[JsonObject]:
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _top_level(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        yield from _top_level(data.get("@graph"), depth + 1)


def _is_review(item: JsonObject) -> bool:
    kinds = item.get("@type")
    names = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(name, str) and name.endswith("Review") for name in names)


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


def _meta_rating(tree: lxml.html.HtmlElement) -> Rating | None:
    """Twitter's card pairs: twitter:label1 = 'Rating', twitter:data1 = '4/5'."""
    meta = _meta(tree)
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


def _meta(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """Meta tags by name or property; the first of a repeated name wins."""
    found: dict[str, str] = {}
    for element in tree.xpath("//meta[@content]"):
        key = (element.get("property") or element.get("name") or "").strip().lower()
        if key:
            found.setdefault(key, element.get("content", "").strip())
    return found


def _title(tree: lxml.html.HtmlElement, objects: list[JsonObject]) -> str:
    """og:title, the review's headline, the h1, then <title>; never the site's name."""
    meta = _meta(tree)
    sites = _site_names(tree, meta, objects)
    headline = next((item.get("headline") for item in objects if _is_review(item)), None)
    candidates = [
        meta.get("og:title", ""),
        meta.get("twitter:title", ""),
        headline if isinstance(headline, str) else "",
        *(h1.text_content() for h1 in tree.xpath("//body//h1")),
        "".join(tree.xpath("//title/text()")),
    ]
    for candidate in candidates:
        title = _without_site(" ".join(candidate.split()), sites)
        if title and _squashed(title) not in sites:
            return title
    return ""


def _site_names(
    tree: lxml.html.HtmlElement, meta: dict[str, str], objects: list[JsonObject]
) -> frozenset[str]:
    names = [meta.get(key, "") for key in ("og:site_name", "application-name", "twitter:site")]
    for item in objects:
        publisher = item.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            names.append(str(publisher["name"]))
    for url in (meta.get("og:url", ""), *tree.xpath("//link[@rel='canonical']/@href")):
        host = (urlsplit(str(url)).hostname or "").removeprefix("www.")
        names.append(host.split(".")[0])
    return frozenset(filter(None, map(_squashed, names)))


def _without_site(title: str, sites: frozenset[str]) -> str:
    """'Elden Ring Review | IGN' -> 'Elden Ring Review'; inner dashes stay."""
    for separator in _TITLE_SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if found and head and _squashed(tail) in sites:
            return head.strip()
        tail, found, head = title.partition(separator)
        if found and head and _squashed(tail) in sites:
            return head.strip()
    return title


def _squashed(name: str) -> str:
    return re.sub(r"\W", "", name.removeprefix("@")).casefold()


def _item_facts(item: JsonObject) -> tuple[tuple[str, str], ...]:
    facts = []
    for key, label in _ITEM_FACTS:
        value = _text(item.get(key))
        if key == "duration":
            value = _spoken_duration(value)
        if value:
            facts.append((label, value))
    return tuple(facts)


def _text(value: object, depth: int = 0) -> str:
    """A JSON-LD value as text: names of people and organisations, lists joined."""
    if depth > _MAX_DEPTH:
        return ""
    if isinstance(value, list):
        return ", ".join(filter(None, (_text(item, depth + 1) for item in value)))
    if isinstance(value, dict):
        return _text(value.get("name"), depth + 1)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return " ".join(str(value).split())
    return ""


def _spoken_duration(value: str) -> str:
    """ISO 8601 'PT1H28M' as '88 minutes'; anything else unchanged."""
    match = _DURATION.match(value)
    if match is None or not (match.group("h") or match.group("m")):
        return value
    return f"{int(match.group('h') or 0) * 60 + int(match.group('m') or 0)} minutes"
