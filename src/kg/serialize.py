"""Deterministic writers: the same graph gives the same bytes, written atomically.

`Format` is the single source of truth for each format's name, media type and extension.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError
from kg.vocab import DEFAULT_BASE, prefixes


class Format(Enum):
    """An RDF format: (rdflib parser name, media type, file extension)."""

    TURTLE = ("turtle", "text/turtle", ".ttl")
    NTRIPLES = ("nt", "application/n-triples", ".nt")
    JSONLD = ("json-ld", "application/ld+json", ".jsonld")
    TRIG = ("trig", "application/trig", ".trig")
    NQUADS = ("nquads", "application/n-quads", ".nq")

    @property
    def has_graphs(self) -> bool:
        """Whether the format holds named graphs (a dataset) rather than one graph."""
        return self in (Format.TRIG, Format.NQUADS)

    @property
    def rdflib_name(self) -> str:
        return self.value[0]

    @property
    def media_type(self) -> str:
        return self.value[1]

    @property
    def extension(self) -> str:
        return self.value[2]

    @classmethod
    def from_path(cls, path: Path) -> Format:
        suffix = path.suffix.lower()
        for member in cls:
            if member.extension == suffix or (member is cls.JSONLD and suffix == ".json"):
                return member
        known = ", ".join(m.extension for m in cls)
        raise InputError(
            f"cannot tell the RDF format of {path.name!r} from its extension",
            source=str(path),
            hint=f"use one of {known}",
        )


# Terms of the JSON-LD context. Names are language maps: {"name": {"en": …, "ru": …}}.
LANGUAGE_MAPS = {
    "name": "schema:name",
    "text": "schema:text",
    "alternativeHeadline": "schema:alternativeHeadline",
    "prefLabel": "skos:prefLabel",
    "altLabel": "skos:altLabel",
    "hiddenLabel": "skos:hiddenLabel",
    "shortName": "kg:shortName",
    "title": "dct:title",
    "description": "dct:description",
    "label": "rdfs:label",
}
LINKS = {
    "adoptedAt": "kg:adoptedAt",
    "signatory": "kg:signatory",
    "signatoryList": "kg:signatoryList",
    "exampleOfWork": "schema:exampleOfWork",
    "locationCreated": "schema:locationCreated",
    "location": "schema:location",
    "organizer": "schema:organizer",
    "attendee": "schema:attendee",
    "superEvent": "schema:superEvent",
    "containedInPlace": "schema:containedInPlace",
    "item": "schema:item",
    "itemListElement": "schema:itemListElement",
    "itemListOrder": "schema:itemListOrder",
    "spatial": "dct:spatial",
    "sameAs": "owl:sameAs",
    "wasDerivedFrom": "prov:wasDerivedFrom",
    "wasGeneratedBy": "prov:wasGeneratedBy",
    "used": "prov:used",
    "license": "dct:license",
    "conformsTo": "dct:conformsTo",
    "sources": "dct:source",
}
TYPED_VALUES = {
    "startDate": ("schema:startDate", "xsd:date"),
    "endDate": ("schema:endDate", "xsd:date"),
    "dateCreated": ("schema:dateCreated", "xsd:date"),
    "datePublished": ("schema:datePublished", "xsd:dateTime"),
    "foundingDate": ("schema:foundingDate", "xsd:gYear"),
    "dissolutionDate": ("schema:dissolutionDate", "xsd:gYear"),
    "ordinal": ("kg:ordinal", "xsd:integer"),
    "position": ("schema:position", "xsd:integer"),
    "numberOfItems": ("schema:numberOfItems", "xsd:integer"),
    "triples": ("void:triples", "xsd:integer"),
}
PLAIN_VALUES = {
    "inLanguage": "schema:inLanguage",
    "sha256": "schema:sha256",
    "encodingFormat": "schema:encodingFormat",
    "headline": "schema:headline",
    "identifier": "schema:identifier",
    "uriSpace": "void:uriSpace",
}


def jsonld_context(base: str = DEFAULT_BASE) -> dict[str, Any]:
    """The project's JSON-LD @context, built from the one prefix map."""
    context: dict[str, Any] = dict(prefixes(base))
    context.update({t: {"@id": i, "@container": "@language"} for t, i in LANGUAGE_MAPS.items()})
    context.update({t: {"@id": i, "@type": "@id"} for t, i in LINKS.items()})
    context.update({t: {"@id": i, "@type": k} for t, (i, k) in TYPED_VALUES.items()})
    context.update(PLAIN_VALUES)
    return context


