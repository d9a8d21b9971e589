"""What `kg link` links: the parties and places of a built graph, with what we know of them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from rdflib.term import Node

from kg.link.model import Subject
from kg.vocab import KG, SCHEMA


def literal_names(graph: Graph, node: URIRef, *predicates: URIRef) -> tuple[tuple[str, str], ...]:
    names = {
        (obj.language or "und", str(obj))
        for predicate in predicates
        for obj in graph.objects(node, predicate)
        if isinstance(obj, Literal)
    }
    return tuple(sorted(names))


def dates_of(graph: Graph, node: Node, predicate: URIRef) -> list[dt.date]:
    found = []
    for value in graph.objects(node, predicate):
        python = value.toPython() if isinstance(value, Literal) else None
        if isinstance(python, dt.date):
            found.append(python)
    return found


def activity_dates(graph: Graph) -> dict[URIRef, dt.date]:
    """The latest date our sources show each party active: a declaration it signed, an
    event it organised or attended."""
    dates: dict[URIRef, list[dt.date]] = defaultdict(list)
    for predicate, date in (
        (KG.signatory, SCHEMA.dateCreated),
        (SCHEMA.organizer, SCHEMA.startDate),
        (SCHEMA.attendee, SCHEMA.startDate),
    ):
        for work, party in graph.subject_objects(predicate):
            if isinstance(party, URIRef):
                dates[party].extend(dates_of(graph, work, date))
    return {party: max(found) for party, found in dates.items() if found}


def nodes_of_type(graph: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(n for n in set(graph.subjects(RDF.type, kind)) if isinstance(n, URIRef))


def parties(graph: Graph) -> list[Subject]:
    dates = activity_dates(graph)
    found = []
    for node in nodes_of_type(graph, SCHEMA.PoliticalParty):
        country = graph.value(node, DCTERMS.spatial)
        found.append(
            Subject(
                iri=str(node),
                kind="party",
                names=literal_names(graph, node, SKOS.prefLabel, SKOS.altLabel),
                acronyms=tuple(sorted(str(a) for a in graph.objects(node, KG.shortName))),
                country=str(country).rsplit("/", 1)[-1].upper() if country else None,
                date=dates.get(node),
            )
        )
    return found


def places(graph: Graph) -> list[Subject]:
    found = []
    for node in nodes_of_type(graph, SCHEMA.Place):
        is_country = (node, RDF.type, SCHEMA.Country) in graph
        code = str(node).rsplit("/", 1)[-1].upper() if is_country else None
        found.append(
            Subject(
                iri=str(node),
                kind="country" if is_country else "place",
                names=literal_names(graph, node, SCHEMA.name),
                country=code,
            )
        )
    return found
