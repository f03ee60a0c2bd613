"""What the benchmarks share: timing, child processes, synthetic reviews and the report.

Every synthetic input comes from a `random.Random` with a fixed seed, so two runs measure
the same bytes; callers write it under a `tempfile.TemporaryDirectory`, never the repo.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import random
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.loaders import load_paths
from reader.model import Document
from reader.parse.document import parse_review
from reader.speech.engine import Chunk, Engine
from reader.speech.kept_audio import KeptAudio

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_reviews"
SEED_REVIEW = SAMPLES / "1-litre-of-tears.txt"
MB = 1024 * 1024

# reader started by a benchmark runs as an installed one does, its bytecode compiled once
# and kept (here in the venv), even where PYTHONDONTWRITEBYTECODE is set: compiling every
# module at each start added 0.15-0.3 s to every start measured (as `make test` does too).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
os.environ.setdefault("PYTHONPYCACHEPREFIX", str(ROOT / ".venv" / "pycache"))


@dataclass(frozen=True)
class Timing:
    """Seconds taken by the fastest and the median of several runs."""

    best: float
    median: float


def timed(work: Callable[[], object], runs: int) -> Timing:
    """Time `work` `runs` times. Callers warm up first (imports, caches) when it matters."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - start)
    return Timing(min(seconds), statistics.median(seconds))


def mb_per_s(size: int, seconds: float) -> float:
    """Throughput in MiB per second, rounded for the report."""
    return round(size / MB / seconds, 2)


@dataclass(frozen=True)
class ChildRun:
    """A child process: seconds from spawn to its first blank output line and to its exit,
    its peak resident set size, and the memory it and its workers use at that line (PSS,
    see `_pss_mb`)."""

    first_blank_line_s: float
    exit_s: float
    peak_rss_mb: float
    pss_with_workers_mb: float = 0.0


def run_child(args: Sequence[str], kill_after_blank_line: bool = False) -> ChildRun:
    """Run a command, reading its stdout until the first blank line (or the end).

    Peak RSS comes from `os.wait4`, the rusage of this one child: RUSAGE_CHILDREN would give
    the largest of all children so far. Linux folds the *parent's* peak RSS into a child's
    at exec, so callers spawn children before doing any large work in-process.
    """
    start = time.perf_counter()
    child = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    assert child.stdout is not None
    for line in child.stdout:
        if not line.strip():
            break
    first = time.perf_counter() - start
    in_use = _pss_mb(child.pid)
    if kill_after_blank_line:
        child.kill()
    else:
        child.stdout.read()
    child.stdout.close()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    peak = round(usage.ru_maxrss / 1024, 1)
    return ChildRun(first, time.perf_counter() - start, peak, in_use)


