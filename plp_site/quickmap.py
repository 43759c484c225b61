"""Map a function over many small items: in one thread while they are quick, on threads once they wait on the disk.

A build with nothing to do looks at every student's folder and published site. With the files in the system's
cache each look takes a tenth of a millisecond of Python, and threads would only take turns at the GIL; right after
a reboot (or on a network share) each look waits on the disk, and threads wait side by side. So the items are done
in order in the calling thread, and once they turn out slow on average the rest go to a pool of threads.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent import futures
from typing import TypeVar

__all__ = ["quick_map"]

T = TypeVar("T")
R = TypeVar("R")

SLOW_SECONDS = 0.0005
"""An item slower than this on average (after the first `PROBE` items) sends the rest to threads."""
PROBE = 16


def quick_map(function: Callable[[T], R], items: Sequence[T], *, threads: int) -> list[R]:
    """`function` of each item, in the items' order."""
    results: list[R] = []
    start = time.perf_counter()
    for index, item in enumerate(items):
        results.append(function(item))
        done = index + 1
        if threads > 1 and done >= PROBE and done < len(items) and time.perf_counter() - start > SLOW_SECONDS * done:
            with futures.ThreadPoolExecutor(max_workers=threads) as pool:
                results.extend(pool.map(function, items[done:]))
            break
    return results
