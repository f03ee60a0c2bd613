"""What the reading controller answers to every action: the lines to show, and what the
voice should do. Front ends render the lines their way; the speech follower acts on `say`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from reader.plan.cues import CUE_WORDS, Cue
from reader.reading.cursor import Place


class Say(StrEnum):
    """What reader's own voice does with an answer."""

    LINES = "lines"  # confirm: say the lines (unless confirmations are off)
    SENTENCE = "sentence"  # read the sentence at the place; while playing, play on from it
    SECTION = "section"  # read from `start` to the end of its section
    REVIEW = "review"  # read from `start` to the end of the review, after the preface
    PAUSE = "pause"  # pause where the voice is, then say the lines
    STOP = "stop"  # stop, then say the lines (the sleep timer)
    NOTHING = "nothing"  # silence at once


@dataclass(frozen=True)
class Load:
    """Files to load before the answer can go on; the front end loads them (off its main
    thread, if it has one) and hands the result to `Reading.loaded`."""

    paths: tuple[str, ...]
    open_first: bool = True  # open the first review loaded
    play: bool = False  # and read it hands-free (the queue)
    resume: str | None = None  # the review, by its place key, to open instead of the first


@dataclass(frozen=True)
class Answer:
    """Lines to show, what to say, problems for the user, and whether to leave."""

    lines: tuple[str, ...] = ()
    say: Say = Say.LINES
    start: Place | None = None  # where reading starts, for SECTION and REVIEW
    preface: tuple[str, ...] = ()  # said before reading starts ("Next review: ...")
    moved: bool = False  # the place changed: a playing voice goes on from the new one
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # worth knowing, not wrong (a file's language guessed)
    load: Load | None = None
    always: bool = False  # said even with confirmations off (turning them on or off)
    done: bool = False  # the user is leaving
    cues: tuple[Cue, ...] = ()  # moments to mark, before the lines (reader.plan.cues)

    @property
    def shown(self) -> tuple[str, ...]:
        """The lines as a screen shows them: each cue in words first ('End of review'),
        since a braille display cannot show a sound."""
        return (*(CUE_WORDS[cue] for cue in self.cues if cue in CUE_WORDS), *self.lines)
