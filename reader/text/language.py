"""Guessing the language a review is written in: en, es, fr, de, it or pt.

A long text is told by its most common short words, which is exact past a few sentences
and needs no model. A shorter one goes to py3langid (langid.py's maintained fork, its
model bundled), restricted to the six languages reader has words for: on real one- to
five-word reviews it is right 94% of the time (bench/language_id.py). When even that is
unsure ('Bom', 'Bueno'), the language of the rest of the export decides (`hint`, from
`export_language`); without one, English, unless the guess is clearly likelier.

A review in another language is read as the nearest of the six when it is written in
Latin letters. One in another script is told by its script: kana is Japanese, Hangul
Korean, Han alone Chinese, Cyrillic Russian (its commonest language), and Greek, Arabic,
Hebrew, Devanagari (Hindi) and Thai their own; so its voice reads it, where the English
voice spelled Cyrillic letter by letter and said 'Chinese letter' for every Han character.
reader's own words in such a review stay English ('Review', '4 out of 5'), and a sentence
without a letter of the review's script is said by the English voice (`voice_language`),
and worded by English rules.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, TypeVar

from reader.text.words import plain_punctuation

if TYPE_CHECKING:
    from reader.text.langid_cache import Identifier

LANGUAGES = ("en", "es", "fr", "de", "it", "pt")
DEFAULT = "en"

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to is it that was in this with but for not you".split()),
    "es": frozenset("el la de que y en los las es una por con para pero del se".split()),
    "fr": frozenset("le la les de des et est une que pour dans pas qui sur avec ce".split()),
    "de": frozenset("der die das und ist nicht ein eine zu mit den von sich auch es".split()),
    "it": frozenset("il di che la è non per una con del della sono gli le questo".split()),
    "pt": frozenset("o a de que e do da não uma com para os em um é mais".split()),
}
_ANY_STOPWORD = frozenset().union(*_STOPWORDS.values())
# Each stopword's languages: 'de' is Spanish, French and Portuguese.
_LANGUAGES_OF = {
    stopword: tuple(code for code, listed in _STOPWORDS.items() if stopword in listed)
    for stopword in _ANY_STOPWORD
}
_WORD = re.compile(r"[^\W\d_]+")
# Every byte but an ASCII letter made a space; the stopwords as bytes.
_ASCII_LETTERS_ONLY = bytes(
    code if chr(code).isalpha() and code < 128 else 32 for code in range(256)
)
_LANGUAGES_OF_BYTES = {
    stopword.encode(): codes for stopword, codes in _LANGUAGES_OF.items() if stopword.isascii()
}
# A word as counted: text, or the bytes of an ASCII one.
_Word = TypeVar("_Word", str, bytes)
_NOT_LATIN = re.compile(r"[^A-Za-zÀ-ɏ]")
# The scripts that tell a language (see the module docstring), kana before the Han that
# Japanese writes too.
_SCRIPTS = {
    "ja": "\u3040-\u30ff",
    "zh": "\u3400-\u4dbf\u4e00-\u9fff",
    "ko": "\u1100-\u11ff\uac00-\ud7af",
    "ru": "\u0400-\u04ff",
    "el": "\u0370-\u03ff",
    "ar": "\u0600-\u06ff",
    "he": "\u0590-\u05ff",
    "hi": "\u0900-\u097f",
    "th": "\u0e00-\u0e7f",
}
# Only the text's first characters are looked at: enough to tell, and a long review
# costs no more than a short one.
SAMPLE = 20_000
# Characters of a long text counted first, about a hundred words.
_OPENING = 600
# Stopword hits that settle a language without the model: enough words that the count
# cannot be a coincidence, and well ahead of the runner-up (Spanish and Portuguese share
# 'de', 'que', 'para').
_DECISIVE_HITS = 8
_DECISIVE_LEAD = 3
# Below this probability (among the six) the identifier is guessing; a guess then
# replaces English only when it is this many times likelier.
_SURE = 0.5
_UNSURE_LEAD = 2.0


def detect_language(text: str, hint: str = "") -> str:
    """The language of `text`; `hint` (an export's language) decides when it is too short.
    A long text is first told by its opening hundred words, which settle it when they are
    sure (as the whole text does for every real review here; a text in two languages is
    in that of its opening): an export of 10,000 reviews spent a tenth of its parsing
    counting every word."""
    sample = text[:SAMPLE]
    if len(sample) > 2 * _OPENING:
        opening = sample[: sample.rfind(" ", 0, _OPENING) + 1]  # whole words only
        found = _decisive(_stopword_hits(opening))
        if found:
            return found
    return _decisive(_stopword_hits(sample)) or _identified(sample, hint)


def export_language(texts: Iterable[str]) -> str:
    """The language most of an export's texts are surely in, or '' when none is sure.
    Long texts vote by their common words; the identifier (whose model takes about half a
    second to load) is asked only when no text is long enough to tell that way."""
    sample = [text[:SAMPLE] for text in texts]
    votes = Counter(filter(None, (_decisive(_stopword_hits(text)) for text in sample)))
    if not votes:
        votes = Counter(filter(None, map(_sure, sample)))
    return votes.most_common(1)[0][0] if votes else ""


def stopword_hits(text: str) -> dict[str, int]:
    """How many of each language's commonest short words the text uses."""
    return _stopword_hits(text[:SAMPLE])


def _stopword_hits(sample: str) -> dict[str, int]:
    """`stopword_hits` of a sample, its words in any case."""
    words: Iterable[str]
    if "\u0130" in sample:  # 'İ', the one letter that lower-cases to two characters
        words = map(str.lower, _WORD.findall(sample))
    else:
        # Otherwise lower-casing the whole sample turns no letter into a non-letter or
        # back, so its words are the sample's words lower-cased (Greek final sigma aside,
        # in no stopword).
        lowered = plain_punctuation(sample).lower()  # lower() is quickest on ASCII
        if lowered.isascii():
            # The words of ASCII text are its runs of letters, which bytes.split finds
            # several times quicker than the pattern once everything else is a space
            # (bytes.translate being quicker again than str.translate).
            letters = lowered.encode("ascii").translate(_ASCII_LETTERS_ONLY)
            return _hits(letters.split(), _LANGUAGES_OF_BYTES)
        words = _WORD.findall(lowered)
    return _hits(words, _LANGUAGES_OF)


def _hits(words: Iterable[_Word], languages_of: dict[_Word, tuple[str, ...]]) -> dict[str, int]:
    """Each language's count of the stopwords among `words`; `languages_of` gives the
    languages each stopword is one of."""
    hits = dict.fromkeys(_STOPWORDS, 0)
    for stopword, count in Counter(filter(languages_of.__contains__, words)).items():
        for code in languages_of[stopword]:
            hits[code] += count
    return hits


def _decisive(hits: dict[str, int]) -> str:
    """The stopword count's answer when it is beyond doubt, else ''. Two languages tied
    for the most are never beyond doubt, so which is first does not matter."""
    counts = sorted(hits.values())
    best, second = counts[-1], counts[-2]
    if best < _DECISIVE_HITS or best < _DECISIVE_LEAD * second:
        return ""
    return max(hits, key=hits.__getitem__)


def _identified(sample: str, hint: str) -> str:
    """The identifier's answer; when it is unsure, the hint, else English unless the
    guess is clearly likelier ('A fine film.' is nearly as French as it is English). Text
    not in Latin letters is told by its script."""
    words = _WORD.findall(sample)
    if words and not _is_latin(words):
        return _script_language("".join(words)) or DEFAULT
    probabilities = _ranked(sample) if words else {}
    code = max(probabilities, key=probabilities.__getitem__, default=DEFAULT)
    best = probabilities.get(code, 0.0)
    if best >= _SURE:
        return code
    if hint in LANGUAGES:
        return hint
    return code if best >= _UNSURE_LEAD * probabilities.get(DEFAULT, 0.0) else DEFAULT


def _sure(sample: str) -> str:
    """The identifier's answer when it is confident, else ''."""
    probabilities = _probabilities(sample)
    return next((code for code, p in probabilities.items() if p >= _SURE), "")


def _probabilities(sample: str) -> dict[str, float]:
    """Each of the six languages' probability; empty for text the model cannot read.
    `sample` is the start of the text."""
    if not _is_latin(_WORD.findall(sample)):
        return {}
    return _ranked(sample)


def _ranked(sample: str) -> dict[str, float]:
    """The model's probability for each of the six languages, for text in Latin letters."""
    return {str(code): float(p) for code, p in _identifier().rank(sample)}


def _script_language(letters: str) -> str:
    """The language of letters mostly not Latin, told by the script most of them are in:
    Japanese when kana is among Han characters; '' for a script none of these has."""
    counts = {code: len(script.findall(letters)) for code, script in _scripts()}
    if counts["ja"]:
        counts["ja"] += counts.pop("zh")  # kanji are Japanese too
    code = max(counts, key=counts.__getitem__)
    return code if counts[code] else ""


@cache
def _scripts() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The scripts that tell a language, compiled on first use: their wide ranges take
    6 ms, which every start of reader would pay for text it seldom meets."""
    return tuple((code, re.compile(f"[{letters}]")) for code, letters in _SCRIPTS.items())


def voice_language(text: str, language: str) -> str:
    """The voice for one sentence of a review in `language`: the review's own, unless the
    review is in a script other than Latin and the sentence has none of its letters:
    reader's own words ('Rating: 4 out of 5.', 'Section 2: Notes.') or a name
    ('Netflix.'), which the English voice says. The review's voice read the words in
    English but the digits in its own language, and the Japanese one spelled them out."""
    if language in LANGUAGES or not any(c.isalnum() for c in text):
        return language
    # Japanese is written in Han characters as well as kana.
    own = ("ja", "zh") if language == "ja" else (language,)
    patterns = [pattern for code, pattern in _scripts() if code in own]
    if not patterns or any(pattern.search(text) for pattern in patterns):
        return language
    return DEFAULT


def script_pieces(text: str) -> list[tuple[str, str]]:
    """`text` cut where its script changes, each piece with the language its letters are
    in: '' for Latin letters, digits and signs, else the code `_script_language` gives.
    reader's English announcements name reviews by title: 'Review 2 of 2, Левиафан, 13
    words' is said in three pieces, so the Russian voice says the title and the English
    one did not spell it letter by letter."""
    if text.isascii() or not (found := list(_script_runs().finditer(text))):
        return [(text, "")]
    pieces: list[tuple[str, str]] = []
    start = 0
    for run in found:
        if run.start() > start:
            pieces.append((text[start : run.start()], ""))
        pieces.append((run.group(), _script_language(run.group()) or ""))
        start = run.end()
    if start < len(text):
        pieces.append((text[start:], ""))
    return pieces


@cache
def _script_runs() -> re.Pattern[str]:
    """Runs of letters of the scripts `_scripts` tells, with the spaces, digits and
    punctuation between them: a title such as 'Гарри Поттер 2' is one run."""
    letters = "".join(_SCRIPTS.values())
    return re.compile(rf"[{letters}]+(?:[\s\d'’.,:!?-]+[{letters}]+)*[.!?…]?")


def _is_latin(words: list[str]) -> bool:
    """Whether most letters are Latin: the six-way model says nothing useful otherwise."""
    letters = "".join(words)
    # Counting the few letters that are not Latin is quicker than counting the rest.
    latin = len(letters) - len(_NOT_LATIN.findall(letters))
    return bool(letters) and 2 * latin > len(letters)


@cache
def _identifier() -> Identifier:
    """py3langid's model for the six languages, loaded once and only when a text needs it:
    a millisecond from reader's unpacked copy, about 0.4 s the first time (which imports
    py3langid and NumPy: neither is imported otherwise)."""
    from reader.storage.locations import cache_dir
    from reader.text.langid_cache import load_identifier

    return load_identifier(LANGUAGES, cache_dir())