def turtle(graph: Graph) -> bytes:
    """Readable, deterministic Turtle: subjects sorted, one block each."""
    return turtle_of(ntriples_lines(graph), dict(graph.namespaces()))


def ntriples(graph: Graph) -> bytes:
    """N-Triples, one triple a line, sorted: diffable and ready for bulk loaders."""
    return joined(ntriples_lines(graph))


def trig(graphs: Mapping[URIRef, Graph]) -> bytes:
    """TriG: each named graph as Turtle in a block, graphs and subjects sorted."""
    namespaces = {p: str(n) for g in graphs.values() for p, n in g.namespaces()}
    return trig_of(nquads_lines(graphs), namespaces)


def nquads(graphs: Mapping[URIRef, Graph]) -> bytes:
    """N-Quads, sorted: every triple with its named graph, for bulk loaders."""
    return joined(nquads_lines(graphs))


# The writers below work on sorted N-Triples / N-Quads lines: pyoxigraph writes each format
# a hundred times faster than rdflib, and sorted input makes its output byte-stable (a
# subject's triples are adjacent lines, so each subject is written once, in order).


def nquads_lines(graphs: Mapping[URIRef, Graph]) -> list[str]:
    """Every triple of every named graph as a sorted N-Quads line (no newline)."""
    terms = TermConverter()
    quads = [
        ox.Quad(terms(s), terms(p), terms(o), terms(name))
        for name, graph in graphs.items()
        for s, p, o in graph
    ]
    return sorted(set(serialized(quads, ox.RdfFormat.N_QUADS).splitlines()))


def ntriples_lines(graph: Graph) -> list[str]:
    """The graph's triples as sorted N-Triples lines (no newline)."""
    terms = TermConverter()
    triples = [ox.Triple(terms(s), terms(p), terms(o)) for s, p, o in graph]
    return sorted(set(serialized(triples, ox.RdfFormat.N_TRIPLES).splitlines()))


def union_lines(quad_lines: list[str]) -> list[str]:
    """The N-Triples lines of the union of the graphs of sorted N-Quads lines."""
    # A line ends `<graph> .`; the last ` <` starts the graph name (IRIs hold no space).
    return sorted({f"{line[: line.rindex(' <')]} ." for line in quad_lines})


