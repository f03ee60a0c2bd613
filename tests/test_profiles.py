"""Voice profiles: the shipped ones, the user's beside them, finding them by name, and
errors in hand-written files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import ROOT

import reader.storage.locations
from reader.speech.engine import VoiceSettings
from reader.speech.pace import Pauses
from reader.speech.profiles import (
    VoiceProfile,
    find_profile,
    lexicon_paths,
    load_profile,
    profile_key,
    profile_paths,
)
from reader.storage.locations import voice_folders
from reader.storage.tomlfile import TomlError


@pytest.fixture(autouse=True)
def user_voices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's voices folder, in a temporary config folder (empty unless a test fills it)."""
    config = tmp_path / "config"
    monkeypatch.setattr(reader.storage.locations, "config_dir", lambda: config)
    return config / "voices"


def shipped(name: str) -> VoiceProfile:
    """A shipped profile, which must exist."""
    profile = find_profile(name)
    assert profile is not None
    return profile


def test_shipped_voices_are_found_through_the_package(user_voices: Path) -> None:
    """In this editable install the package `reader.voices` is the repository's `voices/`
    (tests/test_install.py checks a real install); the user's folder comes after it."""
    assert voice_folders() == (ROOT / "voices", user_voices)


def test_default_profile() -> None:
    """The everyday voice: 175 wpm, natural pauses, the review lexicon."""
    profile = shipped("default")
    assert profile.name == "default"
    assert profile.engine == "auto"
    assert profile.settings == VoiceSettings("", rate=175, pitch=50, volume=100)
    assert profile.pauses == Pauses(sentence=250, paragraph=600, section=1000, floor=80)
    assert profile.lexicon.say("The OST, ep. 5: 8/10.") == "The O S T, episode 5: 8 out of 10."


def test_fast_listener_profile() -> None:
    """About 450 wpm with shorter pauses than the default."""
    fast, default = shipped("fast listener"), shipped("default")
    assert fast.name == "fast listener"
    assert 440 <= fast.settings.rate <= 460
    for kind in ("sentence", "paragraph", "section"):
        assert getattr(fast.pauses, kind) < getattr(default.pauses, kind)


def test_clear_profile() -> None:
    """Slower than the default, with longer pauses of every kind."""
    clear, default = shipped("clear"), shipped("default")
    assert clear.name == "clear"
    assert clear.settings.rate < default.settings.rate
    for kind in ("sentence", "paragraph", "section", "floor"):
        assert getattr(clear.pauses, kind) > getattr(default.pauses, kind)


def test_the_natural_profile_is_piper_at_an_everyday_pace() -> None:
    natural, default = shipped("natural"), shipped("default")
    assert natural.engine == "piper"
    assert natural.settings.rate == default.settings.rate == 175
    assert natural.settings.voice == ""  # an installed Piper voice per review language
    assert natural.pauses == default.pauses


def test_every_shipped_profile_has_a_description_and_the_lexicon() -> None:
    """What `reader voices` lists: a description, and jargon read the same way."""
    for name in ("default", "fast listener", "clear", "natural"):
        profile = shipped(name)
        assert profile.description
        assert profile.lexicon.say("K-drama") == "K drama"


@pytest.mark.parametrize(
    ("asked", "name"),
    [
        ("default", "default"),
        ("Default", "default"),
        ("DEFAULT", "default"),
        ("fast-listener", "fast listener"),  # the file name
        ("fast listener", "fast listener"),  # its name
        ("Fast Listener", "fast listener"),
        ("fast_listener", "fast listener"),
        ("  fast   listener ", "fast listener"),
        ("FAST-LISTENER", "fast listener"),
        ("clear", "clear"),
        ("Clear", "clear"),
    ],
)
def test_find_profile_by_file_or_name(asked: str, name: str) -> None:
    """Any case, any hyphenation."""
    found = find_profile(asked)
    assert found is not None
    assert found.name == name


@pytest.mark.parametrize("asked", ["robot", "fast", "listener", "", "default.toml"])
def test_unknown_profile_is_none(asked: str) -> None:
    """No partial matches."""
    assert find_profile(asked) is None


