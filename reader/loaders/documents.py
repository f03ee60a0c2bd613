"""Markdown and HTML files: one review each, parsed only when it is opened."""

from collections.abc import Callable

from reader.loaders.problems import Loaded
from reader.model import Markup, Review, Source


def single_review(markup: Markup) -> Callable[[str, str], Loaded]:
    """A loader that keeps the whole file as the body of one review."""

    def load(text: str, path: str) -> Loaded:
        return Loaded([Review(source=Source(path), body=text, markup=markup)])

    return load
