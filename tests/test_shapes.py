"""The shapes, tested by data: each `shapes/*.test.ttl` holds a small graph and, in comments,
the results it must produce (`# expect: Violation <shape> <focus>`, `# expect: conforms`)."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from conftest import shapes_graph
from kg.validate import local_name, validate

CASES = sorted((Path(__file__).parent / "shapes").glob("*.test.ttl"))
EX = "https://example.org/"


def expectations(path: Path) -> tuple[bool, set[tuple[str, str, str]]]:
    conforms = True
    expected: set[tuple[str, str, str]] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect:"):
            words = line.removeprefix("# expect:").split()
            if words == ["conforms"]:
                continue
            severity, shape, focus = words
            expected.add((severity, shape, focus.replace("ex:", EX)))
            conforms = conforms and severity != "Violation"
    return conforms, expected


@pytest.mark.parametrize("case", CASES, ids=[c.name.removesuffix(".test.ttl") for c in CASES])
def test_shape_case(case: Path) -> None:
    conforms, expected = expectations(case)
    report = validate(Graph().parse(case, format="turtle"))
    found = {(r.severity, local_name(r.shape), r.focus) for r in report.results}
    assert report.conforms is conforms, report.summary()
    assert found == expected, report.summary()


def test_there_are_shape_cases_for_each_required_violation() -> None:
    names = {c.name for c in CASES}
    for required in (
        "congress-without-start-date",
        "end-before-start",
        "name-without-language-tag",
        "two-preflabels-one-language",
    ):
        assert f"{required}.test.ttl" in names


def test_the_shapes_are_valid_shacl() -> None:
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes_graph(), meta_shacl=True)
    assert conforms, text


def test_every_property_shape_is_named_and_has_a_message() -> None:
    shapes = shapes_graph()
    property_shapes = set(shapes.subjects(RDF.type, SH.PropertyShape))
    property_shapes |= {o for o in shapes.objects(None, SH.property)}
    assert len(property_shapes) > 30
    for shape in property_shapes:
        assert isinstance(shape, URIRef), f"anonymous property shape {shape}"
        assert shapes.value(shape, SH.message) is not None, f"{shape} has no sh:message"


def test_the_sample_conforms_with_warnings_only(built: object) -> None:
    from kg.pipeline import BuildResult

    assert isinstance(built, BuildResult)
    assert built.validation.conforms
    assert built.validation.count("Violation") == 0
    assert built.validation.count("Warning") > 0  # missing Wikidata links, meeting dates
