"""Loaders through `load_paths` and `parse_review`: samples, exports, sniffing, folders, breaks."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import SupportsIndex

import pytest

from reader.loaders import LoadResult, Problem, Severity, load_paths
from reader.loaders.records import line_numbers
from reader.model import Document, Markup, Section, SectionKind
from reader.parse.document import parse_review

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_reviews"

META, SYN, REV, RAT, OTHER = (
    SectionKind.METADATA,
    SectionKind.SYNOPSIS,
    SectionKind.REVIEW,
    SectionKind.RATING,
    SectionKind.OTHER,
)
LETTERBOXD_HEADER = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n"


@dataclass(frozen=True)
class Sample:
    """A sample file as loaded, and its reviews parsed."""

    path: str
    result: LoadResult
    documents: tuple[Document, ...]


@cache
def sample(name: str) -> Sample:
    """Load and parse a file of sample_reviews/ once per test run."""
    path = str(SAMPLES / name)
    result = load_paths([path])
    return Sample(path, result, tuple(parse_review(review) for review in result.reviews))


def parsed(result: LoadResult) -> list[Document]:
    """Every loaded review, parsed."""
    return [parse_review(review) for review in result.reviews]


def kinds(document: Document) -> list[tuple[SectionKind, str]]:
    """Section kinds and headings, in order."""
    return [(section.kind, section.heading) for section in document.sections]


def spoiler_texts(section: Section) -> list[str]:
    """The text each spoiler span of a section covers."""
    return [section.text[span.start : span.end] for span in section.spoilers]


def section(document: Document, heading: str) -> Section:
    """The one section with this heading."""
    (found,) = [item for item in document.sections if item.heading == heading]
    return found


def where(problems: list[Problem]) -> list[tuple[int | None, Severity]]:
    """Problems as (line, severity), for comparing with a table."""
    return [(problem.line, problem.severity) for problem in problems]


def write(path: Path, text: str) -> Path:
    """Write UTF-8 text, creating folders; returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


# --- every sample file ------------------------------------------------------------------------

TITLES = [
    ("1-litre-of-tears.txt", ["1 Litre Of Tears"]),
    ("el-laberinto-del-fauno.txt", ["El laberinto del fauno (2006)"]),
    (
        "my-mister-mydramalist.txt",
        ["My Mister – A drama about ordinary people carrying heavy things"],
    ),
    ("parasite.md", ["Parasite (2019)"]),
    ("every-spoiler-syntax.md", ["Harbour Lights (2021)"]),
    ("the-last-of-us-part-ii.html", ["The Last of Us Part II Review: Grief Is a Loop"]),
    (
        "letterboxd-reviews.csv",
        [
            "Past Lives",
            "Spirited Away",
            "The Batman",
            "Everything Everywhere All at Once",
            "Gone Girl",
            "Cats",
        ],
    ),
    (
        "goodreads-library-export.csv",
        [
            "The Hunger Games (The Hunger Games, #1)",
            "The Remains of the Day",
            "Project Hail Mary",
            "Piranesi",
            "Kitchen",
        ],
    ),
    ("jikan-anime-reviews.json", ["Shigatsu wa Kimi no Uso", "Steins;Gate", "Sousou no Frieren"]),
    ("steam-reviews.json", ["Steam review 1", "Steam review 2", "Steam review 3"]),
    (
        "amazon-book-reviews.jsonl",
        [
            "Devastating and beautiful, not for the faint of heart",
            "Fast, yes. Good? Not really.",
            "Hard to believe it's a true story",
            "Beautiful marsh, so-so mystery",
        ],
    ),
]
SAMPLE_NAMES = [name for name, _ in TITLES]


def test_every_sample_file_is_covered() -> None:
    assert sorted(SAMPLE_NAMES) == sorted(path.name for path in SAMPLES.iterdir())


@pytest.mark.parametrize(("name", "titles"), TITLES)
def test_titles_and_number_of_reviews(name: str, titles: list[str]) -> None:
    assert [document.title for document in sample(name).documents] == titles


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("1-litre-of-tears.txt", [None]),
        ("parasite.md", [None]),
        ("the-last-of-us-part-ii.html", [None]),
        # Rows 1 and 3 hold multi-line quoted reviews: a row's line is where it starts.
        ("letterboxd-reviews.csv", [2, 8, 9, 14, 17, 18]),
        # Middlemarch (line 6) has no review.
        ("goodreads-library-export.csv", [2, 3, 4, 5, 7]),
        ("jikan-anime-reviews.json", [3, 36, 69]),
        ("steam-reviews.json", [12, 36, 60]),
        ("amazon-book-reviews.jsonl", [1, 2, 3, 4]),
    ],
)
def test_source_lines(name: str, lines: list[int | None]) -> None:
    loaded = sample(name)
    assert [document.source.line for document in loaded.documents] == lines
    assert {document.source.path for document in loaded.documents} == {loaded.path}


Score = tuple[float, float] | None