@pytest.mark.parametrize(
    ("asked", "found"),
    [
        ("speedy", "Quick Reader"),
        ("quick reader", "Quick Reader"),
        ("Quick-Reader", "Quick Reader"),
    ],
)
def test_find_profile_whose_name_differs_from_its_file(
    tmp_path: Path, asked: str, found: str
) -> None:
    """A profile is found by its file name and by the name written inside it."""
    (tmp_path / "speedy.toml").write_text('name = "Quick Reader"\nrate = 300\n', encoding="utf-8")
    profile = find_profile(asked, [tmp_path])
    assert profile is not None
    assert (profile.name, profile.settings.rate) == (found, 300)


def test_find_profile_in_a_missing_folder(tmp_path: Path) -> None:
    """No folder, no profiles, no error."""
    assert find_profile("default", [tmp_path / "nowhere"]) is None


@pytest.mark.parametrize(
    ("name", "key"),
    [("Fast listener", "fast-listener"), ("fast_listener", "fast-listener"), ("  A  b ", "a-b")],
)
def test_profile_key(name: str, key: str) -> None:
    """Names compare by lower case words joined with hyphens."""
    assert profile_key(name) == key


def test_a_profile_with_only_a_name_takes_defaults(tmp_path: Path) -> None:
    """Every setting is optional; a [pauses] table may give some pauses only."""
    path = tmp_path / "mine.toml"
    path.write_text('name = "mine"\n\n[pauses]\nsentence = 100\n', encoding="utf-8")
    profile = load_profile(path)
    assert profile.settings == VoiceSettings()
    assert profile.pauses == Pauses(sentence=100)
    assert profile.lexicon.entries == ()


GOOD = """\
name = "mine"
engine = "auto"
voice = ""
rate = 175
pitch = 50
volume = 100
lexicons = ["reviews"]

[pauses]
sentence = 250
paragraph = 600
section = 1000
floor = 80
"""

BAD_PROFILES = {
    "unknown key": ('voice = ""', 'voise = ""', 3, "unknown setting 'voise'"),
    "rate 79": ("rate = 175", "rate = 79", 4, "rate must be a whole number from 80 to 900"),
    "rate 901": ("rate = 175", "rate = 901", 4, "rate must be a whole number from 80 to 900"),
    "rate as text": ("rate = 175", 'rate = "175"', 4, "rate must be a whole number"),
    "rate with a fraction": ("rate = 175", "rate = 175.5", 4, "rate must be a whole number"),
    "rate true": ("rate = 175", "rate = true", 4, "rate must be a whole number"),
    "pitch 101": ("pitch = 50", "pitch = 101", 5, "pitch must be a whole number from 0 to 100"),
    "unknown engine": ('engine = "auto"', 'engine = "festival"', 2, "unknown engine 'festival'"),
    "engine not text": ('engine = "auto"', "engine = 1", 2, "engine must be text in quotes"),
    "unknown lexicon": ('["reviews"]', '["reviews", "slang"]', 7, "no lexicon called 'slang'"),
    "lexicons not a list": ('["reviews"]', '"reviews"', 7, "lexicons must be a list"),
    "bad pause key": ("floor = 80", "flor = 80", 13, "unknown pause 'flor'"),
    "negative pause": ("paragraph = 600", "paragraph = -1", 11, "paragraph must be a whole"),
    "pauses not a table": (
        "[pauses]\nsentence = 250\nparagraph = 600\nsection = 1000\nfloor = 80\n",
        "pauses = 5\n",
        9,
        "pauses must be a [pauses] table",
    ),
    "syntax error": ("pitch = 50", "pitch = 50 50", 5, "Expected newline"),
}


