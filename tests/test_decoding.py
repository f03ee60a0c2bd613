"""Decoding file bytes: UTF-8 and byte-order marks, legacy encodings, refusing binary."""

import codecs

import pytest

from reader.text.decoding import Decoded, NotTextError, decode

TEXT = "Café – it’s “great”, naïve señor"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-32"),
    ],
)
def test_unicode_encodings(data: bytes) -> None:
    assert decode(data).text == TEXT
    assert decode(data).note is None


def test_windows_1252_file() -> None:
    decoded = decode(TEXT.encode("cp1252"))
    assert decoded.text == TEXT
    assert decoded.note is not None and "Windows-1252" in decoded.note


def test_latin1_file() -> None:
    assert decode("Un café, señor".encode("latin-1")).text == "Un café, señor"


def test_mostly_utf8_with_broken_bytes_keeps_utf8() -> None:
    data = TEXT.encode("utf-8") + b" \xff\xfe broken " + TEXT.encode("utf-8")
    decoded = decode(data)
    assert decoded.text.startswith(TEXT) and decoded.text.endswith(TEXT)
    assert decoded.note == "2 bytes were not valid UTF-8 and were replaced"


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02binary" * 100, bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"],
)
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(NotTextError):
        decode(data)


def test_escape_sequences_are_text_not_binary() -> None:
    assert decode(b"\x1b[31mred\x1b[0m review").text == "\x1b[31mred\x1b[0m review"


def test_empty() -> None:
    assert decode(b"").text == ""


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Очень хороший фильм, но концовка слабая. Актёры играют отлично.", "cp1251"),
        ("Ήταν πολύ καλή ταινία, αλλά το τέλος ήταν αδύναμο.", "cp1253"),
        ("日本の映画はとても良かった。最後が弱い。", "shift_jis"),
    ],
)
def test_legacy_file_in_another_script(text: str, encoding: str) -> None:
    decoded = decode(text.encode(encoding))
    assert decoded.text == text
    assert decoded.note is not None and decoded.note.startswith("not UTF-8; read as ")


@pytest.mark.parametrize(
    "text", ["Un café, señor. Très bien, naïve.", "Größe und Übermut, ça va", TEXT]
)
def test_legacy_latin_file_stays_windows_1252(text: str) -> None:
    decoded = decode(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.note == "not UTF-8; read as Windows-1252 (Latin-1)"


def _page(head: str, body: str) -> str:
    return f"<html><head>{head}<title>Review</title></head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize(
    ("encoding", "head", "label", "body"),
    [
        (
            "windows-1251",
            '<meta charset="windows-1251">',
            "windows-1251",
            "Очень хороший фильм, но концовка слабая.",
        ),
        (
            "euc-kr",
            '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">',
            "euc-kr",
            "정말 좋은 영화였지만 결말이 약했다.",
        ),
        ("iso-8859-1", "<META CHARSET=iso-8859-1>", "iso-8859-1", "Un café, señor, très naïve."),
        # Short KOI8-R Russian, which guesses misread; only the declaration tells.
        ("koi8-r", "<meta charset='KOI8-R' />", "KOI8-R", "Хороший фильм."),
    ],
)
def test_html_page_in_its_declared_charset(encoding: str, head: str, label: str, body: str) -> None:
    html = _page(head, body)
    decoded = decode(html.encode(encoding))
    assert decoded.text == html
    assert decoded.note == f"not UTF-8; read as {label}, as the page declares"


def test_latin1_page_reads_windows_1252_extras() -> None:
    """Browsers read a page labelled ISO-8859-1 as Windows-1252, curly quotes and all."""
    html = _page('<meta charset="iso-8859-1">', "It’s “great” – really")
    assert decode(html.encode("cp1252")).text == html


@pytest.mark.parametrize(
    "head",
    [
        '<meta charset="nonsense-8">',  # unknown: the usual guesses
        '<meta charset="base64">',  # a codec, but not a text encoding
        '<meta charset="utf-8">',  # says UTF-8 and is not: the usual guesses
    ],
)
def test_unusable_declaration_falls_back_to_guessing(head: str) -> None:
    html = _page(head, "Un café, señor.")
    decoded = decode(html.encode("cp1252"))
    assert decoded.text == html
    assert decoded.note == "not UTF-8; read as Windows-1252 (Latin-1)"


def test_declaration_is_not_needed_for_utf8() -> None:
    html = _page('<meta charset="windows-1251">', "Очень хороший фильм.")
    assert decode(html.encode("utf-8")) == Decoded(html)
