"""Piper for reading, eSpeak for the rest: what `--engine piper` and the natural profile use.

A Piper voice takes a moment to start and exists for a few languages only; eSpeak starts
at once and speaks over a hundred. So a review is read by an installed Piper voice for
its language when there is one, and by eSpeak otherwise, and reader's own words (the
confirmation of a key, "Section 2 of 4") are said by eSpeak, so keys stay instant. Both
make 16-bit mono PCM; when their sample rates differ, Piper speaks everything.

A voice id names its engine: 'espeak:es' is eSpeak's Spanish voice, anything else is
Piper's.
"""

from __future__ import annotations

from dataclasses import replace

from reader.speech.engine import ChunkCallback, Engine, Voice, VoiceSettings

ESPEAK = "espeak:"


class MixedEngine(Engine):
    """Piper where it has a voice for the language, eSpeak elsewhere and for reader's own
    words."""

    name = "piper"

    def __init__(self, piper: Engine, espeak: Engine) -> None:
        self.piper = piper
        self.espeak = espeak
        self._settings = VoiceSettings()
        self._mixes = espeak.sample_rate == piper.sample_rate

    @property
    def sample_rate(self) -> int:
        return self.piper.sample_rate

    def describe(self) -> str:
        if not self._mixes:
            return self.piper.describe()
        return f"{self.piper.describe()}; eSpeak for other languages and reader's own words"

    def voices(self) -> list[Voice]:
        offered = self.piper.voices()
        if self._mixes:
            offered += [replace(voice, id=ESPEAK + voice.id) for voice in self.espeak.voices()]
        return offered

    def voice_for(self, language: str) -> str:
        chosen = self.piper.voice_for(language)
        if not chosen and self._mixes and (spoken := self.espeak.voice_for(language)):
            chosen = ESPEAK + spoken  # none for a language eSpeak lacks too: Piper's own
        return chosen

    def quick_voice_for(self, language: str) -> str:
        if not self._mixes:
            return self.voice_for(language)
        return ESPEAK + self.espeak.voice_for(language)

    def configure(self, settings: VoiceSettings) -> None:
        self._settings = settings

    def synthesize(self, text: str, on_chunk: ChunkCallback) -> bool:
        voice = self._settings.voice
        engine = self.espeak if self._mixes and voice.startswith(ESPEAK) else self.piper
        engine.chunk_ms = self.chunk_ms
        engine.configure(replace(self._settings, voice=voice.removeprefix(ESPEAK)))
        return engine.synthesize(text, on_chunk)

    def abort(self) -> None:
        self.piper.abort()
        self.espeak.abort()

    def close(self) -> None:
        self.piper.close()
        self.espeak.close()
