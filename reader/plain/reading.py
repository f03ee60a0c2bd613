"""Plain mode's reading state, and its answer to each command: lines to print, and what
reader's own voice should do with them.

No printing and no speech here: `reader.plain.run` prints the lines and, with `--speak`,
has the session follow, so both modes move through a review the same way. Sentences are
the planner's utterances, so a line is exactly what would be spoken, with hidden spoilers
as their announcements ("Spoiler skipped, 7 words.").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cached_property
from itertools import takewhile
from pathlib import Path

from reader.model import Document, Position, Section, SpoilerSpan
from reader.plain.commands import Action, Command, help_lines
from reader.plan.navigation import Unit, move, section_start, sentence_span, where
from reader.plan.planner import Part, PlanSettings, Utterance, plan_utterances
from reader.reading.library import Library
from reader.reading.phrases import (
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
from reader.speech.engine import clamp_rate
from reader.storage.positions import review_key
from reader.text.cleaning import clean_line

RATE_STEP = 25
QUEUE_EMPTY = "The queue is empty; add reviews with 'reader queue add PATH'"
HINT = "Type help for the commands, quit to leave."
_HEADINGS = (Part.TITLE, Part.HEADING)
_SHOWN_TYPING = 40  # characters of an unknown command repeated back


class Say(StrEnum):
    """What reader's own voice does with an answer."""

    LINES = "lines"  # say the lines, as a confirmation
    SENTENCE = "sentence"  # read the sentence at the position
    SECTION = "section"  # read from `start` to the end of its section
    REVIEW = "review"  # read from `start` to the end of the review
    NOTHING = "nothing"  # silence


@dataclass(frozen=True)
class Place:
    """A position, and whether the listener is at its section's heading there."""

    position: Position
    at_heading: bool


@dataclass(frozen=True)
class Answer:
    """Lines to print, what to say, problems for stderr, and whether to leave."""

    lines: tuple[str, ...]
    say: Say = Say.LINES
    start: Place | None = None  # where reading starts, for SECTION and REVIEW
    problems: tuple[str, ...] = ()
    done: bool = False


