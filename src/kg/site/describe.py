"""The built graph indexed for its pages: every IRI under the base, each with its own
triples, the named graphs (source pages) that state each of them, what points to it, and
a label for everything. Read once from the build's N-Quads; the pages are written from
here, not from a query a page. Indexed by subject and predicate, so that what a page asks
(a value, a label, what points here by a property) costs a look-up, not a scan."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

LABELS = (  # the first that a node has, in this order, is its label
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "https://schema.org/name",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "https://schema.org/headline",
)
# The terms the site's pages, pictures and search read (the build writes them).
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL_ONTOLOGY = "http://www.w3.org/2002/07/owl#Ontology"
SCHEMA = "https://schema.org/"
KG = "https://w3id.org/imcwp/vocab#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG_FORMAL = "http://www.w3.org/ns/org#FormalOrganization"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
SPATIAL = "http://purl.org/dc/terms/spatial"
SIGNATORY = f"{KG}signatory"
NAME_KINDS = (  # a party's names, by kind: its page's table, and what the search finds
    (f"{SKOS}prefLabel", "name"),
    (f"{SKOS}altLabel", "other name"),
    (f"{KG}shortName", "short name"),
    (f"{SKOS}hiddenLabel", "as a list spelled it"),
)

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Stated = tuple[str, ...]  # the named graphs (source pages) that state a fact


@dataclass(frozen=True)
class Fact:
    predicate: str
    value: Term
    stated_in: Stated


@dataclass
class Described:
    """The graph as its pages need it."""

    base: str
    # subject: predicate: value: the graphs that state it
    facts: dict[str, dict[str, dict[Term, Stated]]] = field(default_factory=dict)
    incoming: dict[str, dict[str, list[str]]] = field(
        default_factory=dict
    )  # object: predicate: subjects
    graphs: dict[str, set[str]] = field(default_factory=dict)  # a named graph: its subjects
    described_by: dict[str, list[str]] = field(default_factory=dict)  # document: its IRIs
    sorted_documents: list[str] = field(default_factory=list)
    labels: dict[tuple[str, str], str] = field(default_factory=dict)
    signers: dict[str, Counter[str]] | None = None
    nodes: dict[str, ox.NamedNode] = field(default_factory=dict)
    label_triples: dict[str, list[ox.Triple]] = field(default_factory=dict)

    @classmethod
    def read(cls, quads: Path, base: str, ontology: Path | None = None) -> Described:
        """The graph of a build's N-Quads, and the ontology that defines its own terms
        (their page, `vocab`, describes each at its `#term`), stated in the ontology."""
        described = cls(base)
        described.take(ox.parse(path=str(quads), format=ox.RdfFormat.N_QUADS))
        if ontology is not None:
            terms = list(ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE))
            document = ox.NamedNode(ontology_iri(terms, ontology))
            described.take(ox.Quad(t.subject, t.predicate, t.object, document) for t in terms)
        return described

    def take(self, quads: Iterable[ox.Quad]) -> None:
        # The inner loop of reading a million quads: look-ups before making anything.
        facts, incoming, graphs = self.facts, self.incoming, self.graphs
        alone: dict[str, Stated] = {}  # one shared tuple per graph: most facts have one
        names: dict[str, str] = {}  # one string per predicate, not one per triple
        last_graph, in_graph = None, set()
        for subject_node, predicate_node, value, graph_name in quads:
            if not isinstance(subject_node, ox.NamedNode) or isinstance(value, ox.Triple):
                continue  # the build writes no blank nodes nor quoted triples
            subject, predicate = subject_node.value, predicate_node.value
            predicate = names.setdefault(predicate, predicate)
            if graph_name != last_graph:  # a dataset's quads come a graph at a time
                last_graph = graph_name
                graph = graph_name.value if isinstance(graph_name, ox.NamedNode) else ""
                in_graph = graphs.setdefault(graph, set()) if graph else set()
            by_predicate = facts.get(subject)
            if by_predicate is None:
                by_predicate = facts[subject] = {}
            values = by_predicate.get(predicate)
            if values is None:
                values = by_predicate[predicate] = {}
            stated = values.get(value)
            if stated is None:
                stated = alone.get(graph)
                if stated is None:
                    stated = alone[graph] = (graph,) if graph else ()
                values[value] = stated
                if isinstance(value, ox.NamedNode):
                    by = incoming.get(value.value)
                    if by is None:
                        by = incoming[value.value] = {}
                    subjects = by.get(predicate)
                    if subjects is None:
                        by[predicate] = [subject]
                    else:
                        subjects.append(subject)
            elif graph and graph not in stated:
                values[value] = (*stated, graph)
            in_graph.add(subject)

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
        return [
            Fact(predicate, value, tuple(sorted(stated)))
            for predicate, values in sorted(self.facts.get(iri, {}).items())
            for value, stated in sorted(values.items(), key=lambda item: str(item[0]))
        ]

    def values(self, iri: str, predicate: str) -> list[Term]:
        found = self.facts.get(iri, {}).get(predicate)
        if not found:
            return []
        return sorted(found, key=str) if len(found) > 1 else list(found)

    def first(self, iri: str, predicate: str) -> Term | None:
        values = self.values(iri, predicate)
        return values[0] if values else None

    def types(self, iri: str) -> set[str]:
        return {v.value for v in self.values(iri, RDF_TYPE) if isinstance(v, ox.NamedNode)}

    def label(self, iri: str, language: str = "en") -> str:
        """A node's name for people: its label in `language`, else in any, else its IRI's
        last part."""
        known = self.labels.get((iri, language))
        if known is None:
            known = self.labels[(iri, language)] = self.find_label(iri, language)
        return known

    def find_label(self, iri: str, language: str) -> str:
        for predicate in LABELS:
            names = [v for v in self.values(iri, predicate) if isinstance(v, ox.Literal)]
            chosen = [n for n in names if n.language == language] or names
            if chosen:
                return chosen[0].value
        return iri.rstrip("/").rsplit("/", 1)[-1].split("#")[-1]

    def pointing_to(self, iri: str, predicate: str | None = None) -> list[str]:
        by = self.incoming.get(iri, {})
        if predicate is not None:
            return sorted(set(by.get(predicate, ())))
        return sorted({subject for subjects in by.values() for subject in subjects})

    def co_signers(self, party: str) -> Counter[str]:
        """How many declarations `party` signed with each other party (counted for all
        parties at once: a party's page and the network picture both ask)."""
        return self.count_co_signers().get(party, Counter())

    def count_co_signers(self) -> dict[str, Counter[str]]:
        if self.signers is None:
            self.signers = defaultdict(Counter)
            for declaration in self.subjects_with(SIGNATORY):
                signers = [p.value for p in self.values(declaration, SIGNATORY)]
                for one in signers:
                    self.signers[one].update(signers)
            for one, counts in self.signers.items():
                del counts[one]
        return self.signers

    def subjects_with(self, predicate: str) -> list[str]:
        """The IRIs that have a `predicate` at all."""
        return sorted(s for s, by in self.facts.items() if predicate in by)

    def objects_with(self, predicate: str) -> list[str]:
        """The IRIs that are a `predicate`'s value at all."""
        return sorted(o for o, by in self.incoming.items() if predicate in by)

    def description(self, document: str) -> list[ox.Triple]:
        """A document's triples for its .ttl and .jsonld: those of the IRIs it describes
        and the labels of what they point to. A source page's named graph is described
        (its page links the pages it states facts about), not copied: what it states is
        on those pages, and in bulk in the build's graph.nq. Each subject's triples
        together, in the order the graph was read: the same each time."""
        if document not in self.facts:  # a named graph no fact describes: what it states
            return self.content(document) if document in self.graphs else []
        triples: list[ox.Triple] = []
        linked: dict[str, None] = {}
        subjects = self.subjects_of(document)
        for subject in subjects:
            for predicate, values in self.facts.get(subject, {}).items():
                for value in values:
                    triples.append(self.triple(subject, predicate, value))
                    if isinstance(value, ox.NamedNode):
                        linked[value.value] = None
        described = set(subjects)
        for iri in (iri for iri in linked if iri not in described):
            triples += self.labels_of(iri)
        return triples

    def content(self, graph: str) -> list[ox.Triple]:
        """What a named graph (a source page's) states."""
        return [
            self.triple(subject, predicate, value)
            for subject in sorted(self.graphs[graph])
            for predicate, values in self.facts[subject].items()
            for value, stated in values.items()
            if graph in stated
        ]

    def labels_of(self, iri: str) -> list[ox.Triple]:
        """A node's label triples, made once: a party's are in thousands of descriptions."""
        known = self.label_triples.get(iri)
        if known is None:
            by = self.facts.get(iri, {})
            known = [self.triple(iri, p, v) for p in LABELS for v in by.get(p, ())]
            self.label_triples[iri] = known
        return known

    def triple(self, subject: str, predicate: str, value: Term) -> ox.Triple:
        return ox.Triple(self.node(subject), self.node(predicate), value)

    def node(self, iri: str) -> ox.NamedNode:
        known = self.nodes.get(iri)
        if known is None:
            known = self.nodes[iri] = ox.NamedNode(iri)
        return known


def ontology_iri(terms: list[ox.Quad], ontology: Path) -> str:
    """The IRI of the `owl:Ontology` that the file `ontology`, read as `terms`, defines."""
    for quad in terms:
        if quad.object == ox.NamedNode(OWL_ONTOLOGY) and isinstance(quad.subject, ox.NamedNode):
            return quad.subject.value
    raise ValueError(f"{ontology}: no owl:Ontology in it")
