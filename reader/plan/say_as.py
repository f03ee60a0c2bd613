"""Saying what a voice misreads: dates as dates, product codes and long numbers in groups.

eSpeak reads '01/05/2013' as 'zero one slash zero five slash two thousand and thirteen',
'Jan 5' as the name Jan, 'SKU 4902370548' as four billion and more, and 'i7-12700K'
with a 'dash'. Here a date becomes what a listener expects ('5 January 2013', in the
review's language) and a code is said in short groups ('49, 02, 370, 548'; commas,
because a space joins digit groups into one number in French or German). Letters are
left to the voice, which spells a run it cannot pronounce ('RTX', 'PS5') and says one it
can ('FIFA'), and a number under 10000 stays a number ('RTX 3080').

Runtimes, prices, ranges and multiples are said in words ('2h 14min', eSpeak's 'two h
fourteen min', is '2 hours 14 minutes': `reader.plan.quantities`), Roman numerals as
numbers ('Part II', eSpeak's 'part roman two', is 'Part 2': `reader.plan.numerals`), and
English decades and years as such ('the 1990s', eSpeak's 'nineteen hundred and ninety
s', is 'the nineteen nineties', '80s' 'eighties'; '1995' 'nineteen ninety-five'). Signs
written in prose ('★★★½', ' | ', '#1') are said in words too (`reader.plan.signs`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import accumulate, pairwise
from operator import attrgetter

from reader.plan import quantities
from reader.plan.numerals import numerals_said
from reader.plan.signs import may_hold_signs, minus_items, signs_said
from reader.plan.spoken_text import SaidAs, SpokenTextBuilder


@dataclass(frozen=True)
class DateStyle:
    """How a language says a date: '5 de enero de 2013' links with 'de', French says
    '1er janvier'."""

    months: tuple[str, ...]
    link: str = " "
    first: str = "1"  # how the first day of a month is written

    def say(self, day: int | None, month: int, year: int | None) -> str:
        """The date in words; a part that is None is not said."""
        said = self.months[month - 1]
        if day is not None:
            said = f"{self.first if day == 1 else day}{self.link}{said}"
        if year is not None:
            said = f"{said}{self.link}{year}"
        return said


def _style(months: str, link: str = " ", first: str = "1") -> DateStyle:
    return DateStyle(tuple(months.split()), link, first)


_STYLES = {
    "en": _style(
        "January February March April May June July August September October November December"
    ),
    "es": _style(
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
        link=" de ",
    ),
    "pt": _style(
        "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
        link=" de ",
        first="1º",
    ),
    "fr": _style(
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        first="1er",
    ),
    "it": _style(
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
        "dicembre",
        first="1º",
    ),
    # Not '5. Januar': eSpeak pauses after '5.' as after a sentence.
    "de": _style(
        "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"
    ),
}
# Which number comes first in '01/05/2013': the month in American English, the day
# elsewhere and in '05.01.2013' everywhere.
_MONTH_FIRST = frozenset({"en"})
# English month abbreviations as written at the start of a name or in capitals. 'May' is
# no abbreviation, and eSpeak says 'May 5, 2013' well.
_MONTH_NUMBERS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8}
_MONTH_NUMBERS |= {"Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12}
_ABBREVIATED = _MONTH_NUMBERS | {name.upper(): number for name, number in _MONTH_NUMBERS.items()}

_YEAR = r"[12][0-9]{3}"
_DAY = r"[0-9]{1,2}(?:st|nd|rd|th)?"
_MONTH = "|".join(sorted(_ABBREVIATED, key=len, reverse=True))
_NUMERIC = rf"""
    (?<![\w/.-])(?:
        (?P<iso_year>{_YEAR})(?P<iso_sep>[-/])(?P<iso_month>[0-9]{{1,2}})(?P=iso_sep)
            (?P<iso_day>[0-9]{{1,2}})(?P<iso_time>T(?=[0-9]{{2}}:))?
      | (?P<first>[0-9]{{1,2}})(?P<sep>[-/.])(?P<second>[0-9]{{1,2}})(?P=sep)(?P<year>{_YEAR})
      | (?P<padded_month>0[1-9]|1[0-2])[ ](?P<unpadded_day>[1-9]|[12][0-9]|3[01]),[ ]
            (?P<padded_year>{_YEAR})
    )(?:(?<=T)|(?![\w/-])(?!\.[0-9]))
"""
_PADDED = ("unpadded_day", "padded_month", "padded_year")
_NAMED = rf"""
    (?<!\w)(?:
        (?P<month_day>{_MONTH})\.?\s(?P<day_after>{_DAY})(?:,?\s(?P<year_after>{_YEAR}))?
      | (?P<day_before>{_DAY})\s(?:of\s)?(?P<month_after_day>{_MONTH})
            (?:\.?,?\s(?P<year_named>{_YEAR}))?
      | (?P<month_year>{_MONTH})\.?\s(?P<year_only>{_YEAR})
    )(?![\w:])
