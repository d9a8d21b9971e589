"""The fuzz and fault suite at full size: `make fuzz` (3,000 mutated pages and every fault
mode of fetch, Wikidata and load against servers on loopback).

    .venv/bin/python benchmarks/fuzz.py [--pages 3000] [--seed 20261203] [--work DIR]

Prints the cases, exit codes, tracebacks, pages lost, outputs that do not parse and leaks
of the planted secret (each must be 0), the slowest batch's time a page and its peak
memory, and each page read alone (the slowest, and the one that took most memory); exits 1
when anything that must be 0 is not. The mutations and checks are those of
`tests/fuzzing.py`, which `make test` runs at a small size.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

from conftest import loopback
from fuzzing import (
    FaultSite,
    Figures,
    OddService,
    build_batch,
    fetch_faults,
    make_cases,
    service_faults,
)
from kg.pipeline import build


def one_batch(start: int, size: int, seed: int, work: Path) -> Figures:
    """One batch of mutated pages, in a worker process (the same cases as run in one)."""
    folder = work / "builds" / f"pages-{start:05d}"
    cases = make_cases(size, seed + start, folder)
    return build_batch(cases, folder, work / "builds" / f"out-{start:05d}", each_page=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=3000, help="mutated pages to build")
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--work", type=Path, default=None, help="folder for the cases")
    parser.add_argument("--processes", type=int, default=2, help="batches built side by side")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-fuzz-"))
    started = time.perf_counter()
    pages = Figures()
    batch = 50
    starts = range(0, args.pages, batch)
    with ProcessPoolExecutor(args.processes, mp_context=get_context("fork")) as pool:
        jobs = [
            pool.submit(one_batch, start, min(batch, args.pages - start), args.seed, work)
            for start in starts
        ]
        for job in jobs:  # each batch's figures as it ends: a long run is read as it goes
            done = job.result()
            pages.add(done)
            print(f"  pages {pages.cases:>5}: {done.summary()}", flush=True)
    print(f"mutated pages: {pages.summary()}")
    with loopback(FaultSite) as root:
        fetch = fetch_faults(root, work / "fetch")
    print(f"fetch faults: {fetch.summary()}")
    built = work / "built"
    build([], built)
    with loopback(OddService) as root:
        services = service_faults(root, work / "services", built)
    print(f"Wikidata and store faults: {services.summary()}")
    total = Figures()
    for part in (pages, fetch, services):
        total.add(part)
    print(f"all: {total.summary()}; {time.perf_counter() - started:.0f} s; cases in {work}")
    for problem in total.tracebacks + total.lost + total.unparseable + total.leaks:
        print(f"  {problem[:2000]}")
    return 0 if total.clean() else 1


if __name__ == "__main__":
    sys.exit(main())
