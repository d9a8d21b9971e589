"""Parallel parsing gives exactly the output of a serial build, errors included."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

from conftest import PROJECT
from kg.errors import InputError
from kg.pipeline import PARALLEL_FROM, build

CORPUS = PROJECT / "tests" / "corpus"


def test_parallel_and_serial_builds_write_the_same_bytes(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    for copy in ("a", "b"):  # 48 pages: enough to go parallel
        shutil.copytree(CORPUS, pages / copy)
    (pages / "a" / "empty.txt").write_text("")  # fails in a worker: reported the same way
    serial = build([pages], tmp_path / "serial", workers=1)
    parallel = build([pages], tmp_path / "parallel", workers=2)
    assert serial.documents == parallel.documents >= PARALLEL_FROM
    assert [str(e) for e in serial.failures] == [str(e) for e in parallel.failures]
    assert len(serial.failures) == 1 and "empty.txt" in str(serial.failures[0])
    for written in serial.written:
        twin = tmp_path / "parallel" / written.name
        assert written.read_bytes() == twin.read_bytes(), written.name


def test_errors_cross_process_boundaries_whole() -> None:
    error = InputError("not UTF-8", source="a.txt", line=3, hint="save it as UTF-8")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is InputError and str(copy) == str(error) and copy.line == 3
