"""Fetching pages politely with requests, into a folder that is also the cache.

One request at a time, a delay between requests to a host, robots.txt respected, a
descriptive User-Agent, timeouts, retries with backoff on 429/5xx and connection errors
(honouring `Retry-After`), conditional requests (ETag / Last-Modified) against what the
folder already holds. Each page is saved as fetched (`<name>.html` or `.txt`) with a
sidecar `<name>.<ext>.json`: URL, retrieval time, checksum, validators.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import requests
import urllib3

from kg import __version__
from kg.errors import KgError, redacted_url
from kg.files import write_atomically
from kg.sources import SECRET_PARAMETER, sidecar, without_credentials
from kg.sources.http import Politeness, body_text, polite_request, stated_charset
from kg.text import slug

log = logging.getLogger(__name__)

USER_AGENT = (
    f"kg/{__version__} (IMCWP knowledge graph builder; https://w3id.org/imcwp/) "
    f"requests/{requests.__version__}"
)
DISALLOW_ALL = ["User-agent: *", "Disallow: /"]
ROBOTS_BYTES = 500_000  # of a robots.txt, read (Google reads 500 KiB)
PAGE_TYPES = {"text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt"}


class FetchError(KgError):
    """A page that could not be fetched: the URL, the status and what to do."""


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str = USER_AGENT
    delay: float = 1.0  # seconds between two requests to one host
    timeout: tuple[float, float] = (10.0, 30.0)  # connect, read
    retries: int = 4  # attempts after the first
    backoff: float = 1.0  # first wait; doubles at each retry
    max_wait: float = 120.0  # longest wait a server (or its Crawl-delay) may ask for
    respect_robots: bool = True
    max_bytes: int = 20_000_000  # a page's largest size, decompressed
    max_redirects: int = 10


@dataclass(frozen=True)
class Fetched:
    url: str
    path: Path
    status: str  # "new", "updated", "unchanged"


@dataclass(frozen=True)
class Download:
    """A page's answer, not yet saved."""

    url: str  # as asked
    final_url: str  # after redirects
    body: bytes
    content_type: str
    charset: str | None
    etag: str | None
    last_modified: str | None
    status: int


