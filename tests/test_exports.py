"""Real exports from public repositories (tests/data/real/exports, see SOURCES.md): whole
export folders, StoryGraph, MyAnimeList XML, Trakt, Steam (`steamreviews`) and Jikan, and
datasets of reviews (IMDb's, Rotten Tomatoes' critics')."""

from __future__ import annotations

import io
import shutil
from functools import cache
from pathlib import Path

import pytest
from helpers import ROOT
from runner import Env, reader

from reader.loaders import LoadResult, Severity, load_paths
from reader.loaders.kinds import review_of
from reader.model import Document, Rating, Source
from reader.parse.document import parse_review

EXPORTS = ROOT / "tests" / "data" / "real" / "exports"
LETTERBOXD = EXPORTS / "letterboxd"


@cache
def loaded(*names: str) -> LoadResult:
    """Load paths under tests/data/real/exports once per run."""
    return load_paths([str(EXPORTS / name) for name in names])


@cache
def documents(*names: str) -> tuple[Document, ...]:
    """The loaded reviews, parsed."""
    return tuple(parse_review(review) for review in loaded(*names).reviews)


def details(document: Document) -> dict[str, str]:
    """Metadata as label: value text."""
    return {item.label: item.display for item in document.metadata}


def scores(rating: Rating | None) -> list[tuple[str, float, float]]:
    """A rating and its parts as (label, value, scale)."""
    if rating is None:
        return []
    return [(part.label, part.value, part.scale) for part in (rating, *rating.parts)]


# --- whole export folders -------------------------------------------------------------------


def test_letterboxd_folder_reads_only_the_live_reviews() -> None:
    found = documents("letterboxd")
    assert [doc.title for doc in found] == ["On the Line", "Past Lives", "4x4", "No Hard Feelings"]
    assert {doc.source.path for doc in found} == {str(LETTERBOXD / "reviews.csv")}
    assert [doc.rating.value if doc.rating else None for doc in found] == [1.5, 5, 2.5, 4.5]
    assert all(doc.language == "es" for doc in found)


def test_letterboxd_folder_says_what_it_left_out_in_one_note() -> None:
    result = loaded("letterboxd")
    (note,) = result.problems
    assert (note.path, note.line, note.severity) == (str(LETTERBOXD), None, Severity.NOTE)
    assert note.message.startswith("15 files hold no reviews and were skipped (Letterboxd ")
    for kind in ("comments", "diary", "film list", "likes", "list", "profile", "ratings"):
        assert kind in note.message
    assert "2 deleted and 2 orphaned reviews were left out" in note.message
    assert not result.failed


def test_letterboxd_folder_on_the_command_line_exits_0_with_one_line(env: Env) -> None:
    done = reader(env, "outline", str(LETTERBOXD))
    assert done.code == 0
    assert len(done.err.splitlines()) == 1
    assert done.out.count("Source:") == 4


@pytest.mark.parametrize(
    ("folder", "titles", "status"),
    [
        ("deleted", ["The Crowded Room", "18 Presents"], "deleted by its author"),
        ("orphaned", ["Soulmates", "The Wilds"], "orphaned: its film is no longer on Letterboxd"),
    ],
)
def test_set_aside_reviews_read_on_their_own_say_so(
    folder: str, titles: list[str], status: str
) -> None:
    found = documents(f"letterboxd/{folder}/reviews.csv")
    assert [doc.title for doc in found] == titles
    assert all(details(doc)["Status"] == status for doc in found)
    assert not loaded(f"letterboxd/{folder}/reviews.csv").problems


def test_the_set_aside_folder_itself_opens_its_reviews() -> None:
    result = loaded("letterboxd/deleted")
    assert [review.title for review in result.reviews] == ["The Crowded Room", "18 Presents"]
    (note,) = result.problems
    assert (
        note.message
        == "3 files hold no reviews and were skipped (Letterboxd comments, diary, list)"
    )


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("diary.csv", "Letterboxd diary"),
        ("watched.csv", "Letterboxd film list"),
        ("ratings.csv", "Letterboxd ratings"),
        ("comments.csv", "Letterboxd comments"),
        ("profile.csv", "Letterboxd profile"),
        ("likes/lists.csv", "Letterboxd likes"),
        ("lists/2020-ranked.csv", "Letterboxd list"),
    ],
)
def test_a_file_without_reviews_asked_for_by_name_is_one_error(name: str, kind: str) -> None:
    result = loaded(f"letterboxd/{name}")
    (problem,) = result.problems
    assert problem.severity is Severity.ERROR
    assert problem.message.startswith(f"is a {kind} file, which holds no reviews")


