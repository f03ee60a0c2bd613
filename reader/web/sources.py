"""Loading paths and web addresses together, in the order given; each command's one way in."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from reader.loaders import LoadResult, load_paths
from reader.web.addresses import is_url


def load_sources(sources: Iterable[str], stdin: BinaryIO | None = None) -> LoadResult:
    """Load every path and URL in order; one that fails is reported and the others still
    load. The network code is imported only when a URL is given, so files open fast."""
    result = LoadResult()
    for given in sources:
        if is_url(given):
            from reader.web.pages import load_url

            loaded = load_url(given)
        else:
            loaded = load_paths([given], stdin)
        result.reviews.extend(loaded.reviews)
        result.problems.extend(loaded.problems)
    return result
