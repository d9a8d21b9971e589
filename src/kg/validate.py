"""Validation against the project's SHACL shapes (pyshacl), with a report people can act on."""

from __future__ import annotations

import gc
import hashlib
import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pyshacl
from pyshacl.graph_abstraction import DataGraph
from pyshacl.pytypes import SHACLExecutor
from rdflib import BNode, Graph, Literal, URIRef
from rdflib import query as rdflib_query
from rdflib.namespace import RDF, RDFS, SH
from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from kg.cache import BuildCache, key_of
from kg.errors import ConfigurationError
from kg.serialize import XSD_STRING, joined, ntriples_lines
from kg.text import counted
from kg.vocab import DEFAULT_BASE, SCHEMA, SCHEMA_HTTP, prefixes

SHAPES_FILE = Path(__file__).parent / "data" / "kg-shapes.ttl"


@dataclass(frozen=True)
class Result:
    """One validation result, in terms a person can act on."""

    severity: str  # "Violation", "Warning", "Info"
    focus: str
    path: str | None
    value: str | None
    shape: str
    message: str


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool  # no violations (warnings and infos are advisory)
    results: tuple[Result, ...]
    graph: Graph  # the SHACL report, blank nodes replaced by deterministic IRIs

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def summary(self) -> str:
        """A human-readable summary: the verdict, then each kind of result with its nodes."""
        verdict = "conforms" if self.conforms else "DOES NOT CONFORM"
        lines = [
            f"Validation against the kg shapes: {verdict}",
            f"  {counted(self.count('Violation'), 'violation')}, "
            f"{counted(self.count('Warning'), 'warning')}, "
            f"{counted(self.count('Info'), 'info')}",
        ]
        groups: dict[tuple[str, str, str], list[Result]] = defaultdict(list)
        for result in self.results:
            groups[(result.severity, result.shape, result.message)].append(result)
        for (severity, shape, message), results in sorted(
            groups.items(), key=lambda item: (severity_rank(item[0][0]), item[0][1])
        ):
            lines.append("")
            lines.append(
                f"{severity}: {message} [{local_name(shape)}, {counted(len(results), 'node')}]"
            )
            for result in results[:10]:
                detail = f"  - {result.focus}"
                if result.value is not None:
                    detail += f"  value: {result.value}"
                lines.append(detail)
            if len(results) > 10:
                lines.append(f"  … and {len(results) - 10} more (see validation.ttl)")
        return "\n".join(lines) + "\n"


def severity_rank(severity: str) -> int:
    return {"Violation": 0, "Warning": 1, "Info": 2}.get(severity, 3)


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@cache
def shapes_graph() -> Graph:
    try:
        return Graph().parse(SHAPES_FILE, format="turtle")
    except (OSError, SyntaxError) as err:
        raise ConfigurationError(f"cannot read the shapes: {err}", source=str(SHAPES_FILE)) from err


@cache
def validation_shapes() -> Graph:
    """The shapes as pyshacl runs them: each node shape's property shapes carry its targets
    themselves instead of hanging from it by sh:property. The results are the same (a
    property shape's results name it as their source either way, and no shape refers to a
    node shape by sh:node or a logical constraint), but pyshacl checks a property shape
    under a node shape once per focus node, rebuilding its constraints every time, and a
    targeted one once for all its focus nodes (on a batch of 37,000 triples, 1.4 s became
    0.65 s). A test holds the results to those of the shapes as written."""
    shapes = Graph(bind_namespaces="none")
    for triple in shapes_graph():
        shapes.add(triple)
    for node_shape, property_shape in shapes_graph().subject_objects(SH.property):
        if shapes_graph().value(node_shape, SH.deactivated) == Literal(True):
            continue  # its property shapes are not checked through it
        for target in TARGETS:
            for value in shapes_graph().objects(node_shape, target):
                shapes.add((property_shape, target, value))
        shapes.remove((node_shape, SH.property, property_shape))
    return shapes


TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