def test_letterboxd_export_with_an_empty_file_still_opens(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    shutil.copytree(LETTERBOXD, folder)
    (folder / "lists" / "zeroed.csv").write_bytes(b"\0" * 200)
    result = load_paths([str(folder)])
    assert len(result.reviews) == 4
    (note,) = result.problems
    assert "16 files hold no reviews" in note.message
    assert note.message.endswith(
        "(Letterboxd comments, diary, film list, likes, list, profile, "
        "ratings, empty file); 2 deleted and 2 orphaned reviews were "
        "left out (open deleted/ and orphaned/ to read them)"
    )


def test_goodreads_export_folder() -> None:
    (document,) = documents("goodreads")
    assert document.title == "A Beautiful Place to Die (Detective Emmanuel Cooper, #1)"
    assert scores(document.rating) == [("My rating", 5, 5)]
    assert details(document)["Author"] == "Malla Nunn"
    (note,) = loaded("goodreads").problems
    assert (note.message, note.severity) == (
        "3 books have no review and were left out",
        Severity.NOTE,
    )


# --- StoryGraph -----------------------------------------------------------------------------


def test_storygraph_reviews_with_quarter_stars_and_moods() -> None:
    piranesi, knochen = documents("storygraph/storygraph.csv")
    assert (piranesi.title, piranesi.source.line) == ("Piranesi", 5)
    assert scores(piranesi.rating) == [("Star rating", 4.25, 5)]
    assert details(piranesi) == {
        "Author": "Susanna Clarke",
        "Format": "hardcover",
        "Status": "read",
        "Read": "2024/02/20",
        "Moods": "mysterious, reflective",
        "Pace": "medium",
        "Content warnings": "Confinement",
        "Tags": "fantasy, mystery",
    }
    assert (knochen.title, knochen.language) == ("Das Alphabet der Knochen", "de")
    assert scores(knochen.rating) == [("Star rating", 3.5, 5)]
    # Said in the review's words, as its heading is: 'Star rating: 3.5 von 5' mixed them.
    (said,) = (section.text for section in knochen.sections if section.heading == "Bewertung")
    assert said == "Sternebewertung: 3.5 von 5."
    (note,) = loaded("storygraph/storygraph.csv").problems
    assert note.message == "3 books have no review and were left out"


# --- MyAnimeList XML ------------------------------------------------------------------------


def test_myanimelist_anime_list_reads_entries_with_comments() -> None:
    kimi, frieren = documents("myanimelist/animelist.xml")
    assert (kimi.title, kimi.source.line) == ("Shigatsu wa Kimi no Uso", 23)
    assert scores(kimi.rating) == [("Score", 9, 10)]
    assert details(kimi) == {
        "Type": "TV",
        "Status": "Completed",
        "Episodes watched": "22",
        "Tags": "music, drama",
    }
    assert frieren.title == "Sousou no Frieren"
    assert frieren.rating is None  # a score of 0 is unscored
    (note,) = loaded("myanimelist/animelist.xml").problems
    assert note.message == "1 entry has no review and was left out"


def test_myanimelist_manga_list() -> None:
    (berserk,) = documents("myanimelist/mangalist.xml")
    assert berserk.title == "Berserk"
    assert details(berserk)["Chapters read"] == "364"
    assert "manga & I will not" in berserk.sections[1].text


def test_myanimelist_list_cut_short_keeps_the_entries_before(tmp_path: Path) -> None:
    text = (EXPORTS / "myanimelist" / "animelist.xml").read_text(encoding="utf-8")
    cut = tmp_path / "animelist.xml"
    cut.write_text(text[: text.index("Sousou no Frieren")], encoding="utf-8")
    result = load_paths([str(cut)])
    assert [review.title for review in result.reviews] == ["Shigatsu wa Kimi no Uso"]
    problem, note = result.problems
    assert (problem.severity, note.severity) == (Severity.WARNING, Severity.NOTE)
    assert "XML breaks off" in problem.message
    assert not result.failed


def test_myanimelist_export_without_extension_is_sniffed() -> None:
    data = (EXPORTS / "myanimelist" / "mangalist.xml").read_bytes()
    result = load_paths(["-"], stdin=io.BytesIO(data))
    assert [review.title for review in result.reviews] == ["Berserk"]


# --- Trakt ----------------------------------------------------------------------------------


def test_trakt_user_comments_name_their_work_and_keep_spoilers() -> None:
    heat, barry = documents("trakt/comments.json")
    assert heat.title == "Heat (1995)"
    assert scores(heat.rating) == [("Rating", 9, 10)]
    assert details(heat) == {"Kind": "comment", "Commenter": "sean", "Posted": "2020-05-01"}
    review = heat.sections[1]
    assert [review.text[s.start : s.end] for s in review.spoilers] == [
        "Nobody walks away from the airport clean."
    ]
    assert barry.title == "Barry (2018), season 2"
    assert barry.contains_spoilers and barry.rating is None
    (empty,) = loaded("trakt/comments.json").problems
    assert (empty.line, empty.severity) == (34, Severity.WARNING)
    assert empty.message == "record's review is empty; skipped"


def test_trakt_movie_comments_from_the_api() -> None:
    (document,) = documents("trakt/movie-comments.json")
    assert scores(document.rating) == [("Rating", 8, 10)]
    assert details(document)["Kind"] == "review"
    assert not document.contains_spoilers


# --- Steam (`steamreviews`) and Jikan -------------------------------------------------------


def test_steamreviews_file_keyed_by_id_loads_with_verdicts_and_playtime() -> None:
    found = documents("steam/review_570.json")
    assert [doc.rating.spoken if doc.rating else "" for doc in found] == [
        "Not recommended",
        "Not recommended",
        "Recommended",
    ]
    assert details(found[0]) == {
        "Playtime": "5458.7 hours",
        "Posted": "2019-02-10",
        "Language": "english",
    }
    assert found[1].contains_spoilers
    assert found[0].sections[-1].text == "Verdict: Not recommended."


def test_jikan_v4_scores_are_the_rating_parts() -> None:
    brotherhood, atelier = documents("jikan/reviews-v4-scores.json")
    assert scores(brotherhood.rating) == [
        ("Overall", 9, 10),
        ("Story", 9, 10),
        ("Animation", 8, 10),
        ("Sound", 8, 10),
        ("Character", 10, 10),
        ("Enjoyment", 9, 10),
    ]
    assert [label for label, _, _ in scores(atelier.rating)] == [
        "Overall",
        "Story",
        "Art",
        "Character",
        "Enjoyment",
    ]
    assert (brotherhood.source.line, atelier.source.line) == (3, 17)


def test_jikan_v3_reviewer_scores() -> None:
    (bebop,) = documents("jikan/reviews-v3.json")
    assert scores(bebop.rating)[:2] == [("Overall", 7, 10), ("Story", 6, 10)]
    assert details(bebop) == {"Reviewer": "example", "Date": "2018-04-17", "Episodes watched": "26"}
    assert bebop.sections[1].text.startswith("Cowboy Bebop is mostly standalone episodes")


def test_a_feed_file_is_named_as_a_feed_and_a_folder_only_notes_it(tmp_path: Path) -> None:
    """A review blog's RSS saved beside the reviews is not an error in the folder."""
    from reader.loaders import Severity, load_paths

    feed = ROOT / "tests" / "data" / "real" / "web" / "npr-movies-rss.xml"
    alone = load_paths([str(feed)])
    assert [problem.message for problem in alone.problems] == [
        "is an RSS or Atom feed; add its posts with 'reader queue add'"
    ]
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "feed.xml").write_bytes(feed.read_bytes())
    (folder / "review.md").write_text("# A Film\n\nIt was good.\n\nRating: 4/5\n")
    together = load_paths([str(folder)])
    assert len(together.reviews) == 1
    assert [problem.severity for problem in together.problems] == [Severity.NOTE]


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


