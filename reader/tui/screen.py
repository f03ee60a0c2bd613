"""The reading screen: keys to the reading controller, its answers to the widgets and the
voice, and what the voice heard back to the controller.

The session speaks on its own thread; its events reach the screen as messages
(`post_message` never blocks, which matters because the session holds its lock while it
waits for a cancelled run to end). Files load in a worker thread, so a large export never
freezes the keys.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import PurePath
from typing import BinaryIO, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from reader.loaders import LoadResult, Severity
from reader.reading.actions import Act, Command
from reader.reading.answers import Answer, Load, Say
from reader.reading.controller import Reading
from reader.reading.library import Library
from reader.reading.modes import Modes
from reader.session.events import SessionEvent, WordHeard
from reader.session.follower import Follower
from reader.session.session import Session
from reader.storage.positions import load_positions
from reader.storage.settings import Settings
from reader.tui import panes
from reader.tui.bindings import QUEUE_HELP, binding, said_line, screen_hints
from reader.tui.keys import ACTIONS, help_text
from reader.tui.lists import ReviewList, SectionOutline
from reader.tui.messages import SessionUpdate, Spoken
from reader.tui.queue_panel import QueuePanel
from reader.tui.reading_pane import ReadingPane
from reader.tui.screens import AddScreen, FindScreen, HelpScreen
from reader.tui.status import SaidLine, StatusLine
from reader.tui.view import show_heard, show_reading, show_status
from reader.web.addresses import still_there
from reader.web.sources import load_sources

LOG = logging.getLogger("reader")
NARROW = 70  # columns below which the side lists give their room to the text
LOADING_HEARD = 30  # tenths of a second a load's answer waits for "Loading …" to be said
GOODBYE = 2.0  # seconds the last words may take before the app ends


class ReadingScreen(Screen[None]):
    """The reviews, the text being read, the queue, and a line saying what was said."""

    AUTO_FOCUS = "#pane"  # the text has the keys from the start, not the first list
    # Help comes first, so even a 40-column footer shows how to find every other key.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "cycle(1)", "Next pane", show=False),
        Binding("shift+tab", "cycle(-1)", "Previous pane", show=False),
        *(
            binding(action)
            for action in sorted(ACTIONS, key=lambda action: action.act is not Act.HELP)
        ),
    ]

    def __init__(
        self,
        session: Session,
        paths: Sequence[str],
        *,
        keys: dict[str, tuple[str, ...]],
        voice_name: str,
        notices: Sequence[str],
        details: Sequence[str],
        stdin: BinaryIO | None,
        settings: Settings,
    ) -> None:
        super().__init__()
        self.session = session
        self.paths = list(paths)
        self.keys = keys
        self.voice_name = voice_name
        self.notices = list(notices)  # said before the first review is named, and shown
        self.details = list(details)  # shown and logged only (a key file's line by line)
        self.lost = False  # a path could not be opened: the exit status says so
        self.stdin = stdin
        modes = Modes(
            skip_spoilers=settings.skip_spoilers,
            announcements=settings.announcements,
            pace=lambda: session.rate,
            verbosity=settings.spoken_verbosity,
            cues=settings.cues,
        )
        self.reading = Reading(Library(), screen_hints(keys, settings.confirm_quit), modes)
        self.follower = Follower(session, self.reading)
        self.said = ""

    # Building the screen

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        with Horizontal(id="body"):
            with Vertical(id="sidebar"):
                yield ReviewList(id="reviews")
                yield SectionOutline(id="outline")
                yield QueuePanel(id="queue")
            yield ReadingPane(id="pane")
        yield StatusLine(id="status")
        yield SaidLine(id="said")
        yield Footer()

    def on_mount(self) -> None:
        """Listen to the session, and start loading."""
        self.query_one("#reviews", ReviewList).border_title = "Reviews"
        self.query_one("#outline", SectionOutline).border_title = "Sections"
        queue = self.query_one("#queue", QueuePanel)
        queue.border_title = "Queue"
        queue.control = self.reading.queue
        self.query_one("#pane", ReadingPane).open_hint = self.reading.hints.nothing_open
        self.set_interval(1.0, self._tick)
        self.session.subscribe(self._heard)
        positions = load_positions()
        self.reading.saved.update(positions.value)
        for warning in (positions.warning, self.reading.queue.warning):
            if warning:
                self.notices.append(warning)
        for notice in (*self.notices, *self.details):
            self.problem(notice)
        self._show_queue()
        self.refresh_view()
        # With no files named, the listening queue's files are the ones to read.
        queued = [e.path for e in self.reading.queue.entries if still_there(e.path)]
        self._load(Load(tuple(self.paths or queued)))

    def on_unmount(self) -> None:
        """Stop speaking, let the engine and player go, and save places and settings."""
        self.session.unsubscribe(self._heard)
        self.session.close()
        try:
            self.reading.save()
        except OSError as error:
            LOG.error("could not save positions or settings: %s", error)

    def on_resize(self, event: Resize) -> None:
        """Give the whole width to the text on narrow terminals; the focused pane stays."""
        self.set_class(event.size.width < NARROW, "narrow")
        panes.follow_focus(self)

    # Answers: shown, and said

    def show(self, answer: Answer) -> None:
        """Show an answer, let the voice do what it asks, and follow the reading."""
        for problem in answer.problems:
            self.problem(problem)
        for note in answer.notes:
            self.problem(note, Severity.NOTE)
        if answer.notes and answer.say is Say.LINES:  # a notice is heard, not only shown
            answer = replace(answer, lines=(*answer.lines, *answer.notes))
        if answer.shown:
            self.said = said_line(answer.shown)
            self.query_one("#said", SaidLine).show(self.said)
        self.follower.follow(answer)
        if answer.load is not None:
            self._load(answer.load)
        self.refresh_view()
        if answer.done:  # once the goodbye is on screen: then it is heard, then the end
            self.call_after_refresh(self._goodbye)

    def say(self, *texts: str) -> None:
        """Confirm something the controller does not know of (a theme, focus moving)."""
        self.show(Answer(texts))

    def problem(self, message: str, severity: Severity = Severity.ERROR) -> None:
        """An error for the user: a notification, and the log."""
        level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "information"}
        LOG.log(logging.INFO if severity is Severity.NOTE else logging.ERROR, "%s", message)
        self.notify(message, severity=level[severity], markup=False, timeout=8)  # type: ignore[arg-type]

    def refresh_view(self) -> None:
        """Every widget as the controller now stands."""
        show_reading(self, self.reading)
        show_status(self, self.reading, self.session.state, self.voice_name)

    # Keys

    def action_act(self, name: str, number: int | None = None) -> None:
        """Any action of the table, by its name."""
        act = Act(name)
        if act is Act.OPEN:
            self.app.push_screen(AddScreen(), self._added)
            self.say(AddScreen.PROMPT)
            return
        if act is Act.FIND:
            self.app.push_screen(FindScreen(), self._find)
            self.say(FindScreen.PROMPT)
            return
        if act is Act.HELP:
            shown = HelpScreen([*help_text(self.keys, spoken=False), *QUEUE_HELP])
            self.app.push_screen(shown, self._help_closed)
        self.show(self.reading.act(Command(act, number)))
        if act in (Act.ADD, Act.PLAY_QUEUE):
            self._show_queue()

    def _added(self, path: str | None) -> None:
        if path is None:  # escape: it stops speech here too, as everywhere
            self.escaped("Nothing added")
            return
        # Said, then the working cue ticks until the reviews are in.
        self.show(Answer((f"Loading {PurePath(path).name or path}",), load=Load((path,))))

    def _find(self, words: str | None) -> None:
        if words is None:
            self.escaped("Find cancelled")
            return
        self.show(self.reading.act(Command(Act.FIND, text=words)))

    def _help_closed(self, escaped: bool | None) -> None:
        if escaped:
            self.escaped("Help closed")
        else:
            self.say("Help closed")

    def escaped(self, said: str) -> None:
        """Escape in a dialog: reading stops, as escape stops it everywhere, and it is said."""
        self.show(self.reading.act(Command(Act.STOP)))
        self.say(said)

    def action_cycle(self, step: int) -> None:
        """Tab and shift+Tab: the next pane, at every width."""
        panes.cycle(self, step)

    def _goodbye(self) -> None:
        self.session.wait(GOODBYE)  # "Place saved. Goodbye." is heard before the end
        self.app.exit()

    def quit_now(self) -> None:
        """Quit on purpose (ctrl+q): no question asked."""
        self.show(self.reading.quit())

    # Speech, on the screen's thread

    def _heard(self, event: SessionEvent) -> None:
        """On the playback thread: hand the event to the screen's own thread."""
        self.post_message(SessionUpdate(event, self.session.document))

    def on_session_update(self, message: SessionUpdate) -> None:
        """What the voice heard moves the place; the view follows."""
        if message.document is not self.reading.document:
            return  # from a review no longer open
        answer = self.follower.heard(message.event)
        if answer is not None:
            self.show(answer)
            self._show_queue()
        elif not isinstance(message.event, WordHeard):
            self.refresh_view()
        show_heard(self, self.reading, message.event)

    def _tick(self) -> None:
        self.reading.sleep.tick(self.reading.playing)
        self.refresh_view()

    # Loading, in worker threads

    @work(thread=True, group="load")
    def _load(self, load: Load) -> None:
        """Read files off the screen's thread."""
        loaded = load_sources(list(load.paths), self.stdin)
        self.app.call_from_thread(self._loaded, loaded, load)

    def _loaded(self, loaded: LoadResult, load: Load, waited: int = 0) -> None:
        if waited < LOADING_HEARD and not self.reading.playing and self.session.speaking:
            # "Loading …" is still being said: the answer waits for it, not cut it off.
            self.set_timer(0.1, lambda: self._loaded(loaded, load, waited + 1))
            return
        before = len(self.reading.library)
        self.lost = self.lost or any(p.severity is Severity.ERROR for p in loaded.problems)
        # Problems met before the screen was up (a bad key file) are said first.
        preface = "".join(f"{notice}. " for notice in self.notices)
        self.notices = []
        self.show(self.reading.loaded(loaded, load, preface=preface))
        # Listing 10,000 reviews takes a moment: the review is opened and painted first.
        reviews = self.query_one("#reviews", ReviewList)
        self.call_after_refresh(reviews.list_all, self.reading.library, self.reading.index, before)

    # The lists

    def on_spoken(self, message: Spoken) -> None:
        """Say where focus went, so Tab is never a silent jump, and the option moved to."""
        message.stop()  # said here, not again by the app
        self.say(message.text)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a section goes there; on a review, opens it; on a queue entry, plays
        the queue from there."""
        index = event.option_index
        if isinstance(event.option_list, SectionOutline):
            self.action_act(Act.SECTION.value, index + 1)
        elif isinstance(event.option_list, ReviewList):
            self.show(self.reading.go_to_review(index))
        elif isinstance(event.option_list, QueuePanel):
            self.show(self.reading.play_queue(index))
            self._show_queue()

    def _show_queue(self, highlight: int | None = None) -> None:
        self.query_one("#queue", QueuePanel).show(self.reading.queue.queue, highlight)

    def on_queue_panel_answered(self, message: QueuePanel.Answered) -> None:
        """The queue panel changed the queue: show and say what changed."""
        self.show(message.answer)
