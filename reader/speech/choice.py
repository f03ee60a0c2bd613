"""Turning `--voice`, `--rate` and `--engine` into an engine and a voice profile."""

from __future__ import annotations

from dataclasses import dataclass, replace

from reader.speech.engine import Engine, clamp_rate
from reader.speech.engines import create_engine
from reader.speech.profiles import DEFAULT_PROFILE, VoiceProfile, find_profile
from reader.storage.tomlfile import TomlError


class VoiceChoiceError(Exception):
    """The options name something that does not exist; the message says what to use."""


@dataclass(frozen=True)
class VoiceChoice:
    """The engine to speak with and the profile to speak in."""

    engine: Engine
    profile: VoiceProfile


def choose_voice(voice: str | None, rate: int | None, engine: str | None) -> VoiceChoice:
    """A profile by name, or the default profile with an engine voice by id."""
    try:
        profile = find_profile(voice or DEFAULT_PROFILE)
        if profile is None and voice is None:
            profile = VoiceProfile()
    except TomlError as error:
        raise VoiceChoiceError(str(error)) from error
    chosen = create_engine(engine or (profile.engine if profile else "auto"))
    if profile is None:
        assert voice is not None
        profile = _with_engine_voice(chosen, voice)
    if rate is not None:
        profile = replace(profile, settings=replace(profile.settings, rate=clamp_rate(rate)))
    return VoiceChoice(chosen, profile)


def _with_engine_voice(engine: Engine, voice: str) -> VoiceProfile:
    default = find_profile(DEFAULT_PROFILE) or VoiceProfile()
    wanted = voice.lower()
    for offered in engine.voices():
        if wanted in (offered.id.lower(), offered.name.lower(), offered.language.lower()):
            return replace(default, settings=replace(default.settings, voice=offered.id))
    engine.close()
    raise VoiceChoiceError(f"no voice or profile called {voice!r}; 'reader voices' lists them")
