"""What a site's pages say about its other pages: sitemaps, links, pagination, canonical
addresses, and whether a page is an article, a listing or neither. Functions of the bytes
they are given; `crawl.py` asks the site."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.etree
import lxml.html
from lxml.etree import ParserError

from kg.sources.template import is_furniture, meta_content, published_in

PageKind = Literal["article", "listing", "other"]

# Files that are not pages: never asked for.
ASSET_SUFFIXES = {
    ".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".ico", ".bmp", ".tif", ".tiff",
    ".css", ".js", ".mjs", ".map", ".json", ".xml", ".rss", ".atom", ".pdf", ".doc", ".docx",
    ".odt", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".gz", ".tgz", ".rar", ".7z", ".mp3",
    ".mp4", ".m4a", ".ogg", ".webm", ".avi", ".mov", ".woff", ".woff2", ".ttf", ".eot", ".epub",
}  # fmt: skip
# Query parameters that name a visit, not a page: dropped, so one page has one address.
TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|mc_\w+|ref|share|print|replytocom|phpsessid|sessionid|sid"
    r"|jsessionid)$",
    re.IGNORECASE,
)
# `?page=3`, `?p=2`, `?start=40`: the only queries a listing's pages need.
PAGINATION = re.compile(r"^(?:page|p|pg|paged|start|offset)$", re.IGNORECASE)
# An article's address where its markup says nothing (`/article/Title-of-the-statement/`,
# solidnet.org's form; `/en/articles/Title/`; `/event/24th-congress/`; `/node/123`).
ARTICLE_PATH = re.compile(
    r"/(?:article|event|news|statement|declaration|node)s?/[^/]+/?$", re.IGNORECASE
)
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MAX_SITEMAP_BYTES = 50_000_000  # the protocol's own limit, uncompressed


def normalised(url: str, base: str | None = None) -> str | None:
    """One address per page: absolute, no fragment, scheme and host in lower case, no
    default port, tracking parameters dropped, the rest sorted. None for what is not an
    http(s) address (`mailto:`, `javascript:`)."""
    try:
        parts = urlsplit(urljoin(base, url.strip()) if base else url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    default = {"http": 80, "https": 443}[parts.scheme.lower()]
    netloc = host if port in (None, default) else f"{host}:{port}"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = sorted((key, value) for key, value in pairs if not TRACKING.match(key))
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", urlencode(query), ""))


def site_host(url: str) -> str:
    """A host without its `www.`: `www.solidnet.org` and `solidnet.org` are one site."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def on_site(url: str, site: str) -> bool:
    return site_host(url) == site_host(site)


def is_asset(url: str) -> bool:
    path = urlsplit(url).path.lower()
    return any(path.endswith(suffix) for suffix in ASSET_SUFFIXES)


def within(url: str, sections: tuple[str, ...]) -> bool:
    """Whether a page lies under one of the sections' paths (all do when none is given)."""
    path = urlsplit(url).path
    return not sections or any(path.startswith(section) for section in sections)


def query_loops(url: str) -> bool:
    """A query other than a listing's page number (`?date=…&view=…`): calendars and
    filters make endless addresses of a few pages."""
    return any(not PAGINATION.match(key) for key, _ in parse_qsl(urlsplit(url).query))


@dataclass(frozen=True)
class PageLinks:
    """What a page says about where it sits among the site's pages."""

    kind: PageKind
    canonical: str | None
    next_pages: tuple[str, ...]  # pagination: `rel=next`
    links: tuple[str, ...]  # every other link, normalised, in page order, once each
    versions: tuple[str, ...]  # the page in other languages (`hreflang` alternates)
    published: dt.datetime | None  # the markup's own date (`article:published_time`)


