"""Review structure: spoiler warnings that cover sections, one-line reviews in capitals,
closing score sentences; on real posts (tests/data/real/posts/) and made-up edge cases."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from helpers import ROOT, parse, spoiler_texts

from reader.loaders import load_paths
from reader.model import Document, Markup, Rating, SectionKind
from reader.parse.document import parse_review
from reader.plan.skipping import spoken_section

POSTS = ROOT / "tests" / "data" / "real" / "posts"


@cache
def post(name: str) -> tuple[Document, ...]:
    """Every review of a real post file, loaded and parsed once."""
    result = load_paths([str(POSTS / name)])
    assert not result.problems
    return tuple(parse_review(review) for review in result.reviews)


def spoken(document: Document) -> str:
    """The whole review as read with spoilers skipped."""
    return "\n\n".join(spoken_section(section, True).text for section in document.sections)


class TestRealPosts:
    """Markdown review posts from fichince/alchoi.com-astro."""

    def test_spoiler_warning_sentence_is_read_and_the_rest_hidden(self) -> None:
        (document,) = post("alchoi-strange-darling.md")
        assert document.title == "Strange Darling"
        assert document.rating == Rating(2, 5)
        (review,) = [s for s in document.sections if s.kind is SectionKind.REVIEW]
        assert review.text.startswith("Spoiler warning: Out of necessity, I have to reveal the")
        (span,) = review.spoilers
        assert review.text[span.start :].startswith("On the surface, this movie is fun")
        assert span.words > 300 and span.end == len(review.text)
        assert "Another spoiler warning" in review.text[span.start : span.end]
        assert spoken(document).count("Spoiler skipped, ") == 1

    def test_announcement_inside_a_sentence_is_a_warning(self) -> None:
        (document,) = post("alchoi-dark-matter.md")
        (review,) = [s for s in document.sections if s.kind is SectionKind.REVIEW]
        warning = "Having said that, I need to reveal some spoilers ahead to discuss"
        assert warning in review.text
        (span,) = review.spoilers
        assert review.text.index(warning) < span.start
        assert review.text[span.start :].startswith("During the middle episodes")
        assert document.rating == Rating(3.5, 5)

    def test_parenthesised_warning_is_read(self) -> None:
        (document,) = post("alchoi-exit-west.md")
        text = spoken(document)
        assert "(Spoilers follow)\n\nSpoiler skipped, " in text
        assert "The first is a realistic look" not in text

    def test_warning_covers_the_rest_of_its_section_only(self) -> None:
        (document,) = post("alchoi-tiff-2023-1.md")
        assert document.title == "TIFF 2023: Part 1"
        by_heading = {s.heading: s for s in document.sections}
        assert not by_heading["Seagrass"].spoilers
        assert not by_heading["The Contestant"].spoilers
        dreams = by_heading["Sweet Dreams"]
        (span,) = dreams.spoilers
        assert dreams.text[: span.start].rstrip().endswith("(spoilers ahead)")
        assert dreams.text[span.start :].startswith("The final 15 minutes")


class TestRealSteamCaps:
    """One-line reviews in capitals from mulhod/steam_reviews (Football Manager 2015)."""

    def test_every_review_is_read_whole(self) -> None:
        documents = post("steam-fm2015-caps.jsonl")
        bodies = [
            json.loads(line)["review"]
            for line in (POSTS / "steam-fm2015-caps.jsonl").read_text().splitlines()
        ]
        assert len(documents) == len(bodies) == 14
        for document, body in zip(documents[:12], bodies[:12], strict=True):
            assert [s.text for s in document.sections] == [" ".join(body.split())]

    def test_closing_score_of_a_steam_review(self) -> None:
        document = post("steam-fm2015-caps.jsonl")[13]
        assert document.rating == Rating(1, 10)
        assert document.sections[0].text.endswith("Most unrealistic version yet.")

    def test_former_headings_are_now_the_review(self) -> None:
        texts = {d.sections[0].text for d in post("steam-fm2015-caps.jsonl")}
        assert {"BETTER EVERY INGOD YEAR", "FOOTBALL MANAGER 15 AT ITS BEST"} <= texts


class TestSectionWarnings:
    def test_first_line_warning_hides_section_and_subsections(self) -> None:
        document = parse(
            "## Plot\n\nSpoilers ahead!\n\nThe twin dies.\n\n### Ending\n\nThe dog too.\n\n"
            "## Verdict\n\nGreat.",
            Markup.MARKDOWN,
        )
        assert spoiler_texts(document) == ["The twin dies.", "The dog too."]
        assert document.sections[0].text.startswith("Spoilers ahead!")
        assert not document.sections[-1].spoilers

    def test_end_marker_still_ends_the_region(self) -> None:
        document = parse(
            "## Plot\n\nSpoilers ahead!\n\nThe twin dies.\n\nEnd of spoilers.\n\n### Cast\n\nGood.",
            Markup.MARKDOWN,
        )
        assert spoiler_texts(document) == ["The twin dies."]

    @pytest.mark.parametrize("markup", [Markup.TEXT, Markup.MARKDOWN, Markup.HTML_FRAGMENT])
    def test_warning_and_announcement_are_two_sentences(self, markup: Markup) -> None:
        body = {
            Markup.TEXT: "Spoilers ahead The twin dies. The dog too.",
            Markup.MARKDOWN: "**Spoilers ahead** The twin dies. The dog too.",
            Markup.HTML_FRAGMENT: "<p><b>Spoilers ahead</b> The twin dies. The dog too.</p>",
        }[markup]
        section = parse(body, markup).sections[0]
        assert spoken_section(section, True).text == "Spoilers ahead. Spoiler skipped, 6 words."
        assert section.span_text(section.sentences[0]) == "Spoilers ahead."

    @pytest.mark.parametrize(
        "warning",
        ["(minor spoilers)", "Warning: spoilers below", "Spoiler warning",
         "[!WARNING] Spoilers Ahead", "Spoilers ahead for all of Game of Thrones.",
         "*Spoilers ahead for The Expanse, Season 3.*",
         "This may be a spoiler for some, so proceed with caution."],
    )  # fmt: skip
    def test_warnings_start_a_region_and_are_read(self, warning: str) -> None:
        document = parse(f"Intro prose.\n\n{warning}\n\nThe twin dies.\n\nThe dog too.")
        assert spoiler_texts(document) == ["The twin dies.\n\nThe dog too."]
        assert warning.strip("*") in document.sections[0].text

    def test_spoiler_after_a_colon_is_still_hidden(self) -> None:
        document = parse("Spoiler: Simon had died and was not resuscitated! Great film though.")
        assert spoiler_texts(document) == [
            "Simon had died and was not resuscitated! Great film though."
        ]

    @pytest.mark.parametrize(
        "text",
        ["Without going into spoilers, I can say the ending works.",
         "I don't think it's a spoiler to say that they fail."],
    )  # fmt: skip
    def test_disclaimers_are_not_warnings(self, text: str) -> None:
        assert not parse(f"{text}\n\nThe twin dies.").contains_spoilers

    @pytest.mark.parametrize(
        "flag",
        ["The review contains minor spoilers", "*This review contains spoilers*",
         "Rated S for spoilers.", "--The review contains minor spoilers--",
         "Warning: This post contains spoilers for the video game, The Last of Us.",
         "(The following blog contains spoilers for the TV series Game of Thrones)"],
    )  # fmt: skip
    def test_review_level_phrasings_flag_the_whole_review(self, flag: str) -> None:
        document = parse(f"{flag}\n\nThe twin dies at the end.\n\nRating: 4/5")
        assert spoiler_texts(document) == ["The twin dies at the end."]
        assert document.rating == Rating(4, 5)


class TestCapitalOneLiners:
    @pytest.mark.parametrize(
        "body", ["THIS GAME IS AMAZING", "EXTREMELY MID", "10/10 WOULD BUY AGAIN", "FM IS LIFE"]
    )
    @pytest.mark.parametrize("markup", [Markup.TEXT, Markup.MARKDOWN])
    def test_the_line_is_the_review(self, body: str, markup: Markup) -> None:
        document = parse(body, markup)
        assert [(s.kind, s.text) for s in document.sections] == [(SectionKind.REVIEW, body)]

    def test_the_review_heading_is_in_the_reviews_language(self) -> None:
        """A Spanish export's one-liner in capitals is a 'Reseña', as its other reviews are."""
        document = parse("JUEGAZO TOTAL", language_hint="es")
        assert [(s.heading, s.text) for s in document.sections] == [("Reseña", "JUEGAZO TOTAL")]

    def test_a_capital_heading_over_prose_stays_a_heading(self) -> None:
        document = parse("THE VERDICT\n\nI loved it.")
        assert [(s.heading, s.text) for s in document.sections] == [("THE VERDICT", "I loved it.")]

    def test_headings_alone_are_read_rather_than_dropped(self) -> None:
        document = parse("## Loved it\n\n## Would play again", Markup.MARKDOWN)
        assert document.words == 5

    def test_a_rating_does_not_hide_the_only_line(self) -> None:
        document = parse("GREAT GAME", rating=Rating(5, 5))
        assert [s.text for s in document.sections] == ["GREAT GAME", "Rating: 5 out of 5."]


