"""The tags an audiobook file carries: title, album, artist, genre, track."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reader.model import Document

# Metadata labels that name who wrote a review (loaders use these; "Author" is not one:
# in a book export it is the book's author).
_WRITER_LABELS = frozenset({"Reviewer", "Commenter"})
GENRE = "Speech"  # ID3v1 genre 101; players group spoken word under it


@dataclass(frozen=True)
class Tags:
    """What a player shows for a file; empty fields are left out."""

    title: str
    album: str
    artist: str = ""
    track: int = 0  # from 1; 0 for a book that is one file
    tracks: int = 0

    def metadata(self, audiobook: bool) -> dict[str, str]:
        """FFmpeg's metadata keys; `audiobook` marks an M4B so Apple files it as a book."""
        found = {
            "title": self.title,
            "album": self.album,
            "artist": self.artist,
            "album_artist": self.artist,
            "genre": GENRE,
            "track": f"{self.track}/{self.tracks}" if self.track else "",
            "media_type": "2" if audiobook else "",  # MP4 'stik' 2: audiobook
        }
        return {key: value for key, value in found.items() if value}


def book_tags(titles: Sequence[str], writers: Sequence[str], album: str) -> Tags:
    """Tags for a file of one or more reviews: the review's title or 'N reviews', and the
    writer when all of them name the same one."""
    title = titles[0] if len(titles) == 1 else f"{len(titles)} reviews"
    return Tags(title or album, album, _common(writers))


def review_tags(document: Document, album: str, track: int, tracks: int) -> Tags:
    """Tags for the file of one review in a split export."""
    return Tags(document.title or album, album, writer(document), track, tracks)


def writer(document: Document) -> str:
    """Who wrote the review, if its source says; else ''."""
    named = (item.display for item in document.metadata if item.label in _WRITER_LABELS)
    return next(named, "")


def _common(writers: Sequence[str]) -> str:
    distinct = set(writers)
    return distinct.pop() if len(distinct) == 1 else ""
