"""Dates said as dates and codes said in groups: the rewrites, their offsets, and what a
listener hears through eSpeak, each word still pointing at the characters it stands for."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache

import numpy as np
import pytest
from helpers import ROOT, SAMPLES, espeak_phonemes, parse
from hypothesis import given, settings
from hypothesis import strategies as st
from recording import speak

from reader.cli.said import text_lines
from reader.loaders import load_paths
from reader.model import Document, Markup, Position, SectionKind
from reader.parse.document import parse_review
from reader.plan.lexicon import Lexicon, LexiconEntry, MatchKind, load_lexicon
from reader.plan.planner import Break, Part, PlanSettings, Utterance, plan_utterances
from reader.plan.say_as import said_as, say_as
from reader.plan.spoken_text import Replacement, SaidAs, SpokenText, SpokenTextBuilder
from reader.session.events import SessionEvent, UtteranceStarted, WordHeard
from reader.session.session import Session
from reader.speech.engine import Chunk, Engine
from reader.speech.espeak import EspeakEngine
from reader.speech.profiles import find_profile
from reader.speech.sinks import RecordingSink


def spoken(text: str, language: str = "en", source_start: int = 0) -> SpokenText:
    """`text` as said, its dates and codes rewritten."""
    builder = SpokenTextBuilder(source_start)
    say_as(text, source_start, builder, language)
    return builder.build()


@cache
def reviews() -> Lexicon:
    """The shipped review lexicon, as the default voice loads it."""
    return load_lexicon(ROOT / "voices" / "lexicons" / "reviews.toml")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # American order in English: month, day, year.
        ("01/05/2013", "5 January 2013"),
        ("on 1/5/2013.", "on 5 January 2013."),
        ("12-25-2020", "25 December 2020"),
        # An order that is no date leaves the other, which is.
        ("13/05/2013", "13 May 2013"),
        ("24/11/2026", "24 November 2026"),
        # Dots are the day first everywhere.
        ("05.01.2013", "5 January 2013"),
        # ISO, with a time after it.
        ("2013-01-05", "5 January 2013"),
        ("(2013/01/05)", "(5 January 2013)"),
        ("at 2013-01-05T10:00", "at 5 January 2013 10:00"),
        # Month abbreviations, with or without a day or year.
        ("Jan 5, 2013", "5 January 2013"),
        ("Jan. 5, 2013 was cold", "5 January 2013 was cold"),
        ("JAN 5 2013", "5 January 2013"),
        ("5 Jan 2013", "5 January 2013"),
        ("the 5th of Jan. 2013", "the 5 January 2013"),
        ("Sept 30", "30 September"),
        ("Feb 29", "29 February"),  # a date in a leap year
        ("from Dec 2019", "from December 2019"),
        ("until 3 Dec.", "until 3 December."),  # the full stop still ends the sentence
        # As Amazon's review data writes dates.
        ("Date: 01 5, 2013.", "Date: 5 January 2013."),
        ("09 13, 2009", "13 September 2009"),
    ],
)
def test_english_dates(text: str, said: str) -> None:
    """Dates are said as a listener hears them: '5 January 2013'."""
    assert spoken(text).text == said


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("es", "01/05/2013", "1 de mayo de 2013"),
        ("es", "el 2013-01-05", "el 5 de enero de 2013"),
        ("pt", "05/01/2013", "5 de janeiro de 2013"),
        ("pt", "01/05/2013", "1º de maio de 2013"),
        ("fr", "01/05/2013", "1er mai 2013"),
        ("fr", "le 25/12/2020", "le 25 décembre 2020"),
        ("it", "01.02.2013", "1º febbraio 2013"),
        ("de", "am 05.01.2013", "am 5 Januar 2013"),
        ("de", "12/31/2013", "31 Dezember 2013"),  # day first, unless that is no date
        # English month abbreviations are English only; other languages keep their text.
        ("es", "Jan 5, 2013", "Jan 5, 2013"),
        # A language without month names here leaves the date to the voice.
        ("ja", "2013-01-05", "2013-01-05"),
    ],
)
def test_dates_in_the_reviews_language(language: str, text: str, said: str) -> None:
    """Day first outside English, in the review's own words."""
    assert spoken(text, language).text == said


@pytest.mark.parametrize(
    "text",
    [
        "13/13/2013",  # no month 13 either way
        "Feb 30, 2013",
        "Feb 29, 2013",  # 2013 was no leap year
        "2013-13-01",
        "24/11",  # no year: a score or a fraction as much as a date
        "1/2/13",  # a two-digit year is not read as one
        "3/5/7",
        "v1.05.01.2013",
        "jan 5",  # a name or a word, not an abbreviation
        "in Dec.",
        "May 5, 2013",  # said well as written
    ],
)
def test_what_is_no_date_is_left_alone(text: str) -> None:
    assert spoken(text).text == text


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # Long numbers in threes from the right, two twos rather than a lone digit.
        ("SKU 4902370548", "SKU 49, 02, 370, 548"),
        ("ISBN 9780140449136", "ISBN 97, 80, 140, 449, 136"),
        ("12345678", "12, 345, 678"),
        ("Product: 0307387895.", "Product: 03, 07, 387, 895."),
        # A leading zero or a label makes a shorter number a code.
        ("012345", "012, 345"),
        ("SKU: 12345", "SKU: 12, 345"),
        ("model no. 01234", "model no. 01, 234"),
        ("order #123456", "order #123, 456"),
        # In a code: long digit runs grouped, and no 'dash' between two numbers.
        ("CUSA-12345", "CUSA-12, 345"),
        ("i7-12700K", "i7, 12, 700K"),
        ("978-0-14-044913-6", "978, 0, 14, 044, 913, 6"),
        ("call 555-123-4567", "call 555, 123, 4567"),
    ],
)
def test_codes_are_said_in_groups(text: str, said: str) -> None:
    assert spoken(text).text == said