def _pss_mb(pid: int) -> float:
    """The proportional set size (PSS) of process `pid` and those it started: the memory
    they use, each page they share (forked workers share what they have not written)
    counted once among them. 0 where /proc does not tell."""
    total_kb = 0
    for entry in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError, ValueError):
            stat = (entry / "stat").read_text()
            if int(entry.name) != pid and int(stat[stat.rindex(")") + 2 :].split()[1]) != pid:
                continue
            rollup = (entry / "smaps_rollup").read_text().splitlines()
            total_kb += sum(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
    return round(total_kb / 1024, 1)


def _phrases(text: str) -> tuple[str, ...]:
    return tuple(phrase.strip() for phrase in text.split("|"))


_SUBJECTS = _phrases(
    "The film | This drama | The director | The script | The second act | The score |"
    "Every frame | The lead | Her performance | His performance | The ending | It |"
    "The cinematography | The pacing | The supporting cast | The opening scene |"
    "The soundtrack | The final episode | The dialogue | The editing"
)
_VERBS = _phrases(
    "is | feels | becomes | remains | never quite becomes | somehow stays | seems |"
    "turns out to be | was always going to be | is, for once,"
)
_ADJECTIVES = (
    "devastating gorgeous uneven tender relentless overwrought funny heartbreaking clumsy "
    "precise luminous forgettable strange restrained exhausting warm cold unforgettable"
).split()
_CLAUSES = _phrases(
    "even when the plot stalls | in a way I did not expect | for about forty minutes |"
    "despite a clumsy third act | and I cried twice | which nobody warned me about |"
    "until the last ten minutes | the way old melodramas were | on a second viewing |"
    "if you let it breathe | for better and for worse | as far as I can tell |"
    "& the camera just lets it breathe"
)
_FIRST_NAMES = "Aya Haruto Mina Jonas Celine Paul Greta Ines Tomas Yuki Ravi Lena Omar".split()
_SURNAMES = "Ikeuchi Song Lee Moreau Okafor Varga Tanaka Quinn Herrera Novak Bauer".split()
# Sentences that trip sentence splitters: abbreviations, decimals, ellipses, quotes.
_EXTRAS = _phrases(
    "Dr. {surname} is the standout, e.g. in the hospital scenes. |"
    "I'd give it 7.5/10, maybe 8. | Why does {name} stay? | Why? Why?? Why her? |"
    'Well… it happens. | {name} just says "not yet." and walks out! |'
    "The U.S. cut loses 9 minutes vs. the original, at least in the 2.0 release. |"
    "It runs 2 hrs. 14 min. and you feel every one of them. |"
    "Mr. {surname} and Ms. {surname} (both excellent) share one scene... |"
    "Based on the novel by J. R. {surname}. | No. 5 on my list this year!"
)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST_NAMES)} {rng.choice(_SURNAMES)}"


def _sentence(rng: random.Random) -> str:
    if rng.random() < 0.2:
        template = rng.choice(_EXTRAS)
        return template.format(name=_name(rng), surname=rng.choice(_SURNAMES))
    subject = rng.choice((*_SUBJECTS, _name(rng)))
    words = [subject, rng.choice(_VERBS), rng.choice(_ADJECTIVES)]
    if rng.random() < 0.6:
        words[-1] += ","
        words.append(rng.choice(_CLAUSES))
    return " ".join(words) + rng.choice(".....!?")


def prose_paragraphs(rng: random.Random, words: int) -> list[str]:
    """Review-like paragraphs of 2 to 7 sentences, about `words` words in all."""
    paragraphs: list[str] = []
    count = 0
    while count < words:
        sentences = [_sentence(rng) for _ in range(rng.randint(2, 7))]
        count += sum(len(sentence.split()) for sentence in sentences)
        paragraphs.append(" ".join(sentences))
    return paragraphs


def plain_review(rng: random.Random, size: int) -> str:
    """A plain-text review of about `size` characters, shaped like the seed review."""
    parts = ["The Quiet Harbour", "Genre: Drama, Family", "Synopsis: " + _sentence(rng)]
    length = 0
    while length < size:
        paragraph = " ".join(prose_paragraphs(rng, 60))
        parts.append(paragraph)
        length += len(paragraph) + 2
    parts.append("Overall Rating: 4/5")
    return "\n\n".join(parts) + "\n"


LETTERBOXD_HEADER = _phrases(
    "Date|Name|Year|Letterboxd URI|Rating|Rewatch|Review|Tags|Watched Date"
)
_TITLE_WORDS = "Quiet Harbour Last Summer Paper Moon Burning House River Glass Night Garden".split()


def _letterboxd_cell(rng: random.Random) -> str:
    """An HTML-ish review cell of 50 to 400 words: line breaks, tags (a few left unclosed),
    entities, and now and then a BBCode spoiler or a spoiler flag, as real exports have."""
    paragraphs = prose_paragraphs(rng, rng.randint(50, 400))
    for index, text in enumerate(paragraphs):
        words = text.replace("&", "&amp;").split(" ")
        at = rng.randrange(len(words))
        tag = rng.choice(("i", "i", "b", "em"))
        words[at] = f"<{tag}>{words[at]}" + (f"</{tag}>" if rng.random() < 0.95 else "")
        paragraphs[index] = " ".join(words)
    if rng.random() < 0.1:
        at = rng.randrange(len(paragraphs))
        paragraphs[at] = f"[spoiler]{paragraphs[at]}[/spoiler]"
    if rng.random() < 0.03:
        paragraphs.insert(0, "This review may contain spoilers.")
    cell = rng.choice(("<br />\n<br />\n", "<br /><br />")).join(paragraphs)
    return cell.replace("'", "&#39;") if rng.random() < 0.3 else cell


