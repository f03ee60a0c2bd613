"""Choosing an engine by name; `auto` takes the best one this machine can run."""

from __future__ import annotations

from collections.abc import Callable

from reader.speech.engine import Engine, EngineUnavailable

ENGINES = ("espeak", "pyttsx3", "piper", "silent")
# Piper is only used when asked for: its voices take a second to load, and eSpeak keeps
# navigation and confirmations instant.
AUTO_ORDER = ("espeak", "pyttsx3")


def create_engine(name: str = "auto") -> Engine:
    """The named engine; `auto` falls back to silence when no speech engine runs here."""
    if name == "auto":
        for candidate in AUTO_ORDER:
            try:
                return create_engine(candidate)
            except EngineUnavailable:
                continue
        return create_engine("silent")
    try:
        factory = _FACTORIES[name]
    except KeyError:
        choices = ", ".join(("auto", *ENGINES))
        raise EngineUnavailable(f"unknown engine {name!r} (choose from {choices})") from None
    return factory()


def _espeak() -> Engine:
    from reader.speech.espeak import EspeakEngine

    return EspeakEngine()


def _pyttsx3() -> Engine:
    from reader.speech.pyttsx3_engine import Pyttsx3Engine

    return Pyttsx3Engine()


def _piper() -> Engine:
    """Piper's voices, with eSpeak for other languages and reader's own words where
    eSpeak runs (reader.speech.mixed)."""
    from reader.speech.mixed import MixedEngine
    from reader.speech.piper_engine import PiperEngine

    piper = PiperEngine()
    try:
        return MixedEngine(piper, _espeak())
    except EngineUnavailable:
        return piper


def _silent() -> Engine:
    from reader.speech.silent import SilentEngine

    return SilentEngine()


_FACTORIES: dict[str, Callable[[], Engine]] = {
    "espeak": _espeak,
    "pyttsx3": _pyttsx3,
    "piper": _piper,
    "silent": _silent,
}
