"""The model to RDF: the only module that builds triples.

Every node gets a deterministic IRI under one base (see `Iris`); no blank nodes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, ORG, PROV, RDF, RDFS, SKOS, VOID, XSD

from kg import __version__
from kg.model import Declaration, Event, EventSeries, KnowledgeBase, Party, Place, Source
from kg.vocab import DEFAULT_BASE, KG, SCHEMA, SHAPES_IRI, prefixes

LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
PLACE_TYPES = {"country": SCHEMA.Country, "region": SCHEMA.AdministrativeArea, "city": SCHEMA.City}


class Iris:
    """Deterministic IRIs: one family per kind of thing, all under one configurable base."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        if not base.endswith(("/", "#")):
            base += "/"
        self.base = base

    def of(self, family: str, local: str) -> URIRef:
        return URIRef(f"{self.base}{family}/{local}")

    def party(self, party_id: str) -> URIRef:
        return self.of("party", party_id)

    def place(self, place_id: str) -> URIRef:
        return self.of("place", place_id)

    def event(self, event_id: str) -> URIRef:
        return self.of("event", event_id)

    def series(self, series_id: str) -> URIRef:
        return self.of("series", series_id)

    def declaration(self, declaration_id: str) -> URIRef:
        return self.of("declaration", declaration_id)

    def source(self, source_id: str) -> URIRef:
        return self.of("source", source_id)

    def dataset(self) -> URIRef:
        return URIRef(f"{self.base}dataset")


