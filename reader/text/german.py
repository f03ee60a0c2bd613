"""German ordinals, written as a number and a full stop: 'im 19. Jahrhundert', 'die 2.
Staffel', 'am 3. Mai'.

The stop is no sentence's end (`reader.text.sentences`), and the voice should say the
ordinal with the ending its article gives it: 'im neunzehnten Jahrhundert', 'die zweite
Staffel' (`reader.plan.numerals`); eSpeak said 'im neunzehn Jahrhundert' and paused after
it as after a sentence. A number is taken for an ordinal only after an article, or a
preposition joined to one, that English does not write before a number and a stop; 'am'
only before a month ('I am 30. My' ends a sentence).
"""

from __future__ import annotations

import re

# The ending each word before the ordinal gives it ('dem 2.' is 'dem zweiten'); '' where
# it depends on the noun ('ein 2. Teil', 'ein 2. Mal'), said as written. 'der' and 'am'
# depend on more (`_ending`).
_ENDINGS = {
    **dict.fromkeys("die das eine".split(), "e"),
    **dict.fromkeys(
        "im vom zum zur beim dem den des einem einen eines einer seinem seiner ihrem ihrer "
        "ab seit bis".split(),
        "en",
    ),
    "ein": "",
}
_PREPOSITIONS = frozenset(
    "in an auf aus bei mit nach von zu seit ab während wegen trotz vor hinter über unter "
    "neben zwischen bis außer".split()
)
_ORDINAL = re.compile(r"[1-9][0-9]?\.")
_WORD_AFTER = re.compile(r"\s*([\w'’-]*)")
_OPENERS = "([\"“‘'«"
_MONTHS = frozenset(
    "januar jänner februar märz april mai juni juli august september oktober november "
    "dezember".split()
)


def ordinal_ending_at(
    text: str, number: int, stop: int, start: int = 0, previous: str = ""
) -> str | None:
    """The ending of the German ordinal whose number is text[number:stop], before the full
    stop at `stop`, told by the two words before it (from `start`) and the word after:
    'en', 'e', '' (an ordinal whose ending depends on its noun), or None when the number
    is no ordinal. After 'und' or 'oder' and another ordinal ('im 19. und 20.
    Jahrhundert') it is that one's, `previous`."""
    earlier, before = ["", "", *text[start:number].split()][-2:]
    after = _WORD_AFTER.match(text, stop + 1)
    return _ending(before.lstrip(_OPENERS), earlier, after[1] if after else "", previous)


def _ending(before: str, earlier: str, after: str, previous: str) -> str | None:
    lowered = before.lower()
    if lowered == "am":
        return "en" if after.lower() in _MONTHS else None
    if lowered in ("und", "oder") and _ORDINAL.fullmatch(earlier):
        return previous
    if earlier[-1:] in ".!?":
        earlier = ""  # it ended the sentence before
    if lowered == "der":  # 'in der 2. Staffel', 'Ende der 2. Staffel'; 'der 1. Teil'
        governed = earlier.lower() in _PREPOSITIONS or earlier[:1].isupper()
        return "en" if governed else "e"
    return _ENDINGS.get(lowered)


_UNITS = "ein zwei drei vier fünf sechs sieben acht neun".split()
_TEENS = "zehn elf zwölf dreizehn vierzehn fünfzehn sechzehn siebzehn achtzehn neunzehn".split()
_TENS = "zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig neunzig".split()
_IRREGULAR = {1: "erst", 3: "dritt", 7: "siebt", 8: "acht"}


def ordinal_words(number: int, ending: str) -> str:
    """A German ordinal from 1 to 99 in words: 'zweite', 'neunzehnten',
    'einundzwanzigsten'."""
    if number in _IRREGULAR:
        stem = _IRREGULAR[number]
    elif number < 20:
        stem = f"{_cardinal(number)}t"
    else:
        stem = f"{_cardinal(number)}st"
    return stem + ending


def _cardinal(number: int) -> str:
    """The German words for a number from 2 to 99 (as an ordinal's stem)."""
    if number < 10:
        return _UNITS[number - 1]
    if number < 20:
        return _TEENS[number - 10]
    tens, units = divmod(number, 10)
    return f"{_UNITS[units - 1]}und{_TENS[tens - 2]}" if units else _TENS[tens - 2]
