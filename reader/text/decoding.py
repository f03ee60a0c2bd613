"""Turning file bytes into text: encodings, byte-order marks, and refusing binary files."""

import codecs
import re
import unicodedata
from dataclasses import dataclass


class NotTextError(ValueError):
    """The bytes are not text reader can read."""


@dataclass(frozen=True)
class Decoded:
    """Text plus a note for the user when decoding had to guess or replace."""

    text: str
    note: str | None = None


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE = 8192
# Control bytes that plain text never contains (escape, tab and line ends are allowed).
_BINARY_BYTES = bytes(range(0x00, 0x09)) + bytes(range(0x0E, 0x1B))
# '<meta charset="windows-1251">' or '<meta http-equiv="Content-Type"
# content="text/html; charset=euc-kr">', looked for in the page's first bytes.
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
# Labels browsers read as a larger superset (the WHATWG Encoding Standard), since pages
# labelled Latin-1 or EUC-KR are written in practice with Windows-1252's or CP949's extras.
_SUPERSETS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "euc_kr": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
}


def decode(data: bytes) -> Decoded:
    """Decode as UTF-8 (or per its BOM), else in the charset an HTML page declares; fall
    back to Windows-1252 for legacy files.

    A file that is mostly valid UTF-8 with a few broken bytes keeps its UTF-8 reading,
    with the bad bytes replaced and reported; one with no valid multibyte sequences is
    legacy 8-bit text, which Windows-1252 reads correctly in practice (it is a superset
    of Latin-1's printable characters).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(encoding, errors="replace"))
    _refuse_binary(data)
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    declared = _declared(data)
    if declared is not None:
        return declared
    lossy = data.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd")
    valid_multibyte = len(lossy) - len(lossy.encode("ascii", errors="ignore")) - bad
    if valid_multibyte > bad:
        return Decoded(lossy, f"{bad} bytes were not valid UTF-8 and were replaced")
    return _other_script(data) or Decoded(
        data.decode("cp1252", errors="replace"), "not UTF-8; read as Windows-1252 (Latin-1)"
    )


def _declared(data: bytes) -> Decoded | None:
    """A page in the legacy charset its `<meta>` names; None if it names none, or one
    Python does not know, or one the bytes are not valid in."""
    match = _META_CHARSET.search(data[:_SAMPLE])
    if match is None:
        return None
    label = match.group(1).decode("ascii")  # a bytes pattern's \w is ASCII only
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page that says UTF-8 (or, impossibly for these bytes, UTF-16) and is not valid
    # UTF-8 is left to the guesses.
    if name.startswith("utf"):
        return None
    encoding = _SUPERSETS.get(name, name)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):  # LookupError: 'base64' is no text encoding
        return None
    return Decoded(text, f"not UTF-8; read as {label}, as the page declares")


def _other_script(data: bytes) -> Decoded | None:
    """A legacy file in a non-Latin script (Windows-1251 Russian, Shift JIS), which
    Windows-1252 would turn into 'Ïðèâåò'. Only a guess whose letters are all in one
    non-Latin script is trusted: Latin text is better served by Windows-1252."""
    import charset_normalizer  # comes with trafilatura; only legacy files need it

    best = charset_normalizer.from_bytes(data[: _SAMPLE * 8]).best()
    if best is None:
        return None
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    scripts = {_script(char) for char in text if not char.isascii() and char.isalpha()}
    if len(scripts) != 1 or "LATIN" in scripts:
        return None
    return Decoded(text, f"not UTF-8; read as {best.encoding}")


def _script(char: str) -> str:
    """The script a letter belongs to, by its Unicode name: 'CYRILLIC', 'GREEK', 'CJK'."""
    name = unicodedata.name(char, "")
    if name.startswith(("HIRAGANA", "KATAKANA", "CJK")):
        return "CJK"
    return name.split(" ")[0]


def _refuse_binary(data: bytes) -> None:
    sample = data[:_SAMPLE]
    if not sample:
        return
    if b"\x00" in sample:
        raise NotTextError("looks like a binary file, not text")
    odd = len(sample) - len(sample.translate(None, delete=_BINARY_BYTES))
    if odd / len(sample) > 0.05:
        raise NotTextError("looks like a binary file, not text")
