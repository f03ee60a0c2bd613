"""Opening a 10,000-review Letterboxd export and showing the first review.

Target (DESIGN.md, Budgets): open a 10,000-review export and show the first review in
under 1 s, under 200 MB RSS.

The export is generated (fixed seed) in a temporary folder: 10,000 rows of 50 to 400
words with `<br />`, tags, entities and the occasional `[spoiler]`. Measured:

- `cli_first_outline_s`: the real CLI, `python -m reader outline CSV`, in a fresh process,
  from spawn to the blank line that ends the first review's outline (median of 3). The
  child is killed there, so `cli_peak_rss_mb` is its peak up to that moment. With two
  cores or more the export is loaded and parsed by worker processes, each holding its
  share (reader/cli/part_workers.py): `cli_pss_with_workers_mb` is the memory the
  process and its workers use at that moment, their shared pages counted once (PSS).
- `minimal_first_outline_s`: a child that only calls load_paths, parses the first review
  and prints its outline, run to its exit (median of 3): what any front end pays.
- In-process: `load_s` (load_paths of the whole export, best of 3) and
  `first_parse_s` (parse_review of the first review, best of 20).
- Baseline, same run: a child that parses every review before it could show one,
  `eager_parse_all_s` (spawn to exit) and `eager_peak_rss_mb`.

Peak RSS is each child's own, from `os.wait4`. Children run before the in-process part:
Linux counts the parent's peak RSS into a child's at exec.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from common import (
    MB,
    ChildRun,
    print_report,
    run_child,
    timed,
    write_letterboxd_export,
)

from reader.loaders import load_paths
from reader.parse.document import parse_review

REVIEWS = 10_000
TARGET_S = 1.0
TARGET_RSS_MB = 200
_MINIMAL = """
import sys
from reader.loaders import load_paths
from reader.parse.document import parse_review
from reader.cli.report import outline_lines
first = load_paths(sys.argv[1:]).reviews[0]
print("\\n".join(outline_lines(parse_review(first))), flush=True)
"""
_EAGER = """
import sys
from reader.loaders import load_paths
from reader.parse.document import parse_review
documents = [parse_review(review) for review in load_paths(sys.argv[1:]).reviews]
print(len(documents))
"""


def _median_run(args: list[str], kill: bool, runs: int = 3) -> tuple[float, float, float]:
    """Median seconds to the first blank line, the largest peak RSS, and the largest
    memory in use with the workers at that line, over `runs`."""
    results: list[ChildRun] = [run_child(args, kill) for _ in range(runs)]
    seconds = statistics.median(run.first_blank_line_s for run in results)
    peak = max(run.peak_rss_mb for run in results)
    return round(seconds, 3), peak, max(run.pss_with_workers_mb for run in results)


def main() -> None:
    """Generate the export, measure, print the report."""
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "reviews.csv"
        write_letterboxd_export(export, REVIEWS)
        csv = str(export)
        cli = _median_run([sys.executable, "-m", "reader", "outline", csv], True)
        minimal_s, minimal_rss, _ = _median_run([sys.executable, "-c", _MINIMAL, csv], False)
        eager = run_child([sys.executable, "-c", _EAGER, csv])
        result = load_paths([csv])
        load = timed(lambda: load_paths([csv]), runs=3)
        first = timed(lambda: parse_review(result.reviews[0]), runs=20)
        print_report(
            {
                "reviews": len(result.reviews),
                "load_problems": len(result.problems),
                "file_mb": round(export.stat().st_size / MB, 2),
                "cli_first_outline_s": cli[0],
                "cli_peak_rss_mb": cli[1],
                "cli_pss_with_workers_mb": cli[2],
                "minimal_first_outline_s": minimal_s,
                "minimal_peak_rss_mb": minimal_rss,
                "load_s": round(load.best, 3),
                "first_parse_s": round(first.best, 5),
                "lazy_open_s": round(load.best + first.best, 3),
                "eager_parse_all_s": round(eager.exit_s, 2),
                "eager_peak_rss_mb": eager.peak_rss_mb,
                "target_s": TARGET_S,
                "target_rss_mb": TARGET_RSS_MB,
            }
        )


if __name__ == "__main__":
    main()