@cache
def predicates_looked_at() -> frozenset[str] | None:
    """The predicates (N-Triples terms) the shapes can look at: every IRI they name (paths,
    targets, classes), the predicates their SPARQL queries name, and rdfs:subClassOf (which
    sh:class follows). Shapes are open (no sh:closed), so a triple of any other predicate
    changes no result. None when a query may read any predicate (a variable, or a negated
    path, in a predicate's place) or cannot be read here."""
    shapes = validation_shapes()
    names = {f"<{node}>" for triple in shapes for node in triple if isinstance(node, URIRef)}
    namespaces = {prefix: str(namespace) for prefix, namespace in shapes.namespaces()}
    for declaration in shapes.objects(None, SH.declare):
        prefix, namespace = (
            shapes.value(declaration, SH.prefix),
            shapes.value(declaration, SH.namespace),
        )
        if prefix is not None and namespace is not None:
            namespaces[str(prefix)] = str(namespace)
    for query in (*shapes.objects(None, SH.select), *shapes.objects(None, SH.ask)):
        named = query_predicates(str(query), namespaces)
        if named is None:
            return None
        names |= named
    return frozenset(names | {SUBCLASS})


def query_predicates(text: str, namespaces: Mapping[str, str]) -> set[str] | None:
    """The predicates (N-Triples terms) a SPARQL query's triple patterns and property paths
    name; None when it may read any predicate, or cannot be parsed."""
    try:
        algebra = prepareQuery(text, initNs=namespaces).algebra
    except Exception:  # rdflib's parser raises many kinds; all mean "not known here"
        return None
    found: set[str] = set()

    def named(path: object) -> bool:  # False: any predicate may match
        if isinstance(path, URIRef):
            found.add(f"<{path}>")
            return True
        if isinstance(path, SequencePath | AlternativePath):
            return all(named(part) for part in path.args)
        if isinstance(path, MulPath):
            return named(path.path)
        if isinstance(path, InvPath):
            return named(path.arg)
        return False  # a variable or a negated path

    def walk(node: object) -> bool:
        if isinstance(node, CompValue):
            triples = dict.get(node, "triples") or []  # CompValue.get falls back to the key
            return all(named(triple[1]) for triple in triples) and all(
                walk(value) for value in node.values()
            )
        if isinstance(node, list | tuple):
            return all(walk(value) for value in node)
        return True

    return found if walk(algebra) else None


def normalise_schema_namespace(graph: Graph) -> int:
    """Rewrite `http://schema.org/` terms to the one form the project uses (`https://`).

    Returns how many triples were rewritten, so that callers can say so.
    """

    def fix(node: Node) -> Node:
        if isinstance(node, URIRef) and str(node).startswith(SCHEMA_HTTP):
            return URIRef("https://schema.org/" + str(node)[len(SCHEMA_HTTP) :])
        return node

    changed = [t for t in graph if any(fix(n) is not n for n in t)]
    for triple in changed:
        graph.remove(triple)
        graph.add((fix(triple[0]), fix(triple[1]), fix(triple[2])))
    return len(changed)