@pytest.mark.parametrize(
    "text",
    [
        "PS5",  # eSpeak spells the letters and says the number
        "RTX 3080",  # a number under 10000 stays a number
        "B08N5WRWNW",
        "COVID-19",  # eSpeak pauses between letters and a number
        "A-1 Pictures",
        "4K and 1080p",
        "MP3",
        "100000 copies",  # a quantity, not a code
        "25000 words",
        "3.14159265",
        "100,000",
        "1.234.567",
        "a 16-episode drama",
        "Top-10",
        "x86-64",
    ],
)
def test_what_a_voice_says_well_is_left_alone(text: str) -> None:
    assert spoken(text).text == text


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("a 1990s thriller", "a 19 nineties thriller"),  # eSpeak: 'nineteen nineties'
        ("the 1980s.", "the 19 eighties."),
        ("in the '80s, 90's and ’70s", "in the eighties, nineties and seventies"),
        ("in his 70s", "in his seventies"),
        ("a mid-90s drama, late-2000s", "a mid-nineties drama, late-2 thousands"),
        ("the 1900s and 2010s", "the 19 hundreds and 20 tens"),
        # No decade: '00s' has no one reading, a code, a decimal, a plain year.
        ("the 00s", "the 00s"),
        ("ABC-1990s x1990s", "ABC-1990s x1990s"),
        ("3.90s in 1990", "3.90s in 19 90"),  # a year, said as one
    ],
)
def test_english_decades(text: str, said: str) -> None:
    assert spoken(text).text == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Heat (1995) is great.", "Heat (19 95) is great."),
        ("Made in 1905, remade in 1900.", "Made in 19 oh 5, remade in 19 hundred."),
        ("Seen 01/05/1998 and Jan 5, 1987.", "Seen 5 January 19 98 and 5 January 19 87."),
        ("Set in 1939-1945.", "Set in 19 39 to 19 45."),
        ("Sold 1200 copies.", "Sold 12 hundred copies."),
        # Not years: other centuries, prices, codes, ranks, decimals, parts of words.
        ("In 2019 and 1066.", "In 2019 and 1066."),
        (
            "ISBN 1234, #1234, 1250.5 and a 1500-page book",
            "ISBN 1234, #1234, 1250.5 and a 1500-page book",
        ),
        ("It cost $1500.", "It cost 1500 dollars."),
    ],
)
def test_english_years(text: str, said: str) -> None:
    """eSpeak says '1995' as 'nineteen hundred and ninety five', in a date too."""
    assert spoken(text).text == said


def test_english_years_as_espeak_says_them() -> None:
    heard = espeak_phonemes([spoken("Heat (1995), remade in 1905.").text])[0]
    assert "h'VndrI2d" not in heard  # no 'hundred'
    assert heard.count("n'aInti:n") == 2 and "'oU f'aIv" in heard  # 'nineteen oh five'
    assert spoken("Heat (1995).", language="es").text == "Heat (1995)."  # Spanish says it


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "Runtime: 2h 14min.", "Runtime: 2 hours 14 minutes."),
        ("en", "2h14m, 1h30 or 1 hr", "2 hours 14 minutes, 1 hour 30 minutes or 1 hour"),
        ("en", "2.5 hrs, 1.5h", "2.5 hours, 1.5 hours"),  # eSpeak spelled 'H R S'
        ("es", "Dura 2 hs.", "Dura 2 horas."),  # Argentine 'hs': eSpeak said 'hache ese'
        ("de", "2,5 h", "2,5 Stunden"),
        # eSpeak spelled 'Std.' as 'S T D'; the stop is kept only where it may end a sentence.
        (
            "de",
            "Ca. 40 Std. lang, 1 Std. und 5 Min.",
            "Ca. 40 Stunden lang, 1 Stunde und 5 Minuten.",
        ),
        (
            "en",
            "90 mins, 120 min. and 100h of play",
            "90 minutes, 120 minutes. and 100 hours of play",
        ),
        ("fr", "1h30 de film", "1 heure 30 minutes de film"),
        ("de", "Laufzeit 2h 14min", "Laufzeit 2 Stunden 14 Minuten"),
        ("es", "dura 1h", "dura 1 hora"),
        # Not lengths of time: metres, a clock time, what is already in words.
        ("en", "a 100m sprint at 10:30h", "a 100m sprint at 10:30h"),
        ("en", "2 hours 14 minutes", "2 hours 14 minutes"),
    ],
)
def test_runtimes_are_said_in_words(language: str, text: str, said: str) -> None:
    assert spoken(text, language).text == said


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        # Prices: eSpeak says the sign first ('dollar fifty-nine point nine nine').
        ("en", "It costs $59.99.", "It costs 59 dollars 99."),
        ("en", "$60, $1 or $5.00", "60 dollars, 1 dollar or 5 dollars"),
        ("en", "$12345678 and $1,000", "12345678 dollars and 1,000 dollars"),
        (
            "en",
            "a $1.5 million budget, a $200M film, it made $3M",
            "a 1.5 million dollar budget, a 200 million dollar film, it made 3 million dollars",
        ),
        # After 'a' a price describes what follows: 'a 60 dollar game', not 'dollars'.
        (
            "en",
            "a $60 game, An $80 bundle, a $2 bill",
            "a 60 dollar game, An 80 dollar bundle, a 2 dollar bill",
        ),
        ("en", "a $59.99 game, area $60", "a 59 dollars 99 game, area 60 dollars"),
        ("en", "£20, €15, ¥500", "20 pounds, 15 euros, 500 yen"),
        ("es", "cuesta $59.99 o ¥1", "cuesta 59,99 dólares o 1 yen"),
        ("de", "nur €15,50", "nur 15,50 Euro"),
        ("fr", "15 € seulement", "15 € seulement"),  # the sign after: said right
        # Ranges, where the second number is the larger; scores and codes are not.
        ("en", "20-30 hours, 1–2 days", "20 to 30 hours, 1 to 2 days"),
        # English fractions: eSpeak said '2/3' as 'two slash three'; '3/4' is a score
        # unless 'of' or a measure follows ('1 out of 4 mile' on a real product page).
        (
            "en",
            "the first 2/3 of it, 1/2 of all, 5/8 of",
            "the first 2 thirds of it, half of all, 5 eighths of",
        ),
        (
            "en",
            "up to 1/4 mile, 3/4 of the film, 4/5 of the cast, 1/2 cup, 1/4 inch, 1/2 price",
            "up to 1 quarter mile, 3 quarters of the film, 4 fifths of the cast, half cup, "
            "1 quarter inch, half price",
        ),
        (
            "en",
            "3/4 stars, 4/5 overall, 8/10 of my friends",
            "3 out of 4 stars, 4 out of 5 overall, 8 out of 10 of my friends",
        ),
        # Not before 'of': as often a date ('on 5/6'); '3/4' is a score.
        (
            "en",
            "on 5/6, 3/4 for me, 1/2/2020, 1/2b",
            "on 5/6, 3 out of 4 for me, 2 January 2020, 1/2b",
        ),
        ("es", "los primeros 2/3 of", "los primeros 2/3 of"),
        ("en", "from 2019-2020", "from 2019 to 2020"),
        ("es", "20-30 horas", "20 a 30 horas"),
        ("en", "won 3-1, call 555-1234", "won 3-1, call 555-1234"),
        # Scores in prose, in every language (eSpeak: 'ocho barra diez').
        ("es", "Le doy un 8/10.", "Le doy un 8 de 10."),
        ("fr", "9,5/10 et 4/5", "9,5 sur 10 et 4 sur 5"),
        ("de", "Klare 8 / 10", "Klare 8 von 10"),
        ("it", "24/11, 1/2, 3/5/7", "24/11, 1/2, 3/5/7"),  # a day, a fraction, no scale
        # Multiples.
        ("en", "3x better at 1.5x speed", "3 times better at 1.5 times speed"),
        ("fr", "2x plus long", "2 fois plus long"),
        ("en", "1x, a 4x4, 0x1F", "1x, a 4x4, 0x1F"),
    ],
)
def test_prices_ranges_and_multiples_are_said_in_words(language: str, text: str, said: str) -> None:
    assert spoken(text, language).text == said


