"""`reader queue ...` and `reader config ...` run as a user runs them, with their own
config and state folders, and the faults they must survive: `kill -9` mid-write, corrupt
files, two runs at once, files deleted from under the queue, and Ctrl-C during play."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import pytest
from helpers import ROOT, SEED
from processes import LINUX_ONLY, wait_for
from runner import Env, reader, start

from reader.model import Position
from reader.plan.cues import Cue
from reader.storage.positions import load_positions
from reader.storage.queue import load_queue
from reader.storage.store import locked, write_atomic

GARBAGE = b"\xff\xfe\x00rate = \x80\x81 [[[\n\x00\x01garbage"
ESPEAK_BYTES_PER_SECOND = 22050 * 2


def queue_path(env: Env) -> Path:
    """Where the queue of this environment is saved."""
    return Path(env["XDG_STATE_HOME"]) / "reader" / "queue.json"


def settings_path(env: Env) -> Path:
    """Where the settings of this environment are saved."""
    return Path(env["XDG_CONFIG_HOME"]) / "reader" / "settings.toml"


def reviews(folder: Path, *titles: str) -> list[Path]:
    """Tiny one-sentence reviews with these titles, one file each."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number, title in enumerate(titles, start=1):
        path = folder / f"{number:02d}-{title.lower().replace(' ', '-')}.txt"
        path.write_text(f"{title}\n\nIt was short.\n")
        written.append(path)
    return written


def queued(env: Env) -> list[str]:
    """The queued paths, read in process; the file must be sound."""
    loaded = load_queue(queue_path(env))
    assert loaded.warning is None
    return [entry.path for entry in loaded.value.entries]


def strs(paths: Sequence[Path]) -> list[str]:
    """Paths as the queue keeps them."""
    return [str(path.resolve()) for path in paths]


def broken(folder: Path) -> list[Path]:
    """Files set aside as broken in `folder`."""
    return sorted(folder.glob("*.broken-*"))


# Adding and listing


def test_add_files_and_a_folder(env: Env, tmp_path: Path) -> None:
    folder = reviews(tmp_path / "folder", "Gamma", "Alpha", "Beta")
    done = reader(env, "queue", "add", str(SEED), str(tmp_path / "folder"))
    assert (done.code, done.err) == (0, "")
    assert done.out == "Added 4 files; 4 in the queue\n"
    assert queued(env) == strs([SEED, *folder])  # a folder's files in name order

    listed = reader(env, "queue", "list")
    assert (listed.code, listed.err) == (0, "")
    assert listed.out.splitlines() == [
        f"1. 1 Litre Of Tears: {SEED}",
        f"2. Gamma: {folder[0]}",
        f"3. Alpha: {folder[1]}",
        f"4. Beta: {folder[2]}",
    ]


def test_add_with_a_missing_path_adds_the_others_and_fails(env: Env, tmp_path: Path) -> None:
    first, second = reviews(tmp_path, "First", "Second")
    missing = tmp_path / "missing.txt"
    done = reader(env, "queue", "add", str(first), str(missing), str(second))
    assert done.code == 1
    [line] = done.err.splitlines()
    assert line.startswith("reader: ")
    assert str(missing) in line
    assert done.out == "Added 2 files; 2 in the queue\n"
    assert queued(env) == strs([first, second])


def test_add_again_keeps_each_file_once_in_place(env: Env, tmp_path: Path) -> None:
    a, b, c = reviews(tmp_path, "A", "B", "C")
    assert reader(env, "queue", "add", str(a), str(b)).code == 0
    done = reader(env, "queue", "add", str(c), str(a), str(tmp_path / "." / b.name))
    assert (done.code, done.err) == (0, "")
    assert (
        done.out
        == "2 of these files are already in the queue\nAdded 1 of 3 files; 3 in the queue\n"
    )
    assert queued(env) == strs([a, b, c])


def test_adding_a_queued_file_again_says_where_it_is(env: Env, tmp_path: Path) -> None:
    a, b = reviews(tmp_path, "A", "B")
    assert reader(env, "queue", "add", str(a), str(b)).code == 0
    before = queue_path(env).read_bytes()
    done = reader(env, "queue", "add", str(b), str(b))
    assert (done.code, done.err, done.out) == (0, "", "B is already in the queue, number 2\n")
    assert queue_path(env).read_bytes() == before


