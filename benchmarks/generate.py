"""A realistic corpus of IMCWP pages at any size, for the scale benchmark.

    .venv/bin/python benchmarks/generate.py FOLDER --documents 1000 [--seed 1]

Each page follows the real formats (docs/source-formats.md, tests/corpus/):
a title line with its languages, the capture date, the language bullets, a declaration in two
or three languages (title, place and date line, paragraphs), a signatory list in one of the
list shapes (numbered, bulleted, "Party, Country", "Party (Country)", acronym and country),
and on some pages a sidebar of congress lines. Signatories are drawn from the registry's
parties, written as the lists write them (English or native name, acronym with country,
lower case, a dropped letter, a Cyrillic look-alike letter), and from a few hundred parties
the registry does not know, which become provisional parties. Same seed, same corpus.
"""

from __future__ import annotations

import argparse
import random
import tomllib
from pathlib import Path

import pycountry

REGISTRY = Path(__file__).resolve().parents[1] / "src" / "kg" / "data" / "parties.toml"
MONTHS = "January February March April May June July August September October November December"
CITIES = ["Athens", "Lisbon", "Havana", "Moscow", "Hanoi", "Istanbul", "Beirut", "Minsk"]
WORDS = [
    "workers",
    "peoples",
    "struggle",
    "solidarity",
    "peace",
    "imperialism",
    "war",
    "rights",
    "unions",
    "wages",
    "labour",
    "capital",
    "crisis",
    "socialism",
    "sovereignty",
    "youth",
    "women",
    "strike",
    "dignity",
    "exploitation",
    "future",
]
SECOND = {
    "ru": ("Заявление участников встречи коммунистических и рабочих партий", "Москва"),
    "es": ("Declaración de los partidos comunistas y obreros", "La Habana"),
    "fr": ("Déclaration des partis communistes et ouvriers", "Paris"),
    "pt": ("Declaração dos partidos comunistas e operários", "Lisboa"),
}
# fmt: off
RU_MONTHS = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
ES_MONTHS = (
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
)
FR_MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
PT_MONTHS = (
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro"
)
CONGRESS_HOLDERS = [
    ("Communist Party of Greece", "Athens"), ("Portuguese Communist Party", "Lisbon"),
    ("Communist Party of Britain", "London"), ("South African Communist Party", "Johannesburg"),
    ("Communist Party of the Russian Federation", "Moscow"),
]  # fmt: skip
LOOK_ALIKE = {"a": "а", "o": "о", "e": "е", "p": "р", "c": "с"}  # Latin → Cyrillic


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or country.name if country else code


def spellings(rng: random.Random) -> list[tuple[str, str]]:
    """(how a list writes the party, its country) for every registry party, several ways."""
    parties = tomllib.loads(REGISTRY.read_text(encoding="utf-8"))["party"]
    written: list[tuple[str, str]] = []
    for party in parties:
        country = country_name(party["country"])
        english = party["name"]["en"]
        forms = [english, english.lower()]
        forms += [name for lang, name in party["name"].items() if lang != "en"]
        forms += [f"{acronym}, {country}" for acronym in party.get("acronyms", [])[:1]]
        if len(english) > 12:
            cut = rng.randrange(4, len(english) - 1)
            if english[cut].isalpha() and english[cut - 1].isalpha():
                forms.append(english[:cut] + english[cut + 1 :])  # a dropped letter
        swap = next((c for c in english if c in LOOK_ALIKE), None)
        if swap:
            forms.append(english.replace(swap, LOOK_ALIKE[swap], 1))  # a homoglyph
        written += [(form, country) for form in forms]
    return written


def unknown_parties(count: int) -> list[tuple[str, str]]:
    """Parties the registry does not know: they become provisional parties."""
    countries = sorted(c.alpha_2 for c in pycountry.countries)
    kinds = ["Workers' Front", "Socialist Labour League", "Revolutionary Workers' Union"]
    parties = []
    for n in range(count):
        country = country_name(countries[n % len(countries)])
        parties.append((f"{kinds[n // len(countries) % len(kinds)]} of {country}", country))
    return parties


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def signatory_list(rng: random.Random, drawn: list[tuple[str, str]]) -> list[str]:
    shape = rng.randrange(5)
    lines = ["Signatories:"]
    for n, (name, country) in enumerate(drawn, start=1):
        if shape == 0:
            lines.append(f"{n}. {name}")
        elif shape == 1:
            lines.append(f"  • {name}")
        elif shape == 2:
            lines.append(f"{name}, {country}" if country not in name else name)
        elif shape == 3:
            lines.append(f"{name} ({country})" if country not in name else name)
        else:
            lines.append(f"{n}) {name}")
    return lines


def page(rng: random.Random, number: int, parties: list[tuple[str, str]]) -> str:
    year = 2004 + number % 21
    month, day = rng.randrange(12), rng.randrange(1, 28)
    meeting = year - 1998
    second = rng.choice(sorted(SECOND))
    languages = ["en", second] + (["pt"] if second != "pt" and rng.random() < 0.15 else [])
    tags = " ".join(lang.capitalize() for lang in languages)
    title = f"Statement {number} on {rng.choice(WORDS)} and {rng.choice(WORDS)}"
    city = rng.choice(CITIES)
    lines = [
        f"{meeting} IMCWP, {title} [{', '.join(f'{t}.' for t in tags.split())}]",
        "",
        f"{month + 1}/{day}/{year % 100:02d}, 10:{number % 60:02d} AM",
        f"  • {tags}",
        "",
        f"{title}. Statement of the {meeting}th International Meeting of Communist and "
        "Workers' Parties.",
        f"{city}, {day} {MONTHS.split()[month]} {year}",
        paragraph(rng, 60),
        paragraph(rng, 40),
    ]
    for language in languages[1:]:
        heading, place = SECOND[language]
        months = {"ru": RU_MONTHS, "es": ES_MONTHS, "fr": FR_MONTHS, "pt": PT_MONTHS}[language]
        name = months.split()[month]
        date = {
            "ru": f"{day} {name} {year} г.",
            "es": f"{day} de {name} de {year}",
            "pt": f"{day} de {name} de {year}",
            "fr": f"le {day} {name} {year}",
        }[language]
        lines += [f"{heading} {number}.", f"{place}, {date}", paragraph(rng, 50)]
    drawn = rng.sample(parties, rng.randrange(8, 30))
    lines += signatory_list(rng, drawn)
    if rng.random() < 0.2:
        lines += ["", congress_line(rng, year)]
    return "\n".join(lines) + "\n"


def congress_line(rng: random.Random, year: int) -> str:
    """A congress announcement; every page that announces one agrees on its number, dates
    and city (contradictions are findings of their own, not what this corpus is about)."""
    party, city = rng.choice(CONGRESS_HOLDERS)
    same = random.Random(f"{party} {year}")
    month = MONTHS.split()[same.randrange(12)]
    day = same.randrange(1, 25)
    return (
        f"{month} {day}, {year} - {month} {day + 2}, {year} - {city} "
        f"{year - 1990}th Congress of the {party}"
    )


def generate(folder: Path, documents: int, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    parties = spellings(rng) + unknown_parties(300)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(documents):
        path = folder / f"{number // 1000:03d}" / f"page-{number:06d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(page(rng, number, parties), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = generate(args.folder, args.documents, args.seed)
    print(f"{len(paths)} pages in {args.folder}/")


if __name__ == "__main__":
    main()
