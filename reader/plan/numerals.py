"""Roman numerals and written ordinals as a voice should say them.

eSpeak says 'Rocky IV' as 'Rocky roman four' (in English, French and German): a numeral
from II to XXXIX becomes its number, 'Rocky 4'. Only I, V and X, two or more of them, so
that 'I', 'X' ('Malcolm X'), 'DC' and 'MIX' stay words.

A monarch or a pope is numbered with an ordinal: 'George VI' is 'George the 6th' (which
eSpeak says 'sixth'), where 'George 6' was 'George six'; 'Felipe II' 'Felipe 2º'
('segundo'), 'Luigi XIV' 'Luigi 14º' ('quattordicesimo'), as is an Italian century ('il
XIX secolo'). After one of their names a lone I, V or X is a numeral too ('Henry V',
'Elizabeth I'), but not after Malcolm ('Malcolm X'), nor the pronoun in 'Thanks Mary I
loved it'. French and German voices say the number as French does ('Louis 14').

French writes centuries and other ordinals with a Roman numeral or a number and a
suffix: 'le XIXe siècle' (eSpeak: 'gz iks siècle'), 'le 19e' ('dix-neuf eu'), 'François
Ier' ('François i r'). They are said in words: 'dix-neuvième', 'premier'. German writes
them with a full stop ('im 19. Jahrhundert', eSpeak's 'im neunzehn Jahrhundert'), said
with the ending the article gives them: 'im neunzehnten Jahrhundert' (`reader.text.german`).
"""

from __future__ import annotations

import re

from reader.plan.spoken_text import SaidAs
from reader.text.german import ordinal_ending_at, ordinal_words
from reader.text.roman import NUMERAL, roman_value

_ROMAN = re.compile(rf"(?<![\w'’-])(?=[IVX]{{2}}){NUMERAL}(?![\w'’-])")
_ROMAN_PAIRS = ("II", "IV", "VI", "IX", "XI", "XV", "XX")  # one is in every such numeral

# Monarchs and popes, in the languages that number them with ordinals, as Spanish,
# Portuguese and Italian voices say '2º'; the women's names take '2ª'.
_MONARCHS = {
    "en": """
        Alexander Alfonso Amenhotep Anne Benedict Boniface Casimir Catherine Charles
        Christian Clement Constantine Cleopatra Edmund Edward Elizabeth Ferdinand Frederick
        Friedrich George Gregory Gustav Gustavus Harald Henri Henry Innocent Ivan James John
        Juan Justinian Leo Louis Ludwig Mary Napoleon Nicholas Olaf Paul Peter Philip Pius
        Ptolemy Ramesses Ramses Richard Sigismund Stephen Thutmose Urban Victor Wilhelm
        William
    """,
    "es": """
        Alejandro Alfonso Benedicto Carlos Clemente Eduardo Enrique Federico Felipe Fernando
        Gregorio Guillermo Inocencio Iván Jaime Jorge Juan León Luis Napoleón Nicolás Pablo
        Pedro Pío Ptolomeo Ramsés Ricardo Sancho Urbano
        Catalina* Cleopatra* Isabel* Juana* María*
    """,
    "pt": """
        Afonso Alexandre Bento Carlos Duarte Eduardo Fernando Filipe Frederico Gregório
        Guilherme Henrique Jorge José João Leão Luís Manuel Napoleão Nicolau Paulo Pedro Pio
        Ramsés Ricardo Sancho Sebastião
        Catarina* Cleópatra* Isabel* Maria*
    """,
    "it": """
        Alessandro Alfonso Benedetto Bonifacio Carlo Clemente Edoardo Emanuele Enrico
        Federico Ferdinando Filippo Francesco Giorgio Giovanni Gregorio Guglielmo Innocenzo
        Ivan Leone Ludovico Luigi Napoleone Nicola Paolo Pietro Pio Ramses Riccardo Tolomeo
        Umberto Urbano
        Caterina* Cleopatra* Elisabetta* Maria*
    """,
}
# Ordinals up to this number, then the number: 'Felipe II' is 'Felipe segundo' but
# 'Alfonso XIII' 'Alfonso trece'. Italian and English always use ordinals.
_ORDINALS_TO = {"es": 10, "pt": 10}
_NAMES = {
    language: frozenset(name.rstrip("*") for name in names.split())
    for language, names in _MONARCHS.items()
}
# A capitalised word and a numeral (every name above starts with A-Z): the name is looked
# up afterwards, quicker than a pattern naming them all; the capital comes first, so the
# search skips to capitals.
_ROYAL = re.compile(
    rf"(?P<name>[A-Z](?<![\w'’-][A-Z])[^\W\d_]*) (?P<the>the )?"
    rf"(?=[IVX])(?P<numeral>{NUMERAL})(?![\w'’-])"
)
_QUEENS = frozenset(
    name.rstrip("*") for names in _MONARCHS.values() for name in names.split() if "*" in name
)
# 'Thanks Mary I loved it': a lone I before a word in lower case is the English pronoun.
_PRONOUN_AFTER = re.compile(r"\s+[a-z]")
_ENGLISH_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}
# Italian centuries are ordinals too: 'il XIX secolo', 'il diciannovesimo secolo'.
_CENTURY = re.compile(rf"(?<![\w'’-])(?=[IVX]){NUMERAL}(?= secol[oi]\b)")

