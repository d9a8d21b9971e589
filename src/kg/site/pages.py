"""What a person sees of a resource: the context of its HTML page (Jinja2 templates in
`templates/`), its sections by kind (a declaration's texts and signatory list, a party's
declarations, congresses and co-signers, a meeting's declarations), and the index pages.

Over 400 lines: the page of each kind of resource and the index pages, all from one
`PageMaker` whose link and label memos they share.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pyoxigraph as ox
from markupsafe import Markup, escape

from kg.site.describe import (
    KG,
    NAME_KINDS,
    ORG_FORMAL,
    PROV_DERIVED,
    SCHEMA,
    SIGNATORY,
    SPATIAL,
    Described,
    Fact,
)

TEMPLATES = Path(__file__).parent / "templates"
ATTENDEE = f"{SCHEMA}attendee"
ITEM_LIST = f"{SCHEMA}ItemList"
LIST_ITEM = f"{SCHEMA}ListItem"
LIST_ELEMENT = f"{SCHEMA}itemListElement"
SHOWN_ELSEWHERE = {  # links to a page that its own sections show (or a list's entries)
    SIGNATORY, f"{SCHEMA}organizer", ATTENDEE, f"{KG}adoptedAt", f"{SCHEMA}item",
    f"{SCHEMA}exampleOfWork",
}  # fmt: skip
FORMATS = (  # (name, suffix, media type): what each resource is written as
    ("HTML", ".html", "text/html"),
    ("Turtle", ".ttl", "text/turtle"),
    ("JSON-LD", ".jsonld", "application/ld+json"),
    ("N-Triples", ".nt", "application/n-triples"),
)


# What the templates show: small classes rather than dicts, for Jinja2 finds an attribute
# at once where a dict's key costs it a failed attribute look-up first.


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    label: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Row:  # a fact in a page's table
    predicate: str
    property: str
    text: str
    href: str | None
    language: str | None
    sources: list[Link]


@dataclass(frozen=True, slots=True)
class Part:  # the facts of one IRI a page describes: the page's own, or a `#part`'s
    id: str
    title: str
    facts: list[Row]
    stated_in: list[Link]  # when one source states every fact


@dataclass(frozen=True, slots=True)
class Name:  # one of a party's names
    text: str
    language: str
    kind: str


@dataclass(frozen=True, slots=True)
class Version:  # a declaration's text in one language
    language: str
    title: str
    href: str
    paragraphs: list[str]


@dataclass(frozen=True, slots=True)
class Entry:  # a signatory list's entry as printed
    id: str
    position: int | None  # as printed; an unnumbered list's entries have none
    order: tuple[int, int]  # the printed number, else the place in the list
    name: str
    party: Link | None


@dataclass(frozen=True, slots=True)
class Listing:  # a signatory list as printed
    id: str
    heading: str
    source: Link
    entries: list[Entry]


@dataclass(frozen=True, slots=True)
class Section:  # a list of links under a title
    title: str
    links: list[Link]
    id: str = ""


def label_of(link: Link) -> str:
    return link.label


def fragment_in(iri: str, document: str) -> str:
    """The `#fragment` of an IRI that the document describes (its own part), else ""."""
    return iri.split("#", 1)[1] if iri.startswith(f"{document}#") else ""


def environment() -> jinja2.Environment:
    templates = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,  # read once a run, not looked at again for each page
    )
    templates.filters["link_list"] = link_list
    templates.filters["fact_rows"] = fact_rows
    templates.filters["entry_items"] = entry_items
    templates.filters["paragraphs"] = paragraphs
    templates.filters["name_rows"] = name_rows
    templates.filters["items"] = items
    return templates


def link_list(links: list[Link]) -> Markup:
    """A list of links as HTML, escaped as the templates escape: a filter in Python, for a
    party's page lists thousands (the template's loop took most of a large site's time)."""
    items = []
    for link in links:
        note = f' <span class="note">{escaped(link.note)}</span>' if link.note else ""
        items.append(f'<li><a href="{escaped(link.href)}">{escaped(link.label)}</a>{note}</li>\n')
    return Markup(f"<ul>{''.join(items)}</ul>")