@pytest.mark.parametrize(
    ("name", "ratings"),
    [
        ("1-litre-of-tears.txt", [(5, 5)]),
        ("el-laberinto-del-fauno.txt", [(9, 10)]),
        ("my-mister-mydramalist.txt", [(9.5, 10)]),
        ("parasite.md", [(9.5, 10)]),
        ("every-spoiler-syntax.md", [(4.5, 5)]),
        ("the-last-of-us-part-ii.html", [(8, 10)]),
        ("letterboxd-reviews.csv", [(4.5, 5), (5, 5), (3, 5), None, (4, 5), (0.5, 5)]),
        ("goodreads-library-export.csv", [(4, 5), (5, 5), None, (4, 5), (3, 5)]),
        ("jikan-anime-reviews.json", [(7, 10), (10, 10), (9, 10)]),
        ("steam-reviews.json", [(1, 1), (1, 1), (0, 1)]),
        ("amazon-book-reviews.jsonl", [(5, 5), (2, 5), (4, 5), (3, 5)]),
    ],
)
def test_ratings(name: str, ratings: list[Score]) -> None:
    found: list[Score] = [
        None if doc.rating is None else (doc.rating.value, doc.rating.scale)
        for doc in sample(name).documents
    ]
    assert found == ratings


def test_mydramalist_sub_scores() -> None:
    (document,) = sample("my-mister-mydramalist.txt").documents
    assert document.rating is not None
    assert document.rating.label == "Overall"
    parts = [(part.label, part.value, part.scale) for part in document.rating.parts]
    assert parts == [
        ("Story", 9, 10),
        ("Acting/Cast", 10, 10),
        ("Music", 9, 10),
        ("Rewatch Value", 8.5, 10),
    ]


def test_spanish_review_is_rated_in_spanish() -> None:
    (document,) = sample("el-laberinto-del-fauno.txt").documents
    assert document.language == "es"
    assert document.rating is not None
    assert document.rating.spoken_in(document.language) == "9 de 10"


Facts = dict[str, str | tuple[str, ...]]


@pytest.mark.parametrize(
    ("name", "index", "facts"),
    [
        (
            "1-litre-of-tears.txt",
            0,
            {"Genre": ("Romance", "Family", "School Life", "Tragedy")},
        ),
        ("el-laberinto-del-fauno.txt", 0, {"Género": ("Fantasía", "Drama", "Bélico")}),
        ("my-mister-mydramalist.txt", 0, {}),
        (
            "parasite.md",
            0,
            {
                "Director": "Bong Joon-ho",
                "Genre": ("Thriller", "Drama", "Black Comedy"),
                "Year": "2019",
                "Cast": ("Song Kang-ho", "Choi Woo-shik", "Park So-dam"),
            },
        ),
        (
            "every-spoiler-syntax.md",
            0,
            {"Network": "tvN", "Episodes": "12", "Genre": ("Mystery", "Family", "Drama")},
        ),
        (
            "the-last-of-us-part-ii.html",
            0,
            {"Author": "Marisa Okafor", "Published": "2020-07-03"},
        ),
        (
            "letterboxd-reviews.csv",
            0,
            {"Year": "2023", "Watched": "2023-06-17", "Tags": ("a24", "cried in public")},
        ),
        (
            "letterboxd-reviews.csv",
            1,
            {
                "Year": "2001",
                "Watched": "2023-07-29",
                "Rewatch": "yes",
                "Tags": ("ghibli", "rewatch", "family"),
            },
        ),
        ("letterboxd-reviews.csv", 2, {"Year": "2022", "Watched": "2023-09-09"}),
        (
            "goodreads-library-export.csv",
            0,
            {
                "Author": "Suzanne Collins",
                "Published": "2008",
                "Publisher": "Scholastic Press",
                "Pages": "374",
                "Read": "2024/03/11",
            },
        ),
        (
            # The original publication year (1989), not this edition's (1993).
            "goodreads-library-export.csv",
            1,
            {
                "Author": "Kazuo Ishiguro",
                "Published": "1989",
                "Publisher": "Vintage",
                "Pages": "245",
                "Read": "2023/11/02",
            },
        ),
        (
            "goodreads-library-export.csv",
            2,
            {
                "Author": "Andy Weir",
                "Additional authors": "Ray Porter",
                "Published": "2021",
                "Publisher": "Ballantine Books",
                "Pages": "496",
                "Read": "2024/01/08",
            },
        ),
        (
            "jikan-anime-reviews.json",
            0,
            {"Reviewer": "nocturne_in_c", "Date": "2021-05-14", "Tags": ("Mixed Feelings",)},
        ),
        (
            "jikan-anime-reviews.json",
            2,
            {
                "Reviewer": "mimic_chest_enjoyer",
                "Date": "2023-11-26",
                "Episodes watched": "12",
                "Tags": ("Recommended", "Preliminary"),
            },
        ),
        (
            "steam-reviews.json",
            0,
            {
                "Playtime": "123.1 hours",
                "Playtime at review": "120.2 hours",
                "Posted": "2021-01-05",
                "Language": "english",
            },
        ),
        (
            "steam-reviews.json",
            2,
            {
                "Playtime": "30.4 hours",
                "Playtime at review": "30.1 hours",
                "Posted": "2021-07-12",
                "Language": "english",
            },
        ),
        (
            "amazon-book-reviews.jsonl",
            0,
            {"Product": "0307387895", "Reviewer": "Dana K. Whitfield", "Date": "2013-01-05"},
        ),
    ],
)
def test_metadata(name: str, index: int, facts: Facts) -> None:
    document = sample(name).documents[index]
    assert {item.label: item.value for item in document.metadata} == facts
    assert len(document.metadata) == len(facts)


