"""Driving the reading room in tests: the real eSpeak engine into a recording sink."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from reader.plan.cues import Cue
from reader.reading.controller import Reading
from reader.session.events import SessionEvent, State, UtteranceStarted
from reader.session.session import Session
from reader.speech.engine import Engine
from reader.speech.espeak import EspeakEngine
from reader.speech.profiles import find_profile
from reader.speech.sinks import RecordingSink, Sink
from reader.storage.settings import Settings
from reader.tui.app import ReaderApp
from reader.tui.reading_pane import ReadingPane
from reader.tui.screen import ReadingScreen


class Harness:
    """An app over a recording sink, keeping every session event."""

    def __init__(
        self,
        paths: Sequence[str | Path],
        *,
        keymap: dict[str, tuple[str, ...]] | None = None,
        engine: Engine | None = None,
        notices: Sequence[str] = (),
        sink: Sink | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.sink = sink or RecordingSink()
        profile = find_profile("default")
        if settings is not None and settings.rate and profile is not None:
            profile = replace(profile, settings=replace(profile.settings, rate=settings.rate))
        self.session = Session(engine or EspeakEngine(), self.sink, profile, skip_spoilers=True)
        self.events: list[SessionEvent] = []
        self.session.subscribe(self.events.append)
        self.app = ReaderApp(
            self.session,
            [str(path) for path in paths],
            keymap=keymap,
            notices=notices,
            settings=settings,
        )

    def spoken(self) -> list[str]:
        """Every utterance heard so far, in order (a cue's sound alone is no utterance)."""
        started = [e.utterance for e in list(self.events) if isinstance(e, UtteranceStarted)]
        return [utterance.text for utterance in started if utterance.text]

    def cues(self) -> list[Cue]:
        """Every cue's sound heard so far, in order."""
        started = [e.utterance for e in list(self.events) if isinstance(e, UtteranceStarted)]
        return [utterance.cue for utterance in started if utterance.cue is not None]

    def state(self) -> State:
        """Whether the session is playing (a call, so each check reads it afresh)."""
        return self.session.state

    def forget(self) -> None:
        """Start listening afresh."""
        self.events.clear()

    async def settle(self, pilot: Pilot[None]) -> None:
        """Wait until loading is done, speech has ended and the screen has caught up; a
        test that never settles fails here rather than going on with half a result."""
        quiet = 0  # idle three times running: a finished review may start the next
        for _ in range(4000):
            await pilot.pause(0.005)
            busy = any(worker.is_running for worker in self.app.workers)
            quiet = quiet + 1 if not busy and self.session.wait(0) else 0
            if quiet == 3:
                await pilot.pause()
                await pilot.pause()
                return
        raise AssertionError("the reading room did not settle in 20 s")

    async def until_said(self, pilot: Pilot[None], heard: Callable[[str], bool]) -> None:
        """Wait until something `heard` accepts has been spoken, then settle: for speech
        that follows a screen's mounting, which a loaded machine may not have reached when
        the app first looks idle."""
        for _ in range(4000):
            if any(map(heard, self.spoken())):
                await self.settle(pilot)
                return
            await pilot.pause(0.005)
        raise AssertionError("not said in 20 s")

    @property
    def screen(self) -> ReadingScreen:
        """The reading screen."""
        return self.app.reading_screen

    @property
    def reading(self) -> Reading:
        """The reading controller behind the screen."""
        return self.app.reading_screen.reading

    async def press(self, pilot: Pilot[None], *keys: str) -> None:
        """Press keys one at a time, letting speech finish after each."""
        for key in keys:
            await pilot.press(key)
            await self.settle(pilot)

    def shown(self, selector: str) -> str:
        """The plain text a Static shows."""
        return str(self.app.query_one(selector, Static).content)

    def pane_text(self) -> str:
        """Everything the reading pane shows: heading and visible paragraphs."""
        return self.app.query_one("#pane", ReadingPane).text_shown()
