"""Goodreads library exports: every shelved book is a row; those with a review are read."""

from reader.loaders.csvrows import Row, read_rows, unreviewed_note
from reader.loaders.fields import facts, number
from reader.loaders.problems import Loaded
from reader.model import Markup, Rating, Review, Source

COLUMNS = frozenset(("Book Id", "Title", "My Review"))


def load_goodreads(text: str, path: str) -> Loaded:
    """Reviews from a Goodreads export; books without a review are counted, not read."""
    loaded = Loaded()
    unreviewed = 0
    for row in read_rows(text, path, loaded.problems):
        if not row.get("My Review"):
            unreviewed += 1
            continue
        loaded.reviews.append(_review(row, path))
    if unreviewed:
        loaded.problems.append(unreviewed_note(path, unreviewed))
    return loaded


def _review(row: Row, path: str) -> Review:
    rating = number(row.get("My Rating"))
    return Review(
        source=Source(path, row.line),
        body=row.get("My Review"),
        markup=Markup.HTML_FRAGMENT,
        title=row.get("Title") or "Untitled book",
        metadata=facts(
            ("Author", row.get("Author")),
            ("Additional authors", row.get("Additional Authors")),
            ("Published", row.get("Original Publication Year") or row.get("Year Published")),
            ("Publisher", row.get("Publisher")),
            ("Pages", row.get("Number of Pages")),
            ("Read", row.get("Date Read")),
        ),
        # 0 means the reader did not rate the book.
        rating=Rating(rating, 5.0, "My rating") if rating and 0 < rating <= 5 else None,
        contains_spoilers=row.get("Spoiler").lower() in ("true", "yes", "1"),
    )
