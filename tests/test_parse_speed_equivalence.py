"""Parsing gives the same documents it gave before it was made fast: every sample, every
real file under tests/data/real and the benchmark's synthetic 1 MB review, compared with
golden outputs in tests/data/parsed/.

The goldens record every field of each Document and Section except what is found lazily
(sentences, paragraphs), which belongs to the sentence splitter. To write them again, on
purpose, after a change meant to alter parsing:

    .venv/bin/python tests/test_parse_speed_equivalence.py --write
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import sys
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from common import plain_review  # noqa: E402 - the benchmark's own synthetic review

from reader.loaders import load_paths  # noqa: E402
from reader.model import Document, Markup, Review, Source  # noqa: E402
from reader.parse.document import parse_review  # noqa: E402

GOLDEN = ROOT / "tests" / "data" / "parsed"
# Each folder of inputs, by the golden folder that mirrors it: 'real/pages/x.html.json'
# is what tests/data/real/pages/x.html parses to.
FOLDERS = {"samples": ROOT / "sample_reviews", "real": ROOT / "tests" / "data" / "real"}
SYNTHETIC_GOLDEN = GOLDEN / "synthetic-1mb.json"
# bench/parse_throughput.py's input: the same generator, seed and size.
SYNTHETIC_SEED = 1
SYNTHETIC_SIZE = 1024 * 1024


def _plain(value: Any) -> Any:
    """A dataclass tree as JSON values: enums by value, tuples as lists."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def document_record(document: Document) -> dict[str, Any]:
    """Every field of a document (its source path relative to the project)."""
    record: dict[str, Any] = _plain(dataclasses.asdict(document))
    path = Path(document.source.path)
    if path.is_absolute() and path.is_relative_to(ROOT):
        record["source"]["path"] = path.relative_to(ROOT).as_posix()
    return record


def file_records(relative: Path) -> list[dict[str, Any]]:
    """Each review of one input file, parsed."""
    reviews = load_paths([str(ROOT / relative)]).reviews
    return [document_record(parse_review(review)) for review in reviews]


def synthetic_record() -> dict[str, Any]:
    """The synthetic review's outline and a digest of its whole record: 1 MB of golden
    text would say no more than its digest does."""
    body = plain_review(random.Random(SYNTHETIC_SEED), SYNTHETIC_SIZE)
    review = Review(Source("synthetic-review.txt"), body, Markup.TEXT)
    record = document_record(parse_review(review))
    text = json.dumps(record, sort_keys=True, ensure_ascii=False)
    sections = [
        {key: section[key] for key in ("kind", "heading", "level", "spoilers")}
        | {"chars": len(section["text"]), "head": section["text"][:200]}
        for section in record["sections"]
    ]
    rest = {key: value for key, value in record.items() if key != "sections"}
    return {"sha256": hashlib.sha256(text.encode()).hexdigest(), **rest, "sections": sections}


def _golden_path(relative: Path) -> Path:
    """Where the golden of an input (relative to the project) is kept."""
    for name, folder in FOLDERS.items():
        if (ROOT / relative).is_relative_to(folder):
            inside = (ROOT / relative).relative_to(folder)
            return GOLDEN / name / f"{inside.as_posix()}.json"
    raise ValueError(f"not an input folder: {relative}")


def _input_path(golden: Path) -> Path:
    """The input a golden was recorded from, relative to the project."""
    name, *inside = golden.relative_to(GOLDEN).parts
    source = FOLDERS[name].joinpath(*inside)
    return source.with_name(source.name.removesuffix(".json")).relative_to(ROOT)


# The inputs are the files that have goldens: data added later is not compared until
# its goldens are written.
INPUTS = sorted(_input_path(path) for name in FOLDERS for path in (GOLDEN / name).rglob("*.json"))


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _write(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.mark.parametrize("relative", INPUTS, ids=str)
def test_file_parses_as_before(relative: Path) -> None:
    assert file_records(relative) == _read(_golden_path(relative))


def test_synthetic_review_parses_as_before() -> None:
    assert synthetic_record() == _read(SYNTHETIC_GOLDEN)


def test_every_golden_has_its_input() -> None:
    assert len(INPUTS) >= 60  # every sample and real file had one
    assert all((ROOT / relative).is_file() for relative in INPUTS)


def write_goldens() -> None:
    """Record what parsing gives today for every file in the input folders."""
    for folder in FOLDERS.values():
        for path in sorted(folder.rglob("*")):
            # Notes on the data, and the sentence splitter's gold set, are not reviews.
            if path.is_file() and path.name != "SOURCES.md" and path.parent.name != "sentences":
                golden = _golden_path(path.relative_to(ROOT))
                golden.parent.mkdir(parents=True, exist_ok=True)
                _write(golden, file_records(path.relative_to(ROOT)))
    _write(SYNTHETIC_GOLDEN, synthetic_record())


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(f"usage: {sys.argv[0]} --write")
    write_goldens()
