"""Party Facts' tables as a user gets them: downloaded from their public addresses into a cache.

Polite (one request at a time, a descriptive User-Agent, retries with backoff as the service
asks), resumable (an interrupted download continues from its `.part` file with a `Range`
request), conditional (a table fetched before is asked for with its ETag / Last-Modified and
kept when unchanged) and checksummed (each table's SHA-256 is recorded beside it and checked
before the copy is used again; a copy that no longer matches is fetched anew). Each table
is checked for Party Facts' columns before it replaces the copy it updates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from kg.errors import KgError
from kg.link.partyfacts import REQUIRED
from kg.sources.fetch import USER_AGENT
from kg.sources.http import Politeness, busy_status, polite_request

log = logging.getLogger(__name__)

# Where Party Facts publishes its tables (https://partyfacts.herokuapp.com/download/): the
# core parties with their names and years, and the links of each party to other datasets;
# the Wikidata item of each party is Party Facts' own table in its data repository.
TABLES = {
    "core-parties.csv": "https://partyfacts.herokuapp.com/download/core-parties-csv/",
    "external-parties.csv": "https://partyfacts.herokuapp.com/download/external-parties-csv/",
    "wikidata.csv": "https://raw.githubusercontent.com/hdigital/partyfactsdata/main/"
    "import/wikipedia/wikidata.csv",
}
LICENCE = (
    "Party Facts data, MIT licence (Copyright (c) Party Facts authors); cite Döring, H. and "
    "Regel, S. (2019), Party Facts: A database of political parties worldwide, "
    "Party Politics 25(2): 97-109"
)
# How a body can stop coming: the connection closed early, reset, or silent too long.
BROKEN_OFF = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)
REUSE_DAYS = 7  # a copy younger than this is used without asking the service


class DownloadError(KgError):
    """A table that could not be downloaded or is not what Party Facts publishes."""


@dataclass(frozen=True)
class Retrieved:
    """One table in the cache: where it came from, when, and its checksum."""

    name: str
    url: str
    path: Path
    retrieved: str  # ISO 8601, UTC
    sha256: str
    status: str  # "downloaded", "resumed", "unchanged", "reused"


@dataclass
class PartyFactsDownloader:
    folder: Path
    mirror: str | None = None  # a base URL holding the tables under their file names
    politeness: Politeness = field(default_factory=lambda: Politeness(timeout=(10.0, 120.0)))
    reuse_days: float = REUSE_DAYS
    sleep: Callable[[float], None] = time.sleep
    session: requests.Session = field(default_factory=requests.Session)

    def __post_init__(self) -> None:
        self.session.headers["User-Agent"] = USER_AGENT

    def url(self, name: str) -> str:
        return f"{self.mirror.rstrip('/')}/{name}" if self.mirror else TABLES[name]

    def download_all(self) -> list[Retrieved]:
        self.folder.mkdir(parents=True, exist_ok=True)
        return [self.download(name) for name in TABLES]

    def download(self, name: str) -> Retrieved:
        """One table, from the cache when it is recent and intact, else from the service."""
        path, url = self.folder / name, self.url(name)
        known = self.metadata(path)
        intact = path.exists() and known.get("sha256") == sha256_of(path)
        if path.exists() and not intact:
            log.warning("%s: its checksum no longer matches; fetching it again", path)
        if intact and known.get("url") == url and age_days(known) < self.reuse_days:
            return self.retrieved(name, path, known, "reused")
        conditional = intact and known.get("url") == url
        return self.fetch(name, path, url, known if conditional else {})

    def fetch(self, name: str, path: Path, url: str, known: dict[str, Any]) -> Retrieved:
        part = path.with_name(path.name + ".part")
        resumed = False
        for attempt in range(self.politeness.retries + 1):
            headers = {"Accept-Encoding": "identity"}  # byte ranges of the file as stored
            if known.get("etag"):
                headers["If-None-Match"] = known["etag"]
            if known.get("last_modified"):
                headers["If-Modified-Since"] = known["last_modified"]
            offset = part.stat().st_size if part.exists() else 0
            if offset:
                headers["Range"] = f"bytes={offset}-"
            response = polite_request(
                self.session, "GET", url, politeness=self.politeness, error=DownloadError,
                sleep=self.sleep, headers=headers, retry=busy_status, stream=True,
            )  # fmt: skip
            with response:
                if response.status_code == 304:
                    return self.record(name, path, url, known, response, "unchanged")
                if response.status_code not in (200, 206):
                    raise DownloadError(
                        "the service did not give the table",
                        url=url,
                        status=response.status_code,
                        hint="check the address (or --partyfacts-mirror), or try again later",
                    )
                append = response.status_code == 206 and offset > 0
                resumed = resumed or append
                try:
                    with part.open("ab" if append else "wb") as stream:
                        for chunk in response.iter_content(1024):  # small: a cut loses little
                            stream.write(chunk)
                except BROKEN_OFF as err:
                    if attempt == self.politeness.retries:
                        raise DownloadError(
                            f"the download broke off ({type(err).__name__}); "
                            f"{part.stat().st_size:,} bytes are kept",
                            url=url,
                            hint="run the command again: it continues where it stopped",
                        ) from err
                    log.info("%s: broke off at %d bytes; continuing", url, part.stat().st_size)
                    self.sleep(self.politeness.backoff * 2**attempt)
                    continue
            check_table(name, part, url)
            os.replace(part, path)
            return self.record(
                name, path, url, {}, response, "resumed" if resumed else "downloaded"
            )
        raise AssertionError("unreachable: the last attempt returns or raises")

    def record(
        self,
        name: str,
        path: Path,
        url: str,
        known: dict[str, Any],
        response: requests.Response,
        status: str,
    ) -> Retrieved:
        metadata = {
            "url": url,
            "retrieved": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            "sha256": sha256_of(path),
            "etag": response.headers.get("ETag") or known.get("etag"),
            "last_modified": response.headers.get("Last-Modified") or known.get("last_modified"),
            "licence": LICENCE,
        }
        sidecar = self.sidecar(path)
        temporary = sidecar.with_name(sidecar.name + ".tmp")
        temporary.write_text(json.dumps(metadata, indent=1, sort_keys=True) + "\n", "utf-8")
        os.replace(temporary, sidecar)
        return self.retrieved(name, path, metadata, status)

    @staticmethod
    def retrieved(name: str, path: Path, metadata: dict[str, Any], status: str) -> Retrieved:
        return Retrieved(
            name, metadata["url"], path, metadata["retrieved"], metadata["sha256"], status
        )

    @staticmethod
    def sidecar(path: Path) -> Path:
        return path.with_name(path.name + ".json")

    def metadata(self, path: Path) -> dict[str, Any]:
        try:
            found = json.loads(self.sidecar(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return found if isinstance(found, dict) else {}


def check_table(name: str, path: Path, url: str) -> None:
    """A table with Party Facts' columns, or a `DownloadError` (the older copy is kept)."""
    needed = REQUIRED.get(name, {"partyfacts_id"})
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            first = stream.readline()
    except (OSError, UnicodeDecodeError) as err:
        path.unlink(missing_ok=True)
        raise DownloadError(f"the download is not a UTF-8 table: {err}", url=url) from err
    missing = needed - {column.strip().strip('"') for column in first.strip().split(",")}
    if missing:
        path.unlink(missing_ok=True)
        raise DownloadError(
            f"the download is not Party Facts' {name}: it lacks {', '.join(sorted(missing))}",
            url=url,
            excerpt=first[:120] or None,
            hint="the service may have changed or answered with a page; try again later",
        )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except FileNotFoundError:
        return ""
    return digest.hexdigest()


def age_days(metadata: dict[str, Any]) -> float:
    try:
        when = dt.datetime.fromisoformat(str(metadata.get("retrieved")))
    except ValueError:
        return float("inf")
    return (dt.datetime.now(dt.UTC) - when).total_seconds() / 86400
