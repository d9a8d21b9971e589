"""The formats kg writes (`Format`), and readable, deterministic Turtle and TriG written by
pyoxigraph from sorted N-Triples and N-Quads lines."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator, Mapping
from enum import Enum
from importlib.metadata import version
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

import pyoxigraph as ox
from rdflib import Graph

from kg.errors import InputError
from kg.rdf.pieces import WHOLE, Cut, Frame, Part, assembled
from kg.rdf.terms import RdfData, joined, ntriples_lines
from kg.run.cache import key_of

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


def turtle(graph: Graph) -> bytes:
    """Readable, deterministic Turtle: subjects sorted, one block each."""
    namespaces = {p: str(n) for p, n in graph.namespaces()}
    return b"".join(turtle_of(joined(ntriples_lines(graph)), namespaces))


def turtle_of(triples: RdfData, namespaces: Mapping[str, str], cut: Cut = WHOLE) -> Iterator[bytes]:
    """Turtle of sorted N-Triples lines, a blank line between subjects (subjects start a
    line; their predicates are indented); in the pieces `cut` says (runs of subjects)."""
    yield from spaced(triples, ox.RdfFormat.TURTLE, namespaces, re.compile(rb"\n(?=[^\t\n])"), cut)


def trig_of(quads: RdfData, namespaces: Mapping[str, str], cut: Cut = WHOLE) -> Iterator[bytes]:
    """TriG of N-Quads lines as `nquads_graphs` orders them (graph by graph, or each change
    of graph from one line to the next would open another block): one block per graph, a
    blank line between subjects (graph blocks start a line, subjects are indented once,
    their predicates twice); in the pieces `cut` says (whole graphs)."""
    spacing = re.compile(rb"\n(?=[^\t\n}]|\t[^\t}])")
    yield from spaced(quads, ox.RdfFormat.TRIG, namespaces, spacing, cut)


def spaced(
    data: RdfData,
    target: ox.RdfFormat,
    namespaces: Mapping[str, str],
    spacing: re.Pattern[bytes],
    cut: Cut = WHOLE,
) -> Iterator[bytes]:
    """`data` written by pyoxigraph in `target` piece by piece, a blank line where `spacing`
    matches and between pieces, under a header of the prefixes it uses, sorted (pyoxigraph
    writes its own in no fixed order)."""
    source = ox.RdfFormat.N_QUADS if target is ox.RdfFormat.TRIG else ox.RdfFormat.N_TRIPLES
    watched = [f"{p}:".encode() for p, n in namespaces.items() if n in SHORTHANDS]
    known = dict(namespaces)
    written_under = PrefixesWritten(namespaces)

    def piece(text: bytes) -> tuple[list[Part], frozenset[bytes]]:
        """A piece's body, and the prefixes it is written with (its marks)."""
        kept = io.BytesIO()
        body = SpacedBody(kept, spacing, watched, namespaces)
        output = cast(IO[bytes], body)  # a writable binary stream (typing's IO is nominal)
        ox.serialize(ox.parse(text, format=source), output, format=target, prefixes=known)
        body.finish()
        written = kept.getvalue()
        return [("", written)], frozenset(body.used | written_under(text, written))

    def head(used: frozenset[bytes]) -> bytes:
        return prefix_header(namespaces, used).encode("utf-8")

    salt = key_of("spaced", target.name, repr(sorted(known.items())), version("pyoxigraph"))
    yield from assembled(data, cut, salt.encode(), piece, Frame(head, between=b"\n"))


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
        spaced = self.unescaped(spaced)
        self.used.update(text for text in self.watched if text in spaced)
        self.stream.write(spaced)

    def unescaped(self, lines: bytes) -> bytes:
        """The lines with each prefixed name that has escapes written as its full IRI. Only
        the lines an escape is on are searched for names: the search tries every character
        it is given, and the lines without one are most of a large graph."""
        pieces, done = [], 0
        for mark in ESCAPE_MARK.finditer(lines):
            if mark.start() < done:
                continue  # on a line already done
            start = lines.rfind(b"\n", 0, mark.start()) + 1
            end = lines.find(b"\n", mark.start())
            end = len(lines) if end < 0 else end
            pieces += [lines[done:start], ESCAPED_NAME.sub(self.full_iri, lines[start:end])]
            done = end
        return b"".join([*pieces, lines[done:]]) if pieces else lines

    def full_iri(self, match: re.Match[bytes]) -> bytes:
        """A prefixed name with escapes (`place:gr\\/athens`) as the IRI people can read."""
        namespace = self.namespaces.get(match.group(1))
        if namespace is None:
            return match.group(0)
        # (a backslash in the name is always an escape's: `\/` is `/`)
        return b"<" + namespace + match.group(2).replace(b"\\", b"") + b">"


