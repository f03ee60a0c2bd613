"""The messages between `Pyttsx3Engine` and its worker process, and how they travel.

A request is one JSON line: the text and its voice settings. An answer is a JSON line,
followed for audio by the raw 16-bit PCM it announces. Both sides import this module, so
it stays light: the worker loads it before pyttsx3, on the way to its first word.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from reader.speech.engine import Voice, VoiceSettings, WordMark


@dataclass(frozen=True)
class Ready:
    """The worker is up: its audio format, the synthesizer pyttsx3 drives and the voices
    it offers."""

    sample_rate: int
    synthesizer: str
    voices: tuple[Voice, ...]


@dataclass(frozen=True)
class Audio:
    """One request spoken: its PCM and word marks (samples from the request's start)."""

    pcm: bytes
    marks: tuple[WordMark, ...]


@dataclass(frozen=True)
class Failure:
    """The worker could not start, or could not speak a request; the message says why."""

    message: str


Message = Ready | Audio | Failure


def audio_path(folder: Path, pid: int) -> Path:
    """The one file a worker writes, so the parent can remove it after a kill."""
    return folder / f"worker-{pid}.wav"


def encode_request(text: str, settings: VoiceSettings) -> bytes:
    """A request as the JSON line the worker reads."""
    return json.dumps({"text": text, **asdict(settings)}).encode() + b"\n"


def decode_request(line: bytes) -> tuple[str, VoiceSettings]:
    """The text and settings of a request line."""
    fields = json.loads(line)
    text = str(fields.pop("text"))
    return text, VoiceSettings(**fields)


def write_message(stream: IO[bytes], message: Message) -> None:
    """Send one message: a JSON line, then the PCM of an Audio."""
    pcm = b""
    header: dict[str, Any]
    if isinstance(message, Ready):
        voices = [[voice.id, voice.name, voice.language] for voice in message.voices]
        header = {"kind": "ready", "sample_rate": message.sample_rate, "voices": voices}
        header["synthesizer"] = message.synthesizer
    elif isinstance(message, Audio):
        pcm = message.pcm
        marks = [[mark.start, mark.length, mark.sample] for mark in message.marks]
        header = {"kind": "audio", "marks": marks, "bytes": len(pcm)}
    else:
        header = {"kind": "failure", "message": message.message}
    stream.write(json.dumps(header).encode() + b"\n" + pcm)
    stream.flush()


def read_message(stream: IO[bytes]) -> Message | None:
    """The next message, or None once the worker has gone."""
    line = stream.readline()
    if not line.endswith(b"\n"):
        return None
    header = json.loads(line)
    if header["kind"] == "ready":
        voices = tuple(Voice(*voice) for voice in header["voices"])
        return Ready(int(header["sample_rate"]), str(header["synthesizer"]), voices)
    if header["kind"] == "audio":
        pcm = stream.read(int(header["bytes"]))
        if len(pcm) < header["bytes"]:
            return None
        return Audio(pcm, tuple(WordMark(*mark) for mark in header["marks"]))
    return Failure(str(header["message"]))
