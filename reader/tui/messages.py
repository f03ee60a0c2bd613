"""Messages that reach the app from other threads: the session's events and loaded files."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from reader.loaders import LoadResult, Problem
from reader.model import Document
from reader.session.events import SessionEvent


@dataclass
class SessionUpdate(Message):
    """Something the session did, for the document it was reading when it happened."""

    event: SessionEvent
    document: Document | None


@dataclass
class ReviewsLoaded(Message):
    """Files finished loading; `opened` says whether to open the first new review, and
    `play` whether to read it hands-free (the queue)."""

    loaded: LoadResult
    opened: bool
    play: bool = False


@dataclass
class ReviewsParsed(Message):
    """Reviews parsed ahead of being opened, by their index in the library."""

    parsed: list[tuple[int, Document | Problem]]
