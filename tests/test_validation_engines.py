"""The native SHACL engine kg validates with (shacl) held to the reference engine
(pySHACL): the same results (focus node, path, value, source shape or constraint,
severity, message) and the same report triples, on every shape case, on the test corpus,
on a copy of it with faults only other nodes reveal, and on copies with seeded faults."""

from __future__ import annotations

import random
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from conftest import PROJECT, shapes_graph
from kg import validate
from kg.pipeline import build
from kg.rdf.terms import joined
from kg.validate import Checked, read_report
from kg.vocab import DEFAULT_BASE

CASES = sorted((PROJECT / "tests" / "shapes").glob("*.test.ttl"))
CORPUS = PROJECT / "tests" / "corpus"


@contextmanager
def written(lines: set[str]) -> Iterator[Path]:
    """The lines as an N-Triples file (what the native engine reads), for as long as the
    block that asks for it."""
    with tempfile.TemporaryDirectory(prefix="kg-engines-") as folder:
        path = Path(folder) / "graph.nt"
        path.write_bytes(joined(sorted(lines)))
        yield path


def both(lines: set[str]) -> tuple[Checked, Checked]:
    """What each engine finds in the graph of `lines` (N-Triples)."""
    with written(lines) as data:
        native = validate.checked(data, DEFAULT_BASE)
    _, report, _ = pyshacl.validate(
        Graph().parse(data="\n".join(lines), format="nt"),
        shacl_graph=shapes_graph(),
        inference="none",
        allow_warnings=True,
        allow_infos=True,
    )
    assert isinstance(report, Graph)
    return native, read_report(report, DEFAULT_BASE)


def assert_same(lines: set[str]) -> Checked:
    """What both engines find in the graph of `lines`, required the same."""
    native, reference = both(lines)
    assert sorted(map(repr, native.results)) == sorted(map(repr, reference.results))
    assert sorted(native.report_lines) == sorted(reference.report_lines)
    return native


def case_lines(case: Path) -> set[str]:
    """A shape case's graph as N-Triples lines."""
    text = Graph().parse(case, format="turtle").serialize(format="nt")
    return {line for line in text.splitlines() if line.strip()}


@pytest.mark.parametrize("case", CASES, ids=[c.name.removesuffix(".test.ttl") for c in CASES])
def test_both_engines_find_the_same_in_each_shape_case(case: Path) -> None:
    found = len(assert_same(case_lines(case)).results)
    assert found == sum(
        1
        for line in case.read_text().splitlines()
        if line.startswith("# expect: ") and line != "# expect: conforms"
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    built = build([CORPUS], tmp_path_factory.mktemp("out"), cache=None)
    return set(built.mapped.union_lines)


def test_both_engines_find_the_same_in_the_corpus(corpus: set[str]) -> None:
    found = assert_same(corpus).results
    assert len(found) > 5  # the corpus's warnings: parties without Wikidata links


def found_in_corpus(corpus: set[str]) -> int:
    """How many results the corpus itself gives (the native engine's, held to pySHACL's
    above): what a broken copy's are counted against."""
    with written(corpus) as data:
        return len(validate.checked(data, DEFAULT_BASE).results)


def test_both_engines_find_the_same_where_other_nodes_reveal_the_fault(corpus: set[str]) -> None:
    """A country that is no longer a country (parties and places point to it), events
    without start dates."""
    greece = "<https://w3id.org/imcwp/place/gr>"
    broken = {
        line
        for line in corpus
        if not line.startswith(f"{greece} <{RDF.type}>")
        and "<https://schema.org/startDate>" not in line
    }
    assert len(assert_same(broken).results) > found_in_corpus(corpus) + 5


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_both_engines_find_the_same_faults_seeded_at_random(corpus: set[str], seed: int) -> None:
    """Triples dropped, language tags dropped or changed, IRIs and dates swapped between
    triples: faults of every kind the shapes check, in numbers."""
    chosen = random.Random(seed)
    lines = sorted(corpus)
    objects = [line.split(" ", 2)[2][:-2] for line in lines]
    seeded = set()
    for line in lines:
        subject, predicate, rest = line.split(" ", 2)
        roll = chosen.random()
        if roll < 0.03:
            continue  # dropped
        if roll < 0.06 and rest.rstrip(" .").endswith(("@en", "@ru", "@es", "@el")):
            rest = rest.rstrip(" .").rsplit("@", 1)[0] + chosen.choice(["", "@fr", "@en"]) + " ."
        elif roll < 0.09:
            rest = chosen.choice(objects) + " ."  # another triple's object
        seeded.add(f"{subject} {predicate} {rest}")
    found = assert_same(seeded).results
    assert len(found) > found_in_corpus(corpus) + 50
    assert len({r.shape for r in found}) > 10  # many shapes' faults, not one kind


def test_the_report_names_the_sparql_constraint_and_words_its_message_as_pyshacl_does() -> None:
    with written(case_lines(PROJECT / "tests" / "shapes" / "end-before-start.test.ttl")) as data:
        report = validate.native_report(data)
    (result,) = report.subjects(RDF.type, SH.ValidationResult)
    assert str(report.value(result, SH.sourceConstraint)).endswith("#Event-endNotBeforeStart")
    message = report.value(result, SH.resultMessage)
    assert str(message) == "The event ends before it starts." and message.language is None
