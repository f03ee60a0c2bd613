"""The Piper engine: a neural voice, rendered a sentence ahead and delivered in chunks.

Piper renders a whole piece of text at once (a sentence, or a clause of a long one:
reader.speech.piper_marks), about nine times faster than real time on two cores. A
worker thread renders the next piece while the current one is delivered, in chunks of
`chunk_ms`, so a stop lets at most one chunk through; a piece being rendered when a
stop comes is finished by the worker and thrown away.

Pace: 80-400 wpm through the voice's length scale, calibrated per voice against its
measured native pace (reader.speech.piper_voices.NativePace); faster paces are rendered
at 400 and time-stretched as eSpeak's are. Volume scales the audio; pitch is ignored
(Piper has no control for it).

Piper draws each phoneme's length at random (its `noise_w`): the same sentence varies
by about 2% from one rendering to the next. `rhythm_noise` sets it to 0, so a pace is
exact and repeatable (an export comes out the same twice) for a little less variety of
rhythm.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field, replace
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from reader.speech.delivery import Delivery, stretcher
from reader.speech.engine import (
    ChunkCallback,
    Engine,
    EngineUnavailable,
    Voice,
    VoiceSettings,
    WordMark,
    chunk_size,
    clamp_rate,
    voice_for_language,
)
from reader.speech.kept_audio import KeptAudio
from reader.speech.piper_aligned import aligned_model
from reader.speech.piper_marks import (
    Piece,
    aligned_marks,
    count_sounds,
    sound_starts,
    speech_span,
    split_pieces,
    spread_marks,
    tokens_of,
    words_of,
)
from reader.speech.piper_voices import (
    PACE_PASSAGE,
    NativePace,
    PiperVoiceFile,
    cached_pace,
    installed_voices,
    keep_pace,
    offered_voices,
    pace_cache,
    voice_file,
)

if TYPE_CHECKING:
    from piper import PiperVoice, SynthesisConfig

# Faster paces are rendered at this and time-stretched. Piper rounds each phoneme up to a
# whole frame (11.6 ms at 22,050 Hz), so near 450 wpm a step of 5 wpm in length scale
# can change nothing; the stretch is continuous.
FASTEST_NATIVE = 400
_WAIT = 0.02  # seconds between looks at abort() while a piece is rendered
# Seconds of rendered audio kept for pieces asked for again: going back a sentence, or
# a pace changed past FASTEST_NATIVE, then needs no rendering (reader.speech.kept_audio).
KEEP_SECONDS = 120
INSTALL = "piper is not installed: pip install 'review-reader[piper]'"


@dataclass
class _Loaded:
    """A voice loaded into Piper, with what is learnt about it as it speaks."""

    file: PiperVoiceFile
    voice: PiperVoice
    pace: NativePace | None = None
    sounds: dict[str, int] = field(default_factory=dict)  # phonemes per token
    aligned: bool = False  # whether the model gives each phoneme's length

    def count(self, tokens: Sequence[str]) -> None:
        """Learn the phoneme count of each token not yet counted."""
        for token in tokens:
            if token not in self.sounds:
                said = self.voice.phonemize(token)
                self.sounds[token] = sum(count_sounds(sentence) for sentence in said)


@dataclass(frozen=True)
class _Rendered:
    """A piece's audio and its marks (samples from the piece's start)."""

    samples: np.ndarray[Any, np.dtype[np.int16]]
    marks: list[WordMark]


# A rendering is the same again for the same voice, piece, length scale and volume.
_Key = tuple[str, Piece, float | None, float]


class PiperEngine(Engine):
    """Piper, with the voice `model` (a `.onnx` with its `.onnx.json`) or the first
    installed voice. Word marks come from the voice's phoneme alignments when `aligned`
    and they can be had (`piper_aligned`), else they are spread over each word by its
    phonemes."""

    name = "piper"
    rhythm_noise = 0.0

    def __init__(self, model: Path | None = None, aligned: bool = True) -> None:
        _quiet_onnxruntime()
        files = installed_voices() if model is None else [voice_file(model)]
        if not files:
            raise EngineUnavailable("no Piper voice is installed")
        self._aligning = aligned
        self._loaded = _load(files[0], self._aligning)
        self._default = self._loaded.file
        self._settings = VoiceSettings()
        self._aborted = threading.Event()
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="piper")
        self._pace_cache = pace_cache()
        self._offered: list[Voice] | None = None
        self.kept: KeptAudio[_Key, _Rendered] = KeptAudio(KEEP_SECONDS * self.sample_rate)

    @property
    def sample_rate(self) -> int:
        return int(self._loaded.voice.config.sample_rate)

    def describe(self) -> str:
        aligned = self._loaded.aligned
        marks = "word marks from alignments" if aligned else "word marks spread by phonemes"
        return f"piper: Piper {version('piper-tts')}, voice {self._loaded.file.name} ({marks})"

    def voices(self) -> list[Voice]:
        # Found on disk once per engine: voice_for asks for every utterance read.
        if self._offered is None:
            self._offered = offered_voices()
        return list(self._offered)

    def voice_for(self, language: str) -> str:
        return voice_for_language(self.voices(), language)

    def configure(self, settings: VoiceSettings) -> None:
        self._settings = settings

    def abort(self) -> None:
        self._aborted.set()

    def close(self) -> None:
        self._worker.shutdown(wait=True, cancel_futures=True)
        self._loaded.voice.session = None  # free the model now
        self.kept.clear()

    def synthesize(self, text: str, on_chunk: ChunkCallback) -> bool:
        self._aborted.clear()
        with self._lock:
            loaded = self._voice(self._settings.voice)
            config, stretch = self._rendering(loaded, self._settings)
            delivery = Delivery(
                on_chunk,
                self._aborted,
                chunk_size(self.sample_rate, self.chunk_ms),
                stretcher(stretch, self.sample_rate),
            )
            return self._speak(loaded, split_pieces(text), config, delivery)

    def _speak(
        self, loaded: _Loaded, pieces: list[Piece], config: SynthesisConfig, delivery: Delivery
    ) -> bool:
        """Render each piece while the one before is delivered."""
        ahead: Future[_Rendered] | None = None
        made = 0  # samples rendered before the current piece
        try:
            for index, piece in enumerate(pieces):
                current = ahead or self._render_later(loaded, piece, config)
                ahead = None
                if index + 1 < len(pieces):
                    ahead = self._render_later(loaded, pieces[index + 1], config)
                rendered = self._wait(current)
                if rendered is None:
                    return False
                marks = [replace(mark, sample=mark.sample + made) for mark in rendered.marks]
                if not delivery.push(rendered.samples.tobytes(), marks):
                    return False
                made += len(rendered.samples)
            return delivery.finish()
        finally:
            if ahead is not None:
                ahead.cancel()

    def _render_later(
        self, loaded: _Loaded, piece: Piece, config: SynthesisConfig
    ) -> Future[_Rendered]:
        """The piece's audio and marks: kept from an earlier rendering, else rendered by
        the worker and kept. With rhythm noise each rendering differs, as it should: none
        is kept."""
        if config.noise_w_scale:
            return self._worker.submit(_render, loaded, piece, config)
        key = (loaded.file.name, piece, config.length_scale, config.volume)
        kept = self.kept.get(key)
        if kept is not None:
            done: Future[_Rendered] = Future()
            done.set_result(kept)
            return done
        return self._worker.submit(self._rendered_and_kept, key, loaded, piece, config)

    def _rendered_and_kept(
        self, key: _Key, loaded: _Loaded, piece: Piece, config: SynthesisConfig
    ) -> _Rendered:
        """On the worker: render the piece and keep it, before anyone waiting for it can
        ask for it again. A piece asked for twice before either was rendered (said again
        while it was being made) is rendered once."""
        rendered = self.kept.get(key)
        if rendered is None:
            rendered = _render(loaded, piece, config)
            self.kept.keep(key, rendered, len(rendered.samples))
        return rendered

    def _wait(self, future: Future[_Rendered]) -> _Rendered | None:
        """The rendered piece, or None once abort() is called while waiting for it."""
        while not self._aborted.is_set():
            try:
                return future.result(timeout=_WAIT)
            except FutureTimeout:
                continue
        future.cancel()
        return None

    def _voice(self, name: str) -> _Loaded:
        """The loaded voice named (the default for '' or a name not installed)."""
        wanted = name or self._default.name
        if wanted != self._loaded.file.name:
            files = {file.name: file for file in installed_voices()}
            file = files.get(wanted, self._default)
            if file.name != self._loaded.file.name:
                self._loaded = _load(file, self._aligning)
        return self._loaded

    def _rendering(self, loaded: _Loaded, settings: VoiceSettings) -> tuple[SynthesisConfig, float]:
        """Piper's settings for a pace and volume, and the stretch past FASTEST_NATIVE."""
        from piper import SynthesisConfig

        rate = clamp_rate(settings.rate)
        native = min(rate, FASTEST_NATIVE)
        scale = self._pace(loaded).length_scale(native)
        volume = max(0, min(100, settings.volume)) / 100
        config = SynthesisConfig(length_scale=scale, noise_w_scale=self.rhythm_noise, volume=volume)
        return config, rate / native

    def _pace(self, loaded: _Loaded) -> NativePace:
        """The voice's native pace: kept from an earlier run, else measured (seconds)."""
        if loaded.pace is None:
            model = loaded.file.model
            loaded.pace = cached_pace(self._pace_cache, model)
            if loaded.pace is None:
                loaded.pace = self._worker.submit(_measure, loaded, self.rhythm_noise).result()
                keep_pace(self._pace_cache, model, loaded.pace)
        return loaded.pace


