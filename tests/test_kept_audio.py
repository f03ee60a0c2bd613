"""Kept audio: renderings by key, the least recently used dropped past a sample limit."""

from __future__ import annotations

import threading

from hypothesis import given
from hypothesis import strategies as st

from reader.speech.kept_audio import KeptAudio


def test_what_is_kept_is_found_by_its_key() -> None:
    kept: KeptAudio[str, bytes] = KeptAudio(limit=100)
    kept.keep("a", b"first", 10)
    assert kept.get("a") == b"first"
    assert kept.get("b") is None
    assert kept.samples == 10


def test_the_least_recently_used_goes_first() -> None:
    kept: KeptAudio[str, str] = KeptAudio(limit=30)
    for key in "abc":
        kept.keep(key, key.upper(), 10)
    assert kept.get("a") == "A"  # now the most recently used
    kept.keep("d", "D", 10)
    assert [kept.get(key) for key in "abcd"] == ["A", None, "C", "D"]
    assert kept.samples == 30


def test_a_rendering_larger_than_the_limit_is_not_kept() -> None:
    kept: KeptAudio[str, str] = KeptAudio(limit=30)
    kept.keep("a", "A", 10)
    kept.keep("huge", "H", 31)
    assert kept.get("huge") is None
    assert kept.get("a") == "A"


def test_keeping_a_key_again_replaces_it() -> None:
    kept: KeptAudio[str, str] = KeptAudio(limit=30)
    kept.keep("a", "old", 20)
    kept.keep("a", "new", 5)
    assert kept.get("a") == "new"
    assert kept.samples == 5


def test_clear_drops_everything() -> None:
    kept: KeptAudio[str, str] = KeptAudio(limit=30)
    kept.keep("a", "A", 10)
    kept.clear()
    assert kept.get("a") is None
    assert kept.samples == 0


@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 40)), max_size=60))
def test_it_never_holds_more_than_its_limit(keeps: list[tuple[int, int]]) -> None:
    """Whatever is kept, the samples held are the sum of what is there and within the
    limit, and the last rendering kept (if it fits) is there."""
    kept: KeptAudio[int, int] = KeptAudio(limit=50)
    for key, samples in keeps:
        kept.keep(key, samples, samples)
        assert kept.samples <= 50
        if samples <= 50:
            assert kept.get(key) == samples
        there = [kept.get(other) for other in range(10)]
        assert sum(size for size in there if size is not None) == kept.samples


def test_threads_keep_and_look_at_once() -> None:
    kept: KeptAudio[int, int] = KeptAudio(limit=1_000)

    def work(offset: int) -> None:
        for number in range(2_000):
            kept.keep(offset + number % 50, number, 7)
            kept.get(offset + (number * 7) % 50)

    threads = [threading.Thread(target=work, args=(offset,)) for offset in (0, 100, 200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    held = [key for key in range(300) if kept.get(key) is not None]
    assert kept.samples == 7 * len(held) <= 1_000


def test_a_lower_limit_drops_the_oldest_at_once() -> None:
    kept: KeptAudio[str, str] = KeptAudio(limit=30)
    for key in "abc":
        kept.keep(key, key.upper(), 10)
    kept.limit = 15
    assert [kept.get(key) for key in "abc"] == [None, None, "C"]
    kept.limit = 0
    assert kept.samples == 0
    kept.keep("d", "D", 1)
    assert kept.get("d") is None