@pytest.mark.parametrize(
    ("name", "flags"),
    [
        ("1-litre-of-tears.txt", [False]),
        ("el-laberinto-del-fauno.txt", [False]),
        ("my-mister-mydramalist.txt", [False]),
        ("parasite.md", [True]),
        ("every-spoiler-syntax.md", [True]),
        ("the-last-of-us-part-ii.html", [True]),
        # Gone Girl opens with "This review may contain spoilers."
        ("letterboxd-reviews.csv", [False, False, False, False, True, False]),
        # Hunger Games: Spoiler column; Remains of the Day: (view spoiler) markup.
        ("goodreads-library-export.csv", [True, True, False, False, False]),
        ("jikan-anime-reviews.json", [True, False, False]),
        ("steam-reviews.json", [True, False, False]),
        ("amazon-book-reviews.jsonl", [False, False, False, False]),
    ],
)
def test_contains_spoilers(name: str, flags: list[bool]) -> None:
    assert [document.contains_spoilers for document in sample(name).documents] == flags


@pytest.mark.parametrize(
    ("name", "index", "sections"),
    [
        (
            "1-litre-of-tears.txt",
            0,
            [(META, "Details"), (SYN, "Synopsis"), (REV, "Review"), (RAT, "Rating")],
        ),
        (
            "el-laberinto-del-fauno.txt",
            0,
            [(META, "Detalles"), (SYN, "Sinopsis"), (REV, "Reseña"), (RAT, "Puntuación")],
        ),
        ("my-mister-mydramalist.txt", 0, [(REV, "Review"), (RAT, "Rating")]),
        (
            "parasite.md",
            0,
            [
                (META, "Details"),
                (SYN, "Synopsis"),
                (REV, "Review"),
                (REV, "Performances"),
                (REV, "Music"),
                (OTHER, "Spoilers"),
                (REV, "Verdict"),
                (RAT, "Rating"),
            ],
        ),
        (
            "every-spoiler-syntax.md",
            0,
            [
                (META, "Details"),
                (REV, "Review"),
                (OTHER, "Spoilers"),
                (OTHER, "Episode scores"),
                (REV, "Verdict"),
                (RAT, "Rating"),
            ],
        ),
        (
            "the-last-of-us-part-ii.html",
            0,
            [(META, "Details"), (SYN, "Synopsis"), (REV, "Review"), (RAT, "Rating")],
        ),
        ("letterboxd-reviews.csv", 0, [(META, "Details"), (REV, "Review"), (RAT, "Rating")]),
        ("letterboxd-reviews.csv", 3, [(META, "Details"), (REV, "Review")]),
        ("goodreads-library-export.csv", 0, [(META, "Details"), (REV, "Review"), (RAT, "Rating")]),
        ("goodreads-library-export.csv", 2, [(META, "Details"), (REV, "Review")]),
        ("jikan-anime-reviews.json", 1, [(META, "Details"), (REV, "Review"), (RAT, "Rating")]),
        ("steam-reviews.json", 0, [(META, "Details"), (REV, "Review"), (RAT, "Rating")]),
        ("amazon-book-reviews.jsonl", 0, [(META, "Details"), (REV, "Review"), (RAT, "Rating")]),
    ],
)
def test_section_kinds_and_headings(
    name: str, index: int, sections: list[tuple[SectionKind, str]]
) -> None:
    assert kinds(sample(name).documents[index]) == sections


def test_markdown_subheadings_keep_their_level() -> None:
    (document,) = sample("parasite.md").documents
    levels = {item.heading: item.level for item in document.sections}
    assert (levels["Review"], levels["Performances"], levels["Music"]) == (2, 3, 3)


def test_seed_captions_and_tag_line_are_set_aside() -> None:
    (document,) = sample("1-litre-of-tears.txt").documents
    assert document.skipped == (
        "Haruto 1 Litre of Tears",
        "1 Litre of Tears classmates say goodbye",
        "Aya smiles birghtly in 1 Litre of Tears Jdorama",
        "Aya 1 Litre of Tears",
        "Aya 1 Litre of Tears JdoramaHaruto 1 litre of tears jdorama",
        "kdrama Quick review rating",
    )


