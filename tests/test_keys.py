"""The key table, the key file that remaps it, and how keys are said and shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.tui.keys import (
    ACTIONS,
    KeyFileError,
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
    assert load_keymap(tmp_path / "keys.toml") == default_keymap()


def test_a_key_file_remaps_only_what_it_names(tmp_path: Path) -> None:
    keymap = load_keymap(write(tmp_path, 'faster = "+"\nslower = ["-", "ctrl+s"]\n'))
    assert keymap["faster"] == ("+",)
    assert keymap["slower"] == ("-", "ctrl+s")
    assert keymap["where"] == ("w",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('louder = "+"\n', "keys.toml:1: unknown action 'louder'"),
        ('where = "w"\nfaster = 3\n', "keys.toml:2: faster must be a key in quotes or a list"),
        ('faster = "not a key"\n', "keys.toml:1: 'not a key' is not a key name"),
        ("faster = [\n", "keys.toml: Invalid value"),
        ('faster = "w"\n', "w is given to both faster and where"),
        ('help = ["?"]\nwhere = "question_mark"\n', "question mark is given to both"),
    ],
)
def test_a_bad_key_file_is_reported_with_its_line_and_defaults_kept(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(KeyFileError, match="using the default keys") as caught:
        load_keymap(write(tmp_path, text))
    assert message in str(caught.value)


def test_a_key_file_that_is_not_text_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "keys.toml"
    path.write_bytes(b"\xff\xfe\x00junk")
    with pytest.raises(KeyFileError, match="not UTF-8"):
        load_keymap(path)


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
