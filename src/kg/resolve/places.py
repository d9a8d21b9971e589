"""Places: countries and regions from ISO 3166, cities from the project's gazetteer."""

from __future__ import annotations

import gettext
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

from kg.errors import ConfigurationError
from kg.model import Place, PlaceMention
from kg.text import fold, slug

GAZETTEER = Path(__file__).parent.parent / "data" / "places.toml"
# Languages whose country names are read from ISO 3166's translations.
COUNTRY_NAME_LANGUAGES = ("ru", "es", "pt", "it", "fr", "de", "el", "cs", "pl")
# Languages whose country names are read (`Mèxic`, `Grekland`) but not given as labels.
COUNTRY_READ_LANGUAGES = ("ca", "sv")


CITY_STEM = 5  # shorter city names are not read in other cases: too many look-alikes


def key(text: str) -> str:
    """Place names compare without case, accents, punctuation or spaces (`Tamilnadu`)."""
    return fold(text).replace(" ", "")


@dataclass(frozen=True)
class City:
    country: str
    region: str | None
    names: tuple[tuple[str, str], ...]

    @property
    def english(self) -> str:
        return dict(self.names)["en"]

    @property
    def id(self) -> str:
        return f"{self.country.lower()}/{slug(self.english)}"


class Gazetteer:
    """Looks places up by any of their names; builds `Place`s with deterministic ids."""

    def __init__(self, path: Path = GAZETTEER) -> None:
        try:
            data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise ConfigurationError(f"cannot read the gazetteer: {err}", source=str(path)) from err
        self.country_codes: dict[str, str] = {}
        self.country_names: dict[str, dict[str, str]] = {}
        for country in pycountry.countries:
            code = country.alpha_2
            names = {"en": getattr(country, "common_name", None) or country.name}
            for language in COUNTRY_NAME_LANGUAGES:
                translated = translation(language).gettext(country.name)
                if translated != country.name:  # gettext falls back to the English name
                    names[language] = translated
            read = [
                translation(language).gettext(country.name) for language in COUNTRY_READ_LANGUAGES
            ]
            for name in (
                country.name,
                getattr(country, "official_name", None),
                *names.values(),
                *read,
            ):
                if name:
                    self.country_codes.setdefault(key(name), code)
            # As people write them (`Palestine`, `Россия`), where ISO's read otherwise.
            names.update(data.get("country-name", {}).get(code, {}))
            for name in names.values():
                self.country_codes.setdefault(key(name), code)
            self.country_names[code] = names
            self.country_codes.setdefault(key(country.alpha_3), code)
        self.english_aliases: dict[str, list[str]] = {}
        for alias, code in data.get("country-aliases", {}).items():
            self.country_codes[key(alias)] = code
            if alias.isascii():
                self.english_aliases.setdefault(code, []).append(alias)
        self.demonyms: dict[str, list[str]] = dict(data.get("demonym", {}))
        self.region_names: dict[str, dict[str, str]] = {
            str(r["code"]): dict(r["name"]) for r in data.get("region", [])
        }
        self.cities: dict[str, City] = {}
        for entry in data.get("city", []):
            city = City(entry["country"], entry.get("region"), tuple(sorted(entry["name"].items())))
            # Other spellings the record uses (`Leningrad`, `Sao Paolo`): read, never shown.
            for name in [name for _, name in city.names] + entry.get("aliases", []):
                self.cities.setdefault(key(name), city)

    def english_country_names(self) -> dict[str, list[str]]:
        """Every English name of each country: ISO's names and the gazetteer's aliases."""
        names: dict[str, list[str]] = {}
        for country in pycountry.countries:
            found = [self.country_names[country.alpha_2]["en"], country.name]
            found.append(getattr(country, "official_name", None) or country.name)
            found += self.english_aliases.get(country.alpha_2, [])
            names[country.alpha_2] = list(dict.fromkeys(found))
        return names

    def country_code(self, text: str) -> str | None:
        return self.country_codes.get(key(text)) if text.strip() else None

    def country(self, code: str) -> Place:
        names = self.country_names.get(code, {"en": code})
        return Place(code.lower(), "country", tuple(sorted(names.items())), None)

    def region(
        self, country: str, text: str | None, city: City | None, language: str
    ) -> Place | None:
        """The region a mention names (`Tamilnadu`), else the gazetteer's region of its city."""
        code = self.find_region(country, text) if text else (city.region if city else None)
        if code is None:
            if text is None:
                return None
            place_id = f"{country.lower()}/region/{slug(text)}"  # not in ISO 3166-2: as written
            return Place(place_id, "region", ((language, text),), country.lower())
        names = dict(self.region_names.get(code, {}))
        subdivision = subdivision_by_code(code)
        if subdivision:
            names.setdefault("en", subdivision)
        if not names and text:
            names[language] = text
        return Place(code.lower(), "region", tuple(sorted(names.items())), country.lower())

    def find_region(self, country: str, text: str) -> str | None:
        """The ISO 3166-2 code of a region of `country` named `text` (`Tamilnadu` → IN-TN)."""
        wanted = key(text)
        for code, names in self.region_names.items():
            if code.startswith(country + "-") and wanted in {key(n) for n in names.values()}:
                return code
        return subdivisions(country).get(wanted)

    def split_trailing_country(self, text: str) -> tuple[str, str] | None:
        """`Izmir Turkey` → (`Izmir`, `TR`); None when `text` does not end with a country."""
        words = text.split()
        for size in (1, 2, 3):
            if size < len(words) and (code := self.country_code(" ".join(words[-size:]))):
                return " ".join(words[:-size]), code
        return None

    def inflected_city(self, word: str) -> str | None:
        """The English name of the one city a word names in another case (`Афинах`,
        `Izmiru`, `Brně` stays unknown: too far from `Brno`): the same start, the ending
        at most three letters off."""
        folded = key(word)
        if len(folded) < CITY_STEM or not word[:1].isupper():
            return None
        found = {
            city.english
            for name, city in self.cities.items()
            if len(name) >= CITY_STEM
            and abs(len(name) - len(folded)) <= 3
            and name[: max(CITY_STEM - 1, min(len(name), len(folded)) - 2)]
            == folded[: max(CITY_STEM - 1, min(len(name), len(folded)) - 2)]
        }
        return found.pop() if len(found) == 1 else None

    def resolve(self, mention: PlaceMention) -> tuple[list[Place], bool]:
        """The places a mention names, most specific first, and whether all of them are known.

        `Madurai, Tamilnadu, India` → [Madurai, Tamil Nadu, India]; `Athens` → [Athens, Greece]
        through the gazetteer; `Izmir Turkey` (no comma) is split at the country's name;
        `Kerala, India` is a region.
        """
        parts = [p for p in mention.parts if p]
        code = self.country_code(parts[-1]) if parts else None
        if code:
            parts.pop()
        elif parts and (split := self.split_trailing_country(parts[-1])):
            parts[-1], code = split
        city_text = parts[0] if parts else None
        region_text = parts[1] if len(parts) > 1 else None
        single = code and city_text and not region_text and key(city_text) not in self.cities
        if single and self.find_region(str(code), str(city_text)):  # a part naming a region
            city_text, region_text = None, city_text
        city = self.cities.get(key(city_text)) if city_text else None
        if city and code and city.country != code:
            city = None  # a namesake in another country
        code = code or (city.country if city else None)
        region = self.region(code, region_text, city, mention.language) if code else None

        places: list[Place] = []
        container = region.id if region else (code.lower() if code else None)
        if city:
            places.append(Place(city.id, "city", city.names, container))
        elif city_text:
            place_id = f"{code.lower()}/{slug(city_text)}" if code else f"unknown/{slug(city_text)}"
            places.append(Place(place_id, "city", ((mention.language, city_text),), container))
        if region:
            places.append(region)
        if code:
            places.append(self.country(code))
        known = bool(code) and (city_text is None or city is not None)
        known = known and (
            region_text is None or self.find_region(code or "", region_text) is not None
        )
        return places, known


@cache
def subdivisions(country: str) -> dict[str, str]:
    """ISO 3166-2 codes of a country's subdivisions by name key."""
    found = pycountry.subdivisions.get(country_code=country) or ()  # type: ignore[no-untyped-call]
    return {key(str(s.name)): str(s.code) for s in found}


def subdivision_by_code(code: str) -> str | None:
    """The ISO name of a subdivision (`IN-TN` → `Tamil Nādu`)."""
    found = pycountry.subdivisions.get(code=code)  # type: ignore[no-untyped-call]
    return str(found.name) if found else None


@cache
def translation(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )
