"""What users install is what is tested: reader's wheel, installed with its dependencies in
a fresh virtual environment outside the repository, run where the repository cannot be
imported, with a home and config folder of its own.

`say` plays in real time, so it reads the sample's title and first sentence; `export`
reads the whole sample. Building and installing take about a minute (less with a warm
pip cache). With no network and no pip cache the tests are skipped, except under
`CI=true`, where that is a failure.
"""

from __future__ import annotations

import math
import os
import shlex
import shutil
import socket
import subprocess
import sys
import wave
import zipfile
from array import array
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import ROOT, SAMPLES

SAMPLE = SAMPLES / "my-mister-mydramalist.txt"
SHIPPED_PROFILES = ("default", "fast listener", "clear", "natural")
LOUD = 300  # RMS of 16-bit samples above which a 20 ms frame counts as sound


@dataclass(frozen=True)
class Installed:
    """reader installed from its wheel, and a folder to run it in."""

    wheel: Path
    venv: Path
    work: Path
    env: dict[str, str]

    def run(self, *args: str, player: str = "") -> subprocess.CompletedProcess[str]:
        """`reader ARGS` as a user runs it, from the work folder."""
        env = {**self.env, "READER_PLAYER": player} if player else self.env
        done = subprocess.run(
            [str(self.venv / "bin" / "reader"), *args],
            cwd=self.work,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert "Traceback" not in done.stderr, done.stderr
        return done


def why_nothing_can_be_installed() -> str | None:
    """Why the build and the dependencies cannot be fetched here, or None if they can."""
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
        return None
    except OSError:
        pass
    found = subprocess.run(
        [sys.executable, "-m", "pip", "cache", "dir"], capture_output=True, text=True, check=False
    )
    cache = Path(found.stdout.strip())
    if found.returncode == 0 and cache.is_dir() and any(cache.iterdir()):
        return None
    return "no network to reach PyPI and no pip cache to install reader's dependencies from"


def pip(python: Path, *args: str) -> None:
    """Run pip, showing its output if it fails."""
    done = subprocess.run(
        [str(python), "-m", "pip", "-q", *args],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    reason = why_nothing_can_be_installed()
    if reason and os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run the install test: {reason}")
    if reason:
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("install")
    pip(Path(sys.executable), "wheel", "--no-deps", "-w", str(folder / "dist"), str(ROOT))
    (wheel,) = (folder / "dist").glob("*.whl")
    venv = folder / "venv"
    # The venv gets no pip of its own, and nothing is compiled ahead: this pip installs
    # into it, and Python compiles what reader imports as it runs. Both cost a third of
    # the fixture's time and change nothing that is tested.
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300
    )
    pip(
        Path(sys.executable),
        "--python",
        str(venv / "bin" / "python"),
        "install",
        "--no-compile",
        str(wheel),
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "READER_PLAYER")
    }
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[name] = str(folder / name.lower())
    work = folder / "work"
    work.mkdir()
    shutil.copy(SAMPLE, work)
    return Installed(wheel, venv, work, env)


def speech_seconds(pcm: bytes, rate: int) -> float:
    """How long the 16-bit PCM is audibly sounding, counted in 20 ms frames."""
    samples = array("h", pcm)
    size = rate // 50
    frames = (samples[start : start + size] for start in range(0, len(samples), size))
    loud = sum(math.sqrt(sum(s * s for s in frame) / len(frame)) > LOUD for frame in frames)
    return loud / 50


def test_the_wheel_holds_every_module_profile_lexicon_and_stylesheet(
    installed: Installed,
) -> None:
    """pyproject.toml lists the packages one by one; a new one must not be left out."""
    wanted = {
        path.relative_to(ROOT).as_posix()
        for pattern in ("reader/**/*.py", "reader/**/*.tcss")
        for path in ROOT.glob(pattern)
    }
    wanted |= {
        f"reader/{path.relative_to(ROOT).as_posix()}"
        for pattern in ("voices/**/*.toml", "voices/__init__.py")
        for path in ROOT.glob(pattern)
    }
    assert {"reader/voices/default.toml", "reader/voices/lexicons/reviews.toml"} <= wanted
    assert wanted <= set(zipfile.ZipFile(installed.wheel).namelist())


def test_reader_runs_from_the_install_not_the_repository(installed: Installed) -> None:
    python = installed.venv / "bin" / "python"
    code = (
        "import reader, reader.storage.locations as p; print(reader.__file__, *p.voice_folders())"
    )
    shown = subprocess.run(
        [str(python), "-c", code],
        cwd=installed.work,
        env=installed.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    package, shipped, user = (Path(path) for path in shown)
    assert package.is_relative_to(installed.venv)
    assert shipped == package.parent / "voices"
    assert user == Path(installed.env["XDG_CONFIG_HOME"]) / "reader" / "voices"


def test_voices_lists_the_shipped_profiles_and_the_users(installed: Installed) -> None:
    user_voices = Path(installed.env["XDG_CONFIG_HOME"]) / "reader" / "voices"
    user_voices.mkdir(parents=True, exist_ok=True)
    (user_voices / "night.toml").write_text(
        'name = "night"\ndescription = "Slow, for bed"\nrate = 140\nlexicons = ["reviews"]\n',
        encoding="utf-8",
    )
    done = installed.run("voices")
    assert done.returncode == 0, done.stderr
    for name in (*SHIPPED_PROFILES, "night"):
        assert f"profile {name}: " in done.stdout
    assert "Everyday pace, natural pauses" in done.stdout  # read from the shipped file
    assert "Slow, for bed" in done.stdout


def test_export_writes_minutes_of_speech(installed: Installed) -> None:
    out = installed.work / "out.wav"
    done = installed.run("export", SAMPLE.name, "-o", str(out))
    assert done.returncode == 0, done.stderr
    with wave.open(str(out), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        rate, pcm = wav.getframerate(), wav.readframes(wav.getnframes())
    seconds = len(pcm) / 2 / rate
    assert 100 < seconds < 400  # 467 words at 175 words a minute, with pauses
    assert speech_seconds(pcm, rate) > seconds / 2


def test_say_plays_seconds_of_speech(installed: Installed) -> None:
    title, first_paragraph = SAMPLE.read_text(encoding="utf-8").split("\n\n")[:2]
    excerpt = installed.work / "excerpt.txt"
    excerpt.write_text(f"{title}\n\n{first_paragraph.split('. ')[0]}.\n", encoding="utf-8")
    recorded = installed.work / "recorded.raw"
    done = installed.run("say", excerpt.name, player=f"cat > {shlex.quote(str(recorded))}")
    assert (done.returncode, done.stderr) == (0, "")
    rate = 22050  # eSpeak NG's, which `auto` picks
    pcm = recorded.read_bytes()
    assert 3 < len(pcm) / 2 / rate < 20  # 17 words at 175 words a minute, with pauses
    assert speech_seconds(pcm, rate) > 2
