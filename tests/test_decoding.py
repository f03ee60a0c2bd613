"""Decoding file bytes: UTF-8 and byte-order marks, legacy encodings, refusing binary."""

import codecs

import pytest

from reader.text.decoding import NotTextError, decode

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
