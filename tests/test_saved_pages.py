"""Saved review pages: the page's title, score and facts, from real pages and made-up ones."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from helpers import parse

from reader.loaders import load_paths
from reader.model import Document, Markup, Rating
from reader.parse.document import parse_review
from reader.parse.page_data import page_data

PAGES = Path(__file__).resolve().parent / "data" / "real" / "pages"


def page(name: str) -> Document:
    """A real saved page, loaded the way a user opens it."""
    return saved_page(PAGES / name)


def saved_page(path: Path) -> Document:
    """A saved page file, loaded the way a user opens it."""
    result = load_paths([str(path)])
    assert len(result.reviews) == 1
    return parse_review(result.reviews[0])


def facts(document: Document) -> dict[str, str]:
    return {item.label: item.display for item in document.metadata}


@pytest.mark.parametrize(
    ("name", "title", "language"),
    [
        # <title> ends in '- Telemedicus' and the first <h1> is the site's logo.
        ("telemedicus-rezension.html", "Rezension: Härting - Internetrecht, 5. Auflage 2014", "de"),
        # og:title, not the file name; <title> ends in '| Kulu Media'.
        (
            "kulu-media-news.html",
            "Meta Outage Hits Facebook, Instagram and Messenger Worldwide",
            "en",
        ),
        ("ebrosia-product.html", "Beringer Zinfandel Rose Stone Cellars lieblich / süß", "de"),
        ("nxtsmart-yolink-review.html", "YoLink Smart Home Kit: Water Leak Sensors Review", "en"),
    ],
)
def test_real_page_title_and_language(name: str, title: str, language: str) -> None:
    document = page(name)
    assert document.title == title
    assert document.language == language
    assert all(section.heading != title for section in document.sections)


@pytest.mark.parametrize(
    ("name", "rating"),
    [
        # A product's one review in JSON-LD is the page's verdict: 9.1/10.
        ("nxtsmart-yolink-review.html", (9.1, 10.0)),
        # twitter:label1 is 'Written by': the byline is no score.
        ("kulu-media-news.html", None),
        # A shop page: a customer's microdata review (5/5) and the average (10/10) are not
        # the page's score.
        ("ebrosia-product.html", None),
        ("telemedicus-rezension.html", None),
    ],
)
def test_real_page_rating(name: str, rating: tuple[float, float] | None) -> None:
    found = page(name).rating
    assert (found and (found.value, found.scale)) == rating


def test_real_page_rating_is_read_once_at_the_end() -> None:
    document = page("nxtsmart-yolink-review.html")
    assert [section.heading for section in document.sections][-1] == "Rating"
    assert document.sections[-1].text == "Rating: 9.1 out of 10."


def test_real_page_facts() -> None:
    assert facts(page("telemedicus-rezension.html")) == {
        "Author": "Dr Sebastian Brüggemann",
        "Published": "2014-05-13",
    }
    assert facts(page("kulu-media-news.html"))["Author"] == "Kulu Media News Desk"


def _html(
    head: str, body: str = "<article><p>" + "Words of the review. " * 30 + "</p></article>"
) -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def _ld(data: str) -> str:
    return f'<script type="application/ld+json">{data}</script>'


REVIEW_LD = _ld(
    """{"@context": "https://schema.org", "@type": "Review",
    "itemReviewed": {"@type": "Movie", "name": "Past Lives", "datePublished": "2023",
      "director": {"@type": "Person", "name": "Celine Song"}, "genre": ["Drama", "Romance"],
      "duration": "PT1H46M"},
    "author": {"@type": "Person", "name": "A Critic"}, "datePublished": "2023-06-02",
    "reviewRating": {"@type": "Rating", "ratingValue": "4", "bestRating": "4",
      "worstRating": "0"}}"""
)


@pytest.mark.parametrize(
    ("head", "body", "rating"),
    [
        (REVIEW_LD, None, (4.0, 4.0)),
        # Inside @graph, with numbers rather than strings.
        (
            _ld(
                '{"@graph": [{"@type": "WebPage"}, {"@type": "Review", '
                '"reviewRating": {"ratingValue": 8.5, "bestRating": 10}}]}'
            ),
            None,
            (8.5, 10.0),
        ),
        # In an array, as CDATA, with no bestRating (inferred: 7 is out of 10).
        (
            _ld(
                '/* <![CDATA[ */[{"@type": "Review", "reviewRating": {"ratingValue": "7"}}]'
                "/* ]]> */"
            ),
            None,
            (7.0, 10.0),
        ),
        # Several reviews make a listing: none is the page's.
        (
            _ld(
                '[{"@type": "Review", "reviewRating": {"ratingValue": 5, "bestRating": 5}},'
                '{"@type": "Review", "reviewRating": {"ratingValue": 1, "bestRating": 5}}]'
            ),
            None,
            None,
        ),
        # A film page's featured user review sits beside the average: neither counts.
        (
            _ld(
                '{"@type": "Movie", "aggregateRating": {"ratingValue": 1.9, "bestRating": 10},'
                '"review": {"@type": "Review", "reviewRating": {"ratingValue": 1, '
                '"bestRating": 10}}}'
            ),
            None,
            None,
        ),
        (
            '<meta name="twitter:label1" content="Rating">'
            '<meta name="twitter:data1" content="4/5">',
            None,
            (4.0, 5.0),
        ),
        (
            '<meta name="twitter:label1" content="Est. reading time">'
            '<meta name="twitter:data1" content="7 minutes">',
            None,
            None,
        ),
        (
            "",
            '<div itemscope itemtype="https://schema.org/Review"><div itemprop="reviewRating"'
            ' itemscope itemtype="https://schema.org/Rating"><span itemprop="ratingValue">3.5'
            '</span> / <meta itemprop="bestRating" content="5"></div></div>',
            (3.5, 5.0),
        ),
        # Engadget's box: the label in one element, the number in the next.
        (
            "",
            '<div class="score"><h4>Engadget Score</h4><div><div class="t-rating">87</div>'
            "</div></div>",
            (87.0, 100.0),
        ),
        ("", '<div class="verdict">Score: 8.5/10</div>', (8.5, 10.0)),
        ("", '<p class="box">Verdict: 4 stars</p>', (4.0, 5.0)),
        ("", '<div class="user">User Score 7.9</div>', None),
        ("", "<p>Episode 9 is the best of 12.</p>", None),
    ],
)
def test_page_score(head: str, body: str | None, rating: tuple[float, float] | None) -> None:
    tree = lxml.html.document_fromstring(_html(head, body or "<p>Text.</p>"))
    found = page_data(tree).rating
    assert (found and (found.value, found.scale)) == rating


def test_score_and_facts_reach_the_document() -> None:
    document = parse(
        _html("<title>Past Lives review | Critics</title>" + REVIEW_LD), Markup.HTML_PAGE
    )
    assert document.title == "Past Lives review | Critics"
    assert document.rating is not None and document.rating.spoken == "4 out of 4"
    assert facts(document) == {
        "Reviewed": "Past Lives",
        "Director": "Celine Song",
        "Genre": "Drama, Romance",
        "Released": "2023",
        "Runtime": "106 minutes",
        "Author": "A Critic",
        "Published": "2023-06-02",
    }


def test_book_author_and_reviewer_are_both_kept() -> None:
    head = (
        _ld(
            '{"@type": "Review", "itemReviewed": {"@type": "Book", "name": "Piranesi", '
            '"author": {"@type": "Person", "name": "Susanna Clarke"}}}'
        )
        + '<meta name="author" content="Sam Reviewer">'
    )
    document = parse(_html(head), Markup.HTML_PAGE)
    assert facts(document)["Author"] == "Susanna Clarke"
    assert facts(document)["Reviewer"] == "Sam Reviewer"


@pytest.mark.parametrize(
    ("head", "title"),
    [
        (
            '<meta property="og:title" content="Elden Ring Review - IGN">'
            '<meta property="og:site_name" content="IGN">',
            "Elden Ring Review",
        ),
        (
            "<title>Elden Ring Review | IGN</title>"
            '<link rel="canonical" href="https://www.ign.com/articles/elden-ring-review">',
            "Elden Ring Review",
        ),
        (
            "<title>Sony WH-1000XM5 review: Still the best – Engadget</title>"
            '<meta property="og:site_name" content="Engadget">',
            "Sony WH-1000XM5 review: Still the best",
        ),
        # An unknown tail stays: it may be part of the title.
        (
            "<title>Spider-Man - Across the Spider-Verse</title>",
            "Spider-Man - Across the Spider-Verse",
        ),
    ],
)
def test_page_title_without_site_name(head: str, title: str) -> None:
    tree = lxml.html.document_fromstring(_html(head))
    assert page_data(tree).title == title


def test_title_is_the_h1_when_no_meta_says_otherwise() -> None:
    html = _html(
        '<meta property="og:site_name" content="Film Blog">',
        "<h1>Film Blog</h1><article><h1>Aftersun, reviewed</h1>"
        + "<p>Words of the review. </p>" * 20
        + "</article>",
    )
    assert parse(html, Markup.HTML_PAGE).title == "Aftersun, reviewed"


def test_gallery_caption_is_not_a_heading() -> None:
    body = (
        "<article><h1>A review</h1>"
        + "<p>Words of the review, long enough to be the main content. </p>" * 10
        + '<div class="gallery"><figure><h3>Photo: the lead actor on set</h3></figure></div>'
        + "<h2>Verdict</h2><p>Worth seeing.</p></article>"
    )
    document = parse(_html("", body), Markup.HTML_PAGE)
    headings = [section.heading for section in document.sections]
    assert "Photo: the lead actor on set" not in headings
    assert "Verdict" in headings


def test_a_loose_line_with_emphasis_stays_one_paragraph_with_its_spaces() -> None:
    # The real page writes its paragraphs as bare text between <br>s beside an <h2>;
    # extraction had cut 'Den <em>eigentlichen </em>Abschluss' into 'Den' and
    # 'eigentlichenAbschluss'.
    texts = [section.text for section in page("telemedicus-rezension.html").sections]
    paragraphs = [paragraph for text in texts for paragraph in text.split("\n\n")]
    assert any(p.startswith("Den eigentlichen Abschluss des Informationsteils") for p in paragraphs)
    assert "Den" not in paragraphs
    assert not any("eigentlichenAbschluss" in text for text in texts)


def page_paragraphs(html: str) -> list[str]:
    """The paragraphs of a saved page whose <article> has enough prose before `html`."""
    body = (
        "<article><h1>A review</h1><div>"
        + "<p>Words of the review, long enough to be the main content. </p>" * 6
        + html
        + "</div></article>"
    )
    document = parse(_html("", body), Markup.HTML_PAGE)
    return [p for section in document.sections for p in section.text.split("\n\n")]


def test_loose_lines_are_gathered_around_comments_and_menus() -> None:
    paragraphs = page_paragraphs(
        "<!-- a comment --><br>The lead is <b>very </b>good here.<br>"
        + 'Go to <a href="/a">news</a> <a href="/b">reviews</a><br>'
        + "<p>In the end it is worth seeing.</p>"
    )
    assert "The lead is very good here." in paragraphs
    assert "In the end it is worth seeing." in paragraphs


def test_two_line_breaks_end_a_paragraph_and_one_is_a_space() -> None:
    paragraphs = page_paragraphs(
        "<div>The lead is good.<br><br>The score is better.<br>\nIt stays with you.</div>"
    )
    assert "The lead is good." in paragraphs
    assert "The score is better. It stays with you." in paragraphs


def test_plain_text_review_decodes_entities() -> None:
    document = parse(
        "Loved it &gt all the others. Tom &amp; Jerry at AT&T, see x.example/?a=1&amp=2"
    )
    text = document.sections[0].text
    assert "Loved it > all the others. Tom & Jerry at AT&T" in text


def test_fragment_keeps_ampersands_that_are_not_entities() -> None:
    document = parse("<p>AT&T &gt Verizon, &quot;really&quot</p>", Markup.HTML_FRAGMENT)
    assert document.sections[0].text == 'AT&T > Verizon, "really"'


@pytest.mark.parametrize(
    "body",
    [
        # Seen in trafilatura's saved pages: a readers' vote widget and a histogram table.
        '<span class="rating">3 von 5</span>',
        "<table><tr><th>1 Stern</th><td>0</td></tr><tr><th>5 Sterne</th><td>4</td></tr></table>",
    ],
)
def test_unlabelled_score_widgets_are_not_the_rating(body: str) -> None:
    assert page_data(lxml.html.document_fromstring(_html("", body))).rating is None


FACT_BOXES = (
    '<dl class="facts"><dt>Developer</dt><dd>FromSoftware</dd>'
    "<dt>Platforms</dt><dd>PS5, Xbox, PC</dd></dl>"
    "<table><tr><th>Release date:</th><td>25 February 2022</td></tr>"
    "<tr><th>Genre</th><td>Action RPG</td></tr></table>"
    "<table><tr><td>Bosses</td><td>Many</td></tr><tr><td>Hours</td><td>90</td></tr></table>"
)


def test_labelled_fact_boxes_become_details_once() -> None:
    body = (
        "<article><h1>Elden Ring review</h1>"
        + "<p>Words of the review, long enough to be the main content. </p>" * 10
        + FACT_BOXES
        + "</article>"
    )
    document = parse(_html("", body), Markup.HTML_PAGE)
    assert facts(document) == {
        "Developer": "FromSoftware",
        "Platforms": "PS5, Xbox, PC",
        "Release date": "25 February 2022",
        "Genre": "Action RPG",
    }
    text = " ".join(section.text for section in document.sections[1:])
    assert "FromSoftware" not in text
    # A table of other things stays in the review, its cells read apart.
    assert "Bosses Many" in text and "Hours 90" in text


@pytest.mark.parametrize(
    "data",
    [
        "[" * 50_000 + "]" * 50_000,
        '{"@type": "Review", "itemReviewed": {"name": ' + "[" * 500 + '"x"' + "]" * 500 + "}}",
        '{"@type": "Review", "reviewRating": {"ratingValue": true, "bestRating": [5]}}',
        '{"@type": "Review", "reviewRating": "five"',
        '{"@type": ["Review"], "reviewRating": {"ratingValue": "11", "bestRating": "10"}}',
    ],
)
def test_hostile_structured_data_is_ignored(data: str) -> None:
    found = page_data(lxml.html.document_fromstring(_html(_ld(data))))
    assert found.rating is None


_SCORED_LD = _ld(
    '{"@context": "https://schema.org", "@type": "Review",'
    ' "reviewRating": {"@type": "Rating", "ratingValue": "4", "bestRating": "5"}}'
)


@pytest.mark.parametrize(
    ("body", "heading", "spoken"),
    [
        (
            "Dieser Film ist wirklich sehr gut gemacht und die Schauspieler sind hervorragend. "
            "Ich habe mich keine Minute gelangweilt.",
            "Bewertung",
            "Bewertung: 4 von 5.",
        ),
        (
            "Esta película está muy bien hecha y los actores son magníficos. No me aburrí ni "
            "un minuto.",
            "Puntuación",
            "Puntuación: 4 de 5.",
        ),
    ],
)
def test_page_score_is_read_in_the_page_language(
    tmp_path: Path, body: str, heading: str, spoken: str
) -> None:
    """The score from structured data is said with the page's words, not 'Rating'."""
    saved = tmp_path / "review.html"
    saved.write_text(_html(_SCORED_LD, f"<article><p>{body}</p></article>"), encoding="utf-8")
    document = saved_page(saved)
    last = document.sections[-1]
    assert (last.heading, last.text) == (heading, spoken)
    assert "Rating" not in " ".join(section.text for section in document.sections)


