"""The language model's unpacked copy in the cache folder: made once, mapped after that,
telling every real review as the bundled model does, and never a reason to fail."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT
from py3langid.langid import LanguageIdentifier  # type: ignore[import-untyped]

from reader.text.langid_cache import Identifier, load_identifier
from reader.text.language import LANGUAGES

LABELLED = ROOT / "tests" / "data" / "real" / "language" / "reviews.jsonl"


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """Real reviews in the six languages (see SOURCES.md beside the file)."""
    lines = LABELLED.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines]


@pytest.fixture(scope="module")
def bundled() -> LanguageIdentifier:
    """The model as py3langid loads it, for the six languages."""
    identifier = LanguageIdentifier.from_model_file("data/model.npz.xz", norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def same_ranks(identifier: Identifier, bundled: LanguageIdentifier, texts: list[str]) -> None:
    """reader's scoring (in Python, in double precision) gives py3langid's answer (NumPy,
    in single precision): the same order, the same probabilities to within 1e-5."""
    for text in texts:
        ours, theirs = identifier.rank(text), bundled.rank(text)
        assert [code for code, _ in ours] == [code for code, _ in theirs], text
        assert [p for _, p in ours] == pytest.approx([p for _, p in theirs], abs=1e-5), text


def unpacking_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, the bundled model cannot be loaded: only a saved copy can serve."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the bundled model was unpacked again")

    monkeypatch.setattr(LanguageIdentifier, "from_model_file", refuse)


def test_the_saved_copy_tells_every_review_as_the_bundled_model(
    tmp_path: Path, texts: list[str], bundled: LanguageIdentifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_identifier(LANGUAGES, tmp_path)
    (saved,) = tmp_path.glob("langid-*.bin")
    unpacking_fails(monkeypatch)
    identifier = load_identifier(LANGUAGES, tmp_path)
    same_ranks(identifier, bundled, [*texts, "", "!!!", "ÇA VA", "\udc80 lone surrogate"])
    assert list(tmp_path.iterdir()) == [saved]  # nothing left beside it


def test_a_broken_copy_is_made_again(
    tmp_path: Path, texts: list[str], bundled: LanguageIdentifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_identifier(LANGUAGES, tmp_path)
    (saved,) = tmp_path.glob("langid-*.bin")
    whole = saved.read_bytes()
    for broken in (whole[: len(whole) // 2], whole[:100], b"", b"\0" * 4096):
        saved.write_bytes(broken)
        identifier = load_identifier(LANGUAGES, tmp_path)
        same_ranks(identifier, bundled, texts[:3])
        assert saved.read_bytes() == whole
    unpacking_fails(monkeypatch)
    same_ranks(load_identifier(LANGUAGES, tmp_path), bundled, texts[:3])


def test_a_copy_whose_tables_do_not_fit_is_made_again(
    tmp_path: Path, texts: list[str], bundled: LanguageIdentifier
) -> None:
    """A header whose tables do not fit together (a size a few bytes short) is refused
    at loading, not met later as a crash inside a review."""
    load_identifier(LANGUAGES, tmp_path)
    (saved,) = tmp_path.glob("langid-*.bin")
    whole = saved.read_bytes()
    end = whole.index(b"}}") + 2
    header = json.loads(whole[whole.index(b"{") : end])
    for name in ("row", "nextmove"):
        size = header["tables"][name][1]
        broken = whole.replace(f"{size}]".encode(), f"{size - 4}]".encode(), 1)
        assert len(broken) == len(whole) and broken != whole
        saved.write_bytes(broken)
        same_ranks(load_identifier(LANGUAGES, tmp_path), bundled, texts[:3])
        assert saved.read_bytes() == whole


def test_a_copy_that_cannot_be_mapped_is_read_whole(
    tmp_path: Path, texts: list[str], bundled: LanguageIdentifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some network folders cannot map files: the copy is read instead, not made again."""
    import mmap

    load_identifier(LANGUAGES, tmp_path)
    unpacking_fails(monkeypatch)

    def no_mapping(*args: object, **kwargs: object) -> None:
        raise OSError(19, "No such device")

    monkeypatch.setattr(mmap, "mmap", no_mapping)
    same_ranks(load_identifier(LANGUAGES, tmp_path), bundled, texts[:20])


def test_a_copy_for_other_languages_is_replaced(tmp_path: Path) -> None:
    load_identifier(("en", "fr"), tmp_path)
    (older,) = tmp_path.glob("langid-*.bin")
    (tmp_path / "langid-0123456789abcdef.npz").write_bytes(b"a copy from a release before")
    identifier = load_identifier(LANGUAGES, tmp_path)
    assert sorted(identifier.classes) == sorted(LANGUAGES)
    (newer,) = tmp_path.glob("langid-*")
    assert newer != older


def test_a_cache_that_cannot_be_written_only_costs_time(
    tmp_path: Path, texts: list[str], bundled: LanguageIdentifier
) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder should be")
    identifier = load_identifier(LANGUAGES, blocked)
    same_ranks(identifier, bundled, texts[:20])
    assert blocked.read_text() == "a file where the folder should be"


_SHORT_REVIEW = """
import sys
from pathlib import Path
from reader.text.langid_cache import load_identifier
from reader.text.language import LANGUAGES
identifier = load_identifier(LANGUAGES, Path(sys.argv[1]))
print(identifier.rank("Muy buena película")[0][0], "numpy" in sys.modules)
"""


def test_a_short_review_is_told_from_the_copy_without_numpy(tmp_path: Path) -> None:
    """Importing NumPy took 50-100 ms of every start that met a short review."""
    load_identifier(LANGUAGES, tmp_path)
    run = subprocess.run(
        [sys.executable, "-c", _SHORT_REVIEW, str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.split() == ["es", "False"]