class PreparedQueries(Graph):
    """The data graph as pyshacl reads it (the same store, no copy), with each SPARQL
    constraint's query parsed once: pyshacl passes the same text for every focus node, and
    parsing it took three quarters of the validation of a 300-page corpus. A prepared
    query is rdflib's way to run one query with different bindings."""

    def __init__(self, data: Graph) -> None:
        # Binding no prefixes: they live in the shared store, and the output uses them.
        super().__init__(store=data.store, identifier=data.identifier, bind_namespaces="none")
        self.prepared: dict[str, Query] = {}

    def query(
        self,
        query_object: str | Query,
        processor: str | rdflib_query.Processor = "sparql",
        result: str | type[rdflib_query.Result] = "sparql",
        initNs: Mapping[str, Any] | None = None,
        initBindings: Mapping[str, Any] | None = None,
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> rdflib_query.Result:
        plain = processor == result == "sparql" and not initNs and not kwargs
        if isinstance(query_object, str) and plain:
            if query_object not in self.prepared:
                # With the store's prefixes, as rdflib's query() would give a text query.
                self.prepared[query_object] = prepareQuery(
                    query_object, initNs=dict(self.namespaces())
                )
            query_object = self.prepared[query_object]
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


def validate(data: Graph, base: str = DEFAULT_BASE) -> ValidationReport:
    """Validate `data` against the shapes. Non-conformance is a result, not an exception."""
    return merged([checked(data, base)], base)


@dataclass(frozen=True)
class Checked:
    """What the shapes found in one batch: its results and their report triples."""

    results: tuple[Result, ...]
    report_lines: tuple[str, ...]  # N-Triples, blank nodes named as `skolemise` names them


def checked(data: Graph, base: str, focus: frozenset[str] | None = None) -> Checked:
    """The results of the shapes on `data`, those about nodes in `focus` (N-Triples terms)
    only when given."""
    _, report_graph, _ = FocusedValidator(data, focus).run()  # type: ignore[no-untyped-call]
    kept = Graph(bind_namespaces="none")
    results = []
    for node in report_graph.subjects(RDF.type, SH.ValidationResult):
        focus_node = report_graph.value(node, SH.focusNode)
        if focus is not None and (focus_node is None or focus_node.n3() not in focus):
            continue
        for triple in closure(report_graph, node):
            kept.add(triple)
        severity = report_graph.value(node, SH.resultSeverity)
        # A SPARQL constraint is named on its own; the shape holding it is less precise.
        shape = report_graph.value(node, SH.sourceConstraint) or report_graph.value(
            node, SH.sourceShape
        )
        message = report_graph.value(node, SH.resultMessage)
        path = report_graph.value(node, SH.resultPath)
        value = report_graph.value(node, SH.value)
        results.append(
            Result(
                severity=local_name(str(severity)),
                focus=str(focus_node),
                path=str(path) if path is not None else None,
                value=str(value) if value is not None else None,
                shape=str(shape),
                message=str(message) if message is not None else str(shape),
            )
        )
    lines = ntriples_lines(skolemise(kept, base))
    return Checked(tuple(results), tuple(lines))


class FocusedValidator(pyshacl.Validator):
    """pyshacl's validator on the data graph as `PreparedQueries`, checking the nodes of
    `focus` (N-Triples terms) only, when given. pyshacl's own `focus_nodes` option looks
    each target up in a list, quadratic in a batch's size; a set gives the same answer."""

    def __init__(self, data: Graph, focus: frozenset[str] | None) -> None:
        options = {"inference": "none", "allow_warnings": True, "allow_infos": True}
        super().__init__(
            DataGraph.from_rdflib(PreparedQueries(data)),
            shacl_graph=validation_shapes(),
            options=options,
        )
        self.focus = None if focus is None else frozenset(URIRef(n[1:-1]) for n in focus)

    def make_executor(self) -> SHACLExecutor:
        executor = super().make_executor()
        if self.focus:
            executor.focus_nodes = self.focus  # type: ignore[assignment]  # only `in` is used
        return executor


def closure(graph: Graph, node: Node) -> list[tuple[Node, Node, Node]]:
    """The triples of `node` and of the blank nodes it leads to (a result and its path)."""
    found, todo, seen = [], [node], {node}
    while todo:
        subject = todo.pop()
        for p, o in graph.predicate_objects(subject):
            found.append((subject, p, o))
            if isinstance(o, BNode) and o not in seen:
                seen.add(o)
                todo.append(o)
    return found


def merged(batches: Sequence[Checked], base: str) -> ValidationReport:
    """One report of the results of every batch, sorted; conforms when none is a violation."""
    results = sorted(
        (r for batch in batches for r in batch.results),
        key=lambda r: (severity_rank(r.severity), r.shape, r.focus, r.path or "", r.value or ""),
    )
    conforms = not any(r.severity == "Violation" for r in results)
    lines = sorted({line for batch in batches for line in batch.report_lines})
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in prefixes(base).items():
        graph.bind(prefix, namespace)
    graph.parse(data="\n".join(lines), format="nt")
    report = URIRef(f"{base}validation/report")
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(conforms)))
    for result in graph.subjects(RDF.type, SH.ValidationResult):
        graph.add((report, SH.result, result))
    return ValidationReport(conforms, tuple(results), graph)


