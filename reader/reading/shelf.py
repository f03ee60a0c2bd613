"""The reviews open in a front end, the one being read, and where each was left.

Places come from disk when a front end starts and are kept here as the listener moves
between reviews; `places` gives back those of every review opened, to be saved.
"""

from __future__ import annotations

from collections.abc import Iterator

from reader.model import Document, Position
from reader.reading.cursor import Place, within
from reader.reading.library import Library
from reader.storage.positions import review_key
from reader.web.addresses import located


class Shelf:
    """The open reviews (a library), the index of the one being read, and saved places."""

    def __init__(self, library: Library, saved: dict[str, Position] | None = None) -> None:
        self.library = library
        self.saved = dict(saved or {})  # every review's place: from disk, then as left here
        self._opened: set[str] = set()  # reviews whose places are to be saved
        # Where each review was left in this run, at a heading or not (offset 0 is both).
        self.left: dict[int, Place] = {}
        self._files: dict[str, str | None] = {}  # each review file, as the queue names it
        self.index = -1
        self.document: Document | None = None

    def readable(self, index: int, step: int) -> Iterator[tuple[int, Document | str]]:
        """From `index` on (step 1) or back (-1): each review parsed, or why it cannot be."""
        while 0 <= index < len(self.library):
            parsed = self.library.document(index)
            yield index, parsed if isinstance(parsed, Document) else str(parsed)
            index += step

    def arrive(self, index: int, document: Document) -> Place:
        """Make review `index` the one read; where it was left, clamped if it changed."""
        self.index, self.document = index, document
        if index in self.left:
            return self.left[index]
        key = review_key(document.source)
        known = self.saved.get(key) if key else None
        return within(document, known or Position())

    def leave(self, place: Place) -> None:
        """Keep the place in the review being read, for coming back and for saving."""
        if self.document is None:
            return
        self.left[self.index] = place
        key = review_key(self.document.source)
        if key is not None:
            self.saved[key] = place.position
            self._opened.add(key)

    def places(self) -> dict[str, Position]:
        """The place in every review opened here."""
        return {key: self.saved[key] for key in self._opened}

    @property
    def keeps_places(self) -> bool:
        """Whether any place will be saved (not for standard input alone)."""
        return bool(self._opened) or (
            self.document is not None and review_key(self.document.source) is not None
        )

    def key(self, index: int) -> str | None:
        """The place key of review `index`."""
        return review_key(self.library.reviews[index].source)

    def file_of(self, index: int) -> str | None:
        """Review `index`'s file as the queue names it (absolute); None for stdin. Worked
        out once a file: the queue asks of every row of a 10,000-row export."""
        path = self.library.reviews[index].source.path
        if path not in self._files:
            self._files[path] = None if path == "-" else located(path)
        return self._files[path]
