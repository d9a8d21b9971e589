"""Deterministic writers: the same graph gives the same bytes, written atomically.

`Format` is the single source of truth for each format's name, media type and extension.
"""

from __future__ import annotations

import errno
import io
import itertools
import json
import mmap
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from enum import Enum
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError
from kg.vocab import DEFAULT_BASE, prefixes
from kg.workers import forked

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer


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
    "replaces": "dct:replaces",
    "isReplacedBy": "dct:isReplacedBy",
    "sameAs": "owl:sameAs",
    "wasDerivedFrom": "prov:wasDerivedFrom",
    "wasGeneratedBy": "prov:wasGeneratedBy",
    "used": "prov:used",
    "license": "dct:license",
    "conformsTo": "dct:conformsTo",
    "sources": "dct:source",
    "eventStatus": "schema:eventStatus",
    "publisher": "schema:publisher",
    "url": "schema:url",
    "retrievedFrom": "pav:retrievedFrom",
    "otherUrl": "schema:sameAs",  # a page's other addresses (`sameAs` is owl's)
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
    "retrievedOn": ("pav:retrievedOn", "xsd:dateTime"),
    "invalidatedAtTime": ("prov:invalidatedAtTime", "xsd:dateTime"),
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
    namespaces = {p: str(n) for p, n in graph.namespaces()}
    return b"".join(turtle_of(joined(ntriples_lines(graph)), namespaces))


# A file's bytes, or its pieces in order: a file of hundreds of megabytes is written piece
# by piece, never whole in memory.
Content = bytes | Iterable[bytes]

# N-Triples or N-Quads to write in another format: in memory (a small graph), or in a file
# (a build's graph: read as it is written, so that a writer holds no copy of it).
RdfData = bytes | Path


# The writers below work on sorted N-Triples / N-Quads lines: pyoxigraph writes each format
# a hundred times faster than rdflib, and sorted input makes its output byte-stable (a
# subject's triples are adjacent lines, so each subject is written once, in order).


def nquads_lines(graphs: Mapping[URIRef, Iterable[str]]) -> Iterator[str]:
    """The named graphs' N-Triples lines as N-Quads lines (no newline), graph by graph (in
    the order of their names), each graph's sorted: TriG writes them as they come, one block
    per graph, and sorting graph by graph takes less time than sorting them all."""
    for name in sorted(graphs, key=lambda name: f"<{name}>"):
        for line in sorted(graphs[name]):
            yield f"{line[:-2]} <{name}> ."


