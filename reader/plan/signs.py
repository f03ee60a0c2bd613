"""Saying the signs reviews write in their prose: star ratings, list separators, '#1',
'~2 hours', '<3' and runs of emoji.

eSpeak says nothing for ★ and ☆, so '★★★½ from me' was heard as 'and a half from me';
it runs 'Drama | Korea' together without a pause, and reads '#1' as 'hash one' (and
'#BestFilm' as 'hash best film'), '~2 hours' as 'tilde two hours', '<3' as 'three' and
'♥' as 'heart suit'. Here each is said in the review's language: '3 and a half stars',
'Drama, Korea', 'number 1', 'BestFilm', 'about 2 hours', 'heart'; words said for a sign
written against a word are set apart from it ('I♥NY' is 'I heart NY').

Stars are counted, not turned into a score out of 5: reviewers rate out of 4 as well as
5, and only empty stars (☆) tell the scale ('3 stars out of 5'). A lone ★ stays silent,
as it often decorates a heading rather than rates; a lone ⭐ is left to the voice, which
says 'star' ('5-Star ⭐ Movies').

eSpeak says 'asterisk' for each '*' in English, Spanish, French and Portuguese: '*really*'
was 'asterisk really asterisk', 'f***' 'f asterisk asterisk asterisk'. Asterisks are
silent here, but for a rating ('a 5* hotel' is '5 stars') and the letters of a censored
word ('f***' is 'f', 'f***ing' 'f-ing').

eSpeak names emoji, but loses words when one is followed by another or by a modifier:
'❤️' (with the variation selector most hearts carry) is only 'red', '😭😭😭' is
'loudly loudly loudly', '👍🏻' 'thumbslight'. A run of emoji is said with the selectors
and skin tones left out, one space between emoji, and a repeat said once: 'red heart',
'loudly crying face', 'thumbs up'. A flag's two letters stay together ('🇦🇷', Argentina).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reader.model import EMPTY_STARS, FULL_STARS, HALF_STAR, STARS, format_number, out_of
from reader.plan.spoken_text import SaidAs
from reader.text.wording import count_of, describes, word

# Pictographs, symbols and dingbats; what follows an emoji to change how it looks
# (variation selectors, skin tones, the tags of a region's flag) or to join it to the
# next (the zero-width joiner of '🏳️‍🌈'); and the letters flags are made of.
_EMOJI = "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff"
_MODIFIERS = "\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f\u200d"
_REGIONAL = "\U0001f1e6-\U0001f1ff"
# Faces typed in ASCII, as the emoji a voice names in the review's language: eSpeak said
# ':D' as 'colon D' and ':(' as nothing at all.
_EMOTICONS = {
    **dict.fromkeys((":)", ":-)", "(:"), "\u263a"),  # smiling face
    **dict.fromkeys((":(", ":-("), "\u2639"),  # frowning face
    **dict.fromkeys((":D", ":-D"), "\U0001f600"),  # grinning face
    **dict.fromkeys((";)", ";-)"), "\U0001f609"),  # winking face
    **dict.fromkeys((":P", ":-P", ":p", ":-p"), "\U0001f61b"),  # face with tongue
    **dict.fromkeys((":O", ":-O", ":o"), "\U0001f62e"),  # face with open mouth
    **dict.fromkeys((":/", ":-/"), "\U0001f615"),  # confused face
    **dict.fromkeys(("T_T", ";_;"), "\U0001f62d"),  # loudly crying face
    **dict.fromkeys(("^^", "^_^"), "\U0001f60a"),  # smiling face with smiling eyes
    ":'(": "\U0001f622",  # crying face
    **dict.fromkeys((">:(", ">:-("), "\U0001f620"),  # angry face
    **dict.fromkeys((">:)", ">:-)"), "\U0001f608"),  # smiling face with horns
    **dict.fromkeys(("XD", "xD"), "\U0001f606"),  # grinning squinting face
}
# One branch a sign, each naming its group: a number and a star; a run of two or more
# stars; a separator between spaces (looked for only where spaces start, so that a long
# run of them is read once); '#' before a rank, or a hashtag's; '~' before a figure;
# '<3'; an emoji with what follows it; a face typed in ASCII (':D'); a rating in asterisks
# ('5*'), a word censored with them ('f***'), and any other asterisks.
_SIGN = re.compile(
    rf"""
    (?P<counted>(?<![\w.,])[0-9]{{1,2}}(?:[.,]5)?)[ ]?[{FULL_STARS}](?![{STARS}])
  | (?<![{STARS}])
    (?P<stars>(?=[{STARS}]{{2}})[{FULL_STARS}]*{HALF_STAR}?[{EMPTY_STARS}]*)(?![{STARS}])
  | (?P<separator>(?<![ \t])[ \t]+[|•·])(?=[ \t])
  | (?<![\w&\#])(?P<number_sign>\#)(?=[0-9]{{1,3}}(?![0-9]))
  | (?<![\w&\#])(?P<hashtag>\#)(?=[^\W\d_])
  | (?<!\S)(?P<about>~)(?=[$€£]?[0-9])
  | (?P<heart>(?<![\w<])<3+(?![\w>])|♥+)
  | (?P<emoji>[{_EMOJI}][{_EMOJI}{_MODIFIERS}]+)
  | (?<!\S)(?P<emoticon>{"|".join(map(re.escape, _EMOTICONS))})(?=[\s.,!?]|$)
  | (?P<starred>(?<![\w.,$€£¥])[0-9]{{1,2}}(?:[.,]5)?)\*(?![\w*])
  | (?<!\w)(?P<censored>[^\W\d_]{{1,4}}\*+[^\W\d_]*)(?!\w)
  | (?P<asterisks>\*+)
    """,
    re.VERBOSE,
)
# Pros and cons: '+ Great story' and '- Too short' each opening a line, or '+hp, +damage,
# -speed' in a row. eSpeak says 'plus' for the one and nothing for the other (a leading
# hyphen is silent), so the cons were heard as more pros. Where a '+' opens an item in
# the same way, a '-' (or '–') opening another is 'minus'; without one it is a bullet.
_PROS_AND_CONS = (
    (
        re.compile(r"(?m)^[ \t]*\+[ \t]?(?=[^\W\d_])"),
        re.compile(r"(?m)^[ \t]*[-–][ \t]?(?=[^\W\d_])"),
    ),
    (re.compile(r"(?<![^\s,;(])\+(?=[^\W\d_])"), re.compile(r"(?<![^\s,;(])-(?=[^\W\d_])")),
)
_ASTERISKS = re.compile(r"\*+")
_COUNTED = frozenset(("counted", "starred"))
_EMOJI_ITEM = re.compile(f"[{_REGIONAL}]{{2}}|[{_EMOJI}]")
_MODIFIER = re.compile(f"[{_MODIFIERS}]")  # skin tones lie among the pictographs
# Every sign but a few faces holds one of these.
MARKS = f"{STARS}|•·#~<*:;^_({_EMOJI}"
_MAY_HOLD = re.compile(f"[{MARKS}]")
# The faces with none of them ('XD'), looked for by name.
_UNMARKED_FACES = tuple(face for face in _EMOTICONS if not _MAY_HOLD.search(face))


def may_hold_signs(text: str) -> bool:
    """Whether `text` may hold a sign: false for nearly all text, told at once."""
    return _MAY_HOLD.search(text) is not None or any(face in text for face in _UNMARKED_FACES)


def signs_said(text: str, language: str) -> Iterator[SaidAs]:
    """The signs of `text` and what to say for each, left to right."""
    if not may_hold_signs(text):
        return
    for found in _SIGN.finditer(text):
        sign = found.lastgroup
        assert sign is not None  # every branch is a named group
        start, end = found.span()
        describing = sign in _COUNTED and describes(text, start, language)
        said = _said(sign, found[sign], language, describing)
        if said[:1].isalpha() and text[start - 1 : start].isalnum():
            said = f" {said}"
        if said[-1:].isalpha() and text[end : end + 1].isalnum():
            said = f"{said} "
        if said != found.group():  # emoji a voice says well as they are
            yield SaidAs(start, end, said)


def minus_items(text: str, language: str) -> Iterator[SaidAs]:
    """The '-' of each con in a list of pros and cons, said 'minus' in `language`."""
    if "+" not in text or not ("-" in text or "–" in text):
        return
    minus = f"{word('minus', language)} "
    for plus, minus_item in _PROS_AND_CONS:
        if plus.search(text):
            for found in minus_item.finditer(text):
                yield SaidAs(found.start(), found.end(), minus)


def _said(sign: str, written: str, language: str, describing: bool) -> str:
    """What to say for the `sign` group's text; `describing` for a count of stars that
    describes what follows ('a 5 star hotel')."""
    if sign in _COUNTED:  # '4★', '4.5 ⭐', '5*', as a hotel or a film is rated
        return count_of(written, language, "star", describing)
    if sign == "stars":
        return _rating(written, language)
    if sign == "separator":
        return ","
    if sign == "number_sign":
        return f"{word('number', language)} "
    if sign == "hashtag":  # '#BestFilm' was 'hash best film', 'Nummer' in German
        return ""
    if sign == "about":
        return f"{word('about', language)} "
    if sign == "heart":
        return word("heart", language)
    if sign == "censored":  # 'f***' is 'f', 'sh*t' 'sh-t': the letters written
        return "-".join(filter(None, _ASTERISKS.split(written)))
    if sign == "asterisks":  # '*emphasis*', '***' between parts, a footnote's mark
        return ""
    if sign == "emoticon":
        return _EMOTICONS[written]
    return _emoji(written)


def _emoji(run: str) -> str:
    """A run of emoji as a voice says them whole: one space apart, without selectors or
    skin tones, a repeat said once."""
    said: list[str] = []
    for emoji in _EMOJI_ITEM.findall(_MODIFIER.sub("", run)):
        if not said or emoji != said[-1]:
            said.append(emoji)
    return " ".join(said)


def _rating(run: str, language: str) -> str:
    """A run of stars in words: '3 and a half stars', '3.5 estrellas de 5'."""
    full = sum(run.count(star) for star in FULL_STARS)
    half = HALF_STAR in run
    empty = sum(run.count(star) for star in EMPTY_STARS)
    if language == "en" and half:
        said = f"{full} and a half stars" if full else "half a star"
    else:
        value = full + 0.5 * half
        said = count_of(format_number(value), language, "star")
    if empty:
        said += f" {out_of(language)} {full + half + empty}"
    return said
