"""`reader say`, `reader export` and `reader voices`, run as a user runs them.

There is no sound card here: `READER_PLAYER` is a shell command that stores the PCM it
is given, which is exactly what a real player receives. Each test has settings of its own.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest
from helpers import SAMPLES, SEED
from runner import Run, environment, reader, start

SHORT = "A Short Film\n\nReview\n\nThe quiet opening works. The ending works too.\n\nRating: 4/5\n"
SPOILED = (
    "# Film\n\n## Review\n\nIt is good. >!The hero dies in the last scene, alone, on the pier "
    "where his father drowned, and his sister never learns that he saved the town.!< I cried.\n"
)
SPOILERS = SAMPLES / "every-spoiler-syntax.md"
SAMPLE_RATE = 22050


def run(folder: Path, *args: str, player: str | None = None) -> Run:
    """Run `python -m reader ARGS` with its settings under `folder` and the given player
    command, or with none at all."""
    env = environment(folder, player)
    if player is None:
        env["PATH"] = str(Path(sys.executable).parent)  # no aplay, paplay or pw-play
    return reader(env, *args)


@pytest.fixture
def short(tmp_path: Path) -> Path:
    path = tmp_path / "short.txt"
    path.write_text(SHORT)
    return path


def configure(folder: Path, key: str, value: str) -> None:
    """Save a setting as the user does."""
    assert run(folder, "config", "set", key, value).code == 0


def frames(wav: Path) -> int:
    """How many samples a WAV file holds."""
    with wave.open(str(wav), "rb") as audio:
        return audio.getnframes()


def exported(tmp_path: Path, name: str, *options: str, review: Path = SPOILERS) -> int:
    """The samples of `reader export REVIEW OPTIONS`."""
    out = tmp_path / f"{name}.wav"
    done = run(tmp_path, "export", str(review), "-o", str(out), *options)
    assert (done.code, done.err) == (0, "")
    return frames(out)


def said(tmp_path: Path, review: Path, *options: str) -> float:
    """Seconds of speech `reader say REVIEW OPTIONS` gave the player."""
    played = tmp_path / "played.raw"
    done = run(tmp_path, "say", str(review), *options, player=f"cat > {played}")
    assert (done.code, done.err) == (0, "")
    return played.stat().st_size / 2 / SAMPLE_RATE


def test_say_feeds_the_player_the_whole_review(tmp_path: Path, short: Path) -> None:
    played = tmp_path / "played.raw"
    done = run(tmp_path, "say", str(short), "--rate", "600", player=f"cat > {played}")
    assert (done.code, done.out, done.err) == (0, "", "")
    seconds = played.stat().st_size / 2 / SAMPLE_RATE
    assert 2 < seconds < 12  # title, two headings, two sentences, a rating, pauses


def test_say_substitutes_the_sample_rate(tmp_path: Path, short: Path) -> None:
    rate = tmp_path / "rate.txt"
    done = run(
        tmp_path,
        "say",
        str(short),
        "--rate",
        "900",
        player=f"echo {{rate}} > {rate}; cat > /dev/null",
    )
    assert done.code == 0
    assert rate.read_text().strip() == str(SAMPLE_RATE)


def test_say_without_a_player_shows_the_text_and_says_why(tmp_path: Path, short: Path) -> None:
    done = run(tmp_path, "say", str(short))
    assert done.code == 1
    assert done.err.startswith("reader: no sound output could play")
    assert "READER_PLAYER" in done.err
    assert "{rate}" not in done.err
    assert done.err.count("\n") == 1
    assert "The quiet opening works." in done.out


def test_say_with_a_player_that_fails_shows_the_text(tmp_path: Path, short: Path) -> None:
    done = run(tmp_path, "say", str(short), player="exit 3")
    assert done.code == 1
    assert "the audio player stopped" in done.err
    assert "The ending works too." in done.out


def test_ctrl_c_stops_at_once_and_exits_cleanly(tmp_path: Path) -> None:
    played = tmp_path / "played.raw"
    process = start(
        environment(tmp_path, player=f"cat > {played}"),
        "say",
        str(SEED),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 20
    while not (played.exists() and played.stat().st_size > SAMPLE_RATE * 2):
        assert time.monotonic() < deadline, "no audio reached the player"
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=10)
    assert process.returncode == 130
    assert (out, err) == ("", "")
    size = played.stat().st_size
    time.sleep(0.3)
    assert played.stat().st_size == size  # nothing more reached the player
    seconds = size / 2 / SAMPLE_RATE
    assert seconds < 5  # a second or so, not the four minutes of the review


def test_export_writes_a_wav_and_a_cue_sheet(tmp_path: Path) -> None:
    out = tmp_path / "seed.wav"
    done = run(tmp_path, "export", str(SEED), "-o", str(out))
    assert (done.code, done.out, done.err) == (0, "", "")
    with wave.open(str(out)) as audio:
        assert (audio.getnchannels(), audio.getsampwidth(), audio.getframerate()) == (1, 2, 22050)
        seconds = audio.getnframes() / audio.getframerate()
    assert 200 < seconds < 400  # about 870 words at 175 wpm
    cue = out.with_suffix(".cue").read_text()
    assert cue.startswith('FILE "seed.wav" WAVE\n')
    titles = [line.strip() for line in cue.splitlines() if line.strip().startswith("TITLE")]
    headings = ["Details", "Synopsis", "Review", "Rating"]
    assert titles == [f'TITLE "1 Litre Of Tears: {heading}"' for heading in headings]
    assert cue.count("INDEX 01 ") == 4
    assert "INDEX 01 00:00:00" in cue


def test_export_pace_changes_the_length(tmp_path: Path, short: Path) -> None:
    slow, fast = tmp_path / "slow.wav", tmp_path / "fast.wav"
    assert run(tmp_path, "export", str(short), "-o", str(slow), "--rate", "175").code == 0
    assert run(tmp_path, "export", str(short), "-o", str(fast), "--rate", "350").code == 0
    ratio = fast.stat().st_size / slow.stat().st_size
    assert 0.35 < ratio < 0.75  # pauses shrink too, but not below their floor


def test_export_follows_the_saved_pace_and_rate_overrides_it(tmp_path: Path) -> None:
    at_175 = exported(tmp_path, "default")  # the default profile's pace
    configure(tmp_path, "rate", "300")
    at_300 = exported(tmp_path, "saved")
    assert at_300 < 0.7 * at_175
    assert exported(tmp_path, "override", "--rate", "175") == at_175


def test_export_skips_spoilers_as_saved_and_the_flags_win(tmp_path: Path) -> None:
    skipped = exported(tmp_path, "default")  # skip_spoilers is on unless turned off
    read = exported(tmp_path, "read", "--read-spoilers")
    assert read - skipped > 25 * SAMPLE_RATE  # 198 words of spoilers, less their announcements
    configure(tmp_path, "skip_spoilers", "off")
    assert exported(tmp_path, "saved-off") == read
    assert exported(tmp_path, "skip", "--skip-spoilers") == skipped


def test_say_follows_the_saved_spoiler_mode(tmp_path: Path) -> None:
    review = tmp_path / "spoiled.md"
    review.write_text(SPOILED)
    skipped = said(tmp_path, review, "--rate", "900")
    configure(tmp_path, "skip_spoilers", "off")
    read = said(tmp_path, review, "--rate", "900")
    assert read - skipped > 0.6  # the spoiler's 27 words, less its announcement


def test_export_to_an_unwritable_place_is_one_line(tmp_path: Path, short: Path) -> None:
    done = run(tmp_path, "export", str(short), "-o", str(tmp_path / "missing" / "out.wav"))
    assert done.code == 1
    assert done.err.count("\n") == 1
    assert "cannot write" in done.err


# Every command with --rate: (its name in the usage line, its arguments before --rate).
PACED = {
    "say": ("say", "{review}"),
    "export": ("export", "{review}", "-o", "{out}"),
    "queue play": ("queue", "play"),
}


@pytest.mark.parametrize("rate", ["0", "79", "901", "fast"])
@pytest.mark.parametrize("command", list(PACED))
def test_a_pace_outside_the_range_is_a_usage_error(
    tmp_path: Path, short: Path, command: str, rate: str
) -> None:
    """Refused on one line naming the range, not clamped: nothing is played or written."""
    played, out = tmp_path / "played.raw", tmp_path / "out.wav"
    args = [arg.format(review=short, out=out) for arg in PACED[command]]
    done = run(tmp_path, *args, "--rate", rate, player=f"cat > {played}")
    given = rate if rate.isdigit() else repr(rate)
    expected = f"--rate: takes 80 to 900 words per minute, not {given} (see 'reader {command} -h')"
    assert (done.code, done.out, done.err) == (2, "", f"reader: {expected}\n")
    assert not played.exists() and not out.exists()


@pytest.mark.parametrize("rate", ["80", "900"])
def test_the_ends_of_the_pace_range_are_taken(tmp_path: Path, short: Path, rate: str) -> None:
    out = tmp_path / "out.wav"
    done = run(tmp_path, "export", str(short), "-o", str(out), "--rate", rate)
    assert (done.code, done.err) == (0, "")
    assert frames(out) > SAMPLE_RATE


@pytest.mark.parametrize("given", ["missing.txt", "empty.txt", "folder"])
@pytest.mark.parametrize("command", ["export", "say"])
def test_nothing_is_written_or_played_when_no_review_could_be_read(
    tmp_path: Path, command: str, given: str
) -> None:
    """One line says why; no WAV file, no cue sheet without one, no player started."""
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "folder").mkdir()
    out, played = tmp_path / "out.wav", tmp_path / "played.raw"
    path = tmp_path / given
    args = ["-o", str(out)] if command == "export" else []
    done = run(tmp_path, command, str(path), *args, player=f"cat > {played}")
    assert (done.code, done.out) == (1, "")
    [line] = done.err.splitlines()
    assert line.startswith(f"reader: {path}: ")
    assert not out.exists() and not out.with_suffix(".cue").exists() and not played.exists()


def test_an_unknown_voice_is_one_line(tmp_path: Path, short: Path) -> None:
    done = run(tmp_path, "export", str(short), "-o", "/dev/null", "--voice", "nobody")
    assert done.code == 1
    assert done.err == (
        "reader: no voice or profile called 'nobody'; 'reader voices' lists them "
        "(profiles: clear, default, fast-listener, natural)\n"
    )


@pytest.mark.parametrize("voice", ["fast listener", "fast-listener", "Clear", "es", "en-us"])
def test_voices_by_profile_or_engine_voice(tmp_path: Path, short: Path, voice: str) -> None:
    out = tmp_path / "out.wav"
    done = run(tmp_path, "export", str(short), "-o", str(out), "--voice", voice)
    assert (done.code, done.err) == (0, "")
    assert out.stat().st_size > SAMPLE_RATE


def test_voices_says_which_engine_auto_picks(tmp_path: Path) -> None:
    done = run(tmp_path, "voices")
    assert done.code == 0
    lines = done.out.splitlines()
    assert lines[0].startswith("auto: espeak: eSpeak NG ")
    assert any(line.startswith("engine pyttsx3: ") for line in lines)
    assert "profile fast listener: About 450 words per minute, short pauses (450 wpm)" in lines
    assert any(line.startswith("voice espeak ") and "(es)" in line for line in lines)


def test_voices_as_json(tmp_path: Path) -> None:
    report = json.loads(run(tmp_path, "voices", "--json").out)
    assert report["auto"].startswith("espeak: ")
    engines = {engine["name"]: engine for engine in report["engines"]}
    assert set(engines) == {"espeak", "pyttsx3", "piper", "silent"}
    assert all(engine["available"] for engine in engines.values())
    assert {"id", "name", "language"} <= set(engines["espeak"]["voices"][0])
    assert {profile["name"] for profile in report["profiles"]} >= {"default", "clear"}


def test_doctor_with_nothing_to_play_on_says_what_to_do(tmp_path: Path) -> None:
    done = run(tmp_path, "doctor")
    assert done.code == 1
    lines = done.out.splitlines()
    assert lines[0].startswith("Problem: no sound output could play")  # the problem first
    assert "libportaudio2" in lines[0]
    assert any(line.startswith("Engine: espeak: eSpeak NG") for line in lines)
    assert any(line.startswith("Audio output: none") for line in lines)
    # How to name a player of one's own, here rather than a pointer back to doctor itself.
    own = next(line for line in lines if line.startswith("Your own player: "))
    assert "READER_PLAYER" in own and "{rate}" in own and "16-bit mono PCM" in own
    assert "see 'reader doctor'" not in done.out
    assert lines[-1].startswith("Not speaking the test line")
    assert done.err == ""


def test_doctor_speaks_through_the_chosen_player(tmp_path: Path) -> None:
    played = tmp_path / "played.raw"
    done = run(tmp_path, "doctor", player=f"cat > {played}")
    assert done.code == 0, done.out
    assert any(line.startswith("Test line played: player cat") for line in done.out.splitlines())
    assert played.stat().st_size > 2 * SAMPLE_RATE * 2  # over two seconds of speech


def test_voices_names_the_output(tmp_path: Path) -> None:
    done = run(tmp_path, "voices", "--json", player="cat > /dev/null")
    output = json.loads(done.out)["output"]
    assert output["name"] == "command"
    assert output["description"] == "player cat > /dev/null, latency 0 ms"
    assert output["latency_ms"] == 0.0
    assert output["problem"] is None
