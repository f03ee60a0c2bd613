"""Shared test helpers: where the samples are, and parsing text the way a loader would."""

from pathlib import Path

from reader.model import Document, Markup, Review, Source
from reader.parse.document import parse_review

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_reviews"
SEED = SAMPLES / "1-litre-of-tears.txt"


def parse(body: str, markup: Markup = Markup.TEXT, **fields: object) -> Document:
    """Parse a review body as if a loader had produced it."""
    return parse_review(Review(Source("test"), body, markup, **fields))  # type: ignore[arg-type]


def section_texts(document: Document) -> dict[str, str]:
    """Section text by heading."""
    return {section.heading: section.text for section in document.sections}


def spoiler_texts(document: Document) -> list[str]:
    """The text of every spoiler span, in order."""
    return [
        section.text[span.start : span.end]
        for section in document.sections
        for span in section.spoilers
    ]