def fact_rows(rows: list[Row], with_sources: bool) -> Markup:
    """A table's facts as HTML rows (a filter in Python, as `link_list` is)."""
    lines = []
    for row in rows:
        text = escaped(row.text)
        value = f'<a href="{escaped(row.href)}">{text}</a>' if row.href else text
        if row.language:
            value += f' <span class="lang">@{escaped(row.language)}</span>'
        sources = ""
        if with_sources:
            links = (f'<a href="{escaped(s.href)}">{escaped(s.label)}</a>' for s in row.sources)
            sources = f"<td>{', '.join(links)}</td>"
        lines.append(
            f'<tr><td title="{escaped(row.predicate)}">{escaped(row.property)}</td>'
            f"<td>{value}</td>{sources}</tr>\n"
        )
    return Markup("".join(lines))


def entry_items(entries: list[Entry]) -> Markup:
    """A signatory list's entries as HTML items, numbered as printed (a filter in Python)."""
    items = []
    for entry in entries:
        own = f' id="{escaped(entry.id)}"' if entry.id else ""
        name = escaped(entry.name)
        if entry.party is not None:
            name = f'<a href="{escaped(entry.party.href)}">{name}</a>'
        number = f' value="{entry.position}"' if entry.position is not None else ""
        items.append(f"\n<li{number}{own}>{name}</li>")
    return Markup("".join(items))


def paragraphs(texts: list[str]) -> Markup:
    """A text's paragraphs as HTML (a filter in Python: a declaration's are hundreds)."""
    return Markup("".join(f"<p>{escape(text)}</p>\n" for text in texts))


def name_rows(names: list[Name]) -> Markup:
    """A party's names as table rows (a filter in Python)."""
    rows = (
        f'\n<tr><td lang="{escaped(n.language)}">{escaped(n.text)}</td>'
        f"<td>{escaped(n.language)}</td><td>{escaped(n.kind)}</td></tr>"
        for n in names
    )
    return Markup("".join(rows))


def items(texts: list[str]) -> Markup:
    """Texts as list items (a filter in Python)."""
    return Markup("".join(f"<li>{escape(text)}</li>" for text in texts))