def new_graph(base: str = DEFAULT_BASE) -> Graph:
    """An empty graph with the project's prefixes bound (and no others)."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in prefixes(base).items():
        graph.bind(prefix, namespace)
    return graph


def lang_literals(names: Iterable[tuple[str, str]]) -> list[Literal]:
    return [Literal(name, lang=language) for language, name in names]


class Mapper:
    def __init__(self, kb: KnowledgeBase, base: str = DEFAULT_BASE) -> None:
        self.kb = kb
        self.iris = Iris(base)
        self.graph = new_graph(self.iris.base)

    def add(self, subject: URIRef, predicate: URIRef, obj: URIRef | Literal | None) -> None:
        if obj is not None:
            self.graph.add((subject, predicate, obj))

    def add_all(
        self, subject: URIRef, predicate: URIRef, objects: Iterable[URIRef | Literal]
    ) -> None:
        for obj in objects:
            self.graph.add((subject, predicate, obj))

    def map(self) -> Graph:
        for source in self.kb.sources:
            self.map_source(source)
        for party in self.kb.parties:
            self.map_party(party)
        for place in self.kb.places:
            self.map_place(place)
        for series in self.kb.series:
            self.map_series(series)
        for event in self.kb.events:
            self.map_event(event)
        for declaration in self.kb.declarations:
            self.map_declaration(declaration)
        self.map_dataset()
        return self.graph

    def map_source(self, source: Source) -> None:
        node = self.iris.source(source.id)
        self.add_all(node, RDF.type, (SCHEMA.WebPage, PROV.Entity))
        self.add(node, SCHEMA.name, Literal(source.name))
        self.add(node, SCHEMA.headline, Literal(source.title))
        self.add(node, SCHEMA.sha256, Literal(source.sha256))
        self.add(node, SCHEMA.encodingFormat, Literal("text/plain"))
        if source.published:  # publication (or migration) time of the page, not adoption
            self.add(
                node,
                SCHEMA.datePublished,
                Literal(source.published.isoformat(), datatype=XSD.dateTime),
            )
        self.add_all(node, SCHEMA.inLanguage, (Literal(lang) for lang in source.languages))

    def map_party(self, party: Party) -> None:
        node = self.iris.party(party.id)
        self.add_all(node, RDF.type, (ORG.FormalOrganization, SCHEMA.PoliticalParty))
        if party.provisional:
            self.add(node, RDF.type, KG.ProvisionalParty)
        self.add_all(node, SKOS.prefLabel, lang_literals(party.names))
        self.add_all(node, SKOS.altLabel, lang_literals(party.aliases))
        # Acronyms are used across languages (`KKE` in English and Russian lists): `mul`.
        self.add_all(node, KG.shortName, (Literal(a, lang="mul") for a in party.acronyms))
        if party.country:
            self.add(node, DCTERMS.spatial, self.iris.place(party.country.lower()))
        if party.founded:
            self.add(node, SCHEMA.foundingDate, Literal(str(party.founded), datatype=XSD.gYear))
        if party.dissolved:
            self.add(
                node, SCHEMA.dissolutionDate, Literal(str(party.dissolved), datatype=XSD.gYear)
            )

    def map_place(self, place: Place) -> None:
        node = self.iris.place(place.id)
        self.add_all(node, RDF.type, (SCHEMA.Place, PLACE_TYPES[place.kind]))
        self.add_all(node, SCHEMA.name, lang_literals(place.names))
        if place.contained_in:
            self.add(node, SCHEMA.containedInPlace, self.iris.place(place.contained_in))

    def map_series(self, series: EventSeries) -> None:
        node = self.iris.series(series.id)
        self.add(node, RDF.type, SCHEMA.EventSeries)
        self.add_all(node, SCHEMA.name, lang_literals(series.names))
        if series.organiser:
            self.add(node, SCHEMA.organizer, self.iris.party(series.organiser))

    def map_event(self, event: Event) -> None:
        node = self.iris.event(event.id)
        self.add(node, RDF.type, SCHEMA.Event)
        if event.kind == "congress":
            self.add(node, RDF.type, KG.PartyCongress)
        self.add_all(node, SCHEMA.name, lang_literals(event.names))
        self.add(node, SCHEMA.startDate, date_literal(event.start))
        self.add(node, SCHEMA.endDate, date_literal(event.end))
        if event.place:
            self.add(node, SCHEMA.location, self.iris.place(event.place))
        if event.organiser:
            self.add(node, SCHEMA.organizer, self.iris.party(event.organiser))
        if event.series:
            self.add(node, SCHEMA.superEvent, self.iris.series(event.series))
        if event.ordinal is not None:
            self.add(node, KG.ordinal, Literal(event.ordinal, datatype=XSD.integer))
        self.add(node, PROV.wasDerivedFrom, self.iris.source(event.source))

    def map_declaration(self, declaration: Declaration) -> None:
        node = self.iris.declaration(declaration.id)
        source = self.iris.source(declaration.source)
        self.add_all(node, RDF.type, (KG.Declaration, SCHEMA.CreativeWork))
        self.add_all(
            node,
            SCHEMA.name,
            (Literal(v.title, lang=v.language) for v in declaration.versions if v.title),
        )
        self.add(node, SCHEMA.dateCreated, date_literal(declaration.adopted_on))
        if declaration.place:
            self.add(node, SCHEMA.locationCreated, self.iris.place(declaration.place))
        if declaration.meeting:
            self.add(node, KG.adoptedAt, self.iris.event(declaration.meeting))
        self.add(node, PROV.wasDerivedFrom, source)
        for version in declaration.versions:
            version_node = URIRef(f"{node}/{version.language}")
            self.add(version_node, RDF.type, SCHEMA.CreativeWork)
            self.add(version_node, SCHEMA.exampleOfWork, node)
            self.add(version_node, SCHEMA.inLanguage, Literal(version.language))
            if version.title:
                self.add(version_node, SCHEMA.name, Literal(version.title, lang=version.language))
            if version.subtitle:
                self.add(
                    version_node,
                    SCHEMA.alternativeHeadline,
                    Literal(version.subtitle, lang=version.language),
                )
            self.add(version_node, SCHEMA.text, Literal(version.text, lang=version.language))
            # Each version keeps the date it states itself, even when the versions disagree.
            self.add(version_node, SCHEMA.dateCreated, date_literal(version.adopted_on))
            self.add(version_node, PROV.wasDerivedFrom, source)
        if declaration.signatories:
            self.map_signatories(node, declaration)

    def map_signatories(self, node: URIRef, declaration: Declaration) -> None:
        signatures = URIRef(f"{node}/signatories")
        self.add(node, KG.signatoryList, signatures)
        self.add(signatures, RDF.type, SCHEMA.ItemList)
        self.add(signatures, SCHEMA.numberOfItems, Literal(len(declaration.signatories)))
        self.add(signatures, SCHEMA.itemListOrder, SCHEMA.ItemListOrderAscending)
        self.add(signatures, PROV.wasDerivedFrom, self.iris.source(declaration.source))
        spellings = {(s.party_id, s.raw, s.language) for s in declaration.signatories}
        for index, signatory in enumerate(declaration.signatories, start=1):
            party = self.iris.party(signatory.party_id)
            entry = URIRef(f"{signatures}/{index}")
            self.add(node, KG.signatory, party)
            self.add(signatures, SCHEMA.itemListElement, entry)
            self.add(entry, RDF.type, SCHEMA.ListItem)
            if signatory.position is not None:
                self.add(entry, SCHEMA.position, Literal(signatory.position))
            self.add(entry, SCHEMA.name, Literal(signatory.raw, lang=signatory.language))
            self.add(entry, SCHEMA.item, party)
        for party_id, raw, language in sorted(spellings):
            # How the lists spell a party, for search: `CPof Malta`, `Cp of Turkey`.
            label = Literal(raw, lang=language)
            party = self.iris.party(party_id)
            if not any(label.eq(existing) for existing in self.labels(party)):
                self.add(party, SKOS.hiddenLabel, label)

    def labels(self, party: URIRef) -> Iterable[Literal]:
        for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            for obj in self.graph.objects(party, predicate):
                if isinstance(obj, Literal):
                    yield obj

    def map_dataset(self) -> None:
        """A small VoID/DCAT description of the whole graph, its own triples counted."""
        node = self.iris.dataset()
        activity = URIRef(f"{node}/build")
        self.add_all(node, RDF.type, (VOID.Dataset, DCAT.Dataset))
        self.add(node, DCTERMS.title, Literal("IMCWP knowledge graph", lang="en"))
        self.add(
            node, DCTERMS.description,
            Literal(
                "Declarations of the International Meeting of Communist and Workers' Parties, "
                "the parties that sign them, and party congresses.", lang="en",
            ),
        )  # fmt: skip
        self.add(node, DCTERMS.license, LICENSE)
        self.add(node, DCTERMS.conformsTo, URIRef(SHAPES_IRI))
        self.add(node, VOID.uriSpace, Literal(self.iris.base))
        self.add_all(node, DCTERMS.source, (self.iris.source(s.id) for s in self.kb.sources))
        self.add(node, PROV.wasGeneratedBy, activity)
        self.add(activity, RDF.type, PROV.Activity)
        self.add(activity, RDFS.label, Literal(f"kg build (kg {__version__})", lang="en"))
        self.add_all(activity, PROV.used, (self.iris.source(s.id) for s in self.kb.sources))
        # The count includes the triple that states it: add it, then count.
        self.add(node, VOID.triples, Literal(0))
        self.graph.set((node, VOID.triples, Literal(len(self.graph))))


def date_literal(value: dt.date | None) -> Literal | None:
    return Literal(value.isoformat(), datatype=XSD.date) if value else None


def to_graph(kb: KnowledgeBase, base: str = DEFAULT_BASE) -> Graph:
    """The RDF graph of a knowledge base."""
    return Mapper(kb, base).map()