def test_list_of_an_empty_queue(env: Env) -> None:
    done = reader(env, "queue", "list")
    assert (done.code, done.err) == (0, "")
    assert done.out.startswith("The queue is empty")


def test_list_is_numbered_and_marks_missing_files(env: Env, tmp_path: Path) -> None:
    a, b, c = reviews(tmp_path, "Kept", "Deleted", "Also kept")
    assert reader(env, "queue", "add", str(a), str(b), str(c)).code == 0
    b.unlink()
    done = reader(env, "queue", "list")
    assert (done.code, done.err) == (0, "")
    assert done.out.splitlines() == [
        f"1. Kept: {a}",
        f"2. Deleted (missing): {b}",
        f"3. Also kept: {c}",
    ]


def test_list_shows_no_escape_sequences_from_a_review(env: Env, tmp_path: Path) -> None:
    path = tmp_path / "escape.txt"
    path.write_text("Red \x1b[31mAlert\x1b[0m\n\nIt was \x1b]0;owned\x07 short.\n")
    assert reader(env, "queue", "add", str(path)).code == 0
    done = reader(env, "queue", "list")
    assert done.code == 0
    assert "\x1b" not in done.out
    assert "\x07" not in done.out
    [line] = done.out.splitlines()
    assert line.startswith("1. Red")


