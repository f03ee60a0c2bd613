"""Reading documents through from start to end without a listener at the keys: `reader say`.
Each review is read, then its end is marked as the cues say (a sound, words, both or
nothing), so a run of several reviews sounds as the reading room does; export says the
same (reader.session.offline.through) without a session."""

from __future__ import annotations

from reader.model import Document
from reader.plan.cues import Cue
from reader.session.session import Session

_SLICE = 0.05  # seconds: waits are short, so Ctrl-C reaches the main thread at once


def read_through(session: Session, document: Document) -> None:
    """Read `document` from its start to its end, then its end cue; blocks until heard."""
    session.open(document)
    session.play(ending=(Cue.END_OF_REVIEW,))
    while not session.wait(_SLICE):
        pass
