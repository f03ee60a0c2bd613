"""The audio files `reader export` writes, chosen by the output's extension."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


@dataclass(frozen=True)
class Encoding:
    """How a compressed format is made with FFmpeg: muxer, encoder and its options."""

    muxer: str
    codec: str
    bit_rate: int  # bits per second; 48 kbps is clear for speech at 22050 Hz mono
    options: tuple[tuple[str, str], ...] = ()  # the muxer's
    codec_options: tuple[tuple[str, str], ...] = ()  # the encoder's


class AudioFormat(Enum):
    """A format reader writes; WAV is plain PCM, the others are encoded with chapters."""

    WAV = ".wav"
    MP3 = ".mp3"
    M4B = ".m4b"

    @property
    def encoding(self) -> Encoding | None:
        """How to encode it; None for WAV, which `WavSink` writes as it is."""
        return _ENCODINGS.get(self)


_ENCODINGS = {
    # ID3v2.3 rather than FFmpeg's default 2.4: more players (and Windows) read its chapters.
    # LAME's quality 7 encodes twice as fast as its default, with no loss heard in speech.
    AudioFormat.MP3: Encoding(
        "mp3", "libmp3lame", 48_000, (("id3v2_version", "3"),), (("compression_level", "7"),)
    ),
    # "ipod" is the MP4 muxer with Apple's atoms; faststart puts the index first, so a
    # player streaming the book can start at once. FFmpeg's default AAC coder (twoloop) is
    # six times slower than "fast", which sounds the same on synthetic speech.
    AudioFormat.M4B: Encoding(
        "ipod", "aac", 48_000, (("movflags", "+faststart"),), (("aac_coder", "fast"),)
    ),
}

FORMAT_NAMES = ", ".join(form.value for form in AudioFormat)


class UnknownFormat(ValueError):
    """The output's extension names no format reader writes."""


def audio_format(path: Path) -> AudioFormat:
    """The format `path`'s extension names, in any case; raises UnknownFormat. A device or
    pipe without one (`-o /dev/null`) takes WAV, as it always has."""
    suffix = path.suffix.lower()
    for form in AudioFormat:
        if form.value == suffix:
            return form
    if not suffix and (path.is_char_device() or path.is_fifo()):
        return AudioFormat.WAV
    if not suffix:
        raise UnknownFormat(f"writes {FORMAT_NAMES} files; {path.name!r} has no extension")
    raise UnknownFormat(f"writes {FORMAT_NAMES} files, not {path.suffix!r}")