def prefix_header(namespaces: Mapping[str, str], used: Iterable[bytes]) -> str:
    """The prefixes of `namespaces` the written body uses (`used`: their `prefix:` texts),
    sorted."""
    lines = [
        f"PREFIX {prefix}: <{namespace}>"
        for prefix, namespace in sorted(namespaces.items())
        if f"{prefix}:".encode() in used
    ]
    return "\n".join(lines) + "\n\n" if lines else ""


class PrefixesWritten:
    """The prefixes pyoxigraph writes some IRI of N-Triples or N-Quads under (their
    `prefix:` texts): whenever the IRI starts with the namespace, except `rdf:type` (as
    `a`) and numbers and booleans (bare), and a name with escapes (written in full here).
    For the namespaces of those shorthands, the body itself says whether the prefix is
    used (`SpacedBody.used`) when the lines have nothing else of them."""

    def __init__(self, namespaces: Mapping[str, str]) -> None:
        self.looks = [
            (
                f"{prefix}:".encode(),
                f"<{namespace}".encode(),
                re.compile(
                    re.escape(f"<{namespace}".encode())
                    + SHORTHANDS.get(namespace, b"")
                    + PLAIN_LOCAL
                ),
            )
            for prefix, namespace in namespaces.items()
        ]

    def __call__(self, lines: bytes, body: bytes) -> set[bytes]:
        """The prefixes some IRI of `lines` is written under in `body` (what pyoxigraph
        wrote of them). A prefix is looked for in the body first: a prefix it lacks is
        not used, and the body is a third of the lines' length; then a plain look for
        the namespace in the lines, then the pattern's search, slower by far."""
        return {
            prefix
            for prefix, iri, written in self.looks
            if prefix in body and lines.find(iri) >= 0 and written.search(lines)
        }


# A prefixed name whose local part needs escapes (pyoxigraph writes `place:gr\/athens`):
# outside IRIs and strings, since no string pyoxigraph writes holds a backslash before one
# of these characters (its own backslashes are doubled).
ESCAPES = rb"~!$&'()*+,;=/?#@%."
ESCAPE = rb"\\[" + re.escape(ESCAPES) + rb"]"
# (possessive: a name without an escape is given up at once, not tried again a letter less)
ESCAPED_NAME = re.compile(
    rb"(?<![\w\\\"<.-])([A-Za-z][\w.-]*+)?:([\w.-]*+(?:" + ESCAPE + rb"[\w.-]*+)++)"
)
ESCAPE_MARK = re.compile(ESCAPE)
# The rest of an IRI pyoxigraph writes as a prefixed name without escapes.
PLAIN_LOCAL = rb"[^>~!$&'()*+,;=/?#@%\\\s]*(?<!\.)>"

# Namespaces some of whose IRIs pyoxigraph writes without a prefix: what follows the
# namespace in the IRIs it writes with one.
SHORTHANDS = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": rb"(?!type>)",
    "http://www.w3.org/2001/XMLSchema#": rb"(?!(?:integer|decimal|double|boolean)>)",
}
