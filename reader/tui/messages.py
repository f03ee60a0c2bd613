"""Messages between threads and widgets: the session's events, and words to say."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from reader.model import Document
from reader.session.events import SessionEvent


@dataclass
class SessionUpdate(Message):
    """Something the session did, for the document it was reading when it happened."""

    event: SessionEvent
    document: Document | None


@dataclass
class Spoken(Message):
    """A widget asks for words to be said: where focus went, an option moved to."""

    text: str
