"""RSS and Atom feeds: the addresses of a feed's newest posts, for the queue."""

from __future__ import annotations

import time
from urllib.parse import urljoin

from reader.loaders import Problem
from reader.loaders.problems import LoadError
from reader.web.fetch import Limits, Page
from reader.web.pages import WEB_LIMITS, is_feed, page_at

LATEST = 10  # posts taken from a feed unless told otherwise


def queued_addresses(
    url: str, latest: int = LATEST, limits: Limits = WEB_LIMITS
) -> tuple[list[str], list[Problem]]:
    """What to queue for `url`: its newest posts when it is a feed, otherwise the page
    itself; and the problems met (an address that failed gives none to queue)."""
    notes: list[Problem] = []
    try:
        page = page_at(url, limits, notes)
        return (post_addresses(page, latest) if is_feed(page) else [url]), notes
    except LoadError as error:
        return [], [*notes, Problem(url, str(error))]


def post_addresses(feed: Page, latest: int) -> list[str]:
    """The links of the feed's `latest` newest posts, newest first, each once."""
    import feedparser  # only here: queueing a feed is the one use

    parsed = feedparser.parse(feed.body)
    if not parsed.entries:
        raise LoadError("the feed holds no posts")
    dated = sorted(parsed.entries, key=_published, reverse=True)  # stable: undated keep order
    links: list[str] = []
    for entry in dated:
        link = urljoin(feed.url, str(entry.get("link", "")))
        if link != feed.url and link not in links:
            links.append(link)
    if not links:
        raise LoadError("the feed's posts have no links")
    return links[:latest]


def _published(entry: dict[str, object]) -> float:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.mktime(stamp) if isinstance(stamp, time.struct_time) else 0.0