def ntriples_lines(graph: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """The triples as sorted N-Triples lines (no newline)."""
    term = NTriplesTerms()
    return sorted({f"{term(s)} {term(p)} {term(o)} ." for s, p, o in graph})


def line_blocks(lines: Iterable[str], size: int = 20_000) -> Iterator[bytes]:
    """The lines, each ended by a newline, encoded a block of `size` lines at a time: one
    text of a million lines, some not ASCII, is wide in memory and slower to encode."""
    lines = iter(lines)
    while block := list(itertools.islice(lines, size)):
        yield b"".join([line.encode("utf-8") + b"\n" for line in block])


def joined(lines: Iterable[str]) -> bytes:
    return b"".join(line_blocks(lines))


def file_blocks(path: Path) -> Iterator[bytes]:
    """A file's bytes, a block at a time."""
    with path.open("rb") as stream:
        yield from stream_blocks(stream)


def stream_blocks(stream: IO[bytes], size: int = 1 << 20) -> Iterator[bytes]:
    """What is left to read of `stream`, a block at a time."""
    while block := stream.read(size):
        yield block


def turtle_of(triples: RdfData, namespaces: Mapping[str, str]) -> Iterator[bytes]:
    """Turtle of sorted N-Triples lines, a blank line between subjects (subjects start a
    line; their predicates are indented)."""
    yield from spaced(triples, ox.RdfFormat.TURTLE, namespaces, re.compile(rb"\n(?=[^\t\n])"))


def trig_of(quads: RdfData, namespaces: Mapping[str, str]) -> Iterator[bytes]:
    """TriG of N-Quads lines as `nquads_lines` orders them (graph by graph, or each change
    of graph from one line to the next would open another block): one block per graph, a
    blank line between subjects (graph blocks start a line, subjects are indented once,
    their predicates twice)."""
    spacing = re.compile(rb"\n(?=[^\t\n}]|\t[^\t}])")
    yield from spaced(quads, ox.RdfFormat.TRIG, namespaces, spacing)


def spaced(
    data: RdfData, target: ox.RdfFormat, namespaces: Mapping[str, str], spacing: re.Pattern[bytes]
) -> Iterator[bytes]:
    """`data` written by pyoxigraph in `target`, a blank line where `spacing` matches, under
    a header of the prefixes it uses, sorted (pyoxigraph writes its own in no fixed order).
    The body is kept in a temporary file beside `data` (in memory for data in memory) until
    the header, which depends on it, is known."""
    source = ox.RdfFormat.N_QUADS if target is ox.RdfFormat.TRIG else ox.RdfFormat.N_TRIPLES
    watched = [f"{p}:".encode() for p, n in namespaces.items() if n in SHORTHANDS]
    with kept_body(data) as kept:
        body = SpacedBody(kept, spacing, watched, namespaces)
        output = cast(IO[bytes], body)  # a writable binary stream (typing's IO is nominal)
        ox.serialize(parsed(data, source), output, format=target, prefixes=dict(namespaces))
        body.finish()
        with searchable(data) as text:
            yield prefix_header(namespaces, text, body.used).encode("utf-8")
        kept.seek(0)
        yield from stream_blocks(kept)


def kept_body(data: RdfData) -> IO[bytes]:
    """Where a written body waits for its header: beside `data`, or in memory."""
    if isinstance(data, Path):
        return tempfile.TemporaryFile(dir=data.parent)  # the caller closes it
    return io.BytesIO()


def parsed(data: RdfData, rdf_format: ox.RdfFormat) -> Iterator[Any]:
    if isinstance(data, Path):
        return iter(ox.parse(path=data, format=rdf_format))
    return iter(ox.parse(data, format=rdf_format))


@contextmanager
def searchable(data: RdfData) -> Iterator[bytes | mmap.mmap]:
    """`data` as bytes to search: a file mapped, not read (the page cache holds it)."""
    if isinstance(data, bytes):
        yield data
        return
    if data.stat().st_size == 0:  # mmap cannot map an empty file
        yield b""
        return
    with data.open("rb") as stream, mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as m:
        yield m


class SpacedBody(io.RawIOBase):
    """What pyoxigraph writes, passed on to `stream` line by line: its prefix lines left
    out, a blank line put before each line where `spacing` matches the newline ending the
    line before, and which of the `watched` texts (`rdf:`) the body uses noted."""

    def __init__(
        self,
        stream: IO[bytes],
        spacing: re.Pattern[bytes],
        watched: list[bytes],
        namespaces: Mapping[str, str],
    ):
        super().__init__()
        self.namespaces = {p.encode(): n.encode() for p, n in namespaces.items()}
        self.stream = stream
        self.spacing = spacing
        self.watched = watched
        self.used: set[bytes] = set()
        self.pending = b""  # the start of a line not yet ended
        self.started = False  # past the prefix lines

    def writable(self) -> bool:
        return True

    def write(self, data: ReadableBuffer) -> int:
        written = bytes(data)
        text = self.pending + written
        end = text.rfind(b"\n") + 1
        self.pending = text[end:]
        self.put(text[:end])
        return len(written)

    def finish(self) -> None:
        """The body's end: its last line, if it has no newline."""
        self.put(self.pending)
        self.pending = b""

    def put(self, lines: bytes) -> None:
        """Whole lines (the last one ended, unless the body ends without a newline)."""
        if not self.started:
            while lines.startswith(b"@prefix "):
                lines = lines[lines.index(b"\n") + 1 :]
            if not lines:
                return
            self.started = True
            spaced = self.spacing.sub(b"\n\n", lines)  # the body's first line: no blank before
        else:
            # The newline that ended the lines before decides the spacing of the first one.
            spaced = self.spacing.sub(b"\n\n", b"\n" + lines)[1:]
        if ESCAPE_MARK.search(spaced):  # a fast scan first: the full one costs a second in 17 MB
            spaced = ESCAPED_NAME.sub(self.full_iri, spaced)
        self.used.update(text for text in self.watched if text in spaced)
        self.stream.write(spaced)

    def full_iri(self, match: re.Match[bytes]) -> bytes:
        """A prefixed name with escapes (`place:gr\\/athens`) as the IRI people can read."""
        namespace = self.namespaces.get(match.group(1))
        if namespace is None:
            return match.group(0)
        return b"<" + namespace + UNESCAPE.sub(rb"\1", match.group(2)) + b">"


def prefix_header(namespaces: Mapping[str, str], data: bytes | mmap.mmap, used: set[bytes]) -> str:
    """The prefixes the written body uses, sorted. pyoxigraph writes an IRI of `data`
    (N-Triples or N-Quads) under a prefix whenever it starts with its namespace, except
    `rdf:type` (as `a`) and numbers and booleans (bare): for those namespaces, whether the
    body uses the prefix (`used`, of the `prefix:` texts watched) tells, when the data has
    nothing else of them."""
    lines = []
    for prefix, namespace in sorted(namespaces.items()):
        shorthand = SHORTHANDS.get(namespace, b"")
        iri = re.escape(f"<{namespace}".encode())
        # An IRI written under the prefix: no shorthand for it, no escape in its name.
        if not re.search(iri + shorthand + PLAIN_LOCAL, data) and not (
            shorthand and f"{prefix}:".encode() in used
        ):
            continue
        lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(lines) + "\n\n" if lines else ""


# A prefixed name whose local part needs escapes (pyoxigraph writes `place:gr\/athens`):
# outside IRIs and strings, since no string pyoxigraph writes holds a backslash before one
# of these characters (its own backslashes are doubled).
ESCAPES = rb"~!$&'()*+,;=/?#@%."
ESCAPED_NAME = re.compile(
    rb"(?<![\w\\\"<.-])([A-Za-z][\w.-]*)?:((?:[\w.-]|\\[" + re.escape(ESCAPES) + rb"])*"
    rb"\\[" + re.escape(ESCAPES) + rb"](?:[\w.-]|\\[" + re.escape(ESCAPES) + rb"])*)"
)
ESCAPE_MARK = re.compile(rb"\\[" + re.escape(ESCAPES) + rb"]")
UNESCAPE = re.compile(rb"\\(.)")
# The rest of an IRI pyoxigraph writes as a prefixed name without escapes.
PLAIN_LOCAL = rb"[^>~!$&'()*+,;=/?#@%\\\s]*(?<!\.)>"

# Namespaces some of whose IRIs pyoxigraph writes without a prefix: what follows the
# namespace in the IRIs it writes with one.
SHORTHANDS = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": rb"(?!type>)",
    "http://www.w3.org/2001/XMLSchema#": rb"(?!(?:integer|decimal|double|boolean)>)",
}


