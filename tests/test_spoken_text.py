"""SpokenText: mapping offsets in what the engine says back to offsets in the section."""

from __future__ import annotations

import pytest

from reader.plan.spoken_text import Replacement, SpokenText, SpokenTextBuilder


def episode_text() -> SpokenText:
    """Section text 'Seen ep. 5 twice' from offset 10, with 'ep.' said as 'episode'.

    spoken:  Seen episode 5 twice      section: Seen ep. 5 twice
             0    5      12            10   15 18
    """
    builder = SpokenTextBuilder(10)
    builder.copy("Seen ", 10)
    builder.say_instead("episode", 15, 18)
    builder.copy(" 5 twice", 18)
    return builder.build()


def test_builder_records_text_ends_and_replacements() -> None:
    """The built text, its source range and one replacement for 'ep.'."""
    spoken = episode_text()
    assert spoken == SpokenText(
        "Seen episode 5 twice", 10, 26, (Replacement(5, 12, 15, 18, hidden=False),)
    )


@pytest.mark.parametrize(
    ("start", "length", "expected"),
    [
        (0, 4, (10, 14)),  # 'Seen' is copied: shifted by the source start
        (0, 5, (10, 15)),  # 'Seen ' ends where the replacement starts, not inside it
        (5, 7, (15, 18)),  # 'episode' stands for 'ep.'
        (5, 1, (15, 18)),  # any part of a replacement stands for all of it
        (8, 2, (15, 18)),
        (11, 1, (15, 18)),  # its last character
        (12, 1, (18, 19)),  # the space after it is copied again
        (13, 1, (19, 20)),  # '5'
        (15, 5, (21, 26)),  # 'twice'
        (0, 20, (10, 26)),  # everything
        (3, 4, (13, 18)),  # 'n epi' runs from copied text into the replacement
        (10, 4, (15, 20)),  # 'de 5' runs out of the replacement into copied text
        (12, 0, (18, 18)),  # an empty span at the replacement's end
        (5, 0, (15, 15)),  # an empty span at its start
    ],
)
def test_source_span_across_a_replacement(
    start: int, length: int, expected: tuple[int, int]
) -> None:
    """Copied characters shift by a constant; replaced ones map to the whole source."""
    assert episode_text().source_span(start, length) == expected


def skipped_caption_text() -> SpokenText:
    """'Intro. [caption] Prose.' with the caption said as nothing ('' replacement)."""
    builder = SpokenTextBuilder(0)
    builder.copy("Intro. ", 0)
    builder.say_instead("", 7, 17)
    builder.copy("Prose.", 17)
    return builder.build()


@pytest.mark.parametrize(
    ("start", "length", "expected"),
    [
        (0, 6, (0, 6)),  # 'Intro.'
        (0, 7, (0, 7)),  # 'Intro. ' ends where the skipped caption starts
        (7, 6, (17, 23)),  # 'Prose.' starts after the skipped characters
        (6, 2, (6, 18)),  # ' P' spans the skipped caption
        (7, 0, (17, 17)),
    ],
)
def test_source_span_across_a_skipped_replacement(
    start: int, length: int, expected: tuple[int, int]
) -> None:
    """A replacement that says nothing takes no spoken characters but moves the source on."""
    spoken = skipped_caption_text()
    assert spoken.text == "Intro. Prose."
    assert spoken.replacements == (Replacement(7, 7, 7, 17),)
    assert spoken.source_span(start, length) == expected


def gap_text() -> SpokenText:
    """Two copied pieces with section characters [9, 12) between them said as nothing."""
    builder = SpokenTextBuilder(3)
    builder.copy("First ", 3)
    builder.copy("second", 12)
    return builder.build()


