"""The built graph indexed for its pages: every IRI under the base, each with its own
triples, the named graphs (source pages) that state each of them, what points to it, and
a label for everything. Read once from the build's N-Quads; the pages are written from
here, not from a query a page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

LABELS = (  # the first that a node has, in this order, is its label
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "https://schema.org/name",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "https://schema.org/headline",
)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass(frozen=True)
class Fact:
    predicate: str
    value: Term
    stated_in: tuple[str, ...]  # the named graphs (a source page's) that state it


@dataclass
class Described:
    """The graph as its pages need it."""

    base: str
    facts: dict[str, dict[tuple[str, Term], set[str]]] = field(
        default_factory=lambda: defaultdict(dict)
    )  # subject: (predicate, value): graphs
    incoming: dict[str, set[tuple[str, str]]] = field(
        default_factory=lambda: defaultdict(set)
    )  # object: (subject, predicate)
    graphs: dict[str, list[ox.Triple]] = field(default_factory=lambda: defaultdict(list))
    described_by: dict[str, list[str]] = field(default_factory=dict)  # document: its IRIs
    sorted_documents: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, quads: Path, base: str) -> Described:
        described = cls(base)
        for quad in ox.parse(path=str(quads), format=ox.RdfFormat.N_QUADS):
            subject, predicate, value = quad.subject, quad.predicate.value, quad.object
            graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
            if not isinstance(subject, ox.NamedNode) or isinstance(value, ox.Triple):
                continue  # the build writes no blank nodes nor quoted triples
            described.facts[subject.value].setdefault((predicate, value), set()).add(graph)
            if isinstance(value, ox.NamedNode):
                described.incoming[value.value].add((subject.value, predicate))
            if graph:
                described.graphs[graph].append(ox.Triple(subject, quad.predicate, value))
        return described

    # -- what has a page ------------------------------------------------------------------

    def documents(self) -> list[str]:
        """Every document IRI under the base (an IRI without its `#fragment`), sorted:
        subjects, objects and named graphs alike."""
        if not self.described_by:
            found: dict[str, list[str]] = defaultdict(list)
            for iri in sorted({*self.facts, *self.incoming, *self.graphs}):
                if iri.startswith(self.base):
                    found[iri.split("#", 1)[0]].append(iri)
            self.described_by = dict(found)
            self.sorted_documents = sorted(self.described_by)
        return self.sorted_documents

    def path(self, iri: str) -> str:
        """The site path of a document IRI: `party/gr-kke`; the base itself is `index`."""
        return iri.removeprefix(self.base).split("#", 1)[0].strip("/") or "index"

    def subjects_of(self, document: str) -> list[str]:
        """The IRIs a document describes: itself and its `#fragments`."""
        self.documents()
        return self.described_by.get(document, [document])

    # -- what a page shows ----------------------------------------------------------------

    def facts_of(self, iri: str) -> list[Fact]:
        found = self.facts.get(iri, {})
        return sorted(
            (Fact(p, v, tuple(sorted(g for g in graphs if g))) for (p, v), graphs in found.items()),
            key=lambda fact: (fact.predicate, str(fact.value)),
        )

    def values(self, iri: str, predicate: str) -> list[Term]:
        return sorted(
            (v for (p, v) in self.facts.get(iri, {}) if p == predicate), key=lambda v: str(v)
        )

    def types(self, iri: str) -> set[str]:
        return {v.value for v in self.values(iri, RDF_TYPE) if isinstance(v, ox.NamedNode)}

    def label(self, iri: str, language: str = "en") -> str:
        """A node's name for people: its label in `language`, else in any, else its IRI's
        last part."""
        for predicate in LABELS:
            names = [v for v in self.values(iri, predicate) if isinstance(v, ox.Literal)]
            chosen = [n for n in names if n.language == language] or names
            if chosen:
                return chosen[0].value
        return iri.rstrip("/").rsplit("/", 1)[-1].split("#")[-1]

    def pointing_to(self, iri: str, predicate: str | None = None) -> list[str]:
        return sorted(s for s, p in self.incoming.get(iri, ()) if predicate in (None, p))

    def description(self, document: str) -> list[ox.Triple]:
        """A document's triples for its .ttl and .jsonld: those of the IRIs it describes
        (a named graph's are its content), and the labels of what they point to."""
        if document in self.graphs and document not in self.facts:
            return sorted(set(self.graphs[document]), key=str)
        triples: set[ox.Triple] = set()
        for subject in self.subjects_of(document):
            for predicate, value in self.facts.get(subject, {}):
                triples.add(ox.Triple(ox.NamedNode(subject), ox.NamedNode(predicate), value))
                if isinstance(value, ox.NamedNode):
                    triples |= self.labels_of(value.value)
        return sorted(triples, key=str)

    def labels_of(self, iri: str) -> set[ox.Triple]:
        return {
            ox.Triple(ox.NamedNode(iri), ox.NamedNode(p), v)
            for (p, v) in self.facts.get(iri, {})
            if p in LABELS
        }
