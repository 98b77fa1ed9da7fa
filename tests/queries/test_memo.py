"""The single-flight cache (queries/memo.py): identical work asked for at once is done once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from queries.memo import single_flight


def test_callers_of_one_key_at_once_share_one_computation():
    started, release, calls = threading.Event(), threading.Event(), []

    @single_flight(maxsize=4)
    def slow(key):
        calls.append(key)
        started.set()
        assert release.wait(10)
        return object()

    with ThreadPoolExecutor(8) as pool:
        first = pool.submit(slow, "a")
        assert started.wait(10)
        others = [pool.submit(slow, "a") for _ in range(7)]
        while slow.cache_info().waits < 7:  # all seven are waiting on the first computation
            threading.Event().wait(0.01)
        release.set()
        results = [first.result(10)] + [other.result(10) for other in others]
    assert calls == ["a"]
    assert all(result is results[0] for result in results)
    info = slow.cache_info()
    assert (info.misses, info.waits, info.hits, info.currsize) == (1, 7, 7, 1)


def test_a_computation_never_holds_up_another_key():
    b_done = threading.Event()

    @single_flight(maxsize=4)
    def work(key):
        if key == "a":  # "a" finishes only once "b" has: were "b" queued behind "a", this would time out
            assert b_done.wait(10)
        else:
            b_done.set()
        return key

    with ThreadPoolExecutor(2) as pool:
        a = pool.submit(work, "a")
        b = pool.submit(work, "b")
        assert (a.result(15), b.result(15)) == ("a", "b")


def test_an_exception_is_not_cached_and_the_oldest_result_is_dropped_first():
    attempts = []

    @single_flight(maxsize=2)
    def flaky(key):
        attempts.append(key)
        if attempts.count(key) == 1 and key == "x":
            raise RuntimeError("first try fails")
        return key.upper()

    with pytest.raises(RuntimeError, match="first try fails"):
        flaky("x")
    assert flaky("x") == "X" and attempts == ["x", "x"]
    flaky("y")
    flaky("z")  # maxsize 2: "x" is dropped
    flaky("x")
    assert attempts == ["x", "x", "y", "z", "x"]
    flaky.cache_clear()
    assert flaky.cache_info().currsize == 0
