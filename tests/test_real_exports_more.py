"""More real exports (tests/data/real/exports, see SOURCES.md): a user's MyAnimeList XML
export with comments, Trakt comments from the API, and Jikan v4 reviews with scores."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reader.loaders import LoadResult, Severity, load_paths
from reader.model import Document, Rating
from reader.parse.document import parse_review

EXPORTS = Path(__file__).resolve().parent / "data" / "real" / "exports"


@cache
def loaded(name: str) -> LoadResult:
    """Load one file under tests/data/real/exports once per run."""
    return load_paths([str(EXPORTS / name)])


@cache
def documents(name: str) -> tuple[Document, ...]:
    """The file's reviews, parsed."""
    return tuple(parse_review(review) for review in loaded(name).reviews)


def details(document: Document) -> dict[str, str]:
    """Metadata as label: value text."""
    return {item.label: item.display for item in document.metadata}


def scores(rating: Rating | None) -> list[tuple[str, float, float]]:
    """A rating and its parts as (label, value, scale)."""
    if rating is None:
        return []
    return [(part.label, part.value, part.scale) for part in (rating, *rating.parts)]


# --- MyAnimeList: Helvetia_Witch's anime list (real export, 5 of 1694 entries) --------------

MAL = "myanimelist/animelist-helvetia-witch.xml"


def test_real_myanimelist_export_reads_the_four_commented_entries() -> None:
    found = documents(MAL)
    assert [doc.title for doc in found] == [
        "Charlotte",
        "Hyouka",
        "Oban Star-Racers",
        "Yahari Ore no Seishun Love Comedy wa Machigatteiru.",
    ]
    assert [doc.source.line for doc in found] == [47, 72, 98, 123]
    assert [scores(doc.rating) for doc in found] == [
        [("Score", 8, 10)],
        [("Score", 9, 10)],
        [("Score", 8, 10)],
        [("Score", 10, 10)],
    ]
    assert details(found[1]) == {"Type": "TV", "Status": "Completed", "Episodes watched": "22"}
    assert not any(doc.contains_spoilers for doc in found)


def test_real_myanimelist_comment_over_two_lines_is_kept_whole() -> None:
    hyouka = documents(MAL)[1]
    assert "Im curious" in hyouka.sections[1].text
    assert "Ep19" in hyouka.sections[1].text


def test_real_myanimelist_entry_without_comment_is_counted_in_one_note() -> None:
    (note,) = loaded(MAL).problems
    assert note.severity == Severity.NOTE
    assert note.message == "1 entry has no review and was left out"  # "Oshi no Ko", scored 3


# --- Trakt: comments on Game of Thrones from the API (4 of 10, via trakt.py's fixtures) ------

TRAKT = "trakt/game-of-thrones-comments.json"


def test_real_trakt_comments_keep_ratings_kinds_and_the_spoiler_flag() -> None:
    found = documents(TRAKT)
    assert [doc.title for doc in found] == [f"Trakt comment {n}" for n in range(1, 5)]
    assert [doc.rating.value if doc.rating else None for doc in found] == [None, 6, 9, 10]
    assert {doc.rating.scale for doc in found if doc.rating} == {10}
    assert [doc.contains_spoilers for doc in found] == [False, False, True, False]
    assert details(found[2]) == {
        "Kind": "review",
        "Commenter": "everythingsfine",
        "Posted": "2016-10-24",
    }
    assert found[3].sections[1].text.startswith("Best show of all times")
    assert not loaded(TRAKT).problems


# --- Jikan v4 responses with `scores` (reactive-jikan's recorded fixtures) -------------------


def test_real_jikan_manga_review_has_art_among_its_scores() -> None:
    (sekime,) = documents("jikan/recent-manga-reviews-v4.json")
    assert sekime.title == "Sekimen Shinaide Sekime-san"
    assert scores(sekime.rating) == [
        ("Overall", 5, 10),
        ("Story", 4, 10),
        ("Art", 7, 10),
        ("Character", 4, 10),
        ("Enjoyment", 6, 10),
    ]
    assert details(sekime) == {"Reviewer": "USER_1", "Date": "2022-02-18", "Chapters read": "38"}
    assert sekime.language == "en"


def test_real_jikan_top_review_of_sword_art_online() -> None:
    (sao,) = documents("jikan/top-reviews-v4.json")
    assert sao.title == "Sword Art Online"
    assert scores(sao.rating)[0] == ("Overall", 4, 10)
    assert ("Character", 1, 10) in scores(sao.rating)
    assert details(sao)["Episodes watched"] == "25"
    assert sao.source.line == 7
    # The record has no spoiler flag; the opening "--The review contains minor spoilers--"
    # is what marks the document.
    assert not loaded("jikan/top-reviews-v4.json").reviews[0].contains_spoilers
    assert sao.contains_spoilers
