"""Shared test helpers: where the samples are, and parsing text the way a loader would."""

from pathlib import Path

from reader.model import Document, Markup, Review, Source
from reader.parse.document import parse_review

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_reviews"
SEED = SAMPLES / "1-litre-of-tears.txt"
# Every spoiler of every-spoiler-syntax.md, one phrase from each.
SPOILER_PHRASES = (
    "the lighthouse keeper is Ji-an's real father",
    "Captain Seo was the one who cut the power",
    "the drowned girl from 1998 was Han Yu-ri's sister",
    "Mr. Baek burns the logbooks",
    "Ji-an arrests her own father at the memorial service",
    "the storm in ep. 1 was never an accident",
    "relights the lamp on the anniversary",
    "the mayor's son drove the boat that night",
    "Yu-ri survives the boat fire",
    "through the glass of a prison visiting room",
    "the 1998 logbook washes up on the beach",
    "Dr. Moon knew the truth about the drowning",
    "His confession in ep. 10",
    "wrote the anonymous letters herself",
)


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
