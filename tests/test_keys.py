"""The key table, the key file that remaps it, and how keys are said and shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.tui.keys import (
    ACTIONS,
    KeyFile,
    default_keymap,
    help_lines,
    is_key,
    load_keymap,
    shown_key,
    spoken_key,
)


def write(folder: Path, text: str) -> Path:
    path = folder / "keys.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_defaults_are_the_documented_keys() -> None:
    keys = default_keymap()
    assert keys["play_pause"] == ("space",)
    assert keys["stop"] == ("escape",)
    assert (keys["next_section"], keys["previous_section"]) == (("h",), ("H",))
    assert [keys[f"section_{n}"] for n in range(1, 10)] == [(str(n),) for n in range(1, 10)]
    assert (keys["faster"], keys["slower"]) == (("]",), ("[",))
    assert keys["help"] == ("question_mark", "f1")
    assert keys["quit"] == ("q",)


def test_no_default_key_is_a_bare_modifier_a_screen_reader_owns() -> None:
    for action in ACTIONS:
        for key in action.keys:
            assert not key.startswith(("ctrl+", "shift+", "insert")), action.name


def test_no_key_file_means_the_defaults(tmp_path: Path) -> None:
    keys = load_keymap(tmp_path / "keys.toml")
    assert keys == KeyFile(default_keymap())
    assert keys.spoken() == ""


def test_a_key_file_remaps_only_what_it_names(tmp_path: Path) -> None:
    keys = load_keymap(write(tmp_path, 'faster = "+"\nslower = ["-", "ctrl+s"]\n'))
    assert keys.problems == ()
    assert keys.keymap["faster"] == ("+",)
    assert keys.keymap["slower"] == ("-", "ctrl+s")
    assert keys.keymap["where"] == ("w",)


def test_a_key_taken_from_an_action_remapped_away_is_free(tmp_path: Path) -> None:
    keys = load_keymap(write(tmp_path, 'help = "f1"\nwhere = "question_mark"\n'))
    assert keys.problems == ()
    assert (keys.keymap["help"], keys.keymap["where"]) == (("f1",), ("question_mark",))


def test_an_empty_list_leaves_an_action_without_keys(tmp_path: Path) -> None:
    keys = load_keymap(write(tmp_path, "quit = []\n"))
    assert keys.problems == ()
    assert keys.keymap["quit"] == ()


@pytest.mark.parametrize(
    ("text", "spoken", "detail"),
    [
        (
            'faster = "+"\n\nfrobnicate = "z"\n',
            "Key file: line 3, unknown action frobnicate; other keys kept",
            "keys.toml:3: unknown action 'frobnicate' (actions: play_pause, stop,",
        ),
        (
            'faster = "+"\nslower = 3\n',
            "Key file: line 2, slower needs a key in quotes; other keys kept",
            "keys.toml:2: slower must be a key in quotes or a list",
        ),
        (
            'faster = "+"\nslower = "not a key"\n',
            "Key file: line 2, not a key is not a key name; other keys kept",
            "keys.toml:2: 'not a key' is not a key name",
        ),
        (
            'faster = "+"\nslower = ["-", "w"]\n',
            "Key file: line 2, w already used by where; other keys kept",
            "keys.toml:2: w is already where's key; not given to slower",
        ),
    ],
)
def test_a_broken_line_is_dropped_and_said_in_one_short_line(
    tmp_path: Path, text: str, spoken: str, detail: str
) -> None:
    keys = load_keymap(write(tmp_path, text))
    assert keys.keymap["faster"] == ("+",)
    assert keys.spoken() == spoken
    assert len(keys.problems) == 1
    assert detail in keys.problems[0].detail
    assert str(tmp_path) in keys.problems[0].detail


def test_an_unknown_action_lists_the_actions_in_the_details_only(tmp_path: Path) -> None:
    keys = load_keymap(write(tmp_path, 'frobnicate = "z"\n'))
    assert "announcements" in keys.problems[0].detail
    assert "announcements" not in keys.spoken()


def test_a_key_given_to_two_actions_goes_to_the_first_line(tmp_path: Path) -> None:
    keys = load_keymap(write(tmp_path, 'faster = "+"\nslower = ["plus", "-"]\n'))
    assert keys.keymap["faster"] == ("+",)
    assert keys.keymap["slower"] == ("-",)
    assert keys.spoken() == "Key file: line 2, plus already used by faster; other keys kept"


def test_an_action_whose_every_key_is_taken_keeps_its_own(tmp_path: Path) -> None:
    keys = load_keymap(write(tmp_path, 'where = "question_mark"\n'))
    assert keys.keymap["where"] == ("w",)
    assert keys.keymap["help"] == ("question_mark", "f1")
    assert keys.spoken() == (
        "Key file: line 1, question mark already used by help; other keys kept"
    )


def test_a_default_key_freed_by_one_line_can_be_taken_by_another(tmp_path: Path) -> None:
    keys = load_keymap(write(tmp_path, 'faster = "+"\nslower = "]"\n'))
    assert keys.problems == ()
    assert (keys.keymap["faster"], keys.keymap["slower"]) == (("+",), ("]",))


def test_several_broken_lines_are_counted_and_named(tmp_path: Path) -> None:
    text = 'faster = "+"\nlouder = "="\nslower = 3\nwhere = "W"\nsofter = "_"\n'
    keys = load_keymap(write(tmp_path, text))
    assert keys.spoken() == ("Key file: 3 lines ignored (lines 2, 3 and 5); other keys kept")
    assert [problem.line for problem in keys.problems] == [2, 3, 5]
    assert (keys.keymap["faster"], keys.keymap["where"]) == (("+",), ("W",))
    assert keys.keymap["slower"] == ("[",)


def test_a_file_that_is_not_toml_means_the_defaults(tmp_path: Path) -> None:
    keys = load_keymap(write(tmp_path, 'faster = "+"\nslower = [\nwhere = "W"\n'))
    assert keys.keymap == default_keymap()
    assert keys.spoken() == "Key file: line 3, not valid TOML; default keys used"
    assert "keys.toml:3: " in keys.problems[0].detail


def test_a_file_cut_short_is_not_toml(tmp_path: Path) -> None:
    keys = load_keymap(write(tmp_path, 'faster = "+"\nslower = [\n'))
    assert keys.keymap == default_keymap()
    assert keys.spoken() == "Key file: not valid TOML; default keys used"


def test_a_key_file_that_is_not_text_means_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "keys.toml"
    path.write_bytes(b"\xff\xfe\x00junk")
    keys = load_keymap(path)
    assert keys.keymap == default_keymap()
    assert keys.spoken() == "Key file: could not be read; default keys used"
    assert "not UTF-8" in keys.problems[0].detail


@pytest.mark.parametrize(
    ("key", "valid"),
    [("h", True), ("H", True), ("]", True), ("f1", True), ("ctrl+r", True), ("alt+]", True)],
)
def test_key_names(key: str, valid: bool) -> None:
    assert is_key(key) is valid


@pytest.mark.parametrize("key", ["", "two words", "ctrl+", "Ctrl+R"])
def test_not_key_names(key: str) -> None:
    assert not is_key(key)


@pytest.mark.parametrize(
    ("key", "spoken", "shown"),
    [
        ("space", "space", "space"),
        ("escape", "escape", "esc"),
        ("H", "shift h", "H"),
        ("]", "right bracket", "]"),
        ("question_mark", "question mark", "?"),
        ("right", "right arrow", "→"),
        ("f1", "F1", "F1"),
        ("ctrl+r", "control r", "ctrl+r"),
    ],
)
def test_keys_are_said_and_shown_as_people_know_them(key: str, spoken: str, shown: str) -> None:
    assert spoken_key(key) == spoken
    assert shown_key(key) == shown


def test_help_has_one_line_per_action_and_folds_the_section_digits() -> None:
    lines = help_lines(default_keymap(), spoken=True)
    assert lines[0] == "space: Play or pause"
    assert "1 to 9: go to that section" in lines
    assert not any(line.startswith("2:") for line in lines)
    assert len(lines) == len(ACTIONS) - 8


def test_help_lists_remapped_section_keys_one_by_one() -> None:
    keymap = default_keymap() | {"section_1": ("f5",)}
    lines = help_lines(keymap, spoken=False)
    assert "F5: Go to section 1" in lines
    assert "2: Go to section 2" in lines
