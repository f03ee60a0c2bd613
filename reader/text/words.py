"""Counting words the way a listener hears them."""

import re

_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"

# A word is a run of letters or digits with inner apostrophes or hyphens ("can't", "K-drama").
# Han, kana and Hangul carry no spaces between words, so each character counts as one.
_WORD = re.compile(
    rf"[{_CJK}]"
    rf"|(?:(?![{_CJK}])[^\W_])(?:(?![{_CJK}])[^\W_]|['’\-](?=[^\W_]))*"
)


# Without any CJK character the same words are found by a simpler, faster pattern.
_HAS_CJK = re.compile(rf"[{_CJK}]")
_PLAIN_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def count_words(text: str) -> int:
    """Number of spoken words in `text`."""
    pattern = _WORD if _HAS_CJK.search(text) else _PLAIN_WORD
    return len(pattern.findall(text))
