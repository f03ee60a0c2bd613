"""The language of a review: real short reviews, the export's hint, and reader's own words."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from helpers import ROOT, espeak_phonemes, parse

from reader.loaders import load_paths
from reader.model import Rating, SectionKind
from reader.parse.document import parse_review
from reader.text.language import LANGUAGES, detect_language, export_language
from reader.text.wording import count_of, word

LABELLED = ROOT / "tests" / "data" / "real" / "language" / "reviews.jsonl"


def labelled() -> list[dict[str, str]]:
    """The hand-labelled real reviews (see SOURCES.md beside the file)."""
    lines = LABELLED.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_the_labelled_set_is_real_reviews_in_the_six_languages() -> None:
    rows = labelled()
    assert len(rows) >= 200
    assert {row["lang"] for row in rows} == set(LANGUAGES)
    assert sum(len(row["text"].split()) <= 5 for row in rows) >= 45
    assert Path(LABELLED.parent / "SOURCES.md").is_file()


def test_every_real_review_of_six_words_or_more_is_told_right() -> None:
    wrong = [
        (row["lang"], detect_language(row["text"]), row["text"])
        for row in labelled()
        if len(row["text"].split()) > 5 and detect_language(row["text"]) != row["lang"]
    ]
    assert wrong == []


def test_one_to_five_word_reviews_are_mostly_right_even_alone() -> None:
    short = [row for row in labelled() if len(row["text"].split()) <= 5]
    right = sum(detect_language(row["text"]) == row["lang"] for row in short)
    assert right / len(short) >= 0.9  # 0.93 measured; the old stopword count: 0.25


def test_with_the_exports_language_as_hint_every_real_review_is_right() -> None:
    by_source: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in labelled():
        by_source[row["source"]].append(row)
    for rows in by_source.values():
        hint = export_language(row["text"] for row in rows)
        assert [detect_language(row["text"], hint) for row in rows] == [r["lang"] for r in rows]


@pytest.mark.parametrize(
    ("text", "hint", "language"),
    [
        ("Bom", "pt", "pt"),  # Olist: too short to tell, the export decides
        ("Bueno", "es", "es"),
        ("gut", "de", "de"),
        ("Muy adictivo.", "", "es"),
        ("Sehr gut.", "", "de"),
        ("Molto bello.", "", "it"),
        ("Très bien.", "en", "fr"),  # a sure answer beats the hint
        ("A fine film.", "", "en"),  # as French as English: English without a hint
        ("Masterpiece.", "", "en"),
        ("", "", "en"),
        ("", "es", "es"),
        ("10/10", "pt", "pt"),  # no letters at all
        # Not Latin: the script tells, whatever the hint.
        ("Отличный фильм, смотрел дважды.", "", "ru"),
        ("Отличный фильм", "de", "ru"),
        ("非常好看的电影", "", "zh"),
        ("とても良い映画でした", "en", "ja"),  # kana among kanji
        ("정말 좋은 영화", "", "ko"),
        ("Πολύ καλή ταινία", "", "el"),
        ("Great film 非常好看", "", "en"),  # mostly Latin letters
        ("Bom", "xx", "en"),  # a hint reader has no words for is ignored
    ],
)
def test_detect_language(text: str, hint: str, language: str) -> None:
    assert detect_language(text, hint) == language


def test_export_language_votes_with_the_texts_it_is_sure_of() -> None:
    olist = [row["text"] for row in labelled() if row["source"].startswith("olist")]
    assert export_language(olist) == "pt"
    assert export_language(["Bom", "Muito bom.", "A compra foi realizada facilmente."]) == "pt"
    assert export_language(["Bom", "10/10", ""]) == ""
    assert export_language([]) == ""


def test_a_long_review_is_told_without_loading_the_model() -> None:
    """The stopword count settles long text, so opening a long review stays fast."""
    long_spanish = "La película es una de las mejores que he visto y la historia es " * 4
    assert detect_language(long_spanish) == "es"


def test_the_hint_decides_the_documents_language_when_the_text_cannot() -> None:
    assert parse("Bom", language_hint="pt").language == "pt"
    assert parse("Bom").language == "en"
    assert parse("I loved every minute of it.", language_hint="pt").language == "en"


def test_a_short_spanish_review_is_read_in_spanish_throughout() -> None:
    """Headings reader invents, the rating label and '4 de 5' follow the review."""
    document = parse("Bueno", rating=Rating(4, 5, "My rating"), language_hint="es")
    assert document.language == "es"
    assert [(s.kind, s.heading) for s in document.sections] == [
        (SectionKind.REVIEW, "Reseña"),
        (SectionKind.RATING, "Puntuación"),
    ]
    assert document.sections[-1].text == "Mi puntuación: 4 de 5."


@pytest.mark.parametrize(
    ("language", "heading", "rating"),
    [
        ("es", "Reseña", "Mi puntuación: 4 de 5."),
        ("fr", "Critique", "Ma note: 4 sur 5."),
        ("de", "Rezension", "Meine Bewertung: 4 von 5."),
        ("it", "Recensione", "Il mio voto: 4 su 5."),
        ("pt", "Resenha", "Minha nota: 4 de 5."),
        ("en", "Review", "My rating: 4 out of 5."),
    ],
)
def test_reader_words_in_each_language(language: str, heading: str, rating: str) -> None:
    document = parse("👍", rating=Rating(4, 5, "My rating"), language_hint=language)
    assert document.sections[0].heading == heading
    assert document.sections[-1].text == rating


def test_details_heading_follows_the_language() -> None:
    from reader.model import MetadataField

    document = parse("Bom", metadata=(MetadataField("Autor", "Machado"),), language_hint="pt")
    assert document.sections[0].heading == "Detalhes"


def test_the_labels_reader_gives_a_sources_fields_are_said_in_the_reviews_language() -> None:
    """A real Spanish Letterboxd export's deleted and orphaned reviews (one a rewatch): their
    Details were 'Status: deleted by its author. Year: 2023. Watched: ...' in a Spanish
    voice."""
    export = ROOT / "tests" / "data" / "real" / "exports" / "letterboxd"
    loaded = load_paths([str(export / "deleted" / "reviews.csv"), str(export / "orphaned")])
    documents = [parse_review(review) for review in loaded.reviews]
    assert {document.language for document in documents} == {"es"}
    details = [document.sections[0].text.splitlines() for document in documents]
    assert details[0][0] == "Estado: borrada por su autor."
    assert details[-1][0] == "Estado: huérfana: su película ya no está en Letterboxd."
    assert all(lines[1].startswith("Año: ") and lines[2].startswith("Visto: ") for lines in details)
    assert ["Vuelto a ver: sí."] in [lines[3:] for lines in details]
    # The metadata keeps the names `--json` and audiobook tags know them by.
    assert [field.label for field in documents[0].metadata] == ["Status", "Year", "Watched"]


def test_a_writers_own_labels_are_left_as_written() -> None:
    """Facts found in the text are the writer's words; only reader's own are translated."""
    document = parse("Regie: Wolfgang Petersen\n\nEin beklemmender Film, den man nicht vergisst.")
    assert document.language == "de"
    assert document.sections[0].text == "Regie: Wolfgang Petersen."


def test_wording_falls_back_to_english() -> None:
    assert word("Synopsis", "it") == "Trama"
    assert word("Synopsis", "ja") == "Synopsis"
    assert word("Something new", "es") == "Something new"
    assert count_of(1, "de") == "1 Wort"
    assert count_of(4, "de") == "4 Wörter"
    assert count_of(2, "ja") == "2 words"


def test_a_one_word_review_of_a_spanish_export_is_read_in_spanish(tmp_path: Path) -> None:
    """The loaders give every review of an export the export's language, which decides
    for a review too short to tell."""
    from reader.loaders import load_paths
    from reader.model import Document
    from reader.reading.library import parse_or_problem

    longer = (
        "La película es una joya: el guion es preciso y la fotografía de una belleza que "
        "pocas veces se ve en el cine de hoy, con una banda sonora que no se olvida."
    )
    rows = [
        f'2024-01-0{day},Película {day},2020,https://boxd.it/{day},4,,"{longer}",,'
        for day in range(1, 5)
    ]
    rows.append('2024-01-09,Corta,2021,https://boxd.it/9,3.5,,"Bueno.",,')
    export = tmp_path / "reviews.csv"
    export.write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n"
        + "\n".join(rows)
        + "\n",
        encoding="utf-8",
    )
    loaded = load_paths([str(export)])
    assert {review.language_hint for review in loaded.reviews} == {"es"}
    short = parse_or_problem(loaded.reviews[-1])
    assert isinstance(short, Document)
    assert short.language == "es"
    assert short.rating is not None and short.rating.spoken_in("es").endswith("3.5 de 5")


def _gold_text(source: str) -> str:
    """The first paragraph of the sentence gold set from `source` (real, see its SOURCES)."""
    gold = ROOT / "tests" / "data" / "real" / "sentences" / "gold.jsonl"
    rows = (json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines())
    return str(next(row["text"] for row in rows if row["source"].startswith(source)))


@pytest.mark.parametrize(
    ("source", "language", "voice", "named_at_most"),
    [
        # A Douban comment: the English voice says 'Chinese letter' for every character,
        # the Mandarin one none.
        ("Vincentkun/small-app-52dianying", "zh", "cmn", 0.0),
        # A Japanese blog's note: 'Japanese letter' for every kana and 'Chinese letter'
        # for every kanji; eSpeak's Japanese reads the kana (not all katakana), not kanji.
        ("friedbis/godthumbs-cake.github.io", "ja", "ja", 0.5),
    ],
)
def test_a_review_in_another_script_is_read_by_its_own_voice(
    source: str, language: str, voice: str, named_at_most: float
) -> None:
    """A real Chinese and a real Japanese review are told by their script and read by
    eSpeak's voice for it, which says words where the English voice names characters."""
    from reader.speech.espeak import EspeakEngine

    text = _gold_text(source)
    document = parse(text)
    assert document.language == language
    engine = EspeakEngine()
    try:
        assert engine.voice_for(document.language) == voice
    finally:
        engine.close()
    (own,) = espeak_phonemes([text], voice)
    (english,) = espeak_phonemes([text], "en")
    named = "ni:z"  # 'Chinese' or 'Japanese' (letter), as eSpeak names a character
    assert english.count(named) > len(text) / 2
    assert own.count(named) <= named_at_most * english.count(named)


