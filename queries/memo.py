"""A least-recently-used cache in which identical work asked for at once is done once.

`functools.lru_cache` lets every thread that misses compute the value: twenty sessions opening the
same page on a fresh server would each run the same queries. Here the first caller for a key
computes it while later callers with the same key wait and share its result; callers with other
keys are never held up. An exception is not cached (the next caller tries again). Counts of
`misses` (computations) and `hits` are kept for the benchmarks (bench/load.py).
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import NamedTuple


class CacheInfo(NamedTuple):
    hits: int
    misses: int
    waits: int  # calls that waited for another caller's computation of the same key
    currsize: int


def single_flight(maxsize: int) -> Callable:
    """Decorate a function of hashable positional arguments (see the module docstring)."""

    def decorate(function: Callable) -> Callable:
        results: OrderedDict = OrderedDict()
        computing: dict = {}  # key -> the lock its first caller holds while computing
        guard = threading.Lock()
        counts = {"hits": 0, "misses": 0, "waits": 0}

        def cached(key):
            with guard:
                if key in results:
                    results.move_to_end(key)
                    counts["hits"] += 1
                    return True, results[key]
            return False, None

        @functools.wraps(function)
        def wrapper(*args):
            found, value = cached(args)
            if found:
                return value
            with guard:
                lock = computing.get(args)
                waited = lock is not None
                if lock is None:
                    lock = computing[args] = threading.Lock()
                if waited:
                    counts["waits"] += 1
            with lock:
                found, value = cached(args)
                if found:
                    return value
                try:
                    value = function(*args)
                    with guard:
                        counts["misses"] += 1
                        results[args] = value
                        while len(results) > maxsize:
                            results.popitem(last=False)
                finally:
                    with guard:
                        if computing.get(args) is lock:
                            del computing[args]
                return value

        def cache_clear() -> None:
            with guard:
                results.clear()

        def cache_items() -> list:
            with guard:
                return list(results.items())

        def cache_info() -> CacheInfo:
            with guard:
                return CacheInfo(counts["hits"], counts["misses"], counts["waits"], len(results))

        wrapper.cache_clear, wrapper.cache_info, wrapper.cache_items = cache_clear, cache_info, cache_items
        return wrapper

    return decorate
