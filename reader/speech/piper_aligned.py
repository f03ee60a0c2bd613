"""A Piper voice's model with its phoneme alignments, made once and kept in the cache folder.

Piper voices compute how long each phoneme lasts but do not give it out; the onnx package
can mark that tensor as a second output (`piper.patch_voice_with_alignment`). With it,
each word is marked where its first phoneme starts: within 40 ms of its sound on the
test voice, where marks spread over a sentence by phoneme counts were up to 0.6 s early.
Marking the tensor costs about 0.6 s, so the marked model is saved in the cache folder,
named after the voice's size and settings, and later loads are as quick as the voice's own.
Without onnx and without a saved copy, the voice is used as it is.
"""

from __future__ import annotations

import contextlib
import hashlib
from importlib.util import find_spec
from pathlib import Path

from reader.speech.piper_voices import PiperVoiceFile
from reader.storage.locations import cache_dir
from reader.storage.store import replacing

FOLDER = "piper-aligned"


def aligned_model(file: PiperVoiceFile, cache: Path | None = None) -> Path | None:
    """The voice's model with its alignments as an output, from the cache (made there
    first if onnx is installed); None when there is neither a copy nor onnx, or the model
    cannot be marked (it then speaks without alignments)."""
    folder = (cache or cache_dir()) / FOLDER
    # Named after the voice's size and settings, not its path or time: every installation
    # of one voice (a package in two environments) shares one copy.
    settings = hashlib.sha256(file.config.read_bytes()).hexdigest()[:12]
    saved = folder / f"{file.name}-{file.model.stat().st_size}-{settings}.onnx"
    if saved.is_file():
        return saved
    if find_spec("onnx") is None:
        return None
    with contextlib.suppress(OSError, ValueError):
        return _marked(file.model, saved)
    return None


def _marked(model: Path, saved: Path) -> Path:
    """Save `model` with its phoneme lengths marked as an output; older copies of the same
    voice go. ValueError if the model has no such tensor (or has it marked already)."""
    import onnx
    from piper.patch_voice_with_alignment import add_alignment_output

    graph = onnx.load(str(model))
    add_alignment_output(graph)
    with replacing(saved) as out:
        out.write(graph.SerializeToString())
    forget(saved.name.rsplit("-", 2)[0], saved.parent.parent, keep=saved)
    return saved


def forget(name: str, cache: Path | None = None, keep: Path | None = None) -> None:
    """Delete the saved copies of the voice `name` (but `keep`): it was removed, or
    changed."""
    for saved in ((cache or cache_dir()) / FOLDER).glob(f"{name}-*.onnx"):
        if saved != keep and saved.name.rsplit("-", 2)[0] == name:
            with contextlib.suppress(OSError):
                saved.unlink()