def test_espeak_says_a_price_in_the_order_it_is_written_and_not_as_heard() -> None:
    heard = espeak_phonemes([spoken("It costs $59.99").text, "It costs $59.99"])
    assert heard == [
        "It k'0sts f'Ifti n'aIn d'0l3z n'aInti n'aIn",
        "It k'0sts d'0l3 f'Ifti n'aIn pOInt n'aIn n'aIn",
    ]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Rocky IV and Final Fantasy VII.", "Rocky 4 and Final Fantasy 7."),
        ("Part II: World War II", "Part 2: World War 2"),
        ("Super Bowl XXXIX, Chapter XII", "Super Bowl 39, Chapter 12"),
        # Words, not numerals: a lone letter, other letters, no numeral, joined to more.
        ("I saw Malcolm X on DC, a MIX", "I saw Malcolm X on DC, a MIX"),
        ("VIX, XXL, IVF, VIP, IIII, II's, Rocky-IV", "VIX, XXL, IVF, VIP, IIII, II's, Rocky-IV"),
    ],
)
def test_roman_numerals_are_numbers(text: str, said: str) -> None:
    assert spoken(text).text == said
    assert spoken(text, "de").text == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("George VI stammers.", "George the 6th stammers."),
        ("Henry VIII, Chapter XII", "Henry the 8th, Chapter 12"),
        ("Elizabeth II and Elizabeth I.", "Elizabeth the 2nd and Elizabeth the 1st."),
        (
            "Pope John Paul II, Louis XIV, James XXI",
            "Pope John Paul the 2nd, Louis the 14th, James the 21st",
        ),
        ("Henry V is his best. Louis the XIII.", "Henry the 5th is his best. Louis the 13th."),
        # The pronoun after a name; Malcolm X; a numeral after any other name.
        ("Thanks Mary I loved it, Malcolm X", "Thanks Mary I loved it, Malcolm X"),
        ("Rocky IV, Final Fantasy X", "Rocky 4, Final Fantasy X"),
    ],
)
def test_a_monarchs_numeral_is_an_english_ordinal(text: str, said: str) -> None:
    """eSpeak said 'George VI' as 'George roman six', and reader's 'George 6' as 'George
    six'; a king is 'George the Sixth'. Other languages keep the number."""
    assert spoken(text).text == said
    if "George" in text:
        assert espeak_phonemes([said]) == ["dZ'O@dZ D@ s'IksT st'am3z"]  # 'the sixth'
        assert spoken(text, "de").text == "George 6 stammers."


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "3 1/2 stars, 1 1/2 hours, 10 1/2.",
            "3 and a half stars, 1 and a half hours, 10 and a half.",
        ),
        ("1/2 the cast is great.", "half the cast is great."),
        ("1/2 is a score? 31/2", "1/2 is a score? 31/2"),
    ],
)
def test_halves_written_with_a_slash(text: str, said: str) -> None:
    """eSpeak said '3 1/2 stars' as 'three one slash two stars'."""
    assert reviews().say(text) == said


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("es", "Felipe II e Isabel II, Alfonso XIII.", "Felipe 2º e Isabel 2ª, Alfonso 13."),
        ("es", "El siglo XIX, Juan Pablo II.", "El siglo 19, Juan Pablo 2º."),
        (
            "pt",
            "D. Pedro II, D. Maria I e D. João VI.",
            "Dom Pedro 2º, Dona Maria 1ª e Dom João 6º.",
        ),
        ("pt", "O século XIX.", "O século 19."),
        (
            "it",
            "Il XIX secolo, Luigi XIV, Elisabetta II.",
            "Il 19º secolo, Luigi 14º, Elisabetta 2ª.",
        ),
        ("it", "(XV secolo) Rocky IV", "(15º secolo) Rocky 4"),
        ("fr", "Louis XIV, Henri IV.", "Louis 14, Henri 4."),  # said as French says them
    ],
)
def test_a_monarchs_numeral_is_an_ordinal_where_the_language_says_one(
    language: str, text: str, said: str
) -> None:
    """Spanish says 'Felipe segundo' (to ten, then 'Alfonso trece'), Portuguese 'Dom Pedro
    segundo', Italian 'Luigi quattordicesimo' and 'il diciannovesimo secolo'; eSpeak
    said 'Felipe dos', and read Portuguese 'D.' as the numeral 500."""
    lexicon = find_profile("default").lexicon  # type: ignore[union-attr]
    assert lexicon.say(text, language) == said


