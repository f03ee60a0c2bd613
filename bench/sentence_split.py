"""Choosing the sentence splitter: syntok against pysbd and a naive regex.

Target (DESIGN.md): none of its own; sentences are split lazily, on first use, so the
splitter costs time when a section is first read aloud, within the "< 50 ms from play to
first PCM" budget for the first sentence. The baseline, in the same run, is the regex
splitter `re.split(r"(?<=[.!?])\\s+", text)`.

Each splitter gets one paragraph at a time, as reader feeds syntok:

- syntok through reader.text.sentences.split_sentences, as reader uses it;
- pysbd.Segmenter(language="en", clean=False, char_span=True), built once;
- the regex (its boundaries found with the same pattern's `finditer`).

Throughput (MB/s, UTF-8, best of several runs) over the paragraphs of the parsed seed
review and over ~200 KB of generated review prose (fixed seed). Agreement: a boundary is
the end offset of a sentence (trailing space excluded) within its paragraph;
`syntok_pysbd_agreement` is 2 x shared / (syntok's + pysbd's), 1.0 when identical. The
end of each paragraph is a boundary for every splitter and is counted.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from functools import partial

import pysbd
from common import SEED_REVIEW, mb_per_s, print_report, prose_paragraphs, timed

from reader.loaders import load_paths
from reader.parse.document import parse_review
from reader.text.sentences import split_sentences

SYNTHETIC_SIZE = 200 * 1024
_REGEX_BREAK = re.compile(r"(?<=[.!?])\s+")
_SEGMENTER = pysbd.Segmenter(language="en", clean=False, char_span=True)

Splitter = Callable[[str], set[int]]


def syntok_ends(text: str) -> set[int]:
    """Sentence ends found by reader's syntok splitter."""
    return {span.end for span in split_sentences(text)}


def pysbd_ends(text: str) -> set[int]:
    """Sentence ends found by pysbd, without the whitespace it keeps after each."""
    return {span.start + len(span.sent.rstrip()) for span in _SEGMENTER.segment(text)}


def regex_ends(text: str) -> set[int]:
    """Sentence ends where the naive regex splits, and the end of the text."""
    ends = {match.start() for match in _REGEX_BREAK.finditer(text)}
    return ends | {len(text.rstrip())}


SPLITTERS: dict[str, Splitter] = {"syntok": syntok_ends, "pysbd": pysbd_ends, "regex": regex_ends}


def seed_paragraphs() -> list[str]:
    """The paragraphs reader reads aloud from the seed review, section by section."""
    document = parse_review(load_paths([str(SEED_REVIEW)]).reviews[0])
    return [section.span_text(span) for section in document.sections for span in section.paragraphs]


def synthetic_paragraphs() -> list[str]:
    """About SYNTHETIC_SIZE bytes of generated review paragraphs."""
    rng = random.Random(1)
    paragraphs: list[str] = []
    while sum(len(text) + 2 for text in paragraphs) < SYNTHETIC_SIZE:
        paragraphs.extend(prose_paragraphs(rng, 200))
    return paragraphs


def throughput(paragraphs: list[str], runs: int) -> dict[str, float]:
    """Size in KB, and MB/s of each splitter over the paragraphs."""
    size = sum(len(text.encode()) for text in paragraphs)
    speeds = {
        f"{name}_mb_s": mb_per_s(size, timed(partial(_split_all, split, paragraphs), runs).best)
        for name, split in SPLITTERS.items()
    }
    return {"kb": round(size / 1024, 1), **speeds}


def _split_all(split: Splitter, paragraphs: list[str]) -> list[set[int]]:
    return [split(text) for text in paragraphs]


def agreement(paragraphs: list[str]) -> dict[str, object]:
    """Boundaries each splitter finds, and where syntok and pysbd disagree."""
    counts = dict.fromkeys(SPLITTERS, 0)
    shared = 0
    disagreements: list[str] = []
    for text in paragraphs:
        ends = {name: split(text) for name, split in SPLITTERS.items()}
        for name in SPLITTERS:
            counts[name] += len(ends[name])
        shared += len(ends["syntok"] & ends["pysbd"])
        for end in sorted(ends["syntok"] ^ ends["pysbd"]):
            only = "syntok" if end in ends["syntok"] else "pysbd"
            disagreements.append(f"only {only}: …{text[max(0, end - 30) : end]}|")
    total = counts["syntok"] + counts["pysbd"]
    return {
        "sentences": counts,
        "syntok_pysbd_shared": shared,
        "syntok_pysbd_agreement": round(2 * shared / total, 3),
        "syntok_pysbd_disagreements": disagreements[:10],
    }


def main() -> None:
    """Measure on both inputs, print the report."""
    seed, synthetic = seed_paragraphs(), synthetic_paragraphs()
    seed_agreement, synthetic_agreement = agreement(seed), agreement(synthetic)
    print_report(
        {
            "seed": throughput(seed, runs=20),
            "synthetic_200kb": throughput(synthetic, runs=3),
            "seed_sentences": seed_agreement.pop("sentences"),
            **seed_agreement,
            "synthetic_sentences": synthetic_agreement["sentences"],
            "synthetic_syntok_pysbd_agreement": synthetic_agreement["syntok_pysbd_agreement"],
        }
    )


if __name__ == "__main__":
    main()
