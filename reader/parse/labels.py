"""The words reviewers use for section headings and facts, in the languages we ship.

Headings ('## Plot', '<h2>Verdict</h2>') and labels ('Synopsis: ...', 'Genre: ...') are
matched here, so every format names sections the same way.
"""

import re
from functools import lru_cache

from reader.model import SectionKind


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(",") if word.strip())


_SECTION_WORDS: dict[SectionKind, tuple[str, ...]] = {
    SectionKind.SYNOPSIS: _words(
        "synopsis, plot, plot summary, summary, premise, storyline, story so far, overview,"
        "what it's about, what is it about, blurb, sinopsis, argumento, resumen, résumé,"
        "intrigue, handlung, inhalt, zusammenfassung, trama, sinossi, enredo, sinopse"
    ),
    SectionKind.REVIEW: _words(
        "review, my review, thoughts, my thoughts, final thoughts, opinion, my opinion,"
        "verdict, final verdict, conclusion, analysis, impressions, critique, reseña, crítica,"
        "opinión, veredicto, conclusión, valoración, avis, mon avis, kritik, fazit, meinung,"
        "recensione, giudizio, análise, opinião"
    ),
    SectionKind.RATING: _words(
        "rating, ratings, score, scores, my rating, overall rating, grade, puntuación,"
        "calificación, nota, note, bewertung, wertung, voto, valutazione, pontuação"
    ),
    SectionKind.METADATA: _words(
        "details, info, information, facts, metadata, credits, cast and crew, detalles, ficha,"
        "ficha técnica, fiche technique, détails, infos, dettagli, detalhes"
    ),
}

# Labels of facts about the work, as in 'Genre: Romance, Family'.
_METADATA_WORDS = frozenset(
    _words(
        "genre, genres, year, released, release, release date, aired, air date, director,"
        "directors, directed by, writer, writers, written by, screenwriter, author, authors,"
        "creator, created by, cast, starring, stars, main cast, episodes, episode count,"
        "seasons, network, channel, country, language, runtime, run time, duration, length,"
        "platform, platforms, developer, developers, publisher, studio, studios, based on,"
        "original title, also known as, aka, format, pages, isbn, published, series, composer,"
        "music by, tags, rated, age rating,"
        "género, géneros, año, directora, reparto, elenco, duración, país, idioma, guion,"
        "estreno, plataforma, année, réalisateur, réalisation, avec, durée, pays, sortie,"
        "jahr, regie, besetzung, darsteller, dauer, land, sprache, anno, regia, durata, paese,"
        "gênero, ano, direção"
    )
)

# Facts whose values are lists, spoken with commas and stored as tuples.
_LIST_WORDS = frozenset(
    _words(
        "genre, genres, cast, starring, stars, main cast, tags, platforms, writers, directors,"
        "authors, studios, developers, género, géneros, reparto, elenco, besetzung, darsteller,"
        "avec"
    )
)

_SPOILER_HEADING = re.compile(r"\bspoil(?:er|ers|ing)\b|\bspoilerzone\b", re.IGNORECASE)
_LEADING_NOISE = re.compile(r"^(?:\d+[.)]\s*|[#*•\-–—]+\s*)")
_ARTICLES = re.compile(r"^(?:the|my|a|an|our|final|el|la|le|les|der|die|das|il)\s+")
_KIND_BY_WORDS = {word: kind for kind, words in _SECTION_WORDS.items() for word in words}
_LABEL = re.compile(r"^(?P<label>[^\W\d_][^\n:]{0,28}?)\s*:[ \t]*(?P<rest>.*)$", re.DOTALL)


def normalise_label(text: str) -> str:
    """Lower-case, without numbering, trailing colon or surrounding punctuation."""
    text = _LEADING_NOISE.sub("", text.strip().lower())
    return text.strip(" :.!?-–—*#\"'“”‘’()[]")


def heading_kind(text: str, exact: bool = False) -> SectionKind | None:
    """The section kind a heading names, or None when it names something else.

    Headings may say more ('Synopsis (no spoilers)'), so their first words decide; a label
    before a colon must be the word itself, or 'The premise is simple: ...' would count.
    """
    label = normalise_label(text)
    candidates = (label, _ARTICLES.sub("", label))
    for candidate in candidates:
        if candidate in _KIND_BY_WORDS:
            return _KIND_BY_WORDS[candidate]
    if exact:
        return None
    for candidate in candidates:
        for size in (3, 2, 1):
            head = " ".join(re.split(r"[\s(:,\-–—]+", candidate)[:size])
            if head in _KIND_BY_WORDS:
                return _KIND_BY_WORDS[head]
    return None


def is_spoiler_heading(text: str) -> bool:
    """Whether a heading announces that its section gives things away."""
    return bool(_SPOILER_HEADING.search(text)) and "no spoiler" not in text.lower()


@lru_cache(maxsize=1024)  # exports ask about the same few labels on every row
def is_metadata_label(label: str) -> bool:
    """Whether 'Label:' introduces a fact about the work."""
    return normalise_label(label) in _METADATA_WORDS


@lru_cache(maxsize=1024)
def is_list_label(label: str) -> bool:
    """Whether the fact's value is a comma-separated list."""
    return normalise_label(label) in _LIST_WORDS


def split_label(text: str) -> tuple[str, str] | None:
    """Split 'Label: rest' into its parts; None when the text does not start with a label."""
    if ":" not in text:  # most paragraphs, quickly
        return None
    match = _LABEL.match(text)
    if match is None:
        return None
    return match.group("label").strip(), match.group("rest").strip()
