"""Skimming in the reading room and plain mode: each open review's title, rating and
verdict, read back to back; skimming again opens the one being heard."""

from __future__ import annotations

from helpers import SAMPLES, SEED, FakeClock
from runner import Env, plain
from tui_harness import Harness

from reader.loaders import load_paths
from reader.model import Document, Position
from reader.plan.cues import Cue
from reader.plan.planner import Part
from reader.reading.actions import Act, Command
from reader.reading.answers import Say
from reader.reading.controller import Hints, Reading
from reader.reading.cursor import Place
from reader.reading.library import Library
from reader.reading.modes import Modes
from reader.speech.sinks import ClockSink

HINT = "Skim again to open the one you hear."


def reading_of_samples() -> Reading:
    library = Library()
    library.add(load_paths([str(SAMPLES)]))
    modes = Modes(skip_spoilers=True, announcements=True, pace=lambda: 175)
    reading = Reading(library, Hints(skim=HINT), modes)
    reading.open(0)
    return reading


def review_text(document: Document) -> str:
    return " ".join(" ".join(section.text.split()) for section in document.sections)


def test_a_skim_reads_every_review_as_a_section_of_title_rating_and_verdict() -> None:
    reading = reading_of_samples()
    opened = len(reading.library)
    answer = reading.act(Command(Act.SKIM))
    assert answer.say is Say.REVIEW
    skim = reading.document
    assert skim is not None
    assert answer.lines == (
        f"Skim of {opened} reviews. {HINT}",
        f"Review 1 of {opened}, {skim.sections[0].heading}",  # a skim's sections are reviews
    )
    assert skim.title == answer.lines[0]
    assert len(skim.sections) == opened
    parasite = next(s for s in skim.sections if s.heading.startswith("Parasite"))
    assert parasite.heading == "Parasite (2019), rated 9.5 out of 10"
    for index, section in enumerate(skim.sections):
        review = reading.library.document(index)
        assert isinstance(review, Document)
        if section.text != "No verdict found.":
            verdict = section.text.removeprefix("Verdict: ")
            assert " ".join(verdict.split()) in review_text(review)


def test_skimming_again_opens_the_review_being_heard_and_reads_it() -> None:
    reading = reading_of_samples()
    reading.act(Command(Act.SKIM))
    reading.heard(Part.HEADING, Position(2))  # the voice reached the third review
    answer = reading.act(Command(Act.SKIM))
    assert reading.skim is None
    assert reading.index == 2
    assert answer.say is Say.REVIEW
    assert answer.lines[0].startswith("Next review: ")
    assert reading.document is reading.shelf.document


def test_leaving_a_skim_goes_back_to_the_review_at_its_place() -> None:
    reading = reading_of_samples()
    reading.act(Command(Act.NEXT_SECTION))
    before = reading.place
    reading.act(Command(Act.SKIM))
    reading.heard(Part.SENTENCE, Position(3, 0))
    # Only the review's own place is saved, not the skim's.
    assert list(reading.places().values()) == [before.position]
    assert reading.skim is None and reading.place == before
    reading.act(Command(Act.SKIM))
    reading.playing = True
    ended = reading.finished()
    assert ended.shown == ("End of review", "End of the skim")
    assert reading.place == before and reading.document is reading.shelf.document


def test_the_rating_and_add_mean_the_review_heard_in_a_skim() -> None:
    reading = reading_of_samples()
    reading.act(Command(Act.SKIM))
    parasite = next(
        index
        for index, section in enumerate(reading.document.sections if reading.document else ())
        if section.heading.startswith("Parasite")
    )
    reading.place = Place(Position(parasite), at_heading=True)
    assert reading.act(Command(Act.RATING)).lines[0].startswith("Rating: 9.5 out of 10")


def test_where_and_the_list_in_a_skim_speak_of_reviews_not_sections() -> None:
    reading = reading_of_samples()
    opened = len(reading.library)
    reading.act(Command(Act.SKIM))
    reading.act(Command(Act.NEXT_SECTION))
    second = reading.library.document(1)
    assert isinstance(second, Document)
    where = reading.act(Command(Act.WHERE)).lines[0]
    assert where.startswith(f"Skim of {opened} reviews. {HINT} Review 2 of {opened}, ")
    assert where.endswith(", at the heading, 5 percent")
    assert second.title in where
    listed = reading.act(Command(Act.SECTIONS)).lines
    assert listed[0] == f"{opened} reviews:"
    assert reading.document is not None
    assert listed[2] == f"2. {reading.document.sections[1].heading}"
    assert not any(line.endswith(" words") for line in listed)  # a verdict's length is noise


def test_plain_mode_skims_with_a_word(env: Env) -> None:
    # Without a voice nothing is read back to back: each review of the skim is shown as
    # its section is reached, the first at once, so every verdict has its review.
    typed = "skim\nnext\nsection\nnext\nquit\n"
    run = plain(env, str(SEED), str(SAMPLES / "parasite.md"), typed=typed)
    assert run.code == 0
    text = "\n".join(run.lines)
    assert (
        "Skim of 2 reviews. Type skim again to open the one you hear.\n"
        "Review 1 of 2, 1 Litre Of Tears, rated 5 out of 5\n"
        "Verdict: It’s one the most amazing and heart-breaking, heart-shattering,\n"
        "  life-altering dramas I’ve ever seen (if not the most).\n"
        "Review 2 of 2, Parasite (2019), rated 9.5 out of 10\n"
        "Verdict: A near-perfect film that works as a comedy, a thriller and a tragedy,\n"
        "  often in the same scene.\n"
    ) in text


async def test_the_skim_key_reads_every_review_back_to_back_with_a_cue_between() -> None:
    harness = Harness([SAMPLES])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        opened = len(harness.reading.library)
        harness.forget()
        await harness.press(pilot, "k")
        spoken = harness.spoken()
        assert spoken[0] == f"Skim of {opened} reviews. Press k again to open the one you hear."
        assert "Parasite (2019), rated 9.5 out of 10." in spoken
        assert sum(line.startswith("Verdict: ") for line in spoken) >= opened - 2
        cues = harness.cues()
        assert cues.count(Cue.SECTION) == opened  # one before each review's title
        assert cues[-1] is Cue.END_OF_REVIEW
        # Heard to its end, the skim gives way to the review that was open.
        assert harness.reading.skim is None
        assert harness.reading.document is harness.reading.shelf.document


async def test_while_skimming_the_screen_counts_reviews() -> None:
    clock = FakeClock()
    harness = Harness([SAMPLES], sink=ClockSink(clock))
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        opened = len(harness.reading.library)
        with clock.held():  # the skim stays under way
            await pilot.press("k")
            await pilot.pause()
            assert harness.reading.skim is not None
            # The title is the skim's own, not the count of the review open before it.
            assert harness.shown("#title").startswith(f"Skim of {opened} reviews.")
            assert " · review " not in harness.shown("#title")
            assert f"review 1 of {opened}" in harness.shown("#status")
            await pilot.press("escape")
        await harness.settle(pilot)
