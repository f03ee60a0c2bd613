"""Finding ratings in every form reviewers write them and normalising them to value/scale.

'Overall Rating: 5/5', '8/10', '4.5 out of 5', '★★★½', MyDramaList's 'Overall 8.5' with
sub-scores, comma decimals ('7,38') and percentages all become a `Rating`.
"""

import re
from dataclasses import replace

from reader.model import EMPTY_STARS, FULL_STARS, HALF_STAR, STARS, Rating
from reader.text.wording import word

# A decimal ('7,38'), or a whole number and a half ('3 1/2 stars', '3½ stars').
_NUMBER = r"\d{1,3}(?:[.,]\d{1,2}|[ ]?½|[ ]1/2)?"
_OUT_OF = r"(?:out\s+of|of|sur|de|sobre|von|su|di|em|из|στα|من|מתוך)"
_STAR_WORDS = r"(?:stars?|estrellas?|estrelas?|étoiles?|sterne?n?|stell[ae])"
_UNITS = rf"(?:\s*(?:{_STAR_WORDS}|points?|puntos?|pontos?|punkte?n?|punti))?"
_VALUE_FORMS = (
    (re.compile(rf"^(?P<v>{_NUMBER})\s*/\s*(?P<s>{_NUMBER}){_UNITS}$"), None),
    (re.compile(rf"^(?P<v>{_NUMBER})\s+{_OUT_OF}\s+(?P<s>{_NUMBER}){_UNITS}$"), None),
    # '4 stars out of 5', 'Dou 4 estrelas em 5', '4 étoiles sur 5'
    (re.compile(rf"^(?P<v>{_NUMBER})\s*{_STAR_WORDS}\s+{_OUT_OF}\s+(?P<s>{_NUMBER})$"), None),
    (re.compile(rf"^(?P<v>{_NUMBER})\s*{_STAR_WORDS}$"), 5.0),
    (re.compile(rf"^(?P<v>{_NUMBER})\s*%$"), 100.0),
)  # fmt: skip
_BARE = re.compile(rf"^(?P<v>{_NUMBER})$")
_STARS = re.compile(
    rf"^(?P<full>[{FULL_STARS}]*)(?P<half>{HALF_STAR}?)(?P<empty>[{EMPTY_STARS}]*)$"
)
_STAR_CHARS = frozenset(STARS)
# 'Label: value', 'Label - value' or MyDramaList's 'Label value'. Labels hold no digits, so
# 'Rating 4 out of 5' splits after 'Rating'.
_LINE = re.compile(
    rf"^(?P<label>[^\W\d_][^\n:=\d]{{0,30}}?)\s*(?:[:=\-–—]\s*|\s)(?P<value>[\d{STARS}].*)$"
)
# Scales people rate on; '24/7' or '1/2' in a line of their own are not ratings.
_SCALES = frozenset((4.0, 5.0, 10.0, 20.0, 100.0))
_OVERALL_WORDS = (
    "overall", "rating", "score", "my rating", "final", "total", "verdict", "grade",
    "puntuación", "calificación", "nota", "note", "bewertung", "wertung", "voto",
    "valutazione", "pontuação",
)  # fmt: skip
# Sub-score names that may carry a bare number ('Story 9.0') with no scale written.
_SUBSCORE_WORDS = (
    "story", "plot", "acting", "cast", "acting/cast", "music", "soundtrack", "ost",
    "rewatch value", "rewatchability", "visuals", "art", "animation", "sound", "characters",
    "character", "enjoyment", "gameplay", "graphics", "direction", "cinematography",
    "writing", "script", "pacing", "replay value", "presentation", "historia", "actuación",
    "música",
)  # fmt: skip
# A letter grade, as critics give one ('Grade: B+'; Rotten Tomatoes' 'B'), after a rating
# word; a paragraph that may be one is short and has a colon (the quick test for prose
# without a digit). Grades count in thirds from F (0) to A+ (12).
_GRADE_LINE = re.compile(
    r"^(?P<label>[^\W\d_][^\n:=\d]{0,30}?)\s*[:=]\s*(?P<grade>[A-DF][+\-−]?)\.?$"
)
_GRADE = re.compile(r"^(?P<letter>[A-DF])(?P<sign>[+\-−]?)$")
_GRADE_STEPS = {"F": 0, "D": 2, "C": 5, "B": 8, "A": 11}
_GRADE_SCALE = 12.0
_GRADE_LINE_LENGTH = 40
_MAX_LINES = 12
# Every score holds a digit (\d) or a star.
_SCORE_CHAR = re.compile(rf"[\d{STARS}]")
_ASCII_DIGITS = "0123456789"
_MAX_LABEL_WORDS = 4


