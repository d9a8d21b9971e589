"""The typed pieces of linking: our subjects, their candidates, the evidence, the decision."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

QID = re.compile(r"\AQ[1-9][0-9]*\Z")  # a Wikidata item's id; `\Z`: `Q1\n` is none


@dataclass(frozen=True)
class Subject:
    """One of our nodes to link: a party or a place, with what we know of it."""

    iri: str
    kind: str  # "party" or "place"
    names: tuple[tuple[str, str], ...]  # (language, name)
    acronyms: tuple[str, ...] = ()
    country: str | None = None  # ISO 3166-1 alpha-2
    identifiers: tuple[str, ...] = ()  # ids we hold elsewhere: `partyfacts:48`, a website
    date: dt.date | None = None  # the latest date our sources show it active
    first_date: dt.date | None = None  # the earliest
    founded: int | None = None  # the registry's founding year

    @property
    def label(self) -> str:
        return dict(self.names).get("en") or (self.names[0][1] if self.names else self.iri)


@dataclass(frozen=True)
class Candidate:
    """A Wikidata item that might be the same thing."""

    qid: str
    names: tuple[tuple[str, str], ...]  # (language or "mul", name)
    short_names: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2, or a historical code such as SUN
    founded: int | None = None
    dissolved: int | None = None
    is_party: bool | None = None  # P31/P279* political party or faction; None when not known
    source: str = ""  # "partyfacts" or "wikidata"
    revision: int | None = None  # Wikidata lastrevid, as provenance
    identifiers: tuple[str, ...] = ()  # e.g. "partyfacts:48"

    @property
    def label(self) -> str:
        return dict(self.names).get("en") or (self.names[0][1] if self.names else self.qid)


@dataclass(frozen=True)
class Evidence:
    """Why a candidate is, or is not, the subject."""

    name: float  # word-aligned name similarity, 0..1
    rough_name: float  # loose similarity, for ranking what a person reviews
    acronym: bool
    country: str  # "match", "mismatch", "unknown"
    alive: str  # "yes", "unknown", or why not ("dissolved 1991, before 2011")
    party_type: bool | None
    score: float
    blockers: tuple[str, ...] = ()  # what forbids an automatic link
    identifier: bool = False  # an id we hold names this item: decisive

    @property
    def rank(self) -> float:
        """For ordering what a person reviews: the closer name, acronym and country first."""
        bonus = (0.1 if self.acronym else 0.0) + (0.05 if self.country == "match" else 0.0)
        return max(self.name, self.rough_name) + bonus

    def summary(self) -> str:
        parts = [
            f"name {self.name:.2f} (close {self.rough_name:.2f})",
            f"acronym {'yes' if self.acronym else 'no'}",
            f"country {self.country}",
            f"alive {self.alive}",
        ]
        if self.identifier:
            parts.append("identifier yes")
        if self.party_type is not None:
            parts.append(f"party {'yes' if self.party_type else 'no'}")
        return "; ".join(parts)


@dataclass(frozen=True)
class Decision:
    subject: Subject
    outcome: str  # "accepted", "review", "no-match"
    chosen: Candidate | None
    ranked: tuple[tuple[Candidate, Evidence], ...] = field(default=())
    justification: str = "semapv:LexicalMatching"
    confidence: float = 0.0
    reviewer: str | None = None  # set on a person's decision
    rejected: tuple[tuple[str, str], ...] = ()  # (qid, why) rejected candidates
