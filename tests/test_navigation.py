"""Moving by sentence, paragraph and section, and saying where the listener is."""

from __future__ import annotations

from functools import cache

import pytest
from helpers import SAMPLES, parse

from reader.loaders import load_paths
from reader.model import Document, Markup, Position
from reader.parse.document import parse_review
from reader.plan.navigation import Unit, Where, move, section_start, where
from reader.plan.planner import Part, PlanSettings, plan_utterances

NAV = """# Harbour Lights

## Review

The town keeps its secrets well. Detective Seo returns home after the funeral.

The harbour at night is gorgeous. >!Her brother was the drowned boy all along.!< The music \
carries every scene.

## Verdict

I loved it, even >!the funeral scene. And the ending!< at the end. I will watch it again.

Highly recommended.

## Rating

Overall Rating: 4/5
"""

READING = PlanSettings(skip_spoilers=False)
SKIPPING = PlanSettings(skip_spoilers=True)


@cache
def document() -> Document:
    """Three sections; a whole-sentence spoiler, and one across two sentences."""
    return parse(NAV, Markup.MARKDOWN)


@cache
def spoiler_sample() -> Document:
    """Every spoiler syntax, parsed as the command line does."""
    (review,) = load_paths([str(SAMPLES / "every-spoiler-syntax.md")]).reviews
    return parse_review(review)


def test_the_document_navigated() -> None:
    """The sections, spoilers and sentence starts the tables below rely on."""
    review, verdict, rating = document().sections
    assert [(s.start, s.end) for s in review.spoilers] == [(114, 156)]
    assert [(s.start, s.end) for s in verdict.spoilers] == [(17, 50)]
    assert rating.text == "Overall Rating: 4 out of 5."
    starts = [
        (u.section, u.start.offset)
        for u in plan_utterances(document(), Position(), READING)
        if u.part is Part.SENTENCE
    ]
    assert starts == [
        *[(0, 0), (0, 33), (0, 80), (0, 114), (0, 157)],
        *[(1, 0), (1, 36), (1, 63), (1, 87)],
        (2, 0),
    ]


def walk(
    doc: Document, start: Position, unit: Unit, step: int, settings: PlanSettings
) -> list[Position]:
    """Every position reached by moving one way until the end."""
    reached: list[Position] = []
    position: Position | None = move(doc, start, unit, step, settings)
    while position is not None:
        reached.append(position)
        assert len(reached) < 1000, "moving never ends"
        position = move(doc, position, unit, step, settings)
    return reached


def positions(*pairs: tuple[int, int]) -> list[Position]:
    """Positions from (section, offset) pairs."""
    return [Position(section, offset) for section, offset in pairs]


END = Position(2, 27)

