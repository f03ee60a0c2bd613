"""The pyttsx3 engine, for real: a worker process speaking through the wheel's eSpeak."""

from __future__ import annotations

import gc
import io
import os
import re
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from recording import Recording, heard, speak

from reader.speech.engine import Chunk, EngineUnavailable, Voice, VoiceSettings, WordMark
from reader.speech.pyttsx3_engine import Piece, Pyttsx3Engine, chunks, split_text
from reader.speech.pyttsx3_wire import (
    Audio,
    Failure,
    Message,
    Ready,
    decode_request,
    encode_request,
    read_message,
    write_message,
)
from reader.speech.pyttsx3_words import Heard, place_marks

SENTENCE = "The quick brown fox jumps over the lazy dog near the river."
# How long a stopped worker may take to answer on a loaded machine: only a bound.
SETTLE = 10
WORDS = re.compile(r"\w+")
LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


@pytest.fixture(scope="module")
def engine() -> Iterator[Pyttsx3Engine]:
    speaker = Pyttsx3Engine()
    yield speaker
    speaker.close()


@pytest.fixture(autouse=True)
def normal_settings(engine: Pyttsx3Engine) -> None:
    engine.configure(VoiceSettings())


def worker_children() -> set[int]:
    """Our child processes running the worker module."""
    found: set[int] = set()
    for children in Path("/proc/self/task").glob("*/children"):
        for pid in children.read_text().split():
            cmdline = Path(f"/proc/{pid}/cmdline")
            if cmdline.exists() and b"pyttsx3_worker" in cmdline.read_bytes():
                found.add(int(pid))
    return found


def engine_folders() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("reader-pyttsx3-*"))


