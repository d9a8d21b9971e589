"""Speed and memory of `kg build`, stage by stage, with the figures in its output.

    .venv/bin/python benchmarks/benchmark.py [--runs 5] [--copies 50]

Measures the bundled example (one page) and a synthetic corpus of COPIES variants of it
(each a different declaration, so nothing is merged away), in one process each.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
import tracemalloc
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

from kg.assemble import assemble
from kg.mapping import to_graphs
from kg.outputs import graph_files
from kg.pipeline import build, parse_sources
from kg.resolve.places import Gazetteer
from kg.resolve.registry import Registry
from kg.run.runner import Stopwatch
from kg.sources import BUNDLED_EXAMPLE
from kg.validate import validate_file
from kg.vocab import DEFAULT_BASE


def stages(paths: list[Path], runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for _ in range(runs):
        timer = Stopwatch()
        with timer("parse"):
            documents, _ = parse_sources(paths)
        with timer("load registry"):
            registry = Registry.load()
        with timer("load gazetteer"):
            gazetteer = Gazetteer()
        with timer("resolve"):
            kb = assemble(documents, registry, gazetteer)
        with timer("map"):
            mapped = to_graphs(kb)
        with tempfile.TemporaryDirectory() as scratch, ExitStack() as stack:
            with timer("graph lines"):  # the N-Triples and N-Quads the writers read
                files = stack.enter_context(graph_files(mapped, DEFAULT_BASE, Path(scratch)))
            with timer("validate"):
                validate_file(files.triples)
            for name in ("graph.ttl", "graph.jsonld", "graph.nt", "graph.trig", "graph.nq"):
                with timer(name):
                    for _ in files.writers[name]():  # made block by block, not kept
                        pass
        for stage, taken in timer.stages.items():
            times.setdefault(stage, []).append(taken.wall)
    return times


def corpus(folder: Path, copies: int) -> list[Path]:
    text = BUNDLED_EXAMPLE.read_text(encoding="utf-8")
    paths = []
    for n in range(copies):
        variant = text.replace("Kazakhstan Workers", f"Kazakhstan Workers {n}")
        variant = variant.replace("13 IMCWP", f"{n + 1} IMCWP")
        path = folder / f"page-{n:04d}.txt"
        path.write_text(variant, encoding="utf-8")
        paths.append(path)
    return paths


def report(title: str, paths: list[Path], runs: int) -> None:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        result = build(paths, Path(out), cache=None)
        whole = time.perf_counter() - start
        tracemalloc.start()  # a second build, traced: tracing slows it several times
        build(paths, Path(out), cache=None)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    triples = result.triple_count
    print(f"\n{title}: {result.documents} documents, {triples} triples")
    rules = Counter(r.rule.value for r in result.kb.resolutions)
    review = rules["unresolved"] + rules["fuzzy"]
    print(f"  party mentions by rule: {dict(sorted(rules.items()))}; to review: {review}")
    print(f"  kg build (first run, in process): {whole:.3f} s, {triples / whole:,.0f} triples/s")
    print(f"  peak Python heap during the build: {peak / 2**20:.1f} MiB")
    print(f"  stage times over {runs} runs (median, min):")
    for stage, values in stages(paths, runs).items():
        print(f"    {stage:<16} {statistics.median(values):8.4f} s  {min(values):8.4f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--copies", type=int, default=50)
    parser.add_argument(
        "--corpus", type=Path, default=Path(__file__).parents[1] / "tests" / "corpus"
    )
    args = parser.parse_args()
    report("bundled example", [BUNDLED_EXAMPLE], args.runs)
    if args.corpus.is_dir():
        report(f"test corpus ({args.corpus.name}/)", [args.corpus], args.runs)
    with tempfile.TemporaryDirectory() as folder:
        report("synthetic corpus", corpus(Path(folder), args.copies), max(1, args.runs // 2))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak resident memory of the benchmark process: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