def _quiet_onnxruntime() -> None:
    """Import onnxruntime with its warnings off (they would reach the terminal)."""
    try:
        import onnxruntime  # type: ignore[import-untyped]
        import piper  # noqa: F401 - only whether it is there
    except ImportError:
        raise EngineUnavailable(INSTALL) from None
    onnxruntime.set_default_logger_severity(3)


def _load(file: PiperVoiceFile, aligning: bool) -> _Loaded:
    """Load a voice (with its alignments, if `aligning` and they can be had), or say in
    one line why it cannot be."""
    from piper import PiperConfig, PiperVoice

    settings = file.settings()  # its settings are there and readable
    if not file.model.is_file():
        raise EngineUnavailable(f"the Piper voice {file.name} has no model {file.model.name}")
    try:
        model = (aligning and aligned_model(file)) or file.model
        # As PiperVoice.load makes it, but for the session's options.
        voice = PiperVoice(config=PiperConfig.from_dict(settings), session=_session(model))
    except Exception as error:  # onnxruntime raises its own kinds for a damaged model
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise EngineUnavailable(f"the Piper voice {file.name} cannot be loaded: {reason}") from None
    # A second output gives each phoneme's length.
    return _Loaded(file, voice, aligned=len(voice.session.get_outputs()) > 1)