class TestClosingScore:
    @pytest.mark.parametrize(
        ("closing", "rating"),
        [("I give it 4.5 out of 5.", Rating(4.5, 5)), ("8/10 from me.", Rating(8, 10)),
         ("Final score: 7/10", Rating(7, 10, "Final score")),
         ("My rating: 4/5 stars", Rating(4, 5, "My rating")),
         ("Crazy addicting, very detailed game. 10/10", Rating(10, 10)),
         ("I would rate it 9/10.", Rating(9, 10))],
    )  # fmt: skip
    def test_last_sentence_is_the_rating(self, closing: str, rating: Rating) -> None:
        document = parse(f"A tense, patient film.\n\nThe ending lands.\n{closing}")
        assert document.rating == rating
        assert document.sections[-1].kind is SectionKind.RATING
        assert "/" not in document.sections[0].text

    @pytest.mark.parametrize(
        "text",
        ["I give it 8/10. But the ending drags.", "Good but not great, 7/10",
         "10/10 would buy again.", "I give it a 9.", "Lost to Accrington Stanley 11/10"],
    )  # fmt: skip
    def test_scores_in_prose_stay_prose(self, text: str) -> None:
        document = parse(f"Fine.\n\n{text}")
        assert document.rating is None
        assert text in document.sections[0].text

    def test_score_inside_a_spoiler_stays_hidden(self) -> None:
        document = parse("Fine.\n\nSpoilers ahead!\n\nThe twin dies.\n\nI give it 4 out of 5.")
        assert document.rating is None
        assert spoiler_texts(document) == ["The twin dies.\n\nI give it 4 out of 5."]

    def test_source_rating_still_wins(self) -> None:
        document = parse("Fine film.\n\n8/10 from me.", rating=Rating(3, 5))
        assert document.rating == Rating(3, 5)


def test_real_post_folder_has_sources() -> None:
    sources = (POSTS / "SOURCES.md").read_text()
    for path in Path(POSTS).iterdir():
        if path.name != "SOURCES.md":
            assert path.name in sources
