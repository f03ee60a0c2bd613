"""Pictures of the reading room, compared with accepted snapshots in __snapshots__/.

Every picture is taken over the silent engine and a recording sink, after loading and
speech have finished, so nothing on screen depends on timing. Regenerate with
`pytest tests/test_tui_snapshots.py --snapshot-update`, then look at the new pictures
before committing them.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import pytest
from helpers import SAMPLES, SEED
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static
from tui_harness import Harness

from reader.loaders import LoadResult
from reader.speech.silent import SilentEngine
from reader.tui.reading_pane import ReadingPane
from reader.tui.themes import HIGH_CONTRAST, MONOCHROME
from reader.web.sources import load_sources

SPOILERS = SAMPLES / "every-spoiler-syntax.md"
WIDE = (100, 30)
SMALL = (40, 20)
REVIEW_SECTION = "2"  # every-spoiler-syntax.md's section with the most spoilers
OPENING = "Review 1 of 1, 1 Litre Of Tears, rated 5 out of 5, 786 words"

RunBefore = Callable[[Pilot[None]], Awaitable[None]]


class SnapCompare(Protocol):
    """The `snap_compare` fixture of pytest-textual-snapshot (its own annotation is
    narrower than what it accepts)."""

    def __call__(
        self,
        app: App[None],
        press: Iterable[str] = (),
        terminal_size: tuple[int, int] = (80, 24),
        run_before: RunBefore | None = None,
    ) -> bool: ...


@pytest.fixture(autouse=True)
def own_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings and state in a temporary folder, and colour unless a test turns it off."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def loading_gate(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Files load only once this is set, so a test can look at the app before they do."""
    gate = threading.Event()

    def gated(paths: Iterable[str], stdin: BinaryIO | None = None) -> LoadResult:
        gate.wait(timeout=30)  # a test that never opens the gate still ends
        return load_sources(paths, stdin)

    monkeypatch.setattr("reader.tui.screen.load_sources", gated)
    return gate


def silent(path: Path) -> Harness:
    """An app over `path` whose speech is instant and soundless."""
    return Harness([path], engine=SilentEngine())


@dataclass
class Seen:
    """What the app showed when its picture was taken (it has exited by the time
    snap_compare returns, so its widgets can no longer be asked)."""

    title: str = ""
    pane: str = ""
    status: str = ""
    said: str = ""
    theme: str = ""
    screen: str = ""
    narrow: bool = False


def settled_after(harness: Harness, *keys: str, theme: str | None = None) -> tuple[RunBefore, Seen]:
    """Wait for the review to open, optionally switch theme, press `keys` and wait for
    speech after each, so the picture shows the screen at rest (snap_compare's own `press`
    does not wait for speech); then note what is shown."""
    seen = Seen()

    async def run_before(pilot: Pilot[None]) -> None:
        await harness.settle(pilot)
        if theme is not None:
            harness.app.theme = theme
        await harness.press(pilot, *keys)
        main = harness.app.screen_stack[0]  # under the help screen, if that is open
        seen.title = str(main.query_one("#title", Static).content)
        seen.pane = main.query_one("#pane", ReadingPane).text_shown()
        seen.status = str(main.query_one("#status", Static).content)
        seen.said = str(main.query_one("#said", Static).content)
        seen.theme = harness.app.theme
        seen.screen = type(harness.app.screen).__name__
        seen.narrow = main.has_class("narrow")

    return run_before, seen


class TestMainScreen:
    """The reading room as it opens on a plain-text review."""

    def test_wide(self, snap_compare: SnapCompare) -> None:
        """Title, review and section lists, the first section, status, said line, footer."""
        harness = silent(SEED)
        run_before, seen = settled_after(harness)
        assert snap_compare(harness.app, terminal_size=WIDE, run_before=run_before)
        assert seen.title == "1 Litre Of Tears · review 1 of 1"
        assert seen.said.startswith(OPENING)
        assert not seen.narrow

    def test_small_terminal_gives_the_text_all_the_width(self, snap_compare: SnapCompare) -> None:
        """At 40 columns the side lists are hidden and the text wraps to fit."""
        harness = silent(SEED)
        run_before, seen = settled_after(harness)
        assert snap_compare(harness.app, terminal_size=SMALL, run_before=run_before)
        assert seen.narrow

    def test_next_section(self, snap_compare: SnapCompare) -> None:
        """After h: the synopsis shown, the outline following, the status updated."""
        harness = silent(SEED)
        run_before, seen = settled_after(harness, "h")
        assert snap_compare(harness.app, terminal_size=WIDE, run_before=run_before)
        assert seen.pane.startswith("Synopsis")
        assert "section 2 of 4" in seen.status

    @pytest.mark.asyncio
    async def test_start_up_focus_is_not_announced(self, loading_gate: threading.Event) -> None:
        """Nothing is said about focus until the user moves it: a focus event at start-up
        once said "Review text", which cut off and replaced the opening announcement."""
        harness = silent(SEED)
        said: list[str] = []

        async def look(pilot: Pilot[Any]) -> None:
            # Loading is held back, so every start-up focus event has reached the app
            # before the review opens: the order in which the old fault always showed.
            for _ in range(200):
                await pilot.pause()
                if harness.app.focused is harness.app.query_one("#pane"):
                    break
            await pilot.pause()  # the focus event's way up from the pane to the app
            said.append(harness.shown("#said"))
            loading_gate.set()
            await harness.settle(pilot)
            said.append(harness.shown("#said"))
            harness.app.exit()

        # run_async, not run_test: run_test focuses in another order, which hid the fault.
        await harness.app.run_async(headless=True, size=WIDE, auto_pilot=look)
        assert len(said) == 2
        assert "Review text" not in said[0]
        assert said[1].startswith(OPENING)


