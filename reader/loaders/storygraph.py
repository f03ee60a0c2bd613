"""StoryGraph exports: every book on the user's shelves is a row; those with a review are
read, rated in quarter stars out of 5, with moods, pace and content warnings as details."""

from reader.loaders.csvrows import Row, read_rows, unreviewed_note
from reader.loaders.fields import facts, number
from reader.loaders.problems import Loaded
from reader.model import Markup, Rating, Review, Source

COLUMNS = frozenset(("Title", "Authors", "Read Status", "Star Rating", "Review"))


def load_storygraph(text: str, path: str) -> Loaded:
    """Reviews from a StoryGraph export; books without a review are counted, not read."""
    loaded = Loaded()
    unreviewed = 0
    for row in read_rows(text, path, loaded.problems):
        if row.get("Review"):
            loaded.reviews.append(_review(row, path))
        else:
            unreviewed += 1
    if unreviewed:
        loaded.problems.append(unreviewed_note(path, unreviewed))
    return loaded


def _review(row: Row, path: str) -> Review:
    stars = number(row.get("Star Rating"))
    body = row.get("Review")
    return Review(
        source=Source(path, row.line),
        body=body,
        markup=Markup.HTML_FRAGMENT if "<" in body else Markup.TEXT,
        title=row.get("Title") or "Untitled book",
        metadata=facts(
            ("Author", row.get("Authors")),
            ("Contributors", row.get("Contributors")),
            ("Format", row.get("Format")),
            ("Status", row.get("Read Status")),
            ("Read", row.get("Last Date Read") or row.get("Dates Read")),
            ("Moods", row.get("Moods")),
            ("Pace", row.get("Pace")),
            ("Content warnings", row.get("Content Warnings")),
            ("Tags", row.get("Tags")),
        ),
        rating=Rating(stars, 5.0, "Star rating") if stars and 0 < stars <= 5 else None,
    )