WALKS = {
    "sentences forward": (
        Position(),
        Unit.SENTENCE,
        1,
        READING,
        positions((0, 33), (0, 80), (0, 114), (0, 157), (1, 0), (1, 36), (1, 63), (1, 87), (2, 0)),
    ),
    "sentences forward, skipping": (
        Position(),
        Unit.SENTENCE,
        1,
        SKIPPING,
        # (0, 114) is the spoiler's announcement; (1, 36) is inside a hidden spoiler.
        positions((0, 33), (0, 80), (0, 114), (0, 157), (1, 0), (1, 63), (1, 87), (2, 0)),
    ),
    "sentences back": (
        END,
        Unit.SENTENCE,
        -1,
        READING,
        positions(
            (2, 0), (1, 87), (1, 63), (1, 36), (1, 0), (0, 157), (0, 114), (0, 80), (0, 33), (0, 0)
        ),
    ),
    "sentences back, skipping": (
        END,
        Unit.SENTENCE,
        -1,
        SKIPPING,
        positions((2, 0), (1, 87), (1, 63), (1, 0), (0, 157), (0, 114), (0, 80), (0, 33), (0, 0)),
    ),
    "sentences from mid-sentence": (
        Position(0, 40),
        Unit.SENTENCE,
        1,
        READING,
        positions((0, 80), (0, 114), (0, 157), (1, 0), (1, 36), (1, 63), (1, 87), (2, 0)),
    ),
    "back from mid-sentence starts with its own start": (
        Position(1, 70),
        Unit.SENTENCE,
        -1,
        SKIPPING,
        positions((1, 63), (1, 0), (0, 157), (0, 114), (0, 80), (0, 33), (0, 0)),
    ),
    "forward from inside a hidden spoiler": (
        Position(1, 36),
        Unit.SENTENCE,
        1,
        SKIPPING,
        positions((1, 63), (1, 87), (2, 0)),
    ),
    "paragraphs forward": (
        Position(),
        Unit.PARAGRAPH,
        1,
        READING,
        positions((0, 80), (1, 0), (1, 87), (2, 0)),
    ),
    "paragraphs back": (
        END,
        Unit.PARAGRAPH,
        -1,
        READING,
        positions((2, 0), (1, 87), (1, 0), (0, 80), (0, 0)),
    ),
    "paragraphs back from mid-paragraph": (
        Position(0, 100),
        Unit.PARAGRAPH,
        -1,
        SKIPPING,
        positions((0, 80), (0, 0)),
    ),
    "sections forward": (Position(), Unit.SECTION, 1, SKIPPING, positions((1, 0), (2, 0))),
    "sections forward from mid-section": (
        Position(0, 100),
        Unit.SECTION,
        1,
        READING,
        positions((1, 0), (2, 0)),
    ),
    "sections back": (Position(2, 0), Unit.SECTION, -1, READING, positions((1, 0), (0, 0))),
}


@pytest.mark.parametrize(
    ("start", "unit", "step", "settings", "reached"), WALKS.values(), ids=WALKS
)
def test_walks(
    start: Position, unit: Unit, step: int, settings: PlanSettings, reached: list[Position]
) -> None:
    """Every stop on the way, across section boundaries, to None at the end."""
    assert walk(document(), start, unit, step, settings) == reached


ENDS = {
    "no sentence after the last": (Position(2, 0), Unit.SENTENCE, 1),
    "no sentence after the end": (END, Unit.SENTENCE, 1),
    "no sentence before the first": (Position(0, 0), Unit.SENTENCE, -1),
    "no paragraph after the last": (Position(2, 0), Unit.PARAGRAPH, 1),
    "no paragraph before the first": (Position(0, 0), Unit.PARAGRAPH, -1),
    "no section after the last": (Position(2, 5), Unit.SECTION, 1),
    "no section before the first": (Position(0, 0), Unit.SECTION, -1),
}


@pytest.mark.parametrize("settings", [READING, SKIPPING], ids=["reading", "skipping"])
@pytest.mark.parametrize(("position", "unit", "step"), ENDS.values(), ids=ENDS)
def test_none_at_the_ends(
    position: Position, unit: Unit, step: int, settings: PlanSettings
) -> None:
    """At either end a move goes nowhere, so the front end can say so."""
    assert move(document(), position, unit, step, settings) is None


def test_previous_section_from_inside_a_section_goes_to_its_own_heading() -> None:
    """Like a screen reader's previous heading: its own first, then the one before."""
    doc = document()
    assert move(doc, Position(1, 7), Unit.SECTION, -1, READING) == Position(1, 0)
    assert move(doc, Position(1, 0), Unit.SECTION, -1, READING) == Position(0, 0)


def inside_hidden_spoiler(doc: Document, position: Position) -> bool:
    """Whether a position falls strictly inside a spoiler span."""
    spans = doc.sections[position.section].spoilers
    return any(span.start < position.offset < span.end for span in spans)


@pytest.mark.parametrize("step", [1, -1])
def test_sentence_moves_never_land_inside_a_hidden_spoiler(step: int) -> None:
    """On every spoiler syntax, each sentence reached is one the planner reads from."""
    doc = spoiler_sample()
    start = Position() if step > 0 else Position(len(doc.sections) - 1, 10_000)
    reached = walk(doc, start, Unit.SENTENCE, step, SKIPPING)
    assert len(reached) > 30
    assert not [p for p in reached if inside_hidden_spoiler(doc, p)]
    planned = {u.start for u in plan_utterances(doc, Position(), SKIPPING)}
    assert set(reached) <= planned | {Position()}


