"""A page's JSON-LD: its top-level objects, which of them are reviews, and their values
as text."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import lxml.html

JsonObject = dict[str, object]

# JSON-LD nests a few levels (an array of a @graph of objects); deeper is hostile input.
_MAX_DEPTH = 4


def json_ld_objects(tree: lxml.html.HtmlElement) -> Iterator[JsonObject]:
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
    """The objects of one script's data, a few levels deep at most."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _top_level(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        yield from _top_level(data.get("@graph"), depth + 1)


def is_review(item: JsonObject) -> bool:
    """Whether the object is a review of any kind (a Review, a CriticReview, …)."""
    kinds = item.get("@type")
    names = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(name, str) and name.endswith("Review") for name in names)


def json_text(value: object, depth: int = 0) -> str:
    """A JSON-LD value as text: names of people and organisations, lists joined."""
    if depth > _MAX_DEPTH:
        return ""
    if isinstance(value, list):
        return ", ".join(filter(None, (json_text(item, depth + 1) for item in value)))
    if isinstance(value, dict):
        return json_text(value.get("name"), depth + 1)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return " ".join(str(value).split())
    return ""
