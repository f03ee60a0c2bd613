"""Exporting reviews to audio files: one WAV with a cue sheet, or an MP3/M4B audiobook with
chapters and tags (one book, or with `split` one file per review).

Every format gets its PCM the same way, through the session into a sink, so a file holds
exactly what `reader say` would play. With `jobs` above one, worker processes speak
several reviews at once (reader.audiobook.parallel), written here in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from itertools import chain, islice
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
from reader.speech.engine import SAMPLE_WIDTH
from reader.speech.sinks import RecordingSink, SinkError, WavSink

if TYPE_CHECKING:
    from reader.audiobook.encoder import EncodingSink
    from reader.audiobook.parallel import Spoken

_FRAMES = 75  # a cue sheet counts time in CD frames
_WRITE_SECONDS = 1  # a review spoken elsewhere is written this much at a time


@dataclass(frozen=True)
class CueTrack:
    """A section of a review, and the second it starts in the WAV file."""

    title: str
    seconds: float


Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class _Speaking:
    """How to speak: voice, spoilers, what is said and cued, and how many processes
    speak at once (one: this process alone)."""

    choice: VoiceChoice
    skip_spoilers: bool
    listening: Listening
    jobs: int


_Turns = Iterator[tuple[Document, Callable[[], None]]]  # each document, and its speaking


def export_wav(
    documents: Iterable[Document],
    path: Path,
    choice: VoiceChoice,
    skip_spoilers: bool,
    progress: Progress | None = None,
    *,
    listening: Listening | None = None,
    jobs: int = 1,
) -> list[CueTrack]:
    """Speak every document into `path`; returns the tracks for the cue sheet. The audio
    goes into a hidden part file beside `path`, renamed over it once whole, so a failure
    or Ctrl-C leaves no half-written file."""
    part = path.with_name(f".{path.name}.part")
    exporter = Exporter(WavSink(part), progress)
    speaking = _Speaking(choice, skip_spoilers, listening or Listening(), jobs)
    try:
        with _speaking(exporter, documents, speaking) as turns:
            for _, speak in turns:
                speak()
        if part.exists():  # no documents, no file
            part.replace(path)
    except SinkError as error:  # told with the name the user gave
        raise SinkError(str(error).replace(str(part), str(path))) from error
    except OSError as error:
        raise SinkError(f"cannot write {path}: {error.strerror}") from error
    finally:
        part.unlink(missing_ok=True)
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
    jobs: int = 1,
) -> list[Path]:
    """Speak every document into an MP3 or M4B at `path` (its extension decides), a
    chapter per section of each review; with `split`, one file per review in a folder
    named after `path`. Returns the files written."""
    form = audio_format(path)
    if form.encoding is None:
        raise ValueError(f"{path} is not an audiobook format")
    # Imported here: PyAV takes a sixth of a second to load; `reader say` need not wait.
    from reader.audiobook.encoder import EncodingSink

    exporter = Exporter(EncodingSink(form.encoding), progress)
    speaking = _Speaking(choice, skip_spoilers, listening or Listening(), jobs)
    if not split:
        with _speaking(exporter, documents, speaking) as turns:
            return _book(turns, path, form, exporter)
    listed = list(documents)  # counted first: see _split
    with _speaking(exporter, listed, speaking) as turns:
        return _split(turns, len(listed), path, form, exporter)


def _book(turns: _Turns, path: Path, form: AudioFormat, exporter: Exporter) -> list[Path]:
    """One file, a chapter per section of every review."""
    sink, titles, writers = exporter.encoder, [], []
    sink.start(path)
    for document, speak in turns:
        speak()
        titles.append(document.title)
        writers.append(writer(document))
    chapters = chapters_of(exporter.starts, sink.total)
    sink.seal(chapters, book_tags(titles, writers, path.stem), form is AudioFormat.M4B)
    return [path]


def _split(
    turns: _Turns, count: int, path: Path, form: AudioFormat, exporter: Exporter
) -> list[Path]:
    """One file per review; the reviews are counted first so the numbers all have one
    width and each file's track tag says 'n of N'."""
    folder, sink, written = split_folder(path), exporter.encoder, []
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise SinkError(f"cannot write {folder}: {error.strerror}") from error
    for number, (document, speak) in enumerate(turns, start=1):
        file = review_file(folder, number, count, document.title, form.value)
        sink.start(file)
        exporter.starts.clear()  # each file's chapters are its own sections
        speak()
        chapters = chapters_of(exporter.starts, sink.total, headings_only=True)
        tags = review_tags(document, path.stem, number, count)
        sink.seal(chapters, tags, form is AudioFormat.M4B)
        written.append(file)
    return written


