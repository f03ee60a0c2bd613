"""Installing Piper voices into the data folder, and removing them.

A voice comes from the Piper voice catalogue by name (checked against the catalogue's
sizes and MD5 digests), from a local `NAME.onnx` with its `NAME.onnx.json` beside it, or
from a web address of a `.onnx` (its settings at the same address plus `.json`). Files
arrive in a hidden folder beside the voices and move in only when all of them are whole
and checked, the model last, so a voice is either installed or not there at all.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import shutil
import socket
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path
from typing import BinaryIO
from urllib.error import HTTPError, URLError
from urllib.parse import unquote, urlsplit
from urllib.request import Request, urlopen

from reader import __version__
from reader.speech.piper_aligned import forget
from reader.speech.piper_checks import VoiceInstallError, check_model, check_settings
from reader.speech.piper_voices import PiperVoiceFile, installed_voices, voice_file, voices_folder

CATALOGUE_URL = "https://huggingface.co/rhasspy/piper-voices/resolve/main/"
CATALOGUE_VARIABLE = "READER_PIPER_VOICES_URL"  # another catalogue's base address
TIMEOUT = 30.0  # seconds, for the connection and for each read
_CHUNK = 256 * 1024
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_USER_AGENT = f"reader/{__version__} (+accessible review reader)"

# Called as a file arrives: its name, bytes so far, and bytes in all (0 when unknown).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Part:
    """One file of a voice: where it comes from, its name when installed, and what the
    catalogue says it must be."""

    location: str  # a web address or a local path
    target: str
    size: int | None = None
    md5: str | None = None


def catalogue_url() -> str:
    """The catalogue's base address, ending in `/`."""
    base = os.environ.get(CATALOGUE_VARIABLE) or CATALOGUE_URL
    return base if base.endswith("/") else f"{base}/"


def install_voice(
    source: str, progress: Progress | None = None, folder: Path | None = None
) -> PiperVoiceFile:
    """Install the voice `source` names (catalogue name, `.onnx` path or web address) into
    `folder` (the data folder's voices by default), and return it installed."""
    folder = voices_folder() if folder is None else folder
    name, parts = _plan(source)
    _refuse_installed(name, folder)
    created = _make_folder(folder)
    staging: Path | None = None
    try:
        # Beside the voices (the same disk, so moving in is renaming), hidden from them.
        staging = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".partial", dir=folder))
        for part in parts:
            _fetch(part, staging / part.target, progress)
        check_settings(staging / f"{name}.onnx.json")
        check_model(staging / f"{name}.onnx")
        _move_in(staging, folder, [part.target for part in parts])
    except OSError as error:
        raise VoiceInstallError(f"cannot write into {folder}: {error.strerror}") from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if not (folder / f"{name}.onnx").is_file():
            for made in created:
                with suppress(OSError):
                    made.rmdir()
    return voice_file(folder / f"{name}.onnx")


def remove_voice(name: str, folder: Path | None = None) -> None:
    """Delete an installed voice's files (its model first, so it is never half there)."""
    folder = voices_folder() if folder is None else folder
    model = folder / f"{name}.onnx"
    if _NAME.match(name) and model.is_file():
        for path in (model, folder / f"{name}.onnx.json", folder / f"{name}.md"):
            try:
                path.unlink(missing_ok=True)
            except OSError as error:
                raise VoiceInstallError(f"cannot delete {path}: {error.strerror}") from None
        forget(name)  # its model with alignments, in the cache folder
        return
    names = [voice.name for voice in installed_voices()]
    if name in names:
        raise VoiceInstallError(
            f"the Piper voice {name} comes with an installed Python package and cannot be "
            "removed this way: uninstall that package instead"
        )
    raise VoiceInstallError(f"no installed Piper voice is called {name}{_near(name, names)}")


def _plan(source: str) -> tuple[str, list[Part]]:
    """The voice's name and the files to fetch, its settings first (small and quick)."""
    if urlsplit(source).scheme in ("http", "https"):
        return _from_url(source)
    path = Path(source).expanduser()
    if path.suffix == ".onnx" or path.exists() or os.sep in source or "/" in source:
        return _from_file(path)
    return _from_catalogue(source)


def _from_url(url: str) -> tuple[str, list[Part]]:
    file_name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    if not file_name.endswith(".onnx"):
        raise VoiceInstallError(f"{url} is not the address of a Piper model (NAME.onnx)")
    name = _checked_name(file_name.removesuffix(".onnx"))
    return name, [Part(f"{url}.json", f"{name}.onnx.json"), Part(url, f"{name}.onnx")]


def _from_file(path: Path) -> tuple[str, list[Part]]:
    if not path.is_file():
        raise VoiceInstallError(f"no such file: {path}")
    if path.suffix != ".onnx":
        raise VoiceInstallError(f"{path} is not a Piper model (NAME.onnx)")
    voice = voice_file(path)
    name = _checked_name(voice.name)
    if not voice.config.is_file():
        raise VoiceInstallError(f"the voice's settings {voice.config.name} are not beside {path}")
    parts = [Part(str(voice.config), f"{name}.onnx.json")]
    if voice.card is not None:
        parts.append(Part(str(voice.card), f"{name}.md"))
    return name, [*parts, Part(str(path), f"{name}.onnx")]