# 'XIXe', 'XXIème', '19e', '2ème', 'Ier', '1er', '1re', 'Ire' (and 'ᵉ', 'ʳᵉ' raised).
_FRENCH = re.compile(
    rf"(?<![\w'’-])(?:(?=[IVX]){NUMERAL}|(?P<number>[1-9][0-9]?))"
    r"(?P<suffix>e|ème|ᵉ|er|re|ʳᵉ|ᵉʳ)(?![\w'’-])"
)
# What may be a German ordinal: a number and a full stop before a word ('im 19.
# Jahrhundert'); the words around it tell (`reader.text.german`).
_GERMAN = re.compile(r"(?<![\w.,])[1-9][0-9]?\.(?=\s+[^\W\d_])")
# Every French ordinal is a digit or I, V or X and then its suffix's first letter.
_FRENCH_HINT = re.compile(r"[0-9IVX][eèᵉrʳ]")
_FRENCH_UNITS = "un deux trois quatre cinq six sept huit neuf".split()
_FRENCH_TEENS = "dix onze douze treize quatorze quinze seize dix-sept dix-huit dix-neuf".split()
_FRENCH_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def numerals_said(text: str, language: str) -> list[SaidAs]:
    """The Roman numerals (and, in French, the ordinals) of `text` and what to say for
    each, left to right."""
    said: list[SaidAs] = []
    if any(pair in text for pair in _ROMAN_PAIRS):
        said = [
            SaidAs(found.start(), found.end(), str(roman_value(found[1], found[2])))
            for found in _ROMAN.finditer(text)
        ]
    if language in _NAMES and any(mark in text for mark in (" I", " V", " X", "secol")):
        said = _instead(said, _royal(text, language))
    elif language == "fr" and _FRENCH_HINT.search(text):
        said = _instead(said, _french(text))
    elif language == "de" and ". " in text:
        said = _instead(said, _german(text))
    return said


def _german(text: str) -> list[SaidAs]:
    """German ordinals in words, with their endings: 'im 19. Jahrhundert' is 'im
    neunzehnten Jahrhundert', 'die 2. Staffel' 'die zweite Staffel'."""
    said: list[SaidAs] = []
    last = ""  # the ending of the ordinal said last
    for found in _GERMAN.finditer(text):
        stop = found.end() - 1
        ending = ordinal_ending_at(text, found.start(), stop, previous=last)
        if ending:
            said.append(
                SaidAs(
                    found.start(),
                    found.end(),
                    ordinal_words(int(text[found.start() : stop]), ending),
                )
            )
            last = ending
    return said