@dataclass
class Fetcher:
    """Fetches pages into `folder`; `sleep` and `clock` are the real ones unless a caller
    wants to watch them."""

    folder: Path
    settings: FetchSettings = field(default_factory=FetchSettings)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    session: requests.Session = field(default_factory=requests.Session)
    robots: dict[str, RobotFileParser | None] = field(default_factory=dict)
    robots_failures: dict[str, str] = field(default_factory=dict)
    last_request: dict[str, float] = field(default_factory=dict)
    requests_made: int = 0  # every request, robots.txt and retries included

    def __post_init__(self) -> None:
        self.session.headers["User-Agent"] = self.settings.user_agent
        self.session.headers["Accept"] = "text/html, application/xhtml+xml, text/plain;q=0.9"

    # -- one page -----------------------------------------------------------------------

    def fetch(self, url: str) -> Fetched:
        """Fetch one page (conditionally, when the folder holds it). Raises `FetchError`."""
        known = self.known(url)
        got = self.download(url, known)
        if got is None:
            path = self.folder / known["file"]
            self.write_metadata(path, {**known, "checked_at": now()})
            return Fetched(url, path, "unchanged")
        return self.save(got, known)

    def download(self, url: str, validators: dict[str, Any]) -> Download | None:
        """A page's answer, asked with `validators` (`etag`, `last_modified` of the copy
        held); None when the server says the copy is current. Raises `FetchError`."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FetchError("not an http(s) URL", url=url, hint="give a full URL: https://…")
        if without_credentials(url) != url or SECRET_PARAMETER.search(parts.query):
            # The URL is never echoed: it holds a secret.
            raise FetchError(
                "the URL holds a user name, password or token, which kg does not send nor keep",
                url=redacted_url(url),
                hint="give the URL without credentials; kg fetches public pages",
            )
        if self.settings.respect_robots and not self.allowed(url):
            failure = self.robots_failures.get(parts.netloc)
            if failure:
                raise FetchError(
                    f"could not read the site's robots.txt ({failure}), so nothing is fetched",
                    url=url,
                    hint="check the network and the host name",
                )
            raise FetchError(
                "robots.txt does not allow fetching this page",
                url=url,
                hint="the site asks crawlers to stay away from it; respect that",
            )
        headers = {}
        if validators.get("etag"):
            headers["If-None-Match"] = validators["etag"]
        if validators.get("last_modified"):
            headers["If-Modified-Since"] = validators["last_modified"]
        response, final_url = self.follow(url, headers)
        if response.status_code == 304 and headers:
            response.close()
            return None
        if response.status_code >= 400:
            raise FetchError(
                f"the server refused the page: {response.reason}",
                url=url,
                status=response.status_code,
                excerpt=" ".join(body_text(response).split())[:200] or None,
                hint="check the URL" if response.status_code == 404 else "try again later",
            )
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type not in PAGE_TYPES:
            response.close()
            raise FetchError(
                f"the answer is not a web page but {content_type or 'of no stated type'}",
                url=url,
                status=response.status_code,
                hint="kg reads HTML and plain-text pages; save other documents as text",
            )
        return Download(
            url, final_url, self.body(response, url), content_type,
            stated_charset(response.headers.get("Content-Type", "")), response.headers.get("ETag"),
            response.headers.get("Last-Modified"), response.status_code,
        )  # fmt: skip

    def save(
        self, got: Download, known: dict[str, Any], extra: dict[str, Any] | None = None
    ) -> Fetched:
        """The page and its sidecar written into the folder; `extra` fields join the
        sidecar (a crawl's aliases of the page)."""
        path = self.folder / f"{page_name(got.url)}{PAGE_TYPES[got.content_type]}"
        checksum = hashlib.sha256(got.body).hexdigest()
        status = (
            "new" if not known else "unchanged" if known.get("sha256") == checksum else "updated"
        )
        write_atomically(path, got.body)
        self.write_metadata(
            path,
            {
                "url": got.url,
                "final_url": got.final_url,
                "file": path.name,
                "retrieved_at": now(),
                "sha256": checksum,
                "etag": got.etag,
                "last_modified": got.last_modified,
                "content_type": got.content_type,
                "charset": got.charset,
                "status": got.status,
                **(extra or {}),
            },
        )
        return Fetched(got.url, path, status)

    def known(self, url: str) -> dict[str, Any]:
        """What the folder already holds for `url` (its sidecar), if anything."""
        for suffix in set(PAGE_TYPES.values()):
            try:
                data = json.loads(
                    sidecar(self.folder / f"{page_name(url)}{suffix}").read_text("utf-8")
                )
            except (OSError, ValueError):
                continue
            # Only a page still on disk can be asked for conditionally.
            if not isinstance(data, dict):
                continue
            known: dict[str, Any] = data
            if known.get("url") == url and (self.folder / str(known.get("file", ""))).exists():
                return known
        return {}

    def write_metadata(self, path: Path, metadata: dict[str, Any]) -> None:
        text = json.dumps(metadata, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        write_atomically(sidecar(path), text.encode("utf-8"))

    # -- the polite request ---------------------------------------------------------------

    def follow(self, url: str, headers: dict[str, str]) -> tuple[requests.Response, str]:
        """The answer at the end of the redirects, each hop asked only when its host's
        robots.txt allows it (before it is fetched, not after)."""
        for _ in range(self.settings.max_redirects + 1):
            response = self.request(url, headers)
            location = response.headers.get("Location")
            if not (response.is_redirect and location):
                return response, url
            response.close()
            target = urljoin(url, location)
            if (
                urlsplit(target).scheme not in ("http", "https")
                or without_credentials(target) != target
            ):
                raise FetchError(
                    "redirected to an address kg does not follow",
                    url=url,
                    hint="a redirect to another scheme or with credentials is not followed",
                )
            if self.settings.respect_robots and not self.allowed(target):
                raise FetchError(
                    f"redirected to {target}, which robots.txt does not allow",
                    url=url,
                    hint="the site asks crawlers to stay away from that page; respect that",
                )
            url = target
        raise FetchError(
            f"the server redirects in a loop (more than {self.settings.max_redirects} redirects)",
            url=url,
            hint="check the URL in a browser",
        )

    def body(self, response: requests.Response, url: str) -> bytes:
        """The answer's bytes, read within the size cap and the timeout for the whole answer
        (a server that drips a byte a second is not waited for)."""
        limit, deadline = self.settings.max_bytes, self.clock() + self.settings.timeout[1]
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            response.close()
            raise FetchError(
                f"the page is {int(declared):,} bytes, more than the cap of {limit:,}",
                url=url,
                hint="raise the cap (FetchSettings.max_bytes) if the page is really that big",
            )
        chunks, size = [], 0
        try:
            # read1: what has arrived, so that the clock is looked at as bytes trickle in
            while chunk := response.raw.read1(64 * 1024, decode_content=True):
                size += len(chunk)
                if size > limit:
                    raise FetchError(
                        f"the page grows past the cap of {limit:,} bytes (decompressed)",
                        url=url,
                        hint="a compressed answer may expand without end; check the page",
                    )
                if self.clock() > deadline:
                    raise FetchError(
                        f"the answer took longer than {self.settings.timeout[1]:.0f} s to arrive",
                        url=url,
                        hint="the server is too slow; try again later or raise --timeout",
                    )
                chunks.append(chunk)
        except (requests.RequestException, urllib3.exceptions.HTTPError) as err:
            raise FetchError(f"the answer broke off: {type(err).__name__}", url=url) from err
        finally:
            response.close()
        return b"".join(chunks)

    def request(self, url: str, headers: dict[str, str]) -> requests.Response:
        """GET with the per-host delay, timeouts and retries; the last failure is raised."""
        settings = self.settings
        politeness = Politeness(
            settings.timeout, settings.retries, settings.backoff, settings.max_wait
        )
        return polite_request(
            self.session, "GET", url, politeness=politeness, error=FetchError, sleep=self.sleep,
            headers=headers, before=lambda: self.wait_turn(url), allow_redirects=False,
            stream=True,
        )  # fmt: skip

    def wait_turn(self, url: str) -> None:
        """One request at a time per host, `delay` (or the robots.txt Crawl-delay) apart."""
        host = urlsplit(url).netloc
        delay = self.settings.delay
        robots = self.robots.get(host)
        if robots is not None:
            delay = max(delay, float(robots.crawl_delay(self.settings.user_agent) or 0))
        last = self.last_request.get(host)
        if last is not None:
            remaining = last + delay - self.clock()
            if remaining > self.settings.max_wait:  # `Crawl-delay: 100000`: not a day's sleep
                raise FetchError(
                    f"the site asks for {delay:.0f} s between requests (Crawl-delay), more "
                    f"than {self.settings.max_wait:.0f} s",
                    url=url,
                    hint="fetch its pages another day, a few at a time, or ask the site",
                )
            if remaining > 0:
                self.sleep(remaining)
        self.last_request[host] = self.clock()
        self.requests_made += 1

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        host = parts.netloc
        if host not in self.robots:
            self.robots[host] = self.read_robots(f"{parts.scheme}://{host}/robots.txt")
        robots = self.robots[host]
        return robots is None or robots.can_fetch(self.settings.user_agent, url)

    def read_robots(self, url: str) -> RobotFileParser | None:
        """The host's rules; None (all allowed) when it has none. A server error means
        everything is disallowed (RFC 9309), as does a host that cannot be reached."""
        parser = RobotFileParser(url)
        self.wait_turn(url)
        try:
            response = self.session.get(url, timeout=self.settings.timeout, stream=True)
            rules = body_text(response, ROBOTS_BYTES)
            response.close()
        except requests.RequestException as err:
            self.robots_failures[urlsplit(url).netloc] = type(err).__name__
            parser.parse(DISALLOW_ALL)  # RFC 9309: unreachable means disallowed
            return parser
        if 400 <= response.status_code < 500:
            return None
        parser.parse(DISALLOW_ALL if response.status_code >= 500 else rules.splitlines())
        return parser


def page_name(url: str) -> str:
    """A file name for a URL: readable, and unique thanks to a short hash of the whole URL."""
    parts = urlsplit(url)
    readable = slug(f"{parts.netloc} {parts.path}")[:80] or "page"
    return f"{readable}-{hashlib.sha256(url.encode()).hexdigest()[:8]}"


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def read_url_list(path: Path) -> list[str]:
    """URLs from a list file: one a line, blank lines and `#` comments ignored."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