def _session(model: Path) -> Any:
    """The model's onnxruntime session, on the CPU, its threads sleeping between steps
    rather than spinning (onnxruntime's default): with another program busy on the other
    core (a screen reader, a browser) sentences took a fifth less time and CPU, and on an
    idle machine about the same time (bench/piper_threads.py)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "0")
    return onnxruntime.InferenceSession(
        str(model), sess_options=options, providers=["CPUExecutionProvider"]
    )


def _render(loaded: _Loaded, piece: Piece, config: SynthesisConfig) -> _Rendered:
    """A piece's audio and word marks (run by the worker thread)."""
    loaded.count(tokens_of(piece.text))
    words = words_of(piece.text, loaded.sounds)
    parts = list(loaded.voice.synthesize(piece.text, syn_config=config, include_alignments=True))
    if not parts:
        return _Rendered(np.zeros(0, dtype=np.int16), [])
    samples = np.concatenate([part.audio_int16_array for part in parts])
    if all(part.phoneme_alignments for part in parts):
        starts: list[int] = []
        at = 0
        for part in parts:
            alignments = part.phoneme_alignments or []
            phonemes = [alignment.phoneme for alignment in alignments]
            lengths = [int(alignment.num_samples) for alignment in alignments]
            starts += [at + start for start in sound_starts(phonemes, lengths)]
            at += len(part.audio_float_array)
        return _Rendered(samples, aligned_marks(words, starts, piece.start))
    first, end = speech_span(samples)
    return _Rendered(samples, spread_marks(words, first, end, piece.start))


def _measure(loaded: _Loaded, rhythm_noise: float) -> NativePace:
    """Time PACE_PASSAGE at length scales 1 and 0.5, without the silence at either end."""
    from piper import SynthesisConfig

    def seconds(scale: float) -> float:
        config = SynthesisConfig(length_scale=scale, noise_w_scale=rhythm_noise)
        rendered = [_render(loaded, piece, config) for piece in split_pieces(PACE_PASSAGE)]
        samples = np.concatenate([piece.samples for piece in rendered])
        first, end = speech_span(samples)
        return (end - first) / loaded.voice.config.sample_rate

    return NativePace(len(PACE_PASSAGE.split()), seconds(1.0), seconds(0.5))
