"""The reading room: keys to session calls, session events to the screen, and speech for
every action, so nobody needs to see the screen.

The session speaks on its own thread; its events reach the app as messages
(`post_message` never blocks, which matters because the session holds its lock while
it waits for a cancelled run to end).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import partial
from typing import Any, BinaryIO, ClassVar

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import DescendantFocus, Resize
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from reader.loaders import Problem, Severity
from reader.model import Document, Position, Review
from reader.plan.navigation import Unit, sentence_span, where
from reader.plan.planner import Part
from reader.reading.library import Library, parse_or_problem
from reader.reading.phrases import (
    next_review_phrase,
    no_more_phrase,
    no_section_phrase,
    plural,
    rate_phrase,
    rating_phrase,
    review_phrase,
    section_phrase,
    spoilers_phrase,
    where_phrase,
)
from reader.session.events import (
    Finished,
    Moved,
    SessionEvent,
    SpeechFailed,
    State,
    StateChanged,
    UtteranceStarted,
)
from reader.session.session import Session
from reader.storage.positions import load_positions, review_key, save_positions
from reader.storage.queue import (
    Queue,
)
from reader.storage.settings import Settings, save_settings
from reader.text.sentences import Span
from reader.tui.keys import ACTIONS, help_lines, shown_key
from reader.tui.lists import FollowingList, ReviewList, SectionOutline
from reader.tui.messages import ReviewsLoaded, ReviewsParsed, SessionUpdate
from reader.tui.queue_actions import QueueActions
from reader.tui.queue_panel import QueuePanel
from reader.tui.reading_pane import ReadingPane
from reader.tui.screens import AddScreen, HelpScreen
from reader.tui.sleep_timer import SleepTimer
from reader.tui.status import SaidLine, Status, StatusLine
from reader.tui.themes import HIGH_CONTRAST, MONOCHROME, THEMES, starting_theme
from reader.web.addresses import still_there
from reader.web.sources import load_sources

LOG = logging.getLogger("reader")
RATE_STEP = 25
PARSE_AHEAD = 200  # untitled reviews whose own titles are found in the background
NARROW = 70  # columns below which the side lists give their room to the text
EXTRA_HELP = (
    ("tab", "Move between the text, the reviews, the sections and the queue"),
    ("ctrl+p", "Every command by name, and the themes"),
)


def _binding(name: str, keys: tuple[str, ...], description: str, footer: str) -> Binding:
    action = f"section({name.removeprefix('section_')})" if name.startswith("section_") else name
    return Binding(",".join(keys), action, footer or description, show=bool(footer), id=name)


class ReaderApp(QueueActions, App[None]):
    """Reviews on screen and in the ear, driven by keys alone."""

    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    AUTO_FOCUS = "#pane"  # the text has the keys from the start, not the first list
    # Help comes first, so even a 40-column footer shows how to find every other key.
    BINDINGS: ClassVar[list[BindingType]] = [
        _binding(action.name, action.keys, action.description, action.footer)
        for action in sorted(ACTIONS, key=lambda action: action.name != "help")
    ]

    def __init__(
        self,
        session: Session,
        paths: Sequence[str],
        *,
        keymap: dict[str, tuple[str, ...]] | None = None,
        voice_name: str = "default",
        notices: Sequence[str] = (),
        stdin: BinaryIO | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.session = session
        self.paths = list(paths)
        self.keys = keymap or {action.name: action.keys for action in ACTIONS}
        self.voice_name = voice_name
        self.notices = list(notices)
        self.stdin = stdin
        self.library = Library()
        self.current = -1
        self.loading = 0  # loads under way, so tests and the user know when files are in
        self.announcements = self.settings.announcements
        self.saved_positions: dict[str, Position] = {}
        self._unsaved: dict[str, Position] = {}  # positions to save when the app ends
        self._settings_changed = False
        self.said = ""
        # At a section's start the listener has heard its heading, not its first sentence,
        # though both are at offset 0: the next sentence then is that first one.
        self._at_heading = False
        self.queue = Queue()
        self.queue_at: int | None = None  # the queue entry being played hands-free
        self.sleep = SleepTimer()
        self._focus_seen = False  # the first focus is the app's own doing, not the user's
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = starting_theme()

    # Building the screen

    def compose(self) -> ComposeResult:
        yield Static(Text("reader"), id="title")
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
        """Listen to the session, apply the key file, and start loading."""
        self.set_keymap({name: ",".join(keys) for name, keys in self.keys.items() if keys})
        self.query_one("#reviews", ReviewList).border_title = "Reviews"
        self.query_one("#outline", SectionOutline).border_title = "Sections"
        self.queue_panel = self.query_one("#queue", QueuePanel)
        self.queue_panel.border_title = "Queue"
        self._show_queue()
        self.set_interval(1.0, self._tick)
        self.session.subscribe(self._heard)
        positions = load_positions()
        self.saved_positions = positions.value
        if positions.warning:
            self.notices.append(positions.warning)
        self._refresh_status()
        for notice in self.notices:
            self._problem(notice)
        # With no files named, the listening queue's files are the ones to read.
        paths = self.paths or [e.path for e in self.queue.entries if still_there(e.path)]
        self._load(paths, open_first=True)

    def on_unmount(self) -> None:
        """Stop speaking, let the engine and player go, and save places and settings."""
        if self._heard in self.session.listeners:
            self.session.unsubscribe(self._heard)
        self._leave()
        self.session.close()
        try:
            save_positions(self._unsaved)
            if self._settings_changed:
                save_settings(self.settings)
        except OSError as error:
            LOG.error("could not save positions or settings: %s", error)

    def _leave(self) -> None:
        """Remember where the open review was left."""
        document = self.document
        if self.current < 0 or document is None:
            return
        self.library.positions[self.current] = self.session.position
        key = review_key(document.source)
        if key is not None:
            self._unsaved[key] = self.session.position

    def _change_settings(self, **changes: Any) -> None:
        self.settings = replace(self.settings, **changes)
        self._settings_changed = True

    def on_resize(self, event: Resize) -> None:
        """Give the whole width to the text on narrow terminals."""
        self.screen.set_class(event.size.width < NARROW, "narrow")

    def _heard(self, event: SessionEvent) -> None:
        """On the speaker's thread: hand the event to the app's own thread."""
        self.post_message(SessionUpdate(event, self.session.document))

    # Loading

    def _load(self, paths: list[str], open_first: bool, play: bool = False) -> None:
        self.loading += 1
        self._load_in_thread(paths, open_first, play)

    @work(thread=True)
    def _load_in_thread(self, paths: list[str], open_first: bool, play: bool) -> None:
        """Read files off the app's thread, so a large export never freezes the keys."""
        self.post_message(ReviewsLoaded(load_sources(paths, self.stdin), open_first, play))

    def on_reviews_loaded(self, message: ReviewsLoaded) -> None:
        """List what was loaded, report what was not, and open the first new review."""
        self.loading -= 1
        added = self.library.add(message.loaded)
        # Listing 10,000 reviews takes a moment: the review is opened and painted first.
        self.call_after_refresh(self._list_reviews)
        untitled = self.library.untitled(added)[:PARSE_AHEAD]
        if untitled:
            self.loading += 1
            self._parse_ahead(untitled)
        errors = [p for p in message.loaded.problems if p.severity is not Severity.NOTE]
        for problem in message.loaded.problems:
            self._problem(str(problem), problem.severity)
        lost = [p for p in errors if p.severity is Severity.ERROR]
        opening = f"{plural(len(lost), 'file')} could not be opened. " if lost else ""
        if message.opened:
            # Problems met before the screen was up (a bad key file) are said first.
            opening = "".join(f"{notice}. " for notice in self.notices) + opening
            if added:
                self._open(added.start, opening, play=message.play)
            else:
                self.say(f"{opening}No reviews open. Press o to open reviews.")
        elif added:
            self.say(f"{opening}Added {plural(len(added), 'review')}; {len(self.library)} open")
        else:
            self.say(opening.strip() or "No reviews found there")

    @work(thread=True)
    def _parse_ahead(self, reviews: list[tuple[int, Review]]) -> None:
        """Parse untitled reviews (Markdown, web pages) so the list can name them."""
        self.post_message(ReviewsParsed([(i, parse_or_problem(r)) for i, r in reviews]))

    def on_reviews_parsed(self, message: ReviewsParsed) -> None:
        """Name the reviews parsed ahead by their own titles."""
        self.loading -= 1
        reviews = self.query_one("#reviews", ReviewList)
        for index, parsed in message.parsed:
            self.library.keep(index, parsed)
            reviews.retitle(self.library, index)

    def _list_reviews(self) -> None:
        reviews = self.query_one("#reviews", ReviewList)
        reviews.show(self.library)
        if self.current >= 0:
            reviews.follow(self.current)

    # Speaking and showing

    def say(self, *texts: str) -> None:
        """Confirm an action: shown on the said line, and spoken unless turned off."""
        self.said = " ".join(texts)
        self.query_one("#said", SaidLine).show(self.said)
        if self.announcements:
            self.session.announce(*texts)

    def _problem(self, message: str, severity: Severity = Severity.ERROR) -> None:
        """An error for the user: a notification, the log, and the said line."""
        level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "information"}
        LOG.log(logging.INFO if severity is Severity.NOTE else logging.ERROR, "%s", message)
        self.notify(message, severity=level[severity], markup=False, timeout=8)  # type: ignore[arg-type]

    @property
    def document(self) -> Document | None:
        """The review being read."""
        return self.session.document

    def _open(self, index: int, prefix: str = "", play: bool = False) -> bool:
        """Open review `index` where it was left; False (and said why) if it cannot be read."""
        parsed = self.library.document(index)
        if isinstance(parsed, Problem):
            self._problem(str(parsed))
            self.say(f"Review {index + 1} could not be read: {parsed.message}")
            return False
        self._leave()
        playing = self.session.state is State.PLAYING
        self.current = index
        key = review_key(parsed.source)
        saved = self.saved_positions.get(key, Position()) if key else Position()
        position = self.library.positions.get(index, saved)
        self.session.open(parsed, position)
        self._at_heading = position.offset == 0
        reviews = self.query_one("#reviews", ReviewList)
        reviews.retitle(self.library, index)
        reviews.follow(index)
        self._show_document(position)
        if play:  # the queue, hands-free: announced as the next review, then read
            phrase = next_review_phrase(parsed)
            self.query_one("#said", SaidLine).show(phrase)
            self.session.play(preface=(phrase,))
            return True
        if playing:
            self.session.play()
        hint = "" if playing else ". Space plays, question mark for help"
        self.say(f"{prefix}{review_phrase(parsed, index + 1, len(self.library))}{hint}")
        return True

    def _show_document(self, position: Position) -> None:
        document = self.document
        title = "reader" if document is None else (document.title or "Untitled review")
        count = f" · review {self.current + 1} of {len(self.library)}" if document else ""
        self.query_one("#title", Static).update(Text(f"{title}{count}"))
        self.query_one("#outline", SectionOutline).show(document, self.session.skip_spoilers)
        self._show_position(position)

    def _show_position(self, position: Position) -> None:
        """Show the section `position` is in, its sentence lit."""
        document = self.document
        pane = self.query_one("#pane", ReadingPane)
        if document is None or not document.sections:
            pane.show(None, -1, True)
            return
        section = min(position.section, len(document.sections) - 1)
        self._show_section(section)
        # A section's start is its heading, though its first sentence starts there too.
        lit = sentence_span(document, position, self.session.plan_settings)
        at_heading = lit is None or position.offset == 0
        pane.light(None if at_heading or lit is None else Span(*lit), heading=at_heading)
        self._refresh_status()

    def _show_section(self, section: int) -> None:
        pane = self.query_one("#pane", ReadingPane)
        if pane.document is not self.document or pane.section != section:
            pane.show(self.document, section, self.session.skip_spoilers)
        self.query_one("#outline", SectionOutline).follow(section)

    def _refresh_status(self) -> None:
        document = self.document
        place = (
            where(document, self.session.position, self.session.plan_settings)
            if document is not None and document.sections
            else None
        )
        status = Status(
            self.session.state,
            self.session.rate,
            self.voice_name,
            self.session.skip_spoilers,
            place,
            self.announcements,
            self.sleep.left(),
        )
        self.query_one("#status", StatusLine).show(status)

    # Session events, on the app's thread

    def on_session_update(self, message: SessionUpdate) -> None:
        """Follow the reading on screen."""
        event = message.event
        if message.document is not self.document:
            return  # from a review no longer open
        if isinstance(event, UtteranceStarted):
            self._follow(event)
        elif isinstance(event, Moved):
            self._show_position(event.position)
        elif isinstance(event, StateChanged):
            self._refresh_status()
        elif isinstance(event, Finished):
            self._finished()
        elif isinstance(event, SpeechFailed):
            self._problem(f"Speech stopped: {event.message}")

    def _follow(self, event: UtteranceStarted) -> None:
        said = event.utterance
        if said.part in (Part.ANNOUNCEMENT, Part.TITLE):
            return
        if self.sleep.due:  # the sentence being read when time ran out has ended
            self._sleep_now("Sleep timer: stopping.")
            return
        self._show_section(said.section)
        pane = self.query_one("#pane", ReadingPane)
        if said.part is Part.HEADING:
            pane.light(None, heading=True)
        else:
            pane.light(Span(said.start.offset, said.end.offset))
        self._refresh_status()

    # Focus and the side lists

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        """Say where focus went, so Tab is never a silent jump."""
        if not self._focus_seen:
            self._focus_seen = True
            return
        widget = event.widget
        if isinstance(widget, FollowingList):
            if widget.highlighted is None and widget.option_count:
                widget.follow(0)  # a list is never entered with nothing under the cursor
            index = widget.highlighted
            detail = widget.spoken_option(index) if index is not None else "empty"
            self.say(f"{widget.name_spoken} list, {detail}")
        elif isinstance(widget, ReadingPane):
            self.say("Review text")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Speak an option the user moved to (not one reading moved to)."""
        listed = event.option_list
        if not isinstance(listed, FollowingList):
            return
        if listed.has_focus and event.option_index != listed.followed:
            self.say(listed.spoken_option(event.option_index))
        listed.followed = None  # consumed: the next move is the user's

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a section goes there; on a review, opens it."""
        if isinstance(event.option_list, SectionOutline):
            self.action_section(event.option_index + 1)
        elif isinstance(event.option_list, ReviewList):
            self._go_to_review(event.option_index)
        elif isinstance(event.option_list, QueuePanel):
            self._play_entry(event.option_index)

    # Actions (one per key; see reader.tui.keys)

    def action_play_pause(self) -> None:
        """Play, or pause if playing."""
        if self.document is None:
            self.say("No review open. Press o to open reviews.")
            return
        was_playing = self.session.state is State.PLAYING
        self.session.toggle()
        if was_playing:
            self.say("Paused")

    def action_stop(self) -> None:
        """Silence at once: no confirmation, since silence is what was asked for."""
        self.session.stop()
        self.said = "Stopped"
        self.query_one("#said", SaidLine).show(self.said)

    def action_next_section(self) -> None:
        """Next section heading."""
        self._section_move(1)

    def action_previous_section(self) -> None:
        """Previous section heading (this section's own first, from inside it)."""
        self._section_move(-1)

    def _section_move(self, step: int) -> None:
        target = self.session.move(Unit.SECTION, step)
        self._say_section(target, no_more_phrase("section", step > 0))

    def action_section(self, number: int) -> None:
        """Go to section `number`."""
        document = self.document
        target = self.session.go_to_section(number)
        self._say_section(target, no_section_phrase(number, document) if document else "")

    def _say_section(self, target: Position | None, otherwise: str) -> None:
        document = self.document
        if document is None:
            self.say("No review open")
        elif target is None:
            self.say(otherwise)
        else:
            self._at_heading = True
            self.say(section_phrase(document, target.section, self.session.skip_spoilers))

    def action_next_sentence(self) -> None:
        """Next sentence."""
        self._step(Unit.SENTENCE, 1)

    def action_previous_sentence(self) -> None:
        """Previous sentence."""
        self._step(Unit.SENTENCE, -1)

    def action_next_paragraph(self) -> None:
        """Next paragraph."""
        self._step(Unit.PARAGRAPH, 1)

    def action_previous_paragraph(self) -> None:
        """Previous paragraph."""
        self._step(Unit.PARAGRAPH, -1)

    def _step(self, unit: Unit, step: int) -> None:
        """Move; when not playing, the sentence reached is read, so the move is heard."""
        if self.document is None:
            self.say("No review open")
            return
        playing = self.session.state is State.PLAYING
        if self._at_heading and step > 0 and not playing:
            self._at_heading = False
            if self.announcements:
                self.session.read_sentence()  # the section's first sentence, not its second
            return
        self._at_heading = False
        if self.session.move(unit, step) is None:
            self.say(no_more_phrase(unit.value, step > 0))
        elif not playing and self.announcements:
            self.session.read_sentence()

    def action_faster(self) -> None:
        """Faster by one step."""
        self._pace(RATE_STEP)

    def action_slower(self) -> None:
        """Slower by one step."""
        self._pace(-RATE_STEP)

    def _pace(self, change: int) -> None:
        before = self.session.rate
        after = self.session.set_rate(before + change)
        self._change_settings(rate=after)
        self._refresh_status()
        self.say(rate_phrase(before, after))

    def action_spoilers(self) -> None:
        """Spoiler skipping on or off; on screen, hidden spoilers become visible and back."""
        skip = not self.session.skip_spoilers
        self.session.set_skip_spoilers(skip)
        self._change_settings(skip_spoilers=skip)
        pane = self.query_one("#pane", ReadingPane)
        pane.document = None  # shown again, with the new mode
        self._show_document(self.session.position)
        self.say(spoilers_phrase(skip))

    def action_rating(self) -> None:
        """Read the rating."""
        document = self.document
        self.say(rating_phrase(document) if document else "No review open")

    def action_where(self) -> None:
        """Where am I: review, section, sentence, percent."""
        document, place = self.document, self.session.where()
        self.say(where_phrase(document, place) if document and place else "No review open")

    def action_next_review(self) -> None:
        """Next review in the list."""
        self._review_step(1)

    def action_previous_review(self) -> None:
        """Previous review in the list."""
        self._review_step(-1)

    def _review_step(self, step: int) -> None:
        target = self.current + step
        if not 0 <= target < len(self.library):
            self.say(no_more_phrase("review", step > 0))
            return
        self._go_to_review(target)

    def _go_to_review(self, index: int) -> None:
        if index == self.current:
            self.say(f"Already reading review {index + 1}")
            return
        self._open(index)

    def action_open(self) -> None:
        """Ask for a file or folder and open its reviews."""
        self.push_screen(AddScreen(), self._added)
        self.say(AddScreen.PROMPT)

    def _added(self, path: str | None) -> None:
        if path is None:
            self.say("Nothing added")
            return
        self.say(f"Loading {path}")
        self._load([path], open_first=False)

    def action_announcements(self) -> None:
        """Spoken confirmations on or off (the change itself is always said)."""
        self.announcements = not self.announcements
        self._change_settings(announcements=self.announcements)
        self._refresh_status()
        said = "Spoken confirmations " + ("on" if self.announcements else "off")
        self.query_one("#said", SaidLine).show(said)
        self.session.announce(said)

    def action_help(self) -> None:
        """Show every key and read them out, one per line."""
        self.push_screen(HelpScreen(self._help(spoken=False)), lambda _: self.say("Help closed"))
        self.say(*(f"{line}." for line in self._help(spoken=True)))

    def _help(self, spoken: bool) -> list[str]:
        lines = help_lines(self.keys, spoken)
        extra = [(shown_key(key), text) for key, text in EXTRA_HELP]
        if spoken:
            extra = [(key.replace("+", " "), text) for key, text in EXTRA_HELP]
        return lines + [f"{key}: {text}" for key, text in extra]

    async def action_quit(self) -> None:
        """Quit; each review's place is kept for when it is opened again."""
        self._leave()
        self.session.stop()
        self.exit()

    # The command palette: every action by name, and the two themes

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every key's action, with its keys as help, then the themes."""
        for action in ACTIONS:
            keys = " or ".join(shown_key(key) for key in self.keys.get(action.name, ()))
            yield SystemCommand(
                action.description, f"Key: {keys}" if keys else "", self._runner(action.name)
            )
        for theme, label in (
            (HIGH_CONTRAST, "High-contrast theme"),
            (MONOCHROME, "Monochrome theme"),
        ):
            yield SystemCommand(
                label, "Change the colours", partial(self._use_theme, theme.name, label)
            )

    def _runner(self, name: str) -> Callable[[], object]:
        if name.startswith("section_"):
            return partial(self.action_section, int(name.removeprefix("section_")))
        method: Callable[[], object] = getattr(self, f"action_{name}")
        return method

    def _use_theme(self, name: str, label: str) -> None:
        self.theme = name
        self.say(label)
