"""Saved copies of fetched pages, so a queued web review still plays with no network."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from platformdirs import user_cache_path

from reader.storage.locations import APP_NAME
from reader.storage.store import locked, write_atomic
from reader.web.fetch import Page


@dataclass(frozen=True)
class Saved:
    """A page read from the cache, and when it was fetched (for the note to the user)."""

    page: Page
    saved: str


def pages_dir() -> Path:
    """Where pages are kept (`~/.cache/reader/pages` on Linux)."""
    return user_cache_path(APP_NAME, appauthor=False) / "pages"


def _file_for(url: str, folder: Path) -> Path:
    # A hash names the file: URLs hold characters no file system takes, and any length.
    return folder / f"{hashlib.sha256(url.encode()).hexdigest()[:32]}.json"


def save(page: Page, folder: Path | None = None) -> None:
    """Keep `page` for offline reading; raises OSError when the cache cannot be written."""
    folder = folder or pages_dir()
    path = _file_for(page.url, folder)
    record = {
        "url": page.url,
        "media_type": page.media_type,
        "charset": page.charset,
        "saved": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "body": base64.b64encode(page.body).decode("ascii"),
    }
    with locked(folder):  # one lock file for the folder, not one beside every page
        write_atomic(path, json.dumps(record))


def saved(url: str, folder: Path | None = None) -> Saved | None:
    """The saved copy of `url`, or None when there is none that can be read."""
    try:
        record = json.loads(_file_for(url, folder or pages_dir()).read_text(encoding="utf-8"))
        body = base64.b64decode(record["body"], validate=True)
        charset = record.get("charset")
        page = Page(str(record["url"]), str(record["media_type"]), body, charset and str(charset))
        when = str(record["saved"])
    except (OSError, ValueError, KeyError, TypeError, binascii.Error):
        return None
    return Saved(page, when) if page.url == url else None
