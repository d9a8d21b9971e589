"""The vocabulary in one place: the project's terms, the reused namespaces, one prefix map.

`ontology/kg.ttl` is the source of truth for the project's terms; `KG` mirrors it as a closed
namespace (a typo is an error, not a new IRI), and a test keeps the two in sync.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SH,
    SKOS,
    VOID,
    XSD,
    DefinedNamespace,
)
from rdflib.term import URIRef

VOCAB_IRI = "https://w3id.org/imcwp/vocab#"
SHAPES_IRI = "https://w3id.org/imcwp/shapes"
DEFAULT_BASE = "https://w3id.org/imcwp/"

# One schema.org form throughout: https, as rdflib's SDO. Input in http form is normalised.
SCHEMA_HTTP = "http://schema.org/"
PAV = Namespace("http://purl.org/pav/")
WD = Namespace("http://www.wikidata.org/entity/")
SHAPES = Namespace(SHAPES_IRI + "#")


class KG(DefinedNamespace):
    """The project's own terms: only what no standard vocabulary says."""

    _fail = True
    _NS = Namespace(VOCAB_IRI)

    Declaration: URIRef  # a joint statement adopted by parties (the work)
    PartyCongress: URIRef  # a congress of one party
    ProvisionalParty: URIRef  # named in a source, unknown to the registry
    signatory: URIRef  # declaration → party that signed it (P1891)
    signatoryList: URIRef  # declaration → the list of signatures as printed
    adoptedAt: URIRef  # declaration → the meeting that adopted it
    ordinal: URIRef  # event → its number in its series (P1545)
    shortName: URIRef  # party → acronym or short name (P1813)


class SCHEMA(DefinedNamespace):
    """The schema.org terms the graph uses, closed so that a typo fails at once."""

    _fail = True
    _NS = Namespace("https://schema.org/")

    AdministrativeArea: URIRef
    City: URIRef
    Country: URIRef
    CreativeWork: URIRef
    Event: URIRef
    EventPostponed: URIRef
    EventScheduled: URIRef
    EventSeries: URIRef
    ItemList: URIRef
    ItemListOrderAscending: URIRef
    ListItem: URIRef
    Place: URIRef
    PoliticalParty: URIRef
    WebPage: URIRef
    alternativeHeadline: URIRef
    attendee: URIRef
    containedInPlace: URIRef
    dateCreated: URIRef
    datePublished: URIRef
    dissolutionDate: URIRef
    encodingFormat: URIRef
    endDate: URIRef
    eventStatus: URIRef
    exampleOfWork: URIRef
    foundingDate: URIRef
    hasPart: URIRef
    headline: URIRef
    identifier: URIRef
    inLanguage: URIRef
    item: URIRef
    itemListElement: URIRef
    itemListOrder: URIRef
    location: URIRef
    locationCreated: URIRef
    name: URIRef
    numberOfItems: URIRef
    organizer: URIRef
    position: URIRef
    publisher: URIRef
    sameAs: URIRef
    sha256: URIRef
    startDate: URIRef
    superEvent: URIRef
    text: URIRef
    url: URIRef


# The one prefix map: graph binding, the JSON-LD @context, the shapes and SPARQL PREFIX lines.
VOCABULARY_PREFIXES: dict[str, str] = {
    "kg": VOCAB_IRI,
    "schema": str(SCHEMA),
    "org": str(ORG),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "prov": str(PROV),
    "pav": str(PAV),
    "owl": str(OWL),
    "wd": str(WD),
    "void": str(VOID),
    "dcat": str(DCAT),
    "sh": str(SH),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}
DATA_FAMILIES = ("party", "event", "declaration", "place", "series", "source")


def prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """Every prefix of the project, the data families under `base` included."""
    return {**VOCABULARY_PREFIXES, **{family: f"{base}{family}/" for family in DATA_FAMILIES}}


def sparql_prefixes(base: str = DEFAULT_BASE) -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes(base).items())


class Terms:
    """A namespace whose terms are made once each: rdflib makes a new URIRef at each
    `SCHEMA.name` (millions of times in mapping 10,000 pages, a tenth of the stage)."""

    def __init__(self, namespace: object) -> None:
        self.namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):  # not a term: what copy or pickle look for
            raise AttributeError(name)
        term = URIRef(getattr(self.namespace, name))
        setattr(self, name, term)  # found on the object from now on, without this call
        return term
