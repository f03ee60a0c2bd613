"""Checking a Piper voice's files before it is installed: its settings name a sample rate,
and its model is a whole ONNX file. The model is checked without onnxruntime (which
the voice may be installed before), by walking the top level of its protobuf message:
garbage and a cut-short download are told apart from a model in milliseconds.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import BinaryIO

_MOST_FIELDS = 10_000  # a model has a handful at the top level; garbage is stopped


class VoiceInstallError(Exception):
    """Why a voice could not be installed or removed, in one line."""


def check_settings(path: Path) -> None:
    """The settings must be JSON naming a sample rate, as every Piper voice's do."""
    try:
        settings = json.loads(path.read_text(encoding="utf-8"))
        rate = settings["audio"]["sample_rate"]
    except (ValueError, TypeError, KeyError):
        rate = None
    if not isinstance(rate, int) or rate <= 0:
        raise VoiceInstallError(f"{path.name} is not a Piper voice's settings (no sample rate)")


def check_model(path: Path) -> None:
    """The model must be a whole ONNX model: its top-level protobuf fields must end exactly
    at the end of the file, and include the version and the graph."""
    if not {1, 7} <= _top_level_fields(path):
        raise VoiceInstallError(f"{path.name} is not a whole ONNX model (corrupt or cut short)")


def _top_level_fields(path: Path) -> set[int]:
    """The field numbers of the protobuf message in `path`, or an empty set when the file
    is not one. Only the top level is walked: the graph is one field, skipped in a seek."""
    size = path.stat().st_size
    fields: set[int] = set()
    with path.open("rb") as stream:
        for _ in range(_MOST_FIELDS):
            if stream.tell() == size:
                return fields
            key = _varint(stream)
            number, kind = (key >> 3, key & 7) if key is not None else (0, -1)
            skip = _varint(stream) if kind == 2 else {0: 0, 1: 8, 5: 4}.get(kind)
            if kind == 0 and _varint(stream) is None:
                return set()
            if number == 0 or skip is None or stream.seek(skip, os.SEEK_CUR) > size:
                return set()
            fields.add(number)
    return set()


def _varint(stream: BinaryIO) -> int | None:
    value = 0
    for shift in range(0, 70, 7):
        byte = stream.read(1)
        if not byte:
            return None
        value |= (byte[0] & 0x7F) << shift
        if byte[0] < 0x80:
            return value
    return None