@pytest.mark.parametrize(("old", "new", "line", "message"), BAD_PROFILES.values(), ids=BAD_PROFILES)
def test_bad_profiles_name_file_and_line(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    """Each mistake is reported at its file and line, in words a user can act on."""
    assert old in GOOD
    (tmp_path / "lexicons").mkdir()
    shutil.copy(ROOT / "voices" / "lexicons" / "reviews.toml", tmp_path / "lexicons")
    path = tmp_path / "mine.toml"
    path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(TomlError) as caught:
        load_profile(path, [tmp_path])
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert message in str(caught.value)


@pytest.mark.xfail(strict=True, reason="an unknown [table] in a profile is reported with no line")
def test_misspelt_pauses_table_names_its_line(tmp_path: Path) -> None:
    """'[pause]' for '[pauses]' is an easy slip; the error should point at line 9."""
    path = tmp_path / "mine.toml"
    path.write_text(GOOD.replace("[pauses]", "[pause]").replace('["reviews"]', "[]"), "utf-8")
    with pytest.raises(TomlError, match="unknown setting 'pause'") as caught:
        load_profile(path)
    assert str(caught.value).startswith(f"{path}:9: ")


def test_the_good_profile_loads(tmp_path: Path) -> None:
    """The file the error table edits is itself valid."""
    (tmp_path / "lexicons").mkdir()
    shutil.copy(ROOT / "voices" / "lexicons" / "reviews.toml", tmp_path / "lexicons")
    path = tmp_path / "mine.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert load_profile(path, [tmp_path]).settings.rate == 175


def test_a_bad_lexicon_is_reported_in_its_own_file(tmp_path: Path) -> None:
    """A mistake in a lexicon the profile names points at the lexicon, not the profile."""
    (tmp_path / "lexicons").mkdir()
    lexicon = tmp_path / "lexicons" / "slang.toml"
    lexicon.write_text('[[word]]\nmatch = "x"\n', encoding="utf-8")
    path = tmp_path / "mine.toml"
    path.write_text('lexicons = ["slang"]\n', encoding="utf-8")
    with pytest.raises(TomlError) as caught:
        load_profile(path, [tmp_path])
    assert str(caught.value).startswith(f"{lexicon}:1: ")


# The user's profiles and lexicons


def write(path: Path, text: str) -> None:
    """Write a hand-made file, making its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_users_profile_adds_to_the_shipped_ones(user_voices: Path) -> None:
    """A profile in the config folder is listed and found, with the shipped lexicon."""
    write(user_voices / "night.toml", 'name = "Night"\nrate = 140\nlexicons = ["reviews"]\n')
    assert set(profile_paths()) == {"clear", "default", "fast-listener", "natural", "night"}
    night = find_profile("night")
    assert night is not None
    assert night.settings.rate == 140
    assert night.lexicon.say("K-drama") == "K drama"


def test_a_users_profile_replaces_the_shipped_one_of_the_same_name(user_voices: Path) -> None:
    """Same key, the user's wins: 'Default.toml' replaces default.toml."""
    write(user_voices / "Default.toml", "rate = 300\n")
    assert profile_paths()["default"] == user_voices / "Default.toml"
    assert shipped("default").settings.rate == 300


def test_a_users_lexicon_replaces_the_shipped_one_for_every_profile(user_voices: Path) -> None:
    """The shipped profiles name 'reviews'; the user's reviews.toml is the one they get."""
    write(user_voices / "lexicons" / "reviews.toml", '[[word]]\nmatch = "OST"\nsay = "score"\n')
    assert lexicon_paths()["reviews"] == user_voices / "lexicons" / "reviews.toml"
    assert shipped("clear").lexicon.say("The OST, K-drama") == "The score, K-drama"


def test_a_users_lexicon_adds_to_the_shipped_ones(user_voices: Path) -> None:
    """A user's profile may apply its own lexicon after the shipped one."""
    write(user_voices / "lexicons" / "slang.toml", '[[word]]\nmatch = "ong"\nsay = "honestly"\n')
    write(user_voices / "mine.toml", 'lexicons = ["reviews", "slang"]\n')
    mine = find_profile("mine")
    assert mine is not None
    assert mine.lexicon.say("ong, the OST") == "honestly, the O S T"