class TestThemes:
    """High contrast by default; monochrome when asked for, or when NO_COLOR is set."""

    def test_high_contrast_is_the_default(self, snap_compare: SnapCompare) -> None:
        """Yellow title bar and focus border, white text on black."""
        harness = silent(SEED)
        run_before, seen = settled_after(harness, "h")
        assert snap_compare(harness.app, terminal_size=WIDE, run_before=run_before)
        assert seen.theme == HIGH_CONTRAST.name

    def test_monochrome(self, snap_compare: SnapCompare) -> None:
        """White on black only; the sentence lit still stands out in reverse video."""
        harness = silent(SEED)
        run_before, seen = settled_after(harness, "h", theme=MONOCHROME.name)
        assert snap_compare(harness.app, terminal_size=WIDE, run_before=run_before)
        assert seen.theme == MONOCHROME.name

    def test_no_color_chooses_monochrome(
        self,
        snap_compare: SnapCompare,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """NO_COLOR set before the app starts (https://no-color.org) gives monochrome."""
        monkeypatch.setenv("NO_COLOR", "1")
        harness = silent(SEED)
        run_before, seen = settled_after(harness, "h")
        assert snap_compare(harness.app, terminal_size=WIDE, run_before=run_before)
        assert seen.theme == MONOCHROME.name


class TestHelp:
    """The help screen lists every key over the reading room."""

    def test_help(self, snap_compare: SnapCompare) -> None:
        """? opens the list of keys, titled with how to close it."""
        harness = silent(SEED)
        run_before, seen = settled_after(harness, "question_mark")
        assert snap_compare(harness.app, terminal_size=WIDE, run_before=run_before)
        assert seen.screen == "HelpScreen"

    def test_help_on_a_small_terminal(self, snap_compare: SnapCompare) -> None:
        """At 40 columns the help lines wrap inside the dialog instead of being cut off."""
        harness = silent(SEED)
        run_before, seen = settled_after(harness, "question_mark")
        assert snap_compare(harness.app, terminal_size=SMALL, run_before=run_before)
        assert seen.screen == "HelpScreen"


class TestSpoilers:
    """Hidden spoilers are bracketed placeholders; x shows their words, underlined."""

    def test_hidden(self, snap_compare: SnapCompare) -> None:
        """Placeholders such as "[spoiler, 7 words]" stand where the spoilers are."""
        harness = silent(SPOILERS)
        run_before, seen = settled_after(harness, REVIEW_SECTION)
        assert snap_compare(harness.app, terminal_size=WIDE, run_before=run_before)
        assert "[spoiler, 7 words]" in seen.pane
        assert "spoilers hidden" in seen.status

    def test_hidden_on_a_small_terminal(self, snap_compare: SnapCompare) -> None:
        """Placeholders wrap with the text at 40 columns."""
        harness = silent(SPOILERS)
        run_before, seen = settled_after(harness, REVIEW_SECTION)
        assert snap_compare(harness.app, terminal_size=SMALL, run_before=run_before)
        assert "[spoiler, 7 words]" in seen.pane

    def test_shown(self, snap_compare: SnapCompare) -> None:
        """After x the spoilers' words are on screen, underlined, and the status says so."""
        harness = silent(SPOILERS)
        run_before, seen = settled_after(harness, REVIEW_SECTION, "x")
        assert snap_compare(harness.app, terminal_size=WIDE, run_before=run_before)
        assert "the lighthouse keeper is Ji-an's real father" in seen.pane
        assert "[spoiler" not in seen.pane
        assert "spoilers shown" in seen.status

    @pytest.mark.asyncio
    async def test_no_spoiler_words_on_screen_in_any_section(self) -> None:
        """With spoilers hidden, no section shows any spoiler's text, and each section
        with spoilers shows a placeholder."""
        harness = silent(SPOILERS)
        async with harness.app.run_test(size=WIDE) as pilot:
            await harness.settle(pilot)
            document = harness.session.document
            assert document is not None
            assert sum(len(section.spoilers) for section in document.sections) >= 10
            for number, section in enumerate(document.sections, start=1):
                await harness.press(pilot, str(number))
                shown = harness.pane_text()
                assert shown.startswith(section.heading), number
                secrets = [section.text[s.start : s.end].strip() for s in section.spoilers]
                for secret in secrets:
                    if len(secret) >= 4:
                        assert secret not in shown, (number, secret)
                if section.spoilers:
                    assert "[spoiler" in shown, number