def test_a_russian_review_is_no_longer_spelled() -> None:
    """The English voice spells Cyrillic letter by letter; the Russian one reads it."""
    text = "Отличный фильм, смотрел дважды."
    assert parse(text).language == "ru"
    (own,) = espeak_phonemes([text], "ru")
    (english,) = espeak_phonemes([text], "en")
    assert len(own) * 2 < len(english)  # 'O T L I C H N Y J ...' against the words


def test_reader_own_words_in_a_russian_review_are_said_by_the_english_voice() -> None:
    """In a review in another script, what has none of its letters (reader's headings and
    rating, a name) goes to the English voice: the Russian one read '4 out of 5' with
    Russian digits, 'chetyre out of pyat'. The review's own sentences stay Russian."""
    from reader.plan.planner import plan_utterances

    body = "Отличный фильм, смотрел дважды. Netflix. Актёры играют прекрасно."
    document = parse(body, rating=Rating(4, 5, "My rating"), title="Левиафан")
    assert document.language == "ru"
    said = [(utterance.text, utterance.language) for utterance in plan_utterances(document)]
    assert said == [
        ("Левиафан.", "ru"),
        ("Review.", "en"),
        ("Отличный фильм, смотрел дважды.", "ru"),
        ("Netflix.", "en"),
        ("Актёры играют прекрасно.", "ru"),
        ("Rating.", "en"),
        ("My rating: 4 out of 5.", "en"),
    ]
    rating = said[-1][0]
    (russian_voice,) = espeak_phonemes([rating], "ru")
    (english_voice,) = espeak_phonemes([rating], "en")
    assert "(en)" in russian_voice  # it switched to English for the words...
    assert "f'o@" not in russian_voice  # ...but not for the digits
    assert "f'o@" in english_voice and "f'aIv" in english_voice  # 'four', 'five'


