"""Shared test helpers: where the samples are, parsing text the way a loader would, and a
clock whose time passes as fast as the code under test waits."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reader.model import Document, Markup, Review, Source
from reader.parse.document import parse_review

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_reviews"
SEED = SAMPLES / "1-litre-of-tears.txt"
# Every spoiler of every-spoiler-syntax.md, one phrase from each.
SPOILER_PHRASES = (
    "the lighthouse keeper is Ji-an's real father",
    "Captain Seo was the one who cut the power",
    "the drowned girl from 1998 was Han Yu-ri's sister",
    "Mr. Baek burns the logbooks",
    "Ji-an arrests her own father at the memorial service",
    "the storm in ep. 1 was never an accident",
    "relights the lamp on the anniversary",
    "the mayor's son drove the boat that night",
    "Yu-ri survives the boat fire",
    "through the glass of a prison visiting room",
    "the 1998 logbook washes up on the beach",
    "Dr. Moon knew the truth about the drowning",
    "His confession in ep. 10",
    "wrote the anonymous letters herself",
)


def parse(body: str, markup: Markup = Markup.TEXT, **fields: object) -> Document:
    """Parse a review body as if a loader had produced it."""
    return parse_review(Review(Source("test"), body, markup, **fields))  # type: ignore[arg-type]


def seed() -> Document:
    """The review the project grew from, loaded and parsed as reader does."""
    from reader.loaders import load_paths

    return parse_review(load_paths([str(SEED)], None).reviews[0])


def section_texts(document: Document) -> dict[str, str]:
    """Section text by heading."""
    return {section.heading: section.text for section in document.sections}


def spoiler_texts(document: Document) -> list[str]:
    """The text of every spoiler span, in order."""
    return [
        section.text[span.start : span.end]
        for section in document.sections
        for span in section.spoilers
    ]


class FakeClock:
    """A sink's clock for tests: waiting until a later moment returns at once, and the clock
    then reads that moment. Speech into a `ClockSink` on this clock plays out at synthesis
    speed, yet every event comes when the clock says its sample is heard. While `held`,
    time stands still, so reading stays under way for a test to act on."""

    def __init__(self) -> None:
        self._time = 0.0
        self._held = False
        self._changed = threading.Condition()

    def now(self) -> float:
        """The time so far: the latest moment anyone waited for."""
        with self._changed:
            return self._time

    def wait_until(self, moment: float, cancelled: threading.Event) -> bool:
        """Move time on to `moment` (once it is no longer held); False if `cancelled` is
        set first."""
        with self._changed:
            while not cancelled.is_set():
                if not self._held:
                    self._time = max(self._time, moment)
                if self._time >= moment:
                    return True
                # Setting an Event cannot wake this condition, so look at it again soon.
                self._changed.wait(0.005)
            return False

    @contextmanager
    def held(self) -> Iterator[None]:
        """Time stands still inside: playback stops with its lead queued, until the end."""
        with self._changed:
            self._held = True
        try:
            yield
        finally:
            with self._changed:
                self._held = False
                self._changed.notify_all()
