"""A whole site mirrored into a folder, and kept current: `kg fetch --site`.

Pages are found by the site's sitemaps where it has them (their `lastmod` says which
changed), otherwise by following its links from the start page and the sections' listing
pages (pagination followed). Article and event pages are saved as `kg fetch` saves a page;
listing pages are asked again on each crawl, conditionally, for what they newly list. A
manifest (`crawl-manifest.json`) records each page: address and aliases, first and last
retrieval, checksum, whether it changed, and when it was withdrawn. The crawl's progress is
kept in `.kg-crawl-state.json` until it ends, so an interrupted crawl resumes.

Over 400 lines: one crawl (discovery, conditional requests, manifest, resumable
state), whose steps share the state that makes it resumable.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from kg.errors import KgError
from kg.files import write_atomically
from kg.sources import sidecar
from kg.sources.discover import (
    PageLinks,
    SitemapError,
    is_asset,
    normalised,
    on_site,
    query_loops,
    read_links,
    read_sitemap,
    within,
)
from kg.sources.fetch import Download, Fetcher, FetchError, now, page_name

log = logging.getLogger(__name__)

MANIFEST = "crawl-manifest.json"
STATE = ".kg-crawl-state.json"
GONE = {404, 410}  # a page that answers these was withdrawn
SAVE_SECONDS = 2.0  # the state is saved at least this often: a killed crawl redoes no more
MAX_LISTINGS = 10_000  # listing pages asked in one crawl: a `next` that never ends stops here
MAX_SITEMAPS = 1_000  # of a sitemap index, read


class CrawlError(KgError):
    """A crawl that cannot start (no start page, a manifest of another site)."""


@dataclass(frozen=True)
class CrawlSettings:
    site: str  # the start page
    sections: tuple[str, ...] = ()  # paths whose pages are wanted (all when none)
    since: dt.date | None = None  # pages published or changed before are not asked for
    max_pages: int | None = None  # pages asked for in one run; the next run goes on
    max_depth: int = 5  # links followed from the start and the sections' pages


@dataclass
class CrawlReport:
    """What one run did: its figures, and the pages a person should know about."""

    requests: int = 0
    found: int = 0  # article pages the manifest holds as current
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0  # asked, and the copy was current
    not_asked: int = 0  # known and unchanged by the sitemap's lastmod: no request
    withdrawn: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # messages
    discovery: str = ""  # "sitemap" or "links"
    complete: bool = False  # False: stopped at --max; the next run resumes
    resumed: bool = False
    seconds: float = 0.0

    def summary(self) -> str:
        state = "complete" if self.complete else "stopped at --max (run again to go on)"
        return (
            f"crawl by {self.discovery} {state}{' (resumed)' if self.resumed else ''}: "
            f"{self.requests} requests in {self.seconds:.1f} s; {self.found} pages held; "
            f"{len(self.new)} new, {len(self.updated)} updated, {self.unchanged} unchanged, "
            f"{self.not_asked} not asked (unchanged by the sitemap), "
            f"{len(self.withdrawn)} withdrawn, {len(self.failed)} failed"
        )


@dataclass
class Crawl:
    """One crawl of `settings.site` into `fetcher.folder`."""

    fetcher: Fetcher
    settings: CrawlSettings
    clock: Callable[[], float] = time.monotonic
    manifest: dict[str, Any] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)
    report: CrawlReport = field(default_factory=CrawlReport)
    alias_index: dict[str, str] = field(default_factory=dict)  # alias: the page's address
    saved: set[str] = field(default_factory=set)  # pages saved in this crawl
    seen: set[str] = field(default_factory=set)  # pages the site lists in this crawl
    listings_asked: int = 0
    last_save: float = 0.0

    @property
    def folder(self) -> Path:
        return self.fetcher.folder

    # -- the run ------------------------------------------------------------------------

    def run(self) -> CrawlReport:
        started = self.clock()
        start = normalised(self.settings.site)
        if start is None:
            raise CrawlError(
                "the site is not an http(s) address", url=self.settings.site,
                hint="give the start page: kg fetch --site https://www.solidnet.org/",
            )  # fmt: skip
        self.folder.mkdir(parents=True, exist_ok=True)
        self.manifest = self.load(MANIFEST) or {"site": start, "pages": {}, "listings": {}}
        if not on_site(self.manifest.get("site", start), start):
            raise CrawlError(
                f"{self.folder} holds the mirror of {self.manifest['site']}",
                hint="give another --out folder for another site",
            )
        requests_before = self.fetcher.requests_made
        self.state = self.load(STATE) or {}
        self.report.resumed = bool(self.state)
        try:
            if not self.state:
                self.state = self.begin(start)
            else:  # what failed before the crawl was interrupted is still to be said
                self.report.failed += self.state.get("failed", [])
            self.report.discovery = self.state["discovery"]
            self.walk()
        finally:
            self.report.requests = self.fetcher.requests_made - requests_before
            self.report.found = sum(
                1 for page in self.manifest["pages"].values() if page["status"] == "current"
            )
            self.report.seconds = self.clock() - started
            self.manifest["last_crawl"] = self.figures()
            self.save()
        return self.report

    def begin(self, start: str) -> dict[str, Any]:
        """A new crawl's plan: the sitemap's pages that are new or changed, or the start
        page and the sections' listing pages to follow links from."""
        state: dict[str, Any] = {
            "started": now(), "done": [], "seen": [], "saved": [], "phase": "discover"
        }  # fmt: skip
        entries = self.sitemap_entries(start)
        if entries is None:  # the sections' listing pages, or the whole site from its start
            sections = [normalised(urljoin(start, path)) for path in self.settings.sections]
            state["discovery"] = "links"
            state["frontier"] = [[url, 0] for url in dict.fromkeys(sections or [start]) if url]
            return state
        state["discovery"] = "sitemap"
        frontier = []
        state["lastmod"] = {}
        for url, lastmod in entries.items():
            if not (self.wanted(url) and within(url, self.settings.sections)):
                continue
            state["seen"].append(url)  # listed: not asked again as if gone
            if self.settings.since and lastmod and lastmod.date() < self.settings.since:
                continue
            if lastmod:
                state["lastmod"][url] = lastmod.isoformat()
            if self.current(url, lastmod):
                self.report.not_asked += 1
                continue
            frontier.append([url, self.settings.max_depth])  # no links followed from it
        state["frontier"] = frontier
        return state

    def walk(self) -> None:
        """Each page of the plan asked in turn; then the pages the manifest holds that the
        site no longer lists are asked once more (withdrawn, or only unlisted)."""
        done = set(self.state["done"])
        self.saved = set(self.state["saved"])
        self.seen = set(self.state["seen"])
        asked = 0
        while True:
            while self.state["frontier"]:
                if self.settings.max_pages is not None and asked >= self.settings.max_pages:
                    return  # not complete: the state is kept, the next run goes on
                url, depth = self.state["frontier"].pop(0)
                if url in done or self.held_as(url) in self.saved:
                    continue  # asked in this crawl, or reached by another address
                self.visit(url, depth)
                done.add(url)
                self.state["done"].append(url)
                asked += 1
                if self.clock() - self.last_save >= SAVE_SECONDS:
                    self.save()  # a crawl killed now resumes about here
            if self.state["phase"] == "recheck":
                break
            self.state["phase"] = "recheck"
            seen = self.seen | done
            self.state["frontier"] = [
                [url, self.settings.max_depth]
                for url, page in sorted(self.manifest["pages"].items())
                if page["status"] == "current"
                and url not in seen
                and not set(page.get("aliases", ())) & seen
                and self.covers(url, page)
            ]
        self.report.complete = True
        self.state = {}

    # -- one page -----------------------------------------------------------------------

    def visit(self, url: str, depth: int) -> None:
        held = self.held_as(url)
        page = self.manifest["pages"].get(held) if held else None
        listing = self.manifest["listings"].get(url)
        validators = page or listing or {}
        if page and not (self.folder / page["file"]).exists():
            validators = {}  # the copy is gone: ask for the whole page
        try:
            got = self.fetcher.download(url, validators)
        except FetchError as err:
            self.failed(held or url, err)
            return
        if got is None:  # the copy held is current
            self.report.unchanged += 1
            if page:
                page.update(last_checked=now(), changed=False)
                self.remember_lastmod(page, url)
            elif listing:
                listing["checked"] = now()
                self.follow(url, listing.get("links", []), listing.get("next", []), depth)
            return
        final = normalised(got.final_url) or url
        if not on_site(final, self.manifest["site"]):
            self.report.failed.append(f"{url}: redirected off the site, to {final}: not kept")
            return
        links = (
            read_links(got.body, final)
            if got.content_type != "text/plain"
            else PageLinks("article", None, (), (), (), None)
        )
        if links.kind != "article":
            if page and held:  # a page held now redirects to one that is no article (home)
                self.withdraw(held, page, got.status, f"redirected to {final}")
                return
            self.manifest["listings"][url] = {
                "kind": links.kind, "etag": got.etag, "last_modified": got.last_modified,
                "checked": now(), "links": list(links.links), "next": list(links.next_pages),
            }  # fmt: skip
            self.follow(url, list(links.links), list(links.next_pages), depth)
            return
        since = self.settings.since
        if since and links.published and links.published.date() < since:
            self.manifest["listings"][url] = {
                "kind": "older", "checked": now(), "published": links.published.isoformat()
            }  # fmt: skip
            return
        canonical = links.canonical
        key = canonical if canonical and on_site(canonical, url) else final
        if key != url and self.held_as(key) in self.saved:
            self.alias(self.held_as(key) or key, {url, final} - {key})
            return  # reached by another address in this crawl: one copy
        self.save_page(key, {url, final} - {key}, got, url)
        self.enqueue(list(links.versions), depth)  # the page in its other languages

    def save_page(self, key: str, aliases: set[str], got: Download, asked: str) -> None:
        """An article saved under its canonical address; the addresses it was reached by
        are its aliases (in the manifest and its sidecar). A record held under one of them
        (the page moved) becomes this one: its first retrieval kept, its old copy gone."""
        pages = self.manifest["pages"]
        old_keys = {k for k in (key, *(self.held_as(a) for a in aliases | {asked})) if k}
        olds = [pages[k] for k in sorted(old_keys) if k in pages]
        for old_key in old_keys - {key}:
            moved = pages.pop(old_key, None)
            if moved:
                aliases |= {old_key, *moved.get("aliases", ())}
                self.remove_copy(moved, keep=page_name(key))
        aliases |= {alias for old in olds for alias in old.get("aliases", ())}
        aliases.discard(key)
        first = min((o["first_retrieved"] for o in olds if o.get("first_retrieved")), default=None)
        self.seen.add(key)
        self.state["seen"].append(key)
        self.state["saved"].append(key)
        self.saved.add(key)
        self.alias_index.update(dict.fromkeys(aliases, key))
        fetched = self.fetcher.save(
            replace(got, url=key), self.fetcher.known(key), {"aliases": sorted(aliases)}
        )
        if fetched.status == "new" and not olds:
            self.report.new.append(key)
        elif fetched.status == "unchanged":
            self.report.unchanged += 1
        else:
            self.report.updated.append(key)
        metadata = json.loads(sidecar(fetched.path).read_text(encoding="utf-8"))
        pages[key] = {
            "file": fetched.path.name,
            "first_retrieved": first or metadata["retrieved_at"],
            "last_retrieved": metadata["retrieved_at"],
            "last_checked": metadata["retrieved_at"],
            "sha256": metadata["sha256"],
            "changed": fetched.status != "unchanged",
            "status": "current",
            "etag": got.etag,
            "last_modified": got.last_modified,
            "aliases": sorted(aliases),
            "sections": sorted(self.settings.sections),
        }
        self.remember_lastmod(pages[key], asked)

    def alias(self, key: str, aliases: set[str]) -> None:
        """Addresses of a page saved in this crawl; a record held under one of them (the
        page moved) joins it: its first retrieval kept, its old copy gone."""
        pages = self.manifest["pages"]
        page = pages.get(key)
        if page is None:
            return
        for address in sorted(aliases):
            old_key = self.held_as(address)
            moved = pages.pop(old_key, None) if old_key and old_key != key else None
            if moved:
                aliases |= {str(old_key), *moved.get("aliases", ())}
                page["first_retrieved"] = min(page["first_retrieved"], moved["first_retrieved"])
                self.remove_copy(moved, keep=page_name(key))
        page["aliases"] = sorted({*page.get("aliases", ()), *aliases} - {key})
        self.alias_index.update(dict.fromkeys(aliases, key))
        path = self.folder / page["file"]
        try:  # the sidecar says the same: the graph gives the page its old addresses
            metadata = json.loads(sidecar(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        self.fetcher.write_metadata(path, {**metadata, "aliases": page["aliases"]})

    def remember_lastmod(self, page: dict[str, Any], url: str) -> None:
        """The sitemap's own `lastmod` of the page, compared as given next time (a day
        alone says nothing of the hour)."""
        lastmod = self.state.get("lastmod", {}).get(url)
        if lastmod:
            page["lastmod"] = lastmod

    def remove_copy(self, page: dict[str, Any], keep: str) -> None:
        """The old copy of a page that moved (its file and sidecar), unless it is the
        file the page is saved in now."""
        name = str(page.get("file", ""))
        if name and not name.startswith(keep):
            (self.folder / name).unlink(missing_ok=True)
            sidecar(self.folder / name).unlink(missing_ok=True)

    def failed(self, url: str, err: FetchError) -> None:
        page = self.manifest["pages"].get(url)
        if page and err.status in GONE:
            self.withdraw(url, page, err.status, f"answers {err.status}")
            return
        self.report.failed.append(str(err))
        self.state.setdefault("failed", []).append(str(err))  # said again when it resumes
        log.warning("%s", err)

    def withdraw(self, url: str, page: dict[str, Any], status: int | None, why: str) -> None:
        """Withdrawn, not forgotten: the copy stays, and the graph says when it went (the
        first time it was seen gone)."""
        if page.get("status") == "withdrawn":
            return
        page.update(status="withdrawn", withdrawn_at=now(), http_status=status, why=why)
        self.mark_withdrawn(page)
        self.report.withdrawn.append(url)
        log.warning("withdrawn: %s %s", url, why)

    def mark_withdrawn(self, page: dict[str, Any]) -> None:
        path = sidecar(self.folder / page["file"])
        try:
            metadata = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        metadata.update(withdrawn_at=page["withdrawn_at"], withdrawn_status=page["http_status"])
        self.fetcher.write_metadata(self.folder / page["file"], metadata)

    def follow(self, page: str, links: list[str], next_pages: list[str], depth: int) -> None:
        """The links of a page worth asking for, queued: a listing's next pages at its own
        depth, its links one deeper. Where sections are given, only their pages' links are
        followed (to articles wherever they are)."""
        if self.state["discovery"] == "sitemap":
            return  # the sitemap lists the pages
        if self.settings.sections and not within(page, self.settings.sections):
            return
        self.listings_asked += 1
        if self.listings_asked == MAX_LISTINGS:
            self.report.failed.append(
                f"{page}: more than {MAX_LISTINGS:,} listing pages in one crawl: their next "
                "pages are not followed (a listing whose `next` never ends?)"
            )
        if self.listings_asked < MAX_LISTINGS:
            self.enqueue(next_pages, depth)
        self.enqueue(links, depth + 1)

    def enqueue(self, urls: list[str], depth: int) -> None:
        """Pages worth asking for, queued: on the site, no asset, no endless query, within
        the depth, not asked in this crawl; a page held is not asked again."""
        if depth > self.settings.max_depth:
            return
        queued = {url for url, _ in self.state["frontier"]} | set(self.state["done"])
        for url in urls:
            if url in queued or not self.wanted(url):
                continue
            held = self.held_as(url)
            if held and self.current(held, None):
                if held not in self.seen:  # known and listed: not asked again
                    self.seen.add(held)
                    self.state["seen"].append(held)
                continue
            if self.older(url):
                continue
            if self.fetcher.settings.respect_robots and not self.fetcher.allowed(url):
                continue  # a link robots.txt forbids is not followed
            self.state["frontier"].append([url, depth])
            queued.add(url)

    def held_as(self, url: str) -> str | None:
        """The address a page is held under: its own, or the page it is an alias of."""
        if url in self.manifest["pages"]:
            return url
        if not self.alias_index:
            self.alias_index = {
                alias: key
                for key, page in self.manifest["pages"].items()
                for alias in page.get("aliases", ())
            }
        return self.alias_index.get(url)

    def covers(self, url: str, page: dict[str, Any]) -> bool:
        """Whether this crawl would have found a page it holds: under its sections (by the
        sitemap), or found by links from the same sections before."""
        if self.state["discovery"] == "sitemap":
            return within(url, self.settings.sections)
        return bool(page.get("sections", []) == sorted(self.settings.sections))

    def wanted(self, url: str) -> bool:
        return on_site(url, self.manifest["site"]) and not is_asset(url) and not query_loops(url)

    def current(self, url: str, lastmod: dt.datetime | None) -> bool:
        """Whether the copy held is as new as the site says its page is (by the sitemap's
        `lastmod`, as given last time, or else as a time; a page listed without one is
        current once held)."""
        held = self.held_as(url)
        page = self.manifest["pages"].get(held) if held else self.manifest["listings"].get(url)
        if not page or page.get("status", "current") != "current":
            return False
        if page.get("kind") == "older":  # skipped by a --since: by this crawl's?
            return self.older(url)
        if "file" in page and not (self.folder / page["file"]).exists():
            return False
        if lastmod is None:
            return True
        if page.get("lastmod"):
            return bool(page["lastmod"] == lastmod.isoformat())
        checked = page.get("last_retrieved") or page.get("checked")
        return bool(checked and dt.datetime.fromisoformat(checked) >= lastmod)

    def older(self, url: str) -> bool:
        """A page skipped as published before this crawl's --since, met before."""
        listing = self.manifest["listings"].get(url)
        if not listing or listing.get("kind") != "older" or not self.settings.since:
            return False
        return bool(dt.date.fromisoformat(listing["published"][:10]) < self.settings.since)

    def sitemap_entries(self, start: str) -> dict[str, dt.datetime | None] | None:
        """The pages of the site's sitemaps (robots.txt's `Sitemap:` lines, else
        `/sitemap.xml`) with their `lastmod`; None when the site has no sitemap."""
        self.fetcher.allowed(start)  # reads robots.txt
        robots = self.fetcher.robots.get(urlsplit(start).netloc)
        listed = (robots.site_maps() if robots else None) or [urljoin(start, "/sitemap.xml")]
        queue = [url for url in (normalised(u, start) for u in listed) if url]
        entries: dict[str, dt.datetime | None] = {}
        read: set[str] = set()
        found_any = False
        while queue and len(read) < MAX_SITEMAPS:
            url = queue.pop(0)
            if url in read:
                continue
            read.add(url)
            data = self.document(url)
            if data is None:
                continue
            try:
                sitemap = read_sitemap(data, url)
            except SitemapError as err:
                self.report.failed.append(f"{url}: {err}")
                continue
            found_any = True
            queue += [u for u in sitemap.sitemaps if on_site(u, start)]
            for entry in sitemap.pages:
                entries[entry.url] = entry.lastmod
        return entries if found_any else None

    def document(self, url: str) -> bytes | None:
        """A sitemap's bytes; None when the site has none there."""
        if self.fetcher.settings.respect_robots and not self.fetcher.allowed(url):
            return None
        try:
            response, _ = self.fetcher.follow(url, {})
            if response.status_code >= 400:
                response.close()
                return None
            return self.fetcher.body(response, url)
        except FetchError as err:
            self.report.failed.append(str(err))
            return None

    # -- the files ----------------------------------------------------------------------

    def load(self, name: str) -> dict[str, Any] | None:
        try:
            data = json.loads((self.folder / name).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as err:
            raise CrawlError(
                f"cannot read {self.folder / name}: {err}",
                hint=f"remove {name} to start the crawl afresh (the pages are kept)",
            ) from err
        return data if isinstance(data, dict) else None

    def save(self) -> None:
        self.last_save = self.clock()
        write_json(self.folder / MANIFEST, self.manifest)
        if self.state:
            write_json(self.folder / STATE, self.state)
        else:
            (self.folder / STATE).unlink(missing_ok=True)

    def figures(self) -> dict[str, Any]:
        report = self.report
        return {
            "at": now(), "discovery": report.discovery, "complete": report.complete,
            "requests": report.requests, "pages": report.found, "new": len(report.new),
            "updated": len(report.updated), "unchanged": report.unchanged,
            "not_asked": report.not_asked, "withdrawn": len(report.withdrawn),
            "failed": len(report.failed),
        }  # fmt: skip


def write_json(path: Path, data: dict[str, Any]) -> None:
    text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    write_atomically(path, text.encode("utf-8"), durable=False)