def test_page_score_is_said_once_after_a_closing_score_sentence() -> None:
    body = (
        "Der Film ist wunderschön und die Schauspieler sind großartig. Die Geschichte hat "
        "mich von der ersten Minute bis zum Ende gefesselt. Ich gebe 3 von 5 Sternen."
    )
    document = parse(_html(_SCORED_LD, f"<article><p>{body}</p></article>"), Markup.HTML_PAGE)
    assert document.rating == Rating(3, 5)
    assert [section.text for section in document.sections][-2:] == [
        body.removesuffix(" Ich gebe 3 von 5 Sternen."),
        "Bewertung: 3 von 5.",
    ]


@pytest.mark.parametrize(
    ("encoding", "meta", "title", "body"),
    [
        (
            "windows-1251",
            '<meta charset="windows-1251">',
            "Рецензия на фильм",
            "Очень хороший фильм, но концовка слабая. Актёры играют отлично.",
        ),
        (
            "euc-kr",
            '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">',
            "영화 리뷰",
            "정말 좋은 영화였지만 결말이 약했다. 배우들의 연기는 훌륭했다.",
        ),
        (
            "iso-8859-1",
            "<meta charset='iso-8859-1'>",
            "Crítica de cine",
            "Una película preciosa, señor; el final es un poco débil.",
        ),
    ],
)
def test_saved_page_in_its_declared_charset(
    tmp_path: Path, encoding: str, meta: str, title: str, body: str
) -> None:
    saved = tmp_path / "page.html"
    html = _html(f"{meta}<title>{title}</title>", f"<article><p>{body}</p></article>")
    saved.write_bytes(html.encode(encoding))
    document = saved_page(saved)
    assert document.title == title
    assert body in document.sections[-1].text
