"""Candidates from the live Wikidata API and query service, politely.

One `requests.Session`, a descriptive User-Agent, `maxlag=5` on API calls (a lagged replica
answers HTTP 200 with `{"error": {"code": "maxlag"}}` and a `Retry-After`: the JSON is
checked, not only the status), waits on 429 as `Retry-After` says, backoff on 5xx and
connection errors, timeouts, one request at a time, and an on-disk cache keyed by the request
with its retrieval time, so reruns are reproducible and work offline.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from kg.errors import KgError
from kg.files import write_atomically
from kg.link.model import QID, Candidate, Subject
from kg.sources.fetch import USER_AGENT
from kg.sources.http import Politeness, busy_status, polite_request, retry_after

log = logging.getLogger(__name__)

PARTY_TYPES = ("Q7278", "Q1393724")  # political party, political faction
INTERNAL = "Q17442446"  # Wikimedia internal item
BATCH = 50  # ids per wbgetentities call and per VALUES query
LANGUAGES = ("en", "mul", "ru", "es", "pt", "fr", "it", "de", "el")


class WikidataError(KgError):
    """Wikidata could not be asked: the URL, the status and what to do."""


@dataclass(frozen=True)
class WikidataSettings:
    api: str = "https://www.wikidata.org/w/api.php"
    sparql: str = "https://query.wikidata.org/sparql"
    user_agent: str = USER_AGENT
    maxlag: int = 5
    timeout: tuple[float, float] = (10.0, 60.0)
    retries: int = 4
    backoff: float = 1.0
    max_wait: float = 120.0
    cache: Path | None = Path(".kg-cache") / "wikidata"
    search_limit: int = 10


def sparql_string(value: str) -> str:
    """`value` as a SPARQL string literal: quotes, backslashes and line breaks escaped."""
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


@dataclass
class WikidataClient:
    settings: WikidataSettings = field(default_factory=WikidataSettings)
    sleep: Callable[[float], None] = time.sleep
    session: requests.Session = field(default_factory=requests.Session)
    requests_made: int = 0

    def __post_init__(self) -> None:
        self.session.headers["User-Agent"] = self.settings.user_agent
        self.session.headers["Accept-Encoding"] = "gzip, deflate"

    # -- the polite request ---------------------------------------------------------------

    def get(self, url: str, params: dict[str, str], api: bool, shape: Callable[[Any], bool]) -> Any:
        """JSON for a GET, from the cache when this exact request was made before. An answer
        not of the `shape` the service promises is an error, and never cached."""
        if api:
            params = {**params, "format": "json", "maxlag": str(self.settings.maxlag)}
        key = hashlib.sha256(json.dumps([url, sorted(params.items())]).encode()).hexdigest()
        cached = self.cached(key)
        if cached is not None and shape(cached):
            return cached
        headers = {} if api else {"Accept": "application/sparql-results+json"}
        settings = self.settings
        politeness = Politeness(
            settings.timeout, settings.retries, settings.backoff, settings.max_wait
        )
        response = polite_request(
            self.session, "GET", url, politeness=politeness, error=WikidataError, sleep=self.sleep,
            params=params, headers=headers, retry=lagged_or_busy, before=self.count,
        )  # fmt: skip
        if response.status_code >= 400:
            raise WikidataError(
                "the service refused the request",
                url=url,
                status=response.status_code,
                excerpt=response.text[:200],
                hint="check the request; a query may be malformed",
            )
        data = json_of(response)
        error = data.get("error") if isinstance(data, dict) else None
        if error:
            raise WikidataError(
                f"the API answered an error: {error.get('info', error.get('code'))}",
                url=url,
                hint="check the request's parameters",
            )
        if not shape(data):
            raise WikidataError(
                "the answer is JSON of an unexpected shape",
                url=url,
                excerpt=json.dumps(data)[:120],
                hint="the service may have changed or be misconfigured; nothing was cached",
            )
        self.store(key, url, params, data)
        return data

    def count(self) -> None:
        self.requests_made += 1

    def cached(self, key: str) -> Any:
        if self.settings.cache is None:
            return None
        try:
            record = json.loads((self.settings.cache / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return record.get("data") if isinstance(record, dict) else None

    def store(self, key: str, url: str, params: dict[str, str], data: Any) -> None:
        if self.settings.cache is None:
            return
        revisions = {
            qid: entity.get("lastrevid")
            for qid, entity in (data.get("entities") or {}).items()
            if isinstance(entity, dict)
        } if isinstance(data, dict) else {}  # fmt: skip
        record = {
            "request": {"url": url, "params": params},
            "retrieved_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            "lastrevid": revisions,
            "data": data,
        }
        text = json.dumps(record, ensure_ascii=False, sort_keys=True, indent=1)
        write_atomically(self.settings.cache / f"{key}.json", text.encode("utf-8"))

    # -- the three services ---------------------------------------------------------------

    def search(self, name: str, language: str) -> list[str]:
        """`wbsearchentities`: items whose label or alias matches, as the Wikidata UI finds them."""
        data = self.get(
            self.settings.api,
            {
                "action": "wbsearchentities", "search": name, "language": language,
                "uselang": language, "type": "item", "limit": str(self.settings.search_limit),
            },
            api=True,
            shape=search_shape,
        )  # fmt: skip
        return [hit["id"] for hit in data["search"] if QID.match(str(hit.get("id", "")))]

    def entities(self, qids: list[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for start in range(0, len(qids), BATCH):
            data = self.get(
                self.settings.api,
                {
                    "action": "wbgetentities", "ids": "|".join(qids[start : start + BATCH]),
                    "props": "info|labels|aliases|descriptions",  # info: lastrevid
                    "languages": "|".join(LANGUAGES),
                },
                api=True,
                shape=entities_shape,
            )  # fmt: skip
            found.update(data.get("entities") or {})
        return found

    def facts(self, qids: list[str]) -> dict[str, dict[str, set[str]]]:
        """Type closure, country (as ISO code), inception, dissolution, short names: one
        `VALUES` query for a batch of candidates."""
        facts: dict[str, dict[str, set[str]]] = {}
        for start in range(0, len(qids), BATCH):
            values = " ".join(f"wd:{q}" for q in qids[start : start + BATCH] if QID.match(q))
            query = f"""
