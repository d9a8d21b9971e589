"""What the parser may ask about words, from the registry and the gazetteer."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kg.model import PlaceMention
from kg.text import remembered

# `PCP`, `KSČM`, `КПРФ`, `ΚΚΕ`: three letters at least, and no Roman numeral (`ХХ`, `XXII`)
ACRONYM = re.compile(r"^(?![IVXLCDMХІ]+$)[A-ZА-ЯΑ-ΩÀ-Ž][A-ZА-ЯΑ-ΩÀ-Ž0-9()-]{2,9}$")


@dataclass(frozen=True)
class Context:
    """What the parser may ask about words: is this a country, is this a party's name?"""

    is_country: Callable[[str], bool] = field(default=lambda _: False)
    is_party: Callable[[str], bool] = field(default=lambda _: False)
    is_place: Callable[[str], bool] = field(default=lambda _: True)
    country_code: Callable[[str], str | None] = field(default=lambda _: None)  # any case
    # Names a party, read in any language (`Partido Comunista Português`), or an acronym.
    names_party: Callable[[str], bool] = field(default=lambda _: False)
    # The English name of the city a word names in any case (`Афинах`, `Praze`), if any.
    city_of: Callable[[str], str | None] = field(default=lambda _: None)
    # The ISO code of the country a place is in, or is (`Athens`, `Greece` → `GR`), if known.
    place_country: Callable[[str], str | None] = field(default=lambda _: None)


@cache
def standard_context(registry: Path | None = None) -> Context:
    """Countries from ISO 3166 and the gazetteer; parties from the registry (the bundled
    one unless another is given: the one the build resolves with)."""
    from kg.resolve.parties import PartyResolver
    from kg.resolve.places import Gazetteer
    from kg.resolve.registry import REGISTRY, Registry

    gazetteer = Gazetteer()
    resolver = PartyResolver(Registry.load(registry or REGISTRY), gazetteer)

    def is_place(text: str) -> bool:
        mention = PlaceMention(text, tuple(p.strip() for p in text.split(",")), "en")
        return gazetteer.resolve(mention)[1]

    def place_country(text: str) -> str | None:
        mention = PlaceMention(text, tuple(p.strip() for p in text.split(",")), "en")
        places, known = gazetteer.resolve(mention)
        return places[0].id.split("/")[0].upper() if known and places else None

    # Answers remembered: a record names the same parties, places and countries on
    # thousands of pages (asking the resolver was a sixth of parsing a page).
    return Context(
        place_country=remembered(place_country),
        is_country=remembered(lambda text: gazetteer.country_code(text) is not None),
        is_party=remembered(resolver.is_known),
        is_place=remembered(is_place),
        country_code=remembered(resolver.country_code),
        names_party=remembered(
            lambda text: (
                bool(resolver.resolve(text).party_id)
                or text in resolver.registry.exact
                or bool(ACRONYM.match(text))
            )
        ),
        city_of=remembered(gazetteer.inflected_city),
    )
