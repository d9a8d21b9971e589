"""What a person sees of a resource: the context of its HTML page (Jinja2 templates in
`templates/`), its sections by kind (a declaration's texts and signatory list, a party's
declarations, congresses and co-signers, a meeting's declarations), and the index pages."""

from __future__ import annotations

import posixpath
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pyoxigraph as ox

from kg.site.describe import Described

TEMPLATES = Path(__file__).parent / "templates"
SCHEMA = "https://schema.org/"
KG = "https://w3id.org/imcwp/vocab#"
ORG_FORMAL = "http://www.w3.org/ns/org#FormalOrganization"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
SPATIAL = "http://purl.org/dc/terms/spatial"
FORMATS = (  # (name, suffix, media type): what each resource is written as
    ("HTML", ".html", "text/html"),
    ("Turtle", ".ttl", "text/turtle"),
    ("JSON-LD", ".jsonld", "application/ld+json"),
    ("N-Triples", ".nt", "application/n-triples"),
)


@dataclass(frozen=True)
class Link:
    href: str
    label: str
    note: str = ""


def label_of(link: Link) -> str:
    return link.label


def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


class PageMaker:
    """The pages of one site: links between them are relative, so the site works from any
    folder or server path."""

    def __init__(
        self, described: Described, prefixes: dict[str, str], findings: dict[str, list[str]]
    ) -> None:
        self.graph = described
        self.prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self.findings = findings  # by source name
        self.templates = environment()

    # -- links ----------------------------------------------------------------------------

    def href(self, iri: str, page: str) -> str:
        """A link from the page at `page` (its site path) to `iri`: its page when it has
        one (relative), else the IRI itself (Wikidata, schema.org)."""
        if not iri.startswith(self.graph.base):
            return iri
        target = self.graph.path(iri) + ".html"
        fragment = f"#{iri.split('#', 1)[1]}" if "#" in iri else ""
        return posixpath.relpath(target, posixpath.dirname(page) or ".") + fragment

    def link(self, iri: str, page: str, note: str = "") -> Link:
        return Link(self.href(iri, page), self.graph.label(iri), note)

    def compact(self, iri: str) -> str:
        for prefix, namespace in self.prefixes:
            if iri.startswith(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri

    def root(self, page: str) -> str:
        depth = page.count("/")
        return "../" * depth

    # -- a resource's page ------------------------------------------------------------------

    def resource_page(self, document: str) -> str:
        graph, path = self.graph, self.graph.path(document)
        page = f"{path}.html"
        name = path.rsplit("/", 1)[-1]
        context: dict[str, Any] = {
            "title": graph.label(document),
            "iri": document,
            "root": self.root(page),
            "kinds": sorted(self.compact(kind) for kind in graph.types(document)),
            "formats": [
                {"name": n, "href": f"{name}{suffix}", "media_type": media}
                for n, suffix, media in FORMATS
            ],
            "facts": [
                self.fact(fact, page)
                for s in graph.subjects_of(document)
                for fact in graph.facts_of(s)
            ],
            "versions": self.versions(document, page),
            "signatories": self.signatories(document, page),
            "sections": self.sections(document, page),
            "findings": self.findings_about(document),
        }
        return self.templates.get_template("resource.html").render(context)

    def fact(self, fact: Any, page: str) -> dict[str, Any]:
        value = fact.value
        is_iri = isinstance(value, ox.NamedNode)
        return {
            "predicate": fact.predicate,
            "property": self.compact(fact.predicate),
            "text": self.graph.label(value.value) if is_iri else str(value.value),
            "href": self.href(value.value, page) if is_iri else None,
            "language": value.language if isinstance(value, ox.Literal) else None,
            "sources": [self.stated_in(graph, page) for graph in fact.stated_in],
        }

    def stated_in(self, graph: str, page: str) -> Link:
        """The page of the source that states a fact (its named graph's source page)."""
        source = graph.replace("/graph/source/", "/source/", 1)
        if source in self.graph.facts:
            return self.link(source, page)
        return Link(self.href(graph, page), self.graph.label(graph))

    def versions(self, document: str, page: str) -> list[dict[str, Any]]:
        """A declaration's text in each language, from its language versions."""
        graph, found = self.graph, []
        for version in graph.pointing_to(document, f"{SCHEMA}exampleOfWork"):
            language = next((v.value for v in graph.values(version, f"{SCHEMA}inLanguage")), "")
            text = next((v.value for v in graph.values(version, f"{SCHEMA}text")), "")
            found.append(
                {
                    "language": language,
                    "title": graph.label(version, language),
                    "href": self.href(version, page),
                    "paragraphs": [p for p in text.split("\n") if p.strip()],
                }
            )
        return sorted(found, key=lambda version: str(version["language"]))

    def signatories(self, document: str, page: str) -> list[dict[str, Any]]:
        """Each signatory list as printed (numbers, spellings), linked to the parties."""
        graph, found = self.graph, []
        for listing in graph.values(document, f"{KG}signatoryList"):
            entries: list[dict[str, Any]] = []
            for item in graph.values(listing.value, f"{SCHEMA}itemListElement"):
                position = next(iter(graph.values(item.value, f"{SCHEMA}position")), None)
                party = next(iter(graph.values(item.value, f"{SCHEMA}item")), None)
                entries.append(
                    {
                        "position": int(position.value) if position is not None else 0,
                        "name": graph.label(item.value),
                        "party": self.link(party.value, page) if party is not None else None,
                    }
                )
            source = next(iter(graph.values(listing.value, PROV_DERIVED)), listing)
            found.append(
                {
                    "source": self.link(source.value, page),
                    "entries": sorted(entries, key=lambda entry: entry["position"]),
                }
            )
        return found

    def sections(self, document: str, page: str) -> list[dict[str, Any]]:
        graph = self.graph
        kinds = graph.types(document)
        listed: list[tuple[str, list[Link]]] = []

        def links(iris: list[str]) -> list[Link]:
            return sorted((self.link(iri, page) for iri in iris), key=lambda link: link.label)

        if f"{KG}Declaration" in kinds:
            listed.append(
                ("Adopted at", links([v.value for v in graph.values(document, f"{KG}adoptedAt")]))
            )
        if ORG_FORMAL in kinds:
            signed = graph.pointing_to(document, f"{KG}signatory")
            listed.append(("Declarations signed", links(signed)))
            listed.append(("Congresses", links(graph.pointing_to(document, f"{SCHEMA}organizer"))))
            listed.append(("Signed with", self.co_signers(document, signed, page)))
        if f"{SCHEMA}Event" in kinds:
            listed.append(
                ("Declarations adopted", links(graph.pointing_to(document, f"{KG}adoptedAt")))
            )
            attendees = [v.value for v in graph.values(document, f"{SCHEMA}attendee")]
            listed.append(("Attended by", links(attendees)))
        listed.append(("Referred to by", links(graph.pointing_to(document))))
        return [{"title": title, "links": items} for title, items in listed if items]

    def co_signers(self, party: str, signed: list[str], page: str) -> list[Link]:
        together: Counter[str] = Counter()
        for declaration in signed:
            for other in self.graph.values(declaration, f"{KG}signatory"):
                if other.value != party:
                    together[other.value] += 1
        ranked = sorted(together.items(), key=lambda item: (-item[1], self.graph.label(item[0])))
        return [self.link(other, page, f"({count})") for other, count in ranked]

    def findings_about(self, document: str) -> list[str]:
        """The findings of the build about the source pages a resource comes from."""
        graph = self.graph
        sources = {document, *(v.value for v in graph.values(document, PROV_DERIVED))}
        names = {
            literal.value
            for source in sources
            for literal in graph.values(source, f"{SCHEMA}identifier")
            if isinstance(literal, ox.Literal) and source.startswith(f"{graph.base}source/")
        }
        return sorted({finding for name in names for finding in self.findings.get(name, [])})

    # -- the index pages --------------------------------------------------------------------

    def index_pages(self) -> dict[str, str]:
        graph = self.graph
        documents = graph.documents()

        def of_kind(kind: str) -> list[str]:
            return [d for d in documents if kind in graph.types(d)]

        def group_page(page: str, title: str, items: list[str], key: Callable[[str], str]) -> str:
            groups: dict[str, list[Link]] = defaultdict(list)
            for iri in items:
                groups[key(iri)].append(self.link(iri, page))
            rendered: list[dict[str, Any]] = [
                {"id": name, "title": name, "links": sorted(links, key=label_of)}
                for name, links in sorted(groups.items())
            ]
            return self.render_listing(page, title, rendered)

        meetings = [e for e in of_kind(f"{SCHEMA}Event") if self.number(e) is not None]
        parties = of_kind(ORG_FORMAL)
        declarations = of_kind(f"{KG}Declaration")

        def country(party: str) -> str:
            place = next(iter(graph.values(party, SPATIAL)), None)
            return graph.label(place.value) if place is not None else "(no country)"

        def year(declaration: str) -> str:
            day = next(iter(graph.values(declaration, f"{SCHEMA}dateCreated")), None)
            return day.value[:4] if day is not None else "(no date)"

        def series(event: str) -> str:
            name = next(iter(graph.values(event, f"{SCHEMA}superEvent")), None)
            return graph.label(name.value) if name is not None else "(no series)"

        pages = {
            "by/meeting.html": group_page(
                "by/meeting.html", "Meetings and congresses", meetings, series
            ),
            "by/party.html": group_page(
                "by/party.html", "Parties", parties, lambda p: graph.label(p)[:1].upper()
            ),
            "by/country.html": group_page(
                "by/country.html", "Parties by country", parties, country
            ),
            "by/year.html": group_page("by/year.html", "Declarations by year", declarations, year),
        }
        home = [
            {"id": "", "title": "The record", "links": [
                Link("by/meeting.html", "Meetings and congresses", f"({len(meetings)})"),
                Link("by/party.html", "Parties", f"({len(parties)})"),
                Link("by/country.html", "Parties by country"),
                Link("by/year.html", "Declarations by year", f"({len(declarations)})"),
            ]},
        ]  # fmt: skip
        home.append({"id": "pictures", "title": "Pictures", "links": [
            Link("pictures/timeline.svg", "Meetings and congresses: when and where"),
            Link("pictures/network.svg", "Parties that sign together"),
            Link("pictures/signatures.svg", "Signatures per party over the years"),
            Link("pictures/languages.svg", "Declarations per meeting, by language"),
        ]})  # fmt: skip
        pages["index.html"] = self.render_listing("index.html", "IMCWP knowledge graph", home)
        return pages

    def number(self, event: str) -> int | None:
        ordinal = next(iter(self.graph.values(event, f"{KG}ordinal")), None)
        return int(ordinal.value) if ordinal is not None and ordinal.value.isdigit() else None

    def render_listing(self, page: str, title: str, groups: list[dict[str, Any]]) -> str:
        context = {"title": title, "root": self.root(page), "formats": [], "groups": groups}
        return self.templates.get_template("listing.html").render(context)
