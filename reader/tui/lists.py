"""The side lists: the reviews open, and the sections of the one being read.

Both follow the reading (the highlight moves as reader moves on) and both can be
walked with the arrows when focused; the app speaks an option only when the user
moved to it, never when reading moved the highlight.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.loaders import Problem
from reader.model import Document, Review
from reader.reading.library import Library, parse_or_problem
from reader.reading.listing import section_entry
from reader.tui.messages import Spoken

PARSE_AHEAD = 200  # untitled reviews whose own titles are found in the background


class FollowingList(OptionList):
    """An option list whose highlight follows the reading; it tells the screen what to say
    when the user enters it or moves in it."""

    name_spoken = "List"

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.followed: int | None = None
        self.reading_at: int | None = None  # where reading is, so the user's moves stay put

    def follow_reading(self, index: int) -> None:
        """Follow the reading to `index`, only when it moved there: an option the user is
        looking at is not snatched away by a confirmation."""
        if index != self.reading_at:
            self.reading_at = index
            self.follow(index)

    def on_focus(self) -> None:
        """Say which list this is and what is under the cursor."""
        if self.highlighted is None and self.option_count:
            self.follow(0)  # a list is never entered with nothing under the cursor
        index = self.highlighted
        detail = self.spoken_option(index) if index is not None else "empty"
        self.post_message(Spoken(f"{self.name_spoken} list, {detail}"))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Say an option the user moved to (not one reading moved to)."""
        if self.has_focus and event.option_index != self.followed:
            self.post_message(Spoken(self.spoken_option(event.option_index)))
        self.followed = None  # consumed: the next move is the user's

    def follow(self, index: int) -> None:
        """Highlight `index` because reading got there (not because the user moved)."""
        self.followed = index
        if self.highlighted != index and 0 <= index < self.option_count:
            self.highlighted = index

    def spoken_option(self, index: int) -> str:
        """How an option is said when the user moves to it."""
        option = self.get_option_at_index(index)
        return f"{option.prompt}, {index + 1} of {self.option_count}"


class SectionOutline(FollowingList):
    """One line per section: number, heading, kind, words, and hidden spoilers."""

    name_spoken = "Sections"

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.shown: tuple[Document | None, bool] | None = None  # the review and spoiler mode

    def show(self, document: Document | None, skip_spoilers: bool, skim: bool = False) -> None:
        """List the sections of `document` (none for no document); a `skim`'s are reviews."""
        self.shown = (document, skip_spoilers)
        self.clear_options()
        if document is None:
            return
        for number, section in enumerate(document.sections, start=1):
            parts = section_entry(number, section, skip_spoilers, counted=not skim)
            self.add_option(Option(_line(" · ".join(parts))))


class ReviewList(FollowingList):
    """One line per open review, and one for each file that could not be opened."""

    name_spoken = "Reviews"

    def list_all(self, library: Library, reading: int, new_from: int) -> None:
        """List every review, reading at `reading`; reviews from `new_from` on that are
        known by their file name only are parsed in the background for their own titles."""
        self.show(library)
        if reading >= 0:
            self.follow_reading(reading)
        untitled = library.untitled(range(new_from, len(library)))[:PARSE_AHEAD]
        if untitled:
            self._parse_ahead(library, untitled)

    @work(thread=True, group="parse")
    def _parse_ahead(self, library: Library, reviews: list[tuple[int, Review]]) -> None:
        parsed = [(index, parse_or_problem(review)) for index, review in reviews]
        self.app.call_from_thread(self._retitle, library, parsed)

    def _retitle(self, library: Library, parsed: list[tuple[int, Document | Problem]]) -> None:
        for index, document in parsed:
            library.keep(index, document)
            self.retitle(library, index)

    def show(self, library: Library) -> None:
        """List every review in `library`."""
        self.clear_options()
        self.add_options(
            Option(_line(f"{number}. {library.title(index)}"))
            for number, index in enumerate(range(len(library)), start=1)
        )

    def retitle(self, library: Library, index: int) -> None:
        """Show a review's own title once it has been parsed."""
        if 0 <= index < self.option_count:
            self.replace_option_prompt_at_index(
                index, _line(f"{index + 1}. {library.title(index)}")
            )


def _line(text: str) -> Text:
    """One option, one line: long titles end in an ellipsis instead of wrapping."""
    return Text(text, no_wrap=True, overflow="ellipsis")
