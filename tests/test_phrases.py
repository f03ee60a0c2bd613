"""What reader says to confirm each action, on real documents."""

from __future__ import annotations

from helpers import SAMPLES, seed

from reader.loaders import load_paths
from reader.model import Document, Position
from reader.plan.navigation import where
from reader.plan.planner import PlanSettings
from reader.reading.library import Library
from reader.reading.phrases import (
    no_more_phrase,
    rate_phrase,
    rating_phrase,
    review_phrase,
    section_phrase,
    spoilers_phrase,
    where_phrase,
)
from reader.text.phrasing import as_sentence, before_comma


def parasite() -> Document:
    library = Library()
    library.add(load_paths([str(SAMPLES / "parasite.md")]))
    document = library.document(0)
    assert isinstance(document, Document)
    return document


def test_section_phrase_counts_words_and_hidden_spoilers() -> None:
    assert section_phrase(seed(), 2, skip_spoilers=True) == "Section 3 of 4, Review, 727 words"
    document = parasite()
    index = next(i for i, section in enumerate(document.sections) if section.spoilers)
    assert section_phrase(document, index, True).endswith(", 1 spoiler hidden")
    assert section_phrase(document, index, False).endswith(", 1 spoiler shown")


def test_rate_phrase_says_the_direction_or_the_limit() -> None:
    assert rate_phrase(175, 200) == "Faster, 200 words per minute"
    assert rate_phrase(200, 175) == "Slower, 175 words per minute"
    assert rate_phrase(900, 900) == "Fastest pace, 900 words per minute"
    assert rate_phrase(80, 80) == "Slowest pace, 80 words per minute"


def test_rating_phrase_speaks_scores_never_slashes() -> None:
    assert rating_phrase(seed()) == "Overall Rating: 5 out of 5."
    mydramalist = Library()
    mydramalist.add(load_paths([str(SAMPLES / "my-mister-mydramalist.txt")]))
    document = mydramalist.document(0)
    assert isinstance(document, Document)
    spoken = rating_phrase(document)
    assert "/" not in spoken and spoken.count("out of 10") >= 2


def test_a_review_without_a_rating_says_so() -> None:
    assert rating_phrase(Document("Untitled", seed().source, ())) == "This review has no rating"


def test_where_and_review_phrases() -> None:
    document = seed()
    place = where(document, Position(2, 0), PlanSettings())
    assert where_phrase(document, place) == (
        "1 Litre Of Tears. Section 3 of 4, Review, sentence 1 of 57, 7 percent"
    )
    assert review_phrase(document, 2, 11) == (
        "Review 2 of 11, 1 Litre Of Tears, rated 5 out of 5, 786 words"
    )


def test_a_title_that_ends_a_sentence_is_joined_without_a_doubled_stop() -> None:
    # A review title from the Amazon sample.
    library = Library()
    library.add(load_paths([str(SAMPLES / "amazon-book-reviews.jsonl")]))
    document = next(
        found
        for index in range(len(library))
        if isinstance(found := library.document(index), Document)
        and found.title == "Fast, yes. Good? Not really."
    )
    place = where(document, Position(0, 0), PlanSettings())
    assert where_phrase(document, place).startswith("Fast, yes. Good? Not really. Section 1 of ")
    assert review_phrase(document, 3, 9).startswith(
        "Review 3 of 9, Fast, yes. Good? Not really, rated 2 out of 5, "
    )


def test_as_sentence_and_before_comma() -> None:
    assert as_sentence("Parasite (2019)") == "Parasite (2019)."
    assert as_sentence("Why?") == as_sentence("Why?") == "Why?"
    assert as_sentence('He said "Stop!"') == 'He said "Stop!"'
    assert as_sentence("Wait…") == "Wait…"
    assert before_comma("Not really.") == "Not really"
    assert before_comma("And then...") == "And then..."
    assert before_comma("Good?") == "Good?"
    assert before_comma("Dr. No") == "Dr. No"


def test_short_phrases() -> None:
    assert no_more_phrase("section", forward=True) == "No next section"
    assert no_more_phrase("sentence", forward=False) == "No previous sentence"
    assert spoilers_phrase(True) == "Spoilers will be skipped"
    assert spoilers_phrase(False) == "Spoilers will be read"
