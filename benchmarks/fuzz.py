"""The fuzz and fault suite at full size: `make fuzz` (3,000 mutated pages and every fault
mode of fetch, Wikidata and load against servers on loopback).

    .venv/bin/python benchmarks/fuzz.py [--pages 3000] [--seed 20261203] [--work DIR]

Prints the cases, exit codes, tracebacks, pages lost, outputs that do not parse and leaks
of the planted secret (each must be 0), the slowest time a page and the peak memory, and
exits 1 when anything that must be 0 is not. The mutations and checks are those of
`tests/fuzzing.py`, which `make test` runs at a small size.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

from conftest import loopback
from fuzzing import (
    FaultSite,
    Figures,
    OddService,
    fetch_faults,
    fuzz_builds,
    service_faults,
)
from kg.pipeline import build


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=3000, help="mutated pages to build")
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--work", type=Path, default=None, help="folder for the cases")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-fuzz-"))
    started = time.perf_counter()
    pages = fuzz_builds(args.pages, args.seed, work / "builds")
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
