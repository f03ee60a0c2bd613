"""A sink that encodes PCM as it comes (MP3 or AAC, through PyAV) into an audiobook file.

Chapters and tags are only known at the end, but an MP3's ID3 tag comes first in the
file, so the audio is encoded into a hidden part file beside the output, then copied
(packets, not decoded again) into the output with its chapters and tags. Memory stays
flat however long the export: PCM is encoded a second at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import av
from av.audio.stream import AudioStream
from av.container import OutputContainer

from reader.audiobook.chapters import Chapter
from reader.audiobook.formats import Encoding
from reader.audiobook.tags import Tags
from reader.speech.engine import SAMPLE_WIDTH
from reader.speech.sinks import REAL_TIME, Clock, Sink, SinkError

if TYPE_CHECKING:
    from av.container.core import Chapter as AvChapter  # a TypedDict only in PyAV's stubs

_BLOCK_SECONDS = 1  # PCM gathered before each encode: fewer, larger frames are faster


class EncodingSink(Sink):
    """Encodes every stream into one file until `seal`; `start` begins the next file."""

    def __init__(self, encoding: Encoding, clock: Clock = REAL_TIME) -> None:
        super().__init__(clock)
        self.encoding = encoding
        self.path: Path | None = None  # where the file being written will be sealed
        self.total = 0  # samples in the file being written, across streams
        self._part: _Part | None = None
        self._pending = bytearray()

    def start(self, path: Path) -> None:
        """Write what comes next into `path` (sealed there by `seal`)."""
        self._discard()
        self.path, self.total = path, 0

    def open(self, sample_rate: int) -> None:
        if self._part is None:
            if self.path is None:
                raise SinkError("no audiobook file was started")
            self._part = _Part.create(self.path, self.encoding, sample_rate)
        elif sample_rate != self._part.sample_rate:
            raise SinkError("every voice in one audiobook file must use the same sample rate")
        super().open(sample_rate)

    def _write(self, pcm: bytes) -> None:
        if self._part is None:
            raise SinkError("the audiobook file is not open")
        self._pending += pcm
        self.total += len(pcm) // SAMPLE_WIDTH
        if len(self._pending) >= self._part.sample_rate * SAMPLE_WIDTH * _BLOCK_SECONDS:
            self._encode_pending()

    def seal(self, chapters: Sequence[Chapter], tags: Tags, audiobook: bool) -> None:
        """Finish the file: the audio, then chapters and tags, written at `path`."""
        part, path = self._part, self.path
        if part is None or path is None:
            return
        self._encode_pending()
        self._part, self.path = None, None
        try:
            part.close()
            _copy_with_chapters(part, path, self.encoding, chapters, tags.metadata(audiobook))
        except (OSError, av.FFmpegError) as error:
            raise SinkError(f"cannot write {path}: {_reason(error)}") from error
        finally:
            part.remove()

    def close(self) -> None:
        """An unsealed file (a failure, Ctrl-C) is discarded, never left half-written."""
        self._discard()

    def _encode_pending(self) -> None:
        if self._part is not None and self._pending:
            self._part.encode(bytes(self._pending))
            self._pending.clear()

    def _discard(self) -> None:
        part, self._part = self._part, None
        self._pending.clear()
        if part is not None:
            with suppress(OSError, av.FFmpegError):
                part.close()
            part.remove()


class _Part:
    """The encoded audio, in the output's format, in a hidden file beside it."""

    def __init__(self, path: Path, raw: BinaryIO, container: OutputContainer) -> None:
        self.path = path
        self._raw = raw
        self._container = container
        self._stream: AudioStream = container.streams.audio[0]
        self.sample_rate = self._stream.rate
        self._samples = 0
        self._closed = False

    @classmethod
    def create(cls, output: Path, encoding: Encoding, sample_rate: int) -> _Part:
        """Open the part file for `output`, ready for PCM at `sample_rate`."""
        path = output.with_name(f".{output.name}.part")
        try:
            raw = path.open("wb")  # opened here, so a bad path is a plain OSError
        except OSError as error:
            raise SinkError(f"cannot write {output}: {error.strerror}") from error
        container = av.open(raw, "w", format=encoding.muxer)
        options = dict(encoding.codec_options)
        stream = container.add_stream(encoding.codec, sample_rate, options, layout="mono")
        assert isinstance(stream, AudioStream)  # an audio codec gives an audio stream
        stream.bit_rate = encoding.bit_rate
        return cls(path, raw, container)

    def encode(self, pcm: bytes) -> None:
        """Encode 16-bit mono PCM; PyAV converts it to the encoder's sample format."""
        count = len(pcm) // SAMPLE_WIDTH
        frame = av.AudioFrame(format="s16", layout="mono", samples=count)
        frame.planes[0].update(pcm)
        frame.sample_rate = self.sample_rate
        frame.time_base = Fraction(1, self.sample_rate)
        frame.pts = self._samples
        self._samples += count
        try:
            self._container.mux(self._stream.encode(frame))
        except (OSError, av.FFmpegError) as error:
            raise SinkError(f"cannot encode the audio: {_reason(error)}") from error

    def close(self) -> None:
        """Flush the encoder and finish the part file."""
        if self._closed:
            return
        self._closed = True
        try:
            self._container.mux(self._stream.encode(None))
            self._container.close()
        finally:
            self._raw.close()

    def remove(self) -> None:
        """Delete the part file."""
        with suppress(FileNotFoundError):
            self.path.unlink()


def _copy_with_chapters(
    part: _Part,
    path: Path,
    encoding: Encoding,
    chapters: Sequence[Chapter],
    metadata: dict[str, str],
) -> None:
    """Copy the part's packets into `path` under its chapters and tags; the copy is made
    beside `path` and renamed over it, so `path` is never half-written."""
    writing = path.with_name(f".{path.name}.writing")
    entries = _chapter_entries(chapters, part.sample_rate)
    try:
        with av.open(str(part.path)) as source, writing.open("wb") as raw:
            options = dict(encoding.options)
            with av.open(raw, "w", format=encoding.muxer, options=options) as book:
                audio = source.streams.audio[0]
                stream = book.add_stream_from_template(audio)
                book.metadata.update(metadata)
                book.set_chapters(entries)
                for packet in source.demux(audio):
                    if packet.dts is None:  # the demuxer's empty packet at the end
                        continue
                    packet.stream = stream
                    book.mux(packet)
        writing.replace(path)
    finally:
        with suppress(FileNotFoundError):
            writing.unlink()


def _chapter_entries(chapters: Sequence[Chapter], sample_rate: int) -> list[AvChapter]:
    """Chapters as PyAV takes them, timed in samples."""
    time_base = Fraction(1, sample_rate)
    return [
        {
            "id": number,
            "start": chapter.start,
            "end": chapter.end,
            "time_base": time_base,
            "metadata": {"title": chapter.title},
        }
        for number, chapter in enumerate(chapters, start=1)
    ]


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error)
