"""The vocabulary in one place: the ontology file, the closed namespace and the prefixes agree."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.pipeline import BuildResult
from kg.vocab import KG, SCHEMA, VOCAB_IRI, VOCABULARY_PREFIXES, prefixes

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "kg.ttl"
WD = "http://www.wikidata.org/entity/"


def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def defined_terms() -> set[str]:
    return {
        str(s)
        for s in ontology().subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(VOCAB_IRI)
    }


def test_the_closed_namespace_mirrors_the_ontology() -> None:
    in_code = {str(KG[name]) for name in KG.__annotations__}
    assert in_code == defined_terms()


def test_every_term_has_a_label_and_a_comment() -> None:
    graph = ontology()
    for term in defined_terms():
        assert graph.value(URIRef(term), RDFS.label) is not None, term
        assert graph.value(URIRef(term), RDFS.comment) is not None, term


def test_mappings_to_wikidata_properties() -> None:
    graph = ontology()
    assert graph.value(KG.signatory, SKOS.exactMatch) == URIRef(WD + "P1891")
    assert graph.value(KG.ordinal, SKOS.exactMatch) == URIRef(WD + "P1545")
    assert graph.value(KG.shortName, SKOS.exactMatch) == URIRef(WD + "P1813")
    assert graph.value(KG.shortName, RDFS.subPropertyOf) == SKOS.altLabel


def test_a_typo_in_a_term_fails_at_once() -> None:
    import pytest

    with pytest.raises(AttributeError):
        _ = KG.signatorry
    with pytest.raises(AttributeError):
        _ = SCHEMA.startdate


def test_every_class_and_property_of_the_graph_is_known(built: BuildResult) -> None:
    known = set(VOCABULARY_PREFIXES.values())
    for _s, p, o in built.graph:
        assert any(str(p).startswith(ns) for ns in known), p
        if p == RDF.type:
            assert any(str(o).startswith(ns) for ns in known), o


def test_the_graph_uses_only_terms_the_ontology_defines(built: BuildResult) -> None:
    terms = {str(t) for triple in built.graph for t in triple if str(t).startswith(VOCAB_IRI)}
    assert terms <= defined_terms()


def test_data_families_live_under_the_base() -> None:
    mapping = prefixes("https://example.org/")
    assert mapping["party"] == "https://example.org/party/"
    assert mapping["schema"] == "https://schema.org/"
    assert mapping["wd"] == WD  # http, not https
    assert OWL.sameAs  # owl is bound for the Wikidata links


def test_a_namespace_s_terms_are_made_once_and_are_rdflib_s() -> None:
    import copy

    from rdflib.namespace import RDF

    from kg.vocab import SCHEMA, Terms

    schema, rdf = Terms(SCHEMA), Terms(RDF)
    assert schema.name == SCHEMA.name and rdf.type == RDF.type
    assert schema.name is schema.name  # kept: the second look-up makes nothing
    with pytest.raises(AttributeError):
        rdf.notATerm  # a closed namespace still says no  # noqa: B018
    assert copy.copy(schema).name == SCHEMA.name  # copying looks for __dunders__ it lacks
