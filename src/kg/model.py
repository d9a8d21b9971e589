"""The typed model between the stages: frozen dataclasses, no rdflib types.

Parsers produce it, the resolver completes it, the mapper turns it into triples.
Every collection is a tuple in source order, so the model has a stable order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


@dataclass(frozen=True)
class SourceDocument:
    """One input as read: where it came from and its exact bytes' checksum."""

    name: str  # file name (or URL) shown to people in messages
    location: str  # absolute path or URL
    sha256: str
    text: str
    url: str | None = None  # where it was fetched from, when it was
    retrieved_at: dt.datetime | None = None
    aliases: tuple[str, ...] = ()  # other addresses of the page (a redirect's, the old one)
    withdrawn_at: dt.datetime | None = None  # when the site stopped serving it (404/410)
    media_type: str = "text/plain"
    # What could not be read as given (a saved URL that is no IRI, an unknown charset, HTML
    # nested too deep): left out or read another way, and reported against the page.
    reading_problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Span:
    """Where a fact was read: 1-based line number in the source document."""

    line: int


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """A data-quality finding: reported to people, never silently fixed."""

    code: str  # stable, machine-readable: "duplicate-signatory", "numbering-gap", …
    severity: Severity
    message: str
    source: str  # document name
    line: int | None = None
    hint: str = ""

    def location(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source


@dataclass(frozen=True)
class DateSpan:
    """A date or a span of dates as written: one day, a range, listed days, a month or a
    year (`nel 2020`)."""

    start: dt.date
    end: dt.date
    text: str
    begin: int = 0  # offsets of the match in the text it was found in
    finish: int = 0
    days: tuple[int, ...] = ()  # the days as listed (`18, 19 and 20`), when listed
    year_inferred: bool = False  # no year written: taken from the context (and said so)
    precision: str = "day"  # "day", "month" or "year"

    @property
    def single_day(self) -> bool:
        return self.precision == "day" and self.start == self.end


@dataclass(frozen=True)
class PlaceMention:
    """A place as written (`Madurai, Tamilnadu, India`), its comma-separated parts in order."""

    text: str
    parts: tuple[str, ...]
    language: str


@dataclass(frozen=True)
class MeetingReference:
    """A meeting named in the text, e.g. the 13th International Meeting (series IMCWP)."""

    series: str  # series key, e.g. "imcwp"
    ordinal: int
    text: str
    span: Span
    adopting: bool = True  # names the page's own meeting, not a meeting it refers to


@dataclass(frozen=True)
class LanguageVersion:
    """The declaration in one language: its title, text, and the place and date it states."""

    language: str  # BCP 47 tag, e.g. "en", "ru"
    title: str
    text: str
    subtitle: str | None = None
    place: PlaceMention | None = None
    adopted_on: dt.date | None = None
    place_date_span: Span | None = None
    span: Span | None = None
    dates: DateSpan | None = None  # the dates the version states (a range is a meeting's)


@dataclass(frozen=True)
class SignatoryEntry:
    """One entry of a signatory list, exactly as listed."""

    position: int | None  # the number printed before it, None for unnumbered lists
    raw: str  # the entry's text, as written
    language: str  # language the entry is written in
    span: Span
    name: str | None = None  # the party's cell, when the entry is a table row
    country: str | None = None  # the country's cell of a table row, as written
    by_country: bool = False  # named by its country alone: `the CPs of Cuba, Brazil, …`

    @property
    def mention(self) -> str:
        """The text that names the party."""
        return self.name or self.raw


@dataclass(frozen=True)
class SignatoryList:
    """One printed list of signatories: a page may print two (`SolidNet parties`, `Other`)."""

    heading: str | None
    entries: tuple[SignatoryEntry, ...]
    updated: bool = False  # marked `(updated)`: the list grew after the text was adopted
    span: Span | None = None
    role: str = "signatories"  # or "attendees": the parties present at a meeting


@dataclass(frozen=True)
class EventMention:
    """An event line, e.g. a congress in the site's sidebar."""

    raw: str
    title: str
    start: dt.date | None
    end: dt.date | None
    place: PlaceMention | None
    ordinal: int | None
    kind: str  # "congress" or "event"
    organiser: str | None  # the organiser's name as written
    span: Span
    status: str | None = None  # "postponed", "scheduled" (announced without a date)
    year_inferred: bool = False
    precision: str = "day"  # "month" (`October 2022`) or "year" (`in 2020`): all it gives


@dataclass(frozen=True)
class Header:
    """The top of a site article: title line, language markers, timestamp, language switch."""

    title_line: str
    prefix: str | None  # "13 IMCWP Resolution", "CP of Greece"
    title: str
    markers: tuple[str, ...]  # languages promised by the title, e.g. ("en", "ru")
    published: dt.datetime | None  # publication (or migration) time: not the adoption date
    switch_languages: tuple[str, ...]  # languages of the switch or tag line `• En Ru`
    publisher: str | None = None  # the party that published it, as written (prefix or tags)
    publisher_country: str | None = None  # the country the tag line names with the publisher
    tags: tuple[str, ...] = ()  # other tags: region, section, meeting tag


@dataclass(frozen=True)
class ParsedDocument:
    """Everything read from one document, before party resolution."""

    source: SourceDocument
    header: Header
    versions: tuple[LanguageVersion, ...]
    meetings: tuple[MeetingReference, ...]
    lists: tuple[SignatoryList, ...]
    events: tuple[EventMention, ...]
    findings: tuple[Finding, ...] = ()

    @property
    def signatories(self) -> tuple[SignatoryEntry, ...]:
        """Every entry of every list, in page order."""
        return tuple(entry for group in self.lists for entry in group.entries)


class MatchRule(StrEnum):
    """How a mention was resolved: the reason a person can check."""

    EXACT = "exact"  # the registry's name, as written
    ALIAS = "alias"  # one of the registry's other names (a former or variant name), as written
    NORMALISED = "normalised"  # equal after case, spacing, punctuation, abbreviation folding
    TRANSLATED = "translated"  # a name in another language read through the party glossary
    ACRONYM = "acronym"  # a unique acronym
    ACRONYM_COUNTRY = "acronym+country"  # an acronym shared by parties, told apart by country
    FUZZY = "fuzzy"  # close spelling, above the threshold and clear of the runner-up
    # Named by its country alone (the registry's one communist party there, or the one named
    # plainly after it), or by generic words and its country (`Socialist Movement Kazakhstan`)
    COUNTRY = "country"
    # Of the parties a name may be, the one the rest of its list does not name (`Danish CP`
    # in a list that names the `CP in Denmark`: the Communist Party of Denmark)
    ELIMINATION = "elimination"
    UNRESOLVED = "unresolved"  # not in the registry: a provisional party


@dataclass(frozen=True)
class Resolution:
    """One mention resolved to one party, with the rule that matched."""

    mention: str
    party_id: str
    rule: MatchRule
    score: float = 1.0
    candidates: tuple[tuple[str, float], ...] = ()  # best registry candidates when not certain
    source: str = ""  # the document the mention is in
    line: int | None = None


@dataclass(frozen=True)
class Party:
    """A party: from the registry, or provisional when the registry does not know it."""

    id: str
    names: tuple[tuple[str, str], ...]  # (language, name), one per language
    country: str | None  # ISO 3166-1 alpha-2
    acronyms: tuple[str, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()  # (language, name)
    founded: int | None = None
    dissolved: int | None = None
    provisional: bool = False
    identifiers: tuple[str, ...] = ()  # ids elsewhere: `partyfacts:48`, its website
    # Names the party bore only for a time: (language, name, from year, until year).
    former_names: tuple[tuple[str, str, int | None, int | None], ...] = ()
    unchecked: tuple[str, ...] = ()  # what the registry's team could not check: `native name`
    # Parties it was renamed from or merged from (registry ids); successors are the inverse.
    predecessors: tuple[str, ...] = ()

    @property
    def english_name(self) -> str:
        return dict(self.names).get("en") or self.names[0][1]


@dataclass(frozen=True)
class Place:
    """A place with its names and the place that contains it (None for a country)."""

    id: str  # path under place/, e.g. "in", "in/city/madurai"
    kind: str  # "country", "region" or "city"
    names: tuple[tuple[str, str], ...]
    contained_in: str | None


@dataclass(frozen=True)
class EventSeries:
    id: str  # e.g. "imcwp", "in-cpi-m-congresses"
    names: tuple[tuple[str, str], ...]
    organiser: str | None = None


@dataclass(frozen=True)
class Event:
    """What one source says about an event: sources that disagree give two claims."""

    id: str  # path under event/, e.g. "imcwp-13", "in-cpi-m/congress-24"
    kind: str  # "meeting", "congress" or "event"
    names: tuple[tuple[str, str], ...]
    series: str | None
    ordinal: int | None
    start: dt.date | None = None
    end: dt.date | None = None
    place: str | None = None
    organiser: str | None = None
    source: str = ""  # id of the source document
    status: str | None = None  # "postponed", "scheduled"
    line: int | None = None
    attendees: tuple[str, ...] = ()  # party ids
    precision: str = "day"  # of start and end: "day", "month" (`in October 2022`) or "year"


@dataclass(frozen=True)
class ListedSignatory:
    """A signatory list entry after resolution."""

    position: int | None
    raw: str
    language: str
    party_id: str
    line: int | None = None  # where the entry stands in its page


@dataclass(frozen=True)
class ResolvedList:
    heading: str | None
    entries: tuple[ListedSignatory, ...]
    updated: bool = False


@dataclass(frozen=True)
class Declaration:
    """What one source says about a declaration (the same one may come from several)."""

    id: str  # path under declaration/
    source: str  # id of the source document
    versions: tuple[LanguageVersion, ...]
    adopted_on: dt.date | None  # only when every language agrees
    place: str | None  # place id, only when every language agrees
    meeting: str | None  # event id
    lists: tuple[ResolvedList, ...] = ()

    @property
    def signatories(self) -> tuple[ListedSignatory, ...]:
        return tuple(entry for group in self.lists for entry in group.entries)


@dataclass(frozen=True)
class Source:
    """A source document as it appears in the graph."""

    id: str
    name: str
    location: str
    sha256: str
    published: dt.datetime | None
    languages: tuple[str, ...]
    title: str
    url: str | None = None  # where it was fetched from
    retrieved_at: dt.datetime | None = None
    publisher: str | None = None  # party id
    media_type: str = "text/plain"
    aliases: tuple[str, ...] = ()
    withdrawn_at: dt.datetime | None = None


@dataclass(frozen=True)
class KnowledgeBase:
    """The whole resolved model of a build: what the mapper turns into RDF."""

    sources: tuple[Source, ...] = ()
    declarations: tuple[Declaration, ...] = ()
    parties: tuple[Party, ...] = ()
    places: tuple[Place, ...] = ()
    series: tuple[EventSeries, ...] = ()
    events: tuple[Event, ...] = ()
    resolutions: tuple[Resolution, ...] = ()
    findings: tuple[Finding, ...] = field(default=())


PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


class Dated(Protocol):
    @property
    def start(self) -> dt.date | None: ...
    @property
    def end(self) -> dt.date | None: ...
    @property
    def precision(self) -> str: ...
    @property
    def kind(self) -> str: ...


def overlap(event: Dated, known: Dated) -> bool:
    """Whether two statements' dates share a day (`November 2015`, `30 October to 1
    November 2015`)."""
    if not (event.start and event.end and known.start and known.end):
        return False
    return event.start <= known.end and known.start <= event.end


def finer(event: Dated, known: Dated) -> bool:
    """Whether one statement dates an event more finely within what another said
    (`previsto en 2026` in a title, `previsto en abril de 2026` in the text)."""
    if not (event.start and event.end and known.start and known.end):
        return False
    if event.kind == "meeting" and event.start == event.end:
        return False  # a day said of a meeting (its last, its resolution's) is not its span
    within = known.start <= event.start and event.end <= known.end
    return within and PRECISION_RANK[event.precision] > PRECISION_RANK[known.precision]
