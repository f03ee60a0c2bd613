"""Listing the review's sections and the open reviews, and opening review N by its
number: what 'go 3' and 'review 12' lead to, for plain mode and the voice alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ROOT, SAMPLES
from runner import Env, plain

from reader.loaders import load_paths
from reader.model import Document
from reader.plan.cues import Verbosity
from reader.reading.actions import Act, Command, parse_words
from reader.reading.controller import Hints, Reading
from reader.reading.library import Library
from reader.reading.listing import LISTED
from reader.reading.modes import Modes

PARASITE = SAMPLES / "parasite.md"


def reading_of(*paths: Path) -> Reading:
    library = Library()
    library.add(load_paths([str(path) for path in paths]))
    modes = Modes(skip_spoilers=True, announcements=True, pace=lambda: 175)
    reading = Reading(library, Hints(), modes)
    reading.open(0)
    return reading


def tiny_reviews(folder: Path, count: int) -> list[Path]:
    """`count` one-line reviews, titled 'Film N', one file each."""
    paths = []
    for number in range(1, count + 1):
        path = folder / f"{number:03d}.md"
        path.write_text(f"# Film {number}\n\nIt was fine.\n")
        paths.append(path)
    return paths


@pytest.mark.parametrize(
    ("typed", "command"),
    [
        ("sections", Command(Act.SECTIONS, None, "sections")),
        ("l", Command(Act.SECTIONS, None, "l")),
        ("review 12", Command(Act.REVIEW, 12, "review 12")),
        ("Open 12", Command(Act.REVIEW, 12, "Open 12")),
        ("go to review 3", Command(Act.REVIEW, 3, "go to review 3")),
        ("reviews", Command(Act.REVIEWS, None, "reviews")),
        ("reviews 51", Command(Act.REVIEWS, 51, "reviews 51")),
        ("list reviews 2", Command(Act.REVIEWS, 2, "list reviews 2")),
        ("go 3", Command(Act.SECTION, 3, "go 3")),
    ],
)
def test_the_words_for_lists_and_review_numbers(typed: str, command: Command) -> None:
    assert parse_words(typed) == command


def test_the_sections_are_listed_with_their_length_and_hidden_spoilers() -> None:
    reading = reading_of(PARASITE)
    lines = reading.act(Command(Act.SECTIONS)).lines
    document = reading.document
    assert document is not None
    assert lines[0] == f"{len(document.sections)} sections:"
    assert lines[1] == f"1. Details, {document.sections[0].words} words"
    assert "3. Review, 212 words, 1 spoiler hidden" in lines
    # Each number is the one 'go' takes there.
    reading.act(parse_words("go 3"))
    assert reading.place.position.section == 2
    reading.modes.verbosity = Verbosity.TERSE
    assert reading.act(Command(Act.SECTIONS)).lines[1:3] == ("1. Details", "2. Synopsis")


def test_the_reviews_are_listed_by_their_own_titles_and_the_one_read_is_marked() -> None:
    page = SAMPLES / "the-last-of-us-part-ii.html"
    reading = reading_of(PARASITE, SAMPLES / "1-litre-of-tears.txt", page)
    assert reading.act(Command(Act.REVIEWS)).lines == (
        "3 reviews:",
        "1. Parasite (2019) (reading)",
        "2. 1 Litre Of Tears",  # parsed for its title: the file is '1-litre-of-tears'
        # A saved page by the title it gives itself, found without extracting its content.
        "3. The Last of Us Part II Review: Grief Is a Loop",
    )
    reading.act(parse_words("review 3"))  # opened, parsed: the same title
    assert reading.act(Command(Act.REVIEWS)).lines[3] == (
        "3. The Last of Us Part II Review: Grief Is a Loop (reading)"
    )


def test_a_saved_pages_own_title_is_the_title_its_parse_gives() -> None:
    """On the real saved pages here and the sample, as on 108 of trafilatura's 109 test
    pages (the other names none, and is listed by its file name until opened)."""
    pages = sorted((ROOT / "tests" / "data" / "real").glob("*/*.html"))
    pages.append(SAMPLES / "the-last-of-us-part-ii.html")
    library = Library()
    library.add(load_paths([str(page) for page in pages]))
    library.find_titles(range(len(library)))
    listed = [library.title(index) for index in range(len(library))]
    parsed = [library.document(index) for index in range(len(library))]
    assert listed == [document.title for document in parsed if isinstance(document, Document)]


def test_a_long_list_comes_a_window_at_a_time(tmp_path: Path) -> None:
    reading = reading_of(*tiny_reviews(tmp_path, LISTED * 2 + 10))
    first = reading.act(Command(Act.REVIEWS)).lines
    assert first[0] == f"Reviews 1 to {LISTED} of {LISTED * 2 + 10}:"
    assert first[1] == "1. Film 1 (reading)"
    assert first[-1] == f"Type reviews {LISTED + 1} for more, or review N to open one"
    last = reading.act(parse_words(f"reviews {LISTED * 2 + 1}")).lines
    assert last[0] == f"Reviews {LISTED * 2 + 1} to {LISTED * 2 + 10} of {LISTED * 2 + 10}:"
    assert last[-1] == f"{LISTED * 2 + 10}. Film {LISTED * 2 + 10}"
    # Around the one being read, once it is far down the list.
    reading.act(parse_words("review 40"))
    around = reading.act(Command(Act.REVIEWS)).lines
    assert "40. Film 40 (reading)" in around
    first_shown = 40 - LISTED // 5
    assert around[0] == f"Reviews {first_shown} to {first_shown + LISTED - 1} of {LISTED * 2 + 10}:"
    # Near the end, the window ends with the list.
    total = LISTED * 2 + 10
    reading.act(parse_words(f"review {total - 5}"))
    near_end = reading.act(Command(Act.REVIEWS)).lines
    assert near_end[0] == f"Reviews {total - LISTED + 1} to {total} of {total}:"
    assert f"{total - 5}. Film {total - 5} (reading)" in near_end


def test_review_n_opens_it_and_a_wrong_number_says_how_many() -> None:
    reading = reading_of(PARASITE, SAMPLES / "1-litre-of-tears.txt")
    opened = reading.act(parse_words("review 2")).lines
    assert opened[0].startswith("Review 2 of 2, 1 Litre Of Tears")
    assert reading.index == 1
    assert reading.act(parse_words("review 2")).lines == ("Already reading review 2",)
    assert reading.act(parse_words("review 9")).lines == ("No review 9; 2 reviews open",)
    assert reading.act(Command(Act.REVIEW)).lines == ("Type review and a number, such as review 2",)


def test_plain_mode_lists_and_opens_by_number(env: Env) -> None:
    typed = "sections\nreviews\nreview 2\nquit\n"
    run = plain(env, str(PARASITE), str(SAMPLES / "1-litre-of-tears.txt"), typed=typed)
    assert run.code == 0
    text = "\n".join(run.lines)
    assert "8 sections:\n1. Details, " in text
    assert "2 reviews:\n1. Parasite (2019) (reading)\n2. 1 Litre Of Tears\n" in text
    assert "\nReview 2 of 2, 1 Litre Of Tears, rated 5 out of 5, 786 words" in text


def test_a_page_whose_title_cannot_be_read_is_listed_by_its_file_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A bug in reading a page's title (made here) must not take the list down with it."""
    import reader.parse.html

    def broken(html: str) -> str:
        raise ValueError("a bug")

    monkeypatch.setattr(reader.parse.html, "page_title", broken)
    reading = reading_of(PARASITE, SAMPLES / "the-last-of-us-part-ii.html")
    assert reading.act(Command(Act.REVIEWS)).lines[2] == "2. the-last-of-us-part-ii"