class PlainReader:
    """The open review, the place in it, and the modes: answers every command."""

    def __init__(
        self,
        library: Library,
        index: int,
        document: Document,
        *,
        skip_spoilers: bool,
        pace: Callable[[], int],
        saved: dict[str, Position],
    ) -> None:
        self.library = library
        self.skip_spoilers = skip_spoilers
        self._pace = pace  # the starting pace, asked for only when it is first needed
        self._rate: int | None = None
        self._first_rate: int | None = None
        self.saved = dict(saved)  # every review's place: from disk, then as left here
        self._opened: set[str] = set()  # reviews whose places are to be saved
        self.index = index
        self.document = document
        self.position = Position()
        # At a section's start the listener has met its heading, not its first sentence,
        # though both start at offset 0; `next` then gives that first sentence.
        self.at_heading = True
        self._arrive(index, document)

    @property
    def settings(self) -> PlanSettings:
        """What decides the words: the spoiler mode. No lexicon, since the user's own
        screen reader pronounces, and a braille display shows the words as written."""
        return PlanSettings(self.skip_spoilers)

    @property
    def rate(self) -> int:
        """Pace in words per minute (what `--speak` speaks at)."""
        if self._rate is None:
            self._rate = self._first_rate = self._pace()
        return self._rate

    @property
    def rate_changed(self) -> bool:
        """Whether the pace is not what it was at the start."""
        return self._rate != self._first_rate

    @cached_property
    def _handlers(self) -> dict[Action, Callable[[Command], Answer]]:
        return {
            Action.NEXT: lambda _: self._sentence_step(1),
            Action.PREVIOUS: lambda _: self._sentence_step(-1),
            Action.NEXT_SECTION: lambda _: self._section_step(1),
            Action.PREVIOUS_SECTION: lambda _: self._section_step(-1),
            Action.GO: self._go_to_section,
            Action.READ_SECTION: lambda _: self._read(whole_review=False),
            Action.READ_ALL: lambda _: self._read(whole_review=True),
            Action.NEXT_REVIEW: lambda _: self._review_step(1),
            Action.PREVIOUS_REVIEW: lambda _: self._review_step(-1),
            Action.RATING: lambda _: Answer((rating_phrase(self.document),)),
            Action.WHERE: lambda _: self._where(),
            Action.FASTER: lambda _: self._pace_step(RATE_STEP),
            Action.SLOWER: lambda _: self._pace_step(-RATE_STEP),
            Action.SPOILERS_ON: lambda _: self._spoilers(True),
            Action.SPOILERS_OFF: lambda _: self._spoilers(False),
            Action.SPOILERS: lambda _: self._spoilers(not self.skip_spoilers),
            Action.REVEAL: lambda _: self._reveal(),
            Action.QUEUE: lambda _: _queue(),
            Action.STOP: lambda _: Answer(("Stopped",), Say.NOTHING),
            Action.HELP: lambda _: Answer(tuple(help_lines())),
            Action.QUIT: lambda _: self._quit(),
            Action.UNKNOWN: _unknown,
        }

    def answer(self, command: Command) -> Answer:
        """Do what the command asks and say what happened."""
        return self._handlers[command.action](command)

    def opening(self) -> Answer:
        """The first lines: the review, where it reopens, and how to get help."""
        answer = self._arrival()
        return replace(answer, lines=(*answer.lines, HINT))

    @property
    def place(self) -> Place:
        """Where the listener is."""
        return Place(self.position, self.at_heading)

    def moved_to(self, place: Place) -> None:
        """Speech was stopped there, mid-reading: the listener is there now."""
        self._go(place.position, place.at_heading)

    def places(self) -> dict[str, Position]:
        """The place in every review opened here, to be saved."""
        self._leave()
        return {key: self.saved[key] for key in self._opened}

    # Sentences and sections

    def _sentence_step(self, step: int) -> Answer:
        start = self.position
        if step > 0 and self.at_heading:
            found = next(self._sentences(start), None)
        else:
            target = move(self.document, start, Unit.SENTENCE, step, self.settings)
            found = None if target is None else next(self._sentences(target), None)
        if found is None:
            return Answer((no_more_phrase("sentence", step > 0),))
        lines = [self._line(found)]
        if found.section != start.section:
            lines.insert(0, self._heading(found.section))
        self._go(found.start, at_heading=False)
        return Answer(tuple(lines), Say.SENTENCE)

    def _section_step(self, step: int) -> Answer:
        if step < 0 and not self.at_heading and self.position.offset == 0:
            target: Position | None = Position(self.position.section)  # its own heading
        else:
            target = move(self.document, self.position, Unit.SECTION, step, self.settings)
        return self._to_section(target, no_more_phrase("section", step > 0))

    def _go_to_section(self, command: Command) -> Answer:
        if command.number is None:
            return Answer(("Type go and a section number, such as go 2",))
        return self._to_section(
            section_start(self.document, command.number),
            no_section_phrase(command.number, self.document),
        )

    def _to_section(self, target: Position | None, otherwise: str) -> Answer:
        if target is None:
            return Answer((otherwise,))
        self._go(target, at_heading=True)
        return Answer((self._heading(target.section),))

    def _read(self, whole_review: bool) -> Answer:
        """Everything said from the place on, a line each, as the voice would read it: from
        a section's start, its heading too. The place ends at the last line."""
        start = self.place
        planned: Iterator[Utterance] = plan_utterances(self.document, start.position, self.settings)
        if not whole_review:
            section = start.position.section
            planned = takewhile(lambda said: said.section == section, planned)
        said = list(planned)
        if not said:
            return Answer((no_more_phrase("sentence", True),))
        self._go(said[-1].start, at_heading=said[-1].part in _HEADINGS)
        say = Say.REVIEW if whole_review else Say.SECTION
        return Answer(tuple(self._line(utterance) for utterance in said), say, start)

    def _where(self) -> Answer:
        if not self.document.sections:
            return Answer((f"{self.document.title or 'Untitled review'}. No sections",))
        place = where(self.document, self.position, self.settings)
        if self.at_heading:
            place = replace(place, sentence=0)
        return Answer((where_phrase(self.document, place),))

    # Modes

    def _pace_step(self, change: int) -> Answer:
        before = self.rate
        self._rate = clamp_rate(before + change)
        return Answer((rate_phrase(before, self._rate),))

    def _spoilers(self, skip: bool) -> Answer:
        self.skip_spoilers = skip
        if not self.at_heading:
            # The place may now be inside a hidden spoiler: back to the start of the
            # sentence as now read, which is where its announcement is.
            span = sentence_span(self.document, self.position, self.settings)
            if span is not None:
                self.position = Position(self.position.section, span[0])
        return Answer((spoilers_phrase(skip),))

    def _reveal(self) -> Answer:
        """The spoilers in the sentence here, or else in the whole section."""
        if not self.document.sections:
            return Answer(("No spoilers here",))
        section = self.document.sections[self.position.section]
        span = sentence_span(self.document, self.position, self.settings)
        if self.at_heading or span is None:
            span = (0, 0)
        start, end = span
        here = [
            spoiler for spoiler in section.spoilers if spoiler.start < end and start < spoiler.end
        ]
        shown = here or list(section.spoilers)
        if not shown:
            return Answer(("No spoilers in this section",))
        return Answer(tuple(_spoiler_line(section, spoiler) for spoiler in shown))

    # Reviews

    def _review_step(self, step: int) -> Answer:
        problems: list[str] = []
        index = self.index + step
        while 0 <= index < len(self.library):
            parsed = self.library.document(index)
            if isinstance(parsed, Document):
                self._leave()
                self._arrive(index, parsed)
                return replace(self._arrival(), problems=tuple(problems))
            problems.append(str(parsed))  # skipped, so one broken review blocks no others
            index += step
        return Answer((no_more_phrase("review", step > 0),), problems=tuple(problems))

    def _arrive(self, index: int, document: Document) -> None:
        self.index = index
        self.document = document
        key = review_key(document.source)
        known = self.library.positions.get(index) or (self.saved.get(key) if key else None)
        position = _within(document, known or Position())
        self._go(position, at_heading=position.offset == 0)

    def _arrival(self) -> Answer:
        """The review phrase, then the heading reached or where in the review."""
        phrase = review_phrase(self.document, self.index + 1, len(self.library))
        if not self.document.sections:
            return Answer((phrase,))
        place = self._heading(self.position.section) if self.at_heading else self._where().lines[0]
        return Answer((phrase, place))

    def _leave(self) -> None:
        """Keep the place in the review being left, for coming back and for saving."""
        self.library.positions[self.index] = self.position
        key = review_key(self.document.source)
        if key is not None:
            self.saved[key] = self.position
            self._opened.add(key)

    def _quit(self) -> Answer:
        saved = review_key(self.document.source) is not None or bool(self._opened)
        return Answer(("Place saved. Goodbye." if saved else "Goodbye.",), Say.NOTHING, done=True)

    # Helpers

    def _go(self, position: Position, at_heading: bool) -> None:
        self.position = position
        self.at_heading = at_heading

    def _sentences(self, start: Position) -> Iterator[Utterance]:
        """What is read from `start` on, headings left out."""
        planned = plan_utterances(self.document, start, self.settings)
        return (said for said in planned if said.part not in _HEADINGS)

    def _heading(self, index: int) -> str:
        return section_phrase(self.document, index, self.skip_spoilers)

    def _line(self, said: Utterance) -> str:
        if said.part is Part.TITLE:
            return self.document.title
        if said.part is Part.HEADING:
            return self._heading(said.section)
        return said.text


