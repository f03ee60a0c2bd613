"""The planner: exact utterance plans for small documents, spoilers, lexicon, laziness."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from itertools import islice, pairwise

import pytest
from helpers import ROOT, SAMPLES, SEED, parse

import reader.text.sentences
from reader.loaders import load_paths
from reader.model import Document, Markup, Position
from reader.parse.document import parse_review
from reader.plan.lexicon import Lexicon, load_lexicon
from reader.plan.planner import Break, Part, PlanSettings, Utterance, plan_utterances
from reader.text.sentences import Span

Row = tuple[Part, int, str, Break, int, int]

TITLE, HEADING, SENTENCE, SPOILER = Part.TITLE, Part.HEADING, Part.SENTENCE, Part.SPOILER
AFTER_SENTENCE, AFTER_PARAGRAPH, AFTER_SECTION = Break.SENTENCE, Break.PARAGRAPH, Break.SECTION

STORY = """# Harbour Lights

## Review

The town keeps its secrets. Seo returns home.

The harbour is gorgeous.

## Verdict

I loved it.
"""

STORY_PLAN: list[Row] = [
    (TITLE, 0, "Harbour Lights.", AFTER_PARAGRAPH, 0, 0),
    (HEADING, 0, "Review.", AFTER_PARAGRAPH, 0, 0),
    (SENTENCE, 0, "The town keeps its secrets.", AFTER_SENTENCE, 0, 27),
    (SENTENCE, 0, "Seo returns home.", AFTER_PARAGRAPH, 28, 45),
    (SENTENCE, 0, "The harbour is gorgeous.", AFTER_SECTION, 47, 71),
    (HEADING, 1, "Verdict.", AFTER_PARAGRAPH, 0, 0),
    (SENTENCE, 1, "I loved it.", AFTER_SECTION, 0, 11),
]

SPOILERS = """# Spoilers

## Review

A >!big secret here!< thing. >!Whole spoiler sentence.!< After it.

Before. >!Secret one. Secret two!< after it. Final.

[spoiler=Episode 9]Ji-an arrests her own father at the memorial service[/spoiler]

>!Captain Seo cut the power!< I did not see that coming.
"""


@cache
def reviews_lexicon() -> Lexicon:
    """The shipped review lexicon."""
    return load_lexicon(ROOT / "voices" / "lexicons" / "reviews.toml")


@cache
def sample(name: str) -> Document:
    """A sample review, loaded and parsed as the command line does."""
    (review,) = load_paths([str(SAMPLES / name)]).reviews
    return parse_review(review)


START = Position()


def plan(
    document: Document,
    position: Position = START,
    skip_spoilers: bool = False,
    lexicon: Lexicon | None = None,
) -> list[Utterance]:
    """The whole plan from a position."""
    settings = PlanSettings(skip_spoilers, lexicon or Lexicon())
    return list(plan_utterances(document, position, settings))


def rows(utterances: list[Utterance]) -> list[Row]:
    """Utterances as comparable rows: part, section, text, pause, start and end offsets."""
    return [(u.part, u.section, u.text, u.pause, u.start.offset, u.end.offset) for u in utterances]


def story() -> Document:
    """Two sections, three paragraphs."""
    return parse(STORY, Markup.MARKDOWN)


def test_title_headings_sentences_and_pauses() -> None:
    """Title, then each heading and its sentences; pauses by sentence, paragraph, section."""
    document = story()
    assert [s.text for s in document.sections] == [
        "The town keeps its secrets. Seo returns home.\n\nThe harbour is gorgeous.",
        "I loved it.",
    ]
    assert rows(plan(document)) == STORY_PLAN


def test_utterances_know_their_language() -> None:
    """Review text is said in the review's language."""
    spanish = replace(story(), language="es")
    assert {u.language for u in plan(spanish)} == {"es"}


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        (Position(0, 0), STORY_PLAN),
        (Position(1, 0), STORY_PLAN[5:]),  # a section's start: its heading, no title
        (Position(0, 28), STORY_PLAN[3:]),  # a sentence's start: no heading
        (Position(0, 27), STORY_PLAN[3:]),  # the space between sentences: the next one
        (Position(0, 46), STORY_PLAN[4:]),  # between paragraphs
        # Mid-sentence: from the offset (a resumed word), to the sentence's end.
        (
            Position(0, 32),
            [(SENTENCE, 0, "returns home.", AFTER_PARAGRAPH, 32, 45), *STORY_PLAN[4:]],
        ),
        (Position(0, 70), [(SENTENCE, 0, ".", AFTER_SECTION, 70, 71), *STORY_PLAN[5:]]),
        (Position(0, 71), STORY_PLAN[5:]),  # the end of a section: on to the next heading
        (Position(1, 5), [(SENTENCE, 1, "ed it.", AFTER_SECTION, 5, 11)]),
        (Position(1, 11), []),
        (Position(2, 0), []),
    ],
)
def test_planning_from_a_position(position: Position, expected: list[Row]) -> None:
    """Headings only at a section's start; the title only at the document's start."""
    assert rows(plan(story(), position)) == expected


