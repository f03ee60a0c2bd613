"""The time-stretch (WSOLA), alone on real eSpeak speech and synthetic tones, and inside
the eSpeak engine where it stands in for a missing libsonic past 449 wpm."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt
import pytest
from recording import SENTENCE, Recording, heard, speak, speak_afresh, steady_length

from reader.speech.engine import CHUNK_MS, Chunk, EngineUnavailable, VoiceSettings, WordMark
from reader.speech.espeak import EspeakEngine
from reader.speech.espeak_binding import espeak_binding
from reader.speech.stretch import COARSE_HZ, MAX_FACTOR, Stretcher, _Search, stretch

RATE = 22_050
FACTORS = (1.0, 1.002, 1.25, 1.5, 2.0, MAX_FACTOR)
Samples = npt.NDArray[np.float64]


@pytest.fixture(scope="module")
def sonic() -> EspeakEngine:
    """eSpeak as it is here, with libsonic past 449 wpm."""
    try:
        return EspeakEngine(use_sonic=True)
    except EngineUnavailable as error:
        pytest.skip(f"espeak: {error}")


@pytest.fixture(scope="module")
def stretched(sonic: EspeakEngine) -> EspeakEngine:
    """eSpeak as if it had no libsonic: native 449 wpm, stretched the rest of the way."""
    return EspeakEngine(use_sonic=False)


@pytest.fixture(scope="module")
def speech(sonic: EspeakEngine) -> bytes:
    """SENTENCE at eSpeak's fastest native pace, the audio the stretch is given, the same
    on every run whatever the tests before said."""
    return speak_afresh(SENTENCE, rate=449)


def samples_of(pcm: bytes) -> Samples:
    return np.frombuffer(pcm, dtype="<i2").astype(np.float64)


def pcm_of(signal: Samples) -> bytes:
    return np.rint(signal).astype("<i2").tobytes()


def seconds(count: float) -> Samples:
    """Sample times for `count` seconds."""
    return np.arange(round(count * RATE)) / RATE


def rms(signal: Samples) -> float:
    return float(np.sqrt(np.mean(signal * signal)))


class TestStretch:
    @pytest.mark.parametrize("factor", FACTORS)
    def test_speech_is_shortened_by_the_factor(self, speech: bytes, factor: float) -> None:
        out = stretch(speech, factor, RATE)
        assert len(out) // 2 == round(len(speech) // 2 / factor)

    @pytest.mark.parametrize("factor", FACTORS)
    def test_speech_keeps_its_loudness(self, speech: bytes, factor: float) -> None:
        before, after = samples_of(speech), samples_of(stretch(speech, factor, RATE))
        assert rms(after) == pytest.approx(rms(before), rel=0.15)

    def test_no_stretch_gives_the_speech_back(self, speech: bytes) -> None:
        """Factor 1 lays every frame where it was: the overlapping halves add up again."""
        difference = samples_of(stretch(speech, 1.0, RATE)) - samples_of(speech)
        assert np.abs(difference).max() <= 1

    def test_pitch_is_kept(self) -> None:
        """A 150 Hz voice with harmonics, twice as fast, is still 150 Hz."""
        time = seconds(2)
        voice = 6000 * np.sum([np.sin(2 * np.pi * 150 * h * time) / h for h in range(1, 6)], axis=0)
        out = samples_of(stretch(pcm_of(voice), 2.0, RATE))
        assert len(out) == len(voice) // 2
        assert dominant_frequency(out[RATE // 4 : RATE // 4 + 4096]) == pytest.approx(150, rel=0.03)

    @pytest.mark.parametrize("factor", FACTORS)
    def test_a_sine_has_no_clicks(self, factor: float) -> None:
        """No jump between two samples much larger than the sine's own steepest step."""
        sine = np.sin(2 * np.pi * 440 * seconds(1)) * 12000
        out = samples_of(stretch(pcm_of(sine), factor, RATE))
        own = np.abs(np.diff(np.rint(sine))).max()
        assert np.abs(np.diff(out)).max() <= 1.1 * own

    def test_pieces_stretch_as_the_whole(self, speech: bytes) -> None:
        """Fed as eSpeak feeds it, in pieces, the output is the same as in one go."""
        stretcher = Stretcher(1.7, RATE)
        pieces = [stretcher.push(piece)[0] for piece in pieces_of(speech, 1323 * 2)]
        assert b"".join(pieces) + stretcher.finish()[0] == stretch(speech, 1.7, RATE)

    @pytest.mark.parametrize("size", [441, 997, 1081])
    @pytest.mark.parametrize("factor", [600 / 449, 900 / 449, MAX_FACTOR])
    def test_pieces_of_any_size_stretch_as_the_whole(
        self, speech: bytes, factor: float, size: int
    ) -> None:
        """20 ms, odd and eSpeak's own sizes: byte for byte the output of one push."""
        stretcher = Stretcher(factor, RATE)
        pieces = [stretcher.push(piece)[0] for piece in pieces_of(speech, size * 2)]
        assert b"".join(pieces) + stretcher.finish()[0] == stretch(speech, factor, RATE)

    @pytest.mark.parametrize("factor", FACTORS)
    def test_speech_has_no_clicks(self, speech: bytes, factor: float) -> None:
        """The steepest steps between samples (99.9th percentile) are no steeper than
        eSpeak's own: a join between frames that did not match would be."""
        before, after = samples_of(speech), samples_of(stretch(speech, factor, RATE))
        assert steepest(after) <= 1.01 * steepest(before)

    @pytest.mark.parametrize(("factor", "most"), [(600 / 449, 1.5), (900 / 449, 2.0)])
    def test_speech_keeps_its_timbre(self, speech: bytes, factor: float, most: float) -> None:
        """The long-term spectrum, 0-8 kHz, stays within `most` dB (RMS) of the input's.
        On this sentence, from a fresh eSpeak, it measures 0.87 at 600 wpm and 1.31 at
        900; libsonic's own speed-up of the same sentence lies 2.3-2.9 dB away."""
        before, after = samples_of(speech), samples_of(stretch(speech, factor, RATE))
        difference = 10 * np.log10(spectrum(after) / spectrum(before))
        assert np.sqrt(np.mean(difference**2)) < most

    def test_the_search_finds_what_a_full_one_does(self, speech: bytes) -> None:
        """Coarse to fine, the place found continues a frame about as well as the best
        of every place tried one by one: on real speech, mostly exactly as well, and
        nine times in ten at least 90% as well."""
        frame, tolerance = 528, 220
        signal = np.concatenate((np.zeros(RATE // 10), samples_of(speech)))
        search = _Search(signal, 0, round(RATE / COARSE_HZ), frame, tolerance)

        def match(place: int, natural: int) -> float:
            candidate = signal[place : place + frame]
            similarity = candidate @ signal[natural : natural + frame]
            return float(similarity / np.sqrt(candidate @ candidate + 1))

        ratios = []
        for natural in range(RATE // 10, len(signal) - RATE // 10, 397):
            lowest = natural + 150
            best = max(match(place, natural) for place in range(lowest, lowest + 2 * tolerance))
            if best > 0:
                ratios.append(match(search.place(lowest, natural), natural) / best)
        assert np.median(ratios) == pytest.approx(1)
        assert np.percentile(ratios, 10) > 0.9

    @pytest.mark.parametrize("factor", [0.5, 0.99, 2.6])
    def test_a_factor_out_of_range_is_refused(self, factor: float) -> None:
        with pytest.raises(ValueError, match="stretch factor"):
            Stretcher(factor, RATE)

    def test_nothing_in_gives_nothing_out(self) -> None:
        stretcher = Stretcher(2.0, RATE)
        assert stretcher.push(b"") == (b"", ())
        assert stretcher.finish() == (b"", ())


class TestMarksThroughTheStretch:
    def test_a_mark_goes_where_its_sample_is_heard(self, speech: bytes) -> None:
        """Each mark comes out with the piece of output it falls in, at sample / factor."""
        factor, size = 1.6, 1323 * 2
        marks = [WordMark(index, 1, sample) for index, sample in enumerate(range(0, 80_000, 997))]
        stretcher = Stretcher(factor, RATE)
        delivered, placed = 0, list[WordMark]()
        for number, piece in enumerate(pieces_of(speech, size)):
            first = number * size // 2
            due = [mark for mark in marks if first <= mark.sample < first + len(piece) // 2]
            out, released = stretcher.push(piece, due)
            assert all(delivered <= mark.sample < delivered + len(out) // 2 for mark in released)
            delivered += len(out) // 2
            placed += released
        out, released = stretcher.finish()
        assert all(delivered <= mark.sample < delivered + len(out) // 2 for mark in released)
        placed += released
        assert [mark.start for mark in placed] == [mark.start for mark in marks]
        assert [mark.sample for mark in placed] == [round(m.sample / factor) for m in marks]

    def test_a_mark_after_the_audio_stays_inside_it(self) -> None:
        stretcher = Stretcher(2.0, RATE)
        out, released = stretcher.push(bytes(2000), [WordMark(0, 1, 999)])
        tail, last = stretcher.finish()
        assert [mark.sample for mark in released + last] == [499]
        assert len(out + tail) // 2 == 500


class TestWithoutSonic:
    def test_this_library_has_sonic(self, sonic: EspeakEngine) -> None:
        with espeak_binding().lock:
            assert espeak_binding().has_sonic()

    @pytest.mark.parametrize("rate", [600, 900])
    def test_the_pace_is_the_sonic_paths(
        self, sonic: EspeakEngine, stretched: EspeakEngine, rate: int
    ) -> None:
        assert speak(stretched, SENTENCE, rate=rate).samples == pytest.approx(
            speak(sonic, SENTENCE, rate=rate).samples, rel=0.15
        )

    @pytest.mark.parametrize("rate", [449, 450, 600, 900])
    def test_marks_are_the_words_in_order_inside_the_audio(
        self, stretched: EspeakEngine, rate: int
    ) -> None:
        # Against eSpeak's own fastest pace, which the stretch shortens: libsonic's marks
        # are no reference, as it dates them before its own buffering (with eSpeak's
        # 400 ms buffers the last word of a sentence can be dated past its end).
        recording, reference = (
            speak(stretched, SENTENCE, rate=rate),
            speak(stretched, SENTENCE, rate=449),
        )
        assert heard(SENTENCE, recording.marks) == heard(SENTENCE, reference.marks)
        samples = [mark.sample for mark in recording.marks]
        assert samples == sorted(samples)
        assert samples[0] >= 0
        assert samples[-1] < recording.samples
        assert samples[-1] / recording.samples == pytest.approx(
            reference.marks[-1].sample / reference.samples, abs=0.03
        )

    def test_a_chunk_carries_the_marks_that_start_inside_it(self, stretched: EspeakEngine) -> None:
        recording = speak(stretched, SENTENCE, rate=900)
        misplaced = [
            mark
            for chunk, start in zip(recording.chunks, starts(recording.chunks), strict=True)
            for mark in chunk.marks
            if not start <= mark.sample < start + chunk.samples
        ]
        assert misplaced == []
        assert max(chunk.samples for chunk in recording.chunks) <= RATE * CHUNK_MS // 1000

    # By 5 wpm at least, each the median of three: eSpeak's own length varies a little.
    @pytest.mark.parametrize(
        "rates",
        [range(100, 950, 50), range(430, 505, 5), range(860, 905, 5)],
        ids=["100-900-by-50", "430-500-by-5", "860-900-by-5"],
    )
    def test_every_step_of_pace_is_faster(
        self, stretched: EspeakEngine, rates: tuple[int, ...]
    ) -> None:
        lengths = [steady_length(stretched, SENTENCE, rate) for rate in rates]
        assert all(after < before for before, after in itertools.pairwise(lengths))

    def test_answering_false_delivers_no_further_chunk(self, stretched: EspeakEngine) -> None:
        recording = Recording(sample_limit=RATE // 2)
        stretched.configure(VoiceSettings(rate=900))
        assert not stretched.synthesize(SENTENCE, recording)
        assert RATE // 2 <= recording.samples <= RATE // 2 + RATE * CHUNK_MS // 1000


def pieces_of(pcm: bytes, size: int) -> Iterator[bytes]:
    return (pcm[start : start + size] for start in range(0, len(pcm), size))


def starts(chunks: list[Chunk]) -> list[int]:
    """The sample each chunk starts at."""
    return list(itertools.accumulate((chunk.samples for chunk in chunks[:-1]), initial=0))


def steepest(signal: Samples) -> float:
    """The 99.9th percentile of the step between two samples."""
    return float(np.percentile(np.abs(np.diff(signal)), 99.9))


def spectrum(signal: Samples, size: int = 1024) -> Samples:
    """The long-term power spectrum (Hann windows half overlapping), 0-8 kHz."""
    frames = np.lib.stride_tricks.sliding_window_view(signal, size)[:: size // 2]
    power: Samples = (np.abs(np.fft.rfft(frames * np.hanning(size))) ** 2).mean(axis=0)
    return power[1 : 8000 * size // RATE + 1]


def dominant_frequency(signal: Samples) -> float:
    """The strongest period between 2.5 and 16 ms by autocorrelation, as a frequency."""
    signal = signal - signal.mean()
    correlation = np.correlate(signal, signal, mode="full")[len(signal) - 1 :]
    shortest, longest = RATE // 400, RATE // 60
    return RATE / (shortest + int(np.argmax(correlation[shortest:longest])))
