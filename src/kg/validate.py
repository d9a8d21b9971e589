"""Validation against the project's SHACL shapes, by a native engine (shacl), with a
report people can act on. pySHACL, the reference, is the tests' oracle: they require the
same results from both on every case."""

from __future__ import annotations

import hashlib
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.errors import ConfigurationError, InputError
from kg.rdf.terms import line_blocks, ntriples_lines
from kg.run.cache import key_of
from kg.text import counted
from kg.vocab import DEFAULT_BASE, SCHEMA_HTTP, prefixes

if TYPE_CHECKING:
    import shacl

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
    report_lines: tuple[str, ...]  # the SHACL report's N-Triples, without its root
    base: str = DEFAULT_BASE

    @cached_property
    def graph(self) -> Graph:
        """The SHACL report, blank nodes replaced by deterministic IRIs (made when asked
        for: an unchanged rebuild reports the verdict without writing it again)."""
        graph = Graph(bind_namespaces="none")
        for prefix, namespace in prefixes(self.base).items():
            graph.bind(prefix, namespace)
        graph.parse(data="\n".join(sorted(self.report_lines)), format="nt")
        report = URIRef(f"{self.base}validation/report")
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(self.conforms)))
        for result in graph.subjects(RDF.type, SH.ValidationResult):
            graph.add((report, SH.result, result))
        return graph

    def __getstate__(self) -> dict[str, object]:  # kept without the graph made from it
        return {name: value for name, value in self.__dict__.items() if name != "graph"}

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
def compiled_shapes() -> shacl.Shapes:
    """The shapes compiled once by the native engine (shacl: Rust, the whole graph in one
    pass; pySHACL, which the tests hold it to, took minutes where it takes seconds). It is
    loaded here, when a command validates, so that an install whose engine cannot load
    says so there and every other command still runs."""
    try:
        import shacl
    except ImportError as err:
        raise ConfigurationError(
            f"the SHACL engine (shacl) cannot be loaded: {err}",
            hint="install kg's dependencies again (make setup, or pip install -e .)",
        ) from err
    try:
        shapes = shacl.Shapes.from_file(str(SHAPES_FILE))
    except (OSError, ValueError, RuntimeError) as err:
        raise ConfigurationError(f"cannot read the shapes: {err}", source=str(SHAPES_FILE)) from err
    if len(shapes) == 0:  # the engine takes a file of no shapes, and everything conforms
        raise ConfigurationError("the shapes file holds no shapes", source=str(SHAPES_FILE))
    return shapes


def engine_version() -> str:
    """The native engine's version: in the cache keys of its results."""
    from importlib.metadata import version

    return version("shacl")


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


def validate(data: Graph, base: str = DEFAULT_BASE) -> ValidationReport:
    """Validate `data` against the shapes. Non-conformance is a result, not an exception."""
    with tempfile.TemporaryDirectory(prefix="kg-validation-") as folder:
        path = Path(folder) / "graph.nt"
        with path.open("wb") as stream:
            stream.writelines(line_blocks(ntriples_lines(data)))
        return validate_file(path, base)


def validate_file(path: Path, base: str = DEFAULT_BASE) -> ValidationReport:
    """Validate the graph in `path` (N-Triples; the engine reads the file: as one Python
    text, a build's graph took a gigabyte at 10,000 pages) in one pass."""
    return report_of(checked(path, base), base)


def validation_key(digest: str) -> str:
    """What the results for a graph of that digest depend on: the code's digest in the key
    covers the shapes, the engine's version its results."""
    return key_of("validation", engine_version(), digest)


@dataclass(frozen=True)
class Checked:
    """What the shapes found: the results and their report triples."""

    results: tuple[Result, ...]
    report_lines: tuple[str, ...]  # N-Triples, blank nodes named as `skolemise` names them


def checked(data: Path, base: str) -> Checked:
    """The results of the shapes on the graph in `data` (an N-Triples file)."""
    return read_report(native_report(data), base)


def native_report(data: Path) -> Graph:
    """The native engine's SHACL report on the graph in `data` (an N-Triples file), worded
    as pySHACL words it."""
    shapes = compiled_shapes()
    try:
        engine = shapes.validate_file(str(data), allow_warnings=True)
        text = engine.serialize("ntriples")
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as err:  # a panic in the engine is a BaseException (PyO3's)
        raise InputError(
            f"the SHACL engine could not validate the graph: {type(err).__name__}: {err}",
            hint="an IRI or a literal it cannot read is the likely cause; the message names it",
        ) from err
    report = Graph(bind_namespaces="none").parse(data=text, format="nt")
    messages_as_pyshacl_gives_them(report)
    return report


def read_report(report_graph: Graph, base: str) -> Checked:
    """A SHACL report's results, and its result triples with their blank nodes named."""
    kept = Graph(bind_namespaces="none")
    results = []
    for node in report_graph.subjects(RDF.type, SH.ValidationResult):
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
                focus=str(report_graph.value(node, SH.focusNode)),
                path=str(path) if path is not None else None,
                value=str(value) if value is not None else None,
                shape=str(shape),
                message=str(message) if message is not None else str(shape),
            )
        )
    lines = ntriples_lines(skolemise(kept, base))
    return Checked(tuple(results), tuple(lines))


def messages_as_pyshacl_gives_them(report: Graph) -> None:
    """The one difference between the two engines' reports, made the same: pySHACL gives
    a SPARQL constraint's message without its language tag (the report kg has always
    written), shacl keeps it."""
    for result in set(report.subjects(SH.sourceConstraint)):
        for message in list(report.objects(result, SH.resultMessage)):
            if isinstance(message, Literal) and message.language:
                report.remove((result, SH.resultMessage, message))
                report.add((result, SH.resultMessage, Literal(str(message))))


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


def report_of(checked: Checked, base: str) -> ValidationReport:
    """The report of the results, sorted; conforms when none is a violation."""
    results = sorted(
        checked.results,
        key=lambda r: (severity_rank(r.severity), r.shape, r.focus, r.path or "", r.value or ""),
    )
    conforms = not any(r.severity == "Violation" for r in results)
    return ValidationReport(conforms, tuple(results), checked.report_lines, base)


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
