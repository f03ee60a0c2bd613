"""`reader export --jobs N`: reviews spoken by worker processes, written in order, as one
process would have written them; Ctrl-C and a failing worker leave nothing behind.

The reviews are sample_reviews/letterboxd-reviews.csv: six short real-shaped reviews,
about five minutes of speech, so each export takes a fraction of a second.

eSpeak's audio of a review is not quite the same whatever was spoken before it: state
inside its library runs on from one utterance to the next, and nothing in its API resets
it (pauses at commas and semicolons come out some milliseconds longer or shorter). On
Linux each passage is spoken by a fresh copy of a worker that has only warmed up, so the
file is the same byte for byte whatever the number of processes; elsewhere a passage may
differ by a few milliseconds (about 0.03% of its length was measured), so times are
compared to within one 20 ms chunk and that much drift, and only the first passage,
spoken by a fresh engine either way, byte for byte.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
import uuid
import wave
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import SAMPLES, SEED, seed
from runner import Env, environment, reader, start
from test_audiobook import cue_starts, probe

from reader.audiobook.parallel import start_method
from reader.audiobook.worker import SAME_WHATEVER_JOBS
from reader.export import export_audiobook, export_wav
from reader.loaders import load_paths
from reader.parse.document import parse_review
from reader.plan.cues import Listening
from reader.plan.planner import Break, Part
from reader.session.offline import passages, plan_settings, through
from reader.speech.choice import VoiceChoice, choose_voice
from reader.speech.sinks import SinkError

REVIEWS = SAMPLES / "letterboxd-reviews.csv"
CHUNK = 0.02  # seconds: eSpeak's chunk
DRIFT = 0.001  # of the time into the file: see the module's docstring
SAMPLE_RATE = 22050


def close_enough(one: float, several: float) -> bool:
    """Two times of one moment, in files made by one process and by several."""
    return abs(one - several) <= CHUNK + DRIFT * one


def export(env: Env, out: Path, jobs: int, review: Path = REVIEWS) -> None:
    done = reader(
        env, "export", str(review), "-o", str(out), "--engine", "espeak", "--jobs", str(jobs)
    )
    assert (done.code, done.out, done.err) == (0, "", "")


def pcm(wav: Path) -> bytes:
    with wave.open(str(wav), "rb") as audio:
        return audio.readframes(audio.getnframes())


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reviews exported by one process and by two, as WAV, and by two as MP3."""
    where = tmp_path_factory.mktemp("parallel")
    env = environment(where)
    export(env, where / "one.wav", 1)
    export(env, where / "two.wav", 2)
    export(env, where / "two.mp3", 2)
    return where


def test_two_processes_write_the_same_sections_at_the_same_times(made: Path) -> None:
    one, two = cue_starts(made / "one.cue"), cue_starts(made / "two.cue")
    assert len(one) > 6  # several sections of each of the six reviews
    assert [title for title, _ in two] == [title for title, _ in one]
    for (_, first), (_, second) in zip(one, two, strict=True):
        assert close_enough(first, second), (first, second)


def test_two_processes_write_as_much_audio(made: Path) -> None:
    one, two = len(pcm(made / "one.wav")), len(pcm(made / "two.wav"))
    seconds = one / 2 / SAMPLE_RATE
    assert seconds > 60
    assert close_enough(seconds, two / 2 / SAMPLE_RATE)


@pytest.mark.skipif(
    not SAME_WHATEVER_JOBS, reason="passages are spoken by fresh copies on Linux only"
)
def test_one_process_and_two_write_the_same_file_byte_for_byte(made: Path) -> None:
    assert pcm(made / "two.wav") == pcm(made / "one.wav")
    cue = [line for line in (made / "one.cue").read_text().splitlines() if "INDEX" in line]
    assert [line for line in (made / "two.cue").read_text().splitlines() if "INDEX" in line] == cue


def test_the_first_review_is_the_same_byte_for_byte(made: Path) -> None:
    """The workers speak as this process would: the same voice, pauses, cues and words."""
    tracks = cue_starts(made / "one.cue")
    first = tracks[0][0].rsplit(": ", 1)[0]  # 'Review title: Section heading'
    second_review = next(at for title, at in tracks if not title.startswith(f"{first}: "))
    assert 1 < second_review < 120
    end = int((second_review - CHUNK) * SAMPLE_RATE) * 2
    assert pcm(made / "two.wav")[:end] == pcm(made / "one.wav")[:end]


def test_an_mp3_made_by_two_processes_has_the_same_chapters(made: Path) -> None:
    found = probe(made / "two.mp3")
    cue = cue_starts(made / "one.cue")
    assert [title for title, _, _ in found.chapters] == [title for title, _ in cue]
    for (_, begins, _), (_, cue_start) in zip(found.chapters, cue, strict=True):
        assert close_enough(cue_start, begins), (cue_start, begins)