class NTriplesTerms:
    """rdflib terms as N-Triples text, as pyoxigraph writes them (it checks IRIs and
    escapes literals); each distinct term converted once. The memo is keyed by plain
    strings and tuples: rdflib terms hash in Python, several times slower."""

    def __init__(self) -> None:
        self.iris: dict[str, str] = {}
        self.literals: dict[tuple[str, str | None, str | None], str] = {}

    def __call__(self, term: Node) -> str:
        if isinstance(term, URIRef):
            iri = str(term)
            known = self.iris.get(iri)
            if known is None:
                known = self.iris[iri] = str(ox.NamedNode(iri))
            return known
        if isinstance(term, Literal):
            datatype = str(term.datatype) if term.datatype else None
            key = (str(term), term.language, datatype)
            known = self.literals.get(key)
            if known is None:
                known = self.literals[key] = str(oxigraph_term(term))
            return known
        return str(oxigraph_term(term))


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


def jsonld(
    triples: RdfData, base: str = DEFAULT_BASE, context_url: str | None = None
) -> list[bytes]:
    """Compacted JSON-LD of sorted N-Triples lines with the context inline (readable
    offline), one node a line, nodes sorted by @id.

    Written here rather than by a JSON-LD processor: the context is fixed, so compacting
    is choosing, per value, the term whose definition fits it (a language map for tagged
    text, `@id` coercion for links, the datatype for typed values) or else the compact
    predicate with an explicit value object; pyld and rdflib took most of a build's time.
    A subject's lines are adjacent, so each node is written out as soon as its last line
    is read: the nodes are never all in memory at once."""
    context = jsonld_context(base)
    compact = Compactor(prefixes(base))
    written: list[tuple[str, bytes]] = []  # (@id, the node's line)
    node: dict[str, Any] = {}
    for triple in parsed(triples, ox.RdfFormat.N_TRIPLES):
        subject = compact(triple.subject.value)
        if node.get("@id") != subject:
            if node:
                written.append(node_line(node))
            node = {"@id": subject}
        obj = triple.object
        if triple.predicate.value == RDF_TYPE and isinstance(obj, ox.NamedNode):
            node.setdefault("@type", []).append(compact(obj.value))
            continue
        key, value = compact.property_value(triple.predicate.value, obj)
        if isinstance(value, tuple):  # (language, text) in a language map
            node.setdefault(key, {}).setdefault(value[0], []).append(value[1])
        else:
            node.setdefault(key, []).append(value)
    if node:
        written.append(node_line(node))
    written.sort()
    if any(a[0] == b[0] for a, b in itertools.pairwise(written)):
        raise ValueError("the lines of a subject are not adjacent: sort the lines first")
    # inline, or (a site's thousands of small documents) the address where it is published
    head = json.dumps(context_url or context, ensure_ascii=False, indent=2, sort_keys=True)
    pieces = [f'{{\n  "@context": {head},\n  "@graph": [\n'.encode()]
    for number, (_, line) in enumerate(written):
        pieces += [b",\n", line] if number else [line]
    return [*pieces, b"\n  ]\n}\n"]


