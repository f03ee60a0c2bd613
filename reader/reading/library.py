"""The reviews a front end has open, parsed on first use.

A 10,000-review export opens at once, because nothing is parsed until it is read; a
review that fails to parse becomes a problem for the user, and the others stay open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from reader.loaders import LoadResult, Problem, Severity
from reader.model import Document, Markup, Review
from reader.parse.document import parse_review
from reader.text.cleaning import clean_text


def parse_or_problem(review: Review) -> Document | Problem:
    """The parsed review, or the problem to report if the parser fails on it."""
    try:
        return parse_review(review)
    except Exception as error:  # a parser bug must not cost the other reviews
        message = f"could not be read ({type(error).__name__}: {error}); please report this"
        source = review.source
        # A lost row is part of a file (a warning); a lost document is all of it.
        severity = Severity.ERROR if source.line is None else Severity.WARNING
        return Problem(source.path, message, source.line, severity)


def _page_title(review: Review) -> str:
    """A saved page's own title, or '' (a parser bug costs only the title: the page is
    listed by its file name, and opening it reports the problem)."""
    from reader.parse.html import page_title  # lxml, only for a web page

    try:
        return page_title(clean_text(review.body))
    except Exception:
        return ""


@dataclass
class Library:
    """Open reviews in order, and their parsed documents."""

    reviews: list[Review] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    _parsed: dict[int, Document | Problem] = field(default_factory=dict)
    _page_titles: dict[int, str] = field(default_factory=dict)  # saved pages' own, unparsed

    def add(self, loaded: LoadResult) -> range:
        """Add what was loaded; returns the indices of the new reviews."""
        start = len(self.reviews)
        self.reviews.extend(loaded.reviews)
        self.problems.extend(loaded.problems)
        return range(start, len(self.reviews))

    def __len__(self) -> int:
        return len(self.reviews)

    def document(self, index: int) -> Document | Problem:
        """Review `index` parsed (once), or why it could not be."""
        if index not in self._parsed:
            self.keep(index, parse_or_problem(self.reviews[index]))
        return self._parsed[index]

    def keep(self, index: int, parsed: Document | Problem) -> None:
        """Keep review `index` as parsed elsewhere (ahead of time, in another thread)."""
        if index in self._parsed:
            return
        if isinstance(parsed, Problem):
            self.problems.append(parsed)
        self._parsed[index] = parsed

    def untitled(self, indices: range) -> list[tuple[int, Review]]:
        """The reviews among `indices` whose title is known only once they are parsed."""
        return [(index, self.reviews[index]) for index in indices if not self.reviews[index].title]

    def find_titles(self, indices: range) -> None:
        """Find the titles of the reviews among `indices` that have none until parsed: a
        file is parsed; a saved web page, whose parse takes tens of milliseconds, is only
        looked at for the title it gives itself."""
        for index, review in self.untitled(indices):
            if review.markup is not Markup.HTML_PAGE:
                self.document(index)
            elif index not in self._page_titles and index not in self._parsed:
                self._page_titles[index] = _page_title(review)

    def title(self, index: int) -> str:
        """The title to list a review by, without parsing it if it has not been read."""
        parsed = self._parsed.get(index)
        if isinstance(parsed, Document) and parsed.title:
            return parsed.title
        review = self.reviews[index]
        if review.title:
            return review.title
        if self._page_titles.get(index):
            return self._page_titles[index]
        name = PurePath(review.source.path).stem or review.source.path
        return name if review.source.line is None else f"{name}, line {review.source.line}"
