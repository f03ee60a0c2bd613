"""Saved files: atomic writes, locks, broken files set aside; settings, positions, the
queue's operations and `--sleep` values, all in process with explicit paths."""

from __future__ import annotations

import json
import sys
import threading
import time
from functools import partial
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.model import Position, Source
from reader.plan.cues import Cue
from reader.reading.sleep import SleepError, SleepTimer
from reader.speech.engine import MAX_RATE, MIN_RATE
from reader.storage.positions import load_positions, review_key, save_positions
from reader.storage.queue import (
    Queue,
    QueueEntry,
    QueueError,
    added,
    at,
    change_queue,
    cleared,
    load_queue,
    moved,
    removed,
)
from reader.storage.settings import (
    ENGINE_CHOICES,
    SettingError,
    Settings,
    load_settings,
    parse_settings,
    save_settings,
    set_setting,
    settings_file,
    settings_toml,
)
from reader.storage.store import Loaded, Unreadable, locked, read_or_set_aside, write_atomic

GARBAGE = b"\xff\xfe\x00rate = \x80\x81 [[[\n\x00\x01garbage"


def broken_files(folder: Path, name: str) -> list[Path]:
    """The files a broken `name` was set aside as."""
    return sorted(folder.glob(f"{name}.broken-*"))


def entries(*paths: str) -> list[QueueEntry]:
    """Queue entries for these paths, titled by their names."""
    return [QueueEntry(path, Path(path).name) for path in paths]


def queue_of(*paths: str) -> Queue:
    """A queue holding these paths in order."""
    return Queue(tuple(entries(*paths)))


def paths_of(queue: Queue) -> list[str]:
    """The queued paths in order."""
    return [entry.path for entry in queue.entries]


# The store


def test_write_atomic_creates_folders_and_replaces(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "file.json"
    write_atomic(path, "first")
    write_atomic(path, "second, ünïcode ✓")
    assert path.read_text(encoding="utf-8") == "second, ünïcode ✓"
    assert sorted(p.name for p in path.parent.iterdir()) == ["file.json"]  # no temp left


def test_write_atomic_failing_midway_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "file.txt"
    write_atomic(path, "old")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(path, "new \udcff")  # a lone surrogate cannot be written as UTF-8
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.txt"]  # the temp file is gone


@pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX (see test_platforms.py)")
def test_locked_makes_a_second_holder_wait(tmp_path: Path) -> None:
    import fcntl

    path = tmp_path / "queue.json"
    order: list[str] = []
    with locked(path):
        assert (tmp_path / "queue.json.lock").exists()
        # flock is per open file, so a second open of the lock file must wait.
        other = (tmp_path / "queue.json.lock").open("a")
        with pytest.raises(BlockingIOError):
            fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

        def second() -> None:
            with locked(path):
                order.append("second")

        thread = threading.Thread(target=second)
        thread.start()
        thread.join(0.2)
        order.append("first")
    thread.join(10)
    fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again
    other.close()
    assert order == ["first", "second"]


def test_read_or_set_aside_missing_file_is_the_default_without_warning(tmp_path: Path) -> None:
    assert read_or_set_aside(tmp_path / "none", int, 7) == Loaded(7)


def test_read_or_set_aside_keeps_a_broken_file_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_bytes(GARBAGE)
    loaded = read_or_set_aside(path, json.loads, {"default": True})
    assert loaded.value == {"default": True}
    assert loaded.warning is not None
    assert loaded.warning.startswith(f"{path}: ")
    assert not path.exists()
    [aside] = broken_files(tmp_path, "data.json")
    assert aside.name in loaded.warning
    assert aside.read_bytes() == GARBAGE


def test_read_or_set_aside_passes_on_the_parsers_reason(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_text("anything")

    def refuse(text: str) -> int:
        raise Unreadable("has no numbers in it")

    loaded = read_or_set_aside(path, refuse, 0)
    assert loaded.warning is not None
    assert "has no numbers in it" in loaded.warning


def test_read_or_set_aside_does_not_touch_a_folder_in_the_way(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.mkdir()
    loaded: Loaded[list[object]] = read_or_set_aside(path, json.loads, [])
    assert loaded.value == []
    assert loaded.warning is not None
    assert "cannot read" in loaded.warning
    assert path.is_dir()


def test_two_broken_files_in_the_same_second_are_both_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "strftime", lambda *args: "20250101-120000")
    path = tmp_path / "queue.json"
    path.write_bytes(b"first broken {")
    assert load_queue(path).warning is not None
    path.write_bytes(b"second broken [")
    assert load_queue(path).warning is not None
    kept = sorted(aside.read_bytes() for aside in broken_files(tmp_path, "queue.json"))
    assert kept == [b"first broken {", b"second broken ["]


# Settings


def test_settings_defaults_when_there_is_no_file(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "settings.toml") == Loaded(Settings())


def test_settings_file_is_in_the_xdg_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert settings_file() == tmp_path / "reader" / "settings.toml"


def test_parse_settings_reads_what_is_there_and_defaults_the_rest() -> None:
    text = 'rate = 300\nskip_spoilers = false\nengine = "silent"\n# a comment\n'
    assert parse_settings(text) == Settings(rate=300, skip_spoilers=False, engine="silent")
    assert parse_settings("") == Settings()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('rate = "fast"', "rate"),
        ("rate = 5000", "rate"),
        ("rate = 300.0", "rate"),
        ('engine = "loud"', "engine"),
        ('skip_spoilers = "yes"', "skip_spoilers"),
        ("announcements = 1", "announcements"),
        ("voice = 3", "voice"),
        ('colour = "blue"', "colour"),
        ("[voice]\nname = 'x'", "voice"),
    ],
)
def test_parse_settings_names_the_bad_key(text: str, key: str) -> None:
    with pytest.raises(Unreadable, match=key):
        parse_settings(text)


