"""py3langid's model for reader's six languages, kept unpacked in the cache folder and
scored here, without NumPy.

The bundled model is LZMA-packed for all 97 of its languages: unpacking it takes about
0.4 s, paid before the first short review can be told (and so before plain mode speaks
one). Restricted to the six languages, its tables are saved as plain arrays in one file
that is mapped into memory, not read: only the pages a review's bytes walk through are
loaded, so the first review is told in milliseconds. Scoring a short review is a sum
over its few features, which needs no NumPy either (importing NumPy alone took 50-100 ms
of every start). The saved copy is named after py3langid's version and the model file's
size, so an upgrade makes a new one; one that cannot be read or written is no problem,
only slower.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import mmap
import struct
import sys
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from math import exp, log1p, sqrt
from operator import itemgetter
from pathlib import Path

from reader.storage.store import replacing

_MODEL_FILE = "data/model.npz.xz"  # in py3langid's folder
_PREFIX = "langid-"
_SUFFIX = ".bin"
# A saved copy starts with this, then the header's length and the header (JSON), then
# the tables at the offsets it gives.
_MAGIC = b"reader langid 1\n"
_LENGTH = struct.Struct("<I")
# The tables, by name, and how each is typed: the features' weights for each language
# (features x languages), the DFA that finds the features in a text's bytes (`nextmove`,
# `row`) and the feature each state ends (`output`, -1 for none).
_TABLES = {"ptc": "f", "nextmove": "I", "row": "H", "output": "i"}
# What reading a missing, cut short or foreign file raises.
_UNREADABLE = (OSError, ValueError, KeyError, TypeError, IndexError, struct.error)


@dataclass(frozen=True)
class Identifier:
    """langid.py's naive Bayes model, restricted to some languages."""

    classes: tuple[str, ...]
    pc: tuple[float, ...]  # each language's prior
    ptc: memoryview[float]  # a row of len(classes) weights for each feature
    nextmove: memoryview[int]
    row: memoryview[int]
    output: memoryview[int]

    def rank(self, text: str) -> list[tuple[str, float]]:
        """Every language with its probability, likeliest first: what py3langid's
        `LanguageIdentifier.rank` gives with `norm_probs=True`."""
        if text.isupper():
            text = text.lower()
        data = unicodedata.normalize("NFC", text).encode("utf-8", errors="surrogatepass")
        languages = len(self.classes)
        features = self._features(data)
        scores = list(self.pc) if features else [0.0] * languages  # no feature: all alike
        for feature, count in features.items():
            weight = log1p(count)
            start = feature * languages
            for index, value in enumerate(self.ptc[start : start + languages]):
                scores[index] += weight * value
        # The temperature py3langid uses, so the probabilities mean the same.
        scale = 1.0 / sqrt(len(data) or 1)
        top = max(score * scale for score in scores)
        weights = [exp(score * scale - top) for score in scores]
        total = sum(weights)
        ranked = [
            (code, weight / total) for code, weight in zip(self.classes, weights, strict=True)
        ]
        return sorted(ranked, key=itemgetter(1), reverse=True)

    def _features(self, data: bytes) -> Counter[int]:
        """How often each feature occurs in the bytes: a walk through the DFA."""
        nextmove, row, output = self.nextmove, self.row, self.output
        found: list[int] = []
        state = 0
        for byte in data:
            state = nextmove[(row[state] << 8) + byte]
            feature = output[state]
            if feature >= 0:
                found.append(feature)
        return Counter(found)


def load_identifier(languages: Sequence[str], cache: Path) -> Identifier:
    """The identifier for `languages`, from its saved copy in `cache` when there is one,
    else from the bundled model, saving a copy for next time."""
    saved = cache / _saved_name(languages, _bundled_model())
    with contextlib.suppress(*_UNREADABLE):
        return _read(saved)
    packed = _packed(languages)
    with contextlib.suppress(OSError):
        _write(packed, saved)
        with contextlib.suppress(*_UNREADABLE):
            return _read(saved)
    return _unpacked(memoryview(packed))


def _bundled_model() -> Path:
    """py3langid's model file, found without importing py3langid (which imports NumPy)."""
    spec = importlib.util.find_spec("py3langid")
    folders = spec.submodule_search_locations if spec else None
    if not folders:
        raise ModuleNotFoundError("py3langid is not installed")
    return Path(next(iter(folders))) / _MODEL_FILE


