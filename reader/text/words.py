"""Counting words the way a listener hears them."""

import re
from functools import cache

_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"


@cache
def _word() -> re.Pattern[str]:
    """A word is a run of letters or digits with inner apostrophes or hyphens ("can't",
    "K-drama"). Han, kana and Hangul carry no spaces between words, so each character
    counts as one. Compiled on first use: its three CJK sets take 8 ms to compile, which
    every start of reader would pay for text it seldom meets."""
    return re.compile(
        rf"[{_CJK}]"
        rf"|(?:(?![{_CJK}])[^\W_])(?:(?![{_CJK}])[^\W_]|['’\-](?=[^\W_]))*"
    )


# Without any CJK character the same words are found by a simpler, faster pattern.
_HAS_CJK = re.compile(rf"[{_CJK}]")
_PLAIN_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")

# Typographic punctuation, often the only non-ASCII characters in English text, as the
# ASCII that plays the same part in a word: the curly apostrophe joins like "'", the rest
# part words like a space.
_TYPOGRAPHIC = {"’": "'", **dict.fromkeys("‘“”…—–", " ")}
# The shape of ASCII text, all its words need: 'a' for a letter or digit, '-' for a joiner
# (apostrophe or hyphen), ' ' for anything else.
_ASCII_SHAPE = {
    code: "a" if chr(code).isalnum() else "-" if chr(code) in "'-" else " " for code in range(128)
}


def count_words(text: str) -> int:
    """Number of spoken words in `text`."""
    text = plain_punctuation(text)
    if text.isascii():
        return _ascii_word_count(text)
    pattern = _word() if _HAS_CJK.search(text) else _PLAIN_WORD
    return len(pattern.findall(text))


def plain_punctuation(text: str) -> str:
    """`text` with typographic punctuation as the ASCII that plays its part in words, so
    that much English text is ASCII, whose words are found quicker."""
    if text.isascii():
        return text
    for mark, plain in _TYPOGRAPHIC.items():
        text = text.replace(mark, plain)
    return text


def _ascii_word_count(text: str) -> int:
    """`_PLAIN_WORD`'s count for ASCII text, by str.count instead of listing the words
    (several times quicker). In the shape a word starts at each 'a' not joined to a word
    before it: at the start or after a space ('a', ' a'), or after a joiner with no letter
    before it, which joins nothing ('-a' at the start, ' -a', '--a'); 'a-a' is one word."""
    shape = text.translate(_ASCII_SHAPE)
    starts = shape.count(" a") + shape.count(" -a") + shape.count("--a")
    return starts + shape.startswith(("a", "-a"))
