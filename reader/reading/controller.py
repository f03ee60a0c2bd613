"""The reading controller: the open reviews, the place in the one being read, the modes,
and an answer to every action — for the reading room, plain mode and the command line alike.

No screen and no speech here: each front end shows the answer's lines its own way, and
the speech follower (reader.session.follower) makes the voice do what `say` asks and
reports back what was heard, so the place is always where the listener is.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from reader.loaders import LoadResult
from reader.model import Document, Position
from reader.plan.cues import Cue, CueModes
from reader.plan.navigation import Unit, Where
from reader.plan.planner import Part, PlanSettings
from reader.reading import arrivals, cursor, finding, hands_free, listing, moves, skimming
from reader.reading.actions import Act, Command, unknown
from reader.reading.answers import Answer, Load, Say
from reader.reading.cursor import HEADINGS, Place
from reader.reading.library import Library
from reader.reading.modes import SPOILER_ACTS, Modes
from reader.reading.phrases import no_more_phrase, plural, rating_phrase
from reader.reading.queue_control import QueueControl
from reader.reading.shelf import Shelf
from reader.reading.skimming import Skim
from reader.reading.sleep import SleepTimer
from reader.storage.positions import save_positions
from reader.storage.settings import set_setting

NO_REVIEW = "No review open"
SHOWN_CUES = CueModes.words_only()


@dataclass(frozen=True)
class Hints:
    """What a front end tells a newcomer, in its own keys or words."""

    help: tuple[str, ...] = ()  # every command, a line each
    opening: str = ""  # how to start and get help, after a review is named
    nothing_open: str = ""  # how to open reviews, when none is open
    quit_again: str = ""  # asked when quit comes while a review plays (none: quit at once)
    skim: str = ""  # how to open the review heard while skimming


class Reading:
    """Where the listener is and what each action does; speech follows its answers."""

    def __init__(
        self,
        library: Library,
        hints: Hints,
        modes: Modes,
        *,
        saved: dict[str, Position] | None = None,
        queue: QueueControl | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.shelf = Shelf(library, saved)
        self.hints = hints
        self.modes = modes
        self.queue = queue or QueueControl()
        self.sleep = SleepTimer(clock)
        self.place = Place()
        self.playing = False  # the voice is reading the review (not just confirming)
        self.section_limit: int | None = None  # the section a `read` stops after
        self.skim: Skim | None = None  # the skim being heard, read in place of a review
        self.wanted = ""  # the words found last, which find alone looks for again
        self.hinted = False  # the opening hint has been given
        self._asked_to_quit = False  # a quit while playing asked "again to quit?"
        self._handlers: dict[Act, Callable[[Command], Answer]] = {
            Act.PLAY_PAUSE: lambda _: self._play_pause(),
            Act.STOP: lambda _: self._silence(),
            Act.NEXT_SECTION: lambda _: moves.section_step(self, 1),
            Act.PREVIOUS_SECTION: lambda _: moves.section_step(self, -1),
            Act.SECTION: lambda command: moves.go_to_section(self, command),
            Act.SECTIONS: lambda _: listing.sections(self),
            Act.FIND: lambda command: finding.find(self, command),
            Act.NEXT_SENTENCE: lambda _: moves.step(self, Unit.SENTENCE, 1),
            Act.PREVIOUS_SENTENCE: lambda _: moves.step(self, Unit.SENTENCE, -1),
            Act.NEXT_PARAGRAPH: lambda _: moves.step(self, Unit.PARAGRAPH, 1),
            Act.PREVIOUS_PARAGRAPH: lambda _: moves.step(self, Unit.PARAGRAPH, -1),
            Act.READ_SECTION: lambda _: moves.read(self, whole_review=False),
            Act.READ_ALL: lambda _: moves.read(self, whole_review=True),
            Act.RATING: lambda _: (
                Answer((rating_phrase(self.review),)) if self.review else self.none()
            ),
            Act.WHERE: lambda _: moves.where(self),
            Act.NEXT_REVIEW: lambda _: self.review_step(1),
            Act.PREVIOUS_REVIEW: lambda _: self.review_step(-1),
            Act.REVIEWS: lambda command: listing.reviews(self, command),
            Act.REVIEW: lambda command: listing.go_to_review(self, command),
            Act.ADD: lambda _: self.queue.add(self.review),
            Act.PLAY_QUEUE: lambda _: self.play_queue(),
            Act.QUEUE: lambda _: self.queue.listing(),
            Act.SLEEP_TIMER: lambda _: Answer((self.sleep.step(),)),
            Act.HELP: lambda _: Answer(self.hints.help),
            Act.SKIM: lambda _: skimming.skim(self),
            Act.QUIT: lambda _: self._quit(),
        }

    @property
    def library(self) -> Library:
        """The open reviews."""
        return self.shelf.library

    @property
    def document(self) -> Document | None:
        """The review being read (or the skim, while skimming)."""
        return self.skim.document if self.skim is not None else self.shelf.document

    @property
    def unit(self) -> str:
        """What the document read is counted in: 'section', or 'review' in a skim, whose
        sections are reviews."""
        return "section" if self.skim is None else "review"

    @property
    def review(self) -> Document | None:
        """The review itself: the one open, or the one being heard in a skim."""
        return skimming.heard(self) or self.shelf.document

    @property
    def index(self) -> int:
        """Its index in the library (-1 before any is open)."""
        return self.shelf.index

    @property
    def saved(self) -> dict[str, Position]:
        """Every review's place, from disk and as left here."""
        return self.shelf.saved

    @property
    def settings(self) -> PlanSettings:
        """What decides the words: the spoiler mode and verbosity. No lexicon: places are
        in the review's own characters, and plain mode shows the words as written; cues
        in words, since a screen cannot show a sound."""
        modes = self.modes
        return PlanSettings(modes.skip_spoilers, verbosity=modes.verbosity, cues=SHOWN_CUES)

    def act(self, command: Command) -> Answer:
        """Do what the command asks and say what happened."""
        if command.act is not Act.QUIT:
            self._asked_to_quit = False  # another key: the next quit asks again
        handler = self._handlers.get(command.act)
        if handler is not None:
            return handler(command)
        if command.act in Modes.acts:
            answer = self.modes.act(command.act)
            if command.act in SPOILER_ACTS and self.document is not None:
                self.place = cursor.spoken_start(self.document, self.place, self.settings)
            return answer
        if command.act is Act.REVEAL:
            return moves.reveal(self)
        return unknown(command)

    # Reviews

    def open(self, index: int, play: bool = False, preface: str = "") -> Answer:
        """Open review `index` where it was left (or the next readable one); with `play`,
        read it hands-free, announced as the next review."""
        return self._first_readable(index, 1, (), play, preface)

    def go_to_review(self, index: int) -> Answer:
        """Review `index`, chosen from the list."""
        if index == self.index and self.skim is None:
            return Answer((f"Already reading review {index + 1}",))
        return self.open(index)

    def review_step(self, step: int) -> Answer:
        """The next (1) or previous (-1) readable review; broken ones are skipped, said."""
        return self._first_readable(self.index + step, step, (no_more_phrase("review", step > 0),))

    def _first_readable(
        self,
        index: int,
        step: int,
        otherwise: tuple[str, ...],
        play: bool = False,
        preface: str = "",
    ) -> Answer:
        """Arrive at the first readable review from `index` on (or back), broken ones skipped
        and said; with none, `otherwise` is said, or else what was skipped."""
        problems: list[str] = []
        for found, parsed in self.shelf.readable(index, step):
            if isinstance(parsed, str):
                problems.append(parsed)
            else:
                skipped = _skipped(len(problems))
                problems_ = tuple(problems)
                return arrivals.arrive(
                    self, found, parsed, play=play, preface=preface + skipped, problems=problems_
                )
        said = otherwise or ((_skipped(len(problems)).strip(),) if problems else ())
        return Answer(said, problems=tuple(problems))

    def loaded(self, result: LoadResult, load: Load, preface: str = "") -> Answer:
        """Take what was loaded: problems said, and the first new review opened if asked
        (see reader.reading.arrivals)."""
        return arrivals.loaded(self, result, load, preface)

    def places(self) -> dict[str, Position]:
        """The place in every review opened here, to be saved."""
        skimming.leave(self)
        self.shelf.leave(self.place)
        return self.shelf.places()

    def save(self) -> None:
        """Save every review's place and any mode changed here; raises OSError."""
        save_positions(self.places())
        for key, value in self.modes.changed().items():
            set_setting(key, value)

    def where(self) -> Where | None:
        """Where the place is, for a status line; None with no sections to be in."""
        if self.document is None or not self.document.sections:
            return None
        return cursor.where_at(self.document, self.place, self.settings)

    # Playing, and what the voice reports

    def _play_pause(self) -> Answer:
        if self.document is None:
            return self.none()
        if self.playing:
            self.playing = False
            return Answer(("Paused",), Say.PAUSE)
        self.playing = True
        self.section_limit = None
        return Answer((), Say.REVIEW, self.place)

    def _silence(self) -> Answer:
        self.playing = False
        return Answer(("Stopped",), Say.NOTHING)

    def heard(self, part: Part, position: Position, word: bool = False) -> Answer | None:
        """The voice reached `position` (a sentence starting, or a word); an answer when
        that calls for one (the sleep timer is up, a `read` reached its section's end)."""
        if not self.playing or part is Part.ANNOUNCEMENT:
            return None
        if self.section_limit is not None and position.section > self.section_limit:
            self.playing, self.section_limit = False, None
            return Answer(say=Say.NOTHING)  # the place stays at the section's last line
        if not word and self.sleep.expired:  # the sentence being read when time ran out ended
            self.sleep.stop_now()
            self.playing = False
            return Answer(("Sleep timer: stopping.",), Say.STOP, always=True, cues=(Cue.SLEEP,))
        self.place = Place(position, at_heading=part in HEADINGS and not word)
        return None

    def finished(self) -> Answer:
        """The voice read to the end of the review (see reader.reading.hands_free)."""
        return skimming.finished(self) if self.skim else hands_free.finished(self)

    def failed(self, message: str) -> Answer:
        """Speech stopped because the engine or the sound output failed."""
        self.playing = False
        return Answer(say=Say.NOTHING, problems=(f"Speech stopped: {message}",))

    def play_queue(self, index: int | None = None) -> Answer:
        """Read the queue hands-free from entry `index` (None: where play last stopped)."""
        return hands_free.play_queue(self, index)

    # Helpers

    def _quit(self) -> Answer:
        """Quit; a quit while a review plays asks once, since a stray key would end it."""
        if self.playing and self.hints.quit_again and not self._asked_to_quit:
            self._asked_to_quit = True
            return Answer((self.hints.quit_again,))
        return self.quit()

    def quit(self) -> Answer:
        """Quit now: the place is kept, and goodbye said."""
        saved = self.shelf.keeps_places
        self.playing = False
        goodbye = "Place saved. Goodbye." if saved else "Goodbye."
        return Answer((goodbye,), Say.STOP, always=True, done=True)

    def none(self) -> Answer:
        """The answer to an action that needs a review, with none open."""
        return Answer((f"{NO_REVIEW}. {self.hints.nothing_open}".strip(),))


def _skipped(count: int) -> str:
    """Said before the review opened instead, so a broken one is heard of, not only shown."""
    return f"{plural(count, 'review')} could not be read; skipped. " if count else ""