"""
# Decades in English: eSpeak says '1990s' as 'nineteen hundred and ninety s' and '80s' as
# 'eighty s'. Said '19 nineties' (which it reads 'nineteen nineties') and 'eighties'.
_DECADE = r"""
    (?<![\w.,])(?P<part>(?i:mid|early|late)-)?
    (?:(?P<century>1[0-9]|20)|['’])?(?P<tens>[0-9])0['’]?s(?!\w)
"""
# English years: eSpeak says '(1995)' as 'nineteen hundred and ninety five'. A number
# from 1100 to 1999 standing alone is said as a year is ('19 95', '19 oh 5', '19 hundred'),
# as it nearly always is one in a review; a count reads as well ('15 hundred copies').
_YEAR_ALONE = r"""
    (?<![\w$€£¥\#.,/:-])(?P<year_alone>1[1-9][0-9]{2})(?![\w%/:-]|[.,][0-9])
"""
_YEAR_SAID = re.compile(r"(?<![\w.,])1[1-9][0-9]{2}(?![\w]|[.,][0-9])")
# What is said for these holds no year (a price, a code) or is one already.
_YEARLESS = frozenset(("money", "code", "year_alone"))
_TENS = "tens twenties thirties forties fifties sixties seventies eighties nineties".split()
# Letters and digits, maybe joined by hyphens, with a digit somewhere: 'PS5', 'CUSA-12345',
# '4902370548'; not part of a decimal, a price or a longer word.
_CODE = r"""
    (?P<code>(?<![\w$€£¥-])(?<![0-9][.,])(?=[A-Za-z0-9-]*[0-9])
        [A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)(?![\w-])(?![.,][0-9])
"""
# What labels a bare number as a code: 'SKU 12345', 'model no. 01234', '#123456'.
_LABEL = re.compile(
    r"(?:\b(?:SKU|ISBN|UPC|EAN|ASIN|model|part|serial|code|no\.|nr\.?)|#|n[°º])\s*[:#]?\s*$",
    re.IGNORECASE,
)
_DIGIT = re.compile("[0-9]")
_LONG_DIGITS = re.compile(r"[0-9]{5,}")
# eSpeak says 'dash' between two numbers ('i7-12700K'), and pauses between letters and one.
_DIGITS_HYPHEN = re.compile(r"(?<=[0-9])-(?=[0-9])")
_SHORT_NUMBER = 5  # digits: shorter numbers stay numbers
_LONG_NUMBER = 8  # digits: a bare number this long is a code, not a quantity
_HYPHENATED_NUMBERS = 3  # numbers joined by hyphens that are a code
_GROUP = 3  # digits said together


def say_as(text: str, source_start: int, builder: SpokenTextBuilder, language: str) -> None:
    """Add `text` (section characters from `source_start`, written in `language`) to
    `builder`, its dates and codes said as a listener expects."""
    builder.rewrite(text, source_start, said_as(text, language))


def said_as(text: str, language: str) -> Iterator[SaidAs]:
    """The dates, codes, numerals and signs of `text` and what to say for each, left to
    right."""
    romans = numerals_said(text, language)
    digits = _DIGIT.search(text) is not None
    cons = list(minus_items(text, language))
    if not (digits or romans or cons or may_hold_signs(text)):
        return  # most sentences: every date and code has a digit, nearly every sign a mark
    changes = list(_dates_and_codes(text, language)) if digits else []
    more = [*signs_said(text, language), *romans, *cons]
    if more:
        # These do not overlap ('4★' holds no code, 'IV' no digit); were they to, the
        # first would be said, the sign on a tie (the sort keeps their order).
        changes = _apart(sorted([*more, *changes], key=attrgetter("start")))
    yield from changes


def _apart(changes: Iterable[SaidAs]) -> list[SaidAs]:
    """Changes in order, each that overlaps the one before left out."""
    kept: list[SaidAs] = []
    for change in changes:
        if not kept or change.start >= kept[-1].end:
            kept.append(change)
    return kept


def _dates_and_codes(text: str, language: str) -> Iterator[SaidAs]:
    """The dates and codes of `text` (which holds a digit) and what to say for each."""
    for found in _pattern(language).finditer(text):
        if found.lastgroup == "code":
            spoken = _code(found)
        elif found.lastgroup in quantities.GROUPS:
            spoken = quantities.quantity_said(found, language)
        elif found.lastgroup == "tens":  # a decade, in English
            decade = _decade(found.group("century"), int(found.group("tens")))
            spoken = decade and f"{found.group('part') or ''}{decade}"  # 'mid-nineties'
        elif found.lastgroup == "year_alone":  # in English, unless a code ('ISBN 1234')
            labelled = _LABEL.search(found.string, 0, found.start()) is not None
            spoken = None if labelled else _year(found.group())
        else:
            spoken = _date(found, language)
        if spoken is not None and language == "en" and found.lastgroup not in _YEARLESS:
            # the years of a date or a range ('5 January 1995', '1939 to 1945')
            spoken = _YEAR_SAID.sub(lambda year: _year(year.group()), spoken)
        if spoken is not None:
            yield SaidAs(found.start(), found.end(), spoken)


@cache
def _pattern(language: str) -> re.Pattern[str]:
    """Dates first, so '2013-01-05' is a date and not a code; month names in English."""
    english = language == "en"
    dates = [_NUMERIC, _NAMED, _DECADE] if english else [_NUMERIC]
    # A year after the quantities, so that '1939-1945' is a range (of years).
    parts = [*dates, quantities.PATTERN, *([_YEAR_ALONE] if english else []), _CODE]
    return re.compile("|".join(f"(?:{part})" for part in parts), re.VERBOSE)


def _date(found: re.Match[str], language: str) -> str | None:
    """The date in words, or None when it is no date (a 13th month) or the language
    has no month names here (then the voice says it as written)."""
    style = _STYLES.get(language)
    if style is None:
        return None
    groups = {name: value for name, value in found.groupdict().items() if value is not None}
    if "iso_year" in groups:
        year, month, day = (int(groups[f"iso_{part}"]) for part in ("year", "month", "day"))
        said = _said(style, day, month, year)
        # '2013-01-05T10:00': the T parts the date from its time.
        return f"{said} " if said and "iso_time" in groups else said
    if "padded_month" in groups:  # '01 5, 2013', as Amazon's review data writes dates
        day, month, year = (int(groups[name]) for name in _PADDED)
        return _said(style, day, month, year)
    if "first" in groups:
        first, second, year = (int(groups[name]) for name in ("first", "second", "year"))
        month_first = language in _MONTH_FIRST and groups["sep"] != "."
        day, month = (second, first) if month_first else (first, second)
        # Where that order is no date the other may be: '24/11/2026' in American text.
        return _said(style, day, month, year) or _said(style, month, day, year)
    names = ("month_day", "month_after_day", "month_year")
    month = _ABBREVIATED[next(groups[name] for name in names if name in groups)]
    day_text = groups.get("day_after") or groups.get("day_before")
    year_text = groups.get("year_after") or groups.get("year_named") or groups.get("year_only")
    day_named = int(day_text.rstrip("stndrh")) if day_text else None  # '5th' is 5
    return _said(style, day_named, month, int(year_text) if year_text else None)


def _decade(century: str | None, tens: int) -> str | None:
    """'1990s' as '19 nineties', '90s' as 'nineties', '1900s' as '19 hundreds'; None for
    '00s', which has no one reading."""
    if tens:
        return f"{century} {_TENS[tens - 1]}" if century else _TENS[tens - 1]
    if century is None:
        return None
    return "2 thousands" if century == "20" else f"{century} hundreds"


def _year(digits: str) -> str:
    """A year from 1100 to 1999 as it is said: '19 95', '19 oh 5', '19 hundred'."""
    century, rest = digits[:2], int(digits[2:])
    if rest == 0:
        return f"{century} hundred"
    return f"{century} oh {rest}" if rest < 10 else f"{century} {rest}"


def _said(style: DateStyle, day: int | None, month: int, year: int | None) -> str | None:
    """The date said in `style`, or None when there is no such date."""
    try:
        date(year or 2000, month, day or 1)  # 2000 was a leap year: 'Feb 29' is a date
    except ValueError:
        return None
    return style.say(day, month, year)


def _code(found: re.Match[str]) -> str | None:
    """A code said in groups, or None when it is said well as written."""
    token = found.group()
    if token.isdigit():
        labelled = _LABEL.search(found.string, 0, found.start()) is not None
        code = len(token) >= _LONG_NUMBER or token.startswith("0") or labelled
        return _groups(token) if len(token) >= _SHORT_NUMBER and code else None
    if not _is_code(token):
        return None
    grouped = _LONG_DIGITS.sub(lambda run: _groups(run.group()), token)
    said = _DIGITS_HYPHEN.sub(", ", grouped)
    return said if said != token else None


def _is_code(token: str) -> bool:
    """Codes are written in capitals ('PS5', 'i7-12700K': at most a lone small letter), or
    are several numbers joined by hyphens ('978-0-14-044913-6'; two are a range)."""
    parts = token.split("-")
    if all(part.isdigit() for part in parts):
        return len(parts) >= _HYPHENATED_NUMBERS
    return re.search("[A-Z]", token) is not None and re.search("[a-z]{2}", token) is None


def _groups(digits: str) -> str:
    """Five or more digits in threes from the right, as thousands are, with two twos
    rather than a lone digit in front: '12, 700', '49, 02, 370, 548'."""
    front = {0: [], 1: [2, 2], 2: [2]}[len(digits) % _GROUP]
    sizes = front + [_GROUP] * ((len(digits) - sum(front)) // _GROUP)
    starts = [0, *accumulate(sizes)]
    return ", ".join(digits[start:end] for start, end in pairwise(starts))
