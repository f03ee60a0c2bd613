"""The skim pass: each review's verdict sentence, its JSON, its spoken lines, and `reader skim`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path

import pytest
from helpers import ROOT, SAMPLES, SPOILER_PHRASES, parse
from runner import Run, environment, reader

from reader.loaders import load_paths
from reader.model import Document, Markup, Rating, SectionKind
from reader.parse.document import parse_review
from reader.plan.verdict import (
    MAX_WORDS,
    SkimEntry,
    candidate_sentences,
    skim_entry,
    skim_json,
    skim_lines,
    verdict,
)
from reader.text.words import count_words

sys.path.insert(0, str(ROOT / "bench"))
import verdicts as bench  # the benchmark's labelled set and its scoring rule

REAL = ROOT / "tests" / "data" / "real"
STEAM = "tests/data/real/exports/steam/review_570.json"
SPOILERS = SAMPLES / "every-spoiler-syntax.md"
# Measured on the labelled set (bench/verdicts.py): reader 0.81, last sentence 0.47, first
# sentence 0.60. The floor sits 5 points below what reader scores.
ACCURACY_FLOOR = 0.76


def documents(*paths: Path) -> list[Document]:
    """Every review at `paths`, parsed as the command line does."""
    return [parse_review(review) for review in load_paths([str(path) for path in paths]).reviews]


@cache
def every_document() -> tuple[Document, ...]:
    """All real reviews and all samples: exports, posts, pages, and sample_reviews."""
    return tuple(documents(REAL / "exports", REAL / "posts", REAL / "pages", REAL / "web", SAMPLES))


def squeezed(text: str) -> str:
    return " ".join(text.split())


def own_text(document: Document) -> str:
    """The review's own words: every section but metadata, synopsis and rating."""
    kinds = (SectionKind.REVIEW, SectionKind.OTHER)
    return squeezed(" ".join(s.text for s in document.sections if s.kind in kinds))


def spoiler_texts(document: Document) -> list[str]:
    return [
        squeezed(section.text[span.start : span.end])
        for section in document.sections
        for span in section.spoilers
    ]


def test_every_verdict_is_a_short_sentence_of_the_review_itself() -> None:
    chosen = [(document, verdict(document)) for document in every_document()]
    assert sum(found is not None for _, found in chosen) > 60
    for document, found in chosen:
        if found is not None:
            assert found in own_text(document), document.title
            assert count_words(found) <= MAX_WORDS, found


def test_no_verdict_holds_spoiler_text() -> None:
    spoiled = [document for document in every_document() if document.contains_spoilers]
    assert len(spoiled) >= 8
    for document in spoiled:
        found = verdict(document)
        if found is None:
            continue
        for hidden in spoiler_texts(document):
            assert hidden not in found and found not in hidden, (document.title, found)


def test_the_spoiler_sample_gives_a_verdict_from_outside_its_fourteen_spoilers() -> None:
    (document,) = documents(SPOILERS)
    found = verdict(document)
    assert found is not None
    assert not any(phrase.lower() in found.lower() for phrase in SPOILER_PHRASES)
    for sentence in candidate_sentences(document):
        assert not any(phrase.lower() in sentence.lower() for phrase in SPOILER_PHRASES)


def test_the_best_sentence_is_passed_over_when_it_is_a_spoiler() -> None:
    body = (
        "The first act drags and the jokes are thin.\n\n"
        ">!Overall a masterpiece, I recommend it: the twist is that he was dead!<\n\n"
        "The score is lovely."
    )
    document = parse(body, Markup.MARKDOWN)
    assert document.sections[-1].spoilers
    assert verdict(document) == "The score is lovely."


def test_a_review_that_is_all_spoiler_has_no_verdict() -> None:
    steam = documents(ROOT / STEAM)
    assert [verdict(document) is None for document in steam] == [False, True, False]


def test_the_synopsis_never_gives_the_verdict() -> None:
    body = (
        "Synopsis: Overall the best, a masterpiece I recommend, worth every minute.\n\n"
        "The acting is fine.\n\nThe ending works."
    )
    document = parse(body)
    assert document.sections[0].kind is SectionKind.SYNOPSIS
    assert verdict(document) in {"The acting is fine.", "The ending works."}


def test_a_long_verdict_is_cut_at_a_clause_within_the_limit() -> None:
    long = (
        "Overall I recommend it, because the lead is wonderful in every scene she has, "
        "the script is sharp and often very funny, the music is used sparingly and well, "
        "and the last ten minutes tie every thread together without a single wasted shot."
    )
    found = verdict(parse(f"The plot follows two sisters.\n\n{long}"))
    assert found is not None and long.startswith(found)
    assert 6 <= count_words(found) <= MAX_WORDS
    assert found.endswith("well")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Slow in the best way. Three episodes in and already a favourite.", None),
        ("Pretty boring game. RNG is way too high and skills are limited.", "Pretty boring game."),
        ("What a ride? I loved it, a must-see.", "I loved it, a must-see."),
        ("“Quoted line from the film.” Divertida, fresca y con un lindo mensaje final.", None),
    ],
)
def test_short_reviews_give_their_most_judging_sentence(body: str, expected: str | None) -> None:
    found = verdict(parse(body))
    assert found in candidate_sentences(parse(body))
    if expected is not None:
        assert found == expected
    assert found is not None and not found.startswith("“")


