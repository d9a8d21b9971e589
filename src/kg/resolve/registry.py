"""The curated party registry: `data/parties.toml`, one entry per party."""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

from kg.errors import ConfigurationError
from kg.model import Party
from kg.text import clean, fold

REGISTRY = Path(__file__).parent.parent / "data" / "parties.toml"

# Abbreviations of the lists, expanded before names are compared.
ABBREVIATIONS = {
    "cp": "communist party",
    "wp": "workers party",
    "ncp": "new communist party",
    "ucp": "unified communist party",
    "swp": "socialist workers party",
    "cwp": "communist workers party",
}
GLUED = re.compile(rf"\b({'|'.join(ABBREVIATIONS)})(of|in)\b")
STOP_WORDS = {"the"}
# A name made only of these words (`Labour Party`, `Communist Party`, `Workers' Party`) names
# a party only together with its country.
GENERIC_WORDS = {
    "communist", "communists", "party", "parties", "workers", "worker", "working", "labour",
    "labor", "socialist", "people", "peoples", "popular", "new", "unified", "united",
    "revolutionary", "of", "in", "and", "front", "union", "democratic", "progressive", "left",
    "marxist", "leninist", "ml", "movement", "league", "organisation", "organization", "class",
    "national", "liberation", "unity",
}  # fmt: skip
ENTRY_KEYS = {
    "id", "country", "name", "acronyms", "aliases", "founded", "dissolved", "identifiers",
    "unchecked", "former", "predecessors",
}  # fmt: skip
# What an entry says it has not been checked for: the completeness check accepts it missing.
UNCHECKED = {"native name"}
# Countries whose parties name themselves in English: no other own-language name is due.
ENGLISH_NAMING = {
    "AU", "BD", "CA", "GB", "GH", "GY", "IE", "IN", "JM", "KE", "LK", "MT", "NG", "NZ", "PH",
    "PK", "SZ", "TT", "UG", "US", "ZA", "ZM", "ZW",
}  # fmt: skip
IDENTIFIER = re.compile(r"\A(?:partyfacts:[1-9][0-9]*|wikidata:Q[1-9][0-9]*|https?://\S+)\Z")
ID_PATTERN = re.compile(r"^[a-z]{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")
ANY = re.compile("")


def name_key(text: str) -> str:
    """The comparison key of a party name: folded, abbreviations expanded, `the` dropped.

    `CPof Malta` and `Communist Party of Malta` share a key; `CP in Denmark` and
    `CP of Denmark` do not.
    """
    folded = GLUED.sub(r"\1 \2", fold(text))
    words = [ABBREVIATIONS.get(word, word) for word in folded.split()]
    return " ".join(w for w in " ".join(words).split() if w not in STOP_WORDS)


def loose_key(key: str) -> str:
    """A name key without `of` and with `and` for `&`: `Communist Party Bohemia & Moravia`
    is `Communist Party of Bohemia and Moravia` (looked up only with the party's country:
    `CP in Denmark` keeps its `in`)."""
    return " ".join(w for w in key.replace("&", " and ").split() if w != "of")


def is_generic(key: str) -> bool:
    """Whether a name key says nothing of which party it is without a country, in any
    language of the glossary (`Partido Comunista`, `Partito Comunista`)."""
    return bool(key) and all(word in generic_words() for word in key.split())


@cache
def generic_words() -> frozenset[str]:
    from kg.resolve.translate import GLOSSARY, PHRASES

    translated = {
        word
        for glossary in (GLOSSARY, PHRASES)
        for phrase, english in glossary.items()
        if all(w in GENERIC_WORDS for w in english.split())
        for word in phrase.split()
    }
    return frozenset(GENERIC_WORDS | translated)


def acronym_key(text: str) -> str:
    """Acronyms compare on letters, digits and parentheses: `CPI(M)` is not `CPI`."""
    return re.sub(r"[^\w()]+", "", clean(text).casefold())