def test_only_goodreads_reports_a_problem() -> None:
    for name in SAMPLE_NAMES:
        expected = 1 if name == "goodreads-library-export.csv" else 0
        assert len(sample(name).result.problems) == expected, name


# --- format details ---------------------------------------------------------------------------


def test_letterboxd_empty_rating_is_unrated() -> None:
    document = sample("letterboxd-reviews.csv").documents[3]
    assert document.title == "Everything Everywhere All at Once"
    assert document.rating is None
    assert RAT not in [item.kind for item in document.sections]


def test_letterboxd_html_is_cleaned() -> None:
    document = sample("letterboxd-reviews.csv").documents[0]
    review = section(document, "Review").text
    assert review.startswith("Two people meet again after 24 years and nothing happens, and")
    assert "love story & the camera" in review
    for markup in ("<i>", "<br", "&amp;", "<blockquote>"):
        assert markup not in review


def test_letterboxd_spoiler_warning_flags_whole_review() -> None:
    document = sample("letterboxd-reviews.csv").documents[4]
    review = section(document, "Review")
    assert "may contain spoilers" not in review.text
    assert [(span.start, span.end) for span in review.spoilers] == [(0, len(review.text))]


def test_goodreads_zero_rating_is_unrated() -> None:
    document = sample("goodreads-library-export.csv").documents[2]
    assert document.title == "Project Hail Mary"
    assert document.rating is None


def test_goodreads_book_without_review_is_left_out_with_a_note() -> None:
    loaded = sample("goodreads-library-export.csv")
    assert "Middlemarch" not in [document.title for document in loaded.documents]
    assert loaded.result.problems == [
        Problem(loaded.path, "1 book has no review and was left out", None, Severity.NOTE)
    ]
    assert not loaded.result.failed


def test_goodreads_spoiler_column_with_tags_marks_only_the_tagged_part() -> None:
    review = section(sample("goodreads-library-export.csv").documents[0], "Review")
    (hidden,) = spoiler_texts(review)
    assert hidden.startswith("Rue dies in Katniss's arms after being speared")
    assert hidden.endswith("and the Capitol blinks.")
    assert review.text.startswith("I first read this in 2010")
    assert "That last act still works beautifully" in review.text[review.spoilers[0].end :]
    assert "[spoiler]" not in review.text


def test_goodreads_view_spoiler_markup() -> None:
    review = section(sample("goodreads-library-export.csv").documents[1], "Review")
    (hidden,) = spoiler_texts(review)
    assert hidden.startswith("When Stevens finally meets Miss Kenton")
    assert hidden.endswith("to turn back the clock.")
    assert "view spoiler" not in review.text
    assert "hide spoiler" not in review.text


def test_goodreads_spoiler_column_without_tags_hides_the_whole_review(tmp_path: Path) -> None:
    export = write(
        tmp_path / "goodreads.csv",
        "Book Id,Title,Author,My Rating,My Review,Spoiler\n"
        '1,Book One,An Author,4,"The narrator was dead all along.<br/><br/>Loved it.",true\n',
    )
    (document,) = parsed(load_paths([str(export)]))
    assert document.contains_spoilers
    review = section(document, "Review")
    assert review.text == "The narrator was dead all along.\n\nLoved it."
    assert [(span.start, span.end) for span in review.spoilers] == [(0, len(review.text))]
    assert [item.spoilers for item in document.sections if item is not review] == [(), ()]


def test_jikan_spoiler_flag_hides_the_whole_review_section() -> None:
    document = sample("jikan-anime-reviews.json").documents[0]
    review = section(document, "Review")
    assert review.text.startswith("I put off watching Your Lie in April")
    assert [(span.start, span.end) for span in review.spoilers] == [(0, len(review.text))]
    assert review.spoilers[0].words == review.words
    # Facts and the score are not part of the reviewer's spoiler.
    assert section(document, "Details").spoilers == ()
    assert section(document, "Rating").spoilers == ()


def test_steam_bbcode_formatting_removed_and_spoiler_kept() -> None:
    review = section(sample("steam-reviews.json").documents[0], "Review")
    assert review.text.startswith(
        "Best roguelike I've ever played, and I don't even like roguelikes.\n\n"
    )
    assert "characters who actually react to what just happened" in review.text
    for tag in ("[b]", "[/b]", "[i]", "[/i]", "[spoiler]", "[/spoiler]"):
        assert tag not in review.text
    assert spoiler_texts(review) == [
        "Zagreus finally reaches the surface and finds Persephone, but he can't survive up"
        " there and dies in her garden at sunrise."
    ]


def test_amazon_summary_is_the_title_and_review_text_the_body() -> None:
    document = sample("amazon-book-reviews.jsonl").documents[1]
    assert document.title == "Fast, yes. Good? Not really."
    assert section(document, "Review").text.startswith("I know I'm in the minority here")


