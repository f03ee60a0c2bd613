"""`reader outline --json` made fast gives the same output as before: the simple fragment
reader gives lxml's blocks, a large export parsed in worker processes gives the same JSON
as one process, and the JSON written a review at a time is `json.dumps` of the whole."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from common import write_letterboxd_export  # noqa: E402 - the benchmark's synthetic export

import reader.cli.outline_workers as workers  # noqa: E402
from reader.cli.main import main  # noqa: E402
from reader.loaders import load_paths  # noqa: E402
from reader.model import Markup  # noqa: E402
from reader.parse.fragments import simple_fragment_blocks  # noqa: E402
from reader.parse.html import lxml_fragment_blocks  # noqa: E402
from reader.text.cleaning import clean_text  # noqa: E402

FRAGMENTS = [
    "Plain <i>italic</i> and <b>bold</b>.<br />\n<br />\nSecond &amp; last&#39;s.",
    "<p>One.</p><p>Two <em>and</em> <strong>three</strong>…</p> tail",
    "  <br/>leading blank<br>  <i>unclosed emphasis<br /><br />next",
    "&quot;Quoted&quot; &lt;not a tag&gt; &nbsp;spaced &#8217;curly&#8217;",
    "<b>overlapping <i>tags</b> here</i>",
    "MY VERDICT<br /><br /># Hash heading<br />text",
    "caf\u00c3\u00a9 <i>mojibake</i> &#233;",
    "a<br>b\n\n<p>c</p>\n\nd",
    # A reference is read once: the '&' one gives starts nothing.
    "&amp;lt; is not read twice, nor &amp;#39;",
    "&#38;lt; and &#60;i&#62; are text<br />&#39;quoted&#39; &apos;too&apos;",
    "&#178; a character the flat reader leaves to the other",
    # As real Letterboxd exports quote and link: a quotation opened twice and never closed,
    # then links to the reviewer's lists.
    "<blockquote>“Una jaula con ruedas.”<blockquote>\n\nMientras la trama avanza.\n\n"
    '<a href="https://boxd.it/SDUSS">Cohn y Duprat</a> | <a href="https://boxd.it/x">2019</a>',
    "<blockquote><p>Quoted paragraph.</p></blockquote>After <a>a bare link</a>.",
]
# Markup the simple reader leaves to lxml.
LXML_ONLY = [
    '<span class="spoiler">hidden</span>',
    "<i/>self-closing",
    "</br>odd break",
    "AT&T & stray",
    "<b><p>paragraph in bold</p></b>",
    "&#150; a C1 reference",
    "line\r\nbreak <br>",
    "&#x27; a hexadecimal reference",
    "&#12345678; no such character",
    "<p><blockquote>a quotation in a paragraph</blockquote></p>",
    '<a href="https://boxd.it/x"><a href="https://boxd.it/y">a link in a link</a></a>',
    '<a href="https://example.com/?a=1&amp;b=2">an address with a reference</a>',
    '<a title="x">another attribute</a>',
]


@pytest.mark.parametrize("html", FRAGMENTS)
def test_simple_fragments_read_as_lxml_does(html: str) -> None:
    assert simple_fragment_blocks(html) == lxml_fragment_blocks(html)


# What the simple reader reads, and the markup around it, in any order and nesting.
_PIECES = st.sampled_from(
    [
        *("<br />", "<br>", "<p>", "</p>", "<i>", "</i>", "<b>", "</b>", "<em>", "</strong>"),
        *('<a href="https://boxd.it/x">', "<a>", "</a>", "<blockquote>", "</blockquote>"),
        *("&amp;", "&#39;", "&nbsp;", " ", "  ", "\n", "\n\n", "word", "Word. ", "é", "…"),
    ]
)


@settings(max_examples=500, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=14))
def test_any_mix_is_read_as_lxml_does_or_left_to_it(pieces: list[str]) -> None:
    """However the tags fall, the simple reader gives lxml's blocks or declines."""
    html = clean_text("".join(pieces))
    simple = simple_fragment_blocks(html)
    assert simple is None or simple == lxml_fragment_blocks(html)


@pytest.mark.parametrize("html", LXML_ONLY)
def test_other_markup_is_left_to_lxml(html: str) -> None:
    assert simple_fragment_blocks(html) is None


def test_real_export_fragments_read_as_lxml_does() -> None:
    """Every fragment in the sample and real exports takes the simple reader, or lxml's;
    the real Letterboxd export's quotations and links take the simple one."""
    real = ROOT / "tests" / "data" / "real" / "exports" / "letterboxd" / "reviews.csv"
    samples = [*sorted((ROOT / "sample_reviews").glob("*.csv")), real]
    bodies = [
        clean_text(review.body)
        for review in load_paths(map(str, samples)).reviews
        if review.markup is Markup.HTML_FRAGMENT
    ]
    assert bodies
    for body in bodies:
        simple = simple_fragment_blocks(body)
        assert simple is None or simple == lxml_fragment_blocks(body)
    quoted = [clean_text(review.body) for review in load_paths([str(real)]).reviews]
    assert any("<blockquote>" in body and "<a href=" in body for body in quoted)
    assert all(simple_fragment_blocks(body) is not None for body in quoted)


def _outline(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["outline", "--json", str(path)]) == 0
    return capsys.readouterr().out


def test_parallel_outline_matches_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    export = tmp_path / "reviews.csv"
    write_letterboxd_export(export, 240)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 10**9)
    serial = _outline(export, capsys)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 100)
    monkeypatch.setattr(workers, "CHUNK", 50)
    monkeypatch.setattr(workers, "_worker_count", lambda reviews: 2)
    assert _outline(export, capsys) == serial
    payload = json.loads(serial)
    assert len(payload["reviews"]) == 240
    assert serial == json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def test_streamed_json_of_no_reviews_is_json_dumps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n")
    main(["outline", "--json", str(empty)])
    out = capsys.readouterr().out
    assert out == json.dumps(json.loads(out), ensure_ascii=False, indent=2) + "\n"
    assert json.loads(out)["reviews"] == []
