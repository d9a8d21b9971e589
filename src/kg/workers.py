"""Independent pieces of work spread over worker processes, one per usable core."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

log = logging.getLogger(__name__)

Result = TypeVar("Result")


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) or 1


def in_workers(
    function: Callable[..., Result],
    calls: Sequence[tuple[object, ...]],
    workers: int | None,
    parallel: bool,
    what: str,
) -> list[Result]:
    """`function(*call)` for each call, in order; in `workers` processes (one per usable
    core by default) when `parallel` says the work outweighs starting them. A pool that
    breaks (a worker killed, out of memory) falls back to doing the work here."""
    workers = workers or usable_cores()
    if workers == 1 or len(calls) < 2 or not parallel:
        return [function(*call) for call in calls]
    pool = ProcessPoolExecutor(min(workers, len(calls)))
    try:
        chunk = max(1, len(calls) // (workers * 8))
        return list(pool.map(function, *zip(*calls, strict=True), chunksize=chunk))
    except BrokenProcessPool:
        log.warning("a worker process died while %s; doing it in this process instead", what)
        return [function(*call) for call in calls]
    finally:
        pool.shutdown(cancel_futures=True)  # on Ctrl-C too: no work started after it
