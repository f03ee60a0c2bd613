"""Telling prose from the picture captions and tag lines that scraping leaves in blog text.

A caption is a short line with no sentence punctuation that names the work, a person
from the review or a picture ('Aya smiles brightly in 1 Litre of Tears Jdorama'). Pull
quotes are prose even when short ('Why. why…. why?'), because they end like sentences.
"""

import re
from collections.abc import Sequence

_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
_MAX_CAPTION_WORDS = 15
_IMAGE_WORDS = frozenset(
    "banner poster header cover still stills screenshot screencap screencaps wallpaper "
    "image picture photo pic thumbnail promo gif gifs featured artwork".split()
)
# Words blogs append to titles and captions to describe the medium, not the work.
_MEDIUM_WORDS = frozenset(
    "jdorama j-dorama jdrama j-drama kdrama k-drama cdrama c-drama twdrama tw-drama "
    "dorama review".split()
)
_CAPITALISED = re.compile(r"(?<![.!?…]\s)(?<!^)\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b", re.MULTILINE)
_COMMON_CAPITALISED = frozenset(
    "I I'm I've I'd I'll Mr Mrs Ms Dr The A An And But Or So If Oh Well Also This That".split()
)
_MAX_TITLE_WORDS = 15


def is_sentence_like(line: str) -> bool:
    """Whether a line ends the way sentences end."""
    return bool(_SENTENCE_END.search(line.strip()))


# '... – Review', '... | Reseña': the page's own label after a separator.
_REVIEW_SUFFIX = re.compile(
    r"\s+[–—|:\-]\s*(?:a\s+)?(?:review|reseña|crítica|critique|kritik|rezension|recensione|"
    r"resenha)\s*$",
    re.IGNORECASE,
)


def clean_title(line: str) -> str:
    """A title line without its picture or medium tail: '1 Litre Of Tears Jdorama Banner'
    becomes '1 Litre Of Tears', and 'El laberinto del fauno – Reseña' loses its label."""
    words = _REVIEW_SUFFIX.sub("", line).split()
    while len(words) > 1 and words[-1].casefold().strip(":-–—|") in (_IMAGE_WORDS | _MEDIUM_WORDS):
        words.pop()
    return " ".join(words).strip(" :-–—|")


def looks_like_title(line: str) -> bool:
    """A first line that can be the title: one short line that is not a sentence or label."""
    return (
        "\n" not in line.strip()
        and 0 < len(line.split()) <= _MAX_TITLE_WORDS
        and not is_sentence_like(line)
        and not re.match(r"^[^:]{1,30}:\s", line)
    )


def proper_names(prose: Sequence[str]) -> frozenset[str]:
    """Capitalised words that appear mid-sentence in prose: the people of the review."""
    names: set[str] = set()
    for text in prose:
        names.update(_CAPITALISED.findall(text))
    return frozenset(names - _COMMON_CAPITALISED)


def is_caption(line: str, title: str, names: frozenset[str]) -> bool:
    """Whether a standalone line is a picture caption rather than prose or a heading."""
    line = line.strip()
    words = line.split()
    if "\n" in line or not words or len(words) > _MAX_CAPTION_WORDS or is_sentence_like(line):
        return False
    if re.match(r"^[^:]{1,30}:\s", line):
        return False
    folded = line.casefold()
    if title and title.casefold() in folded:
        return True
    lowered = {word.casefold().strip(",;") for word in words}
    if lowered & _IMAGE_WORDS or lowered & _MEDIUM_WORDS:
        return True
    return words[0].strip(",;'’s") in names