def test_a_lone_letter_that_is_a_roman_numeral_is_its_name_in_portuguese() -> None:
    """eSpeak read Portuguese 'vitamina D.' as 'vitamina quinhentos', 'Classe C.' as
    'Classe cem', and the initial of 'J. D. Salinger' as 500."""
    lexicon = find_profile("default").lexicon  # type: ignore[union-attr]
    text = "Vitamina D. Classe C. Tamanho L. Nota M. J. D. Salinger. D. Pedro II. ABC."
    said = lexicon.say(text, "pt")
    assert (
        said == "Vitamina dê. Classe cê. Tamanho ele. Nota eme. J. dê. Salinger. Dom Pedro 2º. ABC."
    )
    heard = espeak_phonemes([said], "pt")[0]
    assert "k,in^'eINtus" not in heard and "s'eIN" not in heard  # no 500, no 100
    assert "d'e" in heard and "s'e" in heard


def test_espeak_says_the_ordinals_written_for_it() -> None:
    assert espeak_phonemes(["Felipe 2º e Isabel 2ª, Alfonso 13."], "es") == [
        "fel'ipe seQ'undo e ,isaB'el seQ'unda alf'onso t**'eTe"
    ]
    assert espeak_phonemes(["Il 19º secolo, Luigi 14º."], "it") == [
        "il ditSannov'Ezimo s'Ekolo lU'i:dZI kwat:o@-*ditS'Ezimo"
    ]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Le XIXe siècle et le XXIe.", "Le dix-neuvième siècle et le vingt et unième."),
        (
            "Le 19e, la 2ème saison, le 21ᵉ.",
            "Le dix-neuvième, la deuxième saison, le vingt et unième.",
        ),
        ("La Ve République, le IIIe Reich.", "La cinquième République, le troisième Reich."),
        (
            "François Ier, la 1re fois, le 1er mai.",
            "François premier, la première fois, le premier mai.",
        ),
        (
            "Le 45e, le 71e, le 80e, le 99e.",
            "Le quarante-cinquième, le soixante et onzième, le quatre-vingtième, "
            "le quatre-vingt-dix-neuvième.",
        ),
        # Numbers and words, not ordinals: Roman numerals alone, a word, a code.
        ("Louis XIV, l'Ire, 3e5, Xer", "Louis 14, l'Ire, 3e5, Xer"),
    ],
)
def test_french_ordinals_are_words(text: str, said: str) -> None:
    """eSpeak said 'le XIXe siècle' as 'le gz iks siècle' and '19e' as 'dix-neuf eu'."""
    assert spoken(text, "fr").text == said
    assert spoken("le 19e", "en").text == "le 19e"  # French only


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Es spielt im 19. Jahrhundert.", "Es spielt im neunzehnten Jahrhundert."),
        ("Die 2. Staffel, das 1. Mal.", "Die zweite Staffel, das erste Mal."),
        (
            "Ende der 2. Staffel, in der 3. Folge.",
            "Ende der zweiten Staffel, in der dritten Folge.",
        ),
        ("Der 1. Teil, am 3. Mai.", "Der erste Teil, am dritten Mai."),
        ("Im 19. und 20. Jahrhundert.", "Im neunzehnten und zwanzigsten Jahrhundert."),
        ("Seit dem 21. Jahrhundert.", "Seit dem einundzwanzigsten Jahrhundert."),
        # Not ordinals, or an ending only the noun tells.
        (
            "Ich bin 30. Mein Film, ein 2. Teil, Platz 1.",
            "Ich bin 30. Mein Film, ein 2. Teil, Platz 1.",
        ),
    ],
)
def test_german_ordinals_are_words_with_their_endings(text: str, said: str) -> None:
    """eSpeak said 'im 19. Jahrhundert' as 'im neunzehn Jahrhundert'."""
    assert spoken(text, "de").text == said
    assert spoken(text, "en").text == text  # German only


def test_espeak_says_a_german_ordinal_in_words() -> None:
    written = "Im 19. Jahrhundert."
    assert espeak_phonemes([spoken(written, "de").text, written], "de") == [
        "_!_|Im n'OYntse:nt@n jA:rh'Und3t",
        "_!_|Im n'OYntse:n jA:rh'Und3t",
    ]


def test_espeak_says_a_french_century_in_words() -> None:
    written = "Le XIXe siècle, le 2e épisode."
    assert espeak_phonemes([spoken(written, "fr").text, written], "fr") == [
        "l@- d'inYvj'Em sj'Ekl l@- dYzj'Em epiz'Od",
        "l@- gz'iks sj'Ekl l@- d'Y _!'@ epiz'Od",
    ]


def test_espeak_says_roman_before_a_numeral_and_not_before_the_number() -> None:
    """What eSpeak makes of 'Rocky IV' in English, French and German: 'Rocky roman four'."""
    heard = espeak_phonemes([spoken("Rocky IV").text, "Rocky IV"])
    assert heard == ["r'0ki f'o@", "r'0ki r,oUm@n_ f'o@"]


