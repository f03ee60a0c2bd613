"""A review's JSON text, written straight from its document, is exactly what `json.dumps`
gives for the documented shape (built here independently, key by key) nested in the
`reviews` list, with C1 controls and DEL escaped; and the README shows the same keys."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from helpers import ROOT, SAMPLES, SEED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli.report import problem_json
from reader.cli.review_json import review_json
from reader.loaders import Problem
from reader.model import (
    Document,
    MetadataField,
    Rating,
    Section,
    SectionKind,
    Source,
    SpoilerSpan,
)
from reader.plan.skipping import spoken_section
from reader.reading.library import parse_or_problem
from reader.text.sentences import count_sentences
from reader.web.sources import load_sources

Json = dict[str, Any]
MODES = [None, True, False]  # outline, text skipping spoilers, text reading them


def expected_dict(document: Document, skip_spoilers: bool | None) -> Json:
    """The documented shape, as plain values."""
    sections = document.sections
    if skip_spoilers is not None:
        sections = tuple(spoken_section(s, skip_spoilers, document.language) for s in sections)
    return {
        "title": document.title,
        "source": document.source.path,
        "line": document.source.line,
        "metadata": {
            item.label: item.value if isinstance(item.value, str) else list(item.value)
            for item in document.metadata
        },
        "language": document.language,
        "rating": expected_rating(document.rating, document.language),
        "contains_spoilers": document.contains_spoilers,
        "sections": [expected_section(section, skip_spoilers) for section in sections],
        "not_read": list(document.skipped),
    }


def expected_rating(rating: Rating | None, language: str) -> Json | None:
    if rating is None:
        return None
    return {
        "value": rating.value,
        "scale": rating.scale,
        "spoken": rating.spoken_in(language),
        "label": rating.label,
        "parts": [expected_rating(part, language) for part in rating.parts],
    }


def expected_section(section: Section, skip_spoilers: bool | None) -> Json:
    return {
        "kind": section.kind.value,
        "heading": section.heading,
        "level": section.level,
        "words": section.words,
        "sentences": count_sentences(section.text),
        "spoilers": [
            {
                "start": span.start,
                "end": span.end,
                "words": span.words,
                "label": span.label,
                "skipped": bool(skip_spoilers),
            }
            for span in section.spoilers
        ],
        "text": section.text,
    }


def expected_text(document: Document, skip_spoilers: bool | None) -> str:
    """`json.dumps` of the shape, as it sits in `{"reviews": [...]}`, C1 and DEL escaped."""
    text = json.dumps(expected_dict(document, skip_spoilers), ensure_ascii=False, indent=2)
    nested = text.replace("\n", "\n    ")
    return re.sub("[\x7f-\x9f]", lambda match: f"\\u{ord(match[0]):04x}", nested)


def loaded(*paths: str) -> list[Document]:
    """The documents the command line reads from `paths`."""
    result = load_sources(paths, None)
    parsed = [parse_or_problem(review) for review in result.reviews]
    return [document for document in parsed if isinstance(document, Document)]


SAMPLE_DOCUMENTS = loaded(*sorted(map(str, SAMPLES.iterdir())))
REAL_DOCUMENTS = loaded(str(ROOT / "tests" / "data" / "real"))


@pytest.mark.parametrize("skip_spoilers", MODES)
def test_sample_reviews_are_written_as_json_dumps_would(skip_spoilers: bool | None) -> None:
    assert len(SAMPLE_DOCUMENTS) >= 20
    for document in SAMPLE_DOCUMENTS:
        assert review_json(document, skip_spoilers) == expected_text(document, skip_spoilers)


@pytest.mark.parametrize("skip_spoilers", MODES)
def test_real_reviews_are_written_as_json_dumps_would(skip_spoilers: bool | None) -> None:
    assert len(REAL_DOCUMENTS) >= 40
    assert any(section.spoilers for document in REAL_DOCUMENTS for section in document.sections)
    for document in REAL_DOCUMENTS:
        assert review_json(document, skip_spoilers) == expected_text(document, skip_spoilers)


# Characters JSON must escape, those the terminal escaping must catch, and ones that must
# pass through unchanged (emoji, a line separator, lone surrogates a str can hold).
AWKWARD = '\x00\x1b\x1f\n\t"\\/\x7f\x80\x85\x9b\x9f\xa0é€😀\u2028\ud800\udfff'
awkward_text = st.text(st.one_of(st.sampled_from(AWKWARD), st.characters()), max_size=40)
numbers = st.one_of(st.integers(0, 100), st.floats(0, 100, allow_nan=False))


@st.composite
def sections(draw: st.DrawFn) -> Section:
    """A section whose spoilers are in order, apart, and inside its text."""
    text = draw(awkward_text)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6, unique=True)))
    spans = tuple(
        SpoilerSpan(start, end, draw(st.integers(1, 50)), draw(st.none() | awkward_text))
        for start, end in zip(cuts[::2], cuts[1::2], strict=False)
        if start < end
    )
    kind = draw(st.sampled_from(list(SectionKind)))
    return Section(kind, draw(awkward_text), draw(st.integers(1, 6)), text, spans)


ratings = st.builds(
    Rating,
    numbers,
    numbers,
    awkward_text,
    st.lists(st.builds(Rating, numbers, numbers, awkward_text), max_size=2).map(tuple),
    st.sampled_from(["", "recommended"]),
)
metadata = st.lists(
    st.builds(
        MetadataField,
        st.sampled_from(["Genre", "Cast", "\x85"]) | awkward_text,  # repeated labels too
        awkward_text | st.lists(awkward_text, max_size=3).map(tuple),
    ),
    max_size=4,
).map(tuple)
documents = st.builds(
    Document,
    awkward_text,
    st.builds(Source, awkward_text, st.none() | st.integers(1, 10**6)),
    st.lists(sections(), max_size=3).map(tuple),
    metadata,
    st.none() | ratings,
    st.booleans(),
    st.sampled_from(["en", "es", "fr", "de", "it", "pt"]),
    st.lists(awkward_text, max_size=3).map(tuple),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.sampled_from(MODES))
def test_any_document_is_written_as_json_dumps_would(
    document: Document, skip_spoilers: bool | None
) -> None:
    text = review_json(document, skip_spoilers)
    assert text == expected_text(document, skip_spoilers)
    assert json.loads(text) == expected_dict(document, skip_spoilers)
    assert not re.search("[\x7f-\x9f]", text)  # nothing left to drive a terminal


@pytest.mark.parametrize(
    ("title", "written"),
    [("del \x7f", "del \\u007f"), ("csi \x9b[2J", "csi \\u009b[2J"), ("é \x85", "é \\u0085")],
)
def test_del_and_c1_controls_are_escaped(title: str, written: str) -> None:
    document = Document(title, Source("t"), ())
    text = review_json(document, None)
    assert f'"title": "{written}",' in text
    assert text == expected_text(document, None)


NUMBERS = [
    (4, "4"),
    (4.0, "4.0"),
    (0.1, "0.1"),
    (1e16, "1e+16"),
    (float("nan"), "NaN"),
    (float("inf"), "Infinity"),
    (float("-inf"), "-Infinity"),
]


@pytest.mark.parametrize(("value", "written"), NUMBERS)
def test_rating_numbers_are_written_as_json_writes_them(value: float, written: str) -> None:
    document = Document("T", Source("t"), (), rating=Rating(value, 5.0))
    text = review_json(document, None)
    assert f'"value": {written},' in text
    assert text == expected_text(document, None)


def test_the_readme_shows_the_keys_in_the_order_written() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("`outline --json` and `text --json` print one object:", 1)[1]
    documented = json.loads(block.split("```json\n", 1)[1].split("```", 1)[0])
    (seed,) = loaded(str(SEED))
    written = json.loads(review_json(seed, None))
    (review,) = documented["reviews"]
    assert list(review) == list(written)
    assert list(review["rating"]) == list(written["rating"])
    assert list(review["sections"][0]) == list(written["sections"][0])
    (problem,) = documented["problems"]
    assert list(problem) == list(problem_json(Problem("reviews.csv", "a problem", 14)))