# --- datasets: CSV files of reviews shaped by no site -------------------------------------


def test_imdbs_50000_reviews_as_a_dataset_each_row_a_review() -> None:
    """Maas et al.'s IMDb reviews as the Kaggle CSV has them: 'review,sentiment', and in this
    copy ten empty columns more; the reviews' '<br /><br />' are paragraph breaks."""
    result = loaded("datasets/imdb-dataset.csv")
    assert result.problems == []
    found = documents("datasets/imdb-dataset.csv")
    assert [document.title for document in found] == [f"Review {n}" for n in range(1, 6)]
    assert [review.source.line for review in result.reviews] == [2, 3, 4, 5, 6]
    first = found[0].sections[0]
    assert first.text.startswith("One of the other reviewers has mentioned")
    assert first.text.count("\n\n") == 3  # four paragraphs
    assert "<br" not in first.text
    # The one row the dataset left unquoted is read like the rest.
    assert found[-1].sections[0].text.startswith("This a fantastic movie of three prisoners")
    # Its sentiment, from the score the reviewer gave, is the verdict.
    assert [document.rating.spoken if document.rating else "" for document in found] == [
        "Positive", "Positive", "Negative", "Negative", "Positive"
    ]  # fmt: skip


def test_rotten_tomatoes_critic_reviews_are_known_by_critic_and_publication() -> None:
    found = documents("datasets/rotten-tomatoes-critic-reviews.csv")
    assert len(found) == 15
    assert found[0].title == "Andrew L. Urban, Urban Cinefile"
    assert found[2].title == "FILMINK (Australia)"  # no critic named
    assert details(found[3]) == {
        "Reviewer": "Ben McEachen",
        "Publication": "Sunday Mail (Australia)",
        "Date": "2010-02-09",
    }
    # Written scores are ratings on their own scales, a letter grade in thirds from F to
    # A+; without a score, 'Fresh' or 'Rotten' is the verdict, said as written.
    assert [scores(document.rating) for document in found[3:9]] == [
        [("Rating", 3.5, 5.0)],
        [("Verdict", 0.0, 1.0)],
        [("Verdict", 0.0, 1.0)],
        [("Rating", 1.0, 4.0)],
        [("Rating", 3.5, 5.0)],
        [("Grade", 8.0, 12.0)],
    ]
    assert found[4].sections[-1].text == "Verdict: Rotten."
    assert found[8].sections[-1].text == "Grade: B."


