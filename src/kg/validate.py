"""Validation against the project's SHACL shapes (pyshacl), with a report people can act on."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyshacl
from rdflib import BNode, Graph, URIRef
from rdflib import query as rdflib_query
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from kg.errors import ConfigurationError
from kg.vocab import DEFAULT_BASE, SCHEMA_HTTP, prefixes

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
            f"  {self.count('Violation')} violations, {self.count('Warning')} warnings, "
            f"{self.count('Info')} infos",
        ]
        groups: dict[tuple[str, str, str], list[Result]] = defaultdict(list)
        for result in self.results:
            groups[(result.severity, result.shape, result.message)].append(result)
        for (severity, shape, message), results in sorted(
            groups.items(), key=lambda item: (severity_rank(item[0][0]), item[0][1])
        ):
            lines.append("")
            lines.append(f"{severity}: {message} [{local_name(shape)}, {len(results)} nodes]")
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
    conforms, report_graph, _ = pyshacl.validate(
        PreparedQueries(data),
        shacl_graph=shapes_graph(),
        inference="none",
        allow_warnings=True,
        allow_infos=True,
    )
    results = []
    for node in report_graph.subjects(RDF.type, SH.ValidationResult):
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
                focus=str(report_graph.value(node, SH.focusNode)),
                path=str(path) if path is not None else None,
                value=str(value) if value is not None else None,
                shape=str(shape),
                message=str(message) if message is not None else str(shape),
            )
        )
    results.sort(
        key=lambda r: (severity_rank(r.severity), r.shape, r.focus, r.path or "", r.value or "")
    )
    return ValidationReport(bool(conforms), tuple(results), skolemise(report_graph, base))


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