@pytest.mark.parametrize(
    ("start", "length", "expected"),
    [
        (0, 5, (3, 8)),  # 'First'
        (0, 6, (3, 9)),  # 'First ' ends at the gap
        (6, 6, (12, 18)),  # 'second' after the gap
        (7, 2, (13, 15)),
        (0, 12, (3, 18)),
    ],
)
def test_source_span_across_a_gap(start: int, length: int, expected: tuple[int, int]) -> None:
    """Section text between two copied pieces becomes an empty replacement."""
    spoken = gap_text()
    assert spoken.text == "First second"
    assert (spoken.source_start, spoken.source_end) == (3, 18)
    assert spoken.replacements == (Replacement(6, 6, 9, 12),)
    assert spoken.source_span(start, length) == expected


def test_gap_then_replacement_at_the_same_spoken_offset() -> None:
    """A gap and a replacement that start at one spoken offset resolve to the replacement."""
    builder = SpokenTextBuilder(0)
    builder.copy("a ", 0)
    builder.say_instead("with", 5, 7)  # section: 'a ' + 3 skipped + 'w/' + ' b'
    builder.copy(" b", 7)
    spoken = builder.build()
    assert spoken.text == "a with b"
    assert spoken.replacements == (Replacement(2, 2, 2, 5), Replacement(2, 6, 5, 7))
    assert spoken.source_span(0, 1) == (0, 1)
    assert spoken.source_span(2, 4) == (5, 7)
    assert spoken.source_span(7, 1) == (8, 9)


def hidden_text() -> SpokenText:
    """'A (spoiler skipped, 2 words) b.' for section text 'A secret thing b.'."""
    builder = SpokenTextBuilder(0)
    builder.copy("A ", 0)
    builder.say_instead("(spoiler skipped, 2 words)", 2, 14, hidden=True)
    builder.copy(" b.", 14)
    return builder.build()


@pytest.mark.parametrize(
    ("start", "length", "expected"),
    [
        (0, 1, (0, 1)),  # 'A' before the announcement
        (0, 2, (0, 2)),  # 'A ' touches it but does not overlap
        (2, 8, None),  # '(spoiler': hidden text has no place to show
        (27, 1, None),  # ')' the last character of the announcement
        (1, 3, None),  # overlapping from before
        (26, 3, None),  # overlapping into after
        (28, 1, (14, 15)),  # the space after
        (29, 2, (15, 17)),  # 'b.'
    ],
)
def test_hidden_replacements_have_no_source(
    start: int, length: int, expected: tuple[int, int] | None
) -> None:
    """Words of a spoiler announcement must not highlight the spoiler they hide."""
    spoken = hidden_text()
    assert spoken.text == "A (spoiler skipped, 2 words) b."
    assert spoken.source_span(start, length) == expected


@pytest.mark.parametrize(
    ("start", "length", "expected"),
    [
        (0, 3, (10, 13)),  # 'The' ends where the hidden remainder is
        (3, 1, (22, 23)),  # '.' after it
        (2, 2, None),  # straddles the empty hidden replacement
    ],
)
def test_empty_hidden_replacement(
    start: int, length: int, expected: tuple[int, int] | None
) -> None:
    """The rest of a spoiler announced earlier is hidden as nothing, but still hidden."""
    builder = SpokenTextBuilder(10)
    builder.copy("The", 10)
    builder.say_instead("", 13, 22, hidden=True)
    builder.copy(".", 22)
    spoken = builder.build()
    assert spoken.text == "The."
    assert spoken.source_span(start, length) == expected


def test_an_announcement_standing_at_a_point() -> None:
    """Text said for no section characters (a heading) maps every word to that point."""
    builder = SpokenTextBuilder(40)
    builder.say_instead("Spoilers ahead.", 40, 40)
    spoken = builder.build()
    assert (spoken.source_start, spoken.source_end) == (40, 40)
    assert spoken.source_span(0, 8) == (40, 40)
    assert spoken.source_span(9, 6) == (40, 40)


def test_copying_nothing_keeps_an_empty_text() -> None:
    """An empty piece is allowed and maps to its own place."""
    builder = SpokenTextBuilder(5)
    builder.copy("", 5)
    spoken = builder.build()
    assert spoken == SpokenText("", 5, 5, ())
    assert spoken.source_span(0, 0) == (5, 5)
