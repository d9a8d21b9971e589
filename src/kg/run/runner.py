"""The runner: a build's stages hand it their work as keyed units, and it takes each unit
from the cache when an earlier build did it, or has it done (in worker processes when
there are enough), keeps the result, and counts what it reused and what it did again.

A stage says what a unit's result depends on (its key) and how to compute it; it does not
know whether the result came from the cache, this process or another one. Stages that
need no runner take `serially`, which computes every unit here and keeps nothing.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import resource
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.process import BaseProcess
from typing import Any, Protocol, TypeVar

from kg.progress import Progress
from kg.run.cache import BuildCache
from kg.run.executor import WorkerPool, as_done, reported

Result = TypeVar("Result")
Item = TypeVar("Item")


@dataclass(frozen=True)
class Unit:
    """One piece of a stage's work: `function(*args)`."""

    label: str  # what a person calls it: a page's name
    key: str | None  # a digest of everything its result depends on; None: never kept
    args: tuple[object, ...]


@dataclass
class Tally:
    """A stage's units, by label: taken from the cache, or done in this build."""

    reused: list[str] = field(default_factory=list)
    computed: list[str] = field(default_factory=list)


class Each(Protocol):
    """How a stage has its units done: `each(stage, function, units)`, results in order."""

    def __call__(
        self,
        stage: str,
        function: Callable[..., Result],
        units: Sequence[Unit],
        parallel_from: int | None = None,
    ) -> list[Result]: ...


def serially(
    stage: str,
    function: Callable[..., Result],
    units: Sequence[Unit],
    parallel_from: int | None = None,
) -> list[Result]:
    """Every unit computed here, in order, nothing kept: a stage run on its own."""
    return [function(*unit.args) for unit in units]


