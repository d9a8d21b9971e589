"""Reading an RDF file someone gives kg (`kg validate`), on the machine alone.

pyoxigraph parses every format: it never fetches anything a file names (a remote JSON-LD
`@context`, `owl:imports`), so a file cannot make kg reach out to the network or wait on a
server. Named graphs are merged. Literals whose text is not of their datatype
(`"2018-13-45"^^xsd:date`) are kept and reported, term by term.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError
from kg.rdf.formats import Format

PARSERS = {
    Format.TURTLE: ox.RdfFormat.TURTLE,
    Format.NTRIPLES: ox.RdfFormat.N_TRIPLES,
    Format.JSONLD: ox.RdfFormat.JSON_LD,
    Format.TRIG: ox.RdfFormat.TRIG,
    Format.NQUADS: ox.RdfFormat.N_QUADS,
}


@dataclass
class ReadGraph:
    graph: Graph
    ill_typed: list[tuple[Node, Node, Literal]] = field(default_factory=list)


@contextmanager
def quiet_rdflib_terms() -> Iterator[None]:
    """rdflib logs a traceback for each ill-typed literal it makes; kg reports them itself."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def rdflib_term(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise InputError(f"an RDF-star triple term ({term}) is not supported")


def read_graph(path: Path) -> ReadGraph:
    """The graph in `path` (format told by its extension), or an `InputError` that says what
    is wrong with the file: missing, unreadable, not that format, empty, or naming a remote
    JSON-LD context."""
    rdf_format = Format.from_path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise InputError("no such file", source=str(path)) from err
    except OSError as err:
        raise InputError(f"cannot read it: {err.strerror or err}", source=str(path)) from err
    try:
        quads = list(ox.parse(data, format=PARSERS[rdf_format], base_iri=path.resolve().as_uri()))
    except SyntaxError as err:
        if "remote context" in str(err):
            raise InputError(
                "it names a remote JSON-LD @context; kg never fetches what a file names",
                source=str(path),
                hint="put the context in the file (kg's own is ontology/context.jsonld)",
            ) from err
        raise InputError(
            f"cannot read it as {rdf_format.name.lower()}: {err}",
            source=str(path),
            hint="check the file's syntax, or its extension",
        ) from err
    except (ValueError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read it: {err}", source=str(path)) from err
    if not quads:
        raise InputError(
            "it holds no triples",
            source=str(path),
            hint="give a graph kg wrote (graph.ttl, .nt, .jsonld, .trig, .nq): report.json "
            "is the build's report, not the graph",
        )
    result = ReadGraph(Graph())
    with quiet_rdflib_terms():
        for quad in quads:
            subject, predicate, obj = (rdflib_term(t) for t in quad.triple)
            result.graph.add((subject, predicate, obj))
            if isinstance(obj, Literal) and obj.ill_typed:
                result.ill_typed.append((subject, predicate, obj))
    return result
