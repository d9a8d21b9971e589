"""Parallel parsing gives exactly the output of a serial build, errors included."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import PROJECT
from kg import mapping, pipeline
from kg.errors import InputError
from kg.model import ParsedDocument, SourceDocument
from kg.parse.languages import whole_model
from kg.pipeline import PARALLEL_FROM, build

CORPUS = PROJECT / "tests" / "corpus"


def test_parallel_and_serial_builds_write_the_same_bytes(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    for copy in ("a", "b"):  # 48 pages: enough to go parallel
        shutil.copytree(CORPUS, pages / copy)
    (pages / "a" / "empty.txt").write_text("")  # fails in a worker: reported the same way
    serial = build([pages], tmp_path / "serial", workers=1)
    whole_model.cache_clear()
    parallel = build([pages], tmp_path / "parallel", workers=2)
    assert whole_model.cache_info().currsize == 1  # read here, once, for all the workers
    assert serial.documents == parallel.documents >= PARALLEL_FROM
    assert [str(e) for e in serial.failures] == [str(e) for e in parallel.failures]
    assert len(serial.failures) == 1 and "empty.txt" in str(serial.failures[0])
    for written in serial.written:
        twin = tmp_path / "parallel" / written.name
        assert written.read_bytes() == twin.read_bytes(), written.name


PIDS = "KG_TEST_PIDS"  # where the recording stages below note their processes


def noting_pid(stage: str) -> None:
    with open(os.environ[PIDS], "a", encoding="utf-8") as notes:
        notes.write(f"{stage} {os.getpid()}\n")


real_parse = pipeline.parse_document
real_map = mapping.source_graph


def parse_noted(document: SourceDocument, *context: Any) -> ParsedDocument:
    noting_pid("parse")
    return real_parse(document, *context)


def map_noted(base: str, claims: mapping.SourceClaims) -> list[str]:
    noting_pid("map")
    return real_map(base, claims)


def test_parse_and_map_share_workers_forked_once_and_map_the_same_graphs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sources are mapped in the workers that parsed the pages (forked once, while
    the build was small), and the graphs are those mapped in one process."""
    pages = tmp_path / "pages"
    for copy in ("a", "b"):
        shutil.copytree(CORPUS, pages / copy)
    serial = build([pages], tmp_path / "serial", workers=1)
    notes = tmp_path / "pids"
    monkeypatch.setenv(PIDS, str(notes))
    monkeypatch.setattr(mapping, "PARALLEL_FROM", 2)
    monkeypatch.setattr(pipeline, "parse_document", parse_noted)
    monkeypatch.setattr(mapping, "source_graph", map_noted)
    parallel = build([pages], tmp_path / "parallel", workers=2, cache=None)
    seen: dict[str, set[int]] = {"parse": set(), "map": set()}
    for line in notes.read_text().splitlines():
        stage, pid = line.split()
        seen[stage].add(int(pid))
    assert os.getpid() not in seen["parse"] | seen["map"]
    assert len(seen["parse"]) == 2 and seen["map"] <= seen["parse"] and seen["map"]
    assert parallel.triple_count == serial.triple_count
    for written in serial.written:
        assert written.read_bytes() == (tmp_path / "parallel" / written.name).read_bytes()


def test_errors_cross_process_boundaries_whole() -> None:
    error = InputError("not UTF-8", source="a.txt", line=3, hint="save it as UTF-8")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is InputError and str(copy) == str(error) and copy.line == 3


def test_an_unexpected_failure_is_reported_against_its_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in the parser (simulated: no real page triggers one we know of) costs one
    page, named, not the build."""
    real = pipeline.parse_document

    def buggy(document: SourceDocument, *context: Any) -> ParsedDocument:
        if document.name.endswith("07-run-on.txt"):
            raise ZeroDivisionError("division by zero")
        return real(document, *context)

    monkeypatch.setattr(pipeline, "parse_document", buggy)
    result = build([CORPUS], tmp_path / "out", workers=1)
    [failure] = result.failures
    assert failure.source == "07-run-on.txt" and "ZeroDivisionError" in str(failure)
    assert result.documents == len(list(CORPUS.iterdir())) - 1


def test_a_worker_that_dies_does_not_lose_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A parsing process killed (out of memory, a crash in a C library) breaks the pool;
    the pages are then parsed in the main process, and the output is the same."""
    pages = tmp_path / "pages"
    for copy in ("a", "b"):
        shutil.copytree(CORPUS, pages / copy)
    main_process = os.getpid()
    real = pipeline.parse_document

    def dying(document: SourceDocument, *context: Any) -> ParsedDocument:
        if os.getpid() != main_process:
            os._exit(9)  # a worker killed mid-page
        return real(document, *context)

    serial = build([pages], tmp_path / "serial", workers=1)
    monkeypatch.setattr(pipeline, "parse_document", dying)
    survived = build([pages], tmp_path / "survived", workers=2)
    assert survived.documents == serial.documents and not survived.failures
    for written in serial.written:
        assert written.read_bytes() == (tmp_path / "survived" / written.name).read_bytes()


