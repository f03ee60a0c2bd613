"""What a listener hears of a section when spoilers are skipped."""

from helpers import parse

from reader.model import Section, SectionKind, SpoilerSpan
from reader.plan.skipping import spoiler_announcement, spoken_section


def test_announcements() -> None:
    assert spoiler_announcement(SpoilerSpan(0, 5, 42)) == "Spoiler skipped, 42 words."
    assert spoiler_announcement(SpoilerSpan(0, 5, 1)) == "Spoiler skipped, 1 word."
    assert spoiler_announcement(SpoilerSpan(0, 5, 9, "Episode 9")) == (
        "Spoiler skipped: Episode 9, 9 words."
    )
    assert spoiler_announcement(SpoilerSpan(0, 5, 3), mid_sentence=True) == (
        "(spoiler skipped, 3 words)"
    )


def test_block_and_inline_spoilers_are_replaced() -> None:
    document = parse(
        "Intro.\n\n[spoiler]The twin dies.[/spoiler]\n\nShe finds >!the letter!< at last."
    )
    spoken = spoken_section(document.sections[0], skip_spoilers=True)
    assert spoken.text == (
        "Intro.\n\nSpoiler skipped, 3 words.\n\nShe finds (spoiler skipped, 2 words) at last."
    )
    assert [spoken.text[s.start : s.end] for s in spoken.spoilers] == [
        "Spoiler skipped, 3 words.",
        "(spoiler skipped, 2 words)",
    ]


def test_reading_spoilers_changes_nothing() -> None:
    section = Section(SectionKind.REVIEW, "Review", 2, "a b c", (SpoilerSpan(2, 3, 1),))
    assert spoken_section(section, skip_spoilers=False) is section


def test_announcements_in_the_reviews_language() -> None:
    """A spoiler in a Spanish review is announced in Spanish, by the Spanish voice."""
    span = SpoilerSpan(0, 5, 4)
    assert spoiler_announcement(span, language="es") == "Spoiler omitido, 4 palabras."
    assert spoiler_announcement(span, language="pt") == "Spoiler pulado, 4 palavras."
    assert spoiler_announcement(span, language="fr") == "Spoiler passé, 4 mots."
    assert spoiler_announcement(span, language="it") == "Spoiler saltato, 4 parole."
    assert spoiler_announcement(SpoilerSpan(0, 5, 1), language="de") == (
        "Spoiler übersprungen, 1 Wort."
    )
    assert spoiler_announcement(SpoilerSpan(0, 5, 2, "Final"), True, "es") == (
        "(spoiler omitido: Final, 2 palabras)"
    )
    assert spoiler_announcement(span, language="ja") == "Spoiler skipped, 4 words."


def test_spoken_section_in_a_language() -> None:
    document = parse("Intro.\n\n[spoiler]El gemelo muere.[/spoiler]")
    spoken = spoken_section(document.sections[0], skip_spoilers=True, language="es")
    assert spoken.text == "Intro.\n\nSpoiler omitido, 3 palabras."