def test_parse_settings_refuses_what_is_not_toml() -> None:
    with pytest.raises(Unreadable, match="not valid TOML"):
        parse_settings("rate = = 3")


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("rate", "300", Settings(rate=300)),
        ("rate", "0", Settings(rate=0)),
        ("rate", str(MIN_RATE), Settings(rate=MIN_RATE)),
        ("rate", str(MAX_RATE), Settings(rate=MAX_RATE)),
        ("skip_spoilers", "off", Settings(skip_spoilers=False)),
        ("skip_spoilers", "No", Settings(skip_spoilers=False)),
        ("announcements", "0", Settings(announcements=False)),
        ("announcements", "on", Settings(announcements=True)),
        ("engine", "espeak", Settings(engine="espeak")),
        ("voice", "calm narrator", Settings(voice="calm narrator")),
        ("player", "aplay -r {rate} -", Settings(player="aplay -r {rate} -")),
    ],
)
def test_set_setting_saves_one_value(
    tmp_path: Path, key: str, text: str, expected: Settings
) -> None:
    path = tmp_path / "settings.toml"
    assert set_setting(key, text, path).value == expected
    assert load_settings(path) == Loaded(expected)


def test_set_setting_keeps_the_other_values(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    set_setting("rate", "250", path)
    set_setting("skip_spoilers", "off", path)
    set_setting("player", 'say "quoted" \\ back', path)
    expected = Settings(rate=250, skip_spoilers=False, player='say "quoted" \\ back')
    assert load_settings(path) == Loaded(expected)


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("rate", "fast"),
        ("rate", "5000"),
        ("rate", "79"),
        ("rate", "-5"),
        ("rate", "3.5"),
        ("skip_spoilers", "maybe"),
        ("announcements", ""),
        ("engine", "loud"),
        ("colour", "blue"),
    ],
)
def test_set_setting_refuses_a_bad_value_naming_the_key(
    tmp_path: Path, key: str, text: str
) -> None:
    path = tmp_path / "settings.toml"
    save_settings(Settings(rate=200), path)
    before = path.read_bytes()
    with pytest.raises(SettingError, match=key):
        set_setting(key, text, path)
    assert path.read_bytes() == before  # nothing was written


def test_settings_toml_says_what_each_setting_is() -> None:
    text = settings_toml(Settings())
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
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
    assert text.count("\n# ") == 8 + len(Cue)  # a comment before each


# Any text but U+007F, which has its own test below; surrogates cannot reach a file.
_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x7f"))
_SETTINGS = st.builds(
    Settings,
    voice=_TEXT,
    rate=st.one_of(st.just(0), st.integers(MIN_RATE, MAX_RATE)),
    engine=st.sampled_from(ENGINE_CHOICES),
    skip_spoilers=st.booleans(),
    announcements=st.booleans(),
    player=_TEXT,
)


@given(_SETTINGS)
def test_settings_round_trip(settings: Settings) -> None:
    assert parse_settings(settings_toml(settings)) == settings