def _from_catalogue(name: str) -> tuple[str, list[Part]]:
    base = catalogue_url()
    catalogue = _read_catalogue(f"{base}voices.json")
    entry = catalogue.get(name) or next(
        (entry for entry in catalogue.values() if name in _aliases_of(entry)), None
    )
    if not isinstance(entry, dict) or not isinstance(entry.get("files"), dict):
        known = [str(key) for key in catalogue]
        raise VoiceInstallError(
            f"no Piper voice is called {name} in the catalogue{_near(name, known)}"
        )
    key = _checked_name(str(entry.get("key", name)))
    files: dict[str, object] = entry["files"]
    settings, card, model = (
        _catalogue_part(base, files, ending, f"{key}{suffix}")
        for ending, suffix in (
            (".onnx.json", ".onnx.json"),
            ("/MODEL_CARD", ".md"),
            (".onnx", ".onnx"),
        )
    )
    if settings is None or model is None:
        raise VoiceInstallError(f"the catalogue lists no model or settings for {key}")
    return key, [settings, *([card] if card else []), model]


def _catalogue_part(base: str, files: dict[str, object], ending: str, target: str) -> Part | None:
    """The catalogue's file ending in `ending`, with the size and MD5 it must have."""
    path, facts = next(
        ((path, facts) for path, facts in files.items() if path.endswith(ending)), ("", None)
    )
    if not path or not isinstance(facts, dict):
        return None
    size, md5 = facts.get("size_bytes"), facts.get("md5_digest")
    known_size, known_md5 = (
        size if isinstance(size, int) else None,
        md5 if isinstance(md5, str) else None,
    )
    return Part(f"{base}{path}", target, known_size, known_md5)


def _aliases_of(entry: object) -> list[object]:
    aliases = entry.get("aliases") if isinstance(entry, dict) else None
    return aliases if isinstance(aliases, list) else []


def _read_catalogue(url: str) -> dict[str, object]:
    chunks: list[bytes] = []
    with _opened(url, "the Piper voice catalogue") as (stream, _size):
        while chunk := _read(stream, url):
            chunks.append(chunk)
    try:
        catalogue = json.loads(b"".join(chunks))
    except (UnicodeDecodeError, json.JSONDecodeError):
        catalogue = None
    if not isinstance(catalogue, dict):
        raise VoiceInstallError(f"the Piper voice catalogue at {url} is not a voices.json")
    return catalogue


def _near(name: str, names: list[str]) -> str:
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def _checked_name(name: str) -> str:
    if not _NAME.match(name):
        raise VoiceInstallError(f"{name!r} is not a name a voice can be installed under")
    return name


def _refuse_installed(name: str, folder: Path) -> None:
    if (folder / f"{name}.onnx").exists():
        raise VoiceInstallError(f"the Piper voice {name} is already installed; remove it first")
    if any(voice.name == name for voice in installed_voices()):
        raise VoiceInstallError(f"the Piper voice {name} is already installed (from a package)")


def _make_folder(folder: Path) -> list[Path]:
    """Create `folder` and any missing parents; returns those created, deepest first."""
    missing = [path for path in (folder, *folder.parents) if not path.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise VoiceInstallError(f"cannot create {folder}: {error.strerror}") from None
    return missing


def _fetch(part: Part, target: Path, progress: Progress | None) -> None:
    """Copy one part into `target`, checking its size and MD5 when they are known."""
    digest = hashlib.md5(usedforsecurity=False)
    done = 0
    with _opened(part.location, part.target) as (stream, size):
        total = part.size or size
        try:
            with target.open("wb") as out:
                while chunk := _read(stream, part.location):
                    out.write(chunk)
                    digest.update(chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(part.target, done, total)
        except OSError as error:
            raise VoiceInstallError(f"cannot write {part.target}: {error.strerror}") from None
    if total and done != total:
        raise VoiceInstallError(f"{part.target} arrived cut short ({done} of {total} bytes)")
    if part.md5 is not None and digest.hexdigest() != part.md5.lower():
        raise VoiceInstallError(f"{part.target} does not match the catalogue's checksum (MD5)")


@contextmanager
def _opened(location: str, what: str) -> Iterator[tuple[BinaryIO, int]]:
    """`location` open for reading, with its size (0 when the server does not say)."""
    if urlsplit(location).scheme not in ("http", "https"):
        try:
            with Path(location).open("rb") as stream:
                yield stream, os.fstat(stream.fileno()).st_size
        except OSError as error:
            raise VoiceInstallError(f"cannot read {location}: {error.strerror}") from None
        return
    host = urlsplit(location).netloc
    try:
        request = Request(location, headers={"User-Agent": _USER_AGENT})
        response = urlopen(request, timeout=TIMEOUT)
    except HTTPError as error:
        error.close()
        raise VoiceInstallError(
            f"{what} is not at {location} (HTTP {error.code} {error.reason})"
        ) from None
    except (URLError, OSError, HTTPException, ValueError) as error:
        reason = _network_reason(getattr(error, "reason", error))
        raise VoiceInstallError(f"cannot reach {host} for {what} ({reason})") from None
    with response:
        length = response.headers.get("Content-Length", "")
        yield response, int(length) if length.isdigit() else 0


def _network_reason(reason: object) -> str:
    if isinstance(reason, socket.gaierror):
        return "no network, or a wrong address"
    if isinstance(reason, TimeoutError):
        return f"no answer within {TIMEOUT:g} seconds"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return str(reason)


def _read(stream: BinaryIO, location: str) -> bytes:
    try:
        return stream.read(_CHUNK)
    except (OSError, HTTPException) as error:
        raise VoiceInstallError(f"the download of {location} broke off ({error})") from None


def _move_in(staging: Path, folder: Path, targets: list[str]) -> None:
    """Rename each file into the voices folder, the model last; undo all on a failure."""
    moved: list[Path] = []
    try:
        for target in targets:
            (staging / target).replace(folder / target)
            moved.append(folder / target)
    except OSError as error:
        for path in moved:
            path.unlink(missing_ok=True)
        raise VoiceInstallError(f"cannot move the voice into {folder}: {error.strerror}") from None
