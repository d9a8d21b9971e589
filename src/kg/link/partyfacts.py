"""Candidates from a Party Facts data folder, offline.

The folder holds Party Facts' Wikidata table `wikidata.csv` (country, partyfacts_id,
wikidata_id, name, name_short, name_native: the item of each party), and the years each
party lived from either the core table `core-parties.csv` (as `kg link --partyfacts`
downloads it: year_first, year_last, with its names) or the older `wikipedia.csv` export
(year_founded, year_dissolved); optionally `countries_dr5hn.csv` (iso3, iso2, name, native,
wikiDataId) for countries. Rows of one Wikidata item are merged into one candidate; a QID
found under several countries (the historic CPSU) keeps them all.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pycountry

from kg.errors import InputError
from kg.link.model import QID, Candidate

REQUIRED = {
    "wikidata.csv": {"country", "partyfacts_id", "wikidata_id", "name"},
    "wikipedia.csv": {"partyfacts_id", "year_founded", "year_dissolved"},
    "core-parties.csv": {"partyfacts_id", "name", "year_first", "year_last"},
    "external-parties.csv": {"partyfacts_id", "dataset_key"},
    "countries_dr5hn.csv": {"iso2", "name", "wikiDataId"},
}


@dataclass(frozen=True)
class PartyFacts:
    parties: dict[str, list[Candidate]]  # by ISO2 (or the historical code) of the country
    countries: dict[str, Candidate]  # by ISO2

    def for_country(self, country: str | None) -> list[Candidate]:
        """Candidates for a party: those of its country, and historical namesakes listed
        under any country (so that they can be seen, and rejected)."""
        if country is None:
            return sorted({c for cs in self.parties.values() for c in cs}, key=lambda c: c.qid)
        return list(self.parties.get(country, []))


def iso2(code: str) -> str:
    found = pycountry.countries.get(alpha_3=code)
    return str(found.alpha_2) if found else code  # a historical code (SUN, YUG) stays as it is


def read_rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise InputError(
            f"cannot read the Party Facts file: {err}",
            source=str(path),
            hint="point --partyfacts at a folder holding wikidata.csv and core-parties.csv, "
            "or give --partyfacts alone to download them",
        ) from err
    needed = REQUIRED.get(path.name, set())
    if rows and needed - set(rows[0]):
        raise InputError(
            f"the Party Facts file lacks the column(s) {', '.join(sorted(needed - set(rows[0])))}",
            source=str(path),
            hint="use Party Facts' tables unchanged",
        )
    return rows


def short_names(text: str) -> list[str]:
    """Party Facts' short-name field: `CPI/M/or/CPIM/or/CPM` is CPI(M), CPIM and CPM;
    `CPRF/English` is CPRF (a language note); `KKE/Interior` is one name."""
    names = []
    for part in (p for p in text.split("/or/") if p):
        head, _, tail = part.partition("/")
        if tail in ("English", "english"):
            names.append(head)
        elif tail and len(tail) <= 2:
            names.append(f"{head}({tail})")  # CPI/M: the bracket a slash stands for
        else:
            names.append(part)
    return names


# A name with its short name in brackets; `(Unified)` (lower-case letters) is part of it.
BRACKETED_SHORT = re.compile(r"^(?P<name>.*\S)\s*\((?P<short>[^()\sa-z]{2,10})\)$")


def year(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() else None


def core_facts(
    folder: Path,
) -> tuple[dict[str, tuple[int | None, int | None]], dict[str, set[str]]]:
    """Each Party Facts party's years (founded, dissolved) and the core table's other names."""
    if not (folder / "core-parties.csv").exists():
        years = {
            row["partyfacts_id"]: (year(row.get("year_founded")), year(row.get("year_dissolved")))
            for row in read_rows(folder / "wikipedia.csv")
        }
        return years, {}
    years, names = {}, {}
    for row in read_rows(folder / "core-parties.csv"):
        if (row.get("technical") or "").strip():
            continue  # a placeholder row ("other", "independent"), not a party
        years[row["partyfacts_id"]] = (year(row.get("year_first")), year(row.get("year_last")))
        names[row["partyfacts_id"]] = {
            n for n in (row.get("name"), row.get("name_english")) if n and n.strip()
        }
    return years, names


def item_rows(folder: Path) -> list[dict[str, str]]:
    """The rows naming a party's Wikidata item: Party Facts' Wikidata table, and the links to
    a `wikidata` dataset in its external-parties table when it has them."""
    found = read_rows(folder / "wikidata.csv")
    if (folder / "external-parties.csv").exists():
        for row in read_rows(folder / "external-parties.csv"):
            qid = next(
                (v.strip() for v in (row.get("external_id"), row.get("dataset_party_id"))
                 if v and QID.match(v.strip())),
                None,
            )  # fmt: skip
            if row.get("dataset_key") == "wikidata" and qid and row.get("partyfacts_id"):
                found.append({**row, "wikidata_id": qid, "name_native": ""})
    return found


def load(folder: Path) -> PartyFacts:
    years, core_names = core_facts(folder)
    merged: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    founded: dict[str, int | None] = {}
    dissolved: dict[str, int | None] = {}
    for row in item_rows(folder):
        qid = (row.get("wikidata_id") or "").strip()
        if not QID.match(qid):
            continue  # a row without a usable item: nothing to link to
        item = merged[qid]
        item["countries"].add(iso2(row["country"]))
        for name in (n for n in (row.get("name"), row.get("name_native")) if n):
            item["names"].add(name)
            if found := BRACKETED_SHORT.match(name):  # `… הישראלית (מק"י)`: a name, its short
                item["names"].add(found.group("name"))
                item["short"].add(found.group("short"))
        item["names"].update(core_names.get(row["partyfacts_id"], ()))
        item["short"].update(short_names(row.get("name_short") or ""))
        item["ids"].add(f"partyfacts:{row['partyfacts_id']}")
        start, end = years.get(row["partyfacts_id"], (None, None))
        founded[qid] = founded.get(qid) or start
        dissolved[qid] = dissolved.get(qid) or end
    parties: dict[str, list[Candidate]] = defaultdict(list)
    for qid, item in sorted(merged.items()):
        candidate = Candidate(
            qid=qid,
            names=tuple(sorted(("mul", name) for name in item["names"])),
            short_names=tuple(sorted(item["short"])),
            countries=tuple(sorted(item["countries"])),
            founded=founded.get(qid),
            dissolved=dissolved.get(qid),
            is_party=True,  # Party Facts lists parties
            source="partyfacts",
            identifiers=tuple(sorted(item["ids"])),
        )
        for country in candidate.countries:
            parties[country].append(candidate)
    countries: dict[str, Candidate] = {}
    if (folder / "countries_dr5hn.csv").exists():
        for row in read_rows(folder / "countries_dr5hn.csv"):
            if QID.match(row.get("wikiDataId") or "") and row.get("iso2"):
                countries[row["iso2"]] = Candidate(
                    qid=row["wikiDataId"],
                    names=tuple(("mul", n) for n in (row.get("name"), row.get("native")) if n),
                    countries=(row["iso2"],),
                    source="countries",
                    identifiers=(f"iso3166:{row['iso2']}",),
                )
    return PartyFacts(dict(parties), countries)