def _within(document: Document, position: Position) -> Position:
    """A saved place that still fits the review (the file may have changed since)."""
    if position.section >= len(document.sections):
        return Position()
    if position.offset > len(document.sections[position.section].text):
        return Position(position.section)
    return position


def _spoiler_line(section: Section, spoiler: SpoilerSpan) -> str:
    label = f"Spoiler, {spoiler.label}" if spoiler.label else "Spoiler"
    return f"{label}: {section.text[spoiler.start : spoiler.end]}"


def _queue() -> Answer:
    """The listening queue, a line per file."""
    from reader.storage.queue import load_queue

    loaded = load_queue()
    problems = (loaded.warning,) if loaded.warning else ()
    entries = loaded.value.entries
    if not entries:
        return Answer((QUEUE_EMPTY,), problems=problems)
    lines = [f"Queue, {plural(len(entries), 'file')}"]
    for number, entry in enumerate(entries, start=1):
        lines.append(f"{number}. {entry.title or Path(entry.path).name}: {entry.path}")
    return Answer(tuple(lines), problems=problems)


def _unknown(command: Command) -> Answer:
    typed = clean_line(command.typed)
    shown = typed if len(typed) <= _SHOWN_TYPING else f"{typed[:_SHOWN_TYPING]}…"
    return Answer((f"Unknown command: {shown}. Type help for the commands.",))