@pytest.mark.parametrize(
    ("record", "title", "rating", "spoilers"),
    [
        # UCSD's Goodreads reviews, as their documentation shows a record (made up after it).
        ({"book_id": "24375664", "rating": 5, "review_text": "Mind blowingly cool."}, "", 5.0, 0),
        ({"Review Text": "Fits well.", "Title": "Nice", "Rating": "4"}, "Nice", 4.0, 0),
        ({"reviews.text": "Great read.", "reviews.rating": 3, "is_spoiler": True}, "", 3.0, 1),
        # A Kaggle Steam dataset's review_score is a thumbs up or down, not a score.
        ({"app_name": "Dota 2", "review_text": "Fun.", "review_score": 1}, "", None, 0),
    ],
)
def test_dataset_fields_are_known_by_their_names_in_any_spelling(
    record: dict[str, object], title: str, rating: float | None, spoilers: int
) -> None:
    review = review_of(record, Source("data.json"), 7)
    assert review is not None and review.body
    assert review.title == (title or "Review 7")
    assert (review.rating.value if review.rating else None) == rating
    assert review.contains_spoilers == bool(spoilers)


def test_a_dataset_row_without_review_text_is_counted_not_read(tmp_path: Path) -> None:
    path = tmp_path / "reviews.csv"
    path.write_text("review_text,rating\nGood.,4\n,3\n,5\n", encoding="utf-8")
    result = load_paths([str(path)])
    assert [review.body for review in result.reviews] == ["Good."]
    assert [(p.message, p.severity) for p in result.problems] == [
        ("2 rows have no review and were left out", Severity.NOTE)
    ]