def test_accuracy_on_the_labelled_real_reviews_beats_both_baselines() -> None:
    cases = bench.labelled()
    assert len(cases) >= 40
    scores = {name: bench.evaluate(method, cases) for name, method in bench.METHODS.items()}
    accuracy = {name: score.accuracy for name, score in scores.items()}
    assert accuracy["reader"] >= ACCURACY_FLOOR
    assert accuracy["reader"] > max(accuracy["last_sentence"], accuracy["first_sentence"])
    assert scores["reader"].spoiler_picks == 0


def test_every_label_is_a_sentence_reader_can_choose() -> None:
    for document, accepted, _ in bench.labelled():
        sentences = candidate_sentences(document)
        for sentence in accepted:
            assert sentence in sentences or any(s and sentence.startswith(s) for s in sentences)


def test_the_json_and_spoken_lines_of_an_entry() -> None:
    document = parse("Overall a gem. The plot follows a boy.", rating=Rating(4.5, 5.0))
    entry = skim_entry(document, "reviews.csv", 7)
    assert skim_json([entry]) == {
        "reviews": [
            {
                "title": document.title,
                "source": "reviews.csv",
                "line": 7,
                "rating": {
                    "value": 4.5,
                    "scale": 5.0,
                    "spoken": "4.5 out of 5",
                    "label": "Rating",
                    "parts": [],
                },
                "verdict": "Overall a gem.",
            }
        ]
    }
    assert skim_lines(entry) == (
        f"{document.title}, rated 4.5 out of 5.",
        "Verdict: Overall a gem.",
    )
    bare = SkimEntry("Kitchen", "x.csv", None, None, None)
    assert skim_lines(bare) == ("Kitchen.", "No verdict found.")
    # A title's own full stop is not doubled, nor left before the comma.
    ended = SkimEntry("Fast, yes. Good? Not really.", "x.csv", None, None, None, "2 out of 5")
    assert skim_lines(ended)[0] == "Fast, yes. Good? Not really, rated 2 out of 5."
    assert skim_lines(SkimEntry("Why?", "x.csv", None, None, None))[0] == "Why?"


@pytest.fixture(scope="module")
def cached(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Run]:
    """`reader ARGS` for runs shared by several tests."""
    return cache(partial(reader, environment(tmp_path_factory.mktemp("skim"))))


def test_skim_prints_a_block_per_review(cached: Callable[..., Run]) -> None:
    run = cached("skim", STEAM)
    assert run.code == 0, run.err
    assert run.lines == [
        "Steam review 1, rated Not recommended.",
        "Verdict: Stay away from things that lead you into your own darkness.",
        "",
        "Steam review 2, rated Not recommended.",
        "No verdict found.",
        "",
        "Steam review 3, rated Recommended.",
        "Verdict: the game that will give you the best time of ur life but also the worst",
    ]


def test_skim_json_has_the_outline_ratings_and_sources(cached: Callable[..., Run]) -> None:
    paths = (STEAM, "tests/data/real/exports/jikan/recent-manga-reviews-v4.json")
    skim = cached("skim", "--json", *paths)
    outline = cached("outline", "--json", *paths)
    assert skim.code == outline.code == 0
    assert list(skim.payload) == ["reviews"]
    reviews = skim.payload["reviews"]
    assert [list(review) for review in reviews] == [
        ["title", "source", "line", "rating", "verdict"]
    ] * 4
    for review, outlined in zip(reviews, outline.payload["reviews"], strict=True):
        assert [review[key] for key in ("title", "source", "line", "rating")] == [
            outlined[key] for key in ("title", "source", "line", "rating")
        ]
    assert reviews[1]["verdict"] is None
    assert reviews[3]["verdict"] == "good supporting charactersand overall fluff is very cute!!"


def test_skim_cleans_escape_sequences_from_review_text(tmp_path: Path) -> None:
    review = tmp_path / "sneaky.txt"
    review.write_text("Sneaky\x1b[31m title\n\nOverall a \x1b]0;owned\x07gem, I recommend it.\n")
    run = reader(environment(tmp_path), "skim", str(review))
    assert run.code == 0, run.err
    assert b"\x1b" not in run.raw and b"\x07" not in run.raw
    assert run.lines[1].startswith("Verdict: Overall a")


def test_a_bad_path_is_one_clear_line_and_a_failure(tmp_path: Path) -> None:
    missing = tmp_path / "gone.csv"
    run = reader(environment(tmp_path), "skim", str(missing))
    assert run.code != 0
    assert run.err.splitlines() == [f"reader: {missing}: no such file or folder"]
    assert run.out == ""
