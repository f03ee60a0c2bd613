"""The open reviews: parsed on first use, titled before and after, problems kept."""

from __future__ import annotations

import pytest
from helpers import SAMPLES, SEED

from reader.loaders import Problem, load_paths
from reader.model import Document, Markup, Review, Source
from reader.reading.library import Library, parse_or_problem


def test_titles_before_and_after_parsing() -> None:
    library = Library()
    added = library.add(load_paths([str(SEED), str(SAMPLES / "parasite.md")]))
    assert list(added) == [0, 1]
    assert library.title(0) == "1 Litre Of Tears"  # the text loader knows it
    assert library.title(1) == "parasite"  # Markdown: its file name until parsed
    assert [index for index, _ in library.untitled(added)] == [1]
    assert isinstance(library.document(1), Document)
    assert library.title(1) == "Parasite (2019)"


def test_a_review_parsed_ahead_is_kept_once() -> None:
    library = Library()
    library.add(load_paths([str(SAMPLES / "parasite.md")]))
    ahead = parse_or_problem(library.reviews[0])
    library.keep(0, ahead)
    assert library.document(0) is ahead
    library.keep(0, Problem("elsewhere", "ignored"))
    assert library.document(0) is ahead and not library.problems


def test_a_review_the_parser_fails_on_is_a_problem_not_a_crash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def explode(_: Review) -> Document:
        raise ValueError("unexpected shape")

    monkeypatch.setattr("reader.reading.library.parse_review", explode)
    library = Library(reviews=[Review(Source("broken.md"), "# Title", Markup.MARKDOWN)])
    parsed = library.document(0)
    assert isinstance(parsed, Problem)
    assert "could not be read (ValueError: unexpected shape)" in parsed.message
    assert library.problems == [parsed]
    assert library.title(0) == "broken"
