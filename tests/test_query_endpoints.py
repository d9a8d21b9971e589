"""Right answers everywhere: each query of queries/ gives the same rows through `kg query`,
rdflib's SPARQL engine (the oracle, on the same data), the Oxigraph server as `kg serve`
runs it, and Virtuoso filled by `kg load`, over their HTTP endpoints as users post them.

The test corpus and the bundled example are built under the default base (the queries'
prefixes name it); they state some triples on several pages: a store whose default graph is
the union of the named graphs sees those more than once, which the queries must survive."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from rdflib import Dataset
from rdflib.query import Result

from conftest import PROJECT
from kg.cli import main
from kg.pipeline import build
from kg.sources import BUNDLED_EXAMPLE
from kg.store.query import ask, open_store
from kg.store.servers import OxigraphServer, VirtuosoServer

QUERIES = sorted((PROJECT / "queries").glob("*.rq"))
Rows = list[tuple[str, ...]]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("endpoints")
    build([PROJECT / "tests" / "corpus", BUNDLED_EXAMPLE], folder)
    return folder


@pytest.fixture(scope="module")
def served(out: Path) -> Iterator[OxigraphServer]:
    """The Oxigraph server as `kg serve` starts it: the merge as its default graph."""
    with tempfile.TemporaryDirectory(prefix="kg-test-serve-") as folder:
        OxigraphServer.load(Path(folder), out / "graph.nq", out / "graph.nt")
        with OxigraphServer(location=Path(folder), read_only=True, union=False) as server:
            yield server


@pytest.fixture(scope="module")
def virtuoso(out: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """A Virtuoso filled by `kg load`, graph by graph: its default graph is their union."""
    with VirtuosoServer(tmp_path_factory.mktemp("virtuoso-queries")) as server:
        environment = {"KG_STORE_USER": server.user, "KG_STORE_PASSWORD": server.password}
        loaded = CliRunner(env=environment).invoke(
            main, ["load", "--endpoint", server.graph_store, "--out", str(out)]
        )
        assert loaded.exit_code == 0, loaded.stderr
        yield server


def values(bindings: list[dict[str, dict[str, str]]], variables: list[str]) -> Rows:
    return [tuple(b[v]["value"] if v in b else "" for v in variables) for b in bindings]


def posted(endpoint: str, query: str) -> Rows:
    """The rows an endpoint answers, from the standard JSON results format."""
    answer = requests.post(
        endpoint,
        data={"query": query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=120,
    )
    assert answer.ok, answer.text[:500]
    results = answer.json()
    return values(results["results"]["bindings"], results["head"]["vars"])


def embedded(out: Path, query: str) -> Rows:
    answer = ask(open_store(out), query)
    return [tuple("" if t is None else str(t.value) for t in row) for row in answer.rows]  # type: ignore[union-attr]


def oracle(out: Path, query: str) -> Rows:
    """rdflib on the same data: the named graphs, and their merge as the default graph."""
    dataset = Dataset()
    dataset.parse(out / "graph.nq", format="nquads")
    dataset.default_graph.parse(out / "graph.nt", format="nt")
    result: Result = dataset.query(query)
    return [tuple("" if term is None else str(term) for term in row) for row in result]  # type: ignore[union-attr]


def test_the_corpus_states_some_triples_on_several_pages(out: Path) -> None:
    """Without such triples the tests below could not tell a merge from a union."""
    quads = (out / "graph.nq").read_text(encoding="utf-8").splitlines()
    triples = (out / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert len(quads) > len(triples) == len(set(triples))


def test_count_star_is_the_number_of_triples_the_dataset_states(out: Path) -> None:
    count = embedded(out, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    stated = embedded(out, "SELECT ?n WHERE { ?d a void:Dataset ; void:triples ?n }")
    lines = len((out / "graph.nt").read_text(encoding="utf-8").splitlines())
    assert count == stated == [(str(lines),)]
    graphs = embedded(out, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(graphs[0][0]) > 3  # GRAPH ?g still tells the pages apart


def test_the_served_endpoint_counts_each_triple_once(out: Path, served: OxigraphServer) -> None:
    lines = len((out / "graph.nt").read_text(encoding="utf-8").splitlines())
    assert posted(served.query, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == [(str(lines),)]


@pytest.mark.parametrize("path", QUERIES, ids=[q.name for q in QUERIES])
def test_every_query_declares_its_prefixes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    used = {
        word.split(":", 1)[0]
        for line in text.splitlines()
        if not line.lstrip().startswith(("#", "PREFIX"))
        for word in line.replace("(", " ").replace(")", " ").replace("/", " ").split()
        if ":" in word and not word.startswith(("<", '"', "?")) and word.split(":", 1)[0].isalpha()
    }
    declared = {
        line.split()[1].rstrip(":") for line in text.splitlines() if line.startswith("PREFIX")
    }
    assert used <= declared, f"{path.name} uses {sorted(used - declared)} without PREFIX"


@pytest.mark.parametrize("path", QUERIES, ids=[q.name for q in QUERIES])
def test_every_query_answers_the_same_on_every_engine(
    path: Path, out: Path, served: OxigraphServer, virtuoso: VirtuosoServer
) -> None:
    query = path.read_text(encoding="utf-8")
    mine = embedded(out, query)
    assert mine, f"{path.name} answers nothing on the corpus: the comparison would prove nothing"
    assert mine == posted(served.query, query)  # the same engine, the same order
    assert sorted(mine) == sorted(oracle(out, query)), "rdflib"
    assert sorted(mine) == sorted(posted(virtuoso.query, query)), "virtuoso"


def test_languages_come_sorted_on_every_engine(
    out: Path, served: OxigraphServer, virtuoso: VirtuosoServer
) -> None:
    query = (PROJECT / "queries" / "declarations-per-meeting.rq").read_text(encoding="utf-8")
    for name, rows in (
        ("kg query", embedded(out, query)),
        ("rdflib", oracle(out, query)),
        ("oxigraph", posted(served.query, query)),
        ("virtuoso", posted(virtuoso.query, query)),
    ):
        languages = [row[2].split(",") for row in rows]
        assert any(len(found) > 1 for found in languages), name
        assert all(found == sorted(found) for found in languages), (name, rows)


def test_kg_query_still_reads_queries_without_prefixes(out: Path) -> None:
    result = CliRunner().invoke(
        main, ["query", "SELECT ?p WHERE { ?p a schema:PoliticalParty } LIMIT 1", "--out", str(out)]
    )
    assert result.exit_code == 0 and "party:" in result.stdout
