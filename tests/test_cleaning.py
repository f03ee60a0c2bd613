"""Cleaning untrusted text: escapes and controls go, mojibake is mended, URLs shrink."""

import pytest

from reader.text.cleaning import clean_line, clean_text, shorten_urls, strip_controls


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
