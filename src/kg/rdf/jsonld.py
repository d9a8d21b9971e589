"""Compacted JSON-LD of sorted N-Triples lines under the project's one context."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from importlib.metadata import version
from typing import Any

import pyoxigraph as ox

from kg.rdf.pieces import WHOLE, Cut, Frame, Part, assembled
from kg.rdf.terms import RDF_TYPE, XSD_STRING, RdfData
from kg.run.cache import key_of
from kg.vocab import DEFAULT_BASE, prefixes

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


def jsonld(triples: RdfData, base: str = DEFAULT_BASE, cut: Cut = WHOLE) -> Iterator[bytes]:
    """Compacted JSON-LD of sorted N-Triples lines with the context inline (readable
    offline), one node a line, nodes sorted by @id; made in the pieces `cut` says (runs of
    subjects), whose nodes are then sorted together.

    Written here rather than by a JSON-LD processor: the context is fixed, so compacting
    is choosing, per value, the term whose definition fits it (a language map for tagged
    text, `@id` coercion for links, the datatype for typed values) or else the compact
    predicate with an explicit value object; pyld and rdflib took most of a build's time."""
    compact = Compactor(prefixes(base))
    context = json.dumps(jsonld_context(base), ensure_ascii=False, indent=2, sort_keys=True)
    frame = Frame(
        head=lambda _: f'{{\n  "@context": {context},\n  "@graph": [\n'.encode(),
        between=b",\n",
        tail=b"\n  ]\n}\n",
        by_place="the lines of a subject are not adjacent: sort the lines first",
    )
    salt = key_of("json-ld", base, version("pyoxigraph")).encode()
    yield from assembled(
        triples, cut, salt, lambda text: (node_lines(text, compact), NO_MARKS), frame
    )


NO_MARKS: frozenset[bytes] = frozenset()


def node_lines(triples: bytes, compact: Compactor) -> list[Part]:
    """The node of each subject of sorted N-Triples lines (a piece of the graph), a line
    each, with its @id. A subject's lines are adjacent, so each node is written out as
    soon as its last line is read."""
    written: list[Part] = []
    node: dict[str, Any] = {}
    subject = None  # the IRI of `node`: compacted once, not for each of its triples
    for triple in ox.parse(triples, format=ox.RdfFormat.N_TRIPLES):
        if (iri := triple.subject.value) != subject:
            if node:
                written.append(node_line(node))
            subject, node = iri, {"@id": compact(iri)}
        obj, predicate = triple.object, triple.predicate.value
        if predicate == RDF_TYPE and isinstance(obj, ox.NamedNode):
            node.setdefault("@type", []).append(compact(obj.value))
            continue
        key, value = compact.property_value(predicate, obj)
        if isinstance(value, tuple):  # (language, text) in a language map
            node.setdefault(key, {}).setdefault(value[0], []).append(value[1])
        else:
            node.setdefault(key, []).append(value)
    if node:
        written.append(node_line(node))
    return written


def node_line(node: dict[str, Any]) -> tuple[str, bytes]:
    """A node's @id and its line. One node a line: readable, diffable, and written by
    json's fast encoder (indenting takes its slow one, a fifth of a large build)."""
    text = json.dumps(single_values(node), ensure_ascii=False, sort_keys=True)
    return node["@id"], f"    {text}".encode()


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
            language = obj.language
            if language:  # (its datatype is rdf:langString: not asked for, nor written)
                if iri in self.language_terms:
                    return self.language_terms[iri], (language, obj.value)
                return self(iri), {"@value": obj.value, "@language": language}
            datatype = obj.datatype.value
            if (iri, datatype) in self.typed_terms:
                return self.typed_terms[(iri, datatype)], obj.value
            if datatype == XSD_STRING and iri in self.plain_terms:
                return self.plain_terms[iri], obj.value
            value: dict[str, str] = {"@value": obj.value}
            if datatype != XSD_STRING:
                value["@type"] = self.compact(datatype)
            return self(iri), value
        if iri in self.link_terms:
            return self.link_terms[iri], self(obj.value)
        return self(iri), {"@id": self(obj.value)}


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
