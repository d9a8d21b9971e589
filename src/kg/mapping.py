"""The model to RDF: the only module that builds triples.

Every node gets a deterministic IRI under one base (see `Iris`); no blank nodes. Statements
go into named graphs: one per source document (what that page says, with its provenance),
`graph/reference` (the registry's parties, the places, the series) and `graph/dataset` (the
dataset description). Their union is the graph of the build.

Over 400 lines on purpose: the only module that builds triples, so that the graph's
whole shape (every predicate a node gets) is read in one place.
"""

from __future__ import annotations

import datetime as dt
from bisect import insort
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property

from rdflib import Graph, URIRef
from rdflib import namespace as rdflib_namespaces

from kg import __version__, vocab
from kg.model import (
    Declaration,
    Event,
    EventSeries,
    KnowledgeBase,
    Party,
    Place,
    ResolvedList,
    Source,
)
from kg.rdf.terms import NTriplesTerms, Text, literal, union_of
from kg.run.cache import key_of
from kg.run.runner import Each, Unit, serially
from kg.vocab import DEFAULT_BASE, SHAPES_IRI, Terms, prefixes

DCAT, DCTERMS, ORG, PROV, RDF, RDFS, SKOS, VOID, XSD = (
    Terms(getattr(rdflib_namespaces, name))
    for name in ("DCAT", "DCTERMS", "ORG", "PROV", "RDF", "RDFS", "SKOS", "VOID", "XSD")
)
KG, PAV, SCHEMA = Terms(vocab.KG), Terms(vocab.PAV), Terms(vocab.SCHEMA)

LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
PLACE_TYPES = {"country": SCHEMA.Country, "region": SCHEMA.AdministrativeArea, "city": SCHEMA.City}
EVENT_STATUS = {"postponed": SCHEMA.EventPostponed, "scheduled": SCHEMA.EventScheduled}


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

    def source_graph(self, source_id: str) -> URIRef:
        return self.of("graph", f"source/{source_id}")

    def graph(self, name: str) -> URIRef:
        return self.of("graph", name)

    def dataset(self) -> URIRef:
        return URIRef(f"{self.base}dataset")


def new_graph(base: str = DEFAULT_BASE, identifier: URIRef | None = None) -> Graph:
    """An empty graph with the project's prefixes bound (and no others)."""
    graph = Graph(bind_namespaces="none", identifier=identifier)
    for prefix, namespace in prefixes(base).items():
        graph.bind(prefix, namespace)
    return graph


def lang_literals(names: Iterable[tuple[str, str]]) -> list[Text]:
    return [literal(name, lang=language) for language, name in names]


@dataclass
class MappedGraphs:
    """The named graphs of a build, each its distinct N-Triples lines, sorted (plain
    strings: rdflib graphs, and even sets of rdflib terms, took most of the time of mapping
    a large record), and how many distinct triples they hold together."""

    graphs: dict[URIRef, list[str]]
    triple_count: int
    union_lines: list[str]  # the graphs' distinct lines, sorted (as the graph files have them)
    base: str = DEFAULT_BASE

    @cached_property
    def union(self) -> Graph:
        """The union of the named graphs as an rdflib graph, built when asked for."""
        union = new_graph(self.base)
        union.parse(data="\n".join(self.union_lines), format="nt")
        return union


@dataclass(frozen=True)
class SourceClaims:
    """All a source's named graph is mapped from: the source, what it says, and the parties
    it names (provisional ones are described in it; the others' names decide which of its
    spellings are new labels)."""

    source: Source
    events: tuple[Event, ...]
    declarations: tuple[Declaration, ...]
    parties: tuple[Party, ...]


