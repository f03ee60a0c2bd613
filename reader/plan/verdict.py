"""The skim pass: each review's title, rating and verdict, the one sentence of its own that
best states the reviewer's judgement, so a listener can triage a long queue in minutes.

Candidates are the review's own sentences (sections of kind `review` or named by the
source), never metadata, synopsis or rating, never one overlapping a spoiler. Each gets a
cheap score (word look-ups, no language model): judgement cues, judging words, opinion and
position count for it; plot retelling, questions, quotations, tag lines and fragments
against it. A sentence over MAX_WORDS words is cut at a clause boundary, or passed over.
Sentences are the ones reader reads aloud by (reader.text.sentences), fast enough to skim
a 10,000-review export.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from reader.model import Document, Section, SectionKind
from reader.text.phrasing import as_sentence, before_comma
from reader.text.sentences import sentence_spans, split_paragraphs

MAX_WORDS = 40  # about fifteen seconds at a brisk listening pace
_MIN_CUT_WORDS = 6  # a cut shorter than this says too little to stand for the review
_VERDICT_SECTIONS = (SectionKind.REVIEW, SectionKind.OTHER)


# Phrases that announce a judgement of the whole work.
_CUES = (
    "overall|in the end|all in all|in short|to sum up|in conclusion|conclusion|on the whole|"
    "ultimately|bottom line|verdict|the rare|recommend|recommended|recommending|highly|"
    "must-see|must see|must watch|must-read|must read|must buy|must-have|worth|skip it|"
    "avoid|stay away|disappoint|disappointed|disappointing|disappointment|masterpiece|"
    "one of the best|one of the worst|"
    "one of the most|of all time|of all times|of the year|of the decade|ever made|"
    "i've ever|i have ever|ever seen|i've seen|i rate|would not|wouldn't|don't buy|"
    "dont buy|not there yet|en resumen|en definitiva|recomiendo|recomendable|"
    "obra maestra|vale la pena|imprescindible|una maravilla|decepción|decepcionante|"
    "lo mejor|lo peor|favorita|infravalorada|sobrevalorada|en bref|au final|je recommande|"
    "à voir|chef-d'œuvre|chef d'oeuvre|décevant|vaut le coup|fazit|insgesamt|empfehlen|"
    "empfehlenswert|lohnt|gelohnt|meisterwerk|enttäuschend|unverzichtbar|standardwerk|"
    "capolavoro|consiglio|recomendo|vale a pena|obra-prima"
)
# Words that judge.
_JUDGING = (
    "best|worst|favorite|favourite|good|great|bad|impressed|impressive|terrific|dismal|"
    "ruinous|classic|deservedly|awesome|genius|trash|waste|flawless|bland|lame|stupid|awful|terrible|horrible|amazing|brilliant|beautiful|"
    "beautifully|boring|fun|excellent|wonderful|gorgeous|perfect|near-perfect|mediocre|"
    "solid|weak|flawed|moving|devastating|stunning|enjoyable|entertaining|forgettable|"
    "overrated|underrated|overhyped|fantastic|incredible|remarkable|mess|lovely|pathetic|"
    "superb|decent|dull|tedious|charming|gripping|heartbreaking|haunting|delightful|clumsy|"
    "uneven|satisfying|compelling|powerful|funny|hilarious|cringe|cringey|garbage|cancer|"
    "toxic|addictive|confusing|rushed|unrealistic|interesting|special|unforgettable|"
    "rewarding|mixed bag|gem|wow|love|loved|hate|hated|enjoyed|liked|disliked|cried|ugly|"
    "gross|shines|potential|polished|fan|buena|bueno|buenas|buenos|mala|malo|malas|malos|"
    "genial|aburrida|aburrido|divertida|divertido|fresca|soberbias|increíble|perfecta|"
    "maravilla|hermosa|preciosa|lloré|entretenida|patetico|patético|bon|bonne|mauvais|"
    "magnifique|génial|ennuyeux|superbe|drôle|émouvant|touchante|gut|schlecht|spannend|"
    "langweilig|gelungen|gelungene|überzeugt|düster|angenehme|spaß|öde|bello|bella|ottimo|"
    "ottima|brutto|noioso|bom|boa|ótimo|ótima|ruim|chato"
)
# The reviewer speaking for themself.
_OPINION = (
    "i loved|i love|i liked|i like|i enjoyed|i hated|i hate|i think|i found|i felt|i wish|"
    "for me|to me|in my opinion|i'd|i would|i'm|imo|me encantó|me gustó|me sorprendió|"
    "creo que|j'ai adoré|j'ai aimé|ich fand|kann ich|mir hat|mi è piaciuto|eu adorei|gostei"
)
# The work itself as the subject: a claim about the whole thing.
_WHOLE_WORK = (
    "this film|this movie|this show|this book|this novel|this game|this series|this drama|"
    "this anime|this manga|this one|this is|it's a|it is a|it was a|a film|a movie|a book|"
    "a game|film|movie|game|show|book|series|película|serie|juego|jeu|spiel|buch|werk"
)
# Retelling the plot, which counts against a sentence.
_PLOT = (
    "follows|the story follows|is about|tells the story|the premise|set in|begins|"
    "starts off|opens with|then|meets|the first episode|chapter|chapters"
)
# What each kind adds to a sentence's score, and the most matches of it that count.
_KINDS = (
    (3.0, 2, _CUES),
    (0.8, 3, _JUDGING),
    (1.0, 1, _OPINION),
    (0.6, 1, _WHOLE_WORK),
    (-1.2, 2, _PLOT),
)


def _by_first_word() -> dict[str, list[tuple[tuple[str, ...], int]]]:
    """Phrases by their first word, so a sentence is matched in one pass over its words."""
    lexicon: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for kind, (_, _, phrases) in enumerate(_KINDS):
        for phrase in phrases.split("|"):
            lexicon.setdefault(phrase.split()[0], []).append((tuple(phrase.split()), kind))
    return lexicon


_LEXICON = _by_first_word()
# Short sentences are often fine verdicts ("Pretty boring game."), one word rarely is.
_FRAGMENT_PENALTY = {1: 2.0, 2: 0.8, 3: 0.3}
_FOOTNOTE = re.compile(r"\[\^?\w+\]$")
_TABLE_ROW = re.compile(r"^\d+(?:[.,]\d+)?, ")  # '4, Low Tide, 4/5, Strong opener'
# Talk about the review rather than the work ('spoilers ahead', 'will update', 'see all').
_SPOILER_TALK = ("spoil", "this review", "will update", "see all")
_SCORE = re.compile(r"\b\d+(?:[.,]\d+)?\s*/\s*(?:10|5|100)\b")
_TOKEN = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_CLAUSE_BOUNDARY = re.compile(r"[,;:—–](?=\s)")
_QUOTE_OPENERS = "\"“”„«'‘"
_QUOTATION = re.compile(r"\"[^\"]*\"|“[^”]*”|«[^»]*»|„[^“”]*[“”]")
_VERDICT_HEADINGS = {"verdict", "final verdict", "conclusion", "overall", "fazit", "resumen"}


@dataclass(frozen=True)
class _Candidate:
    """A sentence that may stand for the review, where it sits, and what it says."""

    text: str
    index: int  # counted across the candidate sections
    last_paragraph: bool
    score: float  # before its position is counted


def verdict(document: Document) -> str | None:
    """The sentence that best states the reviewer's judgement, whitespace normalised; None
    when the review has no sentence of its own outside spoilers."""
    candidates = list(_candidates(document))
    count = len(candidates)
    if not count:
        return None
    best = max(candidates, key=lambda found: (found.score + _position(found, count), found.index))
    return best.text


def candidate_sentences(document: Document) -> tuple[str, ...]:
    """Every sentence that may be a verdict, in reading order (for baselines and tests)."""
    return tuple(candidate.text for candidate in _candidates(document))


def _candidates(document: Document) -> Iterator[_Candidate]:
    index = 0
    for section in document.sections:
        if section.kind not in _VERDICT_SECTIONS:
            continue
        bonus = _section_bonus(section)
        paragraphs = split_paragraphs(section.text)
        for number, paragraph in enumerate(paragraphs):
            last = number == len(paragraphs) - 1 and len(paragraphs) > 1
            for sentence in sentence_spans(section.text, paragraph.start, paragraph.end):
                start, end = sentence.start, sentence.end
                if any(hide.start < end and start < hide.end for hide in section.spoilers):
                    continue
                found = _within_limit(" ".join(section.text[start:end].split()))
                if found is None or not _speaks_of_the_work(*found):
                    continue
                yield _Candidate(found[0], index, last, bonus + _score(*found))
                index += 1


def _speaks_of_the_work(text: str, tokens: list[str]) -> bool:
    """Not a bare number ('9/10.') or link, and not talk of spoilers or updates."""
    lowered = text.lower()
    if any(talk in lowered for talk in _SPOILER_TALK):
        return False
    return not all(token.isdigit() or token.lower() == "link" for token in tokens)


def _within_limit(text: str) -> tuple[str, list[str]] | None:
    """The sentence, or its longest opening that ends at a clause boundary within MAX_WORDS,
    with its words."""
    tokens = _TOKEN.findall(text)
    if len(tokens) <= MAX_WORDS:
        return text, tokens
    for match in reversed(list(_CLAUSE_BOUNDARY.finditer(text))):
        opening = text[: match.start()]
        tokens = _TOKEN.findall(opening)
        if _MIN_CUT_WORDS <= len(tokens) <= MAX_WORDS:
            return opening, tokens
    return None


def _section_bonus(section: Section) -> float:
    """A heading like 'Verdict' promises the verdict; a section the source named itself is
    often an aside ('Pros', 'Details') rather than the review."""
    if " ".join(section.heading.lower().split()) in _VERDICT_HEADINGS:
        return 2.0
    return -0.5 if section.kind is SectionKind.OTHER else 0.0


def _phrase_score(words: list[str]) -> float:
    """What the judging, opinion, whole-work and plot phrases among `words` add up to."""
    found = [0] * len(_KINDS)
    for at, word in enumerate(words):
        for phrase, kind in _LEXICON.get(word, ()):
            if len(phrase) == 1 or tuple(words[at : at + len(phrase)]) == phrase:
                found[kind] += 1
    return sum(weight * min(most, n) for (weight, most, _), n in zip(_KINDS, found, strict=True))


def _score(text: str, tokens: list[str]) -> float:
    """Higher for a sentence that judges the whole work; see the module docstring."""
    score = _phrase_score([token.lower().replace("’", "'") for token in tokens])
    if "/" in text and _SCORE.search(text):
        score += 1.5
    names = sum(token[0].isupper() and not token.isupper() for token in tokens[1:])
    score -= 0.5 * max(0, names - 1)
    if text.endswith("?"):
        score -= 2.5
    quoted = sum(len(quote) for quote in _QUOTATION.findall(text))
    if text[0] in _QUOTE_OPENERS or quoted > 0.4 * len(text):
        score -= 2.0  # mostly words quoted from the work, not the reviewer's own
    if " | " in text:
        score -= 5.0  # a tag line: "5-Star Movies | A24 | 2023 Ranked"
    fragment = _FRAGMENT_PENALTY.get(len(tokens), 0.0)
    ending = _FOOTNOTE.sub("", text) if text.endswith("]") else text
    if not ending.endswith((".", "!", "…", "?", "。", "！", "？")):
        score -= 0.5 + 3 * fragment  # a title or tag line
    score -= fragment
    if _TABLE_ROW.match(text):
        score -= 4.0
    if text.endswith("!"):
        score += 0.3
    return score


def _position(candidate: _Candidate, count: int) -> float:
    """Reviewers sum up at the end, and state a thesis in their opening sentence."""
    bonus = {0: 1.2, 1: 0.6}.get(count - 1 - candidate.index, 0.0)
    if candidate.last_paragraph:
        bonus += 0.5
    if candidate.index == 0:
        bonus += 1.0 if count <= 4 else 0.7
    return bonus


@dataclass(frozen=True)
class SkimEntry:
    """One review as the skim pass gives it: what it is, its score and its verdict."""

    title: str
    source: str
    line: int | None
    rating: dict[str, Any] | None  # as `reader outline --json` gives it
    verdict: str | None
    rated: str | None = None  # the score as reader says it elsewhere: '4 out of 5'


def skim_entry(document: Document, source: str, line: int | None) -> SkimEntry:
    """The skim pass's view of one review."""
    rating, title = document.rating, document.title or "Untitled review"
    spoken = None if rating is None else rating.spoken
    json_rating = None if rating is None else rating.as_json(document.language)
    return SkimEntry(title, source, line, json_rating, verdict(document), spoken)


def skim_json(entries: Iterable[SkimEntry]) -> dict[str, Any]:
    """The documented JSON form of `reader skim --json`."""
    keys = ("title", "source", "line", "rating", "verdict")
    return {"reviews": [{key: getattr(entry, key) for key in keys} for entry in entries]}


def skim_lines(entry: SkimEntry) -> tuple[str, str]:
    """What is said of one review: 'Parasite, rated 5 out of 5.' then 'Verdict: ...'."""
    title = entry.title
    about = title if entry.rated is None else f"{before_comma(title)}, rated {entry.rated}"
    said = "No verdict found." if entry.verdict is None else f"Verdict: {entry.verdict}"
    return as_sentence(about), said
