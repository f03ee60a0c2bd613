"""reader's own voice in plain mode (`--speak`): the speech follower, one inbox for the
typed lines and what the voice reports, and with `--follow` each sentence printed word by
word as it is heard.

The session speaks on its own thread. What it reports is put in the inbox the typed lines
also arrive in, so the main thread alone drives the controller and prints.
"""

from __future__ import annotations

import queue
import re
import sys
from collections.abc import Callable
from typing import TextIO, cast

from reader.plain.lines import WordLine
from reader.plan.planner import Part, Utterance
from reader.reading.answers import Answer
from reader.reading.controller import Reading
from reader.session.events import (
    Finished,
    SessionEvent,
    SpeechFailed,
    StateChanged,
    UtteranceStarted,
    WordHeard,
)
from reader.session.follower import Follower
from reader.session.session import Session
from reader.session.setup import speech_from
from reader.storage.settings import Settings

# A typed line, something speech reported, or None at the end of input.
Inbox = queue.Queue[str | SessionEvent | None]


class PlainSpeech:
    """A session whose reports go to the inbox; it follows a controller once attached."""

    def __init__(self, session: Session, follow: bool = False) -> None:
        self.session = session
        self.inbox: Inbox = queue.Queue()
        self._follower: Follower | None = None
        self._words = _Words(sys.stdout) if follow else None
        session.subscribe(self.inbox.put)

    @classmethod
    def start(
        cls, settings: Settings, problem: Callable[[str], None], follow: bool = False
    ) -> PlainSpeech:
        """A session from the settings; what is missing is said on stderr. With `follow`,
        each sentence read is printed word by word as it is heard."""
        speech = speech_from(settings)
        for notice in speech.notices:
            problem(notice)
        return cls(speech.session, follow)

    def pace(self) -> int:
        """The pace the session speaks at."""
        return self.session.rate

    def attach(self, reading: Reading) -> None:
        """Follow `reading` from now on."""
        self._follower = Follower(self.session, reading)

    @property
    def follower(self) -> Follower:
        """The follower (attached before any command is answered)."""
        assert self._follower is not None
        return self._follower

    def interrupt(self) -> None:
        """Silence before the next command: the place stays where the listener got to."""
        if self._words is not None:
            self._words.stop()  # the answer to the typed line starts a line of its own
        reading = self.follower.reading
        if reading.playing:
            reading.playing = False
            self.follower.session.stop()

    def close(self) -> None:
        """Silence, and let the engine and the sound output go."""
        self.session.close()
        if self._words is not None:
            self._words.close()

    def follow(self, answer: Answer) -> None:
        """Say what the answer calls for."""
        self.follower.follow(answer)

    def heard(self, event: SessionEvent) -> Answer | None:
        """What the voice reported, handed to the controller (and, following, printed)."""
        if self._words is not None:
            self._words.heard(event, self.follower.reading)
        answer = self.follower.heard(event)
        if answer is not None and self._words is not None:
            self._words.stop()  # its problems go to stderr, which may share the terminal
        return answer


_WORD = re.compile(r"\w")
_BLANK = re.compile(r"\s")


class _Words:
    """Each sentence read, printed a word at a time as the listener hears it: the words
    and what stands between them in the text, a hidden spoiler as its announcement."""

    def __init__(self, stdout: TextIO) -> None:
        self.line = WordLine(stdout)
        sys.stdout = cast(TextIO, self.line)  # every line printed ends the words' line first
        self._utterance: Utterance | None = None
        self._text = ""  # the section the sentence is in
        self._printed = 0  # section characters printed up to here

    def heard(self, event: SessionEvent, reading: Reading) -> None:
        """Print what `event` says was heard."""
        if isinstance(event, UtteranceStarted):
            self.finish()
            self._begin(event.utterance, reading)
        elif isinstance(event, WordHeard):
            utterance = self._utterance
            if utterance is None or event.section != utterance.section:
                return
            # Printed to the next space: a word stays whole on its line ("Joon-ho," as
            # one), as it is in every line printed.
            end = _BLANK.search(self._text, event.end, utterance.spoken.source_end)
            end_at = end.start() if end else utterance.spoken.source_end
            if end_at > self._printed:
                self.line.add(self._shown(self._printed, end_at))
                self._printed = end_at
            if not _WORD.search(self._shown(self._printed, utterance.spoken.source_end)):
                self.finish()  # the last word: the line ends as the sentence does
        elif isinstance(event, Finished):
            self.finish()
        elif isinstance(event, StateChanged | SpeechFailed):
            self.stop()

    def finish(self) -> None:
        """The sentence was heard to its end: the rest of it (its full stop), then the
        line ends."""
        utterance = self._utterance
        if utterance is not None and self.line.open:
            self.line.add(self._shown(self._printed, utterance.spoken.source_end))
        self.stop()

    def stop(self) -> None:
        """Reading stopped or moved on: the line ends where the voice did."""
        self.line.end()
        self._utterance = None

    def close(self) -> None:
        """End the line, and give standard output back."""
        self.stop()
        if sys.stdout is cast(TextIO, self.line):
            sys.stdout = self.line.stream
        self.line.flush()

    def _begin(self, utterance: Utterance, reading: Reading) -> None:
        document = reading.document
        if utterance.part is not Part.SENTENCE or document is None:
            return
        if utterance.section >= len(document.sections):
            return  # from a review no longer open
        self._utterance = utterance
        self._text = document.sections[utterance.section].text
        self._printed = utterance.spoken.source_start

    def _shown(self, start: int, end: int) -> str:
        """Section characters [start, end) as printed: a hidden spoiler's characters
        replaced, where it begins, by what was said instead."""
        assert self._utterance is not None
        spoken = self._utterance.spoken
        parts, at = [], start
        for replaced in spoken.replacements:
            if not replaced.hidden or replaced.source_end <= at or replaced.source_start >= end:
                continue
            parts.append(self._text[at : replaced.source_start])
            if replaced.source_start >= start:
                parts.append(spoken.text[replaced.start : replaced.end])
            at = replaced.source_end
        parts.append(self._text[at:end])
        return "".join(parts)