class Mapper:
    def __init__(self, kb: KnowledgeBase, base: str = DEFAULT_BASE) -> None:
        self.kb = kb
        self.iris = Iris(base)
        self.graphs: dict[URIRef, set[str]] = {}
        self.source_graphs: dict[URIRef, list[str]] = {}  # sorted lines, as mapped
        self.term = process_terms()  # one memo for the mappers of a process: one per source
        self.reference = self.graph_named(self.iris.graph("reference"))
        self.parties = {party.id: party for party in kb.parties}
        self.labels: dict[str, frozenset[str]] = {}

    def graph_named(self, name: URIRef) -> set[str]:
        return self.graphs.setdefault(name, set())

    def source_graph(self, source_id: str) -> set[str]:
        return self.graph_named(self.iris.source_graph(source_id))

    def add(
        self, graph: set[str], subject: URIRef, predicate: URIRef, obj: URIRef | Text | None
    ) -> None:
        if obj is not None:
            term = self.term
            graph.add(f"{term(subject)} {term(predicate)} {term(obj)} .")

    def add_all(
        self,
        graph: set[str],
        subject: URIRef,
        predicate: URIRef,
        objects: Iterable[URIRef | Text],
    ) -> None:
        for obj in objects:
            self.add(graph, subject, predicate, obj)

    def map(self, each: Each = serially) -> MappedGraphs:
        claims = self.claims_by_source()
        base = self.iris.base
        units = [Unit(c.source.name, key_of("map", base, repr(c)), (base, c)) for c in claims]
        # Source by source in worker processes, each source's claims sent to them.
        graphs = each("map", source_graph, units, PARALLEL_FROM)
        for said, lines in zip(claims, graphs, strict=True):
            self.source_graphs[self.iris.source_graph(said.source.id)] = lines
        described = {party.id for party in self.kb.parties if not party.provisional}
        for party in self.kb.parties:
            if not party.provisional:  # provisional ones are described by the sources naming them
                self.map_party(party, self.reference)
                self.map_lineage(party, described)
        for place in self.kb.places:
            self.map_place(place)
        for series in self.kb.series:
            self.map_series(series)
        return self.with_dataset()

    def claims_by_source(self) -> list[SourceClaims]:
        """What each source says, and the parties it names."""
        events: dict[str, list[Event]] = defaultdict(list)
        declarations: dict[str, list[Declaration]] = defaultdict(list)
        named: dict[str, set[str]] = defaultdict(set)
        for event in self.kb.events:
            events[event.source].append(event)
            named[event.source].update(filter(None, (event.organiser, *event.attendees)))
        for declaration in self.kb.declarations:
            declarations[declaration.source].append(declaration)
            named[declaration.source].update(s.party_id for s in declaration.signatories)
        claims = []
        for source in self.kb.sources:
            parties = named[source.id] | ({source.publisher} if source.publisher else set())
            claims.append(
                SourceClaims(
                    source,
                    tuple(events[source.id]),
                    tuple(declarations[source.id]),
                    tuple(self.parties[p] for p in sorted(parties) if p in self.parties),
                )
            )
        return claims

    def source_graph_of(self, claims: SourceClaims) -> set[str]:
        """A source's named graph: its lines depend on nothing but `claims` (and the code
        and the base), so a source that says what it said last time has the same graph."""
        name = self.iris.source_graph(claims.source.id)
        self.graphs[name] = set()
        self.map_source(claims.source)
        for party in claims.parties:
            if party.provisional:  # named only by sources: described in each one's graph
                self.map_party(party, self.graph_named(name))
        for event in claims.events:
            self.map_event(event)
        for declaration in claims.declarations:
            self.map_declaration(declaration)
        return self.graphs.pop(name)

    def map_source(self, source: Source) -> None:
        graph = self.source_graph(source.id)
        node = self.iris.source(source.id)
        self.add_all(graph, node, RDF.type, (SCHEMA.WebPage, PROV.Entity))
        self.add(graph, node, SCHEMA.identifier, literal(source.name))  # its path in the corpus
        self.add(graph, node, SCHEMA.headline, literal(source.title))
        self.add(graph, node, SCHEMA.sha256, literal(source.sha256))
        self.add(graph, node, SCHEMA.encodingFormat, literal(source.media_type))
        # Publication (or migration) time of the page: not the adoption date.
        self.add(graph, node, SCHEMA.datePublished, datetime_literal(source.published))
        self.add_all(graph, node, SCHEMA.inLanguage, (literal(lang) for lang in source.languages))
        if source.url:
            self.add(graph, node, SCHEMA.url, URIRef(source.url))
            self.add(graph, node, PAV.retrievedFrom, URIRef(source.url))
        self.add(graph, node, PAV.retrievedOn, datetime_literal(source.retrieved_at))
        # The addresses a crawl reached the page by (an old one that redirects to it).
        self.add_all(graph, node, SCHEMA.sameAs, (URIRef(alias) for alias in source.aliases))
        self.add(graph, node, PROV.invalidatedAtTime, datetime_literal(source.withdrawn_at))
        if source.publisher:
            self.add(graph, node, SCHEMA.publisher, self.iris.party(source.publisher))

    def map_party(self, party: Party, graph: set[str]) -> None:
        node = self.iris.party(party.id)
        self.add_all(graph, node, RDF.type, (ORG.FormalOrganization, SCHEMA.PoliticalParty))
        if party.provisional:
            self.add(graph, node, RDF.type, KG.ProvisionalParty)
        self.add_all(graph, node, SKOS.prefLabel, lang_literals(party.names))
        self.add_all(graph, node, SKOS.altLabel, lang_literals(party.aliases))
        # Names it bore for a time are its names too (the registry says when).
        former = tuple((language, name) for language, name, _, _ in party.former_names)
        self.add_all(graph, node, SKOS.altLabel, lang_literals(former))
        # Acronyms are used across languages (`KKE` in English and Russian lists): `mul`.
        self.add_all(graph, node, KG.shortName, (literal(a, lang="mul") for a in party.acronyms))
        if party.country:
            self.add(graph, node, DCTERMS.spatial, self.iris.place(party.country.lower()))
        year = XSD.gYear
        self.add_all(graph, node, SCHEMA.identifier, (literal(i) for i in party.identifiers))
        if party.founded:
            self.add(graph, node, SCHEMA.foundingDate, literal(str(party.founded), datatype=year))
        if party.dissolved:
            self.add(
                graph, node, SCHEMA.dissolutionDate, literal(str(party.dissolved), datatype=year)
            )

    def map_lineage(self, party: Party, described: set[str]) -> None:
        """A rename or merger, both ways, between two parties the graph describes."""
        node = self.iris.party(party.id)
        for earlier_id in party.predecessors:
            if earlier_id in described:
                earlier = self.iris.party(earlier_id)
                self.add(self.reference, node, DCTERMS.replaces, earlier)
                self.add(self.reference, earlier, DCTERMS.isReplacedBy, node)

    def map_place(self, place: Place) -> None:
        node = self.iris.place(place.id)
        self.add_all(self.reference, node, RDF.type, (SCHEMA.Place, PLACE_TYPES[place.kind]))
        self.add_all(self.reference, node, SCHEMA.name, lang_literals(place.names))
        if place.contained_in:
            self.add(
                self.reference, node, SCHEMA.containedInPlace, self.iris.place(place.contained_in)
            )

    def map_series(self, series: EventSeries) -> None:
        node = self.iris.series(series.id)
        self.add(self.reference, node, RDF.type, SCHEMA.EventSeries)
        self.add_all(self.reference, node, SCHEMA.name, lang_literals(series.names))
        if series.organiser:
            self.add(self.reference, node, SCHEMA.organizer, self.iris.party(series.organiser))

    def map_event(self, event: Event) -> None:
        """One source's claim about an event, in that source's graph."""
        graph = self.source_graph(event.source)
        node = self.iris.event(event.id)
        self.add(graph, node, RDF.type, SCHEMA.Event)
        if event.kind == "congress":
            self.add(graph, node, RDF.type, KG.PartyCongress)
        self.add_all(graph, node, SCHEMA.name, lang_literals(event.names))
        self.add(graph, node, SCHEMA.startDate, date_literal(event.start, event.precision))
        self.add(graph, node, SCHEMA.endDate, date_literal(event.end, event.precision))
        if event.place:
            self.add(graph, node, SCHEMA.location, self.iris.place(event.place))
        if event.organiser:
            self.add(graph, node, SCHEMA.organizer, self.iris.party(event.organiser))
        if event.series:
            self.add(graph, node, SCHEMA.superEvent, self.iris.series(event.series))
        if event.ordinal is not None:
            self.add(graph, node, KG.ordinal, literal(event.ordinal, datatype=XSD.integer))
        if event.status:
            self.add(graph, node, SCHEMA.eventStatus, EVENT_STATUS[event.status])
        for attendee in event.attendees:
            self.add(graph, node, SCHEMA.attendee, self.iris.party(attendee))
        self.add(graph, node, PROV.wasDerivedFrom, self.iris.source(event.source))

    def map_declaration(self, declaration: Declaration) -> None:
        """One source's claims about a declaration, in that source's graph."""
        graph = self.source_graph(declaration.source)
        node = self.iris.declaration(declaration.id)
        source = self.iris.source(declaration.source)
        self.add_all(graph, node, RDF.type, (KG.Declaration, SCHEMA.CreativeWork))
        titles = (literal(v.title, lang=v.language) for v in declaration.versions if v.title)
        self.add_all(graph, node, SCHEMA.name, titles)
        self.add(graph, node, SCHEMA.dateCreated, date_literal(declaration.adopted_on))
        if declaration.place:
            self.add(graph, node, SCHEMA.locationCreated, self.iris.place(declaration.place))
        if declaration.meeting:
            self.add(graph, node, KG.adoptedAt, self.iris.event(declaration.meeting))
        self.add(graph, node, PROV.wasDerivedFrom, source)
        for version in declaration.versions:
            # The text as this page prints it in one language.
            version_node = URIRef(f"{source}/{version.language}")
            self.add(graph, version_node, RDF.type, SCHEMA.CreativeWork)
            self.add(graph, version_node, SCHEMA.exampleOfWork, node)
            self.add(graph, version_node, SCHEMA.inLanguage, literal(version.language))
            language = version.language
            if version.title:
                self.add(graph, version_node, SCHEMA.name, literal(version.title, lang=language))
            if version.subtitle:
                subtitle = literal(version.subtitle, lang=language)
                self.add(graph, version_node, SCHEMA.alternativeHeadline, subtitle)
            self.add(graph, version_node, SCHEMA.text, literal(version.text, lang=language))
            # Each version keeps the date it states itself, even when the versions disagree.
            self.add(graph, version_node, SCHEMA.dateCreated, date_literal(version.adopted_on))
            self.add(graph, version_node, PROV.wasDerivedFrom, source)
        self.map_signatories(graph, node, declaration)

    def map_signatories(self, graph: set[str], node: URIRef, declaration: Declaration) -> None:
        source = self.iris.source(declaration.source)
        for number, group in enumerate(declaration.lists, start=1):
            # A hash IRI: a list and its entries are parts of their source page, described and
            # served with it (one page, not one for each of a list's twenty entries); under
            # a base that is itself a hash IRI (`…/kg#`), a path below the page instead.
            part = "/" if "#" in str(source) else "#"
            signatures = URIRef(f"{source}{part}signatories" + (f"-{number}" if number > 1 else ""))
            self.add(graph, node, KG.signatoryList, signatures)
            self.add(graph, signatures, RDF.type, SCHEMA.ItemList)
            if group.heading:
                self.add(
                    graph,
                    signatures,
                    SCHEMA.name,
                    literal(group.heading, lang=heading_language(group)),
                )
            self.add(graph, signatures, SCHEMA.numberOfItems, literal(len(group.entries)))
            self.add(graph, signatures, SCHEMA.itemListOrder, SCHEMA.ItemListOrderAscending)
            self.add(graph, signatures, PROV.wasDerivedFrom, source)
            for signatory, local in zip(group.entries, entry_names(group), strict=True):
                party = self.iris.party(signatory.party_id)
                entry = URIRef(f"{signatures}/{local}")
                self.add(graph, node, KG.signatory, party)
                self.add(graph, signatures, SCHEMA.itemListElement, entry)
                self.add(graph, entry, RDF.type, SCHEMA.ListItem)
                if signatory.position is not None:
                    self.add(graph, entry, SCHEMA.position, literal(signatory.position))
                self.add(graph, entry, SCHEMA.name, literal(signatory.raw, lang=signatory.language))
                self.add(graph, entry, SCHEMA.item, party)
        spellings = {(s.party_id, s.raw, s.language) for s in declaration.signatories}
        for party_id, raw, language in sorted(spellings):
            # How the lists spell a party, for search: `CPof Malta`, `Cp of Turkey`.
            label = literal(raw, lang=language)
            if self.term(label) not in self.known_labels(party_id):
                self.add(graph, self.iris.party(party_id), SKOS.hiddenLabel, label)

    def known_labels(self, party_id: str) -> frozenset[str]:
        """A party's names and aliases (N-Triples terms: a tag's case does not tell two
        names apart); made once a party (its spellings are many)."""
        known = self.labels.get(party_id)
        if known is None:
            party = self.parties.get(party_id)
            names = (*party.names, *party.aliases) if party else ()
            known = self.labels[party_id] = frozenset(map(self.term, lang_literals(names)))
        return known

    def with_dataset(self) -> MappedGraphs:
        """The dataset description, in a graph of its own; its triple count includes itself."""
        graph = self.graph_named(self.iris.graph("dataset"))
        node = self.iris.dataset()
        activity = URIRef(f"{node}/build")
        self.add_all(graph, node, RDF.type, (VOID.Dataset, DCAT.Dataset))
        self.add(graph, node, DCTERMS.title, literal("IMCWP knowledge graph", lang="en"))
        description = (
            "Declarations of the International Meeting of Communist and Workers' Parties, "
            "the parties that sign them, and party congresses."
        )
        self.add(graph, node, DCTERMS.description, literal(description, lang="en"))
        self.add(graph, node, DCTERMS.license, LICENSE)
        self.add(graph, node, DCTERMS.conformsTo, URIRef(SHAPES_IRI))
        self.add(graph, node, VOID.uriSpace, literal(self.iris.base))
        self.add(graph, node, PROV.wasGeneratedBy, activity)
        self.add(graph, activity, RDF.type, PROV.Activity)
        self.add(graph, activity, RDFS.label, literal(f"kg build (kg {__version__})", lang="en"))
        for source in self.kb.sources:
            source_node = self.iris.source(source.id)
            named = self.iris.source_graph(source.id)
            self.add(graph, node, DCTERMS.source, source_node)
            self.add(graph, activity, PROV.used, source_node)
            # Each page's statements are a named graph of their own, replaceable on its own.
            self.add(graph, named, RDF.type, PROV.Entity)
            self.add(graph, named, PROV.wasDerivedFrom, source_node)
        graphs = {name: sorted(lines) for name, lines in self.graphs.items()}
        return recount({**graphs, **self.source_graphs}, self.iris.base)