def test_a_document_without_a_title_starts_with_its_heading() -> None:
    """No title, no title utterance."""
    assert rows(plan(replace(story(), title="")))[0] == (
        HEADING,
        0,
        "Review.",
        AFTER_PARAGRAPH,
        0,
        0,
    )


def spoilers() -> Document:
    """Every shape of spoiler in one section."""
    return parse(SPOILERS, Markup.MARKDOWN)


def test_spoiler_document_is_parsed_as_expected() -> None:
    """The spans the plans below rely on."""
    (section,) = spoilers().sections
    assert [(s.start, s.end, s.words, s.label) for s in section.spoilers] == [
        (2, 17, 3, None),
        (25, 48, 3, None),
        (68, 90, 4, None),
        (109, 161, 9, "Episode 9"),
        (163, 188, 5, None),
    ]


def test_reading_spoilers() -> None:
    """With skipping off, spoilers are read like any other text."""
    assert rows(plan(spoilers())) == [
        (TITLE, 0, "Spoilers.", AFTER_PARAGRAPH, 0, 0),
        (HEADING, 0, "Review.", AFTER_PARAGRAPH, 0, 0),
        (SENTENCE, 0, "A big secret here thing.", AFTER_SENTENCE, 0, 24),
        (SENTENCE, 0, "Whole spoiler sentence.", AFTER_SENTENCE, 25, 48),
        (SENTENCE, 0, "After it.", AFTER_PARAGRAPH, 49, 58),
        (SENTENCE, 0, "Before.", AFTER_SENTENCE, 60, 67),
        (SENTENCE, 0, "Secret one.", AFTER_SENTENCE, 68, 79),
        (SENTENCE, 0, "Secret two after it.", AFTER_SENTENCE, 80, 100),
        (SENTENCE, 0, "Final.", AFTER_PARAGRAPH, 101, 107),
        (
            SENTENCE,
            0,
            "Ji-an arrests her own father at the memorial service",
            AFTER_PARAGRAPH,
            109,
            161,
        ),
        (
            SENTENCE,
            0,
            "Captain Seo cut the power I did not see that coming.",
            AFTER_SECTION,
            163,
            215,
        ),
    ]


def test_skipping_spoilers() -> None:
    """Each spoiler is announced once, with its size and label, in the sentence's place."""
    assert rows(plan(spoilers(), skip_spoilers=True)) == [
        (TITLE, 0, "Spoilers.", AFTER_PARAGRAPH, 0, 0),
        (HEADING, 0, "Review.", AFTER_PARAGRAPH, 0, 0),
        # Inside a sentence: bracketed, and the sentence reads on.
        (SENTENCE, 0, "A (spoiler skipped, 3 words) thing.", AFTER_SENTENCE, 0, 24),
        # A whole sentence: an announcement of its own.
        (SPOILER, 0, "Spoiler skipped, 3 words.", AFTER_SENTENCE, 25, 48),
        (SENTENCE, 0, "After it.", AFTER_PARAGRAPH, 49, 58),
        (SENTENCE, 0, "Before.", AFTER_SENTENCE, 60, 67),
        # Across two sentences: the sentences are joined and announced once.
        (SENTENCE, 0, "Spoiler skipped, 4 words. after it.", AFTER_SENTENCE, 68, 100),
        (SENTENCE, 0, "Final.", AFTER_PARAGRAPH, 101, 107),
        # A labelled spoiler says its label.
        (SPOILER, 0, "Spoiler skipped: Episode 9, 9 words.", AFTER_PARAGRAPH, 109, 161),
        # At a sentence's start, followed by more of the sentence.
        (
            SENTENCE,
            0,
            "Spoiler skipped, 5 words. I did not see that coming.",
            AFTER_SECTION,
            163,
            215,
        ),
    ]