def parse_value(text: str, scale_hint: float | None = None) -> Rating | None:
    """A single rating expression such as '9.5/10', '4 out of 5', '★★★½' or '85%'."""
    text = text.strip().rstrip(".!").strip()
    stars = _parse_stars(text)
    if stars is not None:
        return stars
    if not text[:1].isdecimal():  # every other form starts with a number (\d)
        return None
    lowered = text.lower()
    for pattern, fixed_scale in _VALUE_FORMS:
        match = pattern.match(lowered)
        if match is None:
            continue
        scale = fixed_scale or _number(match.group("s"))
        return _checked(_number(match.group("v")), scale)
    match = _BARE.match(text)
    if match is None:
        return None
    value = _number(match.group("v"))
    return _checked(value, scale_hint or _inferred_scale(value))


def rating_lines(text: str) -> tuple[Rating, ...] | None:
    """The ratings of a paragraph made only of rating lines, in order; None otherwise.

    Prose that merely mentions a number ('Episode 9 is the best', 'I give it 8/10') is
    never taken for a rating: every line must be a score, labelled or standing alone.
    """
    # ASCII prose without a digit is quickly rejected; in other text, looking for any
    # Unicode digit costs more than trying the first line, which rejects prose quickly.
    if text.isascii() and not (has_score_char(text) or _may_be_grade(text)):
        return None
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines or len(lines) > _MAX_LINES:
        return None
    ratings = _parse_lines(lines, None)
    if ratings and len(ratings) > 1 and any(rating.value > 5 for rating in ratings):
        # MyDramaList writes 'Overall 8.5' and 'Music 4.5' on one ten-point scale.
        ratings = _parse_lines(lines, 10.0)
    return tuple(ratings) if ratings else None


def grade(text: str, label: str = "Grade") -> Rating | None:
    """A letter grade ('B+', 'A-', 'C') as a rating said as written; None for anything
    else."""
    match = _GRADE.match(text.strip())
    if match is None:
        return None
    letter, sign = match.group("letter"), match.group("sign").replace("−", "-")
    steps = _GRADE_STEPS[letter] + (0 if letter == "F" else {"+": 1, "-": -1}.get(sign, 0))
    return Rating(float(steps), _GRADE_SCALE, label, verdict=f"{letter}{sign}")


def _may_be_grade(text: str) -> bool:
    return len(text) <= _GRADE_LINE_LENGTH and ":" in text


def has_score_char(text: str) -> bool:
    """Whether the text holds a digit or a star, as every score does: what a closing
    sentence needs before it is worth splitting a paragraph to find it."""
    if text.isascii():  # stars are not ASCII, and 0-9 are its only digits: quick to find
        return any(map(text.__contains__, _ASCII_DIGITS))
    return _SCORE_CHAR.search(text) is not None


def overall_rating(ratings: tuple[Rating, ...]) -> Rating | None:
    """The overall score with the others as its parts; None if no line is the overall."""
    overall = next((rating for rating in ratings if _is_overall(rating.label)), None)
    if overall is None and len(ratings) == 1:
        overall = ratings[0]
    if overall is None:
        return None
    return replace(overall, parts=tuple(rating for rating in ratings if rating is not overall))


# Closing sentences that only give the score: 'I give it 4.5 out of 5.', '8/10 from me.',
# 'Le doy un 8/10.', 'Je lui donne 4 sur 5.', 'Ich gebe 4 von 5 Sternen.', 'Gli do 4 su 5.'
# One table of what may come before the score, and what after it, in each language.
_SCORE_LEADS = (
    # English
    r"(?:(?:so|overall|all in all|in the end|in short|in conclusion|all told)[,\s]+)?"
    r"i(?:'d|’d|\s+would|'ll|’ll|\s+will)?\s+(?:give|rate|score)\s+"
    r"(?:it|this(?:\s+\w+)?|the\s+\w+)\s+(?:an?\s+)?(?:(?:solid|strong|generous|fair)\s+)?",
    # Spanish
    r"(?:en\s+(?:resumen|definitiva|fin)[,\s]+)?(?:yo\s+)?(?:le|la|lo)\s+"
    r"(?:doy|daría|pongo|pondría)\s+(?:una?\s+)?(?:nota\s+de\s+)?",
    # Portuguese
    r"(?:eu\s+)?(?:dou|daria)(?:-lhe)?\s+(?:(?:uma?|nota)\s+)?",
    # French
    r"(?:(?:bref|au\s+final|en\s+(?:résumé|conclusion))[,\s]+)?"
    r"(?:je\s+(?:lui\s+|le\s+|la\s+)?(?:donne|mets|attribue)|j['’](?:attribue|accorde))\s+"
    r"(?:une?\s+)?",
    # German
    r"(?:(?:insgesamt|fazit)[,:\s]+)?(?:ich\s+gebe\s+(?:(?:ihm|ihr|es|dem\s+\w+|der\s+\w+)\s+)?"
    r"|von\s+mir\s+gibt\s+es\s+)(?:eine\s+)?",
    # Italian
    r"(?:(?:gli|le)\s+)?(?:do|darei)\s+(?:un\s+)?",
)
_SCORE_TAILS = (
    r"from\s+me", r"de\s+mi\s+parte", r"da\s+minha\s+parte", r"de\s+ma\s+part",
    r"von\s+mir", r"da\s+parte\s+mia",
)  # fmt: skip
_TAIL = rf"(?:\s+(?:{'|'.join(_SCORE_TAILS)}))"
_SCORE_SENTENCES = (
    re.compile(rf"^(?:{'|'.join(_SCORE_LEADS)})(?P<value>\S.*?){_TAIL}?$", re.IGNORECASE),
    re.compile(rf"^(?P<value>\S.*?){_TAIL}$", re.IGNORECASE),
)