def node_line(node: dict[str, Any]) -> tuple[str, bytes]:
    """A node's @id and its line. One node a line: readable, diffable, and written by
    json's fast encoder (indenting takes its slow one, a fifth of a large build)."""
    text = json.dumps(single_values(node), ensure_ascii=False, sort_keys=True)
    return node["@id"], f"    {text}".encode()


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class Compactor:
    """IRIs as compact IRIs (`party:gr-kke`) and values as the context's terms take them."""

    def __init__(self, namespaces: Mapping[str, str]) -> None:
        # Longest namespace first: `source:` before a shorter one that also matches.
        self.namespaces = sorted(namespaces.items(), key=lambda item: -len(item[1]))
        self.compacted: dict[str, str] = {}
        self.language_terms = {self.expand(i): t for t, i in LANGUAGE_MAPS.items()}
        self.link_terms = {self.expand(i): t for t, i in LINKS.items()}
        self.plain_terms = {self.expand(i): t for t, i in PLAIN_VALUES.items()}
        self.typed_terms = {
            (self.expand(i), self.expand(k)): t for t, (i, k) in TYPED_VALUES.items()
        }

    def expand(self, curie: str) -> str:
        prefix, _, local = curie.partition(":")
        return dict(self.namespaces)[prefix] + local

    def __call__(self, iri: str) -> str:
        known = self.compacted.get(iri)
        if known is None:
            known = self.compacted[iri] = self.compact(iri)
        return known

    def compact(self, iri: str) -> str:
        for prefix, namespace in self.namespaces:
            local = iri[len(namespace) :]
            # `prefix://…` would read as an absolute IRI, and `prefix:` alone is unclear.
            if iri.startswith(namespace) and local and not local.startswith("//"):
                return f"{prefix}:{local}"
        return iri

    def property_value(self, iri: str, obj: Any) -> tuple[str, Any]:
        """The key and the value of one triple's object (a pyoxigraph term) in its node."""
        if isinstance(obj, ox.Literal):
            language, datatype = obj.language, obj.datatype.value
            if language and iri in self.language_terms:
                return self.language_terms[iri], (language, obj.value)
            if (iri, datatype) in self.typed_terms:
                return self.typed_terms[(iri, datatype)], obj.value
            if datatype == XSD_STRING and iri in self.plain_terms:
                return self.plain_terms[iri], obj.value
            value: dict[str, str] = {"@value": obj.value}
            if language:
                value["@language"] = language
            elif datatype != XSD_STRING:
                value["@type"] = self.compact(datatype)
            return self(iri), value
        if iri in self.link_terms:
            return self.link_terms[iri], self(obj.value)
        return self(iri), {"@id": self(obj.value)}


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def single_values(node: dict[str, Any]) -> dict[str, Any]:
    """A node's values sorted (RDF values are sets), one value without its array."""

    def tidy(values: list[Any]) -> Any:
        if len(values) == 1:
            return values[0]
        return sorted(values, key=lambda v: v if isinstance(v, str) else json.dumps(v))

    tidied: dict[str, Any] = {}
    for key, values in node.items():
        if key == "@id":
            tidied[key] = values
        elif isinstance(values, dict):  # a language map
            tidied[key] = {language: tidy(texts) for language, texts in values.items()}
        else:
            tidied[key] = tidy(values)
    return tidied