def test_spoiler_announcements_are_said_in_the_reviews_language() -> None:
    """A Spanish review hears 'Spoiler omitido', in its Spanish voice, not English words."""
    planned = plan(replace(spoilers(), language="es"), skip_spoilers=True)
    assert {(u.part, u.language) for u in planned} == {
        (TITLE, "es"),
        (HEADING, "es"),
        (SENTENCE, "es"),
        (SPOILER, "es"),
    }
    assert [u.text for u in planned if u.part is SPOILER] == [
        "Spoiler omitido, 3 palabras.",
        "Spoiler omitido: Episode 9, 9 palabras.",
    ]


def test_a_spoiler_over_several_paragraphs_is_announced_once() -> None:
    """A `::: spoiler` container of two paragraphs is one announcement, one utterance."""
    document = parse(
        "# T\n\n## Review\n\nOne. Two.\n\n::: spoiler\nHidden one. Still hidden.\n\n"
        "Hidden two.\n:::\n\nAfter.\n",
        Markup.MARKDOWN,
    )
    assert rows(plan(document, Position(0, 1), skip_spoilers=True)) == [
        (SENTENCE, 0, "ne.", AFTER_SENTENCE, 1, 4),
        (SENTENCE, 0, "Two.", AFTER_PARAGRAPH, 5, 9),
        (SPOILER, 0, "Spoiler skipped, 6 words.", AFTER_PARAGRAPH, 11, 49),
        (SENTENCE, 0, "After.", AFTER_SECTION, 51, 57),
    ]


def test_planning_from_inside_a_hidden_spoiler_says_none_of_it() -> None:
    """Resuming inside a spoiler that is now hidden reads on after it."""
    planned = plan(spoilers(), Position(0, 5), skip_spoilers=True)
    assert rows(planned)[:2] == [
        (SENTENCE, 0, " thing.", AFTER_SENTENCE, 5, 24),
        (SPOILER, 0, "Spoiler skipped, 3 words.", AFTER_SENTENCE, 25, 48),
    ]
    assert planned[0].spoken.replacements[0].hidden
    assert planned[0].spoken.source_span(1, 5) == (18, 23)  # 'thing'
    said = " ".join(u.text for u in planned)
    assert "secret" not in said
    assert "here" not in said


def test_the_lexicon_is_applied_to_headings_and_sentences() -> None:
    """Jargon and scores in prose are read as words; offsets still cover the source."""
    document = parse("# T\n\n## OST\n\nThe OST in ep. 5 was lovely, 8/10 tbh.\n", Markup.MARKDOWN)
    planned = plan(document, Position(0, 0), lexicon=reviews_lexicon())
    assert rows(planned) == [
        (TITLE, 0, "T.", AFTER_PARAGRAPH, 0, 0),
        (HEADING, 0, "O S T.", AFTER_PARAGRAPH, 0, 0),
        (
            SENTENCE,
            0,
            "The O S T in episode 5 was lovely, 8 out of 10 to be honest.",
            AFTER_SECTION,
            0,
            38,
        ),
    ]
    sentence = planned[2]
    assert sentence.spoken.source_span(4, 5) == (4, 7)  # 'O S T' is 'OST'
    assert sentence.spoken.source_span(47, 12) == (34, 37)  # 'to be honest' is 'tbh'
    assert sentence.spoken.source_span(13, 9) == (11, 16)  # 'episode 5' is 'ep. 5'
    assert sentence.spoken.source_span(27, 6) == (21, 27)  # 'lovely' is copied


def test_the_lexicon_is_applied_around_a_hidden_spoiler() -> None:
    """Text on both sides of an announcement is rewritten, and still maps back."""
    document = parse("# T\n\n## Review\n\nThe K-drama >!twist!< ep. 5 hurt.\n", Markup.MARKDOWN)
    assert document.sections[0].text == "The K-drama twist ep. 5 hurt."
    planned = plan(document, Position(0, 0), skip_spoilers=True, lexicon=reviews_lexicon())
    spoken = planned[-1].spoken
    assert spoken.text == "The K drama (spoiler skipped, 1 word) episode 5 hurt."
    assert spoken.source_span(4, 7) == (4, 11)  # 'K drama'
    assert spoken.source_span(12, 8) is None  # '(spoiler'
    assert spoken.source_span(38, 9) == (18, 23)  # 'episode 5'
    assert spoken.source_span(48, 5) == (24, 29)  # 'hurt.'


WORD = re.compile(r"\S+")


