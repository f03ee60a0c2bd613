"""The one interface every speech engine implements, and the data it speaks in.

An engine turns one utterance (a sentence, never a whole review) into 16-bit mono PCM
chunks, each carrying the word marks that start inside it. The caller may stop it two
ways: return False from the chunk callback, or call `abort()` from another thread.
Either way no further chunk is delivered.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

SAMPLE_WIDTH = 2  # bytes per sample: signed 16-bit little-endian, mono


class EngineUnavailable(Exception):
    """The engine cannot run on this machine; the message says why, in the user's terms."""


@dataclass(frozen=True)
class WordMark:
    """A word of the utterance: characters [start, start + length), heard from `sample` on."""

    start: int
    length: int
    sample: int


@dataclass(frozen=True)
class Chunk:
    """A piece of audio and the words that start in it (their samples count from the
    start of the utterance, not of the chunk)."""

    pcm: bytes
    marks: tuple[WordMark, ...] = ()

    @property
    def samples(self) -> int:
        """How many samples the chunk holds."""
        return len(self.pcm) // SAMPLE_WIDTH


@dataclass(frozen=True)
class Voice:
    """A voice an engine offers."""

    id: str
    name: str
    language: str = ""


# Codes a voice may give for a language instead of its ISO 639-1 one: eSpeak (on its own
# or under pyttsx3) names Chinese by Mandarin's code.
_ALSO_CODED = {"zh": ("cmn",)}


def voice_for_language(voices: Iterable[Voice], language: str) -> str:
    """The id of the first voice for `language`, or ''. 'en' is also Windows' 'en-US' and
    macOS's 'en_US'; 'zh' is also eSpeak's 'cmn'."""
    for voice in voices:
        if speaks(voice.language, language):
            return voice.id
    return ""


def speaks(code: str, language: str) -> bool:
    """Whether a voice's language `code` ('en-US', 'en_US', 'cmn') is `language` ('en')."""
    return any(is_code(code, wanted) for wanted in codes_for(language))


def codes_for(language: str) -> tuple[str, ...]:
    """The codes a voice for `language` may give: its ISO 639-1 one, and another system's
    ('zh' and eSpeak's 'cmn')."""
    return (language, *_ALSO_CODED.get(language, ()))


def is_code(code: str, wanted: str) -> bool:
    """Whether a voice's language `code` is the code `wanted`, or a region of it: 'en-US'
    and macOS's 'en_US' are 'en'."""
    code = code.lower().replace("_", "-")
    return code == wanted or code.startswith(f"{wanted}-")


@dataclass(frozen=True)
class VoiceSettings:
    """How to speak: voice id ('' for the engine's default), pace in words per minute,
    pitch 0-100 (50 is the voice's own) and volume 0-100."""

    voice: str = ""
    rate: int = 175
    pitch: int = 50
    volume: int = 100


ChunkCallback = Callable[[Chunk], bool]

CHUNK_MS = 20  # a stop lets at most one chunk through
# Rendering to a file nobody hears as it is made needs no quick stop: larger chunks cost
# fewer calls per second of audio (an export runs 15% faster than with CHUNK_MS).
OFFLINE_CHUNK_MS = 250


def chunk_size(sample_rate: int, milliseconds: int = CHUNK_MS) -> int:
    """Samples in one chunk."""
    return sample_rate * milliseconds // 1000


def chunk_spans(
    samples: int, marks: Sequence[WordMark], size: int, first: int = 0
) -> Iterator[tuple[int, int, tuple[WordMark, ...]]]:
    """[start, end) spans of at most `size` samples over audio that begins at sample
    `first` of the utterance, each with the marks (in sample order) that start in it.
    A mark dated before the audio goes with the first span, one after it with the last."""
    taken = 0
    for start in range(0, samples, size):
        end = min(start + size, samples)
        since = taken
        while taken < len(marks) and (end == samples or marks[taken].sample < first + end):
            taken += 1
        yield start, end, tuple(marks[since:taken])


def split_pcm(pcm: bytes, marks: Sequence[WordMark], size: int, first: int = 0) -> Iterator[Chunk]:
    """PCM that begins at sample `first` of the utterance, as chunks of `size` samples."""
    for start, end, due in chunk_spans(len(pcm) // SAMPLE_WIDTH, marks, size, first):
        yield Chunk(pcm[start * SAMPLE_WIDTH : end * SAMPLE_WIDTH], due)


MIN_RATE = 80
MAX_RATE = 900


def clamp_rate(rate: int) -> int:
    """Paces outside 80-900 wpm are not intelligible; keep requests inside."""
    return max(MIN_RATE, min(MAX_RATE, rate))


class Engine(ABC):
    """A speech engine behind the one small interface the session drives."""

    name: str
    # How long the chunks are that `synthesize` delivers; an export that renders
    # offline raises it to OFFLINE_CHUNK_MS.
    chunk_ms: int = CHUNK_MS

    @property
    @abstractmethod
    def sample_rate(self) -> int:
        """Samples per second of the PCM this engine produces."""

    @abstractmethod
    def voices(self) -> list[Voice]:
        """The voices installed for this engine."""

    @abstractmethod
    def configure(self, settings: VoiceSettings) -> None:
        """Use these settings from the next utterance on."""

    @abstractmethod
    def synthesize(self, text: str, on_chunk: ChunkCallback) -> bool:
        """Speak `text` into chunks; True if it ran to the end, False if stopped."""

    @abstractmethod
    def abort(self) -> None:
        """Stop the utterance being synthesised, from any thread, at once."""

    def describe(self) -> str:
        """One line saying what this engine is, for `reader voices`."""
        return self.name

    def voice_for(self, language: str) -> str:
        """A voice id for text in `language` (ISO 639-1), or '' for the default voice."""
        return ""

    def quick_voice_for(self, language: str) -> str:
        """A voice for reader's own short words in `language` (confirmations), which must
        start at once: the reading voice, unless an engine has a quicker one."""
        return self.voice_for(language)

    def close(self) -> None:  # noqa: B027 - most engines hold nothing to release
        """Release processes and files; the engine is not used afterwards."""