@contextmanager
def _speaking(
    exporter: Exporter, documents: Iterable[Document], speaking: _Speaking
) -> Iterator[_Turns]:
    """Each document with a function that speaks it to its end into the exporter's sink,
    then marks its end as the listener would hear it. Several processes speak when asked
    and there are several documents (eSpeak voices only); the sink and every engine are
    closed when the block ends, however it ends."""
    documents = iter(documents)
    ahead = list(islice(documents, 2))
    documents = chain(ahead, documents)
    from reader.audiobook.parallel import PARALLEL_ENGINES

    engine = speaking.choice.engine
    if speaking.jobs > 1 and len(ahead) > 1 and engine.name in PARALLEL_ENGINES:
        from reader.audiobook.parallel import Speaker, in_workers

        engine.close()  # the workers have their own
        choice, listening = speaking.choice, speaking.listening
        speaker = Speaker(engine.name, choice.profile, speaking.skip_spoilers, listening)
        spoken = in_workers(documents, speaker, speaking.jobs)
        try:
            yield ((document, partial(exporter.write, document, said)) for document, said in spoken)
        finally:
            spoken.close()  # the workers are stopped at once
            exporter.sink.close()
        return
    session = Session(
        engine,
        exporter.sink,
        speaking.choice.profile,
        speaking.skip_spoilers,
        verbosity=speaking.listening.verbosity,
        cues=speaking.listening.cues,
    )
    session.subscribe(exporter.heard)

    def speak(document: Document) -> None:
        exporter.begin(document, exporter.total)
        read_through(session, document)
        if exporter.failures:
            raise SinkError(exporter.failures[0])
        exporter.done(document)

    try:
        yield ((document, partial(speak, document)) for document in documents)
    finally:
        session.close()


class Exporter:
    """Follows the speaking of each document into the sink, noting where its sections
    start (in samples of the file) and telling progress."""

    def __init__(
        self, sink: WavSink | EncodingSink | RecordingSink, progress: Progress | None
    ) -> None:
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
        assert not isinstance(self.sink, WavSink | RecordingSink)
        return self.sink

    @property
    def total(self) -> int:
        """Samples in the file being written."""
        if isinstance(self.sink, RecordingSink):
            return len(self.sink.pcm) // SAMPLE_WIDTH
        return self.sink.total

    def begin(self, document: Document, offset: int) -> None:
        """The next document starts at sample `offset` of the file."""
        self._document, self._offset, self._title_at = document, offset, None

    def done(self, document: Document) -> None:
        """A document is all in the file."""
        if self.progress is not None:
            self.progress(document.title, 1.0)

    def write(self, document: Document, spoken: Spoken) -> None:
        """Write a document spoken elsewhere, its section starts moved to where it lands."""
        self.sink.open(spoken.sample_rate)
        offset = self.total
        step = spoken.sample_rate * SAMPLE_WIDTH * _WRITE_SECONDS
        for start in range(0, len(spoken.pcm), step):
            self.sink.write(spoken.pcm[start : start + step])
        self.starts += [replace(start, sample=offset + start.sample) for start in spoken.starts]
        self.done(document)

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
