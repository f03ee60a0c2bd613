"""The quick ways of counting give what the slow ways give: `count_words` on ASCII text (by
str.count) and the stopword counts of language detection (by str.split), compared with the
regular expressions they stand in for; `count_sentences` and `paragraph_texts` with the
spans they do not make; on real reviews and on arbitrary text."""

from __future__ import annotations

import json
import re
from collections import Counter

from helpers import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text import language, words
from reader.text.sentences import (
    MAX_SENTENCE,
    count_sentences,
    paragraph_texts,
    split_paragraphs,
    split_sentences,
)
from reader.text.words import count_words

# The patterns the shortcuts must agree with: a word as words.py defines it (each CJK
# character one), and the runs of letters language.py counts.
WORD = words._WORD
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
