"""Shared test helpers: where the samples are, parsing text the way a loader would, what
eSpeak makes of a text, and a clock whose time passes as fast as the code under test
waits."""

import subprocess
import sys
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


_PHONEMES = """
import ctypes, sys, espeakng_loader
library = ctypes.CDLL(espeakng_loader.get_library_path())
library.espeak_Initialize(2, 0, espeakng_loader.get_data_path().encode(), 0)
library.espeak_SetVoiceByName(sys.argv[1].encode())
library.espeak_TextToPhonemes.restype = ctypes.c_char_p
for line in sys.stdin.read().splitlines():
    text = ctypes.pointer(ctypes.c_char_p(line.encode()))
    said = []
    while text.contents.value:
        said.append(library.espeak_TextToPhonemes(text, 1, 0).decode())
    print(" ".join(said))
"""


def espeak_phonemes(lines: list[str], language: str = "en") -> list[str]:
    """What the bundled eSpeak says for each text (a line break is a space), as its
    phoneme mnemonics. In a process of its own: the library keeps one state per process,
    which the engine tests use."""
    run = subprocess.run(
        [sys.executable, "-c", _PHONEMES, language],
        input="\n".join(" ".join(line.split()) for line in lines),
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout.splitlines()


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
