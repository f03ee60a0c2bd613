"""Ratings in every written form normalise to value and scale, and read as words."""

import pytest
from helpers import parse

from reader.model import Rating, SectionKind
from reader.parse.ratings import (
    closing_rating,
    overall_rating,
    parse_value,
    rating_lines,
    rating_sentences,
)


@pytest.mark.parametrize(
    ("text", "value", "scale"),
    [
        ("5/5", 5, 5), ("8/10", 8, 10), ("9.5/10", 9.5, 10), ("7,38/10", 7.38, 10),
        ("4.5 out of 5", 4.5, 5), ("4 out of 5 stars", 4, 5), ("3.5 stars", 3.5, 5),
        ("4 stars out of 5", 4, 5), ("4 étoiles sur 5", 4, 5), ("8 sobre 10", 8, 10),
        ("4 von 5 Sternen", 4, 5), ("3 stelle su 5", 3, 5), ("7 de 10 puntos", 7, 10),
        ("★★★½", 3.5, 5), ("★★★★★", 5, 5), ("★★☆☆☆", 2, 5), ("½", 0.5, 5), ("85%", 85, 100),
        ("8.5", 8.5, 10), ("4", 4, 5), ("9 de 10", 9, 10), ("7 sur 10", 7, 10),
        ("9 из 10", 9, 10), ("3 1/2 stars", 3.5, 5), ("3½ stars", 3.5, 5), ("3½/5", 3.5, 5),
        ("3 1/2 out of 5", 3.5, 5), ("7 1/2/10", 7.5, 10),
    ],
)  # fmt: skip
def test_value_forms(text: str, value: float, scale: float) -> None:
    assert parse_value(text) == Rating(value, scale)


@pytest.mark.parametrize("text", ["24/7", "1/2", "11/10", "six", "", "9/11", "-3/5", "5 1/2 stars"])
def test_not_ratings(text: str) -> None:
    assert parse_value(text) is None


@pytest.mark.parametrize(
    ("line", "label", "value", "scale"),
    [
        ("Overall Rating: 5/5", "Overall Rating", 5, 5),
        ("Rating: 4.5 out of 5", "Rating", 4.5, 5),
        ("Score - 8/10", "Score", 8, 10),
        ("My rating: ★★★½", "My rating", 3.5, 5),
        ("Rating 4 out of 5", "Rating", 4, 5),
        ("Overall 8.5", "Overall", 8.5, 10),
        ("Puntuación: 9/10", "Puntuación", 9, 10),
        ("Note : 7,5/10", "Note", 7.5, 10),
        ("Visual effects: 9/10", "Visual effects", 9, 10),
    ],
)
def test_labelled_lines(line: str, label: str, value: float, scale: float) -> None:
    assert rating_lines(line) == (Rating(value, scale, label),)


@pytest.mark.parametrize(
    "text",
    [
        "I give it 8/10.",
        "Episode 9",
        "The final score is 9/10",
        "Overall 8.5\nThe plot dragged.",
        "Chapter 3: 10",
    ],
)
def test_prose_is_never_a_rating(text: str) -> None:
    assert rating_lines(text) is None


def test_mydramalist_block_reads_bare_numbers_on_ten() -> None:
    lines = rating_lines("Overall 9.5\nStory 9.0\nActing/Cast 10\nMusic 4.5\nRewatch Value 8,5")
    assert lines is not None
    overall = overall_rating(lines)
    assert overall == Rating(
        9.5,
        10,
        "Overall",
        (
            Rating(9, 10, "Story"),
            Rating(10, 10, "Acting/Cast"),
            Rating(4.5, 10, "Music"),
            Rating(8.5, 10, "Rewatch Value"),
        ),
    )
    assert rating_sentences(lines).splitlines()[2] == "Acting, Cast: 10 out of 10."


def test_sub_scores_without_overall_have_no_overall() -> None:
    lines = rating_lines("Story: 9/10\nArt: 8/10")
    assert lines is not None
    assert overall_rating(lines) is None


@pytest.mark.parametrize(
    ("rating", "spoken"),
    [
        (Rating(5, 5), "5 out of 5"),
        (Rating(4.5, 5), "4.5 out of 5"),
        (Rating(7.38, 10), "7.38 out of 10"),
        (Rating(0.5, 5), "0.5 out of 5"),
        (Rating(8.0, 10), "8 out of 10"),
    ],
)
def test_spoken_form_never_says_slash(rating: Rating, spoken: str) -> None:
    assert rating.spoken == spoken


