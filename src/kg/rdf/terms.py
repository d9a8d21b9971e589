"""RDF terms as N-Triples text: the form every stage hands the next (sorted lines, one
triple each), and what pyoxigraph reads and writes each format from."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# N-Triples or N-Quads to write in another format: in memory (a small graph), or in a file
# (a build's graph: read as it is written, so that a writer holds no copy of it).
RdfData = bytes | Path


# The writers below work on sorted N-Triples / N-Quads lines: pyoxigraph writes each format
# a hundred times faster than rdflib, and sorted input makes its output byte-stable (a
# subject's triples are adjacent lines, so each subject is written once, in order).


def sorted_graphs(graphs: Mapping[URIRef, Iterable[str]]) -> dict[str, list[str]]:
    """Each named graph's lines sorted, by its name as N-Quads writes it (`<name>`), in the
    order of those names."""
    return {f"<{name}>": sorted(graphs[name]) for name in sorted(graphs, key=lambda n: f"<{n}>")}


def nquads_graphs(graphs: Mapping[str, list[str]]) -> Iterator[list[str]]:
    """The named graphs' sorted lines (`sorted_graphs`) as N-Quads lines (no newline), graph
    by graph: TriG writes them as they come, one block per graph, and sorting graph by graph
    takes less time than sorting them all."""
    for name, lines in graphs.items():
        yield [f"{line[:-2]} {name} ." for line in lines]


def union_of(graphs: Iterable[list[str]]) -> list[str]:
    """The sorted lines of graphs of sorted lines, each line once. Sorting their lines one
    after the other merges sorted runs, and a page's graph is mostly lines of its own, in
    a stretch of the order no other graph's lines fall in: quicker than sorting them anew."""
    return list(dict.fromkeys(sorted(itertools.chain.from_iterable(graphs))))


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


def parsed(data: RdfData, rdf_format: ox.RdfFormat) -> Iterator[Any]:
    if isinstance(data, Path):
        return iter(ox.parse(path=data, format=rdf_format))
    return iter(ox.parse(data, format=rdf_format))


@dataclass(frozen=True, slots=True)
class Text:
    """A literal as the mapping makes it: its form, and a language or a datatype (an IRI).
    Made in a tenth of the time of an rdflib Literal, which checks and converts its value
    (a million of them were a third of mapping a large record); pyoxigraph checks it as
    it writes it."""

    value: str
    language: str | None = None
    datatype: str | None = None


def literal(value: str | int, lang: str | None = None, datatype: str | None = None) -> Text:
    """A plain, tagged or typed literal; an int is an xsd:integer (as rdflib makes it)."""
    if isinstance(value, int):
        return Text(str(value), None, str(datatype or XSD_INTEGER))
    return Text(value, lang or None, None if lang or datatype is None else str(datatype))


XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


class NTriplesTerms:
    """rdflib terms (and `Text`s) as N-Triples text, as pyoxigraph writes them (it checks
    IRIs and escapes literals); each distinct term converted once while it is remembered.
    The memo is keyed by plain strings and tuples: rdflib terms hash in Python, several
    times slower. It forgets all when it holds `most` terms: most terms of a record are of
    one page (its list's entries, its texts) and never come again, and a mapper in each
    worker process would hold them all."""

    def __init__(self, most: int = 100_000) -> None:
        self.iris: dict[str, str] = {}
        self.literals: dict[tuple[str, str | None, str | None], str] = {}
        self.most = most

    def __call__(self, term: Node | Text) -> str:
        if isinstance(term, URIRef):
            iri = str(term)
            known = self.iris.get(iri)
            if known is None:
                if len(self.iris) >= self.most:
                    self.iris.clear()
                known = self.iris[iri] = str(ox.NamedNode(iri))
            return known
        if isinstance(term, Text):
            key = (term.value, term.language, term.datatype)
            known = self.literals.get(key)
            if known is None:
                if len(self.literals) >= self.most:
                    self.literals.clear()
                known = self.literals[key] = str(
                    ox.Literal(term.value, language=term.language)
                    if term.language
                    else ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
                    if term.datatype
                    else ox.Literal(term.value)
                )
            return known
        if isinstance(term, Literal):
            datatype = str(term.datatype) if term.datatype else None
            key = (str(term), term.language, datatype)
            known = self.literals.get(key)
            if known is None:
                if len(self.literals) >= self.most:
                    self.literals.clear()
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
