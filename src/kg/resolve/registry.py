"""The curated party registry: `data/parties.toml`, one entry per party."""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from pathlib import Path
from typing import Any

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
ID_PATTERN = re.compile(r"^[a-z]{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")


def name_key(text: str) -> str:
    """The comparison key of a party name: folded, abbreviations expanded, `the` dropped.

    `CPof Malta` and `Communist Party of Malta` share a key; `CP in Denmark` and
    `CP of Denmark` do not.
    """
    folded = GLUED.sub(r"\1 \2", fold(text))
    words = [ABBREVIATIONS.get(word, word) for word in folded.split()]
    return " ".join(w for w in " ".join(words).split() if w not in STOP_WORDS)


def acronym_key(text: str) -> str:
    """Acronyms compare on letters, digits and parentheses: `CPI(M)` is not `CPI`."""
    return re.sub(r"[^\w()]+", "", clean(text).casefold())


class Registry:
    """Parties by id, with indexes from names and acronyms to the parties that bear them."""

    def __init__(self, parties: list[Party]) -> None:
        self.parties = {party.id: party for party in parties}
        self.by_name: dict[str, set[str]] = defaultdict(set)
        self.by_acronym: dict[str, set[str]] = defaultdict(set)
        self.exact: dict[str, set[str]] = defaultdict(set)
        self.acronyms: set[str] = {acronym for party in parties for acronym in party.acronyms}
        for party in parties:
            for _, name in (*party.names, *party.aliases):
                self.by_name[name_key(name)].add(party.id)
                self.exact[name].add(party.id)
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
                raise ConfigurationError(f"party id {party.id!r} is used twice", source=str(path))
            seen.add(party.id)
        return cls(parties)

    def names_of(self, party_id: str) -> list[str]:
        party = self.parties[party_id]
        return [name for _, name in (*party.names, *party.aliases)]


def party_from_entry(entry: dict[str, Any], path: Path) -> Party:
    party_id = entry.get("id", "")
    if not ID_PATTERN.match(party_id):
        raise ConfigurationError(
            f"party id {party_id!r} is not `<iso2>-<slug>` in lower-case ASCII",
            source=str(path),
            hint="ids become IRIs: use e.g. `gr-kke`",
        )
    names = entry.get("name", {})
    if "en" not in names:
        raise ConfigurationError(f"party {party_id} has no English name", source=str(path))
    aliases = [
        (lang, alias) for lang, values in entry.get("aliases", {}).items() for alias in values
    ]
    return Party(
        id=party_id,
        names=tuple(sorted(names.items())),
        country=entry.get("country"),
        acronyms=tuple(entry.get("acronyms", ())),
        aliases=tuple(sorted(aliases)),
        founded=entry.get("founded"),
        dissolved=entry.get("dissolved"),
    )