class Runner:
    """One build's cache, workers, progress and stopwatch, and what each stage reused."""

    def __init__(
        self,
        cache: BuildCache | None = None,
        workers: int | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.cache = cache or BuildCache(None)
        self.workers = workers
        self.progress = progress or Progress()
        self.work: dict[str, Tally] = {}
        self.stopwatch = Stopwatch()
        self.pool: WorkerPool | None = None

    @contextmanager
    def workers_kept(self) -> Iterator[None]:
        """The stages in the block share one set of worker processes, forked when the first
        needs them (the build's first stage, parse, while this process is small) and ended
        after the block; outside it, each stage forks its own."""
        self.pool = WorkerPool(self.workers)
        try:
            yield
        finally:
            self.pool.close()
            self.pool = None

    def each(
        self,
        stage: str,
        function: Callable[..., Result],
        units: Sequence[Unit],
        parallel_from: int | None = None,
    ) -> list[Result]:
        """`function(*unit.args)` for each unit, in order, all at once (see `stream`)."""
        return list(self.stream(stage, function, units, parallel_from))

    def stream(
        self,
        stage: str,
        function: Callable[..., Result],
        units: Sequence[Unit],
        parallel_from: int | None = None,
        prepare: Callable[[], object] | None = None,
    ) -> Iterator[Result]:
        """`function(*unit.args)` for each unit, in order, each given as soon as it is had
        (the next stage may work on it while the workers go on): from the cache under its
        key when there, else computed and kept; in worker processes (after `prepare()` here,
        whose loading the forked workers share) when at least `parallel_from` units are
        left (the workers kept by `workers_kept`, if it is in force)."""
        tally = self.work.setdefault(stage, Tally())
        self.progress.begin(stage, len(units))
        cached = [unit.key is not None and self.cache.has(stage, unit.key) for unit in units]
        calls = [unit.args for unit, hit in zip(units, cached, strict=True) if not hit]
        parallel = parallel_from is not None and len(calls) >= parallel_from
        ticked = partial(self.progress.tick, stage)
        # Results the workers make and the cache keeps come pickled, as it keeps them:
        # pickled once, by the worker (which pickles a result to send it anyway), not again
        # here. (Results made here are kept as they are.)
        pickling = parallel and self.cache.folder is not None
        work: Callable[..., Any] = partial(pickled, function) if pickling else function
        done = as_done(
            work, calls, self.workers, parallel, f"in the {stage} stage", prepare, ticked,
            self.pool,
        )  # fmt: skip
        try:
            for unit, hit in zip(units, cached, strict=True):
                result = self.cache.get(stage, unit.key) if hit and unit.key else None
                if result is not None:
                    tally.reused.append(unit.label)
                    self.progress.tick(stage, reused=True)
                    yield result
                    continue
                # not kept, or its entry damaged since it was looked for: done here
                made = next(done) if not hit else reported(work(*unit.args), ticked)
                if pickling:
                    if unit.key:
                        self.cache.keep_pickled(stage, unit.key, made)
                    made = pickle.loads(made)
                elif unit.key:
                    self.cache.keep(stage, unit.key, made)
                tally.computed.append(unit.label)
                yield made
        finally:
            done.close()
        self.progress.end(stage)

    def one(
        self, stage: str, label: str, key: str | None, function: Callable[..., Result], *args: Any
    ) -> Result:
        """A stage of a single unit."""
        return self.each(stage, function, [Unit(label, key, args)])[0]

    def recall(self, kind: str, key: str) -> Any | None:
        """What an earlier build kept under `key` (what a stage learnt, the files it left)."""
        return self.cache.get(kind, key)

    def remember(self, kind: str, key: str, value: Any) -> None:
        self.cache.keep(kind, key, value)

    def reused(self, stage: str, label: str) -> None:
        """A stage of one unit, found done by its caller (who checked more than a key)."""
        self.count(stage, reused=[label], computed=())
        self.progress.begin(stage, 1)
        self.progress.tick(stage, reused=True)
        self.progress.end(stage)

    def done_elsewhere(self, stage: str, reused: Sequence[str], computed: Sequence[str]) -> None:
        """Units a stage had done out of the runner's hands (the file writers, which copy
        what they can from the last build's files): counted, and told as the others."""
        self.count(stage, reused, computed)
        self.progress.begin(stage, len(reused) + len(computed))
        for done in (True,) * len(reused) + (False,) * len(computed):
            self.progress.tick(stage, reused=done)
        self.progress.end(stage)

    def count(self, stage: str, reused: Sequence[str], computed: Sequence[str]) -> None:
        """For a stage that knows its own reuse (the resolver, which learns mention by
        mention): what it took from what it knew, and what it worked out anew."""
        tally = self.work.setdefault(stage, Tally())
        tally.reused.extend(reused)
        tally.computed.extend(computed)

    def finish(self) -> None:
        """The cache keeps what this build used, nothing else."""
        self.cache.prune()


def pickled(function: Callable[..., object], *args: object) -> bytes:
    """`function(*args)`'s result, pickled as the cache keeps it."""
    return pickle.dumps(function(*args), pickle.HIGHEST_PROTOCOL)


@dataclass(frozen=True)
class StageTime:
    wall: float
    cpu: float  # this process and its children


class Stopwatch:
    """Wall and CPU seconds of named stages: `with stopwatch("parse"): …`. A stage timed
    within another (validation done while the files are written) is its own, and not the
    other's: the stages' seconds add up to the build's. A stage timed in parts is their sum.
    CPU seconds are those of the build's processes while the stage's clock runs: workers
    parsing the next pages while this process resolves the last count to the resolve stage."""

    def __init__(self) -> None:
        self.stages: dict[str, StageTime] = {}
        self.within: list[list[float]] = []  # of each stage being timed: its inner stages'

    def timed(self, items: Iterator[Item], stage: str) -> Iterator[Item]:
        """The items, the time spent getting each (and the end) counted to `stage`."""
        while True:
            with self(stage):
                item = next(items, None)
            if item is None:
                return
            yield item

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), cpu_seconds()
        inner = [0.0, 0.0]
        self.within.append(inner)
        try:
            yield
        finally:
            self.within.pop()
            spent = time.perf_counter() - wall, cpu_seconds() - cpu
            before = self.stages.get(stage, StageTime(0.0, 0.0))  # a stage timed in parts
            self.stages[stage] = StageTime(
                before.wall + spent[0] - inner[0], before.cpu + spent[1] - inner[1]
            )
            if self.within:
                self.within[-1][0] += spent[0]
                self.within[-1][1] += spent[1]


def cpu_seconds() -> float:
    """This process's CPU seconds and its children's: those ended, and those still at work
    (workers kept from one stage to the next end after both: their seconds are counted
    to the stages they worked in, not to the moment they end)."""
    # The live ones first: listing them reaps those that have ended, which the ended
    # children's seconds, read after, then count.
    live = sum(map(live_cpu_seconds, multiprocessing.active_children()))
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return live + own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def live_cpu_seconds(child: BaseProcess) -> float:
    """A child process's CPU seconds so far (0 if it has just ended: it is counted in the
    ended children's then)."""
    try:
        with open(f"/proc/{child.pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