def check_source_spans(document: Document, utterances: list[Utterance]) -> int:
    """Every copied spoken word maps onto the same characters of its section; words of
    replacements map inside the utterance (or nowhere, when hidden). Returns words checked."""
    copied = 0
    for utterance in utterances:
        spoken = utterance.spoken
        text = document.sections[utterance.section].text
        for word in WORD.finditer(spoken.text):
            start, end = word.span()
            span = spoken.source_span(start, end - start)
            touched = [r for r in spoken.replacements if r.start < end and start < r.end]
            if any(r.hidden for r in touched):
                assert span is None, (utterance, word)
                continue
            assert span is not None, (utterance, word)
            assert spoken.source_start <= span[0] <= span[1] <= spoken.source_end
            if not touched:
                assert text[span[0] : span[1]] == word.group(), (utterance, word)
                copied += 1
    return copied


@pytest.mark.parametrize("skip_spoilers", [False, True])
@pytest.mark.parametrize("name", ["every-spoiler-syntax.md", "1-litre-of-tears.txt", "parasite.md"])
def test_source_spans_map_back_to_the_section(name: str, skip_spoilers: bool) -> None:
    """What the engine says maps back to what the screen highlights."""
    document = sample(name)
    utterances = plan(document, skip_spoilers=skip_spoilers, lexicon=reviews_lexicon())
    assert check_source_spans(document, utterances) > 300


@pytest.mark.parametrize("skip_spoilers", [False, True])
def test_utterances_follow_each_other(skip_spoilers: bool) -> None:
    """In a section, each utterance starts where or after the one before ended."""
    utterances = plan(sample("every-spoiler-syntax.md"), skip_spoilers=skip_spoilers)
    for before, after in pairwise(utterances):
        if before.section == after.section:
            assert before.end <= after.start
            assert before.start <= before.end


@pytest.mark.parametrize("skip_spoilers", [False, True])
def test_planning_from_any_utterance_replans_it_exactly(skip_spoilers: bool) -> None:
    """Resuming at an utterance's start (as the session does) says that utterance again."""
    document = sample("every-spoiler-syntax.md")
    settings = (skip_spoilers, reviews_lexicon())
    utterances = plan(document, Position(), *settings)
    for utterance in utterances:
        if utterance.part in (SENTENCE, SPOILER):
            replanned = plan(document, utterance.start, *settings)
            assert next(u for u in replanned if u.part in (SENTENCE, SPOILER)) == utterance


def words(text: str) -> set[str]:
    """Lower-case words of at least four letters."""
    return {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)}


def visible_text(document: Document) -> str:
    """The document with every spoiler cut out."""
    pieces = [document.title]
    for section in document.sections:
        pieces.append(section.heading)
        position = 0
        for span in section.spoilers:
            pieces.append(section.text[position : span.start])
            position = span.end
        pieces.append(section.text[position:])
    return " ".join(pieces)


def test_skipped_spoilers_never_leak_on_the_spoiler_sample() -> None:
    """No word found only in spoilers is ever said while they are hidden."""
    document = sample("every-spoiler-syntax.md")
    hidden = [
        section.text[span.start : span.end]
        for section in document.sections
        for span in section.spoilers
    ]
    assert len(hidden) == 12
    distinctive = words(" ".join(hidden)) - words(visible_text(document)) - {"spoiler", "words"}
    assert {"keeper", "mayor", "arrests", "hearing", "letters", "confession"} <= distinctive
    said = " ".join(u.text for u in plan(document, skip_spoilers=True, lexicon=reviews_lexicon()))
    assert words(said) & distinctive == set()
    read = " ".join(u.text for u in plan(document, skip_spoilers=False))
    assert distinctive <= words(read)


def test_every_spoiler_on_the_sample_is_announced_once() -> None:
    """One announcement per spoiler span, standing at that span's start."""
    document = sample("every-spoiler-syntax.md")
    utterances = plan(document, skip_spoilers=True, lexicon=reviews_lexicon())
    for index, section in enumerate(document.sections):
        for span in section.spoilers:
            announcements = [
                r
                for u in utterances
                if u.section == index
                for r in u.spoken.replacements
                if r.hidden and r.start < r.end and r.source_start == span.start
            ]
            assert len(announcements) == 1, span
    said = " ".join(u.text for u in utterances)
    assert len(re.findall(r"(?i)spoiler skipped", said)) == 12
    assert said.count("Spoiler skipped: Episode 9, 9 words.") == 1
    assert said.count("(spoiler skipped, ") == 6


