"""Time from a key press in the reading room to the first PCM of its spoken confirmation.

In process: `ReaderApp` over a `Session` with the real eSpeak engine and a sink that notes
`time.perf_counter()` at its first `_write` after being armed, driven by Textual's pilot
(`app.run_test(size=(100, 30))`) on the seed review. For each key (`KEYS`), `ROUNDS`
times after one warm-up round: arm the sink, note the time, `await pilot.press(key)`, and
wait (yielding to the event loop) for the first PCM; then let speech end before the next
key. A key whose effect would pile up (sections, pace, spoilers) is undone by an untimed
key first, so every round says the same kind of thing. Reported per key, in ms:

- `key_to_first_pcm`: the latency a listener hears;
- `key_to_announce`: from the press to the app calling `Session.announce` (the pilot's
  dispatch, the app's key handling and screen updates);
- `announce_to_first_pcm`: from there to the first PCM (the session's part, in the app);
- `press_returns`: how long `await pilot.press` took. The pilot waits for the app to go
  idle (at least two 20 ms sleeps), so the first PCM usually arrives before it returns.

Pilot overhead, same run: `pilot_press_unbound` times `await pilot.press("z")`, a key with
no binding. Baseline, same run: the same session before the app starts, calling
`session.announce(BASELINE_TEXT)` directly (what "h" says here), to the first PCM.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Sequence
from typing import Any

from common import SEED_REVIEW, print_report, summary_ms

from reader.plan.cues import Cue
from reader.session.session import Session
from reader.speech.espeak import EspeakEngine
from reader.speech.profiles import find_profile
from reader.speech.sinks import Sink
from reader.tui.app import ReaderApp

ROUNDS = 10
BASELINE_REPEATS = 20
SIZE = (100, 30)
BASELINE_TEXT = "Section 2 of 4, Synopsis, 47 words"
# Each timed key, and the untimed key that undoes it first (None: nothing to undo).
KEYS: dict[str, str | None] = {
    "h": "1",  # next section; "1" goes back to section 1 first
    "right_square_bracket": "left_square_bracket",  # faster; slower first
    "w": None,  # where am I
    "x": "x",  # spoiler skipping; toggled off first, so each timed press turns it on
    "r": None,  # the rating
}
UNBOUND = "z"
TIMEOUT_S = 10.0


class FirstPcmSink(Sink):
    """Keeps no audio; notes when the first PCM arrived after `arm`."""

    def __init__(self) -> None:
        super().__init__()
        self._written = threading.Event()
        self._written.set()  # disarmed: writes before the first `arm` are not timed
        self.at = 0.0

    def arm(self) -> None:
        """Time the next write."""
        self._written.clear()

    def _write(self, pcm: bytes) -> None:
        if not self._written.is_set():
            self.at = time.perf_counter()
            self._written.set()

    def arrived(self) -> bool:
        """Whether PCM arrived since `arm`."""
        return self._written.is_set()

    def wait(self, timeout: float) -> bool:
        """Block until PCM arrives; False on timeout."""
        return self._written.wait(timeout)


class TimedSession(Session):
    """A session that notes when `announce` was last called."""

    announced_at = 0.0

    def announce(self, *texts: str, cues: Sequence[Cue] = ()) -> None:
        self.announced_at = time.perf_counter()
        super().announce(*texts, cues=cues)


def _baseline(session: TimedSession, sink: FirstPcmSink) -> list[float]:
    """Seconds from `announce` to the first PCM, no app, after a warm-up."""
    seconds: list[float] = []
    for run in range(BASELINE_REPEATS + 1):
        session.wait()
        sink.arm()
        start = time.perf_counter()
        session.announce(BASELINE_TEXT)
        if not sink.wait(TIMEOUT_S):
            raise RuntimeError("no PCM reached the sink within 10 s")
        if run:
            seconds.append(sink.at - start)
    session.wait()
    return seconds


def _busy(app: ReaderApp) -> bool:
    """Whether a file is still loading (or titles still being found)."""
    return any(worker.is_running for worker in app.workers)


async def _drive(app: ReaderApp, session: TimedSession, sink: FirstPcmSink) -> dict[str, Any]:
    """Load the review, then press every key `ROUNDS` times (after one warm-up round)."""
    first: dict[str, list[float]] = {key: [] for key in KEYS}
    to_announce: dict[str, list[float]] = {key: [] for key in KEYS}
    after_announce: dict[str, list[float]] = {key: [] for key in KEYS}
    press: dict[str, list[float]] = {key: [] for key in (*KEYS, UNBOUND)}
    said: dict[str, str] = {}
    async with app.run_test(size=SIZE) as pilot:

        async def settle() -> None:
            """Until nothing is loading or speaking, and the screen has caught up."""
            deadline = time.perf_counter() + TIMEOUT_S
            reading = app.reading_screen.reading
            while _busy(app) or reading.document is None or not session.wait(0):
                if time.perf_counter() > deadline:
                    raise RuntimeError("the app did not settle within 10 s")
                await pilot.pause(0.01)
            await pilot.pause()

        async def first_pcm() -> None:
            deadline = time.perf_counter() + TIMEOUT_S
            while not sink.arrived():
                if time.perf_counter() > deadline:
                    raise RuntimeError("no PCM reached the sink within 10 s")
                await asyncio.sleep(0.001)

        await settle()
        for run in range(ROUNDS + 1):
            for key, undo in KEYS.items():
                if undo is not None:
                    await pilot.press(undo)
                    await settle()
                session.announced_at = 0.0
                sink.arm()
                start = time.perf_counter()
                await pilot.press(key)
                returned = time.perf_counter()
                await first_pcm()
                said[key] = app.reading_screen.said
                if run:
                    first[key].append(sink.at - start)
                    to_announce[key].append(session.announced_at - start)
                    after_announce[key].append(sink.at - session.announced_at)
                    press[key].append(returned - start)
                await settle()
            start = time.perf_counter()
            await pilot.press(UNBOUND)
            if run:
                press[UNBOUND].append(time.perf_counter() - start)
            await settle()
        await pilot.press("q")
    return {
        "keys": {
            key: {
                "said": said[key],
                "key_to_first_pcm": summary_ms(first[key]),
                "key_to_announce": summary_ms(to_announce[key]),
                "announce_to_first_pcm": summary_ms(after_announce[key]),
                "press_returns": summary_ms(press[key]),
            }
            for key in KEYS
        },
        "pilot_press_unbound": summary_ms(press[UNBOUND]),
    }


def main() -> None:
    """Measure the baseline, then the keys in the app; print the report."""
    sink = FirstPcmSink()
    session = TimedSession(EspeakEngine(), sink, find_profile("default"), skip_spoilers=True)
    baseline = _baseline(session, sink)
    app = ReaderApp(session, [str(SEED_REVIEW)])
    found = asyncio.run(_drive(app, session, sink))
    print_report(
        {
            "rounds": ROUNDS,
            "review": SEED_REVIEW.name,
            "terminal_size": list(SIZE),
            **found,
            "baseline": {
                "description": (
                    "the same session with no app: session.announce(text) called directly, "
                    f"to the first PCM ({BASELINE_REPEATS} after a warm-up)"
                ),
                "text": BASELINE_TEXT,
                "announce_to_first_pcm": summary_ms(baseline),
            },
        }
    )


if __name__ == "__main__":
    main()