def built_file(out: Path, name: str = "graph.nq") -> Path:
    """A file `kg build --out` wrote, or an error that says to build first; a set of
    outputs a killed build left half-renamed is finished first."""
    if (out / JOURNAL).exists():
        finish_interrupted(out)
    path = out / name
    if not path.exists():
        raise InputError(
            "no built graph here", source=str(path), hint=f"run `kg build --out {out}` first"
        )
    return path


def write_atomically(path: Path, data: bytes, durable: bool = True) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file.
    `durable` waits until the data is on disk (not needed for what can be recomputed)."""
    temporary = temporary_beside(path)
    try:
        fill(temporary, lambda: data, durable)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_all_atomically(
    folder: Path, files: Mapping[str, Callable[[], Content]], workers: int | None = 1
) -> list[Path]:
    """Each file made and written to a temporary file, then all renamed. A failure while
    making or writing any of them leaves every file as it was. With `workers` other than
    1, the files are made in forked worker processes, several at once (one per usable core
    by default); else one after the other, so that one file's bytes are in memory at a time
    (hundreds of megabytes for a large record). A worker that dies (killed, for lack of
    memory most often) has its file made again here."""
    temporaries: dict[str, Path] = {}
    for name in files:  # the one thing that stops a rename within a folder: checked first
        if (folder / name).is_dir():
            raise IsADirectoryError(
                errno.EISDIR, "a folder stands where this file is written", str(folder / name)
            )
    finish_interrupted(folder)
    try:
        for name in files:
            temporaries[name] = temporary_beside(folder / name)
        tasks = [partial(fill, temporaries[name], make) for name, make in files.items()]
        forked(tasks, workers, "writing the output files")
        # The renames are not one act: a journal says which are due, so that a build
        # killed between them is finished by the next kg that looks (never half a set).
        journal = {name: temporary.name for name, temporary in temporaries.items()}
        write_atomically(folder / JOURNAL, json.dumps(journal, sort_keys=True).encode())
    except BaseException:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)
        raise
    finish_interrupted(folder)
    return [folder / name for name in files]


JOURNAL = ".kg-renames.json"  # the renames a set of output files still waits for


def finish_interrupted(folder: Path) -> None:
    """Do the renames a journal says are due (a build killed while making them), then
    drop the journal: the folder holds one whole set of outputs, the old or the new."""
    try:
        due = json.loads((folder / JOURNAL).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return
    except ValueError:  # a journal is written atomically: a broken one is not ours
        due = {}
    for name, temporary in sorted(due.items() if isinstance(due, dict) else ()):
        if (folder / str(temporary)).exists():
            os.replace(folder / str(temporary), folder / str(name))
    (folder / JOURNAL).unlink(missing_ok=True)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """The temporary files and scratch folders an earlier build, killed, left behind (a
    folder is built by one kg at a time). Returns what was removed."""
    finish_interrupted(folder)
    stale = [*folder.glob(".*.tmp"), *folder.glob(".kg-scratch-*")]
    for path in stale:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return sorted(stale)


def temporary_beside(path: Path) -> Path:
    """A new, empty temporary file beside `path`, with the permissions `path` would get."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        os.chmod(temporary, 0o666 & ~current_umask())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def fill(temporary: Path, make: Callable[[], Content], durable: bool = True) -> None:
    """What `make` gives, written into `temporary` (waiting until it is on disk when
    `durable`: not needed for what can be recomputed)."""
    with temporary.open("wb") as stream:
        content = make()
        if isinstance(content, bytes):
            stream.write(content)
        else:
            stream.writelines(content)
        if durable:
            stream.flush()
            os.fsync(stream.fileno())


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
