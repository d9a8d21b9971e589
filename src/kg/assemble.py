"""Parsed documents to one resolved knowledge base: parties, places, events, declarations.

The same party, place, meeting or congress found in several documents becomes one entry.
What each document says about a declaration or an event is kept as that document's claim;
where documents disagree, both claims stay and the disagreement is reported.

Over 400 lines: one `Assembler` whose steps (parties, places, events, declarations
and the comparison of claims) share the indexes the record is assembled into; its event
claims are the part to move out first.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import replace
from pathlib import PurePath
from typing import TypeVar

from kg.errors import DateError
from kg.model import (
    Declaration,
    Event,
    EventMention,
    EventSeries,
    Finding,
    KnowledgeBase,
    LanguageVersion,
    ListedSignatory,
    MatchRule,
    ParsedDocument,
    Party,
    Place,
    PlaceMention,
    Resolution,
    ResolvedList,
    Severity,
    SignatoryList,
    Source,
    finer,
)
from kg.parse.dates import find_date_span
from kg.parse.event_words import CONGRESS_NOUN, CONTRIBUTION, LONGEST_MEETING
from kg.resolve.parties import PartyResolver, provisional_party
from kg.resolve.places import Gazetteer
from kg.resolve.registry import Registry
from kg.text import slug

# Where a person teaches kg a spelling: the path in kg's repository.
REGISTRY_FILE = "src/kg/data/parties.toml"
# Where the languages of the record are spoken: a congress's party named by a shared acronym
# on a page in one of them is that country's (`XXII Congresso do PCP`).
SPOKEN_IN = {
    "pt": {"PT", "BR"}, "it": {"IT"}, "fr": {"FR", "BE", "LU"}, "el": {"GR", "CY"},
    "cs": {"CZ"}, "sk": {"SK"}, "pl": {"PL"}, "de": {"DE", "AT"}, "sv": {"SE"},
    "tr": {"TR"}, "hu": {"HU"}, "ru": {"RU", "BY"}, "ca": {"ES"},
}  # fmt: skip
# A title about a congress (`XI. sjezd KSČM`, `Съезд КПРФ пройдёт …`): a page that reports
# or announces it, not a statement that mentions one.
CONGRESS_TITLE = re.compile(CONGRESS_NOUN, re.IGNORECASE)

# Rules that leave a party open to what the rest of its list says.
UNCERTAIN = {MatchRule.UNRESOLVED, MatchRule.COUNTRY, MatchRule.FUZZY, MatchRule.ELIMINATION}
T = TypeVar("T")
V = TypeVar("V", bound=Hashable)
K = TypeVar("K", str, tuple[str, str])

IMCWP_SERIES = EventSeries(
    "imcwp",
    (
        ("en", "International Meeting of Communist and Workers' Parties"),
        ("ru", "Международная встреча коммунистических и рабочих партий"),
    ),
)


def english_ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def meeting_names(ordinal: int) -> tuple[tuple[str, str], ...]:
    names = dict(IMCWP_SERIES.names)
    return (
        ("en", f"{english_ordinal(ordinal)} {names['en']}"),
        ("ru", f"{ordinal}-я {names['ru']}"),
    )


class Assembler:
    """Collects documents into one knowledge base, resolving parties and places on the way."""

    def __init__(
        self, registry: Registry, gazetteer: Gazetteer, resolver: PartyResolver | None = None
    ) -> None:
        self.registry = registry
        self.gazetteer = gazetteer
        self.resolver = resolver or PartyResolver(registry, gazetteer)
        self.sources: dict[str, Source] = {}
        self.declarations: dict[tuple[str, str], Declaration] = {}
        # Each declaration's claims by id, to compare a new claim with its own declaration's
        # only (scanning every claim each time made assembling quadratic).
        self.claims: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self.parties: dict[str, Party] = {}
        self.places: dict[str, Place] = {}
        self.countries: set[str] = set()  # the parties' countries, in `places`
        self.series: dict[str, EventSeries] = {}
        self.events: dict[tuple[str, str], Event] = {}
        # Each event's claims by the dates and place they state now, as the sorted names
        # of the sources that state them: a claim is compared with each other value once,
        # not with every claim (comparing it with every claim of a congress that thousands
        # of pages mention made assembling quadratic), and a finding names the first few.
        self.event_values: dict[str, dict[str, dict[object, list[str]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(list))
        )
        self.resolutions: list[Resolution] = []
        self.findings: list[Finding] = []
        self.document = ""  # name of the document being added, for findings
        self.year: int | None = None  # the year of the document being added: names change
        self.language = "en"  # the language of the document being added

    def report(
        self, code: str, severity: Severity, message: str, line: int | None, hint: str = ""
    ) -> None:
        self.findings.append(Finding(code, severity, message, self.document, line, hint))

    # -- parties and places -------------------------------------------------------------

    def party(
        self,
        mention: str,
        language: str,
        line: int,
        country: str | None = None,
        venue: bool = False,
        by_country: bool = False,
        listed_with: frozenset[str] | set[str] = frozenset(),
    ) -> str:
        """The id of the party a mention names; unknown names become provisional parties.
        With `venue`, `country` is where an event takes place: a preference, not a fact
        about the party (the Greek party may hold its congress in Istanbul), so a name that
        fails there is tried without it. With `by_country`, the mention is a country that
        stands for its party (`the CPs of Cuba, Siria, …`). `listed_with`: the parties the
        rest of its list names for certain."""
        resolution = self.resolution(mention, country, by_country)
        if resolution.rule is MatchRule.UNRESOLVED:
            resolution = self.resolver.by_own_name(mention, language) or resolution
        if listed_with and resolution.rule in UNCERTAIN:
            resolution = self.by_elimination(resolution, listed_with, line)
        if venue and country and resolution.rule is MatchRule.UNRESOLVED:
            anywhere = self.resolver.resolve(mention, None)
            if anywhere.rule is not MatchRule.UNRESOLVED:
                resolution = anywhere
        if venue and resolution.rule is MatchRule.UNRESOLVED:
            # `XXII Congresso do PCP` on a Portuguese page: Portugal's PCP, not Palestine's
            spoken = SPOKEN_IN.get(language, set())
            there = [pid for pid, score in resolution.candidates if score >= 1.0]
            here = [pid for pid in there if self.registry.parties[pid].country in spoken]
            if len(there) > 1 and len(here) == 1:
                resolution = Resolution(mention, here[0], MatchRule.ACRONYM_COUNTRY)
        if resolution.rule is MatchRule.UNRESOLVED:
            reading, read_country = self.resolver.shared_reading(mention, resolution.candidates)
            stated = self.resolver.stated_country(mention) or country or read_country
            party = provisional_party(mention, language, stated, reading)
            resolution = Resolution(mention, party.id, resolution.rule, 0.0, resolution.candidates)
            candidates = ", ".join(f"{pid} ({score:.2f})" for pid, score in resolution.candidates)
            if by_country:
                why = f"{mention!r} names its party by its country alone"
                hint = f"the page does not say which party; the registry's there: {candidates}"
            else:
                why = f"party {mention!r} is not in the registry"
                hint = f"add it to {REGISTRY_FILE} (as a new party or an alias)" + (
                    f"; closest: {candidates}" if candidates else ""
                )
            self.report(
                "unresolved-party", Severity.WARNING,
                f"{why}; kept as provisional party {party.id}", line, hint,
            )  # fmt: skip
            self.add_provisional(party)
        else:
            party = self.registry.parties[resolution.party_id]
            self.parties[party.id] = party
            if resolution.rule is MatchRule.FUZZY:
                self.report(
                    "fuzzy-match", Severity.INFO,
                    f"party {mention!r} read as {party.english_name!r} by close spelling "
                    f"(score {resolution.score:.2f})",
                    line, f"if wrong, add the spelling to the right party in {REGISTRY_FILE}",
                )  # fmt: skip
        if party.country and party.country not in self.countries:
            self.countries.add(party.country)  # the same place each time: added once
            self.add_place(self.gazetteer.country(party.country))
        self.resolutions.append(
            Resolution(
                resolution.mention, resolution.party_id, resolution.rule, resolution.score,
                resolution.candidates, self.document, line,
            )
        )  # fmt: skip
        return party.id

    def resolution(self, mention: str, country: str | None, by_country: bool) -> Resolution:
        if by_country:
            return self.resolver.resolve_by_country(mention, country)
        return self.resolver.resolve(mention, country, self.year)

    def by_elimination(
        self, resolution: Resolution, listed_with: frozenset[str] | set[str], line: int
    ) -> Resolution:
        """`Danish CP` may be either Danish party; in a list that names the `CP in Denmark`,
        it is the other. Applied also where a weak rule chose a party the list names
        elsewhere (`CP of Syria` beside `Syrian CP`)."""
        if resolution.rule is not MatchRule.UNRESOLVED and resolution.party_id not in listed_with:
            return resolution
        left = [pid for pid, score in resolution.candidates if score >= 1.0]
        others = [pid for pid in left if pid not in listed_with]
        if len(left) < 2 or len(others) != 1:
            return resolution
        chosen = self.registry.parties[others[0]]
        named = ", ".join(sorted(set(left) - {chosen.id}))
        self.report(
            "party-by-elimination", Severity.INFO,
            f"party {resolution.mention!r} may be {' or '.join(left)}; read as "
            f"{chosen.english_name!r} because the same list names {named}",
            line, f"if wrong, add the spelling to the right party in {REGISTRY_FILE}",
        )  # fmt: skip
        return Resolution(
            resolution.mention, chosen.id, MatchRule.ELIMINATION, 1.0, resolution.candidates
        )

    def add_provisional(self, party: Party) -> None:
        """One node for the spellings of one unknown party: the first names it, the others
        are its other names (a person confirms them into the registry from review.tsv)."""
        known = self.parties.get(party.id)
        if known is None:
            self.parties[party.id] = party
        elif party.names[0] not in (*known.names, *known.aliases):
            self.parties[party.id] = replace(
                known, aliases=tuple(sorted({*known.aliases, party.names[0]}))
            )

    def add_place(self, place: Place) -> None:
        known = self.places.get(place.id)
        if known is None:
            self.places[place.id] = place
        elif known != place:  # the same place, named in more languages: keep every name
            names = dict(known.names)
            for language, name in place.names:
                names.setdefault(language, name)
            self.places[place.id] = Place(
                known.id,
                known.kind,
                tuple(sorted(names.items())),
                known.contained_in or place.contained_in,
            )

    def place(self, mention: PlaceMention, line: int | None) -> str | None:
        places, known = self.gazetteer.resolve(mention)
        for place in places:
            self.add_place(place)
        if not known:
            self.report(
                "unknown-place", Severity.INFO,
                f"place {mention.text!r} is not in the gazetteer; kept as written",
                line, "add the city to src/kg/data/places.toml (the gazetteer) with its country",
            )  # fmt: skip
        return places[0].id if places else None

    def country_of(self, place_id: str | None) -> str | None:
        """The ISO code of the country a place lies in, None when not known."""
        while place_id and self.places[place_id].contained_in:
            place_id = self.places[place_id].contained_in
        if place_id and self.places[place_id].kind == "country":
            return place_id.upper()
        return None

    # -- one document -------------------------------------------------------------------

    def add(self, document: ParsedDocument) -> None:
        source = document.source
        self.document = source.name
        dated = [v.adopted_on for v in document.versions if v.adopted_on]
        published = document.header.published
        self.year = published.year if published else (dated[0].year if dated else None)
        self.language = document.versions[0].language if document.versions else "en"
        self.findings.extend(document.findings)
        source_id = slug(str(PurePath(source.name).with_suffix("")))
        if source_id in self.sources:
            taken, number = source_id, 2
            while f"{taken}-{number}" in self.sources:
                number += 1
            source_id = f"{taken}-{number}"
            self.report(
                "duplicate-source-name", Severity.WARNING,
                f"another input is also known as {taken!r}; this one is read as {source_id}",
                None, "give the files distinct names: the name is the document's identity",
            )  # fmt: skip
        header = document.header
        publisher = None
        if header.publisher:
            country = self.gazetteer.country_code(header.publisher_country or "")
            publisher = self.party(header.publisher, "en", 1, country)
        self.sources[source_id] = Source(
            id=source_id,
            name=source.name,
            location=source.location,
            sha256=source.sha256,
            published=header.published,
            languages=tuple(v.language for v in document.versions),
            title=header.title_line,
            url=source.url,
            retrieved_at=source.retrieved_at,
            publisher=publisher,
            media_type=source.media_type,
            aliases=source.aliases,
            withdrawn_at=source.withdrawn_at,
        )
        if source.withdrawn_at:
            self.report(
                "page-withdrawn", Severity.WARNING,
                f"the site withdrew the page (it answered 404 or 410 on "
                f"{source.withdrawn_at:%Y-%m-%d}): what it states stays in the graph, its "
                "source marked withdrawn (prov:invalidatedAtTime)", None,
                "check whether the site moved or retracted the text",
            )  # fmt: skip
        meeting = self.meeting(document, source_id)
        for mention in document.events:
            self.add_event(mention, source_id)
        # A page that announces or reports a congress is a source for that event, not a
        # declaration with no list.
        # (a chronicle's title is its date, `23-26 mars 2000`: its heading is the next line)
        heading = document.header.title_line
        if document.versions and is_a_date(heading):
            heading = " ".join(document.versions[0].text.splitlines()[:2])
        about_a_congress = (
            any(e.kind == "congress" for e in document.events)
            and CONGRESS_TITLE.search(heading) is not None
            and not (document.lists or meeting)
        )
        if (document.versions or document.lists) and not about_a_congress:
            self.add_declaration(document, source_id, meeting, publisher)

    @staticmethod
    def lists_of(document: ParsedDocument, role: str) -> list[SignatoryList]:
        """The page's lists of signatories, or of the parties present at its meeting (a list
        of participants on a page that names no meeting is read as signatories)."""
        has_meeting = any(m.adopting for m in document.meetings)
        return [g for g in document.lists if (g.role if has_meeting else "signatories") == role]

    def meeting(self, document: ParsedDocument, source_id: str) -> str | None:
        adopting = [m for m in document.meetings if m.adopting]
        ordinals = sorted({m.ordinal for m in adopting})
        if not ordinals:
            return None
        if len(ordinals) > 1:
            where = "; ".join(f"{m.text!r} (line {m.span.line})" for m in adopting)
            self.report(
                "meeting-disagree", Severity.WARNING,
                f"the document names different meetings: {where}",
                adopting[0].span.line,
                "the first named (the title's) is taken as the adopting meeting; check the source",
            )  # fmt: skip
        ordinal = adopting[0].ordinal
        self.series.setdefault(IMCWP_SERIES.id, IMCWP_SERIES)
        # A version that states a span of days (`Izmir, 20-22 October 2023`) or a month
        # (`Beirut Líbano, Noviembre del 2012`) gives the meeting's dates and place, not an
        # adoption date.
        spans = [(v, v.dates) for v in document.versions if v.dates and not v.dates.single_day]
        # A text adopted at the meeting on a day (`20 de octubre de 2019, Izmir`) dates the
        # meeting to that month, when the meeting cannot have begun in the month before and
        # the page's text does not date it (the day may be a weekly's, a week later).
        dated_in_text = any(
            e.kind == "meeting" and e.ordinal == ordinal and e.start for e in document.events
        )
        adopted = [
            (v, replace(v.dates, start=v.dates.start.replace(day=1), precision="month"))
            for v in document.versions
            if v.dates and v.dates.single_day and v.dates.start.day > LONGEST_MEETING
        ]
        # (never a party's message or speech to the meeting: dated when it was sent)
        contribution = CONTRIBUTION.search(document.header.title_line)
        adopted = [] if dated_in_text or contribution else adopted
        start = end = place = None
        line = None
        precision = "day"
        if spans or adopted:
            version, dates = (spans or adopted)[0]
            start, end, precision = dates.start, dates.end, dates.precision
            if precision == "month":
                end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
            line = version.place_date_span.line if version.place_date_span else None
            if version.place and spans:  # a day's place is where the text was signed
                place = self.place(version.place, line)
        attendees = [
            entry.party_id
            for group in self.lists_of(document, "attendees")
            for entry in self.resolve_list(group).entries
        ]
        event = Event(
            id=f"imcwp-{ordinal}",
            kind="meeting",
            names=meeting_names(ordinal),
            series=IMCWP_SERIES.id,
            ordinal=ordinal,
            start=start,
            end=end,
            place=place,
            source=source_id,
            line=line,
            attendees=tuple(dict.fromkeys(attendees)),
            precision=precision,
        )
        self.add_event_claim(event, event.names[0][1])
        return event.id

    def add_declaration(
        self, document: ParsedDocument, source_id: str, meeting: str | None, publisher: str | None
    ) -> None:
        versions = document.versions
        dated = [v for v in versions if v.dates and v.dates.single_day]
        place_ids = {
            v.language: self.place(v.place, v.place_date_span.line if v.place_date_span else None)
            for v in dated
            if v.place
        }
        adopted = self.agreed(
            {v.language: v.adopted_on for v in versions if v.adopted_on}, versions, "adoption date"
        )
        place = self.agreed({k: v for k, v in place_ids.items() if v}, versions, "adoption place")
        if not any(v.adopted_on for v in versions):
            self.report("missing-adoption-date", Severity.INFO, "no adoption date found", None)
        lists = tuple(self.resolve_list(g) for g in self.lists_of(document, "signatories"))
        signatories = tuple(entry for group in lists for entry in group.entries)
        self.report_duplicates(signatories)
        if not signatories and not self.lists_of(document, "attendees"):
            self.report(
                "no-signatories", Severity.WARNING, "no signatory list found", None,
                "a page cut short loses its list: compare with the original page",
            )  # fmt: skip
        english = next((v.title for v in versions if v.language == "en" and v.title), None)
        title = english or document.header.title
        # A party publishes many statements, some with the same title: its scope needs the date.
        by_publisher = f"{publisher}/{adopted}" if publisher and adopted else publisher
        scope = meeting or by_publisher or (adopted.isoformat() if adopted else None) or source_id
        declaration = Declaration(
            id=f"{scope}/{slug(title)}",
            source=source_id,
            versions=versions,
            adopted_on=adopted,
            place=place,
            meeting=meeting,
            lists=lists,
        )
        self.compare_declarations(declaration)
        self.declarations[(declaration.id, source_id)] = declaration
        self.claims[f"declaration {declaration.id}"].add((declaration.id, source_id))

    def resolve_list(self, group: SignatoryList) -> ResolvedList:
        countries = [
            self.resolver.country_code(entry.country) if entry.country else None
            for entry in group.entries
        ]
        # The parties the list names for certain: a name that may be one of several is the
        # one of them the rest of the list does not name.
        certain = [
            self.resolution(entry.mention, country, entry.by_country)
            for entry, country in zip(group.entries, countries, strict=True)
        ]
        named = {r.party_id for r in certain if r.rule not in UNCERTAIN}
        entries = []
        for entry, country in zip(group.entries, countries, strict=True):
            party_id = self.party(
                entry.mention, entry.language, entry.span.line, country,
                by_country=entry.by_country, listed_with=named,
            )  # fmt: skip
            entries.append(
                ListedSignatory(
                    entry.position, entry.raw, entry.language, party_id, entry.span.line
                )
            )
        return ResolvedList(group.heading, tuple(entries), group.updated)

    def compare_declarations(self, declaration: Declaration) -> None:
        """Another source's claims about the same declaration: report what differs."""
        for key in sorted(self.claims[f"declaration {declaration.id}"]):
            other_source, other = key[1], self.declarations[key]
            mine = {s.party_id for s in declaration.signatories}
            theirs = {s.party_id for s in other.signatories}
            if mine and theirs and mine != theirs:
                only_here = ", ".join(sorted(mine - theirs)) or "none"
                only_there = ", ".join(sorted(theirs - mine)) or "none"
                self.report(
                    "signatory-lists-disagree", Severity.WARNING,
                    f"this page and {other_source} list different signatories for "
                    f"{declaration.id}: only here {only_here}; only there {only_there}",
                    None, "both lists are kept with their sources; check which is complete",
                )  # fmt: skip
            if (
                declaration.adopted_on
                and other.adopted_on
                and declaration.adopted_on != other.adopted_on
            ):
                self.report(
                    "declaration-dates-disagree", Severity.WARNING,
                    f"this page dates {declaration.id} {declaration.adopted_on}, "
                    f"{other_source} {other.adopted_on}",
                    None, "both dates are kept with their sources",
                )  # fmt: skip

    def agreed(
        self, values: dict[str, V], versions: tuple[LanguageVersion, ...], what: str
    ) -> V | None:
        """The value all language versions agree on; a disagreement is reported, not settled."""
        distinct = set(values.values())
        if len(distinct) == 1:
            return next(iter(distinct))
        if len(distinct) > 1:
            lines = {v.language: v.place_date_span.line for v in versions if v.place_date_span}
            said = "; ".join(
                f"{lang}: {value} (line {lines.get(lang)})" for lang, value in values.items()
            )
            self.report(
                f"{what.replace(' ', '-')}-disagree", Severity.WARNING,
                f"the language versions disagree on the {what}: {said}",
                min(lines.values(), default=None),
                f"each version keeps its own {what}; the declaration gets none until checked",
            )  # fmt: skip
        return None

    def report_duplicates(self, signatories: tuple[ListedSignatory, ...]) -> None:
        """A party listed more than once (its entries are all kept; it signs once)."""
        entries: dict[str, list[ListedSignatory]] = defaultdict(list)
        for signatory in signatories:
            entries[signatory.party_id].append(signatory)
        for party_id, listed in entries.items():
            if len(listed) < 2:
                continue
            said = ", ".join(f"{e.position or '-'} {e.raw!r} (line {e.line})" for e in listed)
            self.report(
                "duplicate-signatory", Severity.WARNING,
                f"{self.parties[party_id].english_name} is listed {len(listed)} times: {said}",
                listed[1].line,
                "every entry is kept in the list; the party signs once",
            )  # fmt: skip

    # -- events -------------------------------------------------------------------------

    def add_event(self, mention: EventMention, source_id: str) -> None:
        line = mention.span.line
        place = self.place(mention.place, line) if mention.place else None
        country = self.country_of(place)
        organiser = (
            self.party(mention.organiser, self.language, line, country, venue=True)
            if mention.organiser and not self.ambiguous(mention, country)
            else None
        )
        if mention.year_inferred and mention.start:
            self.report(
                "year-inferred", Severity.INFO,
                f"event {mention.title!r} has no year: {mention.start.year} taken from the "
                "publication date", line, "check the year against the source",
            )  # fmt: skip
        if mention.kind == "meeting" and mention.ordinal:
            self.series.setdefault(IMCWP_SERIES.id, IMCWP_SERIES)
            event_id, kind, series_id = f"imcwp-{mention.ordinal}", "meeting", IMCWP_SERIES.id
        elif mention.kind == "congress" and organiser:
            series = EventSeries(
                f"{organiser}/congresses",
                (("en", f"Congresses of the {self.parties[organiser].english_name}"),),
                organiser,
            )
            self.series.setdefault(series.id, series)
            number = mention.ordinal if mention.ordinal else mention.start or slug(mention.title)
            event_id = f"{organiser}/congress-{number}"
            kind, series_id = "congress", series.id
        else:
            event_id = f"{slug(mention.title)}-{mention.start or 'undated'}"
            kind, series_id = "event", None
        if mention.start and mention.end and mention.end < mention.start:
            self.report(
                "event-ends-before-start", Severity.ERROR,
                f"event {mention.title!r} ends ({mention.end}) before it starts ({mention.start})",
                line, "kept as stated; the shapes will reject it until corrected",
            )  # fmt: skip
        # One name for a numbered event, whoever names it: its sources' words differ.
        names: tuple[tuple[str, str], ...] = ((self.language, mention.title),)
        if kind == "meeting" and mention.ordinal:
            names = meeting_names(mention.ordinal)
        elif kind == "congress" and mention.ordinal and organiser:
            party_name = self.parties[organiser].english_name
            names = (("en", f"{english_ordinal(mention.ordinal)} Congress of the {party_name}"),)
        event = Event(
            id=event_id,
            kind=kind,
            names=names,
            series=series_id,
            ordinal=mention.ordinal,
            start=mention.start,
            end=mention.end,
            place=place,
            organiser=organiser,
            source=source_id,
            status=mention.status,
            line=line,
            precision=mention.precision,
        )
        self.add_event_claim(event, mention.title)

    def ambiguous(self, mention: EventMention, country: str | None) -> bool:
        """An event's party named by an acronym two parties bear, which neither the place
        nor the page's language decides (`the XXII Congress of the PCP` on an English page):
        the event is kept without a party rather than given a made-up one, and said so."""
        assert mention.organiser is not None
        found = self.resolver.resolve(mention.organiser, country, self.year)
        there = [pid for pid, score in found.candidates if score >= 1.0]
        if found.rule is not MatchRule.UNRESOLVED or len(there) < 2:
            return False
        spoken = SPOKEN_IN.get(self.language, set())
        if len([pid for pid in there if self.registry.parties[pid].country in spoken]) == 1:
            return False
        self.report(
            "ambiguous-organiser", Severity.WARNING,
            f"event {mention.title!r}: its party {mention.organiser!r} may be "
            f"{' or '.join(sorted(there))}; kept without a party",
            mention.span.line, f"add the party's spelling to {REGISTRY_FILE} if it is certain",
        )  # fmt: skip
        return True

    def add_event_claim(self, event: Event, title: str) -> None:
        """Keep this source's claim; report where it differs from another source's."""
        stated = self.event_values[event.id]
        key = (event.id, event.source)
        known = self.events.get(key)
        # What this claim adds to the source's earlier one (a page names an event in its
        # title, then in its text): only that can disagree with other sources anew.
        adds = event
        if known:
            adds = replace(
                event,
                start=None if known.start and not finer(event, known) else event.start,
                place=None if known.place else event.place,
            )
        # One finding for each other value, naming the sources that state it: a finding
        # for each source would grow with the square of the pages that mention an event.
        for what, mine in claimed(adds).items():
            if mine is None:
                continue
            elsewhere: dict[str, tuple[list[str], int]] = {}  # their value: sources, count
            for theirs, sources in stated[what].items():
                if not sources or agree(mine, theirs):
                    continue
                count = len(sources) - holds(sources, event.source)
                if count:
                    first = [source for source in sources[:4] if source != event.source]
                    shown = show(theirs)
                    known_first, known_count = elsewhere.get(shown, ([], 0))
                    elsewhere[shown] = (sorted(known_first + first)[:3], known_count + count)
            for theirs, (first, count) in sorted(elsewhere.items(), key=lambda kv: kv[1][0]):
                self.report(
                    f"event-{what}-disagree", Severity.WARNING,
                    f"{title!r}: {what} {show(mine)} here, {theirs} in {some_of(first, count)}",
                    event.line, "both claims are kept with their sources; check which is right",
                )  # fmt: skip
        if known:  # one claim a source, with what either of its mentions says
            dated = known if known.start and not finer(event, known) else event
            event = replace(
                known,
                start=dated.start,
                end=dated.end,
                precision=dated.precision,
                place=known.place or event.place,
                status=known.status or event.status,
                organiser=known.organiser or event.organiser,
            )
            for what, value in claimed(known).items():  # its values are now the merged ones
                if value is not None:
                    sources = stated[what][value]
                    del sources[bisect_left(sources, event.source)]
        self.events[key] = event
        for what, value in claimed(event).items():
            if value is not None:
                insort(stated[what][value], event.source)

    def knowledge_base(self) -> KnowledgeBase:
        return KnowledgeBase(
            sources=ordered(self.sources),
            declarations=ordered(self.declarations),
            parties=ordered(self.parties),
            places=ordered(self.places),
            series=ordered(self.series),
            events=ordered(self.events),
            resolutions=tuple(self.resolutions),
            findings=tuple(self.findings),
        )