SELECT ?item ?type ?iso ?inception ?dissolved ?short WHERE {{
  VALUES ?item {{ {values} }}
  OPTIONAL {{ ?item wdt:P31/wdt:P279* ?type .
             VALUES ?type {{ wd:{PARTY_TYPES[0]} wd:{PARTY_TYPES[1]} wd:{INTERNAL} }} }}
  OPTIONAL {{ ?item wdt:P17/wdt:P297 ?iso }}
  OPTIONAL {{ ?item wdt:P571 ?inception }}
  OPTIONAL {{ ?item wdt:P576 ?dissolved }}
  OPTIONAL {{ ?item wdt:P1813 ?short }}
}}"""
            data = self.get(self.settings.sparql, {"query": query}, api=False, shape=rows_shape)
            for row in data["results"]["bindings"]:
                qid = row["item"]["value"].rsplit("/", 1)[-1]
                item = facts.setdefault(qid, {})
                for name in ("type", "iso", "inception", "dissolved", "short"):
                    if name in row:
                        value = row[name]["value"]
                        item.setdefault(name, set()).add(
                            value.rsplit("/", 1)[-1] if name == "type" else value
                        )
        return facts

    def by_label(self, names: list[tuple[str, str]]) -> list[str]:
        """Items whose label or alias is exactly one of `names`: the fallback when the search
        finds nothing. The names go into the query as escaped SPARQL literals."""
        values = " ".join(
            f"{sparql_string(name)}@{language}"
            for language, name in names
            if re.fullmatch(r"[a-z]{2,3}", language)
        )
        if not values:
            return []
        query = (
            "SELECT DISTINCT ?item WHERE { VALUES ?name { " + values + " } "
            "?item rdfs:label|skos:altLabel ?name . } LIMIT 20"
        )
        data = self.get(self.settings.sparql, {"query": query}, api=False, shape=rows_shape)
        items = [row["item"]["value"].rsplit("/", 1)[-1] for row in data["results"]["bindings"]]
        return [q for q in items if QID.match(q)]

    # -- candidates for a subject -------------------------------------------------------------

    def candidates(self, subject: Subject) -> list[Candidate]:
        queries = [
            (name, language if language in LANGUAGES else "en") for language, name in subject.names
        ]
        queries += [(acronym, "en") for acronym in subject.acronyms]
        qids: list[str] = []
        for name, language in queries[:6]:
            qids.extend(q for q in self.search(name, language) if q not in qids)
        if not qids:
            qids = self.by_label(list(subject.names))
        if not qids:
            return []
        entities = self.entities(qids)
        facts = self.facts(qids)
        found = []
        for qid in qids:
            entity = entities.get(qid) or {}
            item = facts.get(qid, {})
            types = item.get("type", set())
            if INTERNAL in types:
                continue  # a Wikimedia internal item (a disambiguation page, a category)
            names = names_of(entity)
            found.append(
                Candidate(
                    qid=qid,
                    names=tuple(sorted(names)),
                    short_names=tuple(sorted(item.get("short", set()))),
                    countries=tuple(sorted(item.get("iso", set()))),
                    founded=earliest_year(item.get("inception")),
                    dissolved=earliest_year(item.get("dissolved")),
                    is_party=bool(types & set(PARTY_TYPES)) if subject.kind == "party" else None,
                    source="wikidata",
                    revision=revision
                    if isinstance(revision := entity.get("lastrevid"), int)
                    else None,
                )
            )
        return found


# The shapes the three services promise; anything else is an error (a proxy's page, a
# changed API), not an answer to read, nor to cache.
def search_shape(data: Any) -> bool:
    hits = data.get("search") if isinstance(data, dict) else None
    return isinstance(hits, list) and all(isinstance(hit, dict) for hit in hits)


def entities_shape(data: Any) -> bool:
    entities = data.get("entities", {}) if isinstance(data, dict) else None
    return isinstance(entities, dict) and all(isinstance(e, dict) for e in entities.values())


def rows_shape(data: Any) -> bool:
    """SPARQL JSON results whose every row binds `item` to a value (the other variables
    are optional)."""
    results = data.get("results") if isinstance(data, dict) else None
    rows = results.get("bindings") if isinstance(results, dict) else None
    return isinstance(rows, list) and all(
        isinstance(row, dict)
        and isinstance(row.get("item"), dict)
        and isinstance(row["item"].get("value"), str)
        and all(isinstance(v, dict) and isinstance(v.get("value"), str) for v in row.values())
        for row in rows
    )


def names_of(entity: dict[str, Any]) -> set[tuple[str, str]]:
    """An entity's labels and aliases, (language, name); what is not of that form is skipped."""
    labels = entity.get("labels")
    aliases = entity.get("aliases")
    found = [
        (language, label)
        for language, label in (labels.items() if isinstance(labels, dict) else ())
    ]
    found += [
        (language, alias)
        for language, values in (aliases.items() if isinstance(aliases, dict) else ())
        for alias in (values if isinstance(values, list) else ())
    ]
    return {
        (language, value["value"])
        for language, value in found
        if isinstance(value, dict) and isinstance(value.get("value"), str)
    }


def json_of(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError as err:
        raise WikidataError(
            "the answer is not JSON", url=response.url, excerpt=response.text[:120]
        ) from err


def lagged_or_busy(response: requests.Response) -> tuple[float, str] | None:
    """Busy (429, 5xx), or lagged or rate-limited: those errors arrive with HTTP 200, in the
    JSON."""
    busy = busy_status(response)
    if busy or response.status_code != 200:
        return busy
    try:
        data = response.json()
    except ValueError:
        return None
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict) and error.get("code") in ("maxlag", "ratelimited"):
        return retry_after(response) or 0.0, str(error["code"])
    return None


def earliest_year(values: set[str] | None) -> int | None:
    years = [int(m.group(1)) for v in values or () if (m := re.match(r"^\+?(\d{4})", v))]
    return min(years) if years else None
