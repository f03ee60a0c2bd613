"""The language model's unpacked copy in the cache folder: made once, read after that,
telling every real review as the bundled model does, and never a reason to fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import ROOT
from py3langid.langid import LanguageIdentifier  # type: ignore[import-untyped]

from reader.text.langid_cache import load_identifier
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


def unpacking_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, the bundled model cannot be loaded: only a saved copy can serve."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the bundled model was unpacked again")

    monkeypatch.setattr(LanguageIdentifier, "from_model_file", refuse)


def test_the_saved_copy_tells_every_review_as_the_bundled_model(
    tmp_path: Path, texts: list[str], bundled: LanguageIdentifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_identifier(LANGUAGES, tmp_path)
    (saved,) = tmp_path.glob("langid-*.npz")
    unpacking_fails(monkeypatch)
    identifier = load_identifier(LANGUAGES, tmp_path)
    assert [identifier.rank(text) for text in texts] == [bundled.rank(text) for text in texts]
    assert list(tmp_path.iterdir()) == [saved]  # nothing left beside it


def test_a_broken_copy_is_made_again(
    tmp_path: Path, texts: list[str], bundled: LanguageIdentifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_identifier(LANGUAGES, tmp_path)
    (saved,) = tmp_path.glob("langid-*.npz")
    whole = saved.read_bytes()
    saved.write_bytes(whole[: len(whole) // 2])
    identifier = load_identifier(LANGUAGES, tmp_path)
    assert identifier.rank(texts[0]) == bundled.rank(texts[0])
    assert saved.read_bytes() == whole
    unpacking_fails(monkeypatch)
    assert load_identifier(LANGUAGES, tmp_path).rank(texts[0]) == bundled.rank(texts[0])


def test_a_copy_for_other_languages_is_replaced(tmp_path: Path) -> None:
    load_identifier(("en", "fr"), tmp_path)
    (older,) = tmp_path.glob("langid-*.npz")
    identifier = load_identifier(LANGUAGES, tmp_path)
    assert sorted(identifier.nb_classes) == sorted(LANGUAGES)
    (newer,) = tmp_path.glob("langid-*.npz")
    assert newer != older


def test_a_cache_that_cannot_be_written_only_costs_time(
    tmp_path: Path, texts: list[str], bundled: LanguageIdentifier
) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder should be")
    identifier = load_identifier(LANGUAGES, blocked)
    assert [identifier.rank(text) for text in texts[:20]] == [
        bundled.rank(text) for text in texts[:20]
    ]
    assert blocked.read_text() == "a file where the folder should be"
