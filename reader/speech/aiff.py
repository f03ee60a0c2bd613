"""Reading AIFF and AIFF-C files of 16-bit PCM, the format macOS's speech synthesizer writes.

The standard library's `aifc` is deprecated and gone from Python 3.13, and little of it
is needed: the COMM chunk (channels, frames, sample size, and the rate as an 80-bit
float), and the SSND chunk's samples, big-endian (little-endian in AIFF-C 'sowt').
"""

from __future__ import annotations

import math
import struct
import sys
from array import array
from dataclasses import dataclass

# AIFF-C compression types that are plain 16-bit PCM, and whether they are little-endian.
_LITTLE_ENDIAN = {b"NONE": False, b"twos": False, b"sowt": True}
_EXPONENT_BIAS = 16383 + 63  # of an 80-bit float whose 64-bit mantissa is a whole number


class AiffError(ValueError):
    """The bytes are not an AIFF file of 16-bit PCM; the message says what is wrong."""


@dataclass(frozen=True)
class AiffFormat:
    """What the COMM chunk says about the samples."""

    channels: int
    frames: int
    sample_rate: int
    little_endian: bool


def is_aiff(data: bytes) -> bool:
    """Whether `data` starts like an AIFF or AIFF-C file."""
    return data[:4] == b"FORM" and data[8:12] in (b"AIFF", b"AIFC")


def read_aiff(data: bytes) -> tuple[bytes, int]:
    """The samples, as 16-bit little-endian mono PCM, and the sample rate."""
    if not is_aiff(data):
        raise AiffError("not an AIFF file")
    chunks = _chunks(data)
    if b"COMM" not in chunks or b"SSND" not in chunks:
        raise AiffError("no COMM or no SSND chunk")
    found = aiff_format(chunks[b"COMM"], compressed=data[8:12] == b"AIFC")
    samples = _samples(chunks[b"SSND"], found)
    if found.little_endian != (sys.byteorder == "little"):
        samples.byteswap()  # into this machine's order, to mix
    mono = _mono(samples, found.channels)
    if sys.byteorder == "big":
        mono.byteswap()  # reader's PCM is little-endian
    return mono.tobytes(), found.sample_rate


def aiff_format(comm: bytes, compressed: bool) -> AiffFormat:
    """The format in a COMM chunk (an AIFF-C one, `compressed`, also names its encoding)."""
    if len(comm) < (22 if compressed else 18):
        raise AiffError("the COMM chunk is cut short")
    channels, frames, bits, exponent, mantissa = struct.unpack(">hIhHQ", comm[:18])
    encoding = comm[18:22] if compressed else b"NONE"
    if encoding not in _LITTLE_ENDIAN:
        raise AiffError(f"compressed audio ({encoding.decode('latin-1')!r}) is not read")
    if bits != 16:
        raise AiffError(f"{bits}-bit samples (only 16-bit ones are read)")
    if channels < 1:
        raise AiffError(f"{channels} channels")
    rate = round(math.ldexp(mantissa, (exponent & 0x7FFF) - _EXPONENT_BIAS))
    return AiffFormat(channels, frames, rate, _LITTLE_ENDIAN[encoding])


def _chunks(data: bytes) -> dict[bytes, bytes]:
    """Each chunk's contents by its id (the first of an id wins)."""
    found: dict[bytes, bytes] = {}
    position = 12
    while position + 8 <= len(data):
        name, size = struct.unpack(">4sI", data[position : position + 8])
        found.setdefault(name, data[position + 8 : position + 8 + size])
        position += 8 + size + size % 2  # chunks start at even offsets
    return found


def _samples(ssnd: bytes, found: AiffFormat) -> array[int]:
    """The SSND chunk's samples, as they are stored, after its offset."""
    if len(ssnd) < 8:
        raise AiffError("the SSND chunk is cut short")
    (offset,) = struct.unpack(">I", ssnd[:4])
    size = found.frames * found.channels * 2
    sound = ssnd[8 + offset : 8 + offset + size]
    if len(sound) < size:
        raise AiffError(f"{found.frames} frames announced, {len(sound) // 2} samples found")
    return array("h", sound)


def _mono(samples: array[int], channels: int) -> array[int]:
    """The channels of each frame averaged."""
    if channels == 1:
        return samples
    frames = range(0, len(samples), channels)
    return array("h", (sum(samples[start : start + channels]) // channels for start in frames))