def test_rating_line_becomes_a_rating_section_read_in_words() -> None:
    document = parse("I loved it.\n\nOverall Rating: 5/5")
    assert document.rating == Rating(5, 5, "Overall Rating")
    rating = document.sections[-1]
    assert (rating.kind, rating.heading, rating.text) == (
        SectionKind.RATING,
        "Rating",
        "Overall Rating: 5 out of 5.",
    )
    assert "5/5" not in " ".join(section.text for section in document.sections)


@pytest.mark.parametrize(
    ("line", "label", "steps", "written"),
    [
        ("Grade: B+", "Grade", 9, "B+"),
        ("Grade: A", "Grade", 11, "A"),
        ("Rating: A-", "Rating", 10, "A-"),
        ("Final grade: C−", "Final grade", 4, "C-"),
        ("Verdict: F", "Verdict", 0, "F"),
        ("Grade: A+.", "Grade", 12, "A+"),
    ],
)
def test_letter_grades_are_ratings_said_as_written(
    line: str, label: str, steps: int, written: str
) -> None:
    assert rating_lines(line) == (Rating(steps, 12, label, verdict=written),)


@pytest.mark.parametrize(
    "text",
    ["Director: A", "Grade: E", "Grade: B plus a bit", "Plan B: A", "grade: b", "Grade: AB"],
)
def test_what_only_looks_like_a_grade_is_not_one(text: str) -> None:
    assert rating_lines(text) is None


def test_a_closing_grade_becomes_the_reviews_rating() -> None:
    """Critics close with a letter grade (The A.V. Club's 'Grade: B+'): it was left in the
    prose, and the review had no rating to skim by."""
    document = parse("Past Lives\n\nA quiet film that stays with you.\n\nGrade: B+")
    assert document.rating == Rating(9, 12, "Grade", verdict="B+")
    assert document.sections[-1].text == "Grade: B+."
    assert document.rating.spoken == "B+"  # which the English lexicon says 'B-plus'


def test_rating_in_review_language() -> None:
    body = "La película es una obra maestra y de las mejores que he visto en el cine.\n\nNota: 9/10"
    document = parse(body)
    assert document.language == "es"
    assert document.sections[-1].text == "Nota: 9 de 10."


def test_source_rating_adds_a_rating_section() -> None:
    document = parse("A fine film.", rating=Rating(4.5, 5))
    assert [s.kind for s in document.sections] == [SectionKind.REVIEW, SectionKind.RATING]
    assert document.sections[-1].text == "Rating: 4.5 out of 5."


def test_source_rating_wins_over_text() -> None:
    document = parse("A fine film.\n\nRating: 3/5", rating=Rating(4.5, 5))
    assert document.rating == Rating(4.5, 5)
    assert document.sections[-1].text == "Rating: 3 out of 5."


def test_prose_after_a_rating_line_is_review_again() -> None:
    document = parse("Rating: 4/5\n\nWhat a film this was.")
    assert [s.kind for s in document.sections] == [SectionKind.RATING, SectionKind.REVIEW]


