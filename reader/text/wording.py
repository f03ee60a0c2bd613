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
    # The labels reader gives an export's columns and a page's structured data, and its
    # own values for them, so a Details section is said in the review's language.
    "Author": {"es": "Autor", "fr": "Auteur", "de": "Autor", "it": "Autore", "pt": "Autor"},
    "Additional authors": {
        "es": "Otros autores",
        "fr": "Autres auteurs",
        "de": "Weitere Autoren",
        "it": "Altri autori",
        "pt": "Outros autores",
    },
    "Contributors": {
        "es": "Colaboradores",
        "fr": "Contributeurs",
        "de": "Mitwirkende",
        "it": "Collaboratori",
        "pt": "Colaboradores",
    },
    "Published": {
        "es": "Publicado",
        "fr": "Publié",
        "de": "Erschienen",
        "it": "Pubblicato",
        "pt": "Publicado",
    },
    "Publication": {
        "es": "Publicación",
        "fr": "Publication",
        "de": "Medium",
        "it": "Testata",
        "pt": "Publicação",
    },
    "Publisher": {
        "es": "Editorial",
        "fr": "Éditeur",
        "de": "Verlag",
        "it": "Editore",
        "pt": "Editora",
    },
    "Pages": {"es": "Páginas", "fr": "Pages", "de": "Seiten", "it": "Pagine", "pt": "Páginas"},
    "Format": {"es": "Formato", "fr": "Format", "de": "Format", "it": "Formato", "pt": "Formato"},
    "Read": {"es": "Leído", "fr": "Lu", "de": "Gelesen", "it": "Letto", "pt": "Lido"},
    "Reviewer": {
        "es": "Autor de la reseña",
        "fr": "Auteur de la critique",
        "de": "Rezensent",
        "it": "Recensore",
        "pt": "Autor da resenha",
    },
    "Commenter": {
        "es": "Comentarista",
        "fr": "Commentateur",
        "de": "Kommentator",
        "it": "Commentatore",
        "pt": "Comentarista",
    },
    "Date": {"es": "Fecha", "fr": "Date", "de": "Datum", "it": "Data", "pt": "Data"},
    "Posted": {
        "es": "Publicado",
        "fr": "Publié",
        "de": "Veröffentlicht",
        "it": "Pubblicato",
        "pt": "Publicado",
    },
    "Episodes watched": {
        "es": "Episodios vistos",
        "fr": "Épisodes vus",
        "de": "Gesehene Folgen",
        "it": "Episodi visti",
        "pt": "Episódios vistos",
    },
    "Chapters read": {
        "es": "Capítulos leídos",
        "fr": "Chapitres lus",
        "de": "Gelesene Kapitel",
        "it": "Capitoli letti",
        "pt": "Capítulos lidos",
    },
    "Tags": {
        "es": "Etiquetas",
        "fr": "Étiquettes",
        "de": "Schlagwörter",
        "it": "Tag",
        "pt": "Etiquetas",
    },
    "Product": {
        "es": "Producto",
        "fr": "Produit",
        "de": "Produkt",
        "it": "Prodotto",
        "pt": "Produto",
    },
    "Status": {"es": "Estado", "fr": "Statut", "de": "Status", "it": "Stato", "pt": "Estado"},
    "Year": {"es": "Año", "fr": "Année", "de": "Jahr", "it": "Anno", "pt": "Ano"},
    "Watched": {"es": "Visto", "fr": "Vu", "de": "Gesehen", "it": "Visto", "pt": "Assistido"},
    "Rewatch": {
        "es": "Vuelto a ver",
        "fr": "Revu",
        "de": "Erneut gesehen",
        "it": "Rivisto",
        "pt": "Revisto",
    },
    "Type": {"es": "Tipo", "fr": "Type", "de": "Typ", "it": "Tipo", "pt": "Tipo"},
    "Kind": {"es": "Tipo", "fr": "Type", "de": "Art", "it": "Tipo", "pt": "Tipo"},
    "Playtime": {
        "es": "Tiempo de juego",
        "fr": "Temps de jeu",
        "de": "Spielzeit",
        "it": "Tempo di gioco",
        "pt": "Tempo de jogo",
    },
    "Playtime at review": {
        "es": "Tiempo de juego al reseñar",
        "fr": "Temps de jeu lors de la critique",
        "de": "Spielzeit beim Rezensieren",
        "it": "Tempo di gioco alla recensione",
        "pt": "Tempo de jogo ao avaliar",
    },
    "Language": {"es": "Idioma", "fr": "Langue", "de": "Sprache", "it": "Lingua", "pt": "Idioma"},
    "Moods": {
        "es": "Estados de ánimo",
        "fr": "Ambiances",
        "de": "Stimmungen",
        "it": "Atmosfere",
        "pt": "Humores",
    },
    "Pace": {"es": "Ritmo", "fr": "Rythme", "de": "Tempo", "it": "Ritmo", "pt": "Ritmo"},
    "Content warnings": {
        "es": "Advertencias de contenido",
        "fr": "Avertissements de contenu",
        "de": "Inhaltswarnungen",
        "it": "Avvisi sui contenuti",
        "pt": "Avisos de conteúdo",
    },
    "Reviewed": {
        "es": "Reseñado",
        "fr": "Critiqué",
        "de": "Rezensiert",
        "it": "Recensito",
        "pt": "Avaliado",
    },
    "Director": {
        "es": "Dirección",
        "fr": "Réalisation",
        "de": "Regie",
        "it": "Regia",
        "pt": "Direção",
    },
    "Creator": {
        "es": "Creador",
        "fr": "Créateur",
        "de": "Schöpfer",
        "it": "Creatore",
        "pt": "Criador",
    },
    "Genre": {"es": "Género", "fr": "Genre", "de": "Genre", "it": "Genere", "pt": "Gênero"},
    "Released": {
        "es": "Estreno",
        "fr": "Sortie",
        "de": "Erschienen",
        "it": "Uscita",
        "pt": "Lançamento",
    },
    "Runtime": {"es": "Duración", "fr": "Durée", "de": "Laufzeit", "it": "Durata", "pt": "Duração"},
    "Platform": {
        "es": "Plataforma",
        "fr": "Plateforme",
        "de": "Plattform",
        "it": "Piattaforma",
        "pt": "Plataforma",
    },
    "yes": {"es": "sí", "fr": "oui", "de": "ja", "it": "sì", "pt": "sim"},
    # A Letterboxd review's status, from the folder it was exported in.
    "deleted by its author": {
        "es": "borrada por su autor",
        "fr": "supprimée par son auteur",
        "de": "vom Verfasser gelöscht",
        "it": "eliminata dal suo autore",
        "pt": "apagada pelo autor",
    },
    "orphaned: its film is no longer on Letterboxd": {
        "es": "huérfana: su película ya no está en Letterboxd",
        "fr": "orpheline: son film n'est plus sur Letterboxd",
        "de": "verwaist: ihr Film ist nicht mehr auf Letterboxd",
        "it": "orfana: il suo film non è più su Letterboxd",
        "pt": "órfã: o filme já não está no Letterboxd",
    },
    # Signs said in words (reader.plan.signs): '★★★' and '4★', a con's '-', '#1', '~2 hours',
    # '<3'.
    "star": {"es": "estrella", "fr": "étoile", "de": "Stern", "it": "stella", "pt": "estrela"},
    "stars": {"es": "estrellas", "fr": "étoiles", "de": "Sterne", "it": "stelle", "pt": "estrelas"},
    "minus": {"es": "menos", "fr": "moins", "de": "minus", "it": "meno", "pt": "menos"},
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


# The values reader gives a fact itself (a rewatch's 'yes', a Letterboxd review's status):
# said in the review's language. A source's own values ('Review', 'Rating') stay as written.
OWN_VALUES = frozenset(
    ("yes", "deleted by its author", "orphaned: its film is no longer on Letterboxd")
)


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
