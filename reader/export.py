"""Exporting reviews to one WAV file, with a cue sheet of where each section starts."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from reader.model import Document
from reader.plan.navigation import characters_read
from reader.plan.planner import Part
from reader.session.events import SessionEvent, SpeechFailed, UtteranceStarted
from reader.session.session import Session
from reader.speech.choice import VoiceChoice
from reader.speech.sinks import SinkError, WavSink

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
) -> list[CueTrack]:
    """Speak every document into `path`; returns the tracks for the cue sheet."""
    exporter = _Exporter(WavSink(path), progress)
    session = Session(choice.engine, exporter.sink, choice.profile, skip_spoilers)
    session.subscribe(exporter.heard)
    try:
        for document in documents:
            exporter.begin(document)
            session.open(document)
            session.play()
            while not session.wait(0.1):  # in slices, so Ctrl-C reaches the main thread at once
                pass
            if exporter.failures:
                raise SinkError(exporter.failures[0])
            if progress is not None:
                progress(document.title, 1.0)
    finally:
        session.close()
    return exporter.tracks


class _Exporter:
    """Follows the session through each document, noting where its sections start."""

    def __init__(self, sink: WavSink, progress: Progress | None) -> None:
        self.sink = sink
        self.progress = progress
        self.tracks: list[CueTrack] = []
        self.failures: list[str] = []
        self._document: Document | None = None
        self._offset = 0
        self._title_at: float | None = None

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
        seconds = (self._offset + event.sample) / self.sink.sample_rate
        if utterance.part is Part.TITLE:
            self._title_at = seconds  # the first section's track begins with the title
        elif utterance.part is Part.HEADING:
            heading = document.sections[utterance.section].heading
            begins = seconds if self._title_at is None else self._title_at
            self.tracks.append(CueTrack(f"{document.title}: {heading}", begins))
            self._title_at = None
        if self.progress is not None:
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