def test_decades_are_left_to_other_languages() -> None:
    assert spoken("los 90s y los 1980s", "es").text == "los 90s y los 1980s"


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        # Stars are counted; only empty stars tell the scale.
        ("en", "★★★½ from me.", "3 and a half stars from me."),
        ("en", "Verdict: ★★★★", "Verdict: 4 stars"),
        ("en", "★★★☆☆ at best", "3 stars out of 5 at best"),
        ("en", "★★★½☆ at best", "3 and a half stars out of 5 at best"),
        ("en", "⭐⭐⭐⭐ is Excellent", "4 stars is Excellent"),
        ("en", "just ★½", "just 1 and a half stars"),
        ("en", "a mere ½☆☆☆☆", "a mere half a star out of 5"),
        ("en", "I'd say 4★, maybe 4.5 ⭐.", "I'd say 4 stars, maybe 4.5 stars."),
        ("en", "1★ and no more", "1 star and no more"),
        ("en", "a 4★ film, An 8★ show", "a 4 star film, An 8 star show"),  # describing
        # Asterisks: eSpeak said 'asterisk' for each, in four of the six languages.
        ("en", "It was *really* good, **Spoiler** below", "It was really good, Spoiler below"),
        ("en", "A 5* hotel, rated 4.5*.", "A 5 star hotel, rated 4.5 stars."),
        ("en", "what the f***, f***ing hell, sh*t", "what the f, f-ing hell, sh-t"),
        ("en", "*f***ing* great, Part 1 ***", "f-ing great, Part 1 "),
        ("es", "Es *muy* bueno, un 5* hotel, m**rda", "Es muy bueno, un 5 estrellas hotel, m-rda"),
        ("es", "★★★½ de mi parte", "3.5 estrellas de mi parte"),
        ("es", "★☆☆☆☆, una pena", "1 estrella de 5, una pena"),
        ("fr", "★★★★☆ pour le casting", "4 étoiles sur 5 pour le casting"),
        ("de", "Klar ★★★★★", "Klar 5 Sterne"),
        # A list's separators pause as commas do.
        ("en", "Drama | Korea · A24 • Romance", "Drama, Korea, A24, Romance"),
        # A rank, a rough figure, a heart.
        ("en", "my #1 film of 2023", "my number 1 film of 2023"),
        ("es", "mi película #1", "mi película número 1"),
        ("en", "Loved it #BestFilmEver #Oscars2024", "Loved it BestFilmEver Oscars2024"),
        ("de", "Toll #BesterFilm", "Toll BesterFilm"),  # eSpeak: 'Nummer BesterFilm'
        ("en", "~2 hours, ~$20", "about 2 hours, about 20 dollars"),
        ("de", "~2 Stunden", "etwa 2 Stunden"),
        ("en", "Love it <3", "Love it heart"),
        ("it", "Bellissimo <333", "Bellissimo cuore"),
        ("en", "I ♥ it, I♥♥NY", "I heart it, I heart NY"),
        # Emoji without selectors and skin tones, apart, a repeat once; flags whole.
        ("en", "I ❤️ it", "I ❤ it"),
        ("en", "so sad 😭😭😭", "so sad 😭"),
        ("en", "good👍🏻👍🏽", "good👍"),
        ("en", "pride 🏳️‍🌈", "pride 🏳 🌈"),
        ("es", "Argentina 🇦🇷🇦🇷 ❤️🇦🇷", "Argentina 🇦🇷 ❤ 🇦🇷"),
        # Faces typed in ASCII become the emoji the voice names in the review's language.
        ("en", "Loved it :) but :( and :D, ;)", "Loved it ☺ but ☹ and 😀, 😉"),
        ("en", "Hmm :P wow :O ugh :-/ T_T ^^ :'(", "Hmm 😛 wow 😮 ugh 😕 😭 😊 😢"),
        ("es", "Me encantó :)", "Me encantó ☺"),
        # An angry face from a real Steam review was said as nothing at all.
        ("en", "so angry >:( and >:-) evil, a>:(b", "so angry 😠 and 😈 evil, a>:(b"),
        ("de", "Wissen! XD", "Wissen! 😆"),
        ("en", "lol xD. XDR, xDrive, XD-1", "lol 😆. XDR, xDrive, XD-1"),
    ],
)
def test_signs_are_said_in_words(language: str, text: str, said: str) -> None:
    assert spoken(text, language).text == said


@pytest.mark.parametrize(
    "text",
    [
        "★ THE TWIST ★",  # a lone star decorates as often as it rates
        "5-Star ⭐ Movies",  # eSpeak says a lone ⭐ as 'star'
        "★ ★ ★",
        "Drama|Korea",  # a separator stands between spaces
        "| Drama",
        "C#1 and C#minor, a#b",
        "x<3 and 1 < 3",
        "a~2",
        "3½ stars",  # the English lexicon's, not a sign
        "Mi país 🇦🇷",  # one emoji, or a flag, a voice says as it is
        "sad 😭 😭",
        "Rating: 4, see (note:) at http://x.com or a:D and 10:30",  # no face
    ],
)
def test_signs_that_are_no_such_thing_are_left_alone(text: str) -> None:
    assert spoken(text).text == text


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        # A stat list as a real Steam review writes them ('+damage, +hp, +armor'): eSpeak
        # said "plus h p, plus damage, speed".
        ("en", "+hp, +damage, -speed", "+hp, +damage, minus speed"),
        ("en", "Pros:\n+ Great story\n- Too short", "Pros:\n+ Great story\nminus Too short"),
        ("en", "+ fun\n– too long", "+ fun\nminus too long"),
        ("es", "+ buena historia\n- muy corto", "+ buena historia\nmenos muy corto"),
        ("de", "+Grafik, -Story", "+Grafik, minus Story"),
        ("fr", "+ l'histoire\n- trop court", "+ l'histoire\nmoins trop court"),
    ],
)
def test_the_cons_of_a_list_of_pros_and_cons_are_said_minus(
    language: str, text: str, said: str
) -> None:
    assert spoken(text, language).text == said


@pytest.mark.parametrize(
    "text",
    [
        "- great story\n- too short",  # bullets, with no plus among them
        "It was -5 degrees, +3 tomorrow",  # numbers: the voice says their signs
        "The game is fun - but short. A+ work, C- effort",  # a dash; grades
        "+ great story - but short",  # a dash between words, not an item's mark
        "well-made, +1 from me",
    ],
)
def test_a_hyphen_that_marks_no_con_is_left_alone(text: str) -> None:
    assert spoken(text).text == text


