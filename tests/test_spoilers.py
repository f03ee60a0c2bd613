"""Spoiler syntaxes, warnings and flags become exact spans of section text."""

import pytest
from helpers import parse, spoiler_texts

from reader.model import Markup, SectionKind
from reader.parse.sentinels import extract_spans
from reader.parse.spoilers import mark_text, warning_end

INLINE_SYNTAXES = [
    ("reddit", "She finds >!the letter in the piano!< at last."),
    ("discord", "She finds ||the letter in the piano|| at last."),
    ("bbcode", "She finds [spoiler]the letter in the piano[/spoiler] at last."),
    ("bbcode upper case", "She finds [SPOILER]the letter in the piano[/SPOILER] at last."),
    ("bbcode titled", "She finds [spoiler=Ending]the letter in the piano[/spoiler] at last."),
    ("tv tropes", "She finds [[spoiler:the letter in the piano]] at last."),
    ("goodreads", "She finds (view spoiler)[the letter in the piano (hide spoiler)] at last."),
]


@pytest.mark.parametrize(("name", "text"), INLINE_SYNTAXES, ids=[n for n, _ in INLINE_SYNTAXES])
@pytest.mark.parametrize("markup", [Markup.TEXT, Markup.MARKDOWN, Markup.HTML_FRAGMENT])
def test_inline_syntax_becomes_one_span(name: str, text: str, markup: Markup) -> None:
    document = parse(text, markup)
    assert spoiler_texts(document) == ["the letter in the piano"]
    assert document.sections[0].text == "She finds the letter in the piano at last."
    assert document.contains_spoilers


def test_titled_spoiler_keeps_its_label() -> None:
    document = parse("[spoiler=Episode 9]Ji-an arrests her father[/spoiler]")
    (span,) = document.sections[0].spoilers
    assert (span.label, span.words) == ("Episode 9", 4)


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        (Markup.MARKDOWN, ">!The captain cut the power.!< I never saw it coming."),
        (Markup.MARKDOWN, "Intro.\n\n::: spoiler\nThe captain cut the power.\n:::\n\nOutro."),
        (
            Markup.MARKDOWN,
            "Intro.\n\n<details><summary>Ending</summary>\n\nThe captain cut the power.\n\n"
            "</details>\n\nOutro.",
        ),
        (Markup.MARKDOWN, 'Intro <span class="spoiler">The captain cut the power.</span> end.'),
        (Markup.HTML_FRAGMENT, "<p>Intro.</p><details><summary>Ending</summary>"
         "<p>The captain cut the power.</p></details><p>Outro.</p>"),
        (Markup.HTML_FRAGMENT, '<p>Intro <span class="spoiler">The captain cut the power.</span>'),
        (Markup.HTML_FRAGMENT, '<div class="x spoiler">The captain cut the power.</div>'),
        (Markup.TEXT, "Intro.\n\n[spoiler]The captain cut the power.[/spoiler]\n\nOutro."),
    ],
)  # fmt: skip
def test_block_syntaxes(markup: Markup, text: str) -> None:
    assert spoiler_texts(parse(text, markup)) == ["The captain cut the power."]


def test_line_start_reddit_spoiler_is_not_a_blockquote() -> None:
    document = parse(">!The captain cut the power.!< Wow.", Markup.MARKDOWN)
    assert document.sections[0].text == "The captain cut the power. Wow."


def test_spoiler_across_paragraphs_is_one_span() -> None:
    document = parse("[spoiler]First part.\n\nSecond part.[/spoiler]\n\nAfter.")
    assert spoiler_texts(document) == ["First part.\n\nSecond part."]


def test_html_page_spoilers() -> None:
    page = (
        "<html><head><title>T</title></head><body><article><h1>A film</h1>"
        "<p>The first half of this long paragraph is ordinary prose about the film, "
        "long enough for the extractor to keep it as main content of the page.</p>"
        "<details><summary>Spoilers for the ending</summary><p>Everyone was a ghost "
        "the whole time and the house burns down.</p></details>"
        '<p>Also <span class="spoiler">the dog survives</span>, thankfully.</p>'
        "</article></body></html>"
    )
    document = parse(page, Markup.HTML_PAGE)
    assert spoiler_texts(document) == [
        "Everyone was a ghost the whole time and the house burns down.",
        "the dog survives",
    ]


def test_gfm_table_empty_cells_are_not_discord_spoilers() -> None:
    table = "| Ep | Score | Note |\n|---|---|---|\n| 1 || fine |\n| 2 | 4/5 ||\n| 3 || 3/5 |"
    document = parse(table, Markup.MARKDOWN)
    assert not document.contains_spoilers
    assert "3, 3/5" in document.sections[0].text


def test_discord_spoiler_needs_no_space_inside() -> None:
    document = parse("Logical a || b || c and ||real one|| here.")
    assert spoiler_texts(document) == ["real one"]


