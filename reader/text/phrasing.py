"""Joining a title or heading into a phrase reader says about it, without doubled stops:
'Fast, yes. Good? Not really.' is followed by ' Section 2 of 4', not '. Section', and is
'Not really, rated 2 out of 5' before a comma, not 'Not really., rated'."""

from __future__ import annotations

_ENDS = (".", "!", "?", "…")
_CLOSERS = "\"'”’»)]"


def as_sentence(text: str) -> str:
    """`text` ending as a sentence: with a full stop added unless it already ends with a
    stop, question or exclamation mark (before any closing quotes or brackets)."""
    return text if text.rstrip(_CLOSERS).endswith(_ENDS) else f"{text}."


def before_comma(text: str) -> str:
    """`text` to be followed by a comma: without a final single full stop (an ellipsis,
    a question or an exclamation mark stays, as it is heard)."""
    if text.endswith(".") and not text.endswith(".."):
        return text[:-1]
    return text