@cache
def process_terms() -> NTriplesTerms:
    """The terms converted in this process (a pure conversion, remembered within bounds
    while a build maps its record: a mapper is made for each source)."""
    return NTriplesTerms()


PARALLEL_FROM = 200  # sources: below this, sending them to workers costs more than it saves


def source_graph(base: str, claims: SourceClaims) -> list[str]:
    """A source's named graph, mapped from its claims alone (in a worker process, which
    has not the record), its lines sorted there (the graph files want them so)."""
    return sorted(Mapper(KnowledgeBase(parties=claims.parties), base).source_graph_of(claims))


def recount(graphs: Mapping[URIRef, list[str]], base: str) -> MappedGraphs:
    """The named graphs (each its distinct N-Triples lines, sorted), with the dataset's
    void:triples counting every distinct triple, its own included. Called again when
    `kg link` adds a graph of links."""
    term = NTriplesTerms()
    node = term(Iris(base).dataset())
    counted = f"{node} {term(VOID.triples)} "
    dataset = Iris(base).graph("dataset")
    # The graphs as they are (copying 10,000 of them takes a while), but the dataset's,
    # changed here.
    named = dict(sorted(graphs.items()))
    description = [line for line in graphs[dataset] if not line.startswith(counted)]
    named[dataset] = description
    # The distinct lines, sorted: counted here, and what the graph files are written from.
    union = union_of(named.values())
    count = len(union) + 1
    line = f"{counted}{term(literal(count))} ."
    insort(description, line)
    insort(union, line)
    return MappedGraphs(named, count, union, base)