# Validating the build batch by batch. The shapes look at a focus node's own triples, at
# the types of the nodes they point to (sh:class, with rdfs:subClassOf) and, for places,
# along schema:containedInPlace to a country; nothing else (no inverse paths, no sh:node,
# no query over other nodes). A batch holds, for each of its nodes, every triple of the
# build about it (from every named graph) whose predicate a shape can look at (a sixth of
# the build's triples are provenance and list bookkeeping no shape reads), the types of
# the nodes those triples point to, their containedInPlace chains and any subclass
# triples: so each node's results in its batch are its results in the whole graph.
# Results about the extra nodes a batch holds (only their types) are dropped: those nodes
# are validated in their own batch.
# A node's batch is chosen by the first named graph that describes it, hashed into a
# number of batches: a page's nodes stay together, and a batch stays the same as pages
# come and go, so a rebuild validates only the batches a change touched. The number is a
# power of two that keeps batches near BATCH_LINES: pyshacl's time per triple grows with
# the size of the graph it is given (a third more at 90k triples than at 25k), and each
# batch costs a fixed start. Being a power of two, it changes only when the build doubles
# or halves (that one rebuild validates every batch again).

BATCH_LINES = 25_000
TYPE = f"<{RDF.type}>"
SUBCLASS = f"<{RDFS.subClassOf}>"
CONTAINED_IN = f"<{SCHEMA.containedInPlace}>"


@dataclass(frozen=True)
class Batch:
    focus: tuple[str, ...]  # N-Triples terms of the nodes it validates
    lines: tuple[str, ...]  # sorted N-Triples lines of its data

    def key(self) -> str:  # the code's digest in the key covers the shapes file
        # An N-Triples line or term holds no newline: joined, they still tell apart.
        return key_of("validation", "\n".join(self.focus), "\n".join(self.lines))


def batch_count(graphs: Mapping[URIRef, Collection[str]]) -> int:
    """How many batches to cut the build into: the power of two nearest to its size in
    batches of BATCH_LINES."""
    lines = sum(len(triples) for triples in graphs.values())
    return 1 << max(0, round(math.log2(max(lines, 1) / BATCH_LINES)))


def batches_of(graphs: Mapping[URIRef, Iterable[str]], count: int) -> list[Batch]:
    """The build's named graphs (N-Triples lines), cut into batches to validate one by one."""
    # It makes a set for each node of the build and no reference cycles: the collector's
    # passes over them took a quarter of its time (2 s at 10k pages).
    with collection_paused():
        return cut_into_batches(graphs, count)


@contextmanager
def collection_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def cut_into_batches(graphs: Mapping[URIRef, Iterable[str]], count: int) -> list[Batch]:
    about: dict[str, set[str]] = defaultdict(set)  # subject: its triples (N-Triples lines)
    home: dict[str, str] = {}  # subject: the first named graph that describes it
    pointed: dict[str, set[str]] = defaultdict(set)  # subject: the IRIs its triples point to
    support: dict[str, set[str]] = defaultdict(set)  # node: its type and chain triples
    parents: dict[str, list[str]] = defaultdict(list)  # place: the places it lies in
    subclasses: set[str] = set()
    looked_at = predicates_looked_at()
    for name, triples in graphs.items():
        graph = str(name)
        for triple in triples:
            subject, predicate, rest = triple.split(" ", 2)
            if looked_at is not None and predicate not in looked_at:
                continue  # no shape reads it: left out, the results are the same
            obj = rest[:-2]  # without ` .`
            about[subject].add(triple)
            if subject not in home or graph < home[subject]:
                home[subject] = graph
            if obj.startswith("<"):
                pointed[subject].add(obj)
            if predicate in (TYPE, CONTAINED_IN):
                support[subject].add(triple)
            if predicate == CONTAINED_IN:
                parents[subject].append(obj)
            elif predicate == SUBCLASS:
                subclasses.add(triple)
    batch_of_graph = {
        graph: int(hashlib.sha256(graph.encode()).hexdigest()[:8], 16) % count
        for graph in set(home.values())
    }
    members: dict[int, list[str]] = defaultdict(list)
    for subject in sorted(about):
        members[batch_of_graph[home[subject]]].append(subject)
    batches = []
    for number in sorted(members):
        focus = members[number]
        lines = set(subclasses)
        reached: set[str] = set()
        todo = [o for subject in focus for o in pointed[subject]]
        while todo:  # the nodes pointed to, and the places they lie in
            node = todo.pop()
            if node not in reached:
                reached.add(node)
                lines.update(support.get(node, ()))
                todo.extend(parents.get(node, ()))
        for subject in focus:
            lines.update(about[subject])
        batches.append(Batch(tuple(focus), tuple(sorted(lines))))
    return batches