def test_letterboxd_rating_out_of_range_is_left_out_with_a_warning(tmp_path: Path) -> None:
    export = write(
        tmp_path / "reviews.csv",
        LETTERBOXD_HEADER
        + "2023-01-01,Film A,2023,https://boxd.it/a,4,,Fine.,,2023-01-01\n"
        + "2023-01-02,Film B,2023,https://boxd.it/b,6,,Also fine.,,2023-01-02\n",
    )
    result = load_paths([str(export)])
    assert [review.rating is None for review in result.reviews] == [False, True]
    assert where(result.problems) == [(3, Severity.WARNING)]
    assert "'6'" in result.problems[0].message


# --- format found by content ------------------------------------------------------------------

SNIFFED = [
    "the-last-of-us-part-ii.html",
    "jikan-anime-reviews.json",
    "steam-reviews.json",
    "amazon-book-reviews.jsonl",
    "letterboxd-reviews.csv",
    "goodreads-library-export.csv",
    "parasite.md",
    "every-spoiler-syntax.md",
    "1-litre-of-tears.txt",
    "el-laberinto-del-fauno.txt",
]
Shape = list[tuple[Markup, str, int | None, list[tuple[SectionKind, str]]]]


def shape(result: LoadResult) -> Shape:
    """What matters of a load for comparing formats: markup, title, line, sections."""
    return [
        (review.markup, document.title, review.source.line, kinds(document))
        for review, document in zip(result.reviews, parsed(result), strict=True)
    ]


@pytest.mark.parametrize("name", SNIFFED)
def test_format_found_by_content_without_extension(name: str, tmp_path: Path) -> None:
    bare = tmp_path / Path(name).stem
    bare.write_bytes((SAMPLES / name).read_bytes())
    result = load_paths([str(bare)])
    assert shape(result) == shape(sample(name).result)
    assert where(result.problems) == where(sample(name).result.problems)


@pytest.mark.parametrize("name", SNIFFED)
def test_format_found_by_content_on_stdin(name: str) -> None:
    result = load_paths(["-"], io.BytesIO((SAMPLES / name).read_bytes()))
    assert shape(result) == shape(sample(name).result)
    assert {review.source.path for review in result.reviews} == {"-"}


@pytest.mark.parametrize(
    ("text", "markup"),
    [
        ("# Heading\n\nSome *emphasis* here.\n", Markup.MARKDOWN),
        ("A title\n\nJust words, no markup at all.\n", Markup.TEXT),
        ("<!DOCTYPE html><html><body><p>Hello there.</p></body></html>", Markup.HTML_PAGE),
    ],
)
def test_small_inputs_on_stdin_pick_their_markup(text: str, markup: Markup) -> None:
    result = load_paths(["-"], io.BytesIO(text.encode()))
    assert [review.markup for review in result.reviews] == [markup]


def test_plain_text_starting_with_bbcode_on_stdin() -> None:
    text = "[spoiler]The butler did it[/spoiler] and I loved every minute.\n\nMore thoughts.\n"
    result = load_paths(["-"], io.BytesIO(text.encode()))
    assert result.problems == []
    (document,) = parsed(result)
    assert spoiler_texts(document.sections[0]) == ["The butler did it"]


def test_saved_page_with_leading_comment_and_long_head_is_html(tmp_path: Path) -> None:
    page = (SAMPLES / "the-last-of-us-part-ii.html").read_text(encoding="utf-8")
    page = page.replace("<!DOCTYPE html>\n", "<!-- saved from url=(0041)https://example.org/ -->\n")
    page = page.replace("</head>", "<style>" + ".a { color: red }\n" * 300 + "</style></head>")
    bare = write(tmp_path / "saved-page", page)
    assert shape(load_paths([str(bare)])) == shape(sample("the-last-of-us-part-ii.html").result)


# --- folders and several paths ----------------------------------------------------------------