def test_settings_round_trip_with_a_delete_character(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    set_setting("player", "play\x7f", path)
    assert load_settings(path) == Loaded(Settings(player="play\x7f"))


def test_a_corrupt_settings_file_is_set_aside_and_the_defaults_used(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(GARBAGE)
    loaded = load_settings(path)
    assert loaded.value == Settings()
    assert loaded.warning is not None
    assert str(path) in loaded.warning
    [aside] = broken_files(tmp_path, "settings.toml")
    assert aside.name in loaded.warning
    assert aside.read_bytes() == GARBAGE
    assert load_settings(path) == Loaded(Settings())  # reported once, not again


def test_a_settings_file_with_a_bad_value_is_set_aside_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    text = "rate = 300\nengine = 'loud'\n"
    path.write_text(text)
    loaded = load_settings(path)
    assert loaded.value == Settings()
    assert loaded.warning is not None
    assert "engine" in loaded.warning
    [aside] = broken_files(tmp_path, "settings.toml")
    assert aside.read_text() == text


# Positions


def test_review_key_is_the_absolute_file_and_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert review_key(Source("a.txt")) == str(tmp_path / "a.txt")
    assert review_key(Source("export.csv", 12)) == f"{tmp_path / 'export.csv'}:12"
    assert review_key(Source("-")) is None


def test_positions_round_trip_and_merge(tmp_path: Path) -> None:
    path = tmp_path / "positions.json"
    assert load_positions(path) == Loaded({})
    save_positions({"/a.txt": Position(2, 40), "/b.csv:3": Position(0, 7)}, path)
    save_positions({"/a.txt": Position(3, 0), "/ü.txt": Position(1, 1)}, path)
    save_positions({}, path)
    assert load_positions(path) == Loaded(
        {"/a.txt": Position(3, 0), "/b.csv:3": Position(0, 7), "/ü.txt": Position(1, 1)}
    )


@pytest.mark.parametrize(
    "text",
    [
        '{"/a.txt": [1, 2',
        "[1, 2]",
        '{"/a.txt": [1]}',
        '{"/a.txt": [1, -2]}',
        '{"/a.txt": [true, 2]}',
        '{"/a.txt": "1,2"}',
    ],
)
def test_a_corrupt_positions_file_is_set_aside(tmp_path: Path, text: str) -> None:
    path = tmp_path / "positions.json"
    path.write_text(text)
    loaded = load_positions(path)
    assert loaded.value == {}
    assert loaded.warning is not None
    [aside] = broken_files(tmp_path, "positions.json")
    assert aside.read_text() == text
    save_positions({"/c.txt": Position(1, 2)}, path)
    assert load_positions(path) == Loaded({"/c.txt": Position(1, 2)})


# The queue


def test_queue_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "queue.json"
    queue = Queue((QueueEntry("/a.txt", "Ä film", 1), QueueEntry("/b.csv", "B", 6)), "/b.csv:3")
    assert change_queue(lambda _: queue, path) == Loaded(queue)
    assert load_queue(path) == Loaded(queue)


def test_added_keeps_order_and_ignores_duplicates() -> None:
    queue = added(Queue(), entries("/a", "/b", "/c"))
    queue = added(queue, entries("/d", "/b", "/e", "/d", "/a"))
    assert paths_of(queue) == ["/a", "/b", "/c", "/d", "/e"]
    assert queue.paths == frozenset(paths_of(queue))


def test_added_keeps_the_first_title_of_a_file_already_queued() -> None:
    queue = added(Queue(), [QueueEntry("/a", "Old title")])
    queue = added(queue, [QueueEntry("/a", "New title", 3)])
    assert queue.entries == (QueueEntry("/a", "Old title"),)


def test_added_ignores_a_path_given_twice_in_one_call() -> None:
    queue = added(Queue(), [QueueEntry("/a", "A"), QueueEntry("/a", "A, retitled")])
    assert paths_of(queue) == ["/a"]


def test_added_keeps_where_play_is() -> None:
    queue = at(queue_of("/a", "/b"), "/b")
    assert added(queue, entries("/c")).current == "/b"


def test_removed_takes_out_the_numbered_entries() -> None:
    queue = queue_of("/a", "/b", "/c", "/d")
    assert paths_of(removed(queue, [2])) == ["/a", "/c", "/d"]
    assert paths_of(removed(queue, [4, 1, 1])) == ["/b", "/c"]
    assert paths_of(removed(queue, [1, 2, 3, 4])) == []


@pytest.mark.parametrize("numbers", [[0], [5], [-1], [2, 9]])
def test_removed_with_a_bad_number_names_the_valid_range(numbers: list[int]) -> None:
    queue = queue_of("/a", "/b", "/c", "/d")
    with pytest.raises(QueueError, match="1 to 4"):
        removed(queue, numbers)


def test_removed_from_an_empty_queue_says_it_is_empty() -> None:
    with pytest.raises(QueueError, match="empty"):
        removed(Queue(), [1])


@pytest.mark.parametrize(
    ("number", "to", "expected"),
    [
        (1, 3, ["/b", "/c", "/a", "/d"]),
        (4, 1, ["/d", "/a", "/b", "/c"]),
        (2, 2, ["/a", "/b", "/c", "/d"]),
        (3, 4, ["/a", "/b", "/d", "/c"]),
        (1, 4, ["/b", "/c", "/d", "/a"]),
    ],
)
def test_moved_puts_the_entry_at_the_new_place(number: int, to: int, expected: list[str]) -> None:
    assert paths_of(moved(queue_of("/a", "/b", "/c", "/d"), number, to)) == expected


@pytest.mark.parametrize(("number", "to"), [(0, 1), (1, 5), (5, 1), (2, -1)])
def test_moved_with_a_bad_number_names_the_valid_range(number: int, to: int) -> None:
    with pytest.raises(QueueError, match="1 to 4"):
        moved(queue_of("/a", "/b", "/c", "/d"), number, to)


def test_cleared_empties_the_queue_and_forgets_where_play_was() -> None:
    assert cleared(at(queue_of("/a", "/b"), "/a")) == Queue()


def test_change_queue_saves_and_a_failed_change_saves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "queue.json"
    change_queue(lambda queue: added(queue, entries("/a", "/b")), path)
    before = path.read_bytes()
    with pytest.raises(QueueError):
        change_queue(lambda queue: removed(queue, [3]), path)
    assert path.read_bytes() == before
    assert paths_of(change_queue(lambda queue: moved(queue, 2, 1), path).value) == ["/b", "/a"]
    assert paths_of(load_queue(path).value) == ["/b", "/a"]


@pytest.mark.parametrize(
    "text",
    [
        '{"entries": [{"path": "/a.txt"',
        "[]",
        '{"entries": {}}',
        '{"entries": [{"title": "no path"}]}',
        '{"entries": [{"path": "/a", "reviews": "2"}]}',
        '{"entries": [], "current": 3}',
        "",
    ],
)
def test_a_corrupt_queue_is_set_aside_and_the_next_change_starts_afresh(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "queue.json"
    path.write_text(text)
    done = change_queue(lambda queue: added(queue, entries("/new")), path)
    assert done.warning is not None
    assert "kept as queue.json.broken-" in done.warning
    assert paths_of(done.value) == ["/new"]
    [aside] = broken_files(tmp_path, "queue.json")
    assert aside.read_text() == text
    assert load_queue(path) == Loaded(done.value)


def test_queue_files_are_only_the_queue_and_its_lock(tmp_path: Path) -> None:
    path = tmp_path / "queue.json"
    for name in ("/a", "/b", "/c"):
        change_queue(partial(added, entries=entries(name)), path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["queue.json", "queue.json.lock"]


# --sleep


@pytest.mark.parametrize(
    ("text", "seconds", "end_of_review"),
    [
        (None, None, False),
        ("20m", 1200.0, False),
        ("1h30m", 5400.0, False),
        ("1h", 3600.0, False),
        ("90s", 90.0, False),
        ("2m30s", 150.0, False),
        ("45", 2700.0, False),
        (" 20M ", 1200.0, False),
        ("end-of-review", None, True),
        ("End-Of-Review", None, True),
    ],
)
def test_parse_sleep(text: str | None, seconds: float | None, end_of_review: bool) -> None:
    timer = SleepTimer.parse(text, clock=lambda: 1000.0)
    assert timer.deadline == (None if seconds is None else 1000.0 + seconds)
    assert timer.end_of_review is end_of_review


@pytest.mark.parametrize(
    "text", ["", " ", "soon", "20x", "m", "1.5h", "-5", "30m1h", "20 m", "end", "20m!"]
)
def test_parse_sleep_refuses_what_is_not_a_time(text: str) -> None:
    with pytest.raises(SleepError, match="20m"):
        SleepTimer.parse(text)