class Registry:
    """Parties by id, with indexes from names and acronyms to the parties that bear them."""

    def __init__(self, parties: list[Party]) -> None:
        self.parties = {party.id: party for party in parties}
        self.by_name: dict[str, set[str]] = defaultdict(set)
        # The same names within a country: a name two parties of one country share is an
        # error (`kg registry`); another party's name is never linked to this one.
        self.by_country_name: dict[tuple[str | None, str], set[str]] = defaultdict(set)
        self.by_country: dict[str | None, list[str]] = defaultdict(list)
        self.by_loose_name: dict[str, set[str]] = defaultdict(set)
        # Names borne only for a time: key → (party, from, until); read with a page's year.
        self.by_former_name: dict[str, list[tuple[str, int | None, int | None]]] = defaultdict(list)
        self.by_acronym: dict[str, set[str]] = defaultdict(set)
        self.exact: dict[str, set[str]] = defaultdict(set)
        self.acronyms: set[str] = {acronym for party in parties for acronym in party.acronyms}
        self.names: set[str] = {name for party in parties for _, name in party.names}
        for party in sorted(parties, key=lambda p: p.id):
            self.by_country[party.country].append(party.id)
            for _, name in (*party.names, *party.aliases):
                self.by_name[name_key(name)].add(party.id)
                self.by_country_name[(party.country, name_key(name))].add(party.id)
                self.by_loose_name[loose_key(name_key(name))].add(party.id)
                self.exact[name].add(party.id)
            for _, name, start, until in party.former_names:
                self.by_former_name[name_key(name)].append((party.id, start, until))
            for acronym in party.acronyms:
                self.by_acronym[acronym_key(acronym)].add(party.id)
                self.exact[acronym].add(party.id)

    @classmethod
    def load(cls, path: Path = REGISTRY) -> Registry:
        try:
            data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise ConfigurationError(
                f"cannot read the party registry: {err}", source=str(path)
            ) from err
        parties = [party_from_entry(entry, path) for entry in data.get("party", [])]
        seen: set[str] = set()
        for party in parties:
            if party.id in seen:
                raise ConfigurationError(
                    f"party id {party.id!r} is used twice",
                    source=str(path),
                    hint="merge the two entries, or give one a distinct id",
                )
            seen.add(party.id)
        return cls(parties)


