"""The fuzz and fault suite at a size that fits CI (`make fuzz` runs it at full size):
seeded mutations of the test corpus, and the fault modes of fetch, Wikidata and load
against servers on loopback. Zero tracebacks, pages lost, unparseable outputs, leaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import loopback
from fuzzing import SIZE, FaultSite, OddService, fetch_faults, fuzz_builds, service_faults
from kg.pipeline import build

CI_PAGES = 66  # six of each mutation


def test_mutated_pages_give_no_traceback_lose_nothing_and_write_parseable_outputs(
    tmp_path: Path,
) -> None:
    SIZE["full"] = 0.05  # a 40,000-name line becomes 2,000: the same code, CI's time
    try:
        figures = fuzz_builds(CI_PAGES, seed=20261203, work=tmp_path, batch=33)
    finally:
        SIZE["full"] = 1.0
    assert figures.cases == CI_PAGES
    assert figures.clean(), (
        figures.summary()
        + "\n"
        + "\n".join(figures.tracebacks + figures.lost + figures.unparseable + figures.leaks)
    )


def test_every_fetch_fault_is_an_error_not_a_traceback_nor_a_leak(tmp_path: Path) -> None:
    with loopback(FaultSite) as root:
        figures = fetch_faults(root, tmp_path)
    assert figures.clean(), figures.summary() + "\n" + "\n".join(figures.tracebacks + figures.leaks)
    assert figures.exit_codes[0] >= 1 and sum(figures.exit_codes.values()) == figures.cases


@pytest.mark.parametrize("store", ["odd"])
def test_every_odd_service_answer_is_an_error_not_a_traceback_nor_a_leak(
    tmp_path: Path, store: str
) -> None:
    built = tmp_path / "built"
    build([], built)
    with loopback(OddService) as root:
        figures = service_faults(root, tmp_path, built)
    assert figures.clean(), figures.summary() + "\n" + "\n".join(figures.tracebacks + figures.leaks)
    assert 0 not in figures.exit_codes or figures.exit_codes[0] < figures.cases