def is_a_date(line: str) -> bool:
    """Whether a line is a date and nothing more (`23-26 mars 2000`)."""
    try:
        date = find_date_span(line)
    except DateError:  # `11/25/12`: the site's timestamp, month first
        return False
    return date is not None and len(line.strip()) <= len(date.text) + 2


def claimed(event: Event) -> dict[str, object]:
    """What an event claim states that other claims may contradict (None: not stated)."""
    dates = (event.start, event.end, event.precision)
    return {"dates": None if event.start is None else dates, "place": event.place}


def agree(mine: object, theirs: object) -> bool:
    """Two claims agree when equal; a month (`November 2015`) or a year agrees with the days
    it shares (a meeting of 30 October to 1 November whose statement is dated November)."""
    if mine == theirs:
        return True
    if not (isinstance(mine, tuple) and isinstance(theirs, tuple)):
        return False
    (start, end, precision), (other_start, other_end, other_precision) = mine, theirs
    if "day" in (precision, other_precision) and precision == other_precision:
        return False
    return bool(start <= (other_end or other_start) and other_start <= (end or start))


def some_of(first: list[str], count: int, shown: int = 3) -> str:
    """`a`, `a and b`, `a, b, c and 7 other sources`: the `first` sources of `count`."""
    if count > shown:
        return f"{', '.join(first[:shown])} and {count - shown} other sources"
    return " and ".join([", ".join(first[:-1]), first[-1]] if len(first) > 1 else first)


def holds(ordered: list[str], item: str) -> int:
    """1 when the sorted list holds the item, else 0."""
    at = bisect_left(ordered, item)
    return int(at < len(ordered) and ordered[at] == item)


def show(value: object) -> str:
    if isinstance(value, tuple):
        start, end, precision = value
        if precision != "day":
            return str(start)[: 7 if precision == "month" else 4]
        return f"{start}..{end}" if start != end else str(start)
    return str(value)


def ordered(items: dict[K, T]) -> tuple[T, ...]:
    return tuple(items[key] for key in sorted(items))


def assemble(
    documents: Iterable[ParsedDocument],
    registry: Registry,
    gazetteer: Gazetteer,
    resolver: PartyResolver | None = None,
) -> KnowledgeBase:
    """The documents as one knowledge base; `resolver` (of the same registry and gazetteer)
    when it already knows some mentions."""
    assembler = Assembler(registry, gazetteer, resolver)
    for document in documents:
        assembler.add(document)
    return assembler.knowledge_base()
