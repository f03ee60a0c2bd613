"""Sections from headings, labels and inference; titles; facts; the seed review end to end."""

import pytest
from helpers import ROOT, SEED, parse, section_texts

from reader.loaders import load_paths
from reader.model import Document, Markup, MetadataField, Rating, SectionKind
from reader.parse.document import parse_review
from reader.parse.markdown import markdown_blocks
from reader.parse.notes import hidden_notes
from reader.parse.sentinels import CLOSE, OPEN
from reader.plan.skipping import spoken_section

REAL_POSTS = ROOT / "tests" / "data" / "real" / "posts"


def kinds(document: Document) -> list[tuple[SectionKind, str]]:
    return [(section.kind, section.heading) for section in document.sections]


@pytest.fixture(scope="module")
def seed() -> Document:
    (review,) = load_paths([str(SEED)]).reviews
    return parse_review(review)


class TestSeedReview:
    def test_title_drops_the_picture_tail(self, seed: Document) -> None:
        assert seed.title == "1 Litre Of Tears"

    def test_sections_in_order(self, seed: Document) -> None:
        assert kinds(seed) == [
            (SectionKind.METADATA, "Details"),
            (SectionKind.SYNOPSIS, "Synopsis"),
            (SectionKind.REVIEW, "Review"),
            (SectionKind.RATING, "Rating"),
        ]

    def test_facts_and_rating(self, seed: Document) -> None:
        genres = ("Romance", "Family", "School Life", "Tragedy")
        assert seed.metadata == (MetadataField("Genre", genres),)
        assert seed.sections[0].text == "Genre: Romance, Family, School Life, Tragedy."
        assert seed.rating == Rating(5, 5, "Overall Rating")
        assert seed.sections[-1].text == "Overall Rating: 5 out of 5."

    def test_synopsis_is_its_own_paragraph(self, seed: Document) -> None:
        synopsis = section_texts(seed)["Synopsis"]
        assert synopsis.startswith("Based on a true story, Ikeuchi Aya (played by Sawajiri Erika)")
        assert synopsis.endswith("does not effect her mental capacity.")

    @pytest.mark.parametrize(
        "caption",
        [
            "Haruto 1 Litre of Tears",
            "1 Litre of Tears classmates say goodbye",
            "Aya smiles birghtly in 1 Litre of Tears Jdorama",
            "Aya 1 Litre of Tears",
            "Aya 1 Litre of Tears JdoramaHaruto 1 litre of tears jdorama",
        ],
    )
    def test_captions_are_not_read(self, seed: Document, caption: str) -> None:
        read = "\n".join(section.text for section in seed.sections)
        assert caption not in read
        assert caption in seed.skipped

    @pytest.mark.parametrize(
        "quote",
        [
            "I love to cry, but it hurts so much.",
            "Why. why…. why?",
            "You’ll never be ready to watch this, so just watch it.",
            "1 Litre of Tears is an understatement.",
        ],
    )
    def test_pull_quotes_are_read(self, seed: Document, quote: str) -> None:
        review = section_texts(seed)["Review"]
        assert quote in review.split("\n\n")

    def test_tag_line_is_dropped(self, seed: Document) -> None:
        assert "kdrama Quick review rating" in seed.skipped
        assert all("Quick review" not in section.text for section in seed.sections)

    def test_review_reads_whole_and_in_order(self, seed: Document) -> None:
        review = section_texts(seed)["Review"]
        assert review.startswith("1 Litre of Tears is an understatement.")
        assert review.endswith("a scar and a smile in my heart.")
        assert review.index("I honestly can’t") < review.index("Mom, will I Marry Someday?")

    def test_sentences_stay_inside_paragraphs(self, seed: Document) -> None:
        review = next(s for s in seed.sections if s.kind is SectionKind.REVIEW)
        sentences = [review.span_text(span) for span in review.sentences]
        assert "Why. why…. why?" in sentences
        assert "I’m destroyed." in sentences
        assert all("\n\n" not in sentence for sentence in sentences)
        assert len(sentences) > 50

    def test_nothing_is_a_spoiler(self, seed: Document) -> None:
        assert not seed.contains_spoilers