def closing_rating(line: str) -> Rating | None:
    """The score of a review's closing line when the line says nothing else.

    Besides rating lines ('Final score: 7/10', 'Nota final: 9/10') this takes a score
    sentence ('I give it 4.5 out of 5.', '8/10 from me.', 'Ich gebe 4 von 5 Sternen.'),
    which only at the very end of a review is a rating.
    A bare number ('I give it a 9') has no scale and stays prose.
    """
    line = line.strip().rstrip(".!").strip()
    ratings = rating_lines(line)
    if ratings is not None:
        return ratings[0]
    for pattern in _SCORE_SENTENCES:
        match = pattern.match(line)
        if match is not None and not _BARE.match(match.group("value")):
            return parse_value(match.group("value"))
    return None


def rating_sentences(ratings: tuple[Rating, ...], language: str = "en") -> str:
    """Ratings read aloud, one sentence per line: 'Overall Rating: 5 out of 5.'"""
    return "\n".join(
        f"{_spoken_label(word(rating.label, language))}: {rating.spoken_in(language)}."
        for rating in ratings
    )


def _parse_lines(lines: list[str], scale_hint: float | None) -> list[Rating] | None:
    ratings = []
    for line in lines:
        rating = _parse_line(line, scale_hint)
        if rating is None:
            return None
        ratings.append(rating)
    return ratings


def _parse_line(line: str, scale_hint: float | None) -> Rating | None:
    graded = _GRADE_LINE.match(line) if _may_be_grade(line) else None
    if graded is not None and _is_rating_word(graded.group("label").strip()):
        return grade(graded.group("grade"), graded.group("label").strip())
    if not _BARE.match(line.strip()):
        standalone = parse_value(line)
        if standalone is not None:
            return standalone
    match = _LINE.match(line)
    if match is None:
        return None
    label = match.group("label").strip(" -–—")
    bare = _BARE.match(match.group("value").strip().rstrip(".")) is not None
    spaced = line[match.end("label") :].lstrip()[:1] not in ":=-–—"
    if (bare or spaced) and not _is_rating_word(label):
        return None
    if len(label.split()) > _MAX_LABEL_WORDS:
        return None
    rating = parse_value(match.group("value"), scale_hint)
    return None if rating is None else replace(rating, label=label)


def _parse_stars(text: str) -> Rating | None:
    if text[:1] not in _STAR_CHARS:  # stripped text, so its first character is a star
        return None
    match = _STARS.match(text.replace(" ", ""))
    if match is None or not text:
        return None
    full, half, empty = (len(match.group(name)) for name in ("full", "half", "empty"))
    slots = full + (1 if half else 0) + empty
    return _checked(full + 0.5 * bool(half), float(max(5, slots)))


def _is_overall(label: str) -> bool:
    lowered = label.lower()
    return any(lowered == word or lowered.startswith(word + " ") for word in _OVERALL_WORDS)


def _is_rating_word(label: str) -> bool:
    lowered = label.lower()
    return _is_overall(lowered) or lowered in _SUBSCORE_WORDS or lowered.endswith(" score")


def _spoken_label(label: str) -> str:
    # 'Acting/Cast' would be read 'acting slash cast'.
    return re.sub(r"\s*/\s*", ", ", label)


def _number(text: str) -> float:
    if text.endswith(("½", "1/2")):
        return float(text.rstrip("½").removesuffix("1/2")) + 0.5
    return float(text.replace(",", "."))


def _inferred_scale(value: float) -> float:
    for scale in (5.0, 10.0, 100.0):
        if value <= scale:
            return scale
    return 0.0


def _checked(value: float, scale: float) -> Rating | None:
    if scale not in _SCALES or value < 0 or value > scale:
        return None
    return Rating(value, scale)