def entry_names(group: ResolvedList) -> list[str]:
    """IRI names of a list's entries: the printed number (`41`: no `40` if the list skips it),
    `41-2` for a number printed twice, `item-3` (its place) in an unnumbered list."""
    names: list[str] = []
    for index, entry in enumerate(group.entries, start=1):
        name = str(entry.position) if entry.position is not None else f"item-{index}"
        candidate, repeat = name, 2
        while candidate in names:
            candidate, repeat = f"{name}-{repeat}", repeat + 1
        names.append(candidate)
    return names


def heading_language(group: ResolvedList) -> str:
    return group.entries[0].language if group.entries else "und"


def date_literal(value: dt.date | None, precision: str = "day") -> Text | None:
    """A day as xsd:date; a month only (`October 2022`) as xsd:gYearMonth, a year only
    (`in 2020`) as xsd:gYear: no day made up."""
    if value is None:
        return None
    if precision == "year":
        return literal(value.isoformat()[:4], datatype=XSD.gYear)
    if precision == "month":
        return literal(value.isoformat()[:7], datatype=XSD.gYearMonth)
    return literal(value.isoformat(), datatype=XSD.date)


def datetime_literal(value: dt.datetime | None) -> Text | None:
    return literal(value.isoformat(), datatype=XSD.dateTime) if value else None


def to_graphs(kb: KnowledgeBase, base: str = DEFAULT_BASE, each: Each = serially) -> MappedGraphs:
    """The named graphs of a knowledge base and their union; each source's graph is a unit
    of work of its own, done by `each` (a runner may take it from its cache)."""
    try:
        return Mapper(kb, base).map(each)
    finally:  # the terms are remembered for one build's mapping, not for a process's life
        process_terms.cache_clear()
