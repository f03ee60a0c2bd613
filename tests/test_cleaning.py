"""Cleaning untrusted text: escapes and controls go, mojibake is mended, URLs shrink."""

from pathlib import Path

import pytest

from reader.text.cleaning import (
    clean_line,
    clean_text,
    decode_entities,
    escape_stray_ampersands,
    shorten_urls,
    strip_controls,
)

DATA = Path(__file__).resolve().parent / "data" / "real" / "pages"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\x1b[31mred\x1b[0m", "red"),
        ("\x1b[2J\x1b[Hcleared", "cleared"),
        ("title\x1b]0;evil title\x07 here", "title here"),
        ("\x1b]8;;https://x.example\x1b\\link\x1b]8;;\x1b\\", "link"),
        ("8-bit \x9b2J CSI", "8-bit  CSI"),
        ("bell\x07 and nul\x00 and del\x7f", "bell and nul and del"),
        ("tab\there", "tab here"),
        ("crlf\r\nline", "crlf\nline"),
        ("bidi \u202eevil\u202c", "bidi evil"),
        ("zero\u200bwidth", "zerowidth"),
        ("icon \uf005 font", "icon  font"),
        ("unterminated \x1b]0;title\nnext line", "unterminated \nnext line"),
    ],
)
def test_strip_controls(raw: str, clean: str) -> None:
    assert strip_controls(raw) == clean


def test_cleaned_text_has_no_control_characters() -> None:
    raw = "".join(chr(code) for code in range(0x00, 0xA0)) + " text"
    cleaned = clean_text(raw)
    assert all(char in "\n" or ord(char) >= 0x20 for char in cleaned)
    assert "\x1b" not in cleaned and "\x9b" not in cleaned


@pytest.mark.parametrize(
    "markup", ["[bold red]boom[/bold red]", "[link=https://x.example]y[/link]", "[/]", "[b]x[/b]"]
)
def test_console_markup_is_plain_text(markup: str) -> None:
    assert clean_text(f"before {markup} after") == f"before {markup} after"


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("itâ€™s", "it’s"),
        ("cafÃ©", "café"),
        ("Iâ€™m sure â€” really", "I’m sure — really"),
        ("already fine: café – it’s", "already fine: café – it’s"),
    ],
)
def test_mojibake_is_repaired(broken: str, fixed: str) -> None:
    assert clean_text(broken) == fixed


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("See https://www.imdb.com/title/tt6751668/.", "See imdb.com."),
        ("(https://boxd.it/abc12)", "(boxd.it)"),
        ("www.example.org/x?y=1, then", "example.org, then"),
        ("http://localhost:8000/a", "localhost"),
        ("no url here.", "no url here."),
    ],
)
def test_urls_become_site_names(text: str, spoken: str) -> None:
    assert shorten_urls(text) == spoken


def test_spaces_and_blank_lines_are_normalised() -> None:
    assert clean_text("  a \xa0 b  \n\n\n\n c \n") == "a b\n\nc"
    assert clean_line(" The\n  Title\t") == "The Title"


def _mojibake(text: str) -> str:
    """UTF-8 bytes shown as Windows-1252, C1 bytes kept as Latin-1 does, like a browser."""
    return text.encode("utf-8").decode("sloppy-windows-1252")  # ftfy's codec


@pytest.mark.parametrize(
    "text",
    [
        "Очень хороший фильм, норм.",
        "Ήταν πολύ καλή ταινία.",
        "日本の映画はとても良かった。",
        "한국 드라마 정말 좋아요",
        "Café «naïve» – it’s “great”",
        "مسلسل رائع جدا",
    ],
)
def test_mojibake_in_any_script_is_repaired_and_correct_text_kept(text: str) -> None:
    import ftfy  # noqa: F401  (registers the sloppy codecs)

    assert clean_text(_mojibake(text)) == text
    assert clean_text(text) == text


@pytest.mark.parametrize(
    "text",
    ["«café»", "Ñandú", "ÀÉÎÕÜ", "naïve façade", "Zoë’s “Øresund” ½"],
)
def test_latin_text_that_looks_like_mojibake_is_kept(text: str) -> None:
    assert clean_text(text) == text


def test_real_russian_mojibake_is_repaired() -> None:
    # A blog article stored as UTF-8 read as Windows-1252 (see data/real/pages/SOURCES.md).
    broken = (DATA / "mojibake-russian-article.txt").read_text(encoding="utf-8")
    assert broken.startswith("Ð\xa0Ð°Ñ\x81Ñ\x81")
    fixed = clean_text(broken)
    assert fixed.startswith("Рассмотрим три уровня, на которых могут находиться данные.")
    assert "Ð" not in fixed and "Ñ" not in fixed
    assert "блокам — регистры процессора" in fixed


@pytest.mark.parametrize(
    ("raw", "decoded"),
    [
        ("a &gt b &amp c &quot d", 'a > b & c " d'),
        ("Tom &amp; Jerry &lt;3", "Tom & Jerry <3"),
        ("it&#39;s, it&#39s, it&#x27;s", "it's, it's, it's"),
        ("non&nbspbreaking", "non&nbspbreaking"),
        ("space&nbsp;kept", "space\xa0kept"),
        ("AT&T and R&D; ok", "AT&T and R&D; ok"),
        ("https://x.example/?a=1&amp=2&ampx=3", "https://x.example/?a=1&amp=2&ampx=3"),
        ("&notit &copy 2020", "&notit &copy 2020"),
        ("&copy; 2020", "© 2020"),
        ("&amp", "&"),
    ],
)
def test_entities_are_decoded_where_they_are_entities(raw: str, decoded: str) -> None:
    assert decode_entities(raw) == decoded


@pytest.mark.parametrize(
    ("markup", "escaped"),
    [
        ("AT&T", "AT&amp;T"),
        ("?a=1&amp=2", "?a=1&amp;amp=2"),
        ("a &gt b &amp; c", "a &gt b &amp; c"),
    ],
)
def test_stray_ampersands_are_escaped_before_html_parsing(markup: str, escaped: str) -> None:
    assert escape_stray_ampersands(markup) == escaped


def test_titles_decode_entities() -> None:
    assert clean_line("Tom &amp Jerry &gt; Road Runner") == "Tom & Jerry > Road Runner"
