"""The side lists: the reviews open, and the sections of the one being read.

Both follow the reading (the highlight moves as reader moves on) and both can be
walked with the arrows when focused; the app speaks an option only when the user
moved to it, never when reading moved the highlight.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.model import Document
from reader.reading.library import Library
from reader.reading.phrases import plural


class FollowingList(OptionList):
    """An option list whose highlight follows the reading."""

    name_spoken = "List"

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.followed: int | None = None

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

    def show(self, document: Document | None, skip_spoilers: bool) -> None:
        """List the sections of `document` (none for no document)."""
        self.clear_options()
        if document is None:
            return
        for number, section in enumerate(document.sections, start=1):
            line = f"{number}. {section.heading} · {plural(section.words, 'word')}"
            if section.spoilers and skip_spoilers:
                line += f" · {plural(len(section.spoilers), 'spoiler')}"
            self.add_option(Option(_line(line)))


class ReviewList(FollowingList):
    """One line per open review, and one for each file that could not be opened."""

    name_spoken = "Reviews"

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
