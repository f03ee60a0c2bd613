"""One table of action scripts, run through the reading room and through plain mode: each
step must say the same thing and land on the same place in both, key for typed word.

The reading room is driven with its default keys (the real eSpeak engine into a recording
sink); plain mode runs as users run it, with the action table's first word for each step
piped in. After every step both are asked where they are, so a place that drifts apart is
caught at the step that moved it, not only at the end.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from front_ends_harness import WHERE, Script, go, key, plain_mode, room, shows, words
from helpers import SAMPLES, SEED
from runner import FOLDERS, environment

from reader.reading.actions import BY_ACT, Act, Command

PARASITE = SAMPLES / "parasite.md"
SPOILERS = SAMPLES / "every-spoiler-syntax.md"
LETTERBOXD = SAMPLES / "letterboxd-reviews.csv"  # six reviews in one file

SCRIPTS = {
    "where at the opening heading": Script(
        (SEED,),
        (WHERE,),
        ("at the heading",),
        "1 Litre Of Tears. Section 1 of 4, Details, at the heading, 0 percent",
    ),
    "next section, then its first sentence": Script(
        (SEED,),
        (Command(Act.NEXT_SECTION), Command(Act.NEXT_SENTENCE)),
        ("Section 2 of 4, Synopsis, 47 words", "Based on a true story, Ikeuchi Aya"),
        "1 Litre Of Tears. Section 2 of 4, Synopsis, sentence 1 of 1, 1 percent",
    ),
    "previous section from inside one is its own heading": Script(
        (SEED,),
        (
            go(3),
            Command(Act.NEXT_SENTENCE),
            Command(Act.NEXT_SENTENCE),
            Command(Act.PREVIOUS_SECTION),
        ),
        ("I honestly can’t even deal with this drama.", "Section 3 of 4, Review, 727 words"),
        "1 Litre Of Tears. Section 3 of 4, Review, at the heading, 7 percent",
    ),
    "previous section before the first": Script(
        (SEED,),
        (
            Command(Act.NEXT_SECTION),
            Command(Act.PREVIOUS_SECTION),
            Command(Act.PREVIOUS_SECTION),
        ),
        ("Section 1 of 4, Details, 6 words", "No previous section"),
        "1 Litre Of Tears. Section 1 of 4, Details, at the heading, 0 percent",
    ),
    "next section after the last": Script(
        (SEED,),
        (go(4), Command(Act.NEXT_SECTION)),
        ("Section 4 of 4, Rating, 6 words", "No next section"),
        "1 Litre Of Tears. Section 4 of 4, Rating, at the heading, 99 percent",
    ),
    "a section past the end": Script(
        (SEED,),
        (go(2), go(9)),
        ("No section 9; this review has 4 sections",),
        "1 Litre Of Tears. Section 2 of 4, Synopsis, at the heading, 1 percent",
    ),
    "sentences back across headings": Script(
        (SEED,),
        (
            go(3),
            Command(Act.NEXT_SENTENCE),
            Command(Act.PREVIOUS_SENTENCE),
            Command(Act.PREVIOUS_SENTENCE),
            Command(Act.PREVIOUS_SENTENCE),
        ),
        (
            "1 Litre of Tears is an understatement.",
            "Section 2 of 4, Synopsis, 47 words",
            "Genre: Romance, Family, School Life, Tragedy.",
            "No previous sentence",
        ),
        "1 Litre Of Tears. Section 1 of 4, Details, sentence 1 of 1, 0 percent",
    ),
    "paragraphs on and back": Script(
        (SEED,),
        (
            go(3),
            Command(Act.NEXT_PARAGRAPH),
            Command(Act.NEXT_PARAGRAPH),
            Command(Act.PREVIOUS_PARAGRAPH),
            Command(Act.NEXT_SENTENCE),
        ),
        ("1 Litre of Tears is an understatement.",),
        "1 Litre Of Tears. Section 3 of 4, Review, sentence 2 of 57, 8 percent",
    ),
    "spoilers read, then skipped again inside one": Script(
        (SPOILERS,),
        (
            go(3),
            Command(Act.SPOILERS),
            Command(Act.NEXT_SENTENCE),
            Command(Act.SPOILERS),
        ),
        (
            "Section 3 of 6, Spoilers, 28 words, 1 spoiler hidden",
            "Spoilers will be read",
            "The final twist is that Ji-an's mother wrote the anonymous letters herself",
            "Spoilers will be skipped",
        ),
        "Harbour Lights (2021). Section 3 of 6, Spoilers, sentence 1 of 1, 83 percent",
    ),
    "a skipped spoiler is announced": Script(
        (SPOILERS,),
        (go(3), Command(Act.NEXT_SENTENCE), Command(Act.RATING)),
        ("Spoiler skipped, 28 words.", "Overall Rating: 4.5 out of 5."),
        "Harbour Lights (2021). Section 3 of 6, Spoilers, sentence 1 of 1, 83 percent",
    ),
    "next and previous review keep each place": Script(
        (SEED, PARASITE),
        (
            go(3),
            Command(Act.NEXT_SENTENCE),
            Command(Act.NEXT_SENTENCE),
            Command(Act.NEXT_REVIEW),
            Command(Act.RATING),
            Command(Act.NEXT_REVIEW),
            Command(Act.PREVIOUS_REVIEW),
        ),
        (
            "Review 2 of 2, Parasite (2019), rated 9.5 out of 10, 613 words",
            "Rating: 9.5 out of 10.",
            "No next review",
            "Review 1 of 2, 1 Litre Of Tears, rated 5 out of 5, 786 words",
        ),
        "1 Litre Of Tears. Section 3 of 4, Review, sentence 2 of 57, 8 percent",
    ),
    "reviews in one file, and back to the place in one": Script(
        (LETTERBOXD,),
        (
            Command(Act.NEXT_REVIEW),
            Command(Act.NEXT_SECTION),
            Command(Act.NEXT_SENTENCE),
            Command(Act.NEXT_SENTENCE),
            Command(Act.PREVIOUS_REVIEW),
            Command(Act.NEXT_REVIEW),
        ),
        (
            "Review 2 of 6, Spirited Away, rated 5 out of 5, 97 words",
            "Section 2 of 3, Review, 82 words",
            "Review 1 of 6, Past Lives, rated 4.5 out of 5, 115 words",
        ),
        "Spirited Away. Section 2 of 3, Review, sentence 2 of 9, 32 percent",
    ),
    "faster, slower, stop, and the queue": Script(
        (SEED,),
        (
            Command(Act.FASTER),
            Command(Act.FASTER),
            Command(Act.SLOWER),
            Command(Act.STOP),
            Command(Act.ADD),
            Command(Act.ADD),
        ),
        (
            "Faster, 200 words per minute",
            "Faster, 225 words per minute",
            "Slower, 200 words per minute",
            "Stopped",
            "Added 1 Litre Of Tears to the queue; 1 in the queue",
            "1 Litre Of Tears is already in the queue, number 1",
        ),
        "1 Litre Of Tears. Section 1 of 4, Details, at the heading, 0 percent",
    ),
}


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Each front end its own settings and state, so neither reads what the other saved;
    the reading room's through the environment, plain mode's in the one returned."""
    room = environment(tmp_path / "room")
    for name in FOLDERS:
        monkeypatch.setenv(name, room[name])
    monkeypatch.delenv("NO_COLOR", raising=False)
    return environment(tmp_path / "plain")