def test_the_minus_of_a_con_is_heard() -> None:
    said = spoken("+hp, +damage, -speed").text
    assert espeak_phonemes([said])[0].endswith("m'aIn@s sp'i:d")


def test_each_sign_stands_for_its_own_characters() -> None:
    """A sign's words point back at the sign; '4★' is one replacement, number and star."""
    text = "Seen 4★ | ★★★½"
    assert list(said_as(text, "en")) == [
        SaidAs(5, 7, "4 stars"),
        SaidAs(7, 9, ","),
        SaidAs(10, 14, "3 and a half stars"),
    ]
    result = spoken(text)
    assert result.text == "Seen 4 stars, 3 and a half stars"
    assert result.source_span(14, 18) == (10, 14)


def test_groups_of_every_length() -> None:
    """Every long number is split into twos and threes, never a lone digit."""
    for length in range(5, 20):
        digits = "9" * length
        (change,) = said_as(f"SKU {digits}", "en")
        sizes = [len(group) for group in change.spoken.split(", ")]
        assert sum(sizes) == length
        assert set(sizes) <= {2, 3}


def test_rewrites_keep_offsets() -> None:
    """Each date or code is one replacement standing for its own section characters."""
    text = "Out 01/05/2013, SKU 4902370548."
    assert list(said_as(text, "en")) == [
        SaidAs(4, 14, "5 January 2013"),
        SaidAs(20, 30, "49, 02, 370, 548"),
    ]
    result = spoken(text, source_start=100)
    assert result == SpokenText(
        "Out 5 January 2013, SKU 49, 02, 370, 548.",
        100,
        131,
        (Replacement(4, 18, 104, 114), Replacement(24, 40, 120, 130)),
    )
    assert result.source_span(6, 7) == (104, 114)  # 'January' is the whole date
    assert result.source_span(19, 1) == (115, 116)  # the space after it is its own


def test_empty_text() -> None:
    assert spoken("", source_start=7) == SpokenText("", 7, 7)


def test_a_lexicon_file_brings_dates_and_codes() -> None:
    """Loaded lexicons say dates and codes; the empty lexicon, used where the text is
    shown as written, does not; adding keeps them."""
    assert reviews().dates_and_codes
    assert not Lexicon().dates_and_codes
    assert (Lexicon() + reviews()).dates_and_codes
    text = "Seen 01/05/2013, ep. 5."
    assert reviews().say(text) == "Seen 5 January 2013, episode 5."
    assert Lexicon().say(text) == text


def test_lexicon_entries_come_first() -> None:
    """A user's entry that matches a date wins; the rest is still said as dates."""
    entry = LexiconEntry(MatchKind.REGEX, r"\b2013-01-05\b", "the day of the storm")
    lexicon = Lexicon((entry,), dates_and_codes=True)
    assert lexicon.say("On 2013-01-05 and 2013-01-06.") == (
        "On the day of the storm and 6 January 2013."
    )


REVIEW = "Released 01/05/2013 in Seoul. I bought it Jan 5, 2013 with code CUSA-12345 here."


def story() -> Document:
    document = parse(REVIEW)
    assert document.language == "en"
    return document


def test_the_planner_says_dates_where_the_lexicon_applies() -> None:
    """The voice's lexicon brings dates as words; planning without one keeps the text."""
    document = story()
    with_lexicon = plan_utterances(document, Position(), PlanSettings(lexicon=reviews()))
    said = [u.text for u in with_lexicon if u.part is Part.SENTENCE]
    assert said == [
        "Released 5 January 2013 in Seoul.",
        "I bought it 5 January 2013 with code CUSA-12, 345 here.",
    ]
    as_written = [u.text for u in plan_utterances(document) if u.part is Part.SENTENCE]
    assert as_written == ["Released 01/05/2013 in Seoul.", REVIEW.split(". ")[1]]


def test_reader_text_shows_the_amazon_date_as_heard() -> None:
    """`reader text` shows what is said: an Amazon review's date is heard as a date."""
    loaded = load_paths([str(SAMPLES / "amazon-book-reviews.jsonl")], None)
    document = parse_review(loaded.reviews[0])
    lines = "\n".join(text_lines(document, False, reviews()))
    assert "Date: 5 January 2013." in lines
    assert "2013-01-05" not in lines
    assert "Date: 2013-01-05." in "\n".join(text_lines(document, False))


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    espeak = EspeakEngine()
    yield espeak
    espeak.close()


def heard(engine: Engine, document: Document) -> tuple[list[str], list[str]]:
    """What the default voice says of `document`, and the section text each word it
    reports stands for."""
    session = Session(engine, RecordingSink(), find_profile("default"))
    events: list[SessionEvent] = []
    session.subscribe(events.append)
    session.open(document)
    session.play()
    assert session.wait(30)
    session.close()
    text = document.sections[0].text
    said = [e.utterance.text for e in events if isinstance(e, UtteranceStarted)]
    words = [text[e.start : e.end] for e in events if isinstance(e, WordHeard)]
    return said, words


def test_heard_through_espeak_each_word_maps_back(engine: Engine) -> None:
    """eSpeak is given '5 January 2013'; its words point at '01/05/2013' once, and the
    words around it at themselves."""
    said, words = heard(engine, story())
    assert "Released 5 January 2013 in Seoul." in said
    # 'five January two thousand and thirteen' is one place on screen, said once.
    dates = ["Released", "01/05/2013", "in", "Seoul", "I", "bought", "it", "Jan 5, 2013"]
    assert words == [*dates, "with", "code", "CUSA-12345", "here"]


def test_heard_in_spanish(engine: Engine) -> None:
    """A Spanish review hears its date in Spanish, still mapped to the written one."""
    document = replace(parse("Lo vi el 05/01/2013 en casa."), language="es")
    said, words = heard(engine, document)
    assert "Lo vi el 5 de enero de 2013 en casa." in said
    assert words == ["Lo", "vi", "el", "05/01/2013", "en", "casa"]


