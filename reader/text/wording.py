"""The words reader adds to a review, in the review's own language.

A Spanish review hears 'Reseña', 'Mi puntuación: 4 de 5' and 'Spoiler omitido, 4
palabras', not English words in a Spanish voice. Only what reader itself puts into a
review is here (invented headings, rating labels, spoiler announcements); what a
reviewer wrote stays as written, and reader's own interface speaks English.
"""

from __future__ import annotations

import re

# English phrase -> the same in es, fr, de, it and pt. A phrase or language missing here
# is said in English.
_WORDS: dict[str, dict[str, str]] = {
    "Rating": {"es": "Puntuación", "fr": "Note", "de": "Bewertung", "it": "Voto", "pt": "Nota"},
    # The scores' own labels in exports: StoryGraph's and MyAnimeList's.
    "Star rating": {
        "es": "Puntuación en estrellas",
        "fr": "Note en étoiles",
        "de": "Sternebewertung",
        "it": "Valutazione in stelle",
        "pt": "Avaliação em estrelas",
    },
    "Score": {
        "es": "Puntuación",
        "fr": "Note",
        "de": "Wertung",
        "it": "Punteggio",
        "pt": "Pontuação",
    },
    "My rating": {
        "es": "Mi puntuación",
        "fr": "Ma note",
        "de": "Meine Bewertung",
        "it": "Il mio voto",
        "pt": "Minha nota",
    },
    "Review": {
        "es": "Reseña",
        "fr": "Critique",
        "de": "Rezension",
        "it": "Recensione",
        "pt": "Resenha",
    },
    "Details": {
        "es": "Detalles",
        "fr": "Détails",
        "de": "Details",
        "it": "Dettagli",
        "pt": "Detalhes",
    },
    "Synopsis": {
        "es": "Sinopsis",
        "fr": "Synopsis",
        "de": "Inhalt",
        "it": "Trama",
        "pt": "Sinopse",
    },
    "Section": {
        "es": "Sección",
        "fr": "Section",
        "de": "Abschnitt",
        "it": "Sezione",
        "pt": "Seção",
    },
    "Spoiler skipped": {
        "es": "Spoiler omitido",
        "fr": "Spoiler passé",
        "de": "Spoiler übersprungen",
        "it": "Spoiler saltato",
        "pt": "Spoiler pulado",
    },
    "Notes": {"es": "Notas", "fr": "Notes", "de": "Anmerkungen", "it": "Note", "pt": "Notas"},
    "Verdict": {
        "es": "Veredicto",
        "fr": "Verdict",
        "de": "Urteil",
        "it": "Verdetto",
        "pt": "Veredito",
    },
    # Steam's verdicts, as Steam itself words them in each language.
    "Recommended": {
        "es": "Recomendado",
        "fr": "Recommandé",
        "de": "Empfohlen",
        "it": "Consigliato",
        "pt": "Recomendado",
    },
    "Not recommended": {
        "es": "No recomendado",
        "fr": "Non recommandé",
        "de": "Nicht empfohlen",
        "it": "Non consigliato",
        "pt": "Não recomendado",
    },
    # Signs said in words (reader.plan.signs): '★★★' and '4★', '#1', '~2 hours', '<3'.
    "star": {"es": "estrella", "fr": "étoile", "de": "Stern", "it": "stella", "pt": "estrela"},
    "stars": {"es": "estrellas", "fr": "étoiles", "de": "Sterne", "it": "stelle", "pt": "estrelas"},
    "number": {"es": "número", "fr": "numéro", "de": "Nummer", "it": "numero", "pt": "número"},
    "about": {
        "es": "aproximadamente",
        "fr": "environ",
        "de": "etwa",
        "it": "circa",
        "pt": "cerca de",
    },
    "heart": {"es": "corazón", "fr": "cœur", "de": "Herz", "it": "cuore", "pt": "coração"},
    # Runtimes and playtimes ('2h 14min'), said in words by reader.plan.quantities.
    "hour": {"es": "hora", "fr": "heure", "de": "Stunde", "it": "ora", "pt": "hora"},
    "hours": {"es": "horas", "fr": "heures", "de": "Stunden", "it": "ore", "pt": "horas"},
    "minute": {"es": "minuto", "fr": "minute", "de": "Minute", "it": "minuto", "pt": "minuto"},
    "minutes": {
        "es": "minutos",
        "fr": "minutes",
        "de": "Minuten",
        "it": "minuti",
        "pt": "minutos",
    },
    # Prices, ranges and multiples ('$59.99', '20-30 hours', '3x'), by reader.plan.quantities.
    "dollar": {"es": "dólar", "fr": "dollar", "de": "Dollar", "it": "dollaro", "pt": "dólar"},
    "dollars": {"es": "dólares", "fr": "dollars", "de": "Dollar", "it": "dollari", "pt": "dólares"},
    "euro": {"es": "euro", "fr": "euro", "de": "Euro", "it": "euro", "pt": "euro"},
    "euros": {"es": "euros", "fr": "euros", "de": "Euro", "it": "euro", "pt": "euros"},
    "pound": {"es": "libra", "fr": "livre", "de": "Pfund", "it": "sterlina", "pt": "libra"},
    "pounds": {"es": "libras", "fr": "livres", "de": "Pfund", "it": "sterline", "pt": "libras"},
    "yen": {"es": "yen", "fr": "yen", "de": "Yen", "it": "yen", "pt": "iene"},
    # English too: yen is the same in either number.
    "yens": {"en": "yen", "es": "yenes", "fr": "yens", "de": "Yen", "it": "yen", "pt": "ienes"},
    "thousand": {"es": "mil", "fr": "mille", "de": "Tausend", "it": "mila", "pt": "mil"},
    "million": {
        "es": "millones",
        "fr": "millions",
        "de": "Millionen",
        "it": "milioni",
        "pt": "milhões",
    },
    "billion": {
        "es": "mil millones",
        "fr": "milliards",
        "de": "Milliarden",
        "it": "miliardi",
        "pt": "bilhões",
    },
    "to": {"es": "a", "fr": "à", "de": "bis", "it": "a", "pt": "a"},
    "times": {"es": "veces", "fr": "fois", "de": "mal", "it": "volte", "pt": "vezes"},
    "word": {"es": "palabra", "fr": "mot", "de": "Wort", "it": "parola", "pt": "palavra"},
    "words": {"es": "palabras", "fr": "mots", "de": "Wörter", "it": "parole", "pt": "palavras"},
}


def word(english: str, language: str) -> str:
    """`english` in `language` ('Review', 'es' -> 'Reseña'); unknown ones stay English."""
    return _WORDS.get(english, {}).get(language, english)


def count_of(count: int | str, language: str, unit: str = "word", describing: bool = False) -> str:
    """'1 word', '4 palabras', '2 Wörter'; of another unit, '3.5 estrellas', '1 hour';
    `describing` what follows, in the singular: 'a 5 star hotel' (see `describes`)."""
    one = describing or str(count) == "1"
    return f"{count} {word(unit, language) if one else plural(unit, language)}"


def plural(unit: str, language: str) -> str:
    """'words', 'palabras', 'hours', 'yen'."""
    return word(f"{unit}s", language)


# 'a $60 game', 'An 8★ film': what follows 'a' or 'an' describes the next word.
_AFTER_ARTICLE = re.compile(r"(?:^|\W)[Aa]n? $")


def describes(text: str, start: int, language: str) -> bool:
    """Whether an amount at `start` in English text follows 'a' or 'an', and so describes
    what follows it, in the singular: 'a 60 dollar game', 'a 5 star hotel'."""
    return language == "en" and _AFTER_ARTICLE.search(text, max(0, start - 4), start) is not None
