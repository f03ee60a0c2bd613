"""Letterboxd exports: `reviews.csv`, one review per row, ratings in half stars out of 5;
and the export's other files, which are told apart by their columns and hold no reviews.

An export sets aside reviews that are no longer live: `deleted/` holds those the user
deleted, `orphaned/` those whose film Letterboxd removed (its TV series, for instance).
Read from there, each says so in its details, and a whole export folder leaves them out.
"""

from pathlib import PurePath

from reader.loaders.csvrows import Part, Row, read_rows
from reader.loaders.fields import facts, number
from reader.loaders.problems import Loaded, Problem, Severity
from reader.model import Markup, Rating, Review, Source

COLUMNS = frozenset(("Name", "Letterboxd URI", "Review"))
_WITHHELD = {
    "deleted": "deleted by its author",
    "orphaned": "orphaned: its film is no longer on Letterboxd",
}
# The export's files without reviews, most specific first: (columns it has, what it is).
_PARTS = (
    (frozenset(("Letterboxd URI", "Watched Date")), "Letterboxd diary"),
    (frozenset(("Letterboxd URI", "Rating")), "Letterboxd ratings"),
    (frozenset(("Letterboxd URI",)), "Letterboxd film list"),
    (frozenset(("Date", "Content", "Comment")), "Letterboxd comments"),
    (frozenset(("Date Joined", "Username", "Favorite Films")), "Letterboxd profile"),
)
_LIKES = frozenset(("Date", "Content"))
_LIST_EXPORT = "Letterboxd list export"


def part_without_reviews(columns: list[str]) -> str | None:
    """What file of a Letterboxd export this is, when it is one that holds no reviews."""
    names = frozenset(columns)
    if names >= COLUMNS:
        return None
    if columns and columns[0].startswith(_LIST_EXPORT):
        return "Letterboxd list"
    if names == _LIKES:
        return "Letterboxd likes"
    return next((kind for needed, kind in _PARTS if names >= needed), None)


def load_letterboxd(text: str, path: str, part: Part | None = None) -> Loaded:
    """Reviews from a Letterboxd export, or from one part of its rows."""
    withheld = PurePath(path).parent.name.lower()
    status = _WITHHELD.get(withheld, "")
    loaded = Loaded(withheld=withheld if status else "")
    for row in read_rows(text, path, loaded.problems, part):
        loaded.reviews.append(_review(row, path, status, loaded.problems))
    return loaded


def _review(row: Row, path: str, status: str, problems: list[Problem]) -> Review:
    return Review(
        source=Source(path, row.line),
        body=row.get("Review"),
        markup=Markup.HTML_FRAGMENT,
        title=row.get("Name") or "Untitled film",
        metadata=facts(
            ("Status", status),
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