def party_from_entry(entry: dict[str, Any], path: Path) -> Party:
    """One `[[party]]` table, checked: a mistake names the party and says what to write."""
    party_id = entry.get("id", "")

    def broken(what: str, hint: str) -> ConfigurationError:
        return ConfigurationError(
            f"party {party_id or '(no id)'}: {what}", source=str(path), hint=hint
        )

    if not isinstance(party_id, str) or not ID_PATTERN.match(party_id):
        raise broken(
            "the id is not `<iso2>-<slug>` in lower-case ASCII",
            'ids become IRIs: write e.g. id = "gr-kke"',
        )
    unknown = sorted(set(entry) - ENTRY_KEYS)
    if unknown:
        raise broken(
            f"unknown key {', '.join(unknown)}", f"the keys are {', '.join(sorted(ENTRY_KEYS))}"
        )
    country = entry.get("country")
    if country is not None and (
        not isinstance(country, str) or pycountry.countries.get(alpha_2=country) is None
    ):
        raise broken(
            f"country {country!r} is not an ISO 3166-1 alpha-2 code", 'write e.g. country = "GR"'
        )
    if country and not party_id.startswith(country.lower() + "-"):
        raise broken(f"the id does not start with the country code {country.lower()}-", "")
    names = entry.get("name", {})
    if not isinstance(names, dict) or not all(isinstance(v, str) for v in names.values()):
        raise broken("name is not a table of names by language", 'write name = { en = "…" }')
    if "en" not in names:
        raise broken("no English name", 'add en = "…" to its name table')
    aliases = entry.get("aliases", {})
    if not isinstance(aliases, dict) or not all(
        isinstance(v, list) and all(isinstance(a, str) for a in v) for v in aliases.values()
    ):
        raise broken(
            "aliases is not a table of lists by language", 'write aliases = { en = ["…"] }'
        )

    def strings(key: str, pattern: re.Pattern[str], what: str, hint: str) -> list[str]:
        values = entry.get(key, [])
        if not isinstance(values, list) or not all(
            isinstance(v, str) and pattern.match(v) for v in values
        ):
            raise broken(f"{key} is not a list of {what}", hint)
        return values

    acronyms = strings("acronyms", ANY, "strings", 'write acronyms = ["KKE"]')
    identifiers = strings(
        "identifiers", IDENTIFIER, "partyfacts:<id>, wikidata:<QID> or website URLs",
        'write identifiers = ["partyfacts:48", "wikidata:Q192406"]',
    )  # fmt: skip
    predecessors = strings(
        "predecessors", ID_PATTERN, "party ids",
        'write predecessors = ["it-pdci"] (the parties it was renamed from or merged from)',
    )  # fmt: skip
    for key in ("founded", "dissolved"):
        if key in entry and not isinstance(entry[key], int):
            raise broken(f"{key} is not a year", f"write {key} = 1918")
    former = []
    periods = entry.get("former", [])
    for period in periods if isinstance(periods, list) else [None]:
        years = {k: period.get(k) for k in ("from", "until")} if isinstance(period, dict) else {}
        names_then = {k: v for k, v in (period or {}).items() if k not in ("from", "until")}
        dated = any(isinstance(y, int) for y in years.values())
        if not (
            names_then
            and dated
            and all(isinstance(v, str) for v in names_then.values())
            and all(y is None or isinstance(y, int) for y in years.values())
        ):
            raise broken(
                "former is not a list of names with the years they were borne",
                'write former = [{ en = "…", from = 2014, until = 2015 }]',
            )
        former += [(lang, name, years["from"], years["until"]) for lang, name in names_then.items()]
    unchecked = entry.get("unchecked", [])
    if not isinstance(unchecked, list) or not set(unchecked) <= UNCHECKED:
        raise broken(
            "unchecked is not a list of what was not checked",
            f"write unchecked = [{', '.join(repr(u) for u in sorted(UNCHECKED))}]",
        )
    return Party(
        id=party_id,
        names=tuple(sorted(names.items())),
        country=country,
        acronyms=tuple(acronyms),
        aliases=tuple(
            sorted((lang, alias) for lang, values in aliases.items() for alias in values)
        ),
        founded=entry.get("founded"),
        identifiers=tuple(identifiers),
        dissolved=entry.get("dissolved"),
        former_names=tuple(sorted(former)),
        unchecked=tuple(sorted(unchecked)),
        predecessors=tuple(sorted(predecessors)),
    )


def problems(path: Path = REGISTRY) -> list[str]:
    """What keeps the registry from being complete and unambiguous: an entry with no name
    in its party's own language (unless its country names parties in English, or the entry
    says `unchecked = ["native name"]`), a dissolution before the founding, two parties of
    one country sharing a name, a predecessor the registry does not hold or founded after
    its successor. The loader has already refused malformed entries."""
    registry = Registry.load(path)
    found = []
    for party in registry.parties.values():
        native = any(language != "en" for language, _ in party.names)
        if not (native or party.country in ENGLISH_NAMING or "native name" in party.unchecked):
            found.append(
                f"{party.id}: no name in the party's own language (add it to `name`, or write "
                'unchecked = ["native name"] if it is not known)'
            )
        if party.founded and party.dissolved and party.dissolved < party.founded:
            found.append(f"{party.id}: dissolved in {party.dissolved}, before its founding")
        for earlier_id in party.predecessors:
            earlier = registry.parties.get(earlier_id)
            if earlier is None or earlier_id == party.id:
                found.append(f"{party.id}: predecessor {earlier_id} is not another registry party")
            elif earlier.founded and party.founded and earlier.founded > party.founded:
                found.append(
                    f"{party.id}: predecessor {earlier_id} was founded after it "
                    f"({earlier.founded} > {party.founded})"
                )
    for (country, key), ids in sorted(registry.by_country_name.items(), key=lambda i: str(i[0])):
        if len(ids) > 1:
            found.append(f"{', '.join(sorted(ids))}: two parties of {country} named {key!r}")
    return found
