"""Properties over arbitrary input: the parser never raises, spans stay inside their text,
and with spoilers skipped not one spoiler character is ever shown or spoken."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli.review_json import review_json
from reader.loaders.text import load_text
from reader.model import Document, Markup, Review, Source
from reader.parse.document import parse_review
from reader.plan.skipping import spoken_section

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Spoilers are written in Greek and everything else in Latin letters, so any Greek letter
# in the output is a leak.
GREEK = "αβγδεζηθικλμνξοπρστυφχψω"
prose = st.text(alphabet="abcdefghij KLMNOP.,!?:;'\"-()", min_size=1, max_size=60)
secret = st.lists(st.text(alphabet=GREEK, min_size=1, max_size=8), min_size=1, max_size=6).map(
    " ".join
)
SYNTAXES = [
    ">!{}!<",
    "||{}||",
    "[spoiler]{}[/spoiler]",
    "[spoiler=Ending]{}[/spoiler]",
    "[[spoiler:{}]]",
    "(view spoiler)[{} (hide spoiler)]",
    "\n\n[spoiler]\n\n{}\n\n[/spoiler]\n\n",
    "\n\nSpoilers ahead!\n\n{}\n\nEnd of spoilers.\n\n",
    "\n\nSPOILER ALERT: {}\n\n",
]
MARKDOWN_ONLY = [
    "\n\n::: spoiler\n{}\n:::\n\n",
    "\n\n<details><summary>Ending</summary>\n\n{}\n\n</details>\n\n",
    '<span class="spoiler">{}</span>',
    "\n\n## Spoilers\n\n{}\n\n## After\n\n",
]


def pieces(syntaxes: list[str]) -> st.SearchStrategy[str]:
    hidden = st.tuples(st.sampled_from(syntaxes), secret).map(lambda pair: pair[0].format(pair[1]))
    return st.lists(st.one_of(prose, hidden, st.just("\n\n")), min_size=1, max_size=12).map(
        " ".join
    )


def everything_shown(document: Document) -> str:
    spoken = [spoken_section(section, skip_spoilers=True) for section in document.sections]
    json_text = review_json(document, skip_spoilers=True)  # Greek letters are not escaped
    headings = " ".join(section.heading for section in spoken)
    return " ".join([document.title, headings, json_text, *(section.text for section in spoken)])


@FAST
@given(st.text(max_size=400), st.sampled_from(list(Markup)))
def test_parser_never_raises_and_spans_stay_inside(text: str, markup: Markup) -> None:
    document = parse_review(Review(Source("x"), text, markup))
    for section in document.sections:
        for span in (*section.sentences, *section.paragraphs):
            assert 0 <= span.start < span.end <= len(section.text)
        previous_end = 0
        for spoiler in section.spoilers:
            assert previous_end <= spoiler.start < spoiler.end <= len(section.text)
            previous_end = spoiler.end


@FAST
@given(pieces(SYNTAXES), st.sampled_from([Markup.TEXT, Markup.MARKDOWN, Markup.HTML_FRAGMENT]))
def test_skipped_spoilers_never_leak(body: str, markup: Markup) -> None:
    document = parse_review(Review(Source("x"), body, markup))
    shown = everything_shown(document)
    assert not set(shown) & set(GREEK), shown


@FAST
@given(pieces(SYNTAXES + MARKDOWN_ONLY))
def test_skipped_markdown_spoilers_never_leak(body: str) -> None:
    document = parse_review(Review(Source("x"), body, Markup.MARKDOWN))
    assert not set(everything_shown(document)) & set(GREEK)


@FAST
@given(pieces(SYNTAXES))
def test_plain_text_files_never_leak(body: str) -> None:
    (review,) = load_text(body if body.strip() else "x", "review.txt").reviews
    document = parse_review(review)
    assert not set(everything_shown(document)) & set(GREEK)
