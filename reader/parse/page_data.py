"""What a saved review page states about itself: its title, its score, who wrote it and
the facts of the reviewed work, from schema.org JSON-LD and microdata, Open Graph and
Twitter meta tags, and visible score and fact boxes.

Structured data is preferred because it is what the site meant; what the page shows is
the fallback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.html

from reader.model import Rating
from reader.parse.json_ld import JsonObject, is_review, json_ld_objects, json_text
from reader.parse.labels import is_metadata_label
from reader.parse.page_rating import page_rating

_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " » ")
_FACT_VALUE_CHARS = 200
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
    objects = list(json_ld_objects(tree))
    reviews = [item for item in objects if is_review(item)]
    # Several reviews make a listing (a Trustpilot page), none of which is the page's own.
    review = reviews[0] if len(reviews) == 1 else None
    meta = _meta(tree)
    item = review.get("itemReviewed") if review else None
    return PageData(
        title=_title(tree, meta, objects),
        rating=page_rating(tree, review, objects, meta),
        facts=_item_facts(item) if isinstance(item, dict) else (),
        reviewer=json_text(review.get("author")) if review else "",
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


def _meta(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """Meta tags by name or property; the first of a repeated name wins."""
    found: dict[str, str] = {}
    for element in tree.xpath("//meta[@content]"):
        key = (element.get("property") or element.get("name") or "").strip().lower()
        if key:
            found.setdefault(key, element.get("content", "").strip())
    return found


def _title(tree: lxml.html.HtmlElement, meta: dict[str, str], objects: list[JsonObject]) -> str:
    """og:title, the review's headline, the h1, then <title>; never the site's name."""
    sites = _site_names(tree, meta, objects)
    headline = next((item.get("headline") for item in objects if is_review(item)), None)
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
        value = json_text(item.get(key))
        if key == "duration":
            value = _spoken_duration(value)
        if value:
            facts.append((label, value))
    return tuple(facts)


def _spoken_duration(value: str) -> str:
    """ISO 8601 'PT1H28M' as '88 minutes'; anything else unchanged."""
    match = _DURATION.match(value)
    if match is None or not (match.group("h") or match.group("m")):
        return value
    return f"{int(match.group('h') or 0) * 60 + int(match.group('m') or 0)} minutes"
