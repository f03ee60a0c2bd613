"""CSV datasets of reviews, such as IMDb's 50,000 (Maas et al.) or Rotten Tomatoes' critic
reviews: each row is a record read by its field names, as a JSON dataset's is
(`kinds.generic_review`), so 'review_text', 'Review Text' and 'reviewText' are alike."""

from reader.loaders.csvrows import read_rows, unreviewed_note
from reader.loaders.kinds import generic_review, is_generic
from reader.loaders.problems import Loaded
from reader.model import Source


def is_dataset(columns: list[str]) -> bool:
    """Whether a CSV file's columns include one of review text."""
    return is_generic(columns)


def load_dataset(text: str, path: str) -> Loaded:
    """A review from each row with review text; rows without are counted, not read."""
    loaded = Loaded()
    empty = 0
    for count, row in enumerate(read_rows(text, path, loaded.problems), start=1):
        review = generic_review(row.cells, Source(path, row.line), count)
        if review.body.strip():
            loaded.reviews.append(review)
        else:
            empty += 1
    if empty:
        loaded.problems.append(unreviewed_note(path, empty, "row", "rows"))
    return loaded
