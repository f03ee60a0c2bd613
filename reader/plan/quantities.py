"""Saying amounts as a listener expects: runtimes, prices, ranges, scores and multiples.

eSpeak reads what reviews write for these in the order written, or by its symbols:
'2h 14min' is 'two h fourteen min', '$59.99' 'dollar fifty-nine point nine nine' (in every
language: the sign first), '20-30 hours' 'twenty dash thirty hours', '8/10' 'eight slash
ten' ('ocho barra diez'), '3x better' 'three x better'. Here they are '2 hours 14
minutes', '59 dollars 99', '20 to 30 hours', '8 out of 10' ('8 de 10') and '3 times
better', in the review's language. An amount after its sign's name is left alone
('15 €' is said right), as is a span whose second number is not the larger ('won 3-1'):
a score, or a code.
"""

from __future__ import annotations

import re

from reader.model import out_of
from reader.text.wording import count_of, describes, plural, word

# What a fraction before it measures ('1/4 mile', '1/2 cup'), as 'of' does ('3/4 of the
# film'): there '3/4' is no score out of 4.
_MEASURED = (
    r"(?:of|miles?|inch(?:es)?|cups?|pounds?|lbs?|ounces?|oz|teaspoons?|tsp|tablespoons?"
    r"|tbsp|gallons?|hours?|price)\b"
)
# Branches of say_as's pattern (verbose), each one group whose name says what it found.
PATTERN = r"""
    (?P<duration>(?<![\w.,:])(?:
        (?P<hours_before>[1-9])[ ]?h(?:rs?)?[ ]?(?P<minutes_after>[0-5][0-9])[ ]?(?:m(?:ins?)?)?
      | (?P<hours>[0-9]{1,3}(?:[.,][0-9])?)[ ]?(?:h|hrs?|hs|Std(?:\.(?=[ ][a-zäöüß]))?)
      | (?P<minutes>[0-9]{1,3})[ ]?(?:mins?|Min(?:\.(?=[ ][a-zäöüß]))?)
    )(?!\w))
  | (?P<money>(?<![\w$€£¥])(?P<sign>[$€£¥])[ ]?(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)
        (?:[.,](?P<cents>[0-9]{1,2}))?
        (?:[ ]?(?P<magnitude>million|billion|thousand|[kKM]|bn)(?![\w]))?
        (?![0-9]|[.,][0-9]))
  | (?P<range>(?<![\w.,/:$€£¥-])(?P<low>[0-9]{1,3}|1[89][0-9]{2}|20[0-9]{2})[-–]
        (?P<high>[0-9]{1,3}|1[89][0-9]{2}|20[0-9]{2})(?![\w/:]|[.,][0-9]|[-–][0-9]))
  | (?P<score>(?<![0-9/.,])(?P<value>[0-9]{1,3}(?:[.,][0-9]{1,2})?)[ ]*/[ ]*
        (?P<scale>(?:4|5)(?![ ]MEASURED)|10|20|100)(?![0-9/]))
  | (?P<multiple>(?<![\w.,])(?P<times>[2-9]|[1-9][0-9]+|[0-9]+[.,][0-9]+)x(?!\w))
  | (?P<fraction>(?<![\w/.,])(?P<numerator>[1-9])/(?P<denominator>[2-9])(?=[ ]MEASURED))
""".replace("MEASURED", _MEASURED)
GROUPS = frozenset(("duration", "money", "range", "score", "multiple", "fraction"))
# English fractions, only before 'of' or a measure ('2/3 of the film', '1/4 mile'): '5/6'
# alone is as often a date, and '3/4' a score out of 4. eSpeak said '2/3' as 'two slash
# three'.
_FRACTIONS = {
    2: "half",
    3: "third",
    4: "quarter",
    5: "fifth",
    6: "sixth",
    7: "seventh",
    8: "eighth",
    9: "ninth",
}

_CURRENCIES = {"$": "dollar", "€": "euro", "£": "pound", "¥": "yen"}
_MAGNITUDES = {"k": "thousand", "K": "thousand", "M": "million", "bn": "billion"}


def quantity_said(found: re.Match[str], language: str) -> str | None:
    """What to say for a match of one of PATTERN's branches (`found.lastgroup`), or
    None when it is said well as written."""
    if found.lastgroup == "duration":
        return _duration(found, language)
    if found.lastgroup == "money":
        return _money(found, language)
    if found.lastgroup == "score":  # '8/10', where a date would have three numbers
        value, scale = found.group("value", "scale")
        return f"{value} {out_of(language)} {scale}"
    if found.lastgroup == "range":
        low, high = found.group("low", "high")
        return f"{low} {word('to', language)} {high}" if int(high) > int(low) else None
    if found.lastgroup == "fraction":
        return _fraction(int(found.group("numerator")), int(found.group("denominator")), language)
    return f"{found.group('times')} {word('times', language)}"


def _fraction(numerator: int, denominator: int, language: str) -> str | None:
    """'2/3' as '2 thirds', '1/2' as 'half', in English; other languages' voices say
    fractions their own way, or as written."""
    name = _FRACTIONS.get(denominator)
    if language != "en" or name is None:
        return None
    if numerator == 1:
        return "half" if name == "half" else f"1 {name}"  # 'half the cast', 'half price'
    return f"{numerator} {'halves' if name == 'half' else name + 's'}"


def _duration(found: re.Match[str], language: str) -> str:
    """'2h 14min' as '2 hours 14 minutes'; German 'ca. 40 Std. Spielzeit' (eSpeak: 'S T
    D') as '40 Stunden', the abbreviation's stop said only where it ends a sentence."""
    hours = found.group("hours_before") or found.group("hours")
    minutes = found.group("minutes_after") or found.group("minutes")
    said = [
        count_of(count, language, unit)
        for count, unit in ((hours, "hour"), (minutes, "minute"))
        if count
    ]
    return " ".join(said)


def _money(found: re.Match[str], language: str) -> str:
    """'$59.99' as '59 dollars 99' ('59,99 dólares' in Spanish), '$1.5M' as '1.5 million
    dollars', '€15' as '15 euros'; in English after 'a', a price that describes what
    follows: 'a $60 game' is 'a 60 dollar game'."""
    currency = _CURRENCIES[found.group("sign")]
    whole, cents, magnitude = found.group("whole", "cents", "magnitude")
    describing = describes(found.string, found.start(), language)
    if magnitude:
        amount = f"{whole}.{cents}" if cents else whole
        size = word(_MAGNITUDES.get(magnitude, magnitude), language)
        unit = word(currency, language) if describing else plural(currency, language)
        return f"{amount} {size} {unit}"
    if describing and not cents:
        return count_of(whole, language, currency, describing)
    if cents and cents.strip("0"):
        if len(cents) == 1:  # '$1.5': a decimal, not cents
            return f"{whole}.{cents} {plural(currency, language)}"
        if language == "en":
            return f"{count_of(whole, language, currency)} {cents}"
        return f"{whole},{cents} {plural(currency, language)}"
    return count_of(whole, language, currency)
