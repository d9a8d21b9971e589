"""Parsed documents to one resolved knowledge base: parties, places, events, declarations.

The same party, place or event found in several documents becomes one entry; where the
documents say different things about it, the disagreement is reported as a finding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from pathlib import PurePath
from typing import TypeVar

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
    Severity,
    Source,
)
from kg.resolve.parties import PartyResolver, provisional_party
from kg.resolve.places import Gazetteer
from kg.resolve.registry import Registry
from kg.text import slug

T = TypeVar("T")
V = TypeVar("V", bound=Hashable)

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


def meeting_event(ordinal: int, source_id: str) -> Event:
    return Event(
        id=f"imcwp-{ordinal}",
        kind="meeting",
        names=(
            ("en", f"{english_ordinal(ordinal)} {dict(IMCWP_SERIES.names)['en']}"),
            ("ru", f"{ordinal}-я {dict(IMCWP_SERIES.names)['ru']}"),
        ),
        series=IMCWP_SERIES.id,
        ordinal=ordinal,
        source=source_id,
    )


class Assembler:
    """Collects documents into one knowledge base, resolving parties and places on the way."""

    def __init__(self, registry: Registry, gazetteer: Gazetteer) -> None:
        self.registry = registry
        self.gazetteer = gazetteer
        self.resolver = PartyResolver(registry, gazetteer)
        self.sources: dict[str, Source] = {}
        self.declarations: dict[str, Declaration] = {}
        self.parties: dict[str, Party] = {}
        self.places: dict[str, Place] = {}
        self.series: dict[str, EventSeries] = {}
        self.events: dict[str, Event] = {}
        self.resolutions: list[Resolution] = []
        self.findings: list[Finding] = []
        self.document = ""  # name of the document being added, for findings

    def report(
        self, code: str, severity: Severity, message: str, line: int | None, hint: str = ""
    ) -> None:
        self.findings.append(Finding(code, severity, message, self.document, line, hint))

    # -- parties and places -------------------------------------------------------------

    def party(self, mention: str, language: str, line: int, country: str | None = None) -> str:
        """The id of the party a mention names; unknown names become provisional parties."""
        resolution = self.resolver.resolve(mention, country)
        if resolution.rule is MatchRule.UNRESOLVED:
            stated = self.resolver.stated_country(mention) or country
            party = provisional_party(mention, language, stated)
            resolution = Resolution(mention, party.id, resolution.rule, 0.0, resolution.candidates)
            candidates = ", ".join(f"{pid} ({score:.2f})" for pid, score in resolution.candidates)
            self.report(
                "unresolved-party", Severity.WARNING,
                f"party {mention!r} is not in the registry; kept as provisional party {party.id}",
                line,
                f"add it to data/parties.toml (as a new party or an alias); closest: {candidates}"
                if candidates else "add it to data/parties.toml",
            )  # fmt: skip
            self.parties.setdefault(party.id, party)
        else:
            party = self.registry.parties[resolution.party_id]
            self.parties[party.id] = party
            if resolution.rule is MatchRule.FUZZY:
                self.report(
                    "fuzzy-match", Severity.INFO,
                    f"party {mention!r} read as {party.english_name!r} by close spelling "
                    f"(score {resolution.score:.2f})",
                    line, "if wrong, add the spelling to the right party in data/parties.toml",
                )  # fmt: skip
        if party.country:
            self.add_place(self.gazetteer.country(party.country))
        self.resolutions.append(resolution)
        return party.id

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
                line, "add the city to data/places.toml with its country",
            )  # fmt: skip
        return places[0].id if places else None

    # -- one document -------------------------------------------------------------------

    def add(self, document: ParsedDocument) -> None:
        source = document.source
        self.document = source.name
        self.findings.extend(document.findings)
        source_id = slug(PurePath(source.name).stem)
        self.sources[source_id] = Source(
            id=source_id,
            name=source.name,
            location=source.location,
            sha256=source.sha256,
            published=document.header.published,
            languages=tuple(v.language for v in document.versions),
            title=document.header.title_line,
        )
        meeting = self.meeting(document, source_id)
        for mention in document.events:
            self.add_event(mention, source_id)
        if document.versions or document.signatories:
            self.add_declaration(document, source_id, meeting)

    def meeting(self, document: ParsedDocument, source_id: str) -> str | None:
        ordinals = sorted({m.ordinal for m in document.meetings})
        if not ordinals:
            return None
        if len(ordinals) > 1:
            where = "; ".join(f"{m.text!r} (line {m.span.line})" for m in document.meetings)
            self.report(
                "meeting-disagree", Severity.WARNING,
                f"the document names different meetings: {where}",
                document.meetings[0].span.line,
                "the title's meeting is taken as the adopting meeting; check the source",
            )  # fmt: skip
        ordinal = document.meetings[0].ordinal
        self.series.setdefault(IMCWP_SERIES.id, IMCWP_SERIES)
        event = meeting_event(ordinal, source_id)
        self.events.setdefault(event.id, event)
        return event.id

    def add_declaration(
        self, document: ParsedDocument, source_id: str, meeting: str | None
    ) -> None:
        versions = document.versions
        place_ids = {
            v.language: self.place(v.place, v.place_date_span.line if v.place_date_span else None)
            for v in versions
            if v.place
        }
        adopted = self.agreed(
            {v.language: v.adopted_on for v in versions if v.adopted_on}, versions, "adoption date"
        )
        place = self.agreed({k: v for k, v in place_ids.items() if v}, versions, "adoption place")
        if not any(v.adopted_on for v in versions):
            self.report("missing-adoption-date", Severity.INFO, "no adoption date found", None)

        signatories = tuple(
            ListedSignatory(
                entry.position, entry.raw, entry.language,
                self.party(entry.raw, entry.language, entry.span.line),
            )
            for entry in document.signatories
        )  # fmt: skip
        self.report_duplicates(document, signatories)
        if not signatories:
            self.report(
                "no-signatories", Severity.WARNING, "no signatory list found", None,
                "a page cut short loses its list: compare with the original page",
            )  # fmt: skip
        english = next((v.title for v in versions if v.language == "en" and v.title), None)
        title = english or document.header.title
        declaration_id = f"{meeting}/{slug(title)}" if meeting else slug(title)
        self.declarations[declaration_id] = Declaration(
            id=declaration_id,
            versions=versions,
            adopted_on=adopted,
            place=place,
            meeting=meeting,
            signatories=signatories,
            source=source_id,
        )

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

    def report_duplicates(
        self, document: ParsedDocument, signatories: tuple[ListedSignatory, ...]
    ) -> None:
        entries: dict[str, list[int]] = defaultdict(list)
        for index, signatory in enumerate(signatories):
            entries[signatory.party_id].append(index)
        for party_id, indexes in entries.items():
            if len(indexes) < 2:
                continue
            listed = [document.signatories[i] for i in indexes]
            said = ", ".join(f"{e.position} {e.raw!r} (line {e.span.line})" for e in listed)
            self.report(
                "duplicate-signatory", Severity.WARNING,
                f"{self.parties[party_id].english_name} is listed {len(listed)} times: {said}",
                listed[1].span.line,
                "every entry is kept in the list; the party signs once",
            )  # fmt: skip

    def add_event(self, mention: EventMention, source_id: str) -> None:
        place = self.place(mention.place, mention.span.line) if mention.place else None
        country = self.places[place].id if place else None
        while country and self.places[country].contained_in:
            country = self.places[country].contained_in
        organiser = (
            self.party(
                mention.organiser, "en", mention.span.line, country.upper() if country else None
            )
            if mention.organiser
            else None
        )
        if mention.kind == "congress" and organiser:
            series = EventSeries(
                f"{organiser}/congresses",
                (("en", f"Congresses of the {self.parties[organiser].english_name}"),),
                organiser,
            )
            self.series.setdefault(series.id, series)
            number = mention.ordinal if mention.ordinal else mention.start
            event_id = f"{organiser}/congress-{number}"
            kind, series_id = "congress", series.id
        else:
            event_id = f"{slug(mention.title)}-{mention.start}"
            kind, series_id = "event", None
        if mention.start and mention.end and mention.end < mention.start:
            self.report(
                "event-ends-before-start", Severity.ERROR,
                f"event {mention.title!r} ends ({mention.end}) before it starts ({mention.start})",
                mention.span.line, "kept as stated; the shapes will reject it until corrected",
            )  # fmt: skip
        event = Event(
            id=event_id,
            kind=kind,
            names=(("en", mention.title),),
            series=series_id,
            ordinal=mention.ordinal,
            start=mention.start,
            end=mention.end,
            place=place,
            organiser=organiser,
            source=source_id,
        )
        known = self.events.get(event_id)
        if known and (known.start, known.end) != (event.start, event.end):
            self.report(
                "event-dates-disagree", Severity.WARNING,
                f"{mention.title!r} is dated {event.start}..{event.end} here and "
                f"{known.start}..{known.end} in {known.source}",
                mention.span.line, "the first source's dates are kept; check both sources",
            )  # fmt: skip
        self.events.setdefault(event_id, event)

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


def ordered(items: dict[str, T]) -> tuple[T, ...]:
    return tuple(items[key] for key in sorted(items))


def assemble(
    documents: list[ParsedDocument], registry: Registry, gazetteer: Gazetteer
) -> KnowledgeBase:
    assembler = Assembler(registry, gazetteer)
    for document in documents:
        assembler.add(document)
    return assembler.knowledge_base()