class TestSpeech:
    def test_describes_itself_on_one_line(self, engine: Pyttsx3Engine) -> None:
        described = r"pyttsx3: eSpeak NG [\d.]+ through pyttsx3 [\d.]+ \(worker process\)"
        assert re.fullmatch(described, engine.describe())
        assert engine.sample_rate == 22050

    def test_offers_the_espeak_voices(self, engine: Pyttsx3Engine) -> None:
        voices = engine.voices()
        assert Voice("gmw/en-us", "English (America)", "en-us") in voices
        assert len(voices) > 50

    def test_a_ten_word_sentence_lasts_seconds(self, engine: Pyttsx3Engine) -> None:
        seconds = speak(engine, SENTENCE).samples / engine.sample_rate
        assert 1.5 < seconds < 8

    def test_chunks_are_20_ms(self, engine: Pyttsx3Engine) -> None:
        sizes = [chunk.samples for chunk in speak(engine, SENTENCE).chunks]
        assert set(sizes[:-1]) == {engine.sample_rate // 50}
        assert 0 < sizes[-1] <= engine.sample_rate // 50

    def test_double_pace_halves_the_audio(self, engine: Pyttsx3Engine) -> None:
        normal = speak(engine, SENTENCE, rate=175).samples
        assert 0.35 < speak(engine, SENTENCE, rate=350).samples / normal < 0.7

    def test_every_change_of_pace_is_heard(self, engine: Pyttsx3Engine) -> None:
        # Regression: a pause between utterances let pyttsx3 cancel a new rate.
        normal = speak(engine, SENTENCE, rate=175).samples
        for rate in (350, 175, 350):
            time.sleep(0.05)
            ratio = speak(engine, SENTENCE, rate=rate).samples / normal
            assert (ratio < 0.7) == (rate == 350)

    def test_volume_makes_it_quieter(self, engine: Pyttsx3Engine) -> None:
        def loudness(recording: Recording) -> int:
            return max(abs(sample) for sample in memoryview(recording.pcm).cast("h"))

        assert loudness(speak(engine, SENTENCE, volume=20)) < loudness(speak(engine, SENTENCE)) / 3

    def test_marks_are_the_words_in_order(self, engine: Pyttsx3Engine) -> None:
        recording = speak(engine, SENTENCE)
        assert heard(SENTENCE, recording.marks) == WORDS.findall(SENTENCE)
        samples = [mark.sample for mark in recording.marks]
        assert samples == sorted(samples)
        assert samples[-1] < recording.samples

    def test_marks_fall_in_the_chunk_that_holds_them(self, engine: Pyttsx3Engine) -> None:
        start = 0
        for chunk in speak(engine, SENTENCE).chunks:
            assert all(start <= mark.sample < start + chunk.samples for mark in chunk.marks)
            start += chunk.samples

    def test_a_number_is_one_mark(self, engine: Pyttsx3Engine) -> None:
        text = "In 2019 it won."
        assert heard(text, speak(engine, text).marks) == ["In", "2019", "it", "won"]

    def test_an_unknown_voice_is_refused_and_the_engine_goes_on(
        self, engine: Pyttsx3Engine
    ) -> None:
        engine.configure(VoiceSettings(voice="no-such-voice"))
        with pytest.raises(Exception, match="no voice called 'no-such-voice'"):
            engine.synthesize(SENTENCE, Recording())
        assert speak(engine, SENTENCE).samples

    def test_blank_text_is_silence(self, engine: Pyttsx3Engine) -> None:
        recording = Recording()
        assert engine.synthesize("  \n ", recording)
        assert recording.chunks == []


class TestStopping:
    def test_returning_false_stops_at_once(self, engine: Pyttsx3Engine) -> None:
        recording = Recording(chunk_limit=3)
        assert not engine.synthesize(SENTENCE, recording)
        assert len(recording.chunks) == 3

    def test_abort_from_another_thread_delivers_no_further_chunk(
        self, engine: Pyttsx3Engine
    ) -> None:
        delivered: list[Chunk] = []

        def on_chunk(chunk: Chunk) -> bool:
            delivered.append(chunk)
            if len(delivered) == 3:
                aborter = threading.Thread(target=engine.abort)
                aborter.start()
                aborter.join()
            return True

        assert not engine.synthesize(SENTENCE, on_chunk)
        assert len(delivered) == 3

    def test_abort_while_the_worker_is_busy(self, engine: Pyttsx3Engine) -> None:
        # 370 KB: half a minute of work for the worker, while taking its chunks takes no time.
        text = "A sentence to be read. " * 16000
        recording = Recording()
        counted_at_abort: list[int] = []
        finished: list[bool] = []

        def abort() -> None:
            engine.abort()
            counted_at_abort.append(len(recording.chunks))

        speaking = threading.Thread(
            target=lambda: finished.append(engine.synthesize(text, recording))
        )
        timer = threading.Timer(0.3, abort)
        speaking.start()
        timer.start()
        speaking.join(SETTLE)  # speaking all of it would take far longer
        timer.join()
        assert finished == [False]  # it returned, aborted
        assert len(recording.chunks) <= counted_at_abort[0] + 1  # at most the chunk in flight

    def test_speaks_whole_again_after_a_stop(self, engine: Pyttsx3Engine) -> None:
        whole = speak(engine, SENTENCE).samples
        assert not engine.synthesize(SENTENCE, Recording(chunk_limit=2))
        engine.abort()  # between utterances: nothing to stop, nothing broken
        assert speak(engine, SENTENCE).samples == whole

    def test_many_stops_in_a_row(self, engine: Pyttsx3Engine) -> None:
        for _ in range(4):
            assert not engine.synthesize(SENTENCE, Recording(chunk_limit=1))
        assert speak(engine, SENTENCE).samples

    def test_a_worker_that_dies_is_reported_and_replaced(self) -> None:
        speaker = Pyttsx3Engine()
        try:
            os.kill(speaker._workers.active.process.pid, signal.SIGKILL)
            with pytest.raises(EngineUnavailable, match=r"stopped unexpectedly \(exit code -9\)"):
                speaker.synthesize(SENTENCE, Recording())
            assert speak(speaker, SENTENCE).samples
        finally:
            speaker.close()


class TestLongText:
    def test_100_kb_is_split_and_its_marks_run_on(self, engine: Pyttsx3Engine) -> None:
        sentences = [f"Sentence number {n} is about a film." for n in range(3000)]
        text = " ".join(sentences)  # about 110 KB
        seconds_needed = 150  # three pieces of about 50 s each
        recording = Recording(chunk_limit=seconds_needed * 50)
        assert not engine.synthesize(text, recording)
        marks = recording.marks
        assert marks[-1].start > 2 * 1000
        for mark in marks:
            assert WORDS.fullmatch(text[mark.start : mark.start + mark.length])
        samples = [mark.sample for mark in marks]
        assert samples == sorted(samples)
        assert samples[-1] < recording.samples

    def test_pieces_end_after_sentences(self) -> None:
        text = "One two three. Four five six. Seven eight nine."
        pieces = split_text(text, limit=20)
        assert pieces == [
            Piece(0, "One two three. "),
            Piece(15, "Four five six. "),
            Piece(30, text[30:]),
        ]

    def test_pieces_without_sentences_end_at_spaces(self) -> None:
        pieces = split_text("aaaa bbbb cccc dddd", limit=10)
        assert [piece.text for piece in pieces] == ["aaaa bbbb ", "cccc dddd"]
        assert split_text("x" * 25, limit=10)[-1] == Piece(20, "xxxxx")

    def test_pieces_cover_the_text(self) -> None:
        text = "Word " * 5000
        pieces = split_text(text)
        assert "".join(piece.text for piece in pieces) == text
        assert max(len(piece.text) for piece in pieces) <= 1000


class TestProtocol:
    def test_messages_survive_the_pipe(self) -> None:
        messages: list[Message] = [
            Ready(22050, "eSpeak NG", (Voice("gmw/en", "English", "en"),)),
            Audio(b"\x01\x00\x02\x00", (WordMark(0, 3, 1),)),
            Failure("no voice"),
        ]
        stream = io.BytesIO()
        for message in messages:
            write_message(stream, message)
        stream.seek(0)
        assert [read_message(stream) for _ in messages] == messages
        assert read_message(stream) is None

    def test_a_cut_off_answer_is_the_end(self) -> None:
        stream = io.BytesIO()
        write_message(stream, Audio(b"\x00" * 100, ()))
        assert read_message(io.BytesIO(stream.getvalue()[:-1])) is None

    def test_requests_keep_text_and_settings(self) -> None:
        settings = VoiceSettings("roa/fr", 300, 40, 80)
        assert decode_request(encode_request("Déjà vu\nagain", settings)) == (
            "Déjà vu\nagain",
            settings,
        )

    def test_repeated_and_stray_words_are_dropped(self) -> None:
        heard = [Heard(0, 2, 0), Heard(3, 4, 100), Heard(4, 4, 300), Heard(9, 0, 400)]
        assert place_marks(heard, 12, 22050, 1000) == (WordMark(0, 2, 0), WordMark(3, 4, 100))

    def test_untimed_words_are_placed_by_their_characters(self) -> None:
        heard = [Heard(0, 4, None), Heard(5, 5, None)]
        assert place_marks(heard, 10, 1000, 22050) == (WordMark(0, 4, 0), WordMark(5, 5, 500))

    def test_marks_stay_in_order_and_inside_the_audio(self) -> None:
        heard = [Heard(0, 1, 50), Heard(2, 1, 20), Heard(4, 9, 5000)]
        marks = place_marks(heard, 8, 100, 1000)
        assert [mark.sample for mark in marks] == [50, 50, 99]
        assert marks[-1].length == 4

    def test_chunks_carry_their_marks_moved(self) -> None:
        audio = Audio(bytes(2 * 50), (WordMark(0, 2, 0), WordMark(3, 2, 25)))
        pieces = list(chunks(audio, 20, start=100, sample=1000))
        assert [piece.samples for piece in pieces] == [20, 20, 10]
        assert [piece.marks for piece in pieces] == [
            (WordMark(100, 2, 1000),),
            (WordMark(103, 2, 1025),),
            (),
        ]


class TestHousekeeping:
    def test_nothing_reaches_the_terminal(
        self, engine: Pyttsx3Engine, capfd: pytest.CaptureFixture[str]
    ) -> None:
        speak(engine, SENTENCE)
        engine.synthesize(SENTENCE, Recording(chunk_limit=2))
        fresh = Pyttsx3Engine()
        speak(fresh, SENTENCE)
        fresh.close()
        assert capfd.readouterr() == ("", "")

    @LINUX
    def test_close_ends_the_workers_and_removes_the_folder(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # A temp folder of its own: other test processes make engines' folders at once
        # (a CI run found two new folders where this engine made one).
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
        folders, workers = engine_folders(), worker_children()
        speaker = Pyttsx3Engine()
        speak(speaker, SENTENCE)
        assert not speaker.synthesize(SENTENCE, Recording(chunk_limit=1))
        time.sleep(0.2)  # the new standby is running
        (folder,) = engine_folders() - folders
        started = worker_children() - workers
        assert len(started) == 2
        speaker.close()
        assert not folder.exists()
        # Only its own: an earlier test's workers may be ending meanwhile.
        assert not worker_children() & started

    @LINUX
    def test_a_forgotten_engine_cleans_up_after_itself(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # A temp folder of its own: other test processes make engines' folders at once.
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
        folders, workers = engine_folders(), worker_children()
        speaker = Pyttsx3Engine()
        speak(speaker, SENTENCE)
        assert engine_folders() != folders  # its folder is in the one looked at
        started = worker_children() - workers
        assert started
        del speaker
        gc.collect()
        assert engine_folders() == folders
        # Only its own: an earlier test's workers may be ending meanwhile.
        assert not worker_children() & started