@pytest.mark.parametrize(
    ("markup", "body"),
    [
        (Markup.MARKDOWN,
         "# Parasite\n\n## Plot\n\nA family.\n\n## Verdict\n\nGreat.\n\n## Cast\n\nSong."),
        (Markup.HTML_FRAGMENT, "<h1>Parasite</h1><h2>Plot</h2><p>A family.</p><h2>Verdict</h2>"
         "<p>Great.</p><h2>Cast</h2><p>Song.</p>"),
        (Markup.TEXT, "# Parasite\n\nPLOT\n\nA family.\n\nVERDICT\n\nGreat.\n\nCAST\n\nSong."),
        (Markup.TEXT,
         "Parasite\n========\n\nPlot:\n\nA family.\n\nVerdict:\n\nGreat.\n\nCast\n----\n\nSong."),
    ],
)  # fmt: skip
def test_headings_name_sections(markup: Markup, body: str) -> None:
    document = parse(body, markup)
    assert document.title == "Parasite"
    assert [(kind, heading.upper()) for kind, heading in kinds(document)] == [
        (SectionKind.SYNOPSIS, "PLOT"),
        (SectionKind.REVIEW, "VERDICT"),
        (SectionKind.OTHER, "CAST"),
    ]


def test_subsections_inherit_their_parent_kind() -> None:
    document = parse("## Review\n\n### Acting\n\nSuperb.\n\n### Music\n\nLovely.", Markup.MARKDOWN)
    assert kinds(document) == [
        (SectionKind.REVIEW, "Review"),
        (SectionKind.REVIEW, "Acting"),
        (SectionKind.REVIEW, "Music"),
    ]
    assert [s.level for s in document.sections] == [2, 3, 3]


def test_inline_label_holds_one_paragraph() -> None:
    document = parse("Synopsis: A family cons a rich one.\n\nI loved it.\n\nSo did my mother.")
    assert section_texts(document) == {
        "Synopsis": "A family cons a rich one.",
        "Review": "I loved it.\n\nSo did my mother.",
    }


def test_label_alone_holds_until_the_next_heading() -> None:
    document = parse("Synopsis:\n\nA family.\n\nA con.\n\nMy thoughts:\n\nGreat.")
    assert section_texts(document) == {"Synopsis": "A family.\n\nA con.", "My thoughts": "Great."}


def test_sentence_that_starts_with_a_word_like_a_label_is_prose() -> None:
    document = parse("The premise is pure Andy Weir: a man wakes up alone.\n\nFun.")
    assert kinds(document) == [(SectionKind.REVIEW, "Review")]


def test_facts_gather_into_details_wherever_they_are() -> None:
    document = parse(
        "Director: Bong Joon-ho\nYear: 2019\n\nGreat film.\n\nCast: Song Kang-ho, Cho Yeo-jeong"
    )
    assert document.metadata == (
        MetadataField("Director", "Bong Joon-ho"),
        MetadataField("Year", "2019"),
        MetadataField("Cast", ("Song Kang-ho", "Cho Yeo-jeong")),
    )
    assert document.sections[0].text == (
        "Director: Bong Joon-ho.\nYear: 2019.\nCast: Song Kang-ho, Cho Yeo-jeong."
    )
    assert section_texts(document)["Review"] == "Great film."


def test_loader_facts_come_first_and_are_not_repeated() -> None:
    given = (MetadataField("Year", "2019"),)
    document = parse("Year: 2020\nGenre: Drama\n\nGood.", metadata=given)
    assert document.metadata == (MetadataField("Year", "2019"), MetadataField("Genre", ("Drama",)))


def test_markdown_front_matter() -> None:
    body = (
        '---\ntitle: "Past Lives"\nrating: 4.5/5\ngenre: [Drama, Romance]\nlayout: post\n---\n\n'
        "Quiet."
    )
    document = parse(body, Markup.MARKDOWN)
    assert document.title == "Past Lives"
    assert document.rating == Rating(4.5, 5, "Rating")
    assert document.metadata == (MetadataField("Genre", ("Drama", "Romance")),)


def test_markdown_images_links_and_code() -> None:
    body = "See ![Aya smiling](aya.png) [the essay](https://example.com/x) or <https://www.imdb.com/t/1>."
    assert parse(body, Markup.MARKDOWN).sections[0].text == "See the essay or imdb.com."


def test_title_falls_back_to_the_file_name() -> None:
    from reader.model import Review, Source

    review = Review(Source("reviews/my_favourite-film.txt"), "Just prose here.", Markup.TEXT)
    assert parse_review(review).title == "My favourite film"
    assert parse_review(Review(Source("-"), "Prose.", Markup.TEXT)).title == "Untitled review"


def test_empty_heading_without_subsections_is_dropped() -> None:
    document = parse("## Synopsis\n\n## Review\n\nGood.", Markup.MARKDOWN)
    assert kinds(document) == [(SectionKind.REVIEW, "Review")]


def test_empty_body_gives_no_sections() -> None:
    assert parse("   \n\n ").sections == ()


