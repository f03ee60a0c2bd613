"""Turning a voice, a pace and an engine, as named by the user, into an engine and a profile."""

from __future__ import annotations

from dataclasses import dataclass, replace

from reader.speech.engine import Engine, clamp_rate
from reader.speech.engines import create_engine
from reader.speech.profiles import DEFAULT_PROFILE, VoiceProfile, find_profile, profile_paths
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
    named = _profile(voice or DEFAULT_PROFILE)
    chosen = create_engine(engine or (named.engine if named else "auto"))
    profile = named or VoiceProfile()
    if named is None and voice is not None:
        profile = _with_engine_voice(chosen, voice)
    if rate is not None:
        profile = replace(profile, settings=replace(profile.settings, rate=clamp_rate(rate)))
    return VoiceChoice(chosen, profile)


def spoken_profile(voice: str | None) -> VoiceProfile:
    """The profile `voice` speaks in, found without starting an engine: the one it names,
    else the default profile (an engine voice speaks in it); raises VoiceChoiceError when
    a profile file is broken."""
    return _profile(voice or DEFAULT_PROFILE) or _profile(DEFAULT_PROFILE) or VoiceProfile()


def _profile(name: str) -> VoiceProfile | None:
    try:
        return find_profile(name)
    except TomlError as error:
        raise VoiceChoiceError(str(error)) from error


def _with_engine_voice(engine: Engine, voice: str) -> VoiceProfile:
    default = spoken_profile(None)
    wanted = voice.lower()
    for offered in engine.voices():
        if wanted in (offered.id.lower(), offered.name.lower(), offered.language.lower()):
            return replace(default, settings=replace(default.settings, voice=offered.id))
    engine.close()
    profiles = ", ".join(profile_paths())
    raise VoiceChoiceError(
        f"no voice or profile called {voice!r}; 'reader voices' lists them (profiles: {profiles})"
    )