@pytest.mark.parametrize(
    "warning",
    ["Spoilers ahead!", "SPOILER ALERT", "Warning: spoilers below.", "Major spoilers follow.",
     "(Spoilers)", "*** SPOILERS ***"],
)  # fmt: skip
def test_prose_warning_runs_to_end_marker(warning: str) -> None:
    text = f"Fine prose.\n\n{warning}\n\nThe twin dies.\n\nThe dog too.\n\nEnd of spoilers.\n\nOk."
    document = parse(text)
    assert spoiler_texts(document) == ["The twin dies.\n\nThe dog too."]
    assert "End of spoilers." in document.sections[0].text


def test_inline_prose_warning_hides_the_rest_of_its_paragraph() -> None:
    document = parse("Spoiler alert: the twin dies. Spoilers end here. The music is great.")
    assert spoiler_texts(document) == ["the twin dies."]


def test_prose_warning_stops_at_the_next_heading() -> None:
    document = parse(
        "## Review\n\nSpoilers ahead!\n\nThe twin dies.\n\n## Verdict\n\nGreat.", Markup.MARKDOWN
    )
    assert spoiler_texts(document) == ["The twin dies."]
    assert not document.sections[1].spoilers


@pytest.mark.parametrize(
    "text", ["Spoilers aside, the film is great.", "No spoilers here: the film is great."]
)
def test_mentions_of_spoilers_are_not_warnings(text: str) -> None:
    assert not parse(text).contains_spoilers


def test_spoiler_heading_hides_its_section_and_subsections() -> None:
    document = parse(
        "## Spoilers\n\nThe twin dies.\n\n### Ending\n\nThe dog too.\n\n## Verdict\n\nGreat.",
        Markup.MARKDOWN,
    )
    assert spoiler_texts(document) == ["The twin dies.", "The dog too."]
    assert [section.kind for section in document.sections][-1] is SectionKind.REVIEW


@pytest.mark.parametrize(
    "flag",
    ["This review may contain spoilers.", "Contains spoilers!", "This review contains spoilers"],
)
def test_text_flag_marks_the_whole_review(flag: str) -> None:
    document = parse(f"{flag}\n\nThe twin dies at the end.\n\nRating: 4/5")
    assert document.contains_spoilers
    assert spoiler_texts(document) == ["The twin dies at the end."]
    assert flag not in document.sections[0].text


def test_source_flag_without_markup_covers_review_sections_only() -> None:
    document = parse(
        "Synopsis: A town with a secret.\n\nThe twin dies.",
        contains_spoilers=True,
        metadata=(),
    )
    kinds = {section.kind: bool(section.spoilers) for section in document.sections}
    assert kinds == {SectionKind.SYNOPSIS: False, SectionKind.REVIEW: True}


def test_source_flag_with_markup_keeps_the_marked_spans() -> None:
    document = parse(
        "Good book. [spoiler]The twin dies.[/spoiler] Read it.", contains_spoilers=True
    )
    assert spoiler_texts(document) == ["The twin dies."]


def test_nested_and_unbalanced_markers() -> None:
    extracted = extract_spans(
        mark_text("a [spoiler]b [spoiler]c[/spoiler] d[/spoiler] e [/spoiler] f")
    )
    assert extracted.text == "a b c d e f"
    assert [(s.start, s.end) for s in extracted.spoilers] == [(2, 7)]
    unclosed = extract_spans(mark_text("a [spoiler]b c"))
    assert [unclosed.text[s.start : s.end] for s in unclosed.spoilers] == ["b c"]


def test_sample_with_every_syntax_hides_every_spoiler() -> None:
    from helpers import SAMPLES

    from reader.loaders import load_paths

    (review,) = load_paths([str(SAMPLES / "every-spoiler-syntax.md")]).reviews
    from reader.parse.document import parse_review

    hidden = " ".join(spoiler_texts(parse_review(review)))
    for phrase in [
        "the lighthouse keeper is Ji-an's real father",
        "Captain Seo was the one who cut the power",
        "the drowned girl from 1998 was Han Yu-ri's sister",
        "Mr. Baek burns the logbooks",
        "Ji-an arrests her own father",
        "the storm in ep. 1 was never an accident",
        "relights the lamp on the anniversary",
        "the mayor's son drove the boat",
        "Yu-ri survives the boat fire",
        "neither of them says the word",
        "the 1998 logbook washes up on the beach",
        "Dr. Moon knew the truth",
        "Ji-an's mother wrote the anonymous letters",
    ]:
        assert phrase in hidden, phrase


@pytest.mark.parametrize(
    ("text", "warning"),
    [("Spoiler alert: the twin dies.", "Spoiler alert: "),
     ("Spoiler warning: I have to reveal the plot. The twin dies.",
      "Spoiler warning: I have to reveal the plot."),
     ("Spoilers ahead for season 2. The twin dies.", "Spoilers ahead for season 2. "),
     ("I need to reveal some spoilers ahead to discuss the show.",
      "I need to reveal some spoilers ahead to discuss the show."),
     ("Spoilers ahead! I reveal it: Bob did it.", "Spoilers ahead! "),
     ("The twin dies.", None), ("No spoilers ahead, promise.", None)],
)  # fmt: skip
def test_where_a_warning_ends(text: str, warning: str | None) -> None:
    end = warning_end(text)
    assert (None if end is None else text[:end]) == warning