@pytest.mark.parametrize("name", ["red-\x1b[31m.txt", "two\nlines.txt"])
def test_list_shows_no_escape_sequences_from_a_file_name(
    env: Env, tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    path.write_text("Plain\n\nIt was short.\n")
    assert reader(env, "queue", "add", str(path)).code == 0
    done = reader(env, "queue", "list")
    assert done.code == 0
    assert "\x1b" not in done.out
    assert len(done.out.splitlines()) == 1


def test_remove_by_number(env: Env, tmp_path: Path) -> None:
    files = reviews(tmp_path, "A", "B", "C", "D")
    assert reader(env, "queue", "add", *map(str, files)).code == 0
    done = reader(env, "queue", "remove", "1", "3")
    assert (done.code, done.err) == (0, "")
    assert done.out == "Removed 2; 2 in the queue\n"
    assert queued(env) == strs([files[1], files[3]])


@pytest.mark.parametrize("numbers", [["3"], ["0"], ["1", "7"]])
def test_remove_a_number_not_there_is_one_line_and_changes_nothing(
    env: Env, tmp_path: Path, numbers: list[str]
) -> None:
    files = reviews(tmp_path, "A", "B")
    assert reader(env, "queue", "add", *map(str, files)).code == 0
    before = queue_path(env).read_bytes()
    done = reader(env, "queue", "remove", *numbers)
    assert (done.code, done.out) == (1, "")
    [line] = done.err.splitlines()
    assert line.startswith("reader: there is no entry")
    assert "1 to 2" in line
    assert queue_path(env).read_bytes() == before


def test_move(env: Env, tmp_path: Path) -> None:
    a, b, c = reviews(tmp_path, "A", "B", "C")
    assert reader(env, "queue", "add", str(a), str(b), str(c)).code == 0
    done = reader(env, "queue", "move", "3", "1")
    assert (done.code, done.err, done.out) == (0, "", "Moved 3 to 1; 3 in the queue\n")
    assert queued(env) == strs([c, a, b])
    bad = reader(env, "queue", "move", "1", "9")
    assert (bad.code, bad.out) == (1, "")
    assert bad.err == "reader: there is no entry 9 (entries: 1 to 3)\n"
    assert queued(env) == strs([c, a, b])


def test_clear(env: Env, tmp_path: Path) -> None:
    assert reader(env, "queue", "add", *map(str, reviews(tmp_path, "A", "B"))).code == 0
    done = reader(env, "queue", "clear")
    assert (done.code, done.err, done.out) == (0, "", "The queue is empty\n")
    assert queued(env) == []
    assert reader(env, "queue", "list").out.startswith("The queue is empty")


def test_the_queue_alone_lists_it(env: Env, tmp_path: Path) -> None:
    a, b = reviews(tmp_path, "A", "B")
    assert reader(env, "queue").out.startswith("The queue is empty")
    assert reader(env, "queue", "add", str(a), str(b)).code == 0
    alone, listed = reader(env, "queue"), reader(env, "queue", "list")
    assert (alone.code, alone.err) == (0, "")
    assert alone.out == listed.out and alone.out.startswith("1. A")


# Settings


def test_config_set_then_show(env: Env) -> None:
    done = reader(env, "config", "set", "rate", "300")
    assert (done.code, done.err, done.out) == (0, "", "rate = 300\n")
    assert settings_path(env).is_file()
    shown = reader(env, "config", "show")
    assert (shown.code, shown.err) == (0, "")
    assert reader(env, "config").out == shown.out  # show is the default
    lines = shown.out.splitlines()
    assert [line.split(" = ")[0] for line in lines] == [
        "voice",
        "rate",
        "engine",
        "skip_spoilers",
        "announcements",
        "confirm_quit",
        "player",
        "verbosity",
        *(f"cue_{cue.value}" for cue in Cue),
    ]
    assert lines[1].startswith("rate = 300  # ")


def test_config_set_a_bad_value_is_one_line(env: Env) -> None:
    assert reader(env, "config", "set", "rate", "250").code == 0
    before = settings_path(env).read_bytes()
    done = reader(env, "config", "set", "rate", "fast")
    assert (done.code, done.out) == (1, "")
    assert done.err == "reader: rate must be a whole number, not 'fast'\n"
    assert settings_path(env).read_bytes() == before


@pytest.mark.parametrize("rate", ["79", "901", "-1"])
def test_config_set_a_pace_outside_the_range_names_the_range(env: Env, rate: str) -> None:
    assert reader(env, "config", "set", "rate", "250").code == 0
    before = settings_path(env).read_bytes()
    done = reader(env, "config", "set", "rate", rate)
    assert (done.code, done.out) == (1, "")
    expected = f"rate takes 80 to 900 words per minute, or 0 for the profile's own, not {rate}"
    assert done.err == f"reader: {expected}\n"
    assert settings_path(env).read_bytes() == before


def test_config_set_rate_0_keeps_the_profiles_pace(env: Env) -> None:
    done = reader(env, "config", "set", "rate", "0")
    assert (done.code, done.err, done.out) == (0, "", "rate = 0\n")


def test_config_set_a_voice_that_does_not_exist_is_refused_naming_the_profiles(
    env: Env,
) -> None:
    profiles = Path(env["XDG_CONFIG_HOME"]) / "reader" / "voices"
    profiles.mkdir(parents=True)
    (profiles / "mine.toml").write_text('name = "My Own"\nrate = 300\n')
    assert reader(env, "config", "set", "voice", "clear").code == 0
    before = settings_path(env).read_bytes()
    done = reader(env, "config", "set", "voice", "nosuch")
    assert (done.code, done.out) == (1, "")
    assert done.err == (
        "reader: no voice or profile called 'nosuch'; 'reader voices' lists them "
        "(profiles: clear, default, fast-listener, natural, mine)\n"
    )
    assert settings_path(env).read_bytes() == before
    named = reader(env, "config", "set", "voice", "my own")  # a profile by its name
    assert (named.code, named.err, named.out) == (0, "", 'voice = "my own"\n')


@pytest.mark.parametrize("voice", ["fast listener", "Clear", "en-us", "es", ""])
def test_config_set_voice_takes_a_profile_or_an_engine_voice(env: Env, voice: str) -> None:
    done = reader(env, "config", "set", "voice", voice)
    assert (done.code, done.err, done.out) == (0, "", f"voice = {json.dumps(voice)}\n")


def test_config_path(env: Env) -> None:
    done = reader(env, "config", "path")
    assert (done.code, done.err) == (0, "")
    assert done.out == f"{settings_path(env)}\n"


def test_config_set_a_value_that_is_not_utf8_is_one_line(env: Env) -> None:
    done = reader(env, "config", "set", "player", os.fsdecode(b"play \xff"))
    assert done.code == 1
    assert len(done.err.splitlines()) == 1


# Faults: kill -9, corrupt files, two runs at once

WRITER = """
import sys
from pathlib import Path
from reader.storage.queue import QueueEntry, added, change_queue

def more(queue):
    number = len(queue.entries)
    return added(queue, [QueueEntry(f"/reviews/{number:06d}.txt", f"Review {number}")])

path = Path(sys.argv[1])
change_queue(more, path)
print("writing", flush=True)
while True:
    change_queue(more, path)
"""


@LINUX_ONLY
def test_kill_9_while_writing_the_queue_never_loses_it(tmp_path: Path) -> None:
    path = tmp_path / "state" / "queue.json"
    chance = random.Random()
    count = 0
    for round_number in range(30):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None
        assert writer.stdout.readline() == "writing\n"
        delay = chance.uniform(0, 0.05)
        time.sleep(delay)
        writer.kill()
        writer.wait()
        writer.stdout.close()
        loaded = load_queue(path)
        where = f"round {round_number}, killed {delay * 1000:.1f} ms into its writes"
        assert loaded.warning is None, where
        paths = [entry.path for entry in loaded.value.entries]
        assert len(paths) > count, where  # all from before, and the write it reported
        assert paths == [f"/reviews/{number:06d}.txt" for number in range(len(paths))], where
        count = len(paths)
    assert broken(path.parent) == []


def test_a_corrupt_settings_file_is_set_aside_and_reported(env: Env) -> None:
    path = settings_path(env)
    path.parent.mkdir(parents=True)
    path.write_bytes(GARBAGE)
    done = reader(env, "config", "show")
    assert done.code == 0
    [line] = done.err.splitlines()
    assert line.startswith(f"reader: {path}: ")
    assert "kept as settings.toml.broken-" in line
    assert "rate = 0  # " in done.out  # the defaults
    assert "skip_spoilers = true  # " in done.out
    [aside] = broken(path.parent)
    assert aside.name in line
    assert aside.read_bytes() == GARBAGE
    again = reader(env, "config", "show")
    assert (again.code, again.err) == (0, "")  # told once


def test_config_set_on_a_corrupt_settings_file_says_it_was_set_aside(env: Env) -> None:
    path = settings_path(env)
    path.parent.mkdir(parents=True)
    path.write_bytes(GARBAGE)
    done = reader(env, "config", "set", "rate", "300")
    assert done.code == 0
    assert broken(path.parent) != []
    assert "kept as settings.toml.broken-" in done.err


def test_a_corrupt_queue_is_set_aside_and_reported_by_list(env: Env) -> None:
    path = queue_path(env)
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"entries": [{"path": "/half')
    done = reader(env, "queue", "list")
    assert done.code == 0
    [line] = done.err.splitlines()
    assert line.startswith(f"reader: {path}: ")
    assert "kept as queue.json.broken-" in line
    assert done.out.startswith("The queue is empty")
    [aside] = broken(path.parent)
    assert aside.read_bytes() == b'{"entries": [{"path": "/half'


@pytest.mark.parametrize("action", [["add", str(SEED)], ["remove", "1"]])
def test_changing_a_corrupt_queue_says_it_was_set_aside(env: Env, action: list[str]) -> None:
    path = queue_path(env)
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"entries": [{"path": "/half')
    done = reader(env, "queue", *action)
    assert broken(path.parent) != []
    assert "kept as queue.json.broken-" in done.err


def blocked_on_a_lock(pid: int) -> bool:
    """Whether process `pid` is waiting for a file lock (Linux's /proc/locks shows '->')."""
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields and str(pid) in fields:
            return True
    return False


def all_blocked(runs: Sequence[subprocess.Popen[str]]) -> bool:
    """Whether every run is waiting for a file lock."""
    return all(blocked_on_a_lock(run.pid) for run in runs)


def start_adds(env: Env, groups: Sequence[Sequence[Path]]) -> list[subprocess.Popen[str]]:
    """One `reader queue add` run per group of files, all started at once."""
    return [
        start(
            env,
            "queue",
            "add",
            *map(str, files),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for files in groups
    ]


def finish_adds(runs: Sequence[subprocess.Popen[str]]) -> None:
    """Wait for every run; each must succeed quietly."""
    for run in runs:
        out, err = run.communicate(timeout=60)
        assert (run.returncode, err) == (0, "")
        assert out.startswith("Added ")


def assert_all_queued(env: Env, groups: Sequence[Sequence[Path]]) -> None:
    """Every file of every group is queued once, each group's files in their order."""
    paths = queued(env)
    assert sorted(paths) == sorted(strs([path for files in groups for path in files]))
    for files in groups:
        mine = set(strs(files))
        assert [path for path in paths if path in mine] == strs(files)


@LINUX_ONLY
def test_two_adds_at_once_keep_every_entry(env: Env, tmp_path: Path) -> None:
    for round_number in range(3):
        round_env = {**env, "XDG_STATE_HOME": str(tmp_path / f"state-{round_number}")}
        groups = [
            reviews(tmp_path / f"{side}-{round_number}", *(f"{side} {n}" for n in range(10)))
            for side in ("Left", "Right")
        ]
        # Both runs wait at the queue's lock, so their changes are truly at once.
        with locked(queue_path(round_env)):
            runs = start_adds(round_env, groups)
            assert wait_for(partial(all_blocked, runs), 60)
        finish_adds(runs)
        assert len(paths := queued(round_env)) == 20, paths
        assert_all_queued(round_env, groups)


def test_six_adds_started_together_keep_every_entry(env: Env, tmp_path: Path) -> None:
    for round_number in range(2):
        round_env = {**env, "XDG_STATE_HOME": str(tmp_path / f"state-{round_number}")}
        groups = [
            reviews(
                tmp_path / f"group-{round_number}-{group}", *(f"G{group} {n}" for n in range(3))
            )
            for group in range(6)
        ]
        finish_adds(start_adds(round_env, groups))
        assert len(paths := queued(round_env)) == 18, paths
        assert_all_queued(round_env, groups)


@LINUX_ONLY
def test_add_counts_only_its_own_files_when_another_run_adds_at_once(
    env: Env, tmp_path: Path
) -> None:
    [mine] = reviews(tmp_path, "Mine")
    path = queue_path(env)
    with locked(path):
        [run] = start_adds(env, [[mine]])
        assert wait_for(lambda: blocked_on_a_lock(run.pid), 60)
        # Another run's entry lands while this one waits for the lock.
        other = {"path": "/elsewhere/other.txt", "title": "Other", "reviews": 1}
        write_atomic(path, json.dumps({"entries": [other], "current": None}))
    out, err = run.communicate(timeout=60)
    assert (run.returncode, err) == (0, "")
    assert queued(env) == ["/elsewhere/other.txt", *strs([mine])]
    assert out == "Added 1 file; 2 in the queue\n"


# Play


def test_play_skips_a_file_deleted_since_it_was_queued(env: Env, tmp_path: Path) -> None:
    gone, kept = reviews(tmp_path, "Gone Film", "Kept Film")
    assert reader(env, "queue", "add", str(gone), str(kept)).code == 0
    gone.unlink()
    play_env = {**env, "READER_PLAYER": "cat > /dev/null"}
    done = reader(play_env, "queue", "play", "--engine", "silent", "--rate", "900")
    assert done.code == 0
    [line] = done.err.splitlines()
    assert line.startswith("reader: ")
    assert str(gone) in line
    assert "skipped" in line
    assert done.out.splitlines() == [
        "Next review: Kept Film, 3 words",
        "End of review",
        "End of the queue",
    ]
    assert load_queue(queue_path(env)).value.current is None


def test_play_with_a_player_that_fails_exits_1(env: Env, tmp_path: Path) -> None:
    assert reader(env, "queue", "add", *map(str, reviews(tmp_path, "Only"))).code == 0
    done = reader({**env, "READER_PLAYER": "exit 3"}, "queue", "play", "--engine", "silent")
    assert "the audio player stopped" in done.err
    assert done.code == 1


def test_play_reads_spoilers_only_when_asked(env: Env, tmp_path: Path) -> None:
    review = tmp_path / "spoiled.md"
    review.write_text(
        "# Film\n\n## Review\n\nIt is good. >!The hero dies in the last scene, alone, on the "
        "pier where his father drowned, and his sister never learns it.!< I cried.\n"
    )
    assert reader(env, "queue", "add", str(review)).code == 0
    # The working cue ticks for as long as the file takes to load: a length of its own.
    assert reader(env, "config", "set", "cue_working", "off").code == 0
    played = tmp_path / "played.raw"
    play_env = {**env, "READER_PLAYER": f"cat >> {played}"}  # a player may start again

    def seconds(*options: str) -> float:
        played.write_bytes(b"")
        done = reader(play_env, "queue", "play", "--rate", "900", *options)
        assert (done.code, done.err) == (0, "")
        return played.stat().st_size / 2 / 22050

    skipped = seconds()  # the saved default skips them; each play starts the queue again
    # The spoiler, less its announcement and the cue's sound before it.
    assert seconds("--read-spoilers") - skipped > 0.3
    done = reader(env, "queue", "play", "--read-spoilers", "--skip-spoilers")
    assert done.code == 2
    assert "not allowed with" in done.err


def _default_sigint() -> None:
    """In the child: Ctrl-C interrupts, even if whoever started the tests ignores it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@LINUX_ONLY
def test_ctrl_c_during_play_stops_at_once_and_keeps_the_place(env: Env, tmp_path: Path) -> None:
    # Short sentences, so a few seconds in the place saved (a sentence's start) is not 0.
    first = tmp_path / "long.txt"
    sentences = " ".join(f"Sentence {number} is short." for number in range(1, 61))
    first.write_text(f"A Long Evening\n\n{sentences}\n")
    [after] = reviews(tmp_path / "after", "After")
    assert reader(env, "queue", "add", str(first), str(after)).code == 0
    audio, out_file, err_file = tmp_path / "audio.raw", tmp_path / "out", tmp_path / "err"
    play_env = {**env, "READER_PLAYER": f"cat >> {audio}"}
    with out_file.open("w") as out, err_file.open("w") as err:
        play = start(
            play_env,
            *("queue", "play", "--engine", "espeak", "--rate", "400"),
            stdout=out,
            stderr=err,
            preexec_fn=_default_sigint,
        )
        try:

            def playing() -> bool:
                heard = audio.exists() and audio.stat().st_size > 5 * ESPEAK_BYTES_PER_SECOND
                return heard and "Next review:" in out_file.read_text()

            assert wait_for(playing, 60), err_file.read_text()
            play.send_signal(signal.SIGINT)
            assert play.wait(timeout=10) == 130
        finally:
            if play.poll() is None:
                play.kill()
                play.wait()
    size = audio.stat().st_size
    time.sleep(0.3)
    assert audio.stat().st_size == size  # nothing more reached the player
    assert err_file.read_text() == ""
    assert out_file.read_text() == "Next review: A Long Evening, 240 words\n"

    listed = reader(env, "queue", "list").out.splitlines()
    assert listed[0].endswith("(play resumes here)")
    assert "(play resumes here)" not in listed[1]
    saved = load_positions(queue_path(env).with_name("positions.json"))
    assert saved.warning is None
    assert saved.value[str(first)] != Position()


def test_adding_an_export_folder_queues_only_its_reviews(env: Env) -> None:
    """An unzipped Letterboxd export: reviews.csv is queued; its diary, lists, likes and
    deleted reviews are not, and one note says so."""
    export = ROOT / "tests" / "data" / "real" / "exports" / "letterboxd"
    done = reader(env, "queue", "add", str(export))
    assert done.code == 0, done.err
    assert done.out == "Added 1 file; 1 in the queue\n"
    (note,) = done.err.splitlines()
    assert "files hold no reviews and were skipped" in note
    listed = reader(env, "queue", "list").out
    assert listed.startswith("1. On the Line, 4 reviews: ")
    assert listed.rstrip().endswith("letterboxd/reviews.csv")