def test_folder_loads_supported_files_sorted_skipping_hidden_and_unsupported(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "reviews"
    names = ["b.txt", "a.md", "sub/c.txt", ".hidden.txt", ".git/d.md", "notes.pdf", "README"]
    for name in names:
        write(folder / name, f"Review of {name}\n\nA fine film, worth seeing twice.\n")
    result = load_paths([str(folder)])
    expected = [folder / "a.md", folder / "b.txt", folder / "sub" / "c.txt"]
    assert [review.source.path for review in result.reviews] == [str(path) for path in expected]
    assert result.problems == []


def test_sample_folder_loads_every_file_in_sorted_order() -> None:
    result = load_paths([str(SAMPLES)])
    paths = list(dict.fromkeys(review.source.path for review in result.reviews))
    assert paths == [str(SAMPLES / name) for name in sorted(SAMPLE_NAMES)]
    assert len(result.reviews) == sum(len(titles) for _, titles in TITLES)
    assert where(result.problems) == [(None, Severity.NOTE)]


def test_several_paths_keep_their_order() -> None:
    names = ["steam-reviews.json", "1-litre-of-tears.txt", "letterboxd-reviews.csv"]
    result = load_paths([str(SAMPLES / name) for name in names])
    first, second, third = (str(SAMPLES / name) for name in names)
    sources = [review.source.path for review in result.reviews]
    assert sources == [first] * 3 + [second] + [third] * 6


# --- partly broken exports --------------------------------------------------------------------

RAGGED_LETTERBOXD = LETTERBOXD_HEADER + (
    '2023-01-01,Film A,2023,https://boxd.it/a,4,,"Line one.\nLine two.\nLine three.",,2023-01-01\n'
    "2023-01-02,Film B,2023,https://boxd.it/b,3\n"
    '2023-01-03,Film C,2023,https://boxd.it/c,5,,"C review.\nSecond line.",x,2023-01-03,extra\n'
    "\n"
    '2023-01-04,Film D,2023,https://boxd.it/d,2.5,,"D is fine.",,2023-01-04\n'
    '2023-01-05,Film E,2023,https://boxd.it/e,4,,"Never closed.\nMore text.\n'
)
RAGGED_GOODREADS = (
    "Book Id,Title,Author,My Rating,My Review,Spoiler\n"
    '1,Book One,An Author,4,"Good\nbook.",\n'
    "2,Book Two\n"
    '3,"Book\nThree",An Author,5,"Also good.",\n'
    '4,Book Four,An Author,3,"Fine, fine.",,extra\n'
)


@pytest.mark.parametrize(
    ("text", "reviews", "bad_rows"),
    [
        pytest.param(
            RAGGED_LETTERBOXD,
            [("Film A", 2), ("Film D", 9)],
            [(5, "5 fields, expected 9"), (6, "10 fields, expected 9"), (10, "7 fields")],
            id="letterboxd",
        ),
        pytest.param(
            RAGGED_LETTERBOXD.replace("\n", "\r\n"),
            [("Film A", 2), ("Film D", 9)],
            [(5, "5 fields, expected 9"), (6, "10 fields, expected 9"), (10, "7 fields")],
            id="letterboxd-crlf",
        ),
        pytest.param(
            RAGGED_GOODREADS,
            [("Book One", 2), ("Book Three", 5)],
            [(4, "2 fields, expected 6"), (7, "7 fields, expected 6")],
            id="goodreads",
        ),
    ],
)
def test_csv_ragged_rows_are_reported_by_the_line_they_start_on(
    tmp_path: Path, text: str, reviews: list[tuple[str, int]], bad_rows: list[tuple[int, str]]
) -> None:
    export = tmp_path / "export.csv"
    export.write_bytes(text.encode())
    result = load_paths([str(export)])
    documents = parsed(result)
    assert [(doc.title, doc.source.line) for doc in documents] == reviews
    assert where(result.problems) == [(line, Severity.WARNING) for line, _ in bad_rows]
    for problem, (_, fragment) in zip(result.problems, bad_rows, strict=True):
        assert problem.path == str(export)
        assert fragment in problem.message
    assert not result.failed


def record(number: int) -> str:
    """One Amazon-style JSON record on one line."""
    return json.dumps(
        {
            "reviewText": f"Review number {number} is a fine review of a fine book.",
            "summary": f"Book {number}",
            "overall": 4,
            "asin": f"A{number}",
        }
    )


@pytest.mark.parametrize(
    ("lines", "reviews", "broken"),
    [
        pytest.param(
            [record(1), '{"reviewText": "cut off', record(3)],
            [("Book 1", 1), ("Book 3", 3)],
            [2],
            id="truncated-line",
        ),
        pytest.param(
            [record(1), "", record(3), '{"reviewText": }', record(5)],
            [("Book 1", 1), ("Book 3", 3), ("Book 5", 5)],
            [4],
            id="blank-and-invalid-lines",
        ),
        pytest.param(
            [record(1), "this line is not JSON", record(3)],
            [("Book 1", 1), ("Book 3", 3)],
            [2],
            id="garbage-line",
        ),
    ],
)
def test_jsonl_broken_lines_are_skipped(
    tmp_path: Path, lines: list[str], reviews: list[tuple[str, int]], broken: list[int]
) -> None:
    path = write(tmp_path / "reviews.jsonl", "\n".join(lines) + "\n")
    result = load_paths([str(path)])
    assert [(doc.title, doc.source.line) for doc in parsed(result)] == reviews
    assert where(result.problems) == [(line, Severity.WARNING) for line in broken]


def test_jsonl_with_one_record_has_line_one(tmp_path: Path) -> None:
    path = write(tmp_path / "one.jsonl", record(1) + "\n")
    assert [review.source.line for review in load_paths([str(path)]).reviews] == [1]


def test_json_array_truncated_mid_record_keeps_earlier_records(tmp_path: Path) -> None:
    text = "[\n" + ",\n".join(record(number) for number in (1, 2, 3)) + "\n]\n"
    cut = text[: text.index("Review number 3") + 10]
    path = write(tmp_path / "reviews.json", cut)
    result = load_paths([str(path)])
    kept = [(doc.title, doc.source.line) for doc in parsed(result)]
    assert kept == [("Book 1", 2), ("Book 2", 3)]
    (problem,) = result.problems
    assert (problem.path, problem.line, problem.severity) == (str(path), 4, Severity.WARNING)
    assert "2 records" in problem.message
    assert not result.failed


def test_jikan_export_truncated_mid_record_keeps_earlier_records(tmp_path: Path) -> None:
    text = (SAMPLES / "jikan-anime-reviews.json").read_text(encoding="utf-8")
    cut = text[: text.index("Frieren starts where most fantasy stories end")]
    path = write(tmp_path / "jikan.json", cut)
    result = load_paths([str(path)])
    titles = [(doc.title, doc.source.line) for doc in parsed(result)]
    assert titles == [("Shigatsu wa Kimi no Uso", 3), ("Steins;Gate", 36)]
    (problem,) = result.problems
    review_line = cut.count("\n", 0, cut.index('"review": "Preliminary review')) + 1
    assert (problem.line, problem.severity) == (review_line, Severity.WARNING)


def test_json_truncated_before_any_record_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "reviews.json", '[\n{"reviewText": "cut')
    result = load_paths([str(path)])
    assert result.reviews == []
    assert where(result.problems) == [(2, Severity.ERROR)]
    assert result.failed


