"""What `kg link` links: the parties and places of a built graph, with what we know of them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS
from rdflib.term import Node

from kg.link.model import Subject
from kg.resolve.places import Gazetteer
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


def activity_dates(graph: Graph) -> dict[URIRef, tuple[dt.date, dt.date]]:
    """The earliest and latest dates our sources show each party active: a declaration it
    signed (its adoption date, else its page's publication date), an event it organised or
    attended."""
    dates: dict[URIRef, list[dt.date]] = defaultdict(list)
    for predicate, date in (
        (KG.signatory, SCHEMA.dateCreated),
        (SCHEMA.organizer, SCHEMA.startDate),
        (SCHEMA.attendee, SCHEMA.startDate),
    ):
        for work, party in graph.subject_objects(predicate):
            if not isinstance(party, URIRef):
                continue
            found = dates_of(graph, work, date)
            if not found:  # an undated declaration: the day its page was published
                for page in graph.objects(work, PROV.wasDerivedFrom):
                    found += [
                        d.date() if isinstance(d, dt.datetime) else d
                        for d in dates_of(graph, page, SCHEMA.datePublished)
                    ]
            if not found:  # nor a page date: the meeting that adopted it
                for meeting in graph.objects(work, KG.adoptedAt):
                    found += dates_of(graph, meeting, SCHEMA.startDate)
            dates[party].extend(found)
    return {party: (min(found), max(found)) for party, found in dates.items() if found}


def founding_year(graph: Graph, node: URIRef) -> int | None:
    value = graph.value(node, SCHEMA.foundingDate)
    text = str(value) if isinstance(value, Literal) else ""
    return int(text[:4]) if text[:4].isdigit() else None


def nodes_of_type(graph: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(n for n in set(graph.subjects(RDF.type, kind)) if isinstance(n, URIRef))


def parties(graph: Graph) -> list[Subject]:
    dates = activity_dates(graph)
    found = []
    for node in nodes_of_type(graph, SCHEMA.PoliticalParty):
        country = graph.value(node, DCTERMS.spatial)
        first, last = dates.get(node, (None, None))
        found.append(
            Subject(
                iri=str(node),
                kind="party",
                names=literal_names(graph, node, SKOS.prefLabel, SKOS.altLabel),
                acronyms=tuple(sorted(str(a) for a in graph.objects(node, KG.shortName))),
                country=str(country).rsplit("/", 1)[-1].upper() if country else None,
                identifiers=tuple(sorted(str(i) for i in graph.objects(node, SCHEMA.identifier))),
                date=last,
                first_date=first,
                founded=founding_year(graph, node),
            )
        )
    return found


def places(graph: Graph) -> list[Subject]:
    english = Gazetteer().english_country_names()
    found = []
    for node in nodes_of_type(graph, SCHEMA.Place):
        is_country = (node, RDF.type, SCHEMA.Country) in graph
        top: Node | None = node  # the country a place lies in, up its containedInPlace chain
        while top is not None and (top, RDF.type, SCHEMA.Country) not in graph:
            top = graph.value(top, SCHEMA.containedInPlace)
        code = str(top).rsplit("/", 1)[-1].upper() if top is not None else None
        names = literal_names(graph, node, SCHEMA.name)
        if is_country and code:  # `Czechia` is also `Czech Republic`: every English name
            names = tuple(sorted({*names, *(("en", n) for n in english.get(code, []))}))
        found.append(
            Subject(
                iri=str(node),
                kind="country" if is_country else "place",
                names=names,
                country=code,
            )
        )
    return found