@pytest.mark.parametrize("workers", [1, 2])
def test_tasks_after_ready_start_once_meanwhile_is_done_and_see_what_it_made(
    tmp_path: Path, workers: int
) -> None:
    """The files that tell of the validation are made after it, in children forked once it
    is done; the others may be made while it runs. Each task leaves a file saying what it
    saw of the value `meanwhile` sets."""
    from kg.run.executor import forked

    made: dict[str, str] = {}

    def task(name: str) -> None:
        (tmp_path / name).write_text(made.get("report", "none"))

    def meanwhile() -> None:
        made["report"] = "validated"

    forked([lambda n=n: task(n) for n in ("a", "b", "c", "d")], workers, "testing", meanwhile, 2)
    seen = {name: (tmp_path / name).read_text() for name in "abcd"}
    assert seen["c"] == seen["d"] == "validated"  # started after it
    if workers == 1:
        assert seen["a"] == seen["b"] == "none"  # made first, one after the other
    assert made == {"report": "validated"}  # done here, in this process


def test_a_failure_meanwhile_ends_the_tasks_and_is_raised(tmp_path: Path) -> None:
    from kg.run.executor import forked

    def meanwhile() -> None:
        raise ValueError("the shapes cannot be read")

    def later() -> None:
        (tmp_path / "later").write_text("made")

    with pytest.raises(ValueError, match="shapes"):
        forked([lambda: None, later], 2, "testing", meanwhile, 1)
    assert not (tmp_path / "later").exists()  # never started


def test_a_stage_timed_within_another_is_not_counted_twice() -> None:
    import time

    from kg.run.runner import Stopwatch

    stopwatch = Stopwatch()
    with stopwatch("serialize"):
        time.sleep(0.05)
        with stopwatch("validate"):
            time.sleep(0.1)
    with stopwatch("validate"):  # a stage timed in parts: their sum
        time.sleep(0.05)
    serialize, validate = stopwatch.stages["serialize"], stopwatch.stages["validate"]
    # counted in serialize too, its wall would be 0.15 s or more; replaced, validate's 0.05 s
    assert 0.05 <= serialize.wall < 0.15 and 0.15 <= validate.wall < 0.4


def test_a_stage_s_units_are_given_as_they_are_had_for_the_next_stage_to_work_on(
    tmp_path: Path,
) -> None:
    """The record is assembled from pages as they come: the runner gives each unit's result
    before the next is computed (here, in this process), kept ones from the cache."""
    from kg.run.cache import BuildCache
    from kg.run.runner import Runner, Unit

    computed: list[int] = []

    def square(number: int) -> int:
        computed.append(number)
        return number * number

    runner = Runner(BuildCache(tmp_path / "cache"), workers=1)
    units = [Unit(str(n), f"key-{n}", (n,)) for n in range(4)]
    given = runner.stream("square", square, units)
    assert next(given) == 0 and computed == [0]  # the rest not yet computed
    assert list(given) == [1, 4, 9] and computed == [0, 1, 2, 3]
    again = Runner(BuildCache(tmp_path / "cache"), workers=1)
    (tmp_path / "cache" / "square" / "key-2").write_bytes(b"damaged")
    assert again.each("square", square, units) == [0, 1, 4, 9]
    assert computed == [0, 1, 2, 3, 2]  # only the damaged entry done again
    assert again.work["square"].reused == ["0", "1", "3"]


def square(number: int) -> int:
    return number * number


def test_a_kept_worker_that_died_between_stages_costs_the_next_stage_its_workers_only(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Kept workers (parse's, for map) that one of dies while idle: the next stage is done
    in this process, whole and in order, and said; the stage after forks new workers."""
    import multiprocessing
    import signal
    import time

    from kg.run.executor import WorkerPool, as_done

    calls = [(n,) for n in range(40)]
    squares = [n * n for n in range(40)]
    pool = WorkerPool(2)
    try:
        assert list(as_done(square, calls, 2, True, "parsing", pool=pool)) == squares
        workers = [child.pid for child in multiprocessing.active_children()]
        assert len(workers) == 2 and all(workers)
        os.kill(workers[0] or 0, signal.SIGKILL)
        time.sleep(1)  # the pool finds it broken
        assert list(as_done(square, calls, 2, True, "mapping", pool=pool)) == squares
        assert "mapping is done in this process" in caplog.text
        assert pool.executor is None  # let go: the next stage forks new workers
        assert list(as_done(square, calls, 2, True, "writing", pool=pool)) == squares
        assert pool.executor is not None
    finally:
        pool.close()


def burn_a_second() -> None:
    import time

    started = time.process_time()
    while time.process_time() - started < 1.0:
        pass


def test_a_child_that_ends_during_a_stage_counts_its_seconds_there_once() -> None:
    """A child's CPU seconds go to the stages its work spans: those before it ended to
    the stages they fell in, the rest to the stage it ended in (not lost when it ends
    unjoined, not counted twice when it is joined)."""
    import multiprocessing
    import time

    from kg.run.runner import Stopwatch

    stopwatch = Stopwatch()
    child = multiprocessing.get_context("fork").Process(target=burn_a_second)
    with stopwatch("before"):
        child.start()
        time.sleep(0.4)
    with stopwatch("during"):  # it ends here, and is joined only after
        for _ in range(200):
            stat = Path(f"/proc/{child.pid}/stat").read_text()
            if stat.rsplit(")", 1)[1].split()[0] == "Z":  # ended, not yet joined
                break
            time.sleep(0.05)
    with stopwatch("after"):
        child.join()
    stages = stopwatch.stages
    assert stages["before"].cpu > 0.02 and stages["during"].cpu > 0.02  # counted live
    assert 0.95 < stages["before"].cpu + stages["during"].cpu < 1.3  # not lost as it ended
    assert stages["after"].cpu < 0.05  # nor counted again when it was joined