def _royal(text: str, language: str) -> list[SaidAs]:
    """A monarch's numeral as an ordinal: 'George VI' is 'George the 6th', 'Felipe II'
    'Felipe 2º' ('segundo'); and an Italian century's."""
    said = []
    for found in _ROYAL.finditer(text):
        if found["name"] not in _NAMES[language]:
            continue
        maybe_pronoun = found["numeral"] == "I" and language == "en"
        if maybe_pronoun and _PRONOUN_AFTER.match(text, found.end()):
            continue
        number = roman_value(found[4], found[5])
        if language == "en":
            words = f"{'' if found['the'] else 'the '}{_english_ordinal(number)}"
        elif number > _ORDINALS_TO.get(language, number):
            words = str(number)
        else:
            words = f"{number}{'ª' if found['name'] in _QUEENS else 'º'}"
        said.append(SaidAs(found.start("numeral"), found.end("numeral"), words))
    if language == "it" and "secol" in text:
        said += [
            SaidAs(found.start(), found.end(), f"{roman_value(found[1], found[2])}º")
            for found in _CENTURY.finditer(text)
        ]
    return said


def _french(text: str) -> list[SaidAs]:
    """French ordinals in words: 'XIXe' is 'dix-neuvième', '1er' 'premier'."""
    said = []
    for found in _FRENCH.finditer(text):
        number = int(found["number"]) if found["number"] else roman_value(found[1], found[2])
        feminine = found["suffix"] in ("re", "ʳᵉ")
        if number == 1 and found["suffix"] not in ("e", "ème", "ᵉ"):
            said.append(SaidAs(found.start(), found.end(), "première" if feminine else "premier"))
        elif number > 1 and not (feminine or found["suffix"] in ("er", "ᵉʳ")):
            said.append(SaidAs(found.start(), found.end(), _french_ordinal(number)))
    return said


def _instead(general: list[SaidAs], specific: list[SaidAs]) -> list[SaidAs]:
    """The general changes, with those that start where a specific one does replaced."""
    if not specific:
        return general
    starts = {change.start for change in specific}
    kept = [change for change in general if change.start not in starts]
    return sorted([*kept, *specific], key=lambda change: change.start)


def _english_ordinal(number: int) -> str:
    """'1st', '2nd', '13th', '22nd': written so, eSpeak says the English ordinal."""
    teen = number % 100 in (11, 12, 13)
    return f"{number}{'th' if teen else _ENGLISH_SUFFIXES.get(number % 10, 'th')}"


def _french_ordinal(number: int) -> str:
    """'deuxième', 'dix-neuvième', 'vingt et unième', 'quatre-vingtième', to 99."""
    return _ordinal_of(_french_cardinal(number))


def _french_cardinal(number: int) -> str:
    """The French words for a number from 1 to 99."""
    if number < 10:
        return _FRENCH_UNITS[number - 1]
    if number < 20:
        return _FRENCH_TEENS[number - 10]
    tens, units = divmod(number, 10)
    if tens in (7, 9):  # 'soixante-douze', 'quatre-vingt-dix-neuf'
        tens, units = tens - 1, units + 10
    if tens == 8:
        return f"quatre-vingt-{_french_cardinal(units)}" if units else "quatre-vingts"
    if units == 0:
        return _FRENCH_TENS[tens]
    joiner = " et " if units in (1, 11) else "-"
    return f"{_FRENCH_TENS[tens]}{joiner}{_french_cardinal(units)}"


def _ordinal_of(cardinal: str) -> str:
    """A French cardinal made ordinal by its last word: 'neuf' 'neuvième', 'cinq'
    'cinquième', 'quatre' 'quatrième', 'un' (in 'vingt et un') 'unième', 'quatre-vingts'
    'quatre-vingtième'."""
    if cardinal.endswith("neuf"):
        return cardinal[:-1] + "vième"
    if cardinal.endswith("cinq"):
        return cardinal + "uième"
    if cardinal.endswith("vingts"):
        return cardinal[:-1] + "ième"
    return cardinal.removesuffix("e") + "ième"
