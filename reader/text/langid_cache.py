"""py3langid's model for reader's six languages, kept unpacked in the cache folder.

The bundled model is LZMA-packed for all 97 of its languages: unpacking it takes about
0.4 s, paid before the first short review can be told (and so before plain mode speaks
one). Restricted to the six languages and saved as plain arrays, it loads in a few
milliseconds. The saved copy is named after py3langid's version and the model file's
size, so an upgrade makes a new one; one that cannot be read or written is no problem,
only slower.
"""

from __future__ import annotations

import contextlib
import hashlib
import zipfile
from array import array
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from reader.storage.store import replacing

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier  # type: ignore[import-untyped]

_PREFIX = "langid-"
# What reading a missing, cut short or foreign file raises.
_UNREADABLE = (OSError, EOFError, ValueError, KeyError, TypeError, zipfile.BadZipFile)


def load_identifier(languages: Sequence[str], cache: Path) -> LanguageIdentifier:
    """The identifier for `languages`, from its saved copy in `cache` when there is one,
    else from the bundled model, saving a copy for next time."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    saved = cache / _saved_name(languages, MODEL_DIR / MODEL_FILE)
    with contextlib.suppress(*_UNREADABLE):
        return _read(saved)
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(languages))
    with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
        _write(identifier, saved)
    return identifier


def _saved_name(languages: Sequence[str], model: Path) -> str:
    """A name that changes with py3langid, its model file and the languages, and is the
    same for every installation of one version (two of them share one cache folder)."""
    key = f"{version('py3langid')} {model.stat().st_size} {','.join(languages)}"
    return f"{_PREFIX}{hashlib.sha256(key.encode()).hexdigest()[:16]}.npz"


def _read(path: Path) -> LanguageIdentifier:
    from py3langid.langid import LanguageIdentifier

    with np.load(path, allow_pickle=False) as data:
        return LanguageIdentifier(
            data["ptc"],
            data["pc"],
            data["classes"].tolist(),
            _as_array(data["nextmove"]),
            data["output"].tolist(),
            norm_probs=True,
            tk_row=_as_array(data["row"]),
        )


def _as_array(values: npt.NDArray[np.unsignedinteger]) -> array[int]:
    """As py3langid keeps its state table: a standard array, quicker to index than NumPy."""
    typecode = {2: "H", 4: "I", 8: "L"}[values.dtype.itemsize]
    table = array(typecode)
    table.frombytes(np.ascontiguousarray(values).data.cast("B"))  # no copy between
    return table


def _write(identifier: LanguageIdentifier, path: Path) -> None:
    """Save the identifier's arrays whole under `path`, replacing older copies; a reader
    at the same moment sees the old file or the new one, never half of one."""
    with replacing(path) as file:
        np.savez(
            file,
            ptc=np.ascontiguousarray(identifier.nb_ptc),
            pc=np.asarray(identifier.nb_pc),
            classes=np.array(identifier.nb_classes),
            nextmove=_numpy(identifier.tk_nextmove),
            output=np.asarray(identifier.tk_output, dtype=np.int32),
            row=_numpy(identifier.tk_row),
        )
    for older in path.parent.glob(f"{_PREFIX}*.npz"):
        if older != path:
            older.unlink(missing_ok=True)


def _numpy(table: array[int]) -> npt.NDArray[np.unsignedinteger]:
    dtype = {2: np.uint16, 4: np.uint32, 8: np.uint64}[table.itemsize]
    return np.frombuffer(table, dtype=dtype)
