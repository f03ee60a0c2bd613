"""Cue sounds saved in the cache folder: the same bytes as made afresh, read back without
loading NumPy, made again when a copy is damaged or the designs change."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.plan.cues import Cue
from reader.speech.cue_sounds import cue_sound
from reader.speech.earcons import earcon


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of the test's own, and no sound kept in memory."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cue_sound.cache_clear()
    return tmp_path / "reader"


def saved(cache: Path) -> list[Path]:
    return sorted(cache.glob("cue-*.pcm"))


@pytest.mark.parametrize(
    ("cue", "rate", "volume"),
    [(Cue.SECTION, 22050, 100), (Cue.SPOILER_SKIPPED, 16000, 40), (Cue.WORKING, 48000, 0)],
)
def test_a_saved_sound_is_the_sound_made_afresh(
    cache: Path, cue: Cue, rate: int, volume: int
) -> None:
    made = cue_sound(cue, rate, volume)
    assert made == earcon(cue, rate, volume)
    assert [path.read_bytes() for path in saved(cache)] == [made]
    cue_sound.cache_clear()
    assert cue_sound(cue, rate, volume) == made


def test_a_saved_sound_is_read_without_numpy(cache: Path) -> None:
    script = (
        "import sys\n"
        "from reader.plan.cues import Cue\n"
        "from reader.speech.cue_sounds import cue_sound\n"
        "pcm = cue_sound(Cue.SECTION, 22050, 80)\n"
        "print(len(pcm), 'numpy' in sys.modules)\n"
    )

    def run() -> str:
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        )
        return done.stdout.split()[1]

    assert run() == "True"  # the first makes it
    assert run() == "False"  # the next reads it back
    assert len(saved(cache)) == 1


def test_a_damaged_copy_is_made_again(cache: Path) -> None:
    made = cue_sound(Cue.HEADING, 22050)
    (path,) = saved(cache)
    path.write_bytes(made[:-1])  # half a sample short: cut off
    cue_sound.cache_clear()
    assert cue_sound(Cue.HEADING, 22050) == made
    assert path.read_bytes() == made


def test_copies_of_other_designs_are_dropped(cache: Path) -> None:
    cache.mkdir(parents=True)
    older = cache / "cue-0123456789abcdef-section-22050-100.pcm"
    older.write_bytes(b"\x01\x00" * 10)
    assert cue_sound(Cue.SECTION, 22050) == earcon(Cue.SECTION, 22050)
    assert not older.exists()
    assert len(saved(cache)) == 1


def test_an_unwritable_cache_still_gives_the_sound(cache: Path) -> None:
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("a file where the folder should be")
    assert cue_sound(Cue.END_OF_REVIEW, 22050) == earcon(Cue.END_OF_REVIEW, 22050)


def test_the_volume_is_checked() -> None:
    with pytest.raises(ValueError, match="outside 0-100"):
        cue_sound(Cue.SECTION, 22050, 101)
