"""Exporting reviews to audio files: one WAV with a cue sheet, or an MP3/M4B audiobook with
chapters and tags (one book, or with `split` one file per review).

Every format gets its PCM the same way, through the session's planner and playback into
a sink (reader.session.offline), so a file holds exactly what `reader say` would play.
With `jobs` above one, worker processes speak several passages at once (a long review
is cut at paragraph ends; reader.audiobook.parallel), written here in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from itertools import chain, groupby, islice
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from reader.audiobook.chapters import SectionStart, chapters_of
from reader.audiobook.formats import AudioFormat, audio_format
from reader.audiobook.naming import review_file, split_folder
from reader.audiobook.tags import book_tags, review_tags, writer
from reader.model import Document
from reader.plan.cues import Listening
from reader.plan.navigation import characters_read
from reader.plan.planner import Part, PlanSettings
from reader.session.events import SessionEvent, UtteranceStarted
from reader.session.offline import Passage, Recital, passages, plan_settings, through
from reader.speech.choice import VoiceChoice
from reader.speech.sinks import SinkError, WavSink

if TYPE_CHECKING:
    from reader.audiobook.encoder import EncodingSink
    from reader.audiobook.parallel import Spoken

_FRAMES = 75  # a cue sheet counts time in CD frames


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
_Key = tuple[int, Document]  # a document, and its place in the export
S = TypeVar("S")  # how a passage comes: spoken elsewhere, or None to speak it here


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
    """Each document with a function that speaks it to its end, then its end cue, into
    the exporter's sink. Several processes speak when asked and there are several
    passages, and on Linux a worker speaks for one job too, so the file is the same
    whatever the number (eSpeak voices only); the sink and every engine are closed when
    the block ends, however it ends."""
    choice = speaking.choice
    settings = plan_settings(choice.profile, speaking.skip_spoilers, speaking.listening)
    work = _passages(documents, settings)
    ahead = list(islice(work, 2))
    work = chain(ahead, work)
    from reader.audiobook.parallel import PARALLEL_ENGINES, in_workers
    from reader.audiobook.worker import SAME_WHATEVER_JOBS, Speaker

    several = speaking.jobs > 1 and len(ahead) > 1
    if choice.engine.name in PARALLEL_ENGINES and (several or SAME_WHATEVER_JOBS):
        # One job is one worker where files must not depend on the number of jobs.
        jobs = speaking.jobs if several else 1
        choice.engine.close()  # the workers have their own
        spoken = in_workers(work, Speaker(choice.engine.name, choice.profile), jobs)
        try:
            yield _turns(exporter, spoken, exporter.write)
        finally:
            spoken.close()  # the workers are stopped at once
            exporter.sink.close()
        return
    recital = Recital(choice.engine, exporter.sink, choice.profile)
    here = ((key, passage, None) for key, passage in work)
    try:
        yield _turns(exporter, here, partial(exporter.speak, recital))
    finally:
        exporter.sink.close()
        choice.engine.close()


def _passages(
    documents: Iterable[Document], settings: PlanSettings
) -> Iterator[tuple[_Key, Passage]]:
    """What each document says, in passages, planned only as they are asked for."""
    for number, document in enumerate(documents):
        for passage in passages(through(document, settings)):
            yield (number, document), passage


def _turns(
    exporter: Exporter, said: Iterator[tuple[_Key, Passage, S]], put: Callable[[Passage, S], None]
) -> _Turns:
    """Each document, with a function that puts each of its passages into the file."""
    for _, group in groupby(said, key=lambda item: item[0][0]):
        first = next(group)
        document = first[0][1]
        # The group is read once: its first item, to know the document, then the rest.
        rest = chain([first], group)  # noqa: B031
        yield document, partial(_put, exporter, document, rest, put)


def _put(
    exporter: Exporter,
    document: Document,
    said: Iterator[tuple[_Key, Passage, S]],
    put: Callable[[Passage, S], None],
) -> None:
    """A document's passages into the file, in order."""
    exporter.begin(document)
    for _, passage, how in said:
        put(passage, how)
    exporter.done(document)


class Exporter:
    """Puts each document's passages into the sink, noting where its sections start (in
    samples of the file) and telling progress."""

    def __init__(self, sink: WavSink | EncodingSink, progress: Progress | None) -> None:
        self.sink = sink
        self.progress = progress
        self.starts: list[SectionStart] = []
        self._document: Document | None = None
        self._offset = 0  # the sample of the file where the passage being put begins
        self._title_at: int | None = None

    @property
    def encoder(self) -> EncodingSink:
        """The sink, when it encodes an audiobook."""
        assert not isinstance(self.sink, WavSink)
        return self.sink

    @property
    def total(self) -> int:
        """Samples in the file being written."""
        return self.sink.total

    def begin(self, document: Document) -> None:
        """The next passages are `document`'s."""
        self._document, self._title_at = document, None

    def done(self, document: Document) -> None:
        """A document is all in the file."""
        if self.progress is not None:
            self.progress(document.title, 1.0)

    def speak(self, recital: Recital, passage: Passage, _: None = None) -> None:
        """Speak a passage here, straight into the file."""
        self._offset = self.total
        recital.speak(passage, self.heard)

    def write(self, passage: Passage, spoken: Spoken) -> None:
        """Write a passage spoken elsewhere, noting its utterances where they land."""
        self.sink.open(spoken.sample_rate)
        self._offset = self.total
        self.sink.write(spoken.pcm)  # at most a few minutes of audio: see PASSAGE_CHARACTERS
        for utterance, sample in zip(passage, spoken.starts, strict=True):
            self.heard(UtteranceStarted(utterance, sample))

    def heard(self, event: SessionEvent) -> None:
        """Note section starts and progress."""
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
