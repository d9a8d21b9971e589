"""Deterministic writers: the same graph gives the same bytes, written atomically.

`Format` is the single source of truth for each format's name, media type and extension.
"""

from __future__ import annotations

import json
import os
import tempfile
from enum import Enum
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph, URIRef

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
    """Readable, deterministic Turtle with only the prefixes it uses. Longturtle sorts
    subjects and predicates; canonicalisation (three times the cost) is needed only to
    name blank nodes stably, and kg's graphs have none."""
    blank = any(isinstance(term, BNode) for triple in graph for term in triple)
    return graph.serialize(format="longturtle", canon=blank, encoding="utf-8")


def ntriples(graph: Graph) -> bytes:
    """N-Triples, one triple a line, sorted: diffable and ready for bulk loaders."""
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode("utf-8")


def trig(graphs: dict[URIRef, Graph]) -> bytes:
    """TriG: each named graph as readable, deterministic Turtle in a block, graphs sorted."""
    prefixes: set[str] = set()
    blocks: list[str] = []
    for name, graph in sorted(graphs.items()):
        if not len(graph):
            continue
        text = turtle(graph).decode("utf-8")
        head, _, body = text.partition("\n\n")
        prefixes.update(line for line in head.splitlines() if line.startswith("PREFIX"))
        # Not indented: a long literal's lines would change.
        blocks.append(f"GRAPH <{name}> {{\n{body.rstrip()}\n}}\n")
    return ("\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)).encode("utf-8")


def nquads(graphs: dict[URIRef, Graph]) -> bytes:
    """N-Quads, sorted: every triple with its named graph, for bulk loaders."""
    lines: list[str] = []
    for name, graph in graphs.items():
        for line in ntriples(graph).decode("utf-8").splitlines():
            if line:
                lines.append(f"{line[: -len(' .')]} <{name}> .")
    return ("\n".join(sorted(lines)) + "\n").encode("utf-8")


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


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temporary, 0o666 & ~current_umask())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
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
