"""The reading room driven by its keys, with the real eSpeak engine into a recording sink.

Each test presses keys as a user would and checks what was said, where reading is, and
what is on screen. A recording sink has no clock, so speech runs at synthesis speed and
`settle` waits for it to end before looking.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import SAMPLES, SEED, FakeClock
from textual.widgets import Static
from tui_harness import Harness

from reader.model import Position
from reader.plan.cues import Cue
from reader.reading.phrases import where_phrase
from reader.session.events import State
from reader.speech.sinks import ClockSink, RecordingSink
from reader.storage.queue import QueueEntry, added, change_queue, load_queue
from reader.storage.settings import Settings, load_settings
from reader.tui.keys import ACTIONS, load_keymap
from reader.tui.lists import ReviewList, SectionOutline
from reader.tui.queue_panel import QueuePanel
from reader.tui.reading_pane import ReadingPane
from reader.tui.screens import AddScreen, HelpScreen

PARASITE = SAMPLES / "parasite.md"
SPOILERS = SAMPLES / "every-spoiler-syntax.md"


@pytest.fixture(autouse=True)
def own_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings and state in a temporary folder, and colour as the user's terminal has it."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("NO_COLOR", raising=False)


async def test_opening_says_which_review_and_how_to_start() -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        said = "Review 1 of 1, 1 Litre Of Tears, rated 5 out of 5, 786 words"
        assert harness.spoken() == [said, "Space plays, question mark for help"]
        assert harness.shown("#title") == "1 Litre Of Tears · review 1 of 1"
        assert harness.pane_text().startswith("Details\n\nGenre: Romance")
        outline = harness.app.query_one("#outline", SectionOutline)
        assert outline.option_count == 4
        assert harness.shown("#status").startswith("Stopped · 175 wpm · default")


async def test_space_plays_to_the_end_and_space_again_pauses() -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        harness.forget()
        await harness.press(pilot, "space")
        spoken = harness.spoken()
        assert spoken[:2] == ["1 Litre Of Tears.", "Details."]
        assert "Synopsis." in spoken and "Review." in spoken
        assert harness.cues()[-1] is Cue.END_OF_REVIEW  # a sound, by default: no words
        assert spoken[-1] != "End of review"
        assert isinstance(harness.sink, RecordingSink)
        assert harness.sink.seconds > 60  # about 800 words were heard
        # Heard to its end, the review is kept as finished: back at its top.
        assert harness.pane_text().startswith("Details")
        where = harness.reading.where()
        assert where is not None and where.percent == 0


async def test_space_pauses_and_resumes_in_real_time() -> None:
    clock = FakeClock()
    harness = Harness([SEED], sink=ClockSink(clock))  # heard in sample time
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        with clock.held():  # reading stays under way, a fifth of a second queued
            await pilot.press("space")
            assert harness.state() is State.PLAYING
            assert "Playing" in harness.shown("#status")
            await pilot.press("space")
        await harness.settle(pilot)
        assert harness.state() is State.PAUSED
        assert harness.spoken()[-1] == "Paused"
        assert "Paused" in harness.shown("#status")
        with clock.held():
            await pilot.press("space")
            assert harness.state() is State.PLAYING
            await pilot.press("escape")
            assert harness.state() is State.STOPPED


async def test_escape_silences_at_once_without_a_word() -> None:
    clock = FakeClock()
    harness = Harness([SEED], sink=ClockSink(clock))
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        with clock.held():
            await pilot.press("space")
            assert harness.state() is State.PLAYING
            await pilot.press("escape")
        await harness.settle(pilot)
        assert harness.state() is State.STOPPED
        written = harness.sink.written
        await pilot.pause(0.2)
        assert harness.sink.written == written  # no more audio after the stop
        assert harness.shown("#said") == "Stopped"
        assert "Stopped" not in harness.spoken()


async def test_h_and_shift_h_walk_the_headings_and_say_them() -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        harness.forget()
        await harness.press(pilot, "h", "h", "h", "h", "H")
        assert harness.spoken() == [
            "Section 2 of 4, Synopsis, 47 words",
            "Section 3 of 4, Review, 727 words",
            "Section 4 of 4, Rating, 6 words",
            "No next section",
            "Section 3 of 4, Review, 727 words",
        ]
        assert harness.session.position == Position(2, 0)
        assert harness.pane_text().startswith("Review\n\n")
        assert harness.app.query_one("#outline", SectionOutline).highlighted == 2


async def test_shift_h_inside_a_section_goes_to_its_own_heading_first() -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        await harness.press(pilot, "3", "right", "right")
        harness.forget()
        await harness.press(pilot, "H", "H")
        assert harness.spoken() == [
            "Start of section 3, Review",
            "Section 2 of 4, Synopsis, 47 words",
        ]


async def test_digits_go_to_a_section_or_say_there_is_none() -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        harness.forget()
        await harness.press(pilot, "3", "9", "1")
        assert harness.spoken() == [
            "Section 3 of 4, Review, 727 words",
            "No section 9; this review has 4 sections",
            "Section 1 of 4, Details, 6 words",
        ]
        assert harness.session.position == Position(0, 0)


async def test_arrows_read_the_sentence_or_paragraph_reached() -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        await harness.press(pilot, "3")
        harness.forget()
        await harness.press(pilot, "right", "right", "left")
        first, second = harness.spoken()[:2]
        assert first == "1 Litre of Tears is an understatement."  # the first, not the second
        assert harness.spoken()[2] == first
        assert second != first
        await harness.press(pilot, "down")
        paragraph_two = harness.session.position
        assert paragraph_two.section == 2 and paragraph_two.offset > 0
        section = harness.session.document.sections[2]  # type: ignore[union-attr]
        assert paragraph_two.offset == section.paragraphs[1].start
        await harness.press(pilot, "up")
        assert harness.session.position == Position(2, 0)
        await harness.press(pilot, "1", "left")
        assert harness.spoken()[-1] == "No previous sentence"


async def test_the_sentence_read_is_highlighted_and_in_view() -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        await harness.press(pilot, "3", *["down"] * 8)
        pane = harness.app.query_one("#pane", ReadingPane)
        assert pane.highlight is not None
        assert pane.highlight.start == harness.session.position.offset
        assert pane.scroll_y > 0  # scrolled to keep the sentence in view


async def test_brackets_change_pace_and_say_it() -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        harness.forget()
        await harness.press(pilot, "right_square_bracket", "right_square_bracket")
        await harness.press(pilot, "left_square_bracket")
        assert harness.spoken() == [
            "Faster, 200 words per minute",
            "Faster, 225 words per minute",
            "Slower, 200 words per minute",
        ]
        assert harness.session.rate == 200
        assert "200 wpm" in harness.shown("#status")
    fastest = Harness([SEED], settings=Settings(rate=900))
    async with fastest.app.run_test(size=(100, 30)) as pilot:
        await fastest.settle(pilot)
        await fastest.press(pilot, "right_square_bracket")
        assert fastest.spoken()[-1] == "Fastest pace, 900 words per minute"


async def test_x_shows_or_hides_spoilers_and_says_so() -> None:
    harness = Harness([PARASITE])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        document = harness.session.document
        assert document is not None
        number = next(i for i, s in enumerate(document.sections, 1) if s.spoilers)
        section = document.sections[number - 1]
        secret = section.text[section.spoilers[0].start : section.spoilers[0].end].strip()
        await harness.press(pilot, str(number))
        assert secret not in harness.pane_text()
        assert "[spoiler" in harness.pane_text()
        harness.forget()
        await harness.press(pilot, "x")
        assert harness.spoken() == ["Spoilers will be read"]
        assert secret in harness.pane_text()
        assert "spoilers shown" in harness.shown("#status")
        await harness.press(pilot, "x")
        assert secret not in harness.pane_text()
        assert harness.spoken()[-1] == "Spoilers will be skipped"


async def test_r_reads_the_rating_and_w_says_where() -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        await harness.press(pilot, "3", "right")
        harness.forget()
        await harness.press(pilot, "r", "w")
        assert harness.spoken() == [
            "Overall Rating: 5 out of 5.",
            "1 Litre Of Tears. Section 3 of 4, Review, sentence 1 of 57, 7 percent",
        ]


async def test_n_and_p_move_between_reviews_keeping_each_place() -> None:
    harness = Harness([SEED, PARASITE])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        await harness.press(pilot, "3")
        harness.forget()
        await harness.press(pilot, "n")
        assert harness.spoken()[0].startswith("Review 2 of 2, Parasite (2019)")
        assert harness.shown("#title").startswith("Parasite (2019)")
        await harness.press(pilot, "n")
        assert harness.spoken()[-1] == "No next review"
        await harness.press(pilot, "p")
        # The opening hint is said once a run, not on every review.
        assert harness.spoken()[-2].startswith("Review 1 of 2, 1 Litre Of Tears")
        assert harness.spoken()[-1].startswith("Section 3 of 4, Review, at the heading")
        assert harness.session.position == Position(2, 0)  # where it was left
        assert harness.app.query_one("#reviews", ReviewList).highlighted == 0


async def test_o_opens_reviews_from_a_typed_path() -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        await harness.press(pilot, "o")
        assert isinstance(harness.app.screen, AddScreen)
        assert harness.spoken()[-1].startswith("Add reviews: type a file or folder path")
        await pilot.press(*str(PARASITE), "enter")
        await harness.settle(pilot)
        assert harness.spoken()[-1].startswith("Review 2 of 2, Parasite (2019)")  # opened
        assert harness.app.query_one("#reviews", ReviewList).option_count == 2
        await harness.press(pilot, "o", "escape")
        assert harness.spoken()[-1] == "Nothing added"


async def test_o_opens_a_review_from_a_web_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from web_server import serving

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    harness = Harness([SEED])
    with serving() as base:
        async with harness.app.run_test(size=(100, 30)) as pilot:
            await harness.settle(pilot)
            await harness.press(pilot, "o")
            await pilot.press(*f"{base}/editor-reviews", "enter")
            await harness.settle(pilot)
            assert harness.spoken()[-1].startswith("Review 2 of 2, Editor Reviews")
            assert harness.reading.library.title(1) == "Editor Reviews"


async def test_a_path_that_fails_is_said_and_nothing_else_changes(tmp_path: Path) -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        await harness.press(pilot, "o")
        await pilot.press(*str(tmp_path / "gone.txt"), "enter")
        await harness.settle(pilot)
        assert harness.spoken()[-1] == "gone.txt: no such file or folder."
        assert len(harness.reading.library) == 1
        assert harness.session.document is not None


def queue_files(*paths: Path) -> None:
    """Queue files as `reader queue add` would, before the app starts."""
    entries = [QueueEntry(str(path.resolve()), path.stem) for path in paths]
    change_queue(lambda queue: added(queue, entries))


async def test_a_adds_the_review_to_the_listening_queue() -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        await harness.press(pilot, "a")
        assert harness.spoken()[-1] == "Added 1 Litre Of Tears to the queue; 1 in the queue"
        await harness.press(pilot, "a")
        assert harness.spoken()[-1] == "1 Litre Of Tears is already in the queue, number 1"
        assert harness.app.query_one("#queue", QueuePanel).option_count == 1
    assert [entry.path for entry in load_queue().value.entries] == [str(SEED.resolve())]


async def test_the_queue_panel_moves_and_removes_entries() -> None:
    queue_files(SEED, PARASITE)
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        harness.app.query_one("#queue", QueuePanel).focus()
        await harness.settle(pilot)
        assert harness.spoken()[-1].startswith("Queue list, 1. 1-litre-of-tears, 1 of 2")
        await harness.press(pilot, "d")
        assert harness.spoken()[-1] == "Moved to 2 of 2"
        await harness.press(pilot, "d")
        assert harness.spoken()[-1] == "Already at the bottom"
        await harness.press(pilot, "delete")
        assert harness.spoken()[-1] == (
            "Removed 1-litre-of-tears; 1 in the queue; now on 1. parasite. Z puts it back"
        )
        assert [entry.title for entry in load_queue().value.entries] == ["parasite"]
        await harness.press(pilot, "z")
        assert harness.spoken()[-1] == "Put back 1-litre-of-tears, number 2"
        assert [entry.title for entry in load_queue().value.entries] == [
            "parasite",
            "1-litre-of-tears",
        ]
        await harness.press(pilot, "delete")
    assert [entry.title for entry in load_queue().value.entries] == ["parasite"]


async def test_the_queue_plays_hands_free_to_its_end_skipping_missing_files(
    tmp_path: Path,
) -> None:
    gone = tmp_path / "gone.txt"
    gone.write_text("Gone\n\nA review that will be deleted.\n", encoding="utf-8")
    queue_files(SEED, gone, PARASITE)
    gone.unlink()
    harness = Harness([])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        harness.forget()
        await harness.press(pilot, "P")
        spoken = harness.spoken()
        announced = [line for line in spoken if line.startswith("Next review:")]
        assert announced == [
            "Next review: 1 Litre Of Tears, rated 5 out of 5, 786 words",
            "Next review: Parasite (2019), rated 9.5 out of 10, 613 words",
        ]
        assert spoken[-1] == "End of the queue"
        assert "Overall Rating: 5 out of 5." in spoken  # each was read, not only announced
        messages = [notification.message for notification in harness.app._notifications]
        assert any("gone.txt: no longer there; skipped" in message for message in messages)
    assert load_queue().value.current is None


async def test_with_no_files_named_the_queue_is_opened() -> None:
    queue_files(PARASITE, SEED)
    harness = Harness([])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        assert harness.spoken()[0].startswith("Review 1 of 2, Parasite (2019)")
        assert harness.app.query_one("#reviews", ReviewList).option_count == 2


async def test_the_queue_reads_every_review_of_an_export_before_the_next_file() -> None:
    export = SAMPLES / "letterboxd-reviews.csv"
    queue_files(export, SEED)
    harness = Harness([])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        in_export = len(harness.reading.library.reviews) - 1  # the seed is open too
        harness.forget()
        await harness.press(pilot, "P")
        announced = [line for line in harness.spoken() if line.startswith("Next review:")]
        assert len(announced) == in_export + 1
        assert announced[-1].startswith("Next review: 1 Litre Of Tears")
        assert harness.spoken()[-1] == "End of the queue"


async def test_the_sleep_timer_steps_through_its_choices() -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        harness.forget()
        await harness.press(pilot, "t")
        assert "sleep in 15 min" in harness.shown("#status")
        await harness.press(pilot, "t", "t", "t", "t")
        assert harness.spoken() == [
            "Sleep timer: 15 minutes",
            "Sleep timer: 30 minutes",
            "Sleep timer: 60 minutes",
            "Sleep timer: at the end of this review",
            "Sleep timer off",
        ]


async def test_the_sleep_timer_stops_at_the_end_of_the_review_not_the_queue() -> None:
    queue_files(SEED, PARASITE)
    harness = Harness([])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        await harness.press(pilot, "t", "t", "t", "t", "P")
        spoken = harness.spoken()
        assert spoken[-1] == "Sleep timer: stopping after this review."
        assert not any(line.startswith("Next review: Parasite") for line in spoken)
    # The review heard to its end is done: the next play starts at the one after it.
    assert load_queue().value.current == str(PARASITE.resolve())


async def test_when_the_sleep_time_is_up_reading_stops_after_the_sentence() -> None:
    clock = FakeClock()
    harness = Harness([SEED], sink=ClockSink(clock))
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        await harness.press(pilot, "t")
        with clock.held():  # reading stays in its first sentence until the timer is up
            await pilot.press("space")
            harness.reading.sleep.deadline = 0.0  # the time is up
            assert harness.reading.sleep.expired
        await harness.settle(pilot)
        assert harness.state() is State.STOPPED
        assert harness.spoken()[-1] == "Sleep timer: stopping."
        assert "sleep" not in harness.shown("#status")


async def test_m_turns_spoken_confirmations_off_but_keeps_them_on_screen() -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        harness.forget()
        await harness.press(pilot, "m", "h")
        assert harness.spoken() == ["Spoken confirmations off"]
        assert harness.shown("#said") == "Section 2 of 4, Synopsis, 47 words"
        await harness.press(pilot, "right")  # the sentence reached is read: it is no confirmation
        assert harness.spoken()[-1].startswith("Based on a true story")
        assert "confirmations off" in harness.shown("#status")
        await harness.press(pilot, "m")
        assert harness.spoken()[-1] == "Spoken confirmations on"


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_is_shown_and_spoken_one_key_per_line(key: str) -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        harness.forget()
        await harness.press(pilot, key)
        assert isinstance(harness.app.screen, HelpScreen)
        spoken = harness.spoken()
        assert spoken[:4] == [
            "Help. Escape closes it; up and down scroll.",
            "space: Play or pause.",
            "escape: Stop speech at once.",
            "h: Next section heading.",
        ]
        assert "right bracket: Faster." in spoken
        assert "1 to 9: go to that section." in spoken
        assert "question mark or F1: Help: every command, shown and spoken." in spoken
        lines = harness.app.screen.query(".help-line").results(Static)
        shown = [str(line.content) for line in lines]
        assert shown[0] == "space: Play or pause"
        assert shown[-1].startswith("In the queue list: enter plays")
        assert len(shown) + 1 == len(spoken)  # the spoken list first says how to close it
        await harness.press(pilot, "escape")
        assert not isinstance(harness.app.screen, HelpScreen)
        assert harness.spoken()[-1] == "Help closed"


async def test_q_quits_and_lets_the_engine_go() -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        await harness.press(pilot, "3")
        await pilot.press("q")
        await pilot.pause()
    assert harness.app.return_code == 0
    assert harness.reading.shelf.left[0].position == Position(2, 0)


async def test_a_review_reopens_where_it_was_left_with_the_pace_kept() -> None:
    first = Harness([SEED])
    async with first.app.run_test(size=(100, 30)) as pilot:
        await first.settle(pilot)
        await first.press(pilot, "3", "right", "right", "right_square_bracket", "q")
    left_at = first.session.position
    assert left_at.section == 2 and left_at.offset > 0
    again = Harness([SEED], settings=load_settings().value)
    async with again.app.run_test(size=(100, 30)) as pilot:
        await again.settle(pilot)
        assert again.session.position == left_at
        assert again.session.rate == 200
        assert "section 3 of 4" in again.shown("#status")
        assert "sentence 2 of 57" in where_phrase_now(again)


def where_phrase_now(harness: Harness) -> str:
    place = harness.session.where()
    assert place is not None and harness.session.document is not None
    return where_phrase(harness.session.document, place)


async def test_tab_moves_focus_round_and_says_where_it_went() -> None:
    harness = Harness([SEED, PARASITE])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        harness.forget()
        await harness.press(pilot, "tab")
        assert harness.spoken()[-1] == "Reviews list, 1. 1 Litre Of Tears, 1 of 2"
        await harness.press(pilot, "down")
        assert harness.spoken()[-1] == "2. Parasite (2019), 2 of 2"  # its own title
        await harness.press(pilot, "enter")
        assert harness.spoken()[-1].startswith("Review 2 of 2, Parasite (2019)")
        await harness.press(pilot, "tab")
        assert harness.spoken()[-1].startswith("Sections list, 1. Details")
        await harness.press(pilot, "tab")
        assert harness.spoken()[-1] == "Queue list, empty"
        await harness.press(pilot, "tab")
        assert harness.spoken()[-1] == "Review text"
        assert isinstance(harness.app.focused, ReadingPane)  # round, never trapped


async def test_the_outline_enter_goes_to_that_section() -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        harness.app.query_one("#outline", SectionOutline).focus()
        await harness.settle(pilot)
        await harness.press(pilot, "down", "down", "enter")
        assert harness.spoken()[-1] == "Section 3 of 4, Review, 727 words"
        assert harness.session.position == Position(2, 0)


async def test_every_action_is_in_the_command_palette() -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        commands = list(harness.app.get_system_commands(harness.app.screen))
        titles = {command.title for command in commands}
        assert {action.description for action in ACTIONS} <= titles
        assert {"High-contrast theme", "Monochrome theme"} <= titles
        faster = next(command for command in commands if command.title == "Faster")
        assert faster.help == "Key: ]"
        faster.callback()
        await harness.settle(pilot)
        assert harness.session.rate == 200


async def test_a_key_file_remaps_keys(tmp_path: Path) -> None:
    keys = tmp_path / "keys.toml"
    keys.write_text('faster = "plus"\nslower = ["minus"]\n', encoding="utf-8")
    harness = Harness([SEED], keymap=load_keymap(keys).keymap)
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        harness.forget()
        await harness.press(pilot, "plus", "right_square_bracket", "minus")
        assert harness.spoken() == [
            "Faster, 200 words per minute",
            "Slower, 175 words per minute",
        ]


async def test_a_notice_at_start_is_shown_and_logged() -> None:
    notice = "Key file: line 2, unknown action louder; other keys kept"
    harness = Harness([SEED], notices=[notice])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        messages = [notification.message for notification in harness.app._notifications]
        assert notice in messages
        assert harness.spoken()[0].startswith(f"{notice}. Review 1 of 1")


async def test_a_file_that_fails_is_reported_and_the_others_open(tmp_path: Path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 40)
    harness = Harness([tmp_path / "missing.txt", junk, SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        assert harness.spoken()[0].startswith(
            "missing.txt: no such file or folder. 1 more file could not be opened. Review 1 of 1"
        )
        messages = [notification.message for notification in harness.app._notifications]
        assert any("missing.txt" in message for message in messages)
        assert any("junk.txt" in message for message in messages)
        assert harness.shown("#title").startswith("1 Litre Of Tears")


async def test_markup_and_escapes_in_a_review_show_literally(tmp_path: Path) -> None:
    review = tmp_path / "markup.txt"
    review.write_text(
        "A [bold]bold[/bold] claim\n\n"
        "I watched it twice. The [link=info]link[/link] stays text.\n"
        "The \x1b[31mred\x1b[0m scene and [red]this[/] too.\n",
        encoding="utf-8",
    )
    harness = Harness([review])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        await harness.press(pilot, "space")
        assert harness.shown("#title").startswith("A [bold]bold[/bold] claim")
        shown = harness.pane_text()
        assert "[link=info]link[/link]" in shown
        assert "[red]this[/]" in shown
        assert "\x1b" not in shown and "red scene" in shown


async def test_with_no_reviews_the_app_says_how_to_add_some() -> None:
    harness = Harness([])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        assert harness.spoken() == ["No reviews open. Press o to open reviews."]
        await harness.press(pilot, "space", "h", "w")
        assert harness.spoken()[-3:] == ["No review open. Press o to open reviews."] * 3


async def test_narrow_terminals_give_the_text_the_whole_width() -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(40, 20)) as pilot:
        await harness.settle(pilot)
        sidebar = harness.app.query_one("#sidebar")
        assert not sidebar.display or sidebar.region.width == 0
        pane = harness.app.query_one("#pane", ReadingPane)
        assert pane.region.width == 40
        await pilot.resize_terminal(100, 30)
        await harness.settle(pilot)
        assert harness.app.query_one("#sidebar").region.width > 0


def test_no_color_picks_the_monochrome_theme(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert Harness([SEED]).app.theme == "reader-monochrome"
    monkeypatch.delenv("NO_COLOR")
    assert Harness([SEED]).app.theme == "reader-high-contrast"


async def test_a_saved_place_past_the_last_section_opens_at_the_top(tmp_path: Path) -> None:
    """The file was edited since: the reading room once crashed here (IndexError)."""
    places = tmp_path / "state" / "reader" / "positions.json"
    places.parent.mkdir(parents=True)
    places.write_text(f'{{"{SEED.resolve()}": [9, 400]}}\n', encoding="utf-8")
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        assert harness.spoken()[0].startswith("Review 1 of 1, 1 Litre Of Tears")
        assert harness.pane_text().startswith("Details")
        await harness.press(pilot, "w")
        assert harness.spoken()[-1].endswith("Details, at the heading, 0 percent")


async def test_tab_reaches_every_pane_on_a_narrow_terminal() -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(60, 24)) as pilot:
        await harness.settle(pilot)
        said = []
        for _ in range(4):
            await harness.press(pilot, "tab")
            said.append(harness.spoken()[-1])
            focused = harness.app.focused
            assert focused is not None and focused.region.width > 0  # shown, not hidden
        assert said[0].startswith("Reviews list, 1. 1 Litre Of Tears")
        assert said[1].startswith("Sections list, 1. Details")
        assert said[2] == "Queue list, empty"
        assert said[3] == "Review text"
        await harness.press(pilot, "shift+tab")
        assert harness.spoken()[-1] == "Queue list, empty"


async def test_the_command_palette_speaks() -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        await harness.press(pilot, "ctrl+p")
        await harness.until_said(pilot, lambda said: ", Key: " in said)
        spoken = harness.spoken()
        assert any(said.startswith("Command palette: type part of a") for said in spoken), spoken
        assert ", Key: " in spoken[-1]  # the command under the cursor, and its key
        await pilot.press(*"faster")
        await harness.until_said(pilot, lambda said: said.startswith("1 match: Faster"))
        await pilot.press(*"zzz")
        await harness.until_said(pilot, lambda said: said == "No matches found")
        assert harness.spoken()[-1] == "No matches found"
        await harness.press(pilot, "escape")
        assert harness.spoken()[-1] == "Command palette closed"


async def test_escape_in_help_stops_the_reading_too() -> None:
    clock = FakeClock()
    harness = Harness([SEED], sink=ClockSink(clock))
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        with clock.held():
            await pilot.press("space")
            await pilot.press("question_mark")
            assert isinstance(harness.app.screen, HelpScreen)
            await pilot.press("escape")
        await harness.settle(pilot)
        assert harness.state() is State.STOPPED
        assert harness.spoken()[-1] == "Help closed"


async def test_a_stray_q_while_playing_asks_and_a_second_quits_saying_goodbye() -> None:
    clock = FakeClock()
    harness = Harness([SEED], sink=ClockSink(clock))
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        with clock.held():
            await pilot.press("space")
            await pilot.press("q")
            await pilot.pause(0.2)
            assert harness.screen.said == "Press q again to quit"
            assert harness.state() is State.PLAYING  # reading goes on
            await pilot.press("q")
        await pilot.pause(0.2)
    assert harness.spoken()[-1] == "Place saved. Goodbye."


async def test_ctrl_c_says_how_to_quit() -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        await harness.press(pilot, "ctrl+c")
        assert harness.spoken()[-1] == "To quit, press control Q, or q"


async def test_the_open_prompt_echoes_what_is_typed_and_says_it_back() -> None:
    harness = Harness([SEED])
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await harness.settle(pilot)
        await harness.press(pilot, "o", "a", "B", "slash", "backspace")
        assert harness.spoken()[-4:] == ["a", "capital B", "slash", "Deleted slash"]
        await harness.press(pilot, "ctrl+r")
        assert harness.spoken()[-1] == "You typed: aB"
