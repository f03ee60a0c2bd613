"""The quick ways of counting give what the slow ways give: `count_words` on ASCII text (by
str.count) and the stopword counts of language detection (by str.split), compared with the
regular expressions they stand in for; `count_sentences` and `paragraph_texts` with the
spans they do not make, and the stops `count_sentences` takes as sure with the rules; the
language a long text's opening tells with the whole text's; on real reviews, every section
of the sample reviews and arbitrary text."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from helpers import ROOT, SAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.model import Document
from reader.parse import document
from reader.reading.library import parse_or_problem
from reader.text import language, sentences, words
from reader.text.sentences import (
    MAX_SENTENCE,
    count_sentences,
    paragraph_texts,
    split_paragraphs,
    split_sentences,
)
from reader.text.words import count_words
from reader.web.sources import load_sources

# The patterns the shortcuts must agree with: a word as words.py defines it (each CJK
# character one), and the runs of letters language.py counts.
WORD = words._word()
LETTERS = re.compile(r"[^\W\d_]+")
# Letters, digits, joiners, the typographic marks turned to ASCII, and the characters
# whose lower case is unusual: 'İ' (two characters), 'ı', 'ſ', the Kelvin sign, 'Σ'.
TRICKY = "ab1 -'_.\n!’‘“”…—–é²日İıſKΣσ"
REAL = ROOT / "tests" / "data" / "real"


def _real_texts() -> list[str]:
    texts = [path.read_text("utf-8") for path in sorted((ROOT / "sample_reviews").glob("*.txt"))]
    for path in (REAL / "language" / "reviews.jsonl", REAL / "sentences" / "gold.jsonl"):
        texts += [json.loads(line)["text"] for line in path.read_text("utf-8").splitlines()]
    return texts


def _stopword_hits(text: str) -> dict[str, int]:
    """The count language detection makes, the plain way: every word, lower-cased."""
    counts = Counter(map(str.lower, LETTERS.findall(text)))
    return {code: sum(counts[w] for w in listed) for code, listed in language._STOPWORDS.items()}


def test_real_reviews_count_as_the_patterns_do() -> None:
    texts = _real_texts()
    assert any(text.isascii() for text in texts) and not all(text.isascii() for text in texts)
    for text in texts:
        assert count_words(text) == len(WORD.findall(text))
        assert language.stopword_hits(text) == _stopword_hits(text)
        assert count_sentences(text) == len(split_sentences(text))
        assert paragraph_texts(text) == _paragraph_texts(text)


def _paragraph_texts(text: str) -> list[str]:
    return [text[span.start : span.end] for span in split_paragraphs(text)]


def test_joiners_count_only_between_letters() -> None:
    assert count_words("can't K-drama -x y- a--b 'quoted' a-'b it’s") == 10


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=TRICKY, max_size=40))
def test_any_text_counts_as_the_patterns_do(text: str) -> None:
    assert count_words(text) == len(WORD.findall(text))
    assert language.stopword_hits(text) == _stopword_hits(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["the", "The", "DE", "de", "İT", "it", "ıt", "é", "È"]), max_size=30)
)
def test_stopwords_in_any_case_count_as_lower_cased(chosen: list[str]) -> None:
    for separator in (" ", "’", " … "):
        text = separator.join(chosen)
        assert language.stopword_hits(text) == _stopword_hits(text)


# Stops, abbreviations, paragraph breaks, and long runs without a stop that are cut.
sentence_parts = st.sampled_from(
    [
        "One",
        "two",
        "Dr.",
        " ",
        "  ",
        ". ",
        "! ",
        "? ",
        "... ",
        "\n\n",
        "\n",
        "1.",
        "19.",
        "im",
        "am",
        "der",
        "und",
        "Mai",
        "XIV.",
        "war",
        "“Hi.”",
        "x" * 40,
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(sentence_parts, max_size=60).map("".join))
def test_sentences_count_as_they_split(text: str) -> None:
    assert count_sentences(text) == len(split_sentences(text))
    assert paragraph_texts(text) == _paragraph_texts(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \n\t\r\x0b\xa0\u2028ab.", max_size=20))
def test_paragraphs_of_any_spacing_are_the_spans_texts(text: str) -> None:
    assert paragraph_texts(text) == _paragraph_texts(text)


def test_long_sentences_count_in_pieces() -> None:
    text = " ".join(["word"] * MAX_SENTENCE) + ". Short one."
    assert count_sentences(text) == len(split_sentences(text)) > 2


# Every rule's cases and the look-alikes of a sure stop: abbreviations and words ending as
# one does, initials, list numbers, runs of stops, closers, faces and emoji between a stop
# and the next word, 'X' (which may begin 'XD'), CJK stops, odd spaces, paragraph breaks,
# single newlines, and runs long enough to be cut.
tricky_parts = st.sampled_from(
    [
        *("film", "Film", "the", "The", "I", "J", "X", "it", "1995", "8", "12", "5"),
        *("Dr", "dr", "Mrs", "mrs", "prof", "approx", "vol", "vols", "eps", "No", "no"),
        *("hrs", "etc", "e.g", "z.B", "J.R", "U.S", "really", "why", "Why"),
        *(".", "!", "?", "…", "?!", "...", "..", "‽", ":", ";", ",", "—"),
        *(":)", ":-(", ";)", ":D", "xD", "XD", "😀", "\ufe0f"),
        *("”", "’", "»", ")", '"', "(", "“", "¿", "」"),
        *("。", "！", "？", "（？）", "(？)", "って", "、"),
        *(" ", " ", " ", "  ", "\t", "\n", "\n\n", "\n \n", "\u3000", "\xa0", "\r\n"),
        *("x" * 300, "y " * 150, "z, " * 100),
    ]
)


# Words with a stop and a space after them, so that each word meets each stop often.
tricky_words = st.tuples(tricky_parts, tricky_parts, tricky_parts).map("".join)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.one_of(tricky_parts, tricky_words), max_size=40).map("".join))
def test_tricky_sentences_count_as_they_split(text: str) -> None:
    assert count_sentences(text) == len(split_sentences(text))


def test_no_abbreviation_is_a_sure_stop() -> None:
    listed = sentences._ALWAYS | sentences._BEFORE_NUMBER | sentences._BEFORE_LOWER
    for word in listed:
        for before in ("", "x", "X", "5"):
            for after in ("The", "X", "5", "the", '"No'):
                text = f"Seen {before}{word}. {after} one. {word.upper()}! {after}"
                assert count_sentences(text) == len(split_sentences(text)), text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(tricky_parts, tricky_words), max_size=40).map("".join))
def test_sure_stops_are_stops_that_end_a_sentence(text: str) -> None:
    """The counting pattern matches what the stop pattern matches; where it calls a stop
    sure, the stop pattern finds the same next word and the split ends a sentence."""
    for paragraph in paragraph_texts(text):
        counting = list(sentences._COUNT.finditer(paragraph))
        splitting = list(sentences._STOP.finditer(paragraph))
        assert [match.span() for match in counting] == [match.span() for match in splitting]
        ends = {span.end for span in split_sentences(paragraph)}
        for sure, stop in zip(counting, splitting, strict=True):
            if sure.lastindex == sentences._SURE:
                assert stop.start("next") == sure.start("sure")
                assert sure.end() in ends


def test_the_common_stops_are_sure() -> None:
    text = (
        "A film. The end! Then 1995. We met Mrs. Moon. Dr. Who? 2 hrs. 1 vol. 2 "
        "J. R. Tolkien. XD and No. 5. Why?! Ok… Fine. ok. Nice... Go mrs. Moon"
    )
    sure = [
        text[: match.start()].rsplit(" ", 1)[-1] + match.group()
        for match in sentences._COUNT.finditer(text)
        if match.lastindex == sentences._SURE
    ]
    assert sure == ["film.", "end!", "1995.", "Moon.", "Who?", "hrs.", "Why?!", "Ok…"]
    assert count_sentences(text) == len(split_sentences(text))


def test_a_face_opening_a_paragraph_follows_a_space() -> None:
    """A face ends a sentence when a space comes before it, as one does before every
    paragraph but one at the very start of the text."""
    assert count_sentences("Nice.\n\n:) Hatte Spaß.") == 3
    assert count_sentences(" :) Hatte Spaß.") == 2
    assert count_sentences(":) Hatte Spaß.") == 1
    for text in ("Nice.\n\n:) Hatte Spaß.", " :) Hatte Spaß.", ":) Hatte Spaß."):
        assert count_sentences(text) == len(split_sentences(text))


def test_every_section_of_the_samples_counts_as_it_splits() -> None:
    loaded = load_sources(sorted(str(path) for path in SAMPLES.iterdir()), None)
    documents = [parse_or_problem(review) for review in loaded.reviews]
    texts = [s.text for d in documents if isinstance(d, Document) for s in d.sections]
    assert len(texts) > 50
    for text in texts:
        assert count_sentences(text) == len(split_sentences(text))


def _whole_text_language(text: str, hint: str = "") -> str:
    """Language detection without the opening shortcut: the whole sample counted."""
    sample = text[: language.SAMPLE]
    return language._decisive(language._stopword_hits(sample)) or language._identified(sample, hint)


def test_every_real_review_is_told_the_language_its_whole_text_tells(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every sample and real file (exports, pages, posts, datasets), parsed with the opening
    shortcut and again with the whole text counted: the same language for each review."""
    paths = [SAMPLES, *sorted(path for path in REAL.iterdir() if path.name != "sentences")]
    reviews = load_sources([str(path) for path in paths]).reviews
    quick = [parse_or_problem(review) for review in reviews]
    monkeypatch.setattr(document, "detect_language", _whole_text_language)
    whole = [parse_or_problem(review) for review in reviews]
    long = [d for d in quick if isinstance(d, Document) and d.words > language._OPENING // 5]
    assert len(long) > 40
    assert [getattr(d, "language", None) for d in quick] == [
        getattr(d, "language", None) for d in whole
    ]


def test_a_long_text_in_two_languages_is_in_that_of_its_opening() -> None:
    """Counted whole, a German review followed by a longer English one is English; its
    opening, sure of itself, says German, as a reader would (the real German review of
    tests/data/real/pages, then the seed review)."""
    page = parse_or_problem(
        load_sources([str(REAL / "pages" / "telemedicus-rezension.html")]).reviews[0]
    )
    assert isinstance(page, Document) and page.language == "de"
    german = next(section.text for section in page.sections if section.words > 150)
    english = (SAMPLES / "1-litre-of-tears.txt").read_text("utf-8")
    text = f"{german}\n\n{english}"
    assert _whole_text_language(text) == "en"
    assert language.detect_language(text) == "de"


@given(st.lists(st.integers(0, 30), min_size=6, max_size=6))
def test_a_decisive_count_is_as_sorting_every_language_says(counts: list[int]) -> None:
    """`_decisive` finds the best and second counts without sorting the languages: the
    same answer as taking the first two of them sorted."""
    hits = dict(zip(language.LANGUAGES, counts, strict=True))
    (best, code), (second, _) = sorted(((n, c) for c, n in hits.items()), reverse=True)[:2]
    sure = best >= language._DECISIVE_HITS and best >= language._DECISIVE_LEAD * second
    assert language._decisive(hits) == (code if sure else "")
