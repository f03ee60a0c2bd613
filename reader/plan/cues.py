"""Sound cues and verbosity: how much of the structure is marked by a short sound, how much
by words, and how many words reader's own voice uses.

A cue kind marks one moment (a section starts, a spoiler is skipped, the queue ends). Each
kind has a mode: its sound, its words, both, or neither. Kinds whose moment already comes
with words of its own (a heading jump's confirmation, an error's message) have no words
as a cue: for them `speech` is the same as `off`. The sounds themselves are made in
reader.speech.earcons; this module only says which are wanted, so planning stays pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum


class Cue(StrEnum):
    """A moment marked by a short sound; the value is its name in settings (`cue_…`)."""

    SECTION = "section"  # reading reaches a section's heading
    HEADING = "heading"  # the listener jumped to a heading
    SPOILER_SKIPPED = "spoiler_skipped"
    SPOILER_REVEALED = "spoiler_revealed"
    END_OF_REVIEW = "end_of_review"
    END_OF_QUEUE = "end_of_queue"
    SLEEP = "sleep"  # the sleep timer stops the reading
    ERROR = "error"
    WORKING = "working"  # a slow file or page is loading: a soft tick, repeated


class CueMode(StrEnum):
    """How a cue is given."""

    SOUND = "sound"
    SPEECH = "speech"
    BOTH = "both"
    OFF = "off"

    @property
    def sound(self) -> bool:
        """Whether the cue's sound is played."""
        return self in (CueMode.SOUND, CueMode.BOTH)

    @property
    def speech(self) -> bool:
        """Whether the cue's words are said."""
        return self in (CueMode.SPEECH, CueMode.BOTH)


class Verbosity(StrEnum):
    """How much reader's own voice says: terse is a word or two, verbose adds counts."""

    TERSE = "terse"
    NORMAL = "normal"
    VERBOSE = "verbose"

    def next(self) -> Verbosity:
        """The next level round the cycle terse → normal → verbose → terse."""
        levels = list(Verbosity)
        return levels[(levels.index(self) + 1) % len(levels)]


VERBOSITY_HELP = "how much reader says about itself (default: the verbosity setting)"

# The words a cue stands for, said in its place in `speech` mode (English: reader's own
# voice). Kinds not listed have words of their own elsewhere, or none worth saying.
CUE_WORDS: dict[Cue, str] = {
    Cue.SPOILER_REVEALED: "Spoiler",
    Cue.END_OF_REVIEW: "End of review",
    Cue.END_OF_QUEUE: "End of the queue",
}


@dataclass(frozen=True)
class CueModes:
    """The mode of every cue kind. The defaults mark structure by sound, keeping words
    where they carry something a sound cannot (how long a skipped spoiler was, that
    the queue is over)."""

    section: CueMode = CueMode.SOUND
    heading: CueMode = CueMode.SOUND
    spoiler_skipped: CueMode = CueMode.BOTH
    spoiler_revealed: CueMode = CueMode.SOUND
    end_of_review: CueMode = CueMode.SOUND
    end_of_queue: CueMode = CueMode.BOTH
    sleep: CueMode = CueMode.SOUND
    error: CueMode = CueMode.SOUND
    working: CueMode = CueMode.SOUND

    def of(self, cue: Cue) -> CueMode:
        """The mode of one kind."""
        mode: CueMode = getattr(self, cue.value)
        return mode

    def sound(self, cue: Cue) -> Cue | None:
        """`cue` if its sound is played, else None (as an utterance carries it)."""
        return cue if self.of(cue).sound else None

    def words(self, cue: Cue) -> str:
        """The cue's words if they are said, else ''."""
        return CUE_WORDS.get(cue, "") if self.of(cue).speech else ""

    def with_mode(self, cue: Cue, mode: CueMode) -> CueModes:
        """These modes with one kind changed."""
        changes: dict[str, CueMode] = {cue.value: mode}
        return replace(self, **changes)

    @classmethod
    def words_only(cls) -> CueModes:
        """No sounds: the words reader said before it had cues, for screens and for
        callers that ask for no cues."""
        spoken = (Cue.SPOILER_SKIPPED, *CUE_WORDS)
        return cls(**{cue.value: CueMode.SPEECH if cue in spoken else CueMode.OFF for cue in Cue})


@dataclass(frozen=True)
class Listening:
    """How much reader says and which cues sound: the settings' verbosity and cue modes,
    as one value to hand on."""

    verbosity: Verbosity = Verbosity.NORMAL
    cues: CueModes = field(default_factory=CueModes.words_only)