@pytest.mark.parametrize(
    ("line", "rating"),
    [
        # English
        ("I give it 4.5 out of 5.", Rating(4.5, 5)), ("I'd give this book 4 stars!", Rating(4, 5)),
        ("So I give it 3.5/5 from me.", Rating(3.5, 5)), ("8/10 from me.", Rating(8, 10)),
        ("I rate it ★★★★½", Rating(4.5, 5)), ("Final score: 7/10", Rating(7, 10, "Final score")),
        ("My rating: 4/5 stars", Rating(4, 5, "My rating")),
        ("I give it a 9.", None), ("I give it my heart.", None),
        ("Great film, I give it 8/10.", None),
        ("10/10 WOULD BUY AGAIN", None), ("I give it 12/10.", None),
        # Spanish
        ("Le doy un 8/10.", Rating(8, 10)), ("Le doy un 8 sobre 10.", Rating(8, 10)),
        ("Le daría una nota de 9/10.", Rating(9, 10)),
        ("Mi nota: 4 de 5.", Rating(4, 5, "Mi nota")),
        ("Nota final: 9/10", Rating(9, 10, "Nota final")), ("7/10 de mi parte.", Rating(7, 10)),
        ("Le doy un 8.", None), ("Le doy la razón.", None),
        ("Gran película, le doy un 8/10.", None),
        # Portuguese
        ("Dou 4 estrelas em 5.", Rating(4, 5)), ("le doy un 8/10", Rating(8, 10)),
        ("Só dou 4 estrelas porque a entrega demorou.", None),
        ("Dou 4 de 5 estrelas.", Rating(4, 5)), ("Eu daria nota 8/10.", Rating(8, 10)),
        ("Dou-lhe um 9/10!", Rating(9, 10)), ("Minha nota: 3,5/5", Rating(3.5, 5, "Minha nota")),
        ("Dou risada até hoje.", None), ("Ótimo filme, dou 4 de 5.", None),
        # French
        ("Je lui donne 4 sur 5.", Rating(4, 5)), ("J'attribue 4 étoiles.", Rating(4, 5)),
        ("Ma note : 8/10", Rating(8, 10, "Ma note")),
        ("Note finale : 4/5", Rating(4, 5, "Note finale")),
        ("Bref, je lui donne 7/10.", Rating(7, 10)),
        ("Je lui donne raison.", None), ("Je donne un 8.", None),
        ("Un bon film, je donne 8/10.", None),
        # German
        ("Ich gebe 4 von 5 Sternen.", Rating(4, 5)), ("Ich gebe dem Film 8/10.", Rating(8, 10)),
        ("Von mir gibt es 9 von 10 Punkten.", Rating(9, 10)), ("4/5 von mir.", Rating(4, 5)),
        ("Meine Wertung: 8/10", Rating(8, 10, "Meine Wertung")),
        ("Ich gebe nicht auf.", None), ("Ich gebe ihm eine 2.", None),
        ("Toll, ich gebe 4/5.", None),
        # Italian
        ("Gli do 4 su 5.", Rating(4, 5)), ("Do un 7/10.", Rating(7, 10)),
        ("Voto: 8/10", Rating(8, 10, "Voto")), ("Le darei 3 stelle.", Rating(3, 5)),
        ("Gli do ragione.", None), ("Bel film, gli do 4 su 5.", None), ("Gli do 11/10.", None),
    ],
)  # fmt: skip
def test_closing_score_sentences(line: str, rating: Rating | None) -> None:
    assert closing_rating(line) == rating


# A short review in each language, closed by a score sentence, and its spoken score.
_SCORED_REVIEWS = (
    ("es", "La película es preciosa y los actores están magníficos. La historia me atrapó "
     "desde el primer minuto hasta el final.", "Le doy un 8/10.", "Puntuación: 8 de 10."),
    ("pt", "O filme é lindo e os atores estão excelentes. A história me prendeu do primeiro "
     "minuto até o final.", "Dou 4 de 5 estrelas.", "Nota: 4 de 5."),
    ("fr", "Le film est magnifique et les acteurs sont excellents. L'histoire m'a captivé de "
     "la première minute jusqu'à la fin.", "Je lui donne 4 sur 5.", "Note: 4 sur 5."),
    ("de", "Der Film ist wunderschön und die Schauspieler sind großartig. Die Geschichte hat "
     "mich von der ersten Minute bis zum Ende gefesselt.", "Ich gebe 4 von 5 Sternen.",
     "Bewertung: 4 von 5."),
    ("it", "Il film è bellissimo e gli attori sono bravissimi. La storia mi ha catturato dal "
     "primo minuto fino alla fine.", "Gli do 4 su 5.", "Voto: 4 su 5."),
)  # fmt: skip


@pytest.mark.parametrize(("language", "prose", "score", "spoken"), _SCORED_REVIEWS)
def test_closing_score_sentence_in_review_language(
    language: str, prose: str, score: str, spoken: str
) -> None:
    document = parse(f"{prose} {score}")
    assert document.language == language
    assert document.sections[-1].kind is SectionKind.RATING
    assert document.sections[-1].text == spoken
    assert score not in document.sections[0].text


@pytest.mark.parametrize(("language", "prose", "score", "spoken"), _SCORED_REVIEWS)
def test_score_sentence_inside_a_paragraph_stays_prose(
    language: str, prose: str, score: str, spoken: str
) -> None:
    document = parse(f"{score} {prose}")
    assert document.rating is None
    assert score in document.sections[0].text


def test_a_closing_score_is_found_after_any_run_of_marks() -> None:
    """Sentences are split to find a closing score only when a digit or star lies near the
    paragraph's end: marks after the score do not hide it."""
    document = parse("Long prose about the game. " * 20 + "Crazy addicting game. 10/10" + "!" * 300)
    assert document.rating == Rating(10, 10)
