"""Finding libespeak-ng: the system's own, else the one the `espeakng-loader` wheel ships.

Both the direct binding and pyttsx3 load it by its soname, so the wheel's copy is loaded
first, with ESPEAK_DATA_PATH set, and everything later finds it by that name. Its
symbols stay local (RTLD_LOCAL): Piper's phonemizer carries an eSpeak of its own, and
with ours global its calls went to ours and crashed the process.
"""

from __future__ import annotations

import ctypes
import os
from dataclasses import dataclass
from functools import cache

from reader.speech.engine import EngineUnavailable

# By soname only: ctypes.util.find_library would run a compiler to look, and leave
# temp files behind if it is interrupted.
_SONAMES = ("libespeak-ng.so.1", "libespeak-ng.1.dylib", "libespeak-ng.dll")


@dataclass(frozen=True)
class EspeakLibrary:
    """The loaded library and where it came from ('system' or 'espeakng-loader')."""

    dll: ctypes.CDLL
    origin: str
    data_path: str | None


@cache
def load_espeak() -> EspeakLibrary:
    """Load libespeak-ng once per process; raises EngineUnavailable when there is none."""
    if os.environ.get("READER_ESPEAK") != "wheel":
        for name in _SONAMES:
            try:
                return EspeakLibrary(ctypes.CDLL(name), "system", None)
            except OSError:
                continue
    return _load_from_wheel()


def _load_from_wheel() -> EspeakLibrary:
    try:
        import espeakng_loader
    except ImportError as error:
        raise EngineUnavailable(
            "eSpeak NG is not installed (install espeak-ng, or pip install espeakng-loader)"
        ) from error
    data_path = str(espeakng_loader.get_data_path())
    os.environ["ESPEAK_DATA_PATH"] = data_path
    try:
        dll = ctypes.CDLL(str(espeakng_loader.get_library_path()))
    except OSError as error:
        raise EngineUnavailable(f"eSpeak NG could not be loaded ({error})") from error
    return EspeakLibrary(dll, "espeakng-loader", data_path)