def test_a_russian_score_is_said_in_russian_and_a_latin_sentence_by_english_rules() -> None:
    """A review's own 'Оценка: 9/10' was '9 out of 10' to the Russian voice, which
    switched to English for two words; it is '9 из 10', and the rating read back keeps the
    review's label and word. A sentence of Latin letters in it ('IMDb: 8/10, 1995.'), said
    by the English voice, follows English rules: the year as a year."""
    from reader.plan.lexicon import load_lexicon
    from reader.plan.planner import PlanSettings, plan_utterances

    body = "Фильм хороший, но длинный. IMDb: 8/10, 1995.\n\nОценка: 9/10"
    document = parse(body, title="Левиафан")
    assert document.language == "ru"
    assert document.rating is not None
    assert document.rating.spoken_in("ru") == "9 из 10"
    lexicon = load_lexicon(ROOT / "voices" / "lexicons" / "reviews.toml")
    planned = plan_utterances(document, settings=PlanSettings(lexicon=lexicon))
    said = [(utterance.text, utterance.language) for utterance in planned]
    assert ("Оценка: 9 из 10.", "ru") in said
    assert ("IMDb: 8 out of 10, 19 95.", "en") in said
    (score,) = espeak_phonemes(["Оценка: 9 из 10."], "ru")
    assert "(en)" not in score  # no switch to English mid-sentence
    (year,) = espeak_phonemes(["IMDb: 8 out of 10, 19 95."], "en")
    assert "n'aInti:n n'aInti f'aIv" in year  # 'nineteen ninety-five'


