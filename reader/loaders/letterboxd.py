"""Letterboxd `reviews.csv` exports: one review per row, ratings in half stars out of 5."""

from reader.loaders.csvrows import Row, read_rows
from reader.loaders.fields import facts, number
from reader.loaders.problems import Loaded, Problem, Severity
from reader.model import Markup, Rating, Review, Source

COLUMNS = frozenset(("Name", "Letterboxd URI", "Review"))


def load_letterboxd(text: str, path: str) -> Loaded:
    """Reviews from a Letterboxd export."""
    loaded = Loaded()
    for row in read_rows(text, path, loaded.problems):
        loaded.reviews.append(_review(row, path, loaded.problems))
    return loaded


def _review(row: Row, path: str, problems: list[Problem]) -> Review:
    return Review(
        source=Source(path, row.line),
        body=row.get("Review"),
        markup=Markup.HTML_FRAGMENT,
        title=row.get("Name") or "Untitled film",
        metadata=facts(
            ("Year", row.get("Year")),
            ("Watched", row.get("Watched Date")),
            ("Rewatch", "yes" if row.get("Rewatch").lower() == "yes" else ""),
            ("Tags", row.get("Tags")),
        ),
        rating=_rating(row, path, problems),
    )


def _rating(row: Row, path: str, problems: list[Problem]) -> Rating | None:
    cell = row.get("Rating")
    value = number(cell)
    if not cell:
        return None
    if value is None or not 0 < value <= 5:
        message = f"rating {cell!r} is not between 0.5 and 5; left out"
        problems.append(Problem(path, message, row.line, Severity.WARNING))
        return None
    return Rating(value, 5.0)