def test_spoiler_sample_plan_parts() -> None:
    """Whole-sentence spoilers on the sample become SPOILER parts, in order."""
    document = sample("every-spoiler-syntax.md")
    utterances = plan(document, skip_spoilers=True)
    assert [(u.section, u.text) for u in utterances if u.part is SPOILER] == [
        (1, "Spoiler skipped: Episode 9, 9 words."),
        (1, "Spoiler skipped, 20 words."),
        (1, "Spoiler skipped, 41 words."),
        (1, "Spoiler skipped, 31 words."),
        (2, "Spoiler skipped, 28 words."),
    ]


def test_seed_review_plan() -> None:
    """The seed: headings in order, the rating read as words, every utterance short."""
    (review,) = load_paths([str(SEED)]).reviews
    document = parse_review(review)
    utterances = plan(document, lexicon=reviews_lexicon())
    assert [u.text for u in utterances if u.part is HEADING] == [
        "Details.",
        "Synopsis.",
        "Review.",
        "Rating.",
    ]
    assert [u.section for u in utterances if u.part is HEADING] == [0, 1, 2, 3]
    assert rows(utterances[:3]) == [
        (TITLE, 0, "1 Litre Of Tears.", AFTER_PARAGRAPH, 0, 0),
        (HEADING, 0, "Details.", AFTER_PARAGRAPH, 0, 0),
        (SENTENCE, 0, "Genre: Romance, Family, School Life, Tragedy.", AFTER_SECTION, 0, 45),
    ]
    assert rows(utterances[-2:]) == [
        (HEADING, 3, "Rating.", AFTER_PARAGRAPH, 0, 0),
        (SENTENCE, 3, "Overall Rating: 5 out of 5.", AFTER_SECTION, 0, 27),
    ]
    assert all(u.end.offset - u.start.offset <= 600 for u in utterances)
    assert all("/5" not in u.text for u in utterances)
    said = [u.text for u in utterances]
    assert "Why. why…. why?" in said  # a pull quote is prose, not a caption
    assert not any("birghtly" in text or "Quick review" in text for text in said)
    assert (
        "Listening to the O S T now will haunt me, looking at the screen caps will haunt me.."
        in said
    )


PARAGRAPH = (
    "The harbour at night is gorgeous. The music carries every scene, and the cast is "
    "superb. I watched it twice.\n\n"
)
BIG_REVIEW = "# Big\n\n## Review\n\n" + PARAGRAPH * (2_000_000 // len(PARAGRAPH))


@pytest.fixture(scope="module")
def big() -> Document:
    """A review with one section of 2 MB."""
    document = parse(BIG_REVIEW, Markup.MARKDOWN)
    assert len(document.sections[0].text) > 1_990_000
    return document


@pytest.fixture
def split_calls(monkeypatch: pytest.MonkeyPatch) -> list[Span]:
    """Every piece of text handed to the sentence splitter, as a span of the section."""
    calls: list[Span] = []
    split = reader.text.sentences.sentence_spans

    def counting(text: str, start: int, end: int) -> Iterator[Span]:
        calls.append(Span(start, end))
        return split(text, start, end)

    monkeypatch.setattr(reader.text.sentences, "sentence_spans", counting)
    return calls


def test_planning_the_start_of_a_long_review_is_lazy(
    big: Document, split_calls: list[Span]
) -> None:
    """The first three utterances cost one paragraph's sentence split, not 2 MB of it."""
    first = list(islice(plan_utterances(big), 3))
    assert [u.text for u in first] == ["Big.", "Review.", "The harbour at night is gorgeous."]
    assert split_calls == [Span(0, len(PARAGRAPH) - 2)]
    assert "sentences" not in vars(big.sections[0])


def test_planning_the_middle_of_a_long_review_is_lazy(
    big: Document, split_calls: list[Span]
) -> None:
    """Resuming a million characters in splits the paragraphs there, and only those."""
    offset = 1_000_000
    first = list(islice(plan_utterances(big, Position(0, offset)), 3))
    assert first[0].start == Position(0, offset)
    assert 1 <= len(split_calls) <= 3
    assert all(
        offset - len(PARAGRAPH) < call.start < offset + 3 * len(PARAGRAPH) for call in split_calls
    )
    assert sum(call.end - call.start for call in split_calls) < 3 * len(PARAGRAPH)


def test_sample_plans_have_no_empty_utterances() -> None:
    """Every utterance on every sample says something."""
    for path in sorted(SAMPLES.iterdir()):
        for review in load_paths([str(path)]).reviews:
            document = parse_review(review)
            for skip_spoilers in (False, True):
                for utterance in plan(document, skip_spoilers=skip_spoilers):
                    assert utterance.text.strip(), (path.name, utterance)