def joined(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def turtle_of(triple_lines: list[str], namespaces: Mapping[str, str]) -> bytes:
    """Turtle of sorted N-Triples lines, a blank line between subjects."""
    body = written_by_oxigraph(
        triple_lines, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE, namespaces
    )
    return (prefix_header(namespaces, body) + spaced(body, subject_indent="")).encode("utf-8")


def trig_of(quad_lines: list[str], namespaces: Mapping[str, str]) -> bytes:
    """TriG of sorted N-Quads lines: one block per graph, a blank line between subjects."""
    body = written_by_oxigraph(quad_lines, ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG, namespaces)
    return (prefix_header(namespaces, body) + spaced(body, subject_indent="\t")).encode("utf-8")


def written_by_oxigraph(
    lines: list[str], source: ox.RdfFormat, target: ox.RdfFormat, namespaces: Mapping[str, str]
) -> str:
    statements = ox.parse(joined(lines), format=source)
    text = serialized(statements, target, namespaces)
    # pyoxigraph writes its prefix lines in no fixed order: the caller writes them sorted.
    body = text.splitlines()
    while body and body[0].startswith("@prefix "):
        body.pop(0)
    return "\n".join(body)


def serialized(
    statements: Any, rdf_format: ox.RdfFormat, namespaces: Mapping[str, str] = {}
) -> str:
    data = ox.serialize(statements, format=rdf_format, prefixes=dict(namespaces))
    assert data is not None  # without an output file pyoxigraph returns the bytes
    return data.decode("utf-8")


def prefix_header(namespaces: Mapping[str, str], body: str) -> str:
    """The prefixes the body uses, sorted. A prefixed name starts a line or follows a space, `^^`,
    tab or comma (a literal holding such text only adds an unused declaration)."""
    lines = [
        f"PREFIX {prefix}: <{namespace}>"
        for prefix, namespace in sorted(namespaces.items())
        if any(f"{before}{prefix}:" in body for before in (" ", "\t", "\n", ",", "^"))
        or body.startswith(f"{prefix}:")
    ]
    return "\n".join(lines) + "\n\n" if lines else ""


def spaced(body: str, subject_indent: str) -> str:
    """A blank line before each subject (and each graph block) but the first: readable
    diffs. Subjects are the lines indented by exactly `subject_indent`; literals' line
    breaks are escaped, so every line is a line of the syntax."""
    lines: list[str] = []
    for line in body.splitlines():
        starts = line.startswith(subject_indent) and not line[len(subject_indent) :].startswith(
            ("\t", "}")
        )
        if lines and starts and lines[-1] != "":
            lines.append("")
        lines.append(line)
    return "\n".join(lines) + "\n" if lines else ""


class TermConverter:
    """rdflib terms to pyoxigraph terms; each distinct term converted once."""

    def __init__(self) -> None:
        self.converted: dict[Node, ox.NamedNode | ox.Literal | ox.BlankNode] = {}

    def __call__(self, term: Node) -> Any:
        known = self.converted.get(term)
        if known is None:
            known = self.converted[term] = oxigraph_term(term)
        return known


def oxigraph_term(term: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term of a graph: {term!r}")


def jsonld(graph: Graph, base: str = DEFAULT_BASE) -> bytes:
    """Compacted JSON-LD with the context inline (readable offline), nodes sorted by @id."""
    context = jsonld_context(base)
    document = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = document.get("@graph", [document] if "@id" in document else [])
    nodes = [{k: v for k, v in node.items() if k != "@context"} for node in nodes]
    result = {"@context": context, "@graph": sorted((sort_values(n) for n in nodes), key=node_key)}
    return (json.dumps(result, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def node_key(node: dict[str, Any]) -> str:
    return str(node.get("@id", ""))


def sort_values(value: Any) -> Any:
    """Arrays in a stable order (RDF values are sets; rdflib's order is not stable)."""
    if isinstance(value, dict):
        return {k: sort_values(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [sort_values(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def built_file(out: Path, name: str = "graph.nq") -> Path:
    """A file `kg build --out` wrote, or an error that says to build first."""
    path = out / name
    if not path.exists():
        raise InputError(
            "no built graph here", source=str(path), hint=f"run `kg build --out {out}` first"
        )
    return path


def write_atomically(path: Path, data: bytes, durable: bool = True) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file.
    `durable` waits until the data is on disk (not needed for what can be recomputed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temporary, 0o666 & ~current_umask())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def read_graph(path: Path) -> Graph:
    """Read an RDF file in any of the formats, told by its extension; named graphs merged."""
    rdf_format = Format.from_path(path)
    try:
        if rdf_format.has_graphs:
            dataset = Dataset()
            dataset.parse(path, format=rdf_format.rdflib_name)
            union = Graph()
            for s, p, o, _ in dataset.quads():
                union.add((s, p, o))
            return union
        return Graph().parse(path, format=rdf_format.rdflib_name)
    except FileNotFoundError as err:
        raise InputError("no such file", source=str(path)) from err
    except Exception as err:  # rdflib's parsers raise many kinds; all mean "not this format"
        raise InputError(
            f"cannot read it as {rdf_format.name.lower()}: {err}",
            source=str(path),
            hint="check the file's syntax, or its extension",
        ) from err