def test_one_long_review_is_spoken_in_passages_by_every_process(tmp_path: Path) -> None:
    """The seed is one review of several minutes: cut at paragraph ends, its passages are
    spoken at once, and joined they are the review as one process speaks it."""
    settings = plan_settings(choose_voice(None, 175, "espeak").profile, False, Listening())
    cut = list(passages(through(seed(), settings)))
    assert len(cut) > 2
    assert [said for passage in cut for said in passage] == list(through(seed(), settings))
    for passage in cut[:-1]:
        assert passage[-1].part is Part.SENTENCE
        assert passage[-1].pause in (Break.PARAGRAPH, Break.SECTION)
    env = environment(tmp_path)
    for jobs in (1, 2):
        export(env, tmp_path / f"{jobs}.wav", jobs, SEED)
    one, two = cue_starts(tmp_path / "1.cue"), cue_starts(tmp_path / "2.cue")
    assert len(one) > 2
    assert [title for title, _ in two] == [title for title, _ in one]
    for (_, first), (_, second) in zip(one, two, strict=True):
        assert close_enough(first, second), (first, second)
    audio = {jobs: pcm(tmp_path / f"{jobs}.wav") for jobs in (1, 2)}
    seconds = len(audio[1]) / 2 / SAMPLE_RATE
    assert seconds > 120
    assert close_enough(seconds, len(audio[2]) / 2 / SAMPLE_RATE)
    # The first passage is spoken by a fresh engine either way: the same to the byte;
    # on Linux every passage is.
    words = sum(len(said.text.split()) for said in cut[0])
    start = int(words / 4 * SAMPLE_RATE) * 2  # 4 words a second: faster than 175 wpm, so inside it
    assert audio[2][:start] == audio[1][:start]
    assert audio[2] == audio[1] or not SAME_WHATEVER_JOBS


def test_a_failing_worker_leaves_no_file(tmp_path: Path) -> None:
    """A voice the workers cannot speak with: one clear message, and nothing written."""
    documents = [parse_review(review) for review in load_paths([str(REVIEWS)]).reviews]
    found = choose_voice(None, 175, "espeak")
    missing = replace(found.profile.settings, voice="no-such-voice")
    choice = VoiceChoice(found.engine, replace(found.profile, settings=missing))
    with pytest.raises(SinkError, match="no voice called 'no-such-voice'"):
        export_wav(documents, tmp_path / "out.wav", choice, False, jobs=2)
    choice = VoiceChoice(choose_voice(None, 175, "espeak").engine, choice.profile)
    with pytest.raises(SinkError, match="no voice called 'no-such-voice'"):
        export_audiobook(documents, tmp_path / "out.mp3", choice, False, jobs=2)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc")
def test_ctrl_c_stops_every_process_and_leaves_no_file(tmp_path: Path) -> None:
    """Ctrl-C reaches the whole process group, as from a terminal, while the file is
    being written: the export and its workers end, and neither the file nor its hidden
    part is left."""
    env = environment(tmp_path) | {"READER_TEST_RUN": uuid.uuid4().hex}
    out = tmp_path / "out.wav"
    part = tmp_path / ".out.wav.part"
    args = ("export", str(SAMPLES), "-o", str(out), "--engine", "espeak", "--jobs", "2")
    process = start(env, *args)
    try:
        while not part.exists() and process.poll() is None:
            time.sleep(0.01)
        assert process.poll() is None, "the export ended before it could be stopped"
        os.killpg(process.pid, signal.SIGINT)
        assert process.wait(timeout=30) == 130
    finally:
        if process.poll() is None:
            process.kill()
    assert (
        sorted(path.name for path in tmp_path.iterdir() if path.suffix in {".wav", ".cue", ".part"})
        == []
    )
    assert ended(env["READER_TEST_RUN"]) == []


def ended(mark: str) -> list[str]:
    """The processes whose environment holds `mark` still running once they have had
    time to end: multiprocessing's resource tracker ends itself just after the export."""
    deadline = time.monotonic() + 10
    while (found := running_with(mark)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def running_with(mark: str) -> list[str]:
    """The command lines of processes whose environment holds `mark`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and mark.encode() in (entry / "environ").read_bytes():
                found.append((entry / "cmdline").read_bytes().decode(errors="replace"))
        except OSError:
            continue  # ended meanwhile, or not ours to read
    return found


def test_workers_are_forked_only_on_linux_and_while_no_other_thread_runs() -> None:
    if threading.active_count() == 1:  # pytest's own workers may run a thread here
        assert start_method() == ("fork" if sys.platform == "linux" else "spawn")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert start_method() == "spawn"
    finally:
        stop.set()
        other.join()


def test_jobs_must_be_a_whole_number_from_one(tmp_path: Path) -> None:
    done = reader(
        environment(tmp_path), "export", str(REVIEWS), "-o", str(tmp_path / "o.wav"), "--jobs", "0"
    )
    assert done.code == 2
    assert "--jobs: expected a whole number from 1, not '0'" in done.err
    assert list(tmp_path.glob("*.wav")) == []
