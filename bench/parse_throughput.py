"""Parser throughput: MB/s of parse_review, with and without sentence splitting.

Target (DESIGN.md, Budgets): none of its own; parsing is on the path of "open a
10,000-review export and show the first review in < 1 s" and "`reader --plain FILE` to
its first line of output in < 300 ms", so it should cost little next to reading a file.

Three inputs, each a list of reviews as the loaders produce them: the seed review
(parsed again and again), the other files in sample_reviews/ (every format), and a
generated ~1 MB plain-text review (fixed seed). MB is the UTF-8 size of the review
bodies the parser is given. For each input, the best of several runs of:

- `parse_mb_s`: parse_review alone (sentences are split lazily, on first use);
- `parse_sentences_mb_s`: parse_review, then `section.sentences` touched for every section;
- baselines in the same run, over the same bytes: `read_decode_mb_s`, reading them from a
  file and decoding them with reader.text.decoding.decode, and `naive_split_mb_s`, a
  plain `text.split("\\n\\n")` paragraph split.

Every input is parsed once before timing, so imports (trafilatura, ftfy) are not counted.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable
from pathlib import Path

from common import SAMPLES, SEED_REVIEW, mb_per_s, plain_review, print_report, timed

from reader.loaders import load_paths
from reader.model import Review
from reader.parse.document import parse_review
from reader.text.decoding import decode

SYNTHETIC_SIZE = 1024 * 1024


def _parse(reviews: list[Review], sentences: bool) -> None:
    for review in reviews:
        document = parse_review(review)
        if sentences:
            for section in document.sections:
                _ = section.sentences


def _throughput(reviews: list[Review], folder: Path, runs: int) -> dict[str, float]:
    """Every figure for one input, in MB/s."""
    bodies = [review.body.encode() for review in reviews]
    paths = [folder / f"body-{index}.txt" for index in range(len(bodies))]
    for path, body in zip(paths, bodies, strict=True):
        path.write_bytes(body)
    size = sum(len(body) for body in bodies)
    work: dict[str, Callable[[], object]] = {
        "read_decode_mb_s": lambda: [decode(path.read_bytes()) for path in paths],
        "naive_split_mb_s": lambda: [review.body.split("\n\n") for review in reviews],
        "parse_mb_s": lambda: _parse(reviews, sentences=False),
        "parse_sentences_mb_s": lambda: _parse(reviews, sentences=True),
    }
    _parse(reviews, sentences=True)
    figures = {name: mb_per_s(size, timed(call, runs).best) for name, call in work.items()}
    return {"kb": round(size / 1024, 1), **figures}


def _reviews(*paths: Path) -> list[Review]:
    return load_paths(str(path) for path in paths).reviews


def main() -> None:
    """Load the inputs, measure, print the report."""
    others = sorted(path for path in SAMPLES.iterdir() if path != SEED_REVIEW)
    with tempfile.TemporaryDirectory() as folder:
        synthetic = Path(folder) / "synthetic-review.txt"
        synthetic.write_text(plain_review(random.Random(1), SYNTHETIC_SIZE), encoding="utf-8")
        report = {
            "seed": _throughput(_reviews(SEED_REVIEW), Path(folder), runs=50),
            "samples": _throughput(_reviews(*others), Path(folder), runs=20),
            "synthetic_1mb": _throughput(_reviews(synthetic), Path(folder), runs=3),
        }
    by_file = {path.name: _per_file_parse_ms(path) for path in others}
    print_report({**report, "samples_parse_ms_by_file": by_file})


def _per_file_parse_ms(path: Path) -> float:
    """Milliseconds to parse every review in one sample file (no sentences)."""
    reviews = _reviews(path)
    return round(timed(lambda: _parse(reviews, sentences=False), runs=20).best * 1000, 2)


if __name__ == "__main__":
    main()
