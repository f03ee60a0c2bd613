"""Cue sounds kept in the cache folder, so that speech with cues need not load NumPy to
make them: `reader say` then peaks at 29 MB rather than 41, and its first cue costs no
import of a tenth of a second or more while the voice is speaking.

Each sound is made once for its sample rate and volume and read back after that. A copy is
named after the source of reader.speech.earcons, so a change to the designs makes new ones;
one that cannot be read or written is simply made again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
from importlib.util import find_spec
from pathlib import Path

from reader.plan.cues import Cue
from reader.storage.locations import cache_dir
from reader.storage.store import replacing

WORKING_EVERY = 0.5  # seconds from one working tick to the next

_PREFIX = "cue-"
_DESIGNS = "reader.speech.earcons"


@functools.lru_cache(maxsize=64)
def cue_sound(cue: Cue, sample_rate: int, volume: int = 100) -> bytes:
    """`earcon(cue, sample_rate, volume)`, from its saved copy when there is one; a volume
    outside 0-100 has none, and `earcon` refuses it."""
    version = _designs_version()
    path = cache_dir() / f"{_PREFIX}{version}-{cue.value}-{sample_rate}-{volume}.pcm"
    if version:
        with contextlib.suppress(OSError):
            saved = path.read_bytes()
            if saved and len(saved) % 2 == 0:  # whole 16-bit samples: written in one step
                return saved
    from reader.speech.earcons import earcon  # NumPy: only when no copy is saved

    pcm = earcon(cue, sample_rate, volume)
    if version:
        with contextlib.suppress(OSError):
            _save(path, pcm, version)
    return pcm


@functools.cache
def _designs_version() -> str:
    """A digest of the designs' source; '' when it cannot be read (no copies then)."""
    spec = find_spec(_DESIGNS)
    if spec is None or spec.origin is None:
        return ""
    try:
        source = Path(spec.origin).read_bytes()
    except OSError:
        return ""
    return hashlib.sha256(source).hexdigest()[:16]


def _save(path: Path, pcm: bytes, version: str) -> None:
    """Save the sound, and drop copies made by other versions of the designs."""
    with replacing(path) as file:
        file.write(pcm)
    for older in path.parent.glob(f"{_PREFIX}*.pcm"):
        if not older.name.startswith(f"{_PREFIX}{version}-"):
            older.unlink(missing_ok=True)
