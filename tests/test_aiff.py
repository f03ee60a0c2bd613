"""AIFF and AIFF-C reading: files built here byte by byte, files sox writes, and the
pyttsx3 worker reading the AIFF that macOS writes under a .wav name."""

from __future__ import annotations

import math
import re
import shutil
import struct
import subprocess
import wave
from array import array
from pathlib import Path

import pytest

from reader.speech.aiff import AiffError, AiffFormat, aiff_format, is_aiff, read_aiff
from reader.speech.pyttsx3_worker import read_pcm

SOX = shutil.which("sox")


def sine(frames: int = 2205, rate: int = 22050, peak: int = 12000) -> list[int]:
    """A 440 Hz tone."""
    return [round(peak * math.sin(2 * math.pi * 440 * n / rate)) for n in range(frames)]


def extended(rate: int) -> bytes:
    """A whole number as the 80-bit float AIFF stores rates in (mantissa's top bit set)."""
    bits = rate.bit_length()
    return struct.pack(">HQ", 16383 + bits - 1, rate << (64 - bits))


def chunk(name: bytes, body: bytes) -> bytes:
    """One chunk, padded to an even length."""
    return struct.pack(">4sI", name, len(body)) + body + b"\0" * (len(body) % 2)


def aiff(
    channels: list[list[int]],
    rate: int = 22050,
    encoding: bytes | None = None,
    offset: int = 0,
    extra: bytes = b"",
) -> bytes:
    """An AIFF file of these channels (AIFF-C when `encoding` is given); 'sowt' is stored
    little-endian, everything else big-endian."""
    frames = len(channels[0])
    comm = struct.pack(">hIh", len(channels), frames, 16) + extended(rate)
    if encoding is not None:
        comm += encoding + b"\x0bnot packed"
    order = "<" if encoding == b"sowt" else ">"
    interleaved = [sample for frame in zip(*channels, strict=True) for sample in frame]
    sound = struct.pack(f"{order}{len(interleaved)}h", *interleaved)
    ssnd = struct.pack(">II", offset, 0) + b"\xaa" * offset + sound
    body = extra + chunk(b"COMM", comm) + chunk(b"SSND", ssnd)
    kind = b"AIFF" if encoding is None else b"AIFC"
    return b"FORM" + struct.pack(">I", 4 + len(body)) + kind + body


def little_endian(samples: list[int]) -> bytes:
    """The PCM reader hands on: 16-bit little-endian."""
    return struct.pack(f"<{len(samples)}h", *samples)


def write_wav(path: Path, samples: list[int], rate: int = 22050) -> None:
    """A 16-bit mono WAV file."""
    with wave.open(str(path), "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(rate)
        file.writeframes(array("h", samples).tobytes())


TONE = sine()


@pytest.mark.parametrize("encoding", [None, b"NONE", b"twos", b"sowt"])
def test_mono_samples_come_back_exactly(encoding: bytes | None) -> None:
    assert read_aiff(aiff([TONE], encoding=encoding)) == (little_endian(TONE), 22050)


@pytest.mark.parametrize("rate", [8000, 11025, 22050, 44100, 48000])
def test_the_80_bit_rate(rate: int) -> None:
    assert read_aiff(aiff([TONE[:10]], rate))[1] == rate


def test_stereo_is_mixed_to_mono() -> None:
    left, right = TONE, [sample // 2 for sample in TONE]
    pcm, _ = read_aiff(aiff([left, right]))
    expected = [(a + b) // 2 for a, b in zip(left, right, strict=True)]
    assert pcm == little_endian(expected)


def test_the_sound_starts_after_its_offset_and_other_chunks_are_skipped() -> None:
    odd = chunk(b"NAME", b"odd")  # three bytes and a pad byte
    data = aiff([TONE], offset=6, extra=odd + chunk(b"ANNO", b"made here"))
    assert read_aiff(data) == (little_endian(TONE), 22050)


def test_format_of_a_comm_chunk() -> None:
    comm = struct.pack(">hIh", 2, 100, 16) + extended(44100) + b"sowt"
    assert aiff_format(comm, compressed=True) == AiffFormat(2, 100, 44100, little_endian=True)
    assert aiff_format(comm[:18], compressed=False) == AiffFormat(2, 100, 44100, False)


def sixteen_to(bits: int, data: bytes) -> bytes:
    """The file with its COMM chunk claiming another sample size."""
    at = data.index(b"COMM") + 8 + 6
    return data[:at] + struct.pack(">h", bits) + data[at + 2 :]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"RIFF\0\0\0\0WAVE", "not an AIFF file"),
        (aiff([TONE])[:-10], "frames announced"),
        (aiff([TONE], encoding=b"ima4"), "compressed audio ('ima4')"),
        (sixteen_to(8, aiff([TONE])), "8-bit samples"),
        (sixteen_to(24, aiff([TONE])), "24-bit samples"),
        (aiff([TONE]).replace(b"SSND", b"XXXX"), "no COMM or no SSND"),
    ],
    ids=["wav", "cut short", "compressed", "8-bit", "24-bit", "no sound"],
)
def test_what_cannot_be_read_says_why(data: bytes, message: str) -> None:
    with pytest.raises(AiffError, match=re.escape(message)):
        read_aiff(data)


def test_is_aiff() -> None:
    assert is_aiff(aiff([TONE]))
    assert is_aiff(aiff([TONE], encoding=b"NONE"))
    assert not is_aiff(b"RIFF\0\0\0\0WAVEfmt ")


def test_the_worker_reads_aiff_saved_under_a_wav_name(tmp_path: Path) -> None:
    """NSSpeechSynthesizer writes AIFF whatever the file is called."""
    path = tmp_path / "worker-1.wav"
    path.write_bytes(aiff([TONE]))
    assert read_pcm(path) == (little_endian(TONE), 22050)


def test_the_worker_still_reads_wav(tmp_path: Path) -> None:
    path = tmp_path / "worker-1.wav"
    write_wav(path, TONE)
    assert read_pcm(path) == (little_endian(TONE), 22050)


def converted_by_sox(folder: Path, *options: str) -> tuple[bytes, int]:
    """The tone, written as WAV, converted by sox with `options` and read back."""
    if SOX is None:
        pytest.skip("sox is not installed")
    source, converted = folder / "tone.wav", folder / "converted"
    write_wav(source, TONE)
    subprocess.run([SOX, str(source), *options, str(converted)], check=True)
    return read_aiff(converted.read_bytes())


@pytest.mark.parametrize(
    "options",
    [["-t", "aiff"], ["-t", "aifc"], ["-t", "aiff", "-c", "2"]],
    ids=["aiff", "aifc", "stereo"],
)
def test_what_sox_writes(tmp_path: Path, options: list[str]) -> None:
    assert converted_by_sox(tmp_path, *options) == (little_endian(TONE), 22050)


def test_what_sox_resamples(tmp_path: Path) -> None:
    pcm, rate = converted_by_sox(tmp_path, "-t", "aiff", "-r", "44100")
    assert rate == 44100
    assert abs(len(pcm) // 2 - 2 * len(TONE)) <= 2