@functools.cache
def escaped(text: str) -> str:
    """HTML-escaped as the templates escape (markupsafe), once a text: the same names and
    links recur on thousands of pages."""
    return str(escape(text))


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
        self.sources: dict[str, str] = {}  # a named graph: the source page it stands for
        self.targets: dict[str, str] = {}  # an IRI: its page's path from the site's root
        self.compacted: dict[str, str] = {}  # an IRI: its prefixed name

    # -- links ----------------------------------------------------------------------------

    def href(self, iri: str, page: str) -> str:
        """A link from the page at `page` (its site path) to `iri`: its page when it has
        one (relative, by way of the site's root), else the IRI itself (Wikidata)."""
        target = self.targets.get(iri)
        if target is None:
            if not iri.startswith(self.graph.base):
                return iri
            fragment = f"#{iri.split('#', 1)[1]}" if "#" in iri else ""
            target = self.targets[iri] = f"{self.graph.path(iri)}.html{fragment}"
        return self.root(page) + target

    def link(self, iri: str, page: str, note: str = "") -> Link:
        return Link(self.href(iri, page), self.graph.label(iri), note)

    def compact(self, iri: str) -> str:
        known = self.compacted.get(iri)  # a few dozen properties and kinds, on every page
        if known is None:
            known = self.compacted[iri] = next(
                (f"{p}:{iri[len(n) :]}" for p, n in self.prefixes if iri.startswith(n)), iri
            )
        return known

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
            "alternates": Markup(
                "".join(
                    f'\n<link rel="alternate" type="{media}" href="{escaped(name)}{suffix}">'
                    for _, suffix, media in FORMATS
                )
            ),
            "format_links": Markup(
                ", ".join(
                    f'<a href="{escaped(name)}{suffix}">{kind}</a>' for kind, suffix, _ in FORMATS
                )
            ),
            "parts": self.parts(document, page),
            "names": self.names(document) if ORG_FORMAL in graph.types(document) else [],
            "versions": self.versions(document, page),
            "signatories": self.signatories(document, page),
            "sections": self.sections(document, page),
            "findings": self.findings_about(document),
        }
        return self.templates.get_template("resource.html").render(context)

    def parts(self, document: str, page: str) -> list[Part]:
        """The facts of the IRIs a page describes (itself, then its `#parts`), each with
        the sources that state it. A printed list and its entries are shown as printed."""
        graph, found = self.graph, []
        for subject in graph.subjects_of(document):
            if graph.types(subject) & {ITEM_LIST, LIST_ITEM}:
                continue  # shown as printed, in the signatory lists
            facts = graph.facts_of(subject)
            sources = {fact.stated_in for fact in facts}
            once = next(iter(sources)) if len(sources) == 1 else None  # said above the table
            fragment = subject.split("#", 1)[1] if "#" in subject else ""
            found.append(
                Part(
                    id=fragment,
                    title=graph.label(subject) if fragment else "",
                    facts=[self.fact(fact, page, sources=once is None) for fact in facts],
                    stated_in=[self.stated_in(g, page) for g in once] if once else [],
                )
            )
        return [part for part in found if part.facts or not part.id]

    def fact(self, fact: Fact, page: str, sources: bool = True) -> Row:
        value = fact.value
        is_iri = isinstance(value, ox.NamedNode)
        return Row(
            predicate=fact.predicate,
            property=self.compact(fact.predicate),
            text=self.graph.label(value.value) if is_iri else str(value.value),
            href=self.href(value.value, page) if is_iri else None,
            language=value.language if isinstance(value, ox.Literal) else None,
            sources=[self.stated_in(graph, page) for graph in fact.stated_in] if sources else [],
        )

    def stated_in(self, graph: str, page: str) -> Link:
        """The page of the source that states a fact (its named graph's source page)."""
        source = self.sources.get(graph)
        if source is None:
            found = graph.replace("/graph/source/", "/source/", 1)
            source = self.sources[graph] = found if found in self.graph.facts else graph
        return self.link(source, page)

    def names(self, party: str) -> list[Name]:
        """A party's names in every language: its names, other names, short names and
        the spellings of the lists it signed (what the site's search finds it by)."""
        found = [
            Name(value.value, value.language or "", kind)
            for predicate, kind in NAME_KINDS
            for value in self.graph.values(party, predicate)
            if isinstance(value, ox.Literal)
        ]
        return found

    def versions(self, document: str, page: str) -> list[Version]:
        """A declaration's text in each language, from its language versions."""
        graph, found = self.graph, []
        for version in graph.pointing_to(document, f"{SCHEMA}exampleOfWork"):
            language = graph.first(version, f"{SCHEMA}inLanguage")
            text = graph.first(version, f"{SCHEMA}text")
            code = language.value if language is not None else ""
            paragraphs = (text.value if text is not None else "").split("\n")
            found.append(
                Version(
                    language=code,
                    title=graph.label(version, code),
                    href=self.href(version, page),
                    paragraphs=[p for p in paragraphs if p.strip()],
                )
            )
        return sorted(found, key=lambda version: version.language)

    def signatories(self, document: str, page: str) -> list[Listing]:
        """Each signatory list as printed (numbers, spellings), linked to the parties: a
        declaration's lists, or those its source page prints (each entry at its `#id`)."""
        graph, found = self.graph, []
        listings = [v.value for v in graph.values(document, f"{KG}signatoryList")]
        printed = [s for s in graph.subjects_of(document) if ITEM_LIST in graph.types(s)]
        for listing in listings or printed:
            entries: list[Entry] = []
            for item in graph.values(listing, LIST_ELEMENT):
                position = graph.first(item.value, f"{SCHEMA}position")
                party = graph.first(item.value, f"{SCHEMA}item")
                number = int(position.value) if position is not None else None
                place = int(re.sub(r"\D", "", item.value.rsplit("/", 1)[-1]) or 0)
                entries.append(
                    Entry(
                        id=fragment_in(item.value, document),
                        position=number,
                        order=(number if number is not None else place, place),
                        name=graph.label(item.value),
                        party=self.link(party.value, page) if party is not None else None,
                    )
                )
            source = graph.first(listing, PROV_DERIVED)
            heading = graph.first(listing, f"{SCHEMA}name")
            found.append(
                Listing(
                    id=fragment_in(listing, document),
                    heading=heading.value if heading is not None else "",
                    source=self.link(source.value if source else listing, page),
                    entries=sorted(entries, key=lambda entry: entry.order),
                )
            )
        return found

    def sections(self, document: str, page: str) -> list[Section]:
        graph = self.graph
        kinds = graph.types(document)
        listed: list[tuple[str, list[Link]]] = []

        def links(iris: list[str]) -> list[Link]:
            return sorted((self.link(iri, page) for iri in iris), key=label_of)

        if f"{KG}Declaration" in kinds:
            listed.append(
                ("Adopted at", links([v.value for v in graph.values(document, f"{KG}adoptedAt")]))
            )
        if ORG_FORMAL in kinds:
            listed.append(("Declarations signed", links(graph.pointing_to(document, SIGNATORY))))
            listed.append(("Congresses", links(graph.pointing_to(document, f"{SCHEMA}organizer"))))
            listed.append(("Meetings attended", links(graph.pointing_to(document, ATTENDEE))))
            listed.append(("Signed with", self.co_signers(document, page)))
        if f"{SCHEMA}Event" in kinds:
            listed.append(
                ("Declarations adopted", links(graph.pointing_to(document, f"{KG}adoptedAt")))
            )
            listed.append(
                ("Attended by", links([v.value for v in graph.values(document, ATTENDEE)]))
            )
        if document in graph.graphs:
            about = sorted({s.split("#", 1)[0] for s in graph.graphs[document]})  # pages
            listed.append(("Facts stated here about", links(about)))
        shown = {link.href for _, items in listed for link in items}
        others = [
            iri
            for predicate, subjects in graph.incoming.get(document, {}).items()
            if predicate not in SHOWN_ELSEWHERE
            for iri in subjects
            if not iri.startswith(f"{document}#")
        ]
        referring = [link for link in links(sorted(set(others))) if link.href not in shown]
        listed.append(("Referred to by", referring))
        return [Section(title, items) for title, items in listed if items]

    def co_signers(self, party: str, page: str) -> list[Link]:
        together = self.graph.co_signers(party)
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
            rendered = [
                Section(name, sorted(links, key=label_of), id=re.sub(r"\s+", "-", name))
                for name, links in sorted(groups.items())
            ]
            return self.render_listing(page, title, rendered)

        meetings = [e for e in of_kind(f"{SCHEMA}Event") if self.number(e) is not None]
        parties = of_kind(ORG_FORMAL)
        declarations = of_kind(f"{KG}Declaration")

        def country(party: str) -> str:
            place = graph.first(party, SPATIAL)
            return graph.label(place.value) if place is not None else "(no country)"

        def year(declaration: str) -> str:
            day = graph.first(declaration, f"{SCHEMA}dateCreated")
            return day.value[:4] if day is not None else "(no date)"

        def series(event: str) -> str:
            name = graph.first(event, f"{SCHEMA}superEvent")
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
            Section("The record", [
                Link("by/meeting.html", "Meetings and congresses", f"({len(meetings)})"),
                Link("by/party.html", "Parties", f"({len(parties)})"),
                Link("by/country.html", "Parties by country"),
                Link("by/year.html", "Declarations by year", f"({len(declarations)})"),
            ]),
        ]  # fmt: skip
        pictures = [
            Link("pictures/timeline.svg", "Meetings and congresses: when and where"),
            Link("pictures/network.svg", "Parties that sign together"),
            Link("pictures/signatures.svg", "Signatures per party over the years"),
            Link("pictures/languages.svg", "Declarations per meeting, by language"),
        ]
        pages["index.html"] = self.render_listing(
            "index.html", "IMCWP knowledge graph", home, pictures
        )
        return pages

    def number(self, event: str) -> int | None:
        ordinal = self.graph.first(event, f"{KG}ordinal")
        return int(ordinal.value) if ordinal is not None and ordinal.value.isdigit() else None

    def render_listing(
        self, page: str, title: str, groups: list[Section], pictures: list[Link] | None = None
    ) -> str:
        context = {
            "title": title,
            "root": self.root(page),
            "alternates": "",
            "groups": groups,
            "pictures": pictures or [],
        }
        return self.templates.get_template("listing.html").render(context)
