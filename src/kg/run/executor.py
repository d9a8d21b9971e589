"""Independent pieces of work spread over worker processes, one per usable core."""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import TypeVar

log = logging.getLogger(__name__)

Result = TypeVar("Result")


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) or 1


class WorkerPool:
    """Worker processes shared by the stages that need them: forked when the first does
    (a build's first parallel stage is parse, while the build is small: a worker forked
    from a large process copies every page of it that the process writes to after), ended
    by `close`, or when one dies (the next stage that needs them forks new ones)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or usable_cores()
        self.executor: ProcessPoolExecutor | None = None

    def started(self, prepare: Callable[[], object] | None) -> ProcessPoolExecutor:
        """The workers, forked now (after `prepare()`) unless they already are."""
        if self.executor is None:
            if prepare:
                prepare()
            fork = multiprocessing.get_context("fork")  # what `prepare` loaded is shared
            self.executor = ProcessPoolExecutor(self.workers, mp_context=fork)
        return self.executor

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(cancel_futures=True)  # on Ctrl-C too: no work started after
            self.executor = None


def as_done(
    function: Callable[..., Result],
    calls: Sequence[tuple[object, ...]],
    workers: int | None,
    parallel: bool,
    what: str,
    prepare: Callable[[], object] | None = None,
    each_done: Callable[[], object] = lambda: None,
    pool: WorkerPool | None = None,
) -> Generator[Result, None, None]:
    """`function(*call)` for each call, in order, each given as soon as it and those before
    it are done (the caller works on it while the workers go on); in `workers` processes
    (one per usable core by default; those of `pool` when given, else started for these
    calls alone) when `parallel` says the work outweighs starting them, after `prepare()`
    here (what it loads, the forked workers share). `function` and the calls are pickled to
    the workers. `each_done()` is called as each result arrives (for progress). A pool that
    breaks (a worker killed, out of memory), now or since an earlier stage used it, falls
    back to doing the rest of the work here. Closing the generator cancels the work not
    started."""
    workers = workers or usable_cores()
    if workers == 1 or len(calls) < 2 or not parallel:
        return (reported(function(*call), each_done) for call in calls)
    own = pool is None
    pool = WorkerPool(min(workers, len(calls))) if pool is None else pool
    try:
        chunk = max(1, len(calls) // (pool.workers * 8))
        executor = pool.started(prepare)
        results = executor.map(function, *zip(*calls, strict=True), chunksize=chunk)
    except BrokenProcessPool:  # a kept worker died after the last stage's work
        log.warning("a worker process had died; %s is done in this process instead", what)
        pool.close()
        return (reported(function(*call), each_done) for call in calls)
    except BaseException:
        if own:
            pool.close()
        raise
    return pooled(pool, own, results, function, calls, what, each_done)


def pooled(
    pool: WorkerPool,
    own: bool,
    results: Iterator[Result],
    function: Callable[..., Result],
    calls: Sequence[tuple[object, ...]],
    what: str,
    each_done: Callable[[], object],
) -> Generator[Result, None, None]:
    given = 0
    try:
        for result in results:
            yield reported(result, each_done)
            given += 1
    except BrokenProcessPool:
        log.warning("a worker process died while %s; doing it in this process instead", what)
        pool.close()  # broken: a later stage starts new workers
        for call in calls[given:]:
            yield reported(function(*call), each_done)
    finally:
        if own:
            pool.close()
        else:  # the work not started is cancelled; the workers stay for the next stage
            getattr(results, "close", lambda: None)()


def reported(result: Result, each_done: Callable[[], object]) -> Result:
    each_done()
    return result


def forked(
    tasks: Sequence[Callable[[], None]],
    workers: int | None,
    what: str,
    meanwhile: Callable[[], None] | None = None,
    ready: int | None = None,
) -> None:
    """Each task run in a child process forked from this one, at most `workers` (one per
    usable core by default) at a time: a child sees this process's memory as it is, so the
    tasks may be closures over a large record and nothing is copied or pickled. Their
    effects (files written) are theirs to leave. After all have ended, the first task's
    failure, in task order, is raised here; the task of a child that died without a word
    (killed, for lack of memory most often) is done again here, which takes less memory.

    `meanwhile` is done here while the first `ready` tasks (all by default) start in one
    worker fewer; the tasks after them start once it is done (they may read what it made)."""
    workers = workers or usable_cores()
    ready = len(tasks) if ready is None else ready
    if workers == 1 or len(tasks) < 2:
        for number, task in enumerate(tasks):
            if number == ready and meanwhile is not None:
                meanwhile()
                meanwhile = None
            task()
        if meanwhile is not None:
            meanwhile()
        return
    context = multiprocessing.get_context("fork")
    running: dict[int, tuple[int, BaseProcess, Connection]] = {}  # by sentinel
    failures: dict[int, BaseException] = {}
    died: dict[int, int | None] = {}  # task: the exit code of its child
    waiting = list(enumerate(tasks))
    try:
        while waiting or running or meanwhile:
            room = workers - 1 if meanwhile else workers  # this process is busy meanwhile
            while waiting and len(running) < room and (not meanwhile or waiting[0][0] < ready):
                number, task = waiting.pop(0)
                receiver, sender = context.Pipe(duplex=False)
                child = context.Process(target=reporting_failure, args=(task, sender))
                child.start()
                sender.close()
                running[child.sentinel] = (number, child, receiver)
            if meanwhile:
                meanwhile()
                meanwhile = None
                continue
            for sentinel in wait(list(running)):
                assert isinstance(sentinel, int)
                collect(*running.pop(sentinel), failures, died)
    finally:
        for _, left, _ in running.values():  # interrupted: no child outlives the build
            left.terminate()
            left.join()
    if failures:
        raise failures[min(failures)]
    for number, code in sorted(died.items()):
        log.warning(
            "a worker process ended with code %s (killed? out of memory?) while %s; "
            "doing its part in this process instead", code, what,
        )  # fmt: skip
        tasks[number]()


def reporting_failure(task: Callable[[], None], sender: Connection) -> None:
    """In the child: the task, and its exception (if any) sent to the parent."""
    try:
        task()
    except BaseException as err:  # the parent re-raises it
        try:
            sender.send_bytes(pickle.dumps(err))
        except Exception:  # an exception that cannot be pickled: its text
            sender.send_bytes(pickle.dumps(RuntimeError(f"{type(err).__name__}: {err}")))
        raise SystemExit(1) from None


def collect(
    number: int,
    child: BaseProcess,
    receiver: Connection,
    failures: dict[int, BaseException],
    died: dict[int, int | None],
) -> None:
    """An ended child: its failure noted, or that it died without saying why."""
    try:
        failures[number] = pickle.loads(receiver.recv_bytes())
    except EOFError:  # it sent nothing
        child.join()
        if child.exitcode != 0:
            died[number] = child.exitcode
    receiver.close()
    child.join()
