"""The pattern that counts sentences: the stop pattern of `sentences`, with a first branch
that marks the stops which surely end a sentence, so counting skips the rules for them.

A stop is sure when whitespace and then a capital (not 'X', which may begin the face 'XD')
or a digit follow it, and it is either a run of stops led by ! ? … ‽ ('fun! I', 'Why?! 2')
or a lone full stop after three lower-case letters or digits that do not end an
abbreviation ('film. The', 'in 1995. We'). The stop pattern would match the same
characters there and find the same next word: no closer or emoji stands between the stop
and the space, and no face starts the next word. And the rules end the sentence there:

- after ! ? … ‽, or a run of stops, any word but a lower-case one starts a sentence;
- a full stop ends one before a capital or digit unless the word before it is an
  abbreviation, an initial or a list number; a word ending in three lower-case letters or
  digits is neither an initial nor a list number, and it is an abbreviation only if it ends
  as one of three letters or more does. The sentence begins after a space or a stop, so
  its first word is whole: the three are the end of the word before the stop.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_TAIL = re.compile(r"[a-z0-9]{3}")


def with_sure_ends(stop: str, abbreviations: Iterable[str]) -> str:
    """`stop` (a class of stop characters, then a group of branches), with a first branch
    that matches a sure stop; the word after it starts at group `sure`. `abbreviations`
    are the words that may not end a sentence before a capital or a digit."""
    head, branches = stop.split("(?:", 1)
    tails = sorted({word[-3:] for word in abbreviations if _TAIL.fullmatch(word[-3:])})
    sure = (
        r"(?:(?<=[!?…‽])[.!?…‽]*"
        rf"|(?<=[a-z0-9]{{3}}\.)(?<!(?:{'|'.join(tails)})\.))"
        r"(?=\s+(?P<sure>[A-WYZ0-9]))"
    )
    return f"{head}(?:{sure}|{branches}"