def _saved_name(languages: Sequence[str], model: Path) -> str:
    """A name that changes with py3langid, its model file and the languages, and is the
    same for every installation of one version (two of them share one cache folder)."""
    key = f"{_version(model)} {model.stat().st_size} {','.join(languages)}"
    return f"{_PREFIX}{hashlib.sha256(key.encode()).hexdigest()[:16]}{_SUFFIX}"


def _version(model: Path) -> str:
    """py3langid's version, from the name of the one dist-info folder beside its package:
    importlib.metadata takes 20 ms to import, which each worker outlining a large export
    would pay. importlib.metadata is asked where there is no such folder, or several."""
    package = model.parent.parent
    found = list(package.parent.glob(f"{package.name}-*.dist-info"))
    if len(found) == 1:
        return found[0].name.removeprefix(f"{package.name}-").removesuffix(".dist-info")
    from importlib.metadata import version

    return version("py3langid")


def _read(path: Path) -> Identifier:
    """The saved copy, mapped into memory (the mapping outlives the closed file), or read
    whole where the file cannot be mapped (an empty one, some network folders)."""
    with path.open("rb") as file:
        try:
            data: mmap.mmap | bytes = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            data = file.read()
    return _unpacked(memoryview(data))


def _unpacked(data: memoryview) -> Identifier:
    """An identifier over the tables in `data`, a saved copy's bytes; ValueError (or
    another of _UNREADABLE) when they are not one."""
    if bytes(data[: len(_MAGIC)]) != _MAGIC:
        raise ValueError("not a saved language model")
    (length,) = _LENGTH.unpack_from(data, len(_MAGIC))
    start = len(_MAGIC) + _LENGTH.size
    header = json.loads(bytes(data[start : start + length]))
    if header["byteorder"] != sys.byteorder:
        raise ValueError("saved on another kind of machine")
    base = _aligned(start + length)

    def table(name: str) -> memoryview:
        offset, size = header["tables"][name]
        if offset < 0 or size <= 0 or base + offset + size > len(data):
            raise ValueError(f"the {name} table is cut short")
        return data[base + offset : base + offset + size]

    classes = tuple(str(code) for code in header["classes"])
    pc = tuple(float(prior) for prior in header["pc"])
    ptc = table("ptc").cast("f")
    nextmove, row = table("nextmove").cast("I"), table("row").cast("H")
    output = table("output").cast("i")
    shaped = len(nextmove) % 256 == 0 and len(row) == len(output)
    if not classes or len(pc) != len(classes) or len(ptc) % len(classes) or not shaped:
        raise ValueError("the tables do not fit together")
    return Identifier(classes, pc, ptc, nextmove, row, output)


def _packed(languages: Sequence[str]) -> bytes:
    """A saved copy's bytes, made from the bundled model (slow: it unpacks all of it)."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier  # type: ignore[import-untyped]

    model = LanguageIdentifier.from_model_file(_MODEL_FILE, norm_probs=True)
    model.set_languages(list(languages))
    types = {"ptc": np.float32, "nextmove": np.uint32, "row": np.uint16, "output": np.int32}
    sources = {"ptc": model.nb_ptc, "nextmove": model.tk_nextmove}
    sources |= {"row": model.tk_row, "output": model.tk_output}
    tables = {}
    offsets = {}
    position = 0
    for name, typecode in _TABLES.items():
        values = np.ascontiguousarray(sources[name], dtype=types[name])
        if values.itemsize != struct.calcsize(typecode):
            raise ValueError(f"the {name} table does not fit its type here")
        tables[name] = values.tobytes()
        offsets[name] = [position, len(tables[name])]
        position = _aligned(position + len(tables[name]))
    header = {
        "byteorder": sys.byteorder,
        "classes": [str(code) for code in model.nb_classes],
        "pc": [float(prior) for prior in model.nb_pc],
        "tables": offsets,
    }
    text = json.dumps(header).encode()
    packed = bytearray(_MAGIC + _LENGTH.pack(len(text)) + text)
    for table in tables.values():  # each at the next aligned offset, as _unpacked reads
        packed.extend(bytes(_aligned(len(packed)) - len(packed)))
        packed.extend(table)
    return bytes(packed)


def _aligned(position: int) -> int:
    """The next offset a table of any type can start at."""
    return -(-position // 8) * 8


def _write(packed: bytes, path: Path) -> None:
    """Save the copy under `path`, replacing older copies; a reader at the same moment
    sees the old file or the new one, never half of one."""
    with replacing(path) as file:
        file.write(packed)
    for older in path.parent.glob(f"{_PREFIX}*"):
        if older != path:
            # Another process may have an older copy open (Windows will not remove it).
            with contextlib.suppress(OSError):
                older.unlink(missing_ok=True)
