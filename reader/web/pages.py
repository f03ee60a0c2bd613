"""Turning a web address into reviews: fetched (or read from the cache when offline),
then loaded by the same loaders as a file, chosen by the answer's media type."""

from __future__ import annotations

import codecs
import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from reader.loaders import LoadResult, Problem, Severity
from reader.loaders.problems import Loaded, LoadError, decoding_problems
from reader.loaders.registry import BY_EXTENSION, CSV, HTML, MARKDOWN, RECORDS, Format, sniff
from reader.parse.document import parse_review
from reader.text.decoding import Decoded, NotTextError, decode
from reader.web import cache
from reader.web.fetch import Limits, Page, Unreachable, fetch

WEB_LIMITS = Limits()  # what commands use; tests pass their own
_BY_MEDIA_TYPE = {
    "text/html": HTML,
    "application/xhtml+xml": HTML,
    "application/json": RECORDS,
    "application/x-ndjson": RECORDS,
    "text/csv": CSV,
    "text/markdown": MARKDOWN,
    "text/x-markdown": MARKDOWN,
}
# Answers that say nothing useful about their format: the address, then the content, decide.
_UNTYPED = frozenset({"text/plain", "application/octet-stream"})
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
# Many servers send feeds as plain XML; the root element tells.
_XML_TYPES = frozenset({"application/xml", "text/xml"}) | _UNTYPED
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]")
_SNIFF = 4096
_READABLE = "HTML, JSON, CSV, Markdown or plain text"


def load_url(url: str, limits: Limits = WEB_LIMITS) -> LoadResult:
    """The reviews at `url`, or one problem saying why there are none."""
    result = LoadResult()
    try:
        loaded = load_page(page_at(url, limits, result.problems))
    except LoadError as error:
        result.problems.append(Problem(url, str(error)))
        return result
    result.reviews.extend(loaded.reviews)
    result.problems.extend(loaded.problems)
    return result


def page_at(url: str, limits: Limits, notes: list[Problem]) -> Page:
    """A fresh copy, saved for later; the saved one, with a note, when the network fails."""
    try:
        page = fetch(url, limits)
    except Unreachable as error:
        copy = cache.saved(url)
        if copy is None:
            raise
        notes.append(
            Problem(url, f"{error}; reading the copy saved {copy.saved}", severity=Severity.NOTE)
        )
        return copy.page
    try:
        cache.save(page)
    except OSError as error:
        reason = error.strerror or str(error)
        notes.append(
            Problem(url, f"no copy kept for offline reading ({reason})", severity=Severity.NOTE)
        )
    return page


def is_feed(page: Page) -> bool:
    """Whether the answer is an RSS or Atom feed rather than a page."""
    if page.media_type in _FEED_TYPES:
        return True
    return page.media_type in _XML_TYPES and bool(_FEED_ROOT.search(page.body[:_SNIFF]))


def load_page(page: Page) -> Loaded:
    """Load a fetched answer the way a file of its format would be loaded."""
    decoded = _decoded(page)
    if not decoded.text or decoded.text.isspace():
        raise LoadError("the page is empty")
    chosen = _format_of(page, decoded.text)
    loaded = chosen.load(decoded.text, page.url)
    loaded.problems[:0] = decoding_problems(page.url, decoded.note)
    if not loaded.reviews and not any(p.severity is Severity.ERROR for p in loaded.problems):
        raise LoadError("holds no reviews")
    # A page of menus and scripts still parses; one with nothing to read is no review.
    if chosen is HTML and parse_review(loaded.reviews[0]).words == 0:
        raise LoadError("the page holds no article to read")
    return loaded


def _decoded(page: Page) -> Decoded:
    """The text as a file would be decoded; but bytes that are not UTF-8 are read in the
    character set the server named (a Korean page in EUC-KR, say), when it named one."""
    try:
        decoded = decode(page.body)
    except NotTextError as error:
        raise LoadError(f"the answer is {page.media_type}, {error}") from error
    named = _codec(page.charset)
    if decoded.note is None or named is None:
        return decoded
    return Decoded(page.body.decode(named, errors="replace"))


def _codec(charset: str | None) -> str | None:
    try:
        name = codecs.lookup(charset).name if charset else None
    except LookupError:
        return None
    # Browsers read pages labelled Latin-1 as Windows-1252, its superset; so does reader.
    return "cp1252" if name == "iso8859-1" else name


def _format_of(page: Page, text: str) -> Format:
    known = _BY_MEDIA_TYPE.get(page.media_type)
    if known:
        return known
    if is_feed(page):
        raise LoadError("is a feed; queue its newest reviews with: reader queue add URL")
    if page.media_type not in _UNTYPED and not page.media_type.startswith("text/"):
        raise LoadError(f"the answer is {page.media_type}, not a page reader reads ({_READABLE})")
    suffix = PurePosixPath(urlsplit(page.url).path).suffix.lower()
    return BY_EXTENSION.get(suffix) or sniff(text)
