"""How fast `kg load` fills real triple stores: the test corpus, and a generated graph of
about a million triples, into an Oxigraph server (in memory) and a private Virtuoso.

    make bench-load            # or: .venv/bin/python bench/load_stores.py [--triples N]

Prints seconds and triples per second per store and graph, after checking with --verify's
counts that every graph arrived whole. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from kg.pipeline import build
from kg.store.load import Endpoints, Store, load, verify
from kg.store.servers import OxigraphServer, Server, VirtuosoServer

PROJECT = Path(__file__).resolve().parents[1]
BASE = "https://example.org/bench/"
FAILED: list[str] = []
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def generated(folder: Path, triples: int, per_graph: int = 1000) -> Path:
    """A build-shaped graph.nq: named graphs of `per_graph` triples each, with party-like
    nodes, language-tagged names, dates and links between nodes."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for n in range(triples):
        graph = f"<{BASE}graph/source/page-{n // per_graph:05d}>"
        subject = f"<{BASE}party/p{n // 10:07d}>"
        match n % 5:
            case 0:
                line = f'{subject} <https://schema.org/name> "Party {n} of Country"@en'
            case 1:
                line = f'{subject} <http://www.w3.org/2004/02/skos/core#altLabel> "Партия {n}"@ru'
            case 2:
                line = (
                    f'{subject} <https://schema.org/foundingDate> "19{n % 100:02d}-01-01"'
                    "^^<http://www.w3.org/2001/XMLSchema#date>"
                )
            case 3:
                line = f"{subject} <https://schema.org/memberOf> <{BASE}party/p{n // 5:07d}>"
            case _:
                line = (
                    f"{subject} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{BASE}C{n % 9}>"
                )
        lines.append(f"{line} {graph} .\n")
    (folder / "graph.nq").write_text("".join(lines), encoding="utf-8")
    return folder


def measure(
    name: str, what: str, out: Path, endpoint: str, into: str | None = None, force: bool = False
) -> None:
    store = Store(Endpoints.of(endpoint))
    started = time.perf_counter()
    sent = load(out, store, into=into, force=force).sent
    seconds = time.perf_counter() - started
    triples = sum(g.triples for g in sent)
    verification = verify(out, store, into=into)
    status = "verified" if verification.ok else "COUNTS DIFFER"
    if not verification.ok:
        FAILED.append(f"{name}: {what}")
    print(
        f"{name:<18} {what:<30} {len(sent):>5} graphs {triples:>10,} triples sent "
        f"{seconds:>7.2f} s {triples / seconds:>10,.0f} triples/s  {status}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-load-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        build([PROJECT / "tests" / "corpus"], corpus, BASE)
        big = generated(work / "generated", args.triples)
        os.environ["KG_STORE_USER"] = VirtuosoServer.user
        os.environ["KG_STORE_PASSWORD"] = VirtuosoServer.password
        servers: list[tuple[str, Server]] = [
            ("Oxigraph (memory)", OxigraphServer()),
            ("Virtuoso", VirtuosoServer(work / "virtuoso")),
        ]
        for name, server in servers:
            started = time.perf_counter()
            with server:
                print(f"{name:<18} ready in {time.perf_counter() - started:.2f} s", flush=True)
                graph_store = server.graph_store
                measure(name, "test corpus", corpus, graph_store)
                measure(name, f"generated ({args.triples:,})", big, graph_store)
                measure(name, "generated, again (unchanged)", big, graph_store)
                measure(name, "generated, again with --force", big, graph_store, force=True)
                measure(name, "generated, --graph (one graph)", big, graph_store, BASE + "all")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the loading process: {peak:,.0f} MiB")
    if FAILED:
        raise SystemExit(f"counts differ after: {', '.join(FAILED)}")


if __name__ == "__main__":
    main()