def test_markdown_footnotes_are_a_last_section_of_notes() -> None:
    """A real blog post's footnote: its mark is not said, and the note is read last, under
    'Notes' with its number. It used to be read as '[^1]: …' at the end of the last
    section, inside that section's spoiler, and so skipped with it."""
    (review,) = load_paths([str(REAL_POSTS / "alchoi-dark-matter.md")]).reviews
    document = parse_review(review)
    notes = document.sections[-1]
    assert (notes.kind, notes.heading, notes.level) == (SectionKind.OTHER, "Notes", 2)
    assert notes.text == (
        "1. I’m reminded a bit of Robert J. Sawyer, who I read a lot when I was younger."
    )
    assert notes.spoilers == ()
    assert not any("[^" in section.text for section in document.sections)
    assert "a fan of his work.\n\n" in document.sections[-2].text


def test_a_footnote_referenced_inside_a_spoiler_is_a_spoiler_itself() -> None:
    """A note is read under Notes, away from its mark: one referenced from an inline
    spoiler or from a warned region is hidden there too, its number still said; one
    referenced from open text, or after the region ends, is read."""
    body = (
        "# Dark Matter\n\n"
        "The show opens well[^cast] and the cast is strong.\n\n"
        ">!Jason is his own double[^double], which explains the box.!<\n\n"
        "## Ending\n\n"
        "Spoilers ahead: the corridor[^box] never ends and Amanda stays.\n\n"
        "End of spoilers. The score[^score] is lovely.\n\n"
        "## Verdict\n\nWorth it[^cast].\n\n"
        "[^cast]: Joel Edgerton leads it.\n"
        "[^double]: Jason2 was made by the box.\n"
        "[^box]: The box is as in the book.\n"
        "[^score]: By Jeff Russo.\n"
    )
    document = parse(body, Markup.MARKDOWN)
    notes = document.sections[-1]
    assert notes.heading == "Notes"
    assert [notes.text[span.start : span.end] for span in notes.spoilers] == [
        "Jason2 was made by the box.",
        "The box is as in the book.",
    ]
    said = spoken_section(notes, skip_spoilers=True).text
    assert said == (
        "1. Joel Edgerton leads it.\n\n2. Spoiler skipped, 6 words.\n\n"
        "3. Spoiler skipped, 7 words.\n\n4. By Jeff Russo."
    )
    # No mark is left anywhere, in the text or the spans.
    assert all(text.isascii() for text in section_texts(document).values())
    assert "the corridor never ends" in document.sections[1].text


def test_a_hidden_footnote_of_several_paragraphs_is_one_spoiler() -> None:
    source = (
        ">!Jason is his own double[^double].!< Worth it[^cast].\n\n"
        "[^double]: Jason2 was made by the box.\n\n    He remembers everything.\n"
        "[^cast]: Joel Edgerton leads it.\n"
    )
    texts = [block.text for block in hidden_notes(markdown_blocks(source))]
    assert texts == [
        f"{OPEN}Jason is his own double.{CLOSE} Worth it.",
        "Notes",
        f"1. {OPEN}Jason2 was made by the box.",
        "He remembers everything.",
        f"{CLOSE}2. Joel Edgerton leads it.",
    ]


def test_footnote_marks_cannot_come_from_the_source() -> None:
    """The marks are private-use characters, which cleaning removes from any review."""
    forged = "".join(chr(code) for code in (0xE100, 0xE900, 0xE901, 0xF000))
    body = f">!Hidden{forged}[^a].!<\n\n{forged}Open.\n\n[^a]: A note.\n"
    document = parse(body, Markup.MARKDOWN)
    assert list(section_texts(document).values()) == ["Hidden.\n\nOpen.", "1. A note."]
    assert len(document.sections[-1].spoilers) == 1


def test_footnotes_in_the_reviews_language_numbered_as_referred_to() -> None:
    body = (
        "# Una reseña\n\n"
        "La película rompe sus barreras [^b], y la música[^a] es preciosa y muy emotiva. "
        "Es una de las mejores películas que he visto este año, sin ninguna duda.\n\n"
        "# Veredicto\n\nUna joya que hay que ver.\n\n"
        "[^a]: La banda sonora es de Hisaishi.\n\n"
        "[^b]: Sobre todo en el final.\n    Con dos párrafos."
    )
    document = parse(body, Markup.MARKDOWN)
    assert document.language == "es"
    assert "rompe sus barreras, y la música es preciosa" in document.sections[0].text
    # Every heading is level 1: the notes end the section before them as a sibling.
    assert kinds(document)[-1] == (SectionKind.OTHER, "Notas")
    assert document.sections[-1].level == 1
    assert document.sections[-1].text == (
        "1. Sobre todo en el final.\nCon dos párrafos.\n\n2. La banda sonora es de Hisaishi."
    )
