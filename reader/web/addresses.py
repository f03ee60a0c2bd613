"""Telling web addresses from file paths, and naming either the one way the queue does."""

from pathlib import Path

_SCHEMES = ("http://", "https://")


def is_url(given: str) -> bool:
    """Whether a command-line argument names a web page rather than a file."""
    return given[:8].lower().startswith(_SCHEMES)


def located(given: str) -> str:
    """A file's absolute path (so a place is found from any folder), or the URL as given."""
    return given if is_url(given) else str(Path(given).resolve())


def still_there(given: str) -> bool:
    """Whether a queued entry can be read: a file that exists, or any URL (a saved copy
    stands in when the network is gone)."""
    return is_url(given) or Path(given).is_file()