def validate_graphs(
    graphs: Mapping[URIRef, Collection[str]],
    base: str = DEFAULT_BASE,
    cache: BuildCache | None = None,
    workers: int | None = None,
    count: int | None = None,
) -> ValidationReport:
    """Validate a build (its named graphs' N-Triples lines) batch by batch, with the same
    results as validating the union of its graphs at once; batches whose data did not change
    since the last build are taken from the cache, the others are validated in worker
    processes."""
    batches = batches_of(graphs, count or batch_count(graphs))

    def heavy(left: Sequence[tuple[object, ...]]) -> bool:
        lines = sum(len(batch.lines) for batch, _ in left if isinstance(batch, Batch))
        return lines >= PARALLEL_FROM_LINES

    checks = (cache or BuildCache(None)).computed(
        "validation",
        [batch.key() for batch in batches],
        check_batch,
        [(batch, base) for batch in batches],
        workers,
        parallel=heavy,
        what="validating",
    )
    return merged(checks, base)


PARALLEL_FROM_LINES = 20_000  # triples: below this, starting worker processes costs more


def check_batch(batch: Batch, base: str) -> Checked:
    """One batch validated (in a worker process when there are many)."""
    data = Graph(bind_namespaces="none")
    term = RdflibTerms()
    triples = ox.parse(joined(batch.lines), format=ox.RdfFormat.N_TRIPLES)
    data.addN((term(t.subject), term(t.predicate), term(t.object), data) for t in triples)
    return checked(data, base, frozenset(batch.focus))


class RdflibTerms:
    """pyoxigraph terms as rdflib terms, each distinct term once: reading a batch this way
    takes two thirds of the time of rdflib's N-Triples parser."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, str | None, str | None], Node] = {}

    def __call__(self, term: Any) -> Node:
        literal = isinstance(term, ox.Literal)
        datatype = term.datatype.value if literal else None
        key = (term.value, term.language if literal else None, datatype)
        known = self.known.get(key)
        if known is None:
            if not literal:
                known = URIRef(term.value)  # kg's graphs have no blank nodes
            elif term.language:
                known = Literal(term.value, lang=term.language)
            elif datatype == XSD_STRING:
                known = Literal(term.value)
            else:
                known = Literal(term.value, datatype=URIRef(term.datatype.value))
            self.known[key] = known
        return known


def skolemise(report: Graph, base: str) -> Graph:
    """The report with each blank node named by a hash of what it says: stable across runs."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in prefixes(base).items():
        graph.bind(prefix, namespace)

    def describe(node: Node, seen: frozenset[Node] = frozenset()) -> str:
        if not isinstance(node, BNode):
            return node.n3()
        parts = sorted(
            f"{p.n3()} {describe(o, seen | {node}) if o not in seen else '_'}"
            for p, o in report.predicate_objects(node)
        )
        return "[" + " ; ".join(parts) + "]"

    names: dict[Node, URIRef] = {}
    for node in sorted(
        {n for t in report for n in (t[0], t[2]) if isinstance(n, BNode)}, key=describe
    ):
        digest = hashlib.sha256(describe(node).encode()).hexdigest()[:16]
        names[node] = URIRef(f"{base}validation/{digest}")

    def name(node: Node) -> Node:
        return names.get(node, node)

    for s, p, o in report:
        graph.add((name(s), p, name(o)))
    return graph
