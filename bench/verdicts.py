"""Choosing the skim verdict: reader's scored choice against two baselines.

Target: a verdict that a careful human would pick, never a spoiler, at most ~40 words, and
a 10,000-review export skimmed in a few seconds. Baselines, same run and same candidate
sentences (the review's own sentences outside spoilers): the last sentence and the first.

The labelled set is tests/data/real/verdicts/labels.jsonl: for each review the sentences a
human picked as its verdict, or none when the review has no sentence outside spoilers
(then only "no verdict" is right). A choice is correct when it equals a labelled sentence
after whitespace is normalised, or is the opening of one cut at a clause boundary by the
40-word limit. Reported for the whole set and for the real reviews only (the rest are
sample_reviews/, written in the shape of real ones).

- `accuracy`: share of reviews where the choice is correct, per method.
- `spoiler_picks`: choices that contain the text of a spoiler span (must be 0).
- `mean_words`: mean words of the choices.
- `reviews_per_s`: verdicts per second over the 10,000-review synthetic Letterboxd export of
  bench/common.py (fixed seed), parsing excluded, sentence splitting included (best of 3).
"""

from __future__ import annotations

import json
import statistics
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from common import ROOT, load_documents, print_report, timed, write_letterboxd_export

from reader.model import Document
from reader.plan.verdict import candidate_sentences, verdict
from reader.text.words import count_words

LABELS = ROOT / "tests" / "data" / "real" / "verdicts" / "labels.jsonl"
SYNTHETIC_REVIEWS = 10_000
_MIN_CUT_WORDS = 6

Method = Callable[[Document], str | None]


def last_sentence(document: Document) -> str | None:
    """Baseline: the review's last sentence outside spoilers."""
    sentences = candidate_sentences(document)
    return sentences[-1] if sentences else None


def first_sentence(document: Document) -> str | None:
    """Baseline: the review's first sentence outside spoilers."""
    sentences = candidate_sentences(document)
    return sentences[0] if sentences else None


METHODS: dict[str, Method] = {
    "reader": verdict,
    "last_sentence": last_sentence,
    "first_sentence": first_sentence,
}


def labelled() -> list[tuple[Document, list[str], bool]]:
    """Each labelled review, its accepted verdicts, and whether it is a real review."""
    cases = []
    by_file: dict[str, list[Document]] = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        path = label["file"]
        if path not in by_file:
            by_file[path] = load_documents([ROOT / path])
        document = pick(by_file[path], label["review"])
        cases.append((document, label["verdicts"], not path.startswith("sample_reviews/")))
    return cases


def pick(documents: list[Document], review: int | str) -> Document:
    """The review a label names, by its index in the file or its title."""
    if isinstance(review, int):
        return documents[review]
    (found,) = (document for document in documents if document.title == review)
    return found


def correct(choice: str | None, accepted: list[str]) -> bool:
    """Whether a choice matches the labels (see the module docstring)."""
    if choice is None or not accepted:
        return choice is None and not accepted
    return any(
        choice == sentence
        or (sentence.startswith(choice) and count_words(choice) >= _MIN_CUT_WORDS)
        for sentence in accepted
    )


def leaks_spoiler(document: Document, choice: str | None) -> bool:
    """Whether a choice holds any spoiler's text (whitespace normalised)."""
    if choice is None:
        return False
    for section in document.sections:
        for span in section.spoilers:
            hidden = " ".join(section.text[span.start : span.end].split())
            if hidden and (hidden in choice or choice in hidden):
                return True
    return False


@dataclass(frozen=True)
class Score:
    """How one method did on the labelled set."""

    accuracy: float
    accuracy_real: float
    spoiler_picks: int
    mean_words: float
    max_words: int


def evaluate(method: Method, cases: list[tuple[Document, list[str], bool]]) -> Score:
    """Accuracy, spoiler picks and length of one method's choices."""
    choices = [(method(document), document, accepted, real) for document, accepted, real in cases]
    hits = [correct(choice, accepted) for choice, _, accepted, _ in choices]
    real_hits = [hit for hit, (_, _, _, real) in zip(hits, choices, strict=True) if real]
    words = [count_words(choice) for choice, *_ in choices if choice is not None]
    return Score(
        accuracy=round(sum(hits) / len(hits), 3),
        accuracy_real=round(sum(real_hits) / len(real_hits), 3),
        spoiler_picks=sum(leaks_spoiler(document, choice) for choice, document, *_ in choices),
        mean_words=round(statistics.mean(words), 1),
        max_words=max(words),
    )


def speed() -> float:
    """Verdicts per second over the synthetic 10,000-review export, best of 3 runs."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reviews.csv"
        write_letterboxd_export(path, SYNTHETIC_REVIEWS)
        documents = load_documents([path])

    def skim() -> None:
        for document in documents:
            verdict(document)

    return round(len(documents) / timed(skim, 3).best)


def main() -> None:
    """Run every method on the labelled set, then time reader's."""
    cases = labelled()
    report: dict[str, object] = {
        "reviews": len(cases),
        "real_reviews": sum(real for *_, real in cases),
        "no_verdict_reviews": sum(not accepted for _, accepted, _ in cases),
    }
    for name, method in METHODS.items():
        report[name] = asdict(evaluate(method, cases))
    report["reviews_per_s"] = speed()
    print_report(report)


if __name__ == "__main__":
    main()