def test_csv_of_another_kind_is_one_error_naming_its_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "scores.csv", "id,name,comment\n1,Alien,great\n2,Heat,long\n")
    result = load_paths([str(path)])
    assert result.reviews == []
    (problem,) = result.problems
    assert (problem.path, problem.severity) == (str(path), Severity.ERROR)
    assert "not a Letterboxd, Goodreads or StoryGraph export, nor a dataset" in problem.message
    for column in ("id", "name", "comment"):
        assert column in problem.message
    assert result.failed


# --- records: empty reviews, Steam verdicts, Jikan scores, big arrays -------------------------


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"review": None, "title": "Alien"}, "record's review is empty; skipped"),
        ({"review": "   ", "score": 8}, "record's review is empty; skipped"),
        ({"reviewText": None, "asin": "B1"}, "record's review is empty; skipped"),
        ({"review": None, "mal_id": 1, "score": 7}, "record's review is empty; skipped"),
        ({"title": "Alien", "score": 8}, "record has no review text (expected a key such as"),
    ],
)
def test_null_or_blank_review_is_an_empty_review_not_a_missing_key(
    tmp_path: Path, record: dict[str, object], message: str
) -> None:
    path = write(tmp_path / "reviews.json", json.dumps([record, {"review": "Kept."}]))
    result = load_paths([str(path)])
    assert [review.body for review in result.reviews] == ["Kept."]
    (problem,) = result.problems
    assert (problem.line, problem.severity) == (1, Severity.WARNING)
    assert problem.message.startswith(message)


@pytest.mark.parametrize(
    ("record", "spoken", "value", "facts"),
    [
        (
            {"review": "Fun.", "voted_up": True, "author": {"playtime_at_review": 90}},
            "Recommended",
            1.0,
            {"Playtime at review": "1.5 hours"},
        ),
        (
            {"review": "Dull.", "voted_up": False, "author": {"playtime_forever": 60}},
            "Not recommended",
            0.0,
            {"Playtime": "1 hour"},
        ),
        (
            {
                "review": "Great co-op.",
                "recommendation": "Recommended",
                "hour_played": 42,
                "title": "Portal 2",
                "date_posted": "2019-02-10",
            },
            "Recommended",
            1.0,
            {"Playtime": "42 hours", "Posted": "2019-02-10"},
        ),
        (
            {"review": "Broken.", "recommendation": "Not Recommended", "hour_played": 2.5},
            "Not recommended",
            0.0,
            {"Playtime": "2.5 hours"},
        ),
    ],
)
def test_steam_verdict_is_the_rating_and_playtime_a_detail(
    tmp_path: Path, record: dict[str, object], spoken: str, value: float, facts: dict[str, str]
) -> None:
    (document,) = parsed(load_paths([str(write(tmp_path / "steam.json", json.dumps([record])))]))
    assert document.rating is not None
    assert document.rating.spoken == spoken
    # In a Spanish review the verdict is said as Steam says it in Spanish.
    assert (
        document.rating.spoken_in("es")
        == {
            "Recommended": "Recomendado",
            "Not recommended": "No recomendado",
        }[spoken]
    )
    assert (document.rating.value, document.rating.scale, document.rating.label) == (
        value,
        1.0,
        "Verdict",
    )
    assert {item.label: item.value for item in document.metadata} == facts
    assert section(document, "Rating").text == f"Verdict: {spoken}."