def read_links(html: bytes, url: str) -> PageLinks:
    """The links of a page, and what kind of page it is by its markup: an article says so
    (`og:type` article or event, or holds one `<article>`), a listing holds several
    articles or has a next page; where the markup says neither, an address of an
    article's form (`/article/…`) is one."""
    try:
        document = lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
    except (ParserError, ValueError):
        return PageLinks("other", None, (), (), (), None)
    stated_base = next((e.get("href") for e in document.iter("base") if e.get("href")), None)
    base = (normalised(stated_base, url) if stated_base else None) or url

    def resolved(href: str | None) -> str | None:
        return normalised(href, base) if href else None

    canonical = next(
        (resolved(e.get("href")) for e in document.iter("link") if rel_of(e) & {"canonical"}),
        None,
    )
    next_pages = dict.fromkeys(
        found
        for element in document.iter("link", "a")
        if rel_of(element) & {"next"} and (found := resolved(element.get("href")))
    )
    links = dict.fromkeys(
        found
        for element in document.iter("a", "area")
        if not rel_of(element) & {"nofollow", "next", "prev", "alternate"}
        and (found := resolved(element.get("href")))
        and found not in next_pages
    )
    versions = dict.fromkeys(  # the page in other languages
        found
        for element in document.iter("link", "a")
        if rel_of(element) & {"alternate"}
        and element.get("hreflang")
        and (found := resolved(element.get("href")))
    )
    og_type = next(iter(meta_content(document, "og:type")), "").lower()
    # the page's own articles: not those nested in one, nor teasers in its furniture
    articles = len([
        a for a in document.iter("article")
        if not any(str(up.tag).lower() in ("article", "aside", "nav", "footer")
                   or is_furniture(up) for up in a.iterancestors())
    ])  # fmt: skip
    listing = bool(next_pages) or articles > 1
    said = og_type in ("article", "event") or (articles == 1 and not next_pages)
    by_address = not og_type and not listing and bool(ARTICLE_PATH.search(urlsplit(url).path))
    kind: PageKind = "article" if said or by_address else "listing" if listing else "other"
    return PageLinks(
        kind, canonical, tuple(next_pages), tuple(links), tuple(versions), published_in(document)
    )


def rel_of(element: lxml.html.HtmlElement) -> set[str]:
    return set((element.get("rel") or "").lower().split())


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: dt.datetime | None


@dataclass(frozen=True)
class Sitemap:
    pages: tuple[SitemapEntry, ...]
    sitemaps: tuple[str, ...]  # a sitemap index's sitemaps


class SitemapError(ValueError):
    """A sitemap that is no sitemap (not XML, or another document)."""


def read_sitemap(data: bytes, url: str) -> Sitemap:
    """A sitemap (`urlset`) or a sitemap index (`sitemapindex`), gzipped or not. Parsed
    without entities or network access: a sitemap is data from another party."""
    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
                data = unzipped.read(MAX_SITEMAP_BYTES + 1)
        except (OSError, EOFError) as err:
            raise SitemapError(f"the gzipped sitemap cannot be read: {err}") from err
        if len(data) > MAX_SITEMAP_BYTES:
            raise SitemapError(f"the sitemap is larger than {MAX_SITEMAP_BYTES:,} bytes")
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = lxml.etree.fromstring(data, parser=parser)
    except lxml.etree.XMLSyntaxError as err:
        raise SitemapError(f"the sitemap is not XML: {err}") from err
    tag = lxml.etree.QName(root).localname
    if tag not in ("urlset", "sitemapindex"):
        raise SitemapError(f"the document is a <{tag}>, not a sitemap")
    entries = []
    for item in root:
        if not isinstance(item.tag, str):
            continue
        loc = item.findtext(f"{SITEMAP_NS}loc") or item.findtext("loc")
        found = normalised(loc, url) if loc else None
        if found:
            lastmod = item.findtext(f"{SITEMAP_NS}lastmod") or item.findtext("lastmod")
            entries.append(SitemapEntry(found, parsed_lastmod(lastmod)))
    if tag == "sitemapindex":
        return Sitemap((), tuple(entry.url for entry in entries))
    return Sitemap(tuple(entries), ())


def parsed_lastmod(text: str | None) -> dt.datetime | None:
    """W3C datetime (`2024-05-01`, `2024-05-01T10:00:00+00:00`); None when absent or odd."""
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
