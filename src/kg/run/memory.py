"""The garbage collector through a build: a large record is millions of objects that live
to its end, and a collector's pass scans every object it tracks."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """While the record is assembled, it only grows (and the pages read from the cache with
    it): each of the garbage collector's passes would scan the millions of objects it has
    made so far, for cycles it makes few of (unpickling 10,000 cached pages took 2.7
    times as long with it). Resumed after: what the record does not keep is freed by
    reference counts as it goes."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@contextmanager
def collector_spares_what_exists() -> Iterator[None]:
    """The record lives to the end of the build: spare the garbage collector rescanning its
    millions of objects while mapping and writing allocate millions more (a quarter of
    their time at 10k pages). Unfrozen after, so that a later collection can free them."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