def test_every_scripted_action_is_in_both_front_ends() -> None:
    for script in SCRIPTS.values():
        for command in script.steps:
            assert BY_ACT[command.act].keys and BY_ACT[command.act].words, command.act


@pytest.mark.parametrize("name", SCRIPTS)
async def test_both_front_ends_say_and_land_alike(name: str, folders: dict[str, str]) -> None:
    script = SCRIPTS[name]
    # Plain mode runs in its own process meanwhile: the two never share a folder.
    (plain_opening, plain_steps), (room_opening, room_steps, hint) = await asyncio.gather(
        asyncio.to_thread(plain_mode, script, folders), room(script)
    )
    assert shows(room_opening, plain_opening, hint), (room_opening, plain_opening)
    for command, in_room, printed in zip(script.steps, room_steps, plain_steps, strict=True):
        *answer, where = printed
        step = f"{key(command)!r} against {words(command)!r}"
        assert shows(in_room.said, answer, hint), (step, in_room.said, answer)
        assert shows(in_room.where, [where], hint), (step, in_room.where, where)
    # Both said the same, step by step; the table pins down what that was.
    said = " ".join(line for step in plain_steps for line in step[:-1])
    for phrase in script.says:
        assert phrase in said
    assert plain_steps[-1][-1] == script.lands
