"""Export formats: WAV (the baseline) against MP3 and M4B audiobooks, and --split.

Each export is `reader export INPUT -o OUT.EXT --engine espeak` in a fresh process, spawn
to exit, with its peak RSS. Two inputs: every review in sample_reviews/, and one long
review (the seed's body repeated 8 times), whose peak RSS shows whether memory stays
flat as the audio grows (the encoders must stream, never hold the book's PCM).

For each: seconds, audio seconds (from the WAV), x real time, bytes written, and the
ratio of size and time to the WAV's.
"""

from __future__ import annotations

import sys
import tempfile
import wave
from pathlib import Path

from common import SAMPLES, print_report, repeated_review, run_captured

_FORMATS = (("wav", ".wav", ()), ("mp3", ".mp3", ()), ("m4b", ".m4b", ()))
_SPLIT = ("mp3_split", ".mp3", ("--split",))


def _size(path: Path) -> int:
    """Bytes of a file, or of every file in a folder."""
    if path.is_dir():
        return sum(file.stat().st_size for file in path.iterdir())
    return path.stat().st_size


def _export(source: Path, out: Path, extra: tuple[str, ...]) -> dict[str, float]:
    command = [sys.executable, "-m", "reader", "export", str(source), "-o", str(out)]
    done = run_captured([*command, "--engine", "espeak", *extra])
    if done.returncode != 0:
        raise SystemExit(f"export to {out.name} failed ({done.returncode})")
    written = out.with_suffix("") if extra else out
    return {
        "seconds": round(done.seconds, 2),
        "bytes": _size(written),
        "peak_rss_mb": done.peak_rss_mb,
    }


def _measure(source: Path, folder: Path, split: bool) -> dict[str, dict[str, float]]:
    found: dict[str, dict[str, float]] = {}
    for name, suffix, extra in (*_FORMATS, *((_SPLIT,) if split else ())):
        found[name] = _export(source, folder / f"{source.stem}-{name}{suffix}", extra)
    with wave.open(str(folder / f"{source.stem}-wav.wav")) as audio:
        audio_seconds = audio.getnframes() / audio.getframerate()
    baseline = found["wav"]
    for figures in found.values():
        figures["x_real_time"] = round(audio_seconds / figures["seconds"], 1)
        figures["time_vs_wav"] = round(figures["seconds"] / baseline["seconds"], 2)
        figures["size_vs_wav"] = round(figures["bytes"] / baseline["bytes"], 3)
    return {"audio_seconds": {"value": round(audio_seconds, 1)}, **found}


def main() -> None:
    """Print the JSON report."""
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        long_review = folder / "long-review.txt"
        long_review.write_text(repeated_review(8), encoding="utf-8")
        print_report(
            {
                "sample_reviews": _measure(SAMPLES, folder, split=True),
                "long_review": _measure(long_review, folder, split=False),
            }
        )


if __name__ == "__main__":
    main()