@pytest.mark.parametrize("step", [1, -1])
def test_paragraph_moves_never_land_inside_a_hidden_spoiler(step: int) -> None:
    """The `::: spoiler` container's second paragraph starts inside the hidden spoiler;
    ↓ lands there and playback silently resumes after the spoiler, unannounced."""
    doc = spoiler_sample()
    start = Position() if step > 0 else Position(len(doc.sections) - 1, 10_000)
    reached = walk(doc, start, Unit.PARAGRAPH, step, SKIPPING)
    assert not [p for p in reached if inside_hidden_spoiler(doc, p)]


@pytest.mark.parametrize(
    ("number", "position"),
    [
        (-1, None),
        (0, None),
        (1, Position(0, 0)),
        (2, Position(1, 0)),
        (3, Position(2, 0)),
        (4, None),
        (10, None),
    ],
)
def test_section_start(number: int, position: Position | None) -> None:
    """Sections are numbered from 1, as on the keyboard."""
    assert section_start(document(), number) == position


TOTAL = sum(len(section.text) for section in document().sections)


@pytest.mark.parametrize(
    ("position", "settings", "expected"),
    [
        (Position(0, 0), READING, Where(1, 3, "Review", 1, 5, 0)),
        (Position(0, 33), READING, Where(1, 3, "Review", 2, 5, 100 * 33 // TOTAL)),
        (Position(0, 32), READING, Where(1, 3, "Review", 1, 5, 100 * 32 // TOTAL)),
        (Position(0, 156), SKIPPING, Where(1, 3, "Review", 4, 5, 100 * 156 // TOTAL)),
        (Position(1, 0), READING, Where(2, 3, "Verdict", 1, 4, 100 * 187 // TOTAL)),
        (Position(1, 40), READING, Where(2, 3, "Verdict", 2, 4, 100 * 227 // TOTAL)),
        # Skipping joins the two sentences the spoiler runs across into one.
        (Position(1, 40), SKIPPING, Where(2, 3, "Verdict", 1, 3, 100 * 227 // TOTAL)),
        (Position(1, 90), SKIPPING, Where(2, 3, "Verdict", 3, 3, 100 * 277 // TOTAL)),
        (Position(2, 0), READING, Where(3, 3, "Rating", 1, 1, 100 * 293 // TOTAL)),
        (END, READING, Where(3, 3, "Rating", 1, 1, 100)),
    ],
)
def test_where(position: Position, settings: PlanSettings, expected: Where) -> None:
    """Section x of y, sentence i of n, and the share of the text before the position."""
    assert where(document(), position, settings) == expected


def test_where_at_the_start_and_the_last_sentence() -> None:
    """0% at the start; under 100% while the last sentence is still to be read."""
    doc = spoiler_sample()
    assert where(doc, Position(), SKIPPING).percent == 0
    last = [u for u in plan_utterances(doc, Position(), SKIPPING) if u.part is Part.SENTENCE][-1]
    at_last = where(doc, last.start, SKIPPING)
    assert at_last.percent < 100
    assert (at_last.section, at_last.sections) == (len(doc.sections), len(doc.sections))
    assert at_last.sentence == at_last.sentences


def test_where_counts_spoiler_announcements_as_sentences() -> None:
    """A hidden whole-sentence spoiler is still a stop, and still counted."""
    doc = spoiler_sample()
    reading = where(doc, Position(1, 0), READING)
    skipping = where(doc, Position(1, 0), SKIPPING)
    assert reading.heading == skipping.heading == "Review"
    assert skipping.sentences < reading.sentences
    hidden = where(doc, Position(2, 0), SKIPPING)
    assert (hidden.heading, hidden.sentence, hidden.sentences) == ("Spoilers", 1, 1)