@pytest.mark.parametrize(
    ("label", "language", "spoken"),
    [
        ("Rating", "ru", "9 out of 10"),  # reader's label: the English voice says the line
        ("Оценка", "ru", "9 из 10"),
        ("Βαθμολογία", "el", "9 στα 10"),
        ("التقييم", "ar", "9 من 10"),
        ("ציון", "he", "9 מתוך 10"),
        ("評価", "ja", "9 out of 10"),  # Japanese puts the scale first: left as it was
        ("Nota", "es", "9 de 10"),
    ],
)
def test_a_score_in_the_words_of_its_label(label: str, language: str, spoken: str) -> None:
    assert Rating(9, 10, label).spoken_in(language) == spoken


@pytest.mark.parametrize(
    ("text", "language", "voice"),
    [
        ("Rating: 4 out of 5.", "ja", "en"),
        ("東京物語.", "ja", "ja"),  # kanji alone are Japanese in a Japanese review
        ("東京物語.", "zh", "zh"),
        ("Spoiler skipped, 12 words.", "ko", "en"),
        ("8/10", "ar", "en"),
        ("…", "ru", "ru"),  # nothing to say: no reason to change voices
        ("Rating: 4 out of 5.", "es", "es"),  # Latin reviews keep their voice
    ],
)
def test_the_voice_for_a_sentence(text: str, language: str, voice: str) -> None:
    from reader.text.language import voice_language

    assert voice_language(text, language) == voice


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("Review 1 of 1, Rocky IV, 44 words", [("Review 1 of 1, Rocky IV, 44 words", "")]),
        ("Review, Amélie, 4 words", [("Review, Amélie, 4 words", "")]),
        (
            "Review 2 of 3, Гарри Поттер 2: обзор, 40 words",
            [("Review 2 of 3, ", ""), ("Гарри Поттер 2: обзор", "ru"), (", 40 words", "")],
        ),
        ("Section 2, 千と千尋の神隠し.", [("Section 2, ", ""), ("千と千尋の神隠し.", "ja")]),
        ("기생충, rated 5", [("기생충", "ko"), (", rated 5", "")]),
        ("Ελλάδα", [("Ελλάδα", "el")]),
    ],
)
def test_an_announcement_in_pieces_by_script(text: str, pieces: list[tuple[str, str]]) -> None:
    from reader.text.language import script_pieces

    assert script_pieces(text) == pieces
    assert "".join(piece for piece, _ in pieces) == text


def test_a_sources_own_values_are_said_as_written() -> None:
    """Only the values reader gives a fact are translated: a tag that happens to be a word
    reader has ('Review', 'Rating') stays as the reviewer wrote it."""
    from reader.loaders import letterboxd
    from reader.model import MetadataField
    from reader.text.wording import OWN_VALUES

    facts = (MetadataField("Tags", ("Review",)), MetadataField("Rewatch", "yes"))
    spanish = "La película es una de las mejores que he visto en el cine este año, y la música"
    document = parse(spanish, metadata=facts)
    assert document.language == "es"
    assert document.sections[0].text.splitlines() == ["Etiquetas: Review.", "Vuelto a ver: sí."]
    assert set(letterboxd._WITHHELD.values()) < OWN_VALUES
    assert all(len({word(value, code) for code in LANGUAGES}) == 6 for value in OWN_VALUES)