def test_steam_record_with_an_unknown_verdict_is_unrated(tmp_path: Path) -> None:
    record = {"review": "Hmm.", "recommendation": "Maybe"}
    (document,) = parsed(load_paths([str(write(tmp_path / "s.json", json.dumps(record)))]))
    assert document.rating is None


@pytest.mark.parametrize(
    ("record", "scores"),
    [
        pytest.param(
            {"review": "Good.", "mal_id": 1, "scores": {"overall": 8, "story": 7, "art": 0}},
            [("Overall", 8.0), ("Story", 7.0)],
            id="v4-scores-unscored-part-left-out",
        ),
        pytest.param(
            {"review": "Good.", "mal_id": 1, "score": 6, "scores": {"story": 9}},
            [("Overall", 6.0), ("Story", 9.0)],
            id="v4-score-with-scores",
        ),
        pytest.param(
            {"review": "Good.", "mal_id": 1, "scores": {"story": 9}},
            [],
            id="no-overall-no-rating",
        ),
        pytest.param(
            {"content": "Good.", "reviewer": {"scores": {"overall": 10, "sound": 9}}},
            [("Overall", 10.0), ("Sound", 9.0)],
            id="v3-reviewer-scores",
        ),
    ],
)
def test_jikan_scores_are_the_overall_rating_and_its_parts(
    tmp_path: Path, record: dict[str, object], scores: list[tuple[str, float]]
) -> None:
    path = write(tmp_path / "jikan.json", json.dumps({"data": [record]}))
    (document,) = parsed(load_paths([str(path)]))
    rating = document.rating
    found = [] if rating is None else [(part.label, part.value) for part in (rating, *rating.parts)]
    assert found == scores
    assert all(part.scale == 10 for part in ((rating, *rating.parts) if rating else ()))


def test_steamreviews_records_keyed_by_id_keep_their_lines(tmp_path: Path) -> None:
    records = {
        str(number): {"recommendationid": str(number), "review": f"R{number}.", "voted_up": True}
        for number in (11, 12, 13)
    }
    text = json.dumps({"reviews": records, "query_summary": {"num_reviews": 3}}, indent=1)
    result = load_paths([str(write(tmp_path / "review_1.json", text))])
    assert [review.body for review in result.reviews] == ["R11.", "R12.", "R13."]
    lines = text.splitlines()
    starts = [lines[(review.source.line or 0) - 1].strip() for review in result.reviews]
    assert starts == ['"11": {', '"12": {', '"13": {']


class CountingText(str):
    """Text that counts how many characters `count` has scanned."""

    scanned = 0

    def count(
        self, sub: str, start: SupportsIndex | None = None, end: SupportsIndex | None = None
    ) -> int:
        self.scanned += (len(self) if end is None else int(end)) - (
            0 if start is None else int(start)
        )
        return super().count(sub, start, end)


def test_large_json_array_gets_right_lines_scanning_the_text_once(tmp_path: Path) -> None:
    count = 2500
    text = "[\n" + ",\n".join(record(number) for number in range(1, count + 1)) + "\n]\n"
    result = load_paths([str(write(tmp_path / "big.json", text))])
    assert [review.source.line for review in result.reviews] == list(range(2, count + 2))
    starts = [index for index, char in enumerate(text) if char == "{"]
    counted = CountingText(text)
    assert list(line_numbers(counted, starts)) == list(range(2, count + 2))
    # Counting from the start for each record would scan about count² / 2 lines' worth.
    assert counted.scanned <= len(text)


def test_export_folder_skips_empty_files_in_its_note(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    write(folder / "reviews.csv", LETTERBOXD_HEADER + "2023-01-01,Film,2023,u,4,,Fine.,,\n")
    write(folder / "blank.csv", "")
    (folder / "zeroed.csv").write_bytes(bytes(64))
    result = load_paths([str(folder)])
    assert [review.title for review in result.reviews] == ["Film"]
    (note,) = result.problems
    assert (note.path, note.severity) == (str(folder), Severity.NOTE)
    assert note.message == "2 files hold no reviews and were skipped (empty file)"
    zeroed = load_paths([str(folder / "zeroed.csv")]).problems
    assert [(problem.message, problem.severity) for problem in zeroed] == [
        ("is empty", Severity.ERROR)
    ]


def test_deleted_reviews_in_a_folder_are_left_out_but_broken_files_still_reported(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "export"
    write(folder / "reviews.csv", LETTERBOXD_HEADER + "2023-01-01,Live,2023,u,4,,Fine.,,\n")
    write(
        folder / "deleted" / "reviews.csv", LETTERBOXD_HEADER + "2023-01-01,Gone,2023,u,,,Bye.,,\n"
    )
    write(folder / "notes.csv", "id,comment\n1,hello\n")
    result = load_paths([str(folder)])
    assert [review.title for review in result.reviews] == ["Live"]
    error, note = result.problems
    assert (error.path, error.severity) == (str(folder / "notes.csv"), Severity.ERROR)
    assert note.message == "1 deleted review was left out (open deleted/ to read them)"