def test_heard_through_espeak_stars_are_words_that_map_back(engine: Engine) -> None:
    """eSpeak says nothing for ★: the stars are now heard, as words that point at them."""
    document = parse("Great film, ★★★½ from me. Drama | Korea.")
    said, words = heard(engine, document)
    assert said[-2:] == ["Great film, 3 and a half stars from me.", "Drama, Korea."]
    # 'three and a half stars' is one place on screen, said once, as a date is.
    assert words == ["Great", "film", "★★★½", "from", "me", "Drama", "Korea"]


def pauses(engine: Engine, text: str) -> int:
    """How many times eSpeak falls silent for 100 ms or more inside `text`: 10 ms windows
    quieter than a fiftieth of the loudest, between sounds."""
    pcm = bytearray()

    def keep(chunk: Chunk) -> bool:
        pcm.extend(chunk.pcm)
        return True

    engine.synthesize(text, keep)
    samples = np.frombuffer(bytes(pcm), dtype=np.int16).astype(np.int32)
    window = engine.sample_rate // 100
    loud = np.abs(samples[: len(samples) // window * window]).reshape(-1, window).max(axis=1)
    sounding = "".join("x" if level > loud.max() / 50 else "." for level in loud).strip(".")
    return len(re.findall(r"\.{10,}", sounding))


def test_a_real_reviews_list_of_lists_is_heard_with_pauses(engine: Engine) -> None:
    """A real Letterboxd review ends with the reviewer's lists, written 'A | B | C': as
    written eSpeak runs them together; said, each is followed by a pause."""
    export = ROOT / "tests" / "data" / "real" / "exports" / "letterboxd" / "reviews.csv"
    loaded = load_paths([str(export)], None)
    document = next(
        parse_review(review) for review in loaded.reviews if review.title == "Past Lives"
    )
    lines = text_lines(document, False, reviews())
    listed = "5-Star ⭐ Movies, Celine Song, Movies for Crying 💔, A24, 2023 Ranked"
    assert listed in lines
    written = listed.replace(", ", " | ")
    assert any(written in section.text for section in document.sections)
    assert pauses(engine, listed) >= 4
    assert pauses(engine, written) <= 1


def test_the_title_and_headings_are_said_through_the_lexicon_and_shown_so() -> None:
    """The title was spoken as written and `reader text` showed headings as written,
    though speech rewrote them: both now say 'O S T', 'episode 5' and the stars."""
    document = parse("# Goblin OST review ★★★★\n\n## Ep. 5 | the twist\n\nFine.", Markup.MARKDOWN)
    settings = PlanSettings(lexicon=reviews())
    said = {u.part: u.text for u in plan_utterances(document, Position(), settings)}
    assert said[Part.TITLE] == "Goblin O S T review 4 stars."
    assert said[Part.HEADING] == "episode 5, the twist."
    lines = list(text_lines(document, False, reviews()))
    assert lines[:3] == ["Goblin O S T review 4 stars", "", "episode 5, the twist"]
    assert next(text_lines(document, False)) == document.title  # as written, no lexicon


def test_real_steam_reviews_emoji_are_heard_by_their_whole_names() -> None:
    """Real Steam reviews: eSpeak ran glued emoji into 'drooling-o-dark-vulcan-dark' and
    'clapping clapping clapping'; said apart and without skin tones each has its name."""
    export = ROOT / "tests" / "data" / "real" / "exports" / "steam" / "review_570_emoji.json"
    reviews_found = load_paths([str(export)], None).reviews
    written = [
        next(s.text for s in parse_review(review).sections if s.kind is SectionKind.REVIEW)
        for review in reviews_found
    ]
    said = [reviews().say(text) for text in written]
    assert said == [
        "Awesome experience to play this game ..\nIt's addictive and you can play with your "
        "friends🤤 👌 🖖",
        "very good👏",
        "The game changed my carrier😍",
    ]
    heard, as_written = espeak_phonemes(said), espeak_phonemes(written)
    # 'drooling face', 'vulcan salute', 'clapping hands', 'smiling face with heart-eyes'
    names = [("dr'u:lIN f'eIs", "s@l'u:t"), ("kl'apIN h'andz",), ("h'A@t 'aIz",)]
    for phonemes, before, wanted in zip(heard, as_written, names, strict=True):
        assert all(name in phonemes for name in wanted), phonemes
        assert not all(name in before for name in wanted), before
    # And the heart most hearts are written with: 'red heart', not 'red'.
    assert espeak_phonemes([reviews().say("I ❤️ it"), "I ❤️ it"]) == [
        "aI r'Ed h'A@t It",
        "aI r'Ed It",
    ]


@pytest.mark.parametrize(
    ("language", "written", "said", "spelled"),
    [
        # eSpeak stops at 'ep.' as at a sentence's end, and spells chat shorthand.
        ("es", "el ep. 5, xq tb", "el episodio 5, porque también", "ekisk'u"),
        ("es", "Romeo & Julieta", "Romeo y Julieta", "ampErs'ant"),
        ("fr", "l'ép. 5 mdr", "l'épisode 5 mort de rire", ",Emd,e"),
        ("de", "z.B. usw.", "zum Beispiel und so weiter", "ts,Et"),
        ("it", "l'ep. 5 cmq", "l'episodio 5 comunque", "Emmek'u"),
        ("it", "Romeo & Giulietta", "Romeo e Giulietta", "'and"),
        ("pt", "o ep. 5 vc", "o episódio 5 você", "v,es'e"),
        ("pt", "recomendo dms", "recomendo demais", "d,e,Em;'Es"),
        # Spanish ordinals typed with their endings: 'dos de a', 'tres er'.
        ("es", "la 2da vez, el 3er acto, 4to", "la 2ª vez, el tercer acto, 4º", "D'os D'a"),
    ],
)
def test_shipped_profiles_say_each_languages_shorthand(
    language: str, written: str, said: str, spelled: str
) -> None:
    """The shipped profiles carry a lexicon for each of the six languages."""
    lexicon = find_profile("default").lexicon  # type: ignore[union-attr]
    assert lexicon.say(written, language) == said
    assert lexicon.say(written, "en") != said  # each applies in its own language only
    heard, as_written = espeak_phonemes([said, written], language)
    assert spelled in as_written
    assert spelled not in heard


def announced(engine: Engine, text: str, document: Document | None = None) -> list[Utterance]:
    """What a session says, in order, to announce `text` with the default voice, with
    `document` open."""
    session = Session(engine, RecordingSink(), find_profile("default"))
    if document is not None:
        session.open(document)
    events: list[SessionEvent] = []
    session.subscribe(events.append)
    session.announce(text)
    assert session.wait(30)
    session.close()
    return [event.utterance for event in events if isinstance(event, UtteranceStarted)]


def test_announcements_naming_a_review_are_said_through_the_lexicon(engine: Engine) -> None:
    """The reading room announces a review by its title: 'Rocky IV ★★★★½' was heard as
    'Rocky roman four and a half'."""
    said = [u.text for u in announced(engine, "Review 1 of 1, Rocky IV (1985) ★★★★½, 44 words")]
    assert said == ["Review 1 of 1, Rocky 4 (19 85) 4 and a half stars, 44 words"]


def test_an_announced_title_in_another_script_is_said_by_its_voice(engine: Engine) -> None:
    """'Review 1 of 1, Левиафан, 13 words': the English voice of reader's own words spelled
    the title letter by letter; the title is now a piece of its own, in the Russian voice,
    with no pause around it."""
    utterances = announced(engine, "Review 1 of 1, Левиафан, 13 words")
    said = [(u.text, u.language, u.pause) for u in utterances]
    assert said == [
        ("Review 1 of 1, ", "en", Break.NONE),
        ("Левиафан", "ru", Break.NONE),
        (", 13 words", "en", Break.SENTENCE),
    ]
    (english,) = espeak_phonemes(["Левиафан"], "en")
    (russian,) = espeak_phonemes(["Левиафан"], "ru")
    assert len(russian) * 2 < len(english)  # 'L E V I A F A N' against the word


# Text made of what the rules look for: digits, signs, stars, emoji and their modifiers,
# Roman letters, currency, and the spaces and punctuation around them.
_SIGNS_TEXT = st.text(
    st.sampled_from(list("0123456789 \t.,:-–/xhmins$€£¥#~<|•·IVX★⭐½☆✩❤😭👍🇦🇷\ufe0f\u200d🏻sabc'")),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(text=_SIGNS_TEXT, language=st.sampled_from(["en", "es", "de", "ja"]))
def test_changes_are_in_order_apart_and_inside_the_text(text: str, language: str) -> None:
    """Whatever the text, the changes said instead of it run left to right without
    overlapping, each over characters the text has, and building them loses nothing."""
    changes = list(said_as(text, language))
    position = 0
    for change in changes:
        assert position <= change.start < change.end <= len(text)
        position = change.end
    built = spoken(text, language)
    assert built.source_start == 0 and built.source_end == len(text)


def test_an_announcement_names_a_spanish_review_in_the_spanish_voice(engine: Engine) -> None:
    """'Section 1 of 2, Reseña': reader's own heading and the title are Spanish words, which
    the English voice of the announcement read with English letters."""
    body = "La película es preciosa y la música de Hisaishi es una de las mejores del año."
    document = parse(body, title="El viaje de Chihiro")
    assert document.language == "es"
    heading = document.sections[0].heading
    said = [
        (u.text, u.language)
        for u in announced(
            engine, f"Review 1 of 1, {document.title}. Section 1, {heading}", document
        )
    ]
    assert said == [
        ("Review 1 of 1, ", "en"),
        ("El viaje de Chihiro", "es"),
        (". Section 1, ", "en"),
        ("Reseña", "es"),
    ]
    # An English review's names are the announcement's own language: one piece.
    english = parse("A fine film, and the music is one of the best of the year.", title="Up")
    assert len(announced(engine, "Review 1 of 1, Up, 12 words", english)) == 1


def test_no_asterisk_is_heard() -> None:
    """eSpeak said '*really*' as 'asterisk really asterisk' in English, Spanish, French and
    Portuguese; it is heard as 'really' in all four."""
    text = "It was *really* good, f***ing great, a 5* film."
    for language in ("en", "es", "fr", "pt"):
        (written,) = espeak_phonemes([text], language)
        (heard,) = espeak_phonemes([spoken(text, language).text], language)
        assert written.count("sk") >= 4, language  # 'asterisk', 'asterisco'...
        assert "sk" not in heard, language


def test_a_laughing_xd_is_heard_as_its_face() -> None:
    """eSpeak said 'XD' as 'X D'; it is the face it draws, as long to say as its name."""
    from reader.speech.espeak import EspeakEngine

    engine = EspeakEngine()
    try:
        as_face, as_name, as_written = (
            _seconds(engine, text)
            for text in (spoken("lol XD.").text, "lol grinning squinting face.", "lol XD.")
        )
    finally:
        engine.close()
    assert abs(as_face - as_name) < 0.05
    assert as_face > as_written + 0.5


def _seconds(engine: Engine, text: str) -> float:
    """How long the engine takes to say `text`."""
    return speak(engine, text).samples / engine.sample_rate


def test_typed_faces_are_named_by_the_voice() -> None:
    """eSpeak said ':D' as 'colon D' and ':(' as nothing; now 'grinning face', 'frowning
    face', and in Spanish 'cara sonriendo'."""
    (heard,) = espeak_phonemes([spoken("Great :D but sad :(").text])
    (as_written,) = espeak_phonemes(["Great :D but sad :("])
    assert "gr'InIN f'eIs" in heard and "fr'aUnIN f'eIs" in heard
    assert "k'oUl@n" in as_written and "f'eIs" not in as_written
    (spanish,) = espeak_phonemes([spoken("Genial :D", "es").text], "es")
    assert "k'a**a" in spanish  # 'cara'
