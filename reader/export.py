"""Exporting reviews to audio files: one WAV with a cue sheet, or an MP3/M4B audiobook with
chapters and tags (one book, or with `split` one file per review).

Every format gets its PCM the same way, through the session into a sink, so a file holds
exactly what `reader say` would play.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.audiobook.chapters import SectionStart, chapters_of
from reader.audiobook.formats import AudioFormat, audio_format
from reader.audiobook.naming import review_file, split_folder
from reader.audiobook.tags import book_tags, review_tags, writer
from reader.model import Document
from reader.plan.cues import Listening
from reader.plan.navigation import characters_read
from reader.plan.planner import Part
from reader.session.events import SessionEvent, SpeechFailed, UtteranceStarted
from reader.session.session import Session
from reader.session.through import read_through
from reader.speech.choice import VoiceChoice
from reader.speech.sinks import SinkError, WavSink

if TYPE_CHECKING:
    from reader.audiobook.encoder import EncodingSink

_FRAMES = 75  # a cue sheet counts time in CD frames


@dataclass(frozen=True)
class CueTrack:
    """A section of a review, and the second it starts in the WAV file."""

    title: str
    seconds: float


Progress = Callable[[str, float], None]


def export_wav(
    documents: Iterable[Document],
    path: Path,
    choice: VoiceChoice,
    skip_spoilers: bool,
    progress: Progress | None = None,
    *,
    listening: Listening | None = None,
) -> list[CueTrack]:
    """Speak every document into `path`; returns the tracks for the cue sheet."""
    exporter = _Exporter(WavSink(path), progress)
    with _speaking(exporter, choice, skip_spoilers, listening or Listening()) as speak:
        for document in documents:
            speak(document)
    rate = exporter.sink.sample_rate or 1
    return [CueTrack(start.full_title, start.sample / rate) for start in exporter.starts]


def export_audiobook(
    documents: Iterable[Document],
    path: Path,
    choice: VoiceChoice,
    skip_spoilers: bool,
    *,
    progress: Progress | None = None,
    split: bool = False,
    listening: Listening | None = None,
) -> list[Path]:
    """Speak every document into an MP3 or M4B at `path` (its extension decides), a
    chapter per section of each review; with `split`, one file per review in a folder
    named after `path`. Returns the files written."""
    form = audio_format(path)
    if form.encoding is None:
        raise ValueError(f"{path} is not an audiobook format")
    # Imported here: PyAV takes a sixth of a second to load; `reader say` need not wait.
    from reader.audiobook.encoder import EncodingSink

    exporter = _Exporter(EncodingSink(form.encoding), progress)
    with _speaking(exporter, choice, skip_spoilers, listening or Listening()) as speak:
        if split:
            return _split(list(documents), path, form, exporter, speak)
        return _book(documents, path, form, exporter, speak)


def _book(
    documents: Iterable[Document],
    path: Path,
    form: AudioFormat,
    exporter: _Exporter,
    speak: Callable[[Document], None],
) -> list[Path]:
    """One file, a chapter per section of every review."""
    sink, titles, writers = exporter.encoder, [], []
    sink.start(path)
    for document in documents:
        speak(document)
        titles.append(document.title)
        writers.append(writer(document))
    chapters = chapters_of(exporter.starts, sink.total)
    sink.seal(chapters, book_tags(titles, writers, path.stem), form is AudioFormat.M4B)
    return [path]


def _split(
    documents: list[Document],
    path: Path,
    form: AudioFormat,
    exporter: _Exporter,
    speak: Callable[[Document], None],
) -> list[Path]:
    """One file per review; the list is counted first so the numbers all have one width
    and each file's track tag says 'n of N'."""
    folder, sink, written = split_folder(path), exporter.encoder, []
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise SinkError(f"cannot write {folder}: {error.strerror}") from error
    for number, document in enumerate(documents, start=1):
        file = review_file(folder, number, len(documents), document.title, form.value)
        sink.start(file)
        exporter.starts.clear()  # each file's chapters are its own sections
        speak(document)
        chapters = chapters_of(exporter.starts, sink.total, headings_only=True)
        tags = review_tags(document, path.stem, number, len(documents))
        sink.seal(chapters, tags, form is AudioFormat.M4B)
        written.append(file)
    return written


@contextmanager
def _speaking(
    exporter: _Exporter, choice: VoiceChoice, skip_spoilers: bool, listening: Listening
) -> Iterator[Callable[[Document], None]]:
    """A function that speaks one document to its end into the exporter's sink, then
    marks its end as the listener would hear it; the session (engine and sink) is closed
    when the block ends, however it ends."""
    session = Session(
        choice.engine,
        exporter.sink,
        choice.profile,
        skip_spoilers,
        verbosity=listening.verbosity,
        cues=listening.cues,
    )
    session.subscribe(exporter.heard)

    def speak(document: Document) -> None:
        exporter.begin(document)
        read_through(session, document)
        if exporter.failures:
            raise SinkError(exporter.failures[0])
        if exporter.progress is not None:
            exporter.progress(document.title, 1.0)

    try:
        yield speak
    finally:
        session.close()


class _Exporter:
    """Follows the session through each document, noting where its sections start."""

    def __init__(self, sink: WavSink | EncodingSink, progress: Progress | None) -> None:
        self.sink = sink
        self.progress = progress
        self.starts: list[SectionStart] = []
        self.failures: list[str] = []
        self._document: Document | None = None
        self._offset = 0
        self._title_at: int | None = None

    @property
    def encoder(self) -> EncodingSink:
        """The sink, when it encodes an audiobook."""
        assert not isinstance(self.sink, WavSink)
        return self.sink

    def begin(self, document: Document) -> None:
        """The next document starts where the file ends now."""
        self._document, self._offset, self._title_at = document, self.sink.total, None

    def heard(self, event: SessionEvent) -> None:
        """Note failures, section starts and progress."""
        if isinstance(event, SpeechFailed):
            self.failures.append(event.message)
        if not isinstance(event, UtteranceStarted) or self._document is None:
            return
        document, utterance = self._document, event.utterance
        sample = self._offset + event.sample
        if utterance.part is Part.TITLE:
            self._title_at = sample  # the first section's track begins with the title
        elif utterance.part is Part.HEADING:
            heading = document.sections[utterance.section].heading
            begins = sample if self._title_at is None else self._title_at
            self.starts.append(SectionStart(document.title, heading, begins))
            self._title_at = None
        if self.progress is not None and utterance.part is not Part.ANNOUNCEMENT:
            done, total = characters_read(document, utterance.start)
            self.progress(document.title, min(1.0, done / total))


def cue_sheet(wav: Path, tracks: list[CueTrack]) -> str:
    """A cue sheet for `wav`, one track per section."""
    lines = [f'FILE "{_quoted(wav.name)}" WAVE']
    for number, track in enumerate(tracks, start=1):
        lines += [
            f"  TRACK {number:02d} AUDIO",
            f'    TITLE "{_quoted(track.title)}"',
            f"    INDEX 01 {_cue_time(track.seconds)}",
        ]
    return "\n".join(lines) + "\n"


def _cue_time(seconds: float) -> str:
    frames = round(seconds * _FRAMES)
    minutes, frames = divmod(frames, 60 * _FRAMES)
    return f"{minutes:02d}:{frames // _FRAMES:02d}:{frames % _FRAMES:02d}"


def _quoted(text: str) -> str:
    return " ".join(text.replace('"', "'").split())
