"""`reader export -o OUT.mp3|OUT.m4b`: real speech encoded into audiobooks, read back with
ffprobe as a player would read them: chapters, tags, codec, length, and --split's files.

The reviews are two real Trakt comments by one commenter (tests/data/real/exports, see
SOURCES.md): short, so every export here takes about a second.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT
from runner import Env, environment, reader
from sound_servers import skip_unless_ci

from reader.audiobook.naming import review_file

COMMENTS = ROOT / "tests" / "data" / "real" / "exports" / "trakt" / "comments.json"
HEADINGS = {  # each review's sections, in reading order, as the cue sheet names them
    "Heat (1995)": ["Details", "Review", "Rating"],
    "Barry (2018), season 2": ["Details", "Review"],
}
CUE_TITLES = [f"{title}: {heading}" for title, headings in HEADINGS.items() for heading in headings]
CODECS = {".mp3": "mp3", ".m4b": "aac"}
SKIPPED = f"reader: {COMMENTS}:34: record's review is empty; skipped\n"  # a third, empty one


@dataclass(frozen=True)
class Probe:
    """What ffprobe reads in a file."""

    chapters: list[tuple[str, float, float]]  # title, start and end seconds
    tags: dict[str, str]
    duration: float
    codec: str
    sample_rate: int
    channels: int


def probe(path: Path) -> Probe:
    """Read `path` with ffprobe (skipped when it is missing, failed on CI)."""
    if shutil.which("ffprobe") is None:
        skip_unless_ci("ffprobe is not installed (apt-get install ffmpeg)")
    args = ["ffprobe", "-v", "error", "-show_chapters", "-show_format", "-show_streams"]
    found = subprocess.run(
        [*args, "-print_format", "json", str(path)], capture_output=True, check=True, text=True
    )
    data: dict[str, Any] = json.loads(found.stdout)
    (audio,) = [stream for stream in data["streams"] if stream["codec_type"] == "audio"]
    chapters = [
        (chapter["tags"]["title"], float(chapter["start_time"]), float(chapter["end_time"]))
        for chapter in data["chapters"]
    ]
    tags = {key.lower(): value for key, value in data["format"].get("tags", {}).items()}
    duration = float(data["format"]["duration"])
    return Probe(
        chapters, tags, duration, audio["codec_name"], int(audio["sample_rate"]), audio["channels"]
    )


def cue_starts(cue: Path) -> list[tuple[str, float]]:
    """Each cue sheet track's title and start second."""
    text = cue.read_text(encoding="utf-8")
    titles = re.findall(r'TITLE "(.*)"', text)
    times = [
        int(m) * 60 + int(s) + int(f) / 75 for m, s, f in re.findall(r"(\d+):(\d+):(\d+)", text)
    ]
    return list(zip(titles, times, strict=True))