def write_letterboxd_export(path: Path, reviews: int, seed: int = 1) -> None:
    """A Letterboxd reviews.csv with `reviews` rows, written row by row."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(LETTERBOXD_HEADER)
        for number in range(reviews):
            year = rng.randint(1950, 2024)
            date = f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}"
            title = " ".join(rng.sample(_TITLE_WORDS, rng.randint(1, 3)))
            rating = rng.choice(("", *(str(half / 2) for half in range(1, 11))))
            tags = ", ".join(rng.sample(("rewatch", "a24", "cried", "cinema", "ghibli"), 2))
            writer.writerow(
                (
                    date,
                    title,
                    year,
                    f"https://boxd.it/{number:x}",
                    rating,
                    rng.choice(("", "", "Yes")),
                    _letterboxd_cell(rng),
                    tags if rng.random() < 0.5 else "",
                    date,
                )
            )


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    """Median, 90th percentile and largest of several timings, in milliseconds."""
    ordered = sorted(seconds)
    if len(ordered) > 1:
        p90 = statistics.quantiles(ordered, n=10, method="inclusive")[8]
    else:
        p90 = ordered[0]
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "p90_ms": round(p90 * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def repeated_review(times: int) -> str:
    """The seed review with its review part (after the synopsis, before the rating)
    repeated `times` times: the same review, `times` times as long."""
    text = SEED_REVIEW.read_text(encoding="utf-8")
    start = text.index("\n\n", text.index("Synopsis:")) + 2
    end = text.index("Overall Rating")
    return text[:start] + text[start:end] * times + text[end:]


@dataclass(frozen=True)
class CapturedRun:
    """A child process run to its end: what it printed, its exit status, the seconds from
    spawn to exit, and its peak RSS (see run_child on what that counts)."""

    stdout: str
    returncode: int
    seconds: float
    peak_rss_mb: float


def run_captured(args: Sequence[str]) -> CapturedRun:
    """Run a command to its end, keeping its stdout and discarding its stderr."""
    start = time.perf_counter()
    child = subprocess.Popen(
        args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert child.stdout is not None
    stdout = child.stdout.read()
    child.stdout.close()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return CapturedRun(
        stdout.decode(errors="replace"),
        child.returncode,
        time.perf_counter() - start,
        round(usage.ru_maxrss / 1024, 1),
    )


def load_documents(paths: Sequence[Path]) -> list[Document]:
    """Every review at `paths`, loaded and parsed as the command line does it."""
    return [parse_review(review) for review in load_paths([str(path) for path in paths]).reviews]


def print_report(report: dict[str, object]) -> None:
    """The one JSON object a benchmark prints on stdout."""
    print(json.dumps(report, indent=2, ensure_ascii=False))


def spoken_pcm(engine: Engine, text: str) -> bytes:
    """All of `text` as the engine speaks it, in one piece."""
    chunks: list[bytes] = []

    def keep(chunk: Chunk) -> bool:
        chunks.append(chunk.pcm)
        return True

    engine.synthesize(text, keep)
    return b"".join(chunks)


@contextlib.contextmanager
def rendering_every_time(engine: Engine) -> Iterator[KeptAudio[object, object] | None]:
    """Within the block, the audio Piper keeps for pieces asked for again (inside the mixed
    engine `create_engine("piper")` makes, or not) is off, so that every synthesize
    renders; after it, on again as it was. Yields the kept audio, or None for an engine
    that keeps none."""
    kept: KeptAudio[object, object] | None = getattr(getattr(engine, "piper", engine), "kept", None)
    if kept is None:
        yield None
        return
    limit = kept.limit
    kept.limit = 0
    try:
        yield kept
    finally:
        kept.limit = limit