def wav_seconds(path: Path) -> float:
    """The length of a WAV file."""
    with wave.open(str(path)) as audio:
        return float(audio.getnframes() / audio.getframerate())


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The comments exported once each as WAV (the reference), MP3 and M4B, and split."""
    where = tmp_path_factory.mktemp("books")
    env = environment(where)
    # Upper case on purpose: the extension picks the format in any case.
    for out in ("book.wav", "Book.MP3", "book.m4b"):
        export(env, "-o", str(where / out))
    export(env, "-o", str(where / "comments.mp3"), "--split")
    export(env, "-o", str(where / "comments.m4b"), "--split")
    return where


def export(env: Env, *args: str) -> None:
    """`reader export` the comments, which must succeed, saying only what it skipped."""
    done = reader(env, "export", str(COMMENTS), *args)
    assert (done.code, done.out, done.err) == (0, "", SKIPPED)


@pytest.mark.parametrize("name", ["Book.MP3", "book.m4b"])
def test_a_book_has_the_cue_sheets_chapters(folder: Path, name: str) -> None:
    found = probe(folder / name)
    cue = cue_starts(folder / "book.cue")
    assert [title for title, _, _ in found.chapters] == CUE_TITLES == [t for t, _ in cue]
    starts = [start for _, start, _ in found.chapters]
    assert starts[0] == 0 and starts == sorted(starts)
    for (_, start, _), (_, cue_start) in zip(found.chapters, cue, strict=True):
        assert abs(start - cue_start) < 0.05
    ends = [end for _, _, end in found.chapters]
    assert ends[:-1] == starts[1:]  # each chapter runs to the next
    assert abs(ends[-1] - wav_seconds(folder / "book.wav")) < 0.05


@pytest.mark.parametrize("name", ["Book.MP3", "book.m4b"])
def test_a_book_holds_what_the_wav_holds(folder: Path, name: str) -> None:
    found = probe(folder / name)
    assert (found.codec, found.sample_rate, found.channels) == (CODECS[name.lower()[-4:]], 22050, 1)
    seconds = wav_seconds(folder / "book.wav")
    assert seconds > 10
    assert abs(found.duration - seconds) < 0.1


def test_a_book_is_tagged_from_its_reviews(folder: Path) -> None:
    mp3, m4b = probe(folder / "Book.MP3"), probe(folder / "book.m4b")
    expected = {"title": "2 reviews", "artist": "sean", "genre": "Speech"}
    assert mp3.tags.items() >= (expected | {"album": "Book"}).items()
    assert m4b.tags.items() >= (expected | {"album": "book", "media_type": "2"}).items()
    assert "track" not in mp3.tags


@pytest.mark.parametrize("suffix", [".mp3", ".m4b"])
def test_split_writes_a_numbered_file_per_review(folder: Path, suffix: str) -> None:
    files = sorted((folder / "comments").glob(f"*{suffix}"))
    assert [file.name for file in files] == [
        f"001-heat-1995{suffix}",
        f"002-barry-2018-season-2{suffix}",
    ]
    for number, (file, (title, headings)) in enumerate(zip(files, HEADINGS.items(), strict=True)):
        found = probe(file)
        assert [chapter for chapter, _, _ in found.chapters] == headings
        assert found.chapters[0][1] == 0
        assert abs(found.chapters[-1][2] - found.duration) < 0.1
        assert (
            found.tags.items()
            >= {
                "title": title,
                "album": "comments",
                "artist": "sean",
                "track": f"{number + 1}/2",
            }.items()
        )
        assert found.codec == CODECS[suffix]


def test_nothing_but_the_books_is_left_behind(folder: Path) -> None:
    """No part files: what was encoded is renamed or removed."""
    leftovers = [path.name for path in folder.rglob(".*") if path.is_file()]
    assert leftovers == []


@pytest.mark.parametrize(
    ("out", "why"),
    [
        ("out.ogg", "not '.ogg'"),
        ("out.mp3.txt", "not '.txt'"),
        ("out", "; 'out' has no extension"),
    ],
)
def test_an_unknown_format_is_a_usage_error(tmp_path: Path, out: str, why: str) -> None:
    """Refused before anything is read, so nothing is written: never WAV under another name."""
    done = reader(environment(tmp_path), "export", str(COMMENTS), "-o", str(tmp_path / out))
    formats = "writes .wav, .mp3, .m4b files" + ("" if why.startswith(";") else ", ")
    assert (done.code, done.out) == (2, "")
    assert done.err == f"reader: -o/--output: {formats}{why} (see 'reader export -h')\n"
    assert list(tmp_path.iterdir()) == []


def test_split_needs_an_audiobook_format(tmp_path: Path) -> None:
    out = tmp_path / "out.wav"
    done = reader(environment(tmp_path), "export", str(COMMENTS), "-o", str(out), "--split")
    assert (done.code, done.out) == (2, "")
    assert done.err == (
        "reader: --split: writes .mp3 or .m4b files, not .wav (see 'reader export -h')\n"
    )
    assert not out.exists() and not (tmp_path / "out").exists()


@pytest.mark.parametrize("out", ["missing/out.mp3", "missing/out.m4b"])
def test_an_unwritable_book_is_one_line_and_leaves_nothing(tmp_path: Path, out: str) -> None:
    done = reader(environment(tmp_path), "export", str(COMMENTS), "-o", str(tmp_path / out))
    assert (done.code, done.out) == (1, "")
    assert (
        done.err == SKIPPED + f"reader: cannot write {tmp_path / out}: No such file or directory\n"
    )
    assert not (tmp_path / "missing").exists()


def test_split_into_a_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file where the folder would go")
    out = tmp_path / "taken.mp3"
    done = reader(environment(tmp_path), "export", str(COMMENTS), "-o", str(out), "--split")
    assert (done.code, done.out) == (1, "")
    assert done.err == SKIPPED + f"reader: cannot write {tmp_path / 'taken'}: File exists\n"
    assert not out.exists()


@pytest.mark.parametrize(
    ("number", "count", "title", "name"),
    [
        (7, 20, "Past Lives", "007-past-lives.mp3"),
        (42, 10_000, "Das Alphabet der Knochen", "00042-das-alphabet-der-knochen.mp3"),
        (1, 2, "千と千尋の神隠し", "001-千と千尋の神隠し.mp3"),
        (2, 2, 'What?! / "Cats" (2019)', "002-what-cats-2019.mp3"),
        (3, 3, "…", "003-review.mp3"),
        (1, 1, "word " * 30, "001-" + "-".join(["word"] * 12) + ".mp3"),
    ],
)
def test_split_file_names_sort_and_are_safe(number: int, count: int, title: str, name: str) -> None:
    assert review_file(Path("out"), number, count, title, ".mp3") == Path("out") / name
