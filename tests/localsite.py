"""A small site in the IMCWP site's structure, written by the team, served on loopback by
Python's own file server: a home page with menus, listing pages with pagination, article
pages in three languages inside the site's template (menus, sidebar with events, share
buttons, related articles, footer), an event page, a sitemap index (one sitemap gzipped),
assets, a calendar whose links never end, a path robots.txt forbids, a redirect, a slow
page, a page that answers 503 once and one that always does. `change()` edits the site
as a week would: one article changed, one added, one removed (410).
"""

from __future__ import annotations

import gzip
import html
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

PER_PAGE = 3


@dataclass
class Article:
    slug: str
    title: str
    published: str  # ISO
    paragraphs: list[str]
    signatories: list[str] = field(default_factory=list)
    lang: str = "en"
    tags: list[str] = field(default_factory=list)
    kind: str = "article"  # og:type
    author: str = ""  # the party, as the markup's author
    translations: dict[str, str] = field(default_factory=dict)  # language: path

    @property
    def path(self) -> str:
        prefix = "" if self.lang == "en" else f"/{self.lang}"
        return f"{prefix}/{'event' if self.kind == 'event' else 'article'}/{self.slug}/"


PARTIES = [
    "Communist Party of Greece", "Communist Party of Turkey", "Portuguese Communist Party",
    "Communist Party of Cuba", "Communist Party of the Russian Federation",
    "South African Communist Party", "Communist Party of India (Marxist)",
]  # fmt: skip

ARTICLES = [
    Article(
        "24-imcwp-final-declaration",
        "24th IMCWP, Final Declaration of the 24th International Meeting of Communist and "
        "Workers' Parties [En]",
        "2023-10-25T09:00:00+00:00",
        [
            "Izmir, 22 October 2023",
            "The 24th International Meeting of Communist and Workers' Parties was held in "
            "Izmir on 20-22 October 2023, hosted by the Communist Party of Turkey and the "
            "Communist Party of Greece.",
            "The parties call on the workers to strengthen the struggle against war.",
        ],
        PARTIES[:5],
        tags=["24th IMCWP", "Turkey, Communist Party of Turkey"],
        translations={"ru": "/ru/article/24-imcwp-final-declaration/"},
    ),
    Article(
        "24-imcwp-final-declaration",
        "24-я МВКРП, Итоговая декларация [Ru]",
        "2023-10-25T09:05:00+00:00",
        [
            "Измир, 22 октября 2023 г.",
            "24-я Международная встреча коммунистических и рабочих партий состоялась в "
            "Измире 20-22 октября 2023 года.",
        ],
        ["Коммунистическая партия Греции", "Коммунистическая партия Турции"],
        lang="ru",
        translations={"en": "/article/24-imcwp-final-declaration/"},
    ),
    Article(
        "24-imcwp-resolution-cuba",
        "24th IMCWP, Resolution of solidarity with socialist Cuba [En]",
        "2023-10-26T10:00:00+00:00",
        ["Izmir, 22 October 2023", "The parties condemn the blockade of Cuba."],
        PARTIES[:6],
    ),
    Article(
        "cp-of-greece-statement-on-the-war",
        "CP of Greece, Statement on the imperialist war",
        "2024-03-02T08:30:00+00:00",
        ["The Communist Party of Greece condemns the war and calls for solidarity."],
        author="Communist Party of Greece",
    ),
    Article(
        "23-imcwp-declaracion-palestina",
        "23 IMCWP, Declaración conjunta de solidaridad con el pueblo palestino [Es]",
        "2022-10-30T12:00:00+00:00",
        ["La Habana, 29 de octubre de 2022", "Los partidos expresan su solidaridad."],
        ["Partido Comunista de Cuba", "Partido Comunista Portugués", "Partido Comunista de Grecia"],
        lang="es",
    ),
    Article(
        "25-imcwp-call",
        "Joint Statement of Communist and Workers' Parties for peace [En]",
        "2024-05-10T10:00:00+00:00",
        ["Lisbon, 9 May 2024", "The undersigned parties call the peoples to rally for peace."],
        PARTIES[:3],
    ),
    Article(
        "slow-statement",
        "CP of Turkey, Statement on the elections",
        "2024-04-01T10:00:00+00:00",
        ["The Communist Party of Turkey salutes the workers."],
    ),
    Article(
        "busy-statement",
        "Portuguese CP, Statement on the 25th of April",
        "2024-04-25T10:00:00+00:00",
        ["The Portuguese Communist Party celebrates the Carnation Revolution."],
    ),
    Article(
        "down-statement",
        "SACP, Statement on Freedom Day",
        "2024-04-27T10:00:00+00:00",
        ["The South African Communist Party celebrates Freedom Day."],
    ),
    Article(
        "24th-congress-cpim",
        "24th Congress of the CPI(M)",
        "2025-03-01T10:00:00+00:00",
        ["April 2, 2025 - April 6, 2025 - Madurai, Tamilnadu, India 24th Congress of the CPI(M)"],
        kind="event",
    ),
]
NEW_ARTICLE = Article(
    "25-imcwp-resolution-palestine",
    "25th IMCWP, Resolution of solidarity with the Palestinian people [En]",
    "2024-11-05T10:00:00+00:00",
    ["Istanbul, 3 November 2024", "The parties stand with the Palestinian people."],
    PARTIES[:4],
)
REMOVED = "/article/cp-of-greece-statement-on-the-war/"
CHANGED = "/article/24-imcwp-resolution-cuba/"
MOVED = ("/article/old-address/", "/article/25-imcwp-call/")  # linked by its old address
SIDEBAR_EVENT = (
    "April 25, 2025 - April 27, 2025 - Spain XII Congress of the CP of the Peoples of Spain"
)


def page(title: str, main: str, lang: str = "en", head: str = "") -> str:
    """The site's template around `main`."""
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>SolidNet | {html.escape(title)}</title>
<link rel="stylesheet" href="/static/site.css">{head}</head>
<body>
<header class="site-header"><a href="/"><img src="/static/logo.png" alt="SolidNet"></a>
<nav class="menu"><a href="/">Home</a> <a href="/articles/">Articles</a>
<a href="/imcwp/">IMCWP</a> <a href="/about/">About</a></nav></header>
<div class="breadcrumb"><a href="/">Home</a> | Articles</div>
<main>{main}</main>
<aside class="sidebar">
<section class="events"><h3>Events</h3><ul><li>{SIDEBAR_EVENT}</li></ul></section>
<section class="newsletter"><p>Subscribe to our newsletter</p></section>
<a href="/calendar/?month=2024-01">Calendar</a> <a href="/private/members/">Members</a>
</aside>
<footer class="site-footer"><p>SolidNet 2024. Contact the webmaster.</p>
<a href="/files/imcwp-statutes.pdf">Statutes (PDF)</a></footer>
</body></html>
"""


def article_page(article: Article, others: list[Article], extra: str = "") -> str:
    head = (
        f'\n<meta property="og:type" content="{article.kind}">'
        f'\n<meta property="og:title" content="{html.escape(article.title)}">'
        f'\n<meta property="article:published_time" content="{article.published}">'
        f'\n<link rel="canonical" href="{article.path}">'
        + (f'\n<meta name="author" content="{article.author}">' if article.author else "")
        + "".join(
            f'\n<link rel="alternate" hreflang="{lang}" href="{path}">'
            for lang, path in article.translations.items()
        )
    )
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in article.paragraphs)
    listed = "".join(f"<li>{html.escape(name)}</li>" for name in article.signatories)
    related = "".join(
        f'<li><a href="{other.path}">{html.escape(other.title)}</a></li>' for other in others[:2]
    )
    tags = "".join(f'<a rel="tag" href="/tag/{n}/">{t}</a> ' for n, t in enumerate(article.tags))
    main = f"""<article>
<h1>{html.escape(article.title)}</h1>
<time datetime="{article.published}">{article.published[:10]}</time>
<div class="tags">{tags}</div>
{paragraphs}{extra}
{"<h3>Subscribing Parties:</h3><ol>" + listed + "</ol>" if listed else ""}
<div class="share-buttons"><a href="https://example.org/share">Share on social media</a></div>
<section class="related-articles"><h3>Related articles</h3><ul>{related}</ul></section>
</article>"""
    return page(article.title, main, article.lang, head)


def listing_pages(prefix: str, articles: list[Article]) -> dict[str, str]:
    """A section's listing: its pages of teasers, newest first, with next and previous."""
    ordered = sorted(articles, key=lambda a: a.published, reverse=True)
    chunks = [ordered[i : i + PER_PAGE] for i in range(0, len(ordered), PER_PAGE)]
    pages = {}
    for number, chunk in enumerate(chunks, start=1):
        teasers = "".join(
            f'<article class="teaser"><h2><a href="{MOVED[0] if a.path == MOVED[1] else a.path}">'
            f"{html.escape(a.title)}</a></h2></article>"
            for a in chunk
        )
        pager = ""
        if number > 1:
            pager += f'<a rel="prev" href="{prefix}?page={number - 1}">Previous</a> '
        if number < len(chunks):
            pager += f'<a rel="next" href="{prefix}?page={number + 1}">Next</a>'
        main = f'<h1>Articles</h1>{teasers}<div class="pagination">{pager}</div>'
        pages[f"{prefix}?page={number}"] = page("Articles", main)
    return pages


@dataclass
class LocalSite:
    """The site's files in `root`, written from `articles`."""

    root: Path
    articles: list[Article] = field(default_factory=lambda: list(ARTICLES))
    sitemap: bool = True
    removed: set[str] = field(default_factory=set)
    moved: dict[str, str] = field(default_factory=dict)  # old path: the new one (301)

    def write(self) -> None:
        files: dict[str, str] = {
            "/": page("Home", '<h1>SolidNet</h1><p><a href="/articles/">All articles</a></p>'),
            "/about/": page("About", "<h1>About</h1><p>The site of the meetings.</p>"),
        }
        shown = [a for a in self.articles if a.path not in self.removed]
        for article in shown:
            others = [a for a in shown if a is not article]
            files[article.path] = article_page(article, others)
        files |= listing_pages("/articles/", [a for a in shown if a.kind == "article"])
        files["/articles/"] = files["/articles/?page=1"]
        meetings = [a for a in shown if a.kind == "event" or "IMCWP" in a.title]
        files["/imcwp/"] = page(
            "IMCWP",
            "<h1>IMCWP</h1>"
            + "".join(
                f'<article class="teaser"><a href="{a.path}">{html.escape(a.title)}</a></article>'
                for a in meetings
            ),
        )
        for path, text in files.items():
            self.put(path, text.encode("utf-8"))
        self.put("/static/site.css", b"body { margin: 0 }")
        self.put("/static/logo.png", b"\x89PNG\r\n\x1a\n")
        self.put("/files/imcwp-statutes.pdf", b"%PDF-1.4")
        robots = "User-agent: *\nDisallow: /private/\n"
        if self.sitemap:
            robots += "Sitemap: /sitemap.xml\n"
            self.write_sitemaps(shown)
        self.put("/robots.txt", robots.encode())

    def write_sitemaps(self, shown: list[Article]) -> None:
        def urlset(entries: list[tuple[str, str]]) -> bytes:
            urls = "".join(f"<url><loc>{p}</loc><lastmod>{m}</lastmod></url>" for p, m in entries)
            return (
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
            ).encode()

        articles = [(a.path, self.lastmod(a.path)) for a in shown]
        pages = [(p, self.lastmod(p)) for p in ("/", "/about/", "/articles/", "/imcwp/")]
        self.put("/sitemap-articles.xml", urlset(articles))
        self.put("/sitemap-pages.xml.gz", gzip.compress(urlset(pages), mtime=0))
        self.put(
            "/sitemap.xml",
            b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            b"<sitemap><loc>/sitemap-articles.xml</loc></sitemap>"
            b"<sitemap><loc>/sitemap-pages.xml.gz</loc></sitemap></sitemapindex>\n",
        )

    def file(self, path: str) -> Path:
        parts = urlsplit(path)
        page_number = parse_qs(parts.query).get("page", ["1"])[0]
        name = "index.html" if parts.path.endswith("/") else ""
        if parts.query:
            name = f"page-{page_number}.html"
        return self.root / parts.path.lstrip("/") / name if name else self.root / path[1:]

    def put(self, path: str, data: bytes) -> None:
        target = self.file(path)
        if target.exists() and target.read_bytes() == data:
            return  # unchanged: its Last-Modified stays
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        moment = time.time() + Served.clock_offset  # a later change: a later second
        os.utime(target, (moment, moment))

    def lastmod(self, path: str) -> str:
        moment = self.file(path).stat().st_mtime
        return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(moment))

    def move(self, path: str, slug: str) -> str:
        """An article moved to a new address; the old one answers 301 to it."""
        article = next(a for a in self.articles if a.path == path)
        self.file(path).unlink()
        article.slug = slug
        self.moved[path] = article.path
        Served.clock_offset += 5
        self.write()
        return article.path

    def change(self) -> None:
        """A week on the site: one article changed, one added, one removed."""
        Served.clock_offset += 5
        changed = next(a for a in self.articles if a.path == CHANGED)
        changed.paragraphs.append("The parties add their support to the Cuban people.")
        self.articles.append(NEW_ARTICLE)
        self.removed.add(REMOVED)
        self.write()


class Served(SimpleHTTPRequestHandler):
    """The site's files as a real web server serves them (Last-Modified, conditional
    requests, 404), with the odd pages a real site has. `hits` counts each path asked."""

    site: ClassVar[LocalSite]
    hits: ClassVar[Counter[str]] = Counter()
    clock_offset: ClassVar[float] = 0.0

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, directory=str(self.site.root), **kwargs)  # type: ignore[arg-type]

    def log_message(self, *_: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path
        Served.hits[path] += 1
        if path in self.site.removed:
            self.answer(410, b"<html><body><h1>Gone</h1></body></html>")
        elif path == MOVED[0] or path in self.site.moved:
            self.send_response(301)
            self.send_header("Location", self.site.moved.get(path, MOVED[1]))
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/article/slow-statement/":
            time.sleep(1.0)
            super().do_GET()
        elif path == "/article/busy-statement/" and Served.hits[path] % 2 == 1:
            self.answer(503, b"busy", Retry_After="0")
        elif path == "/article/down-statement/":
            self.answer(503, b"down for maintenance")
        elif path.startswith("/calendar/"):
            month = parse_qs(urlsplit(path).query).get("month", ["2024-01"])[0]
            following = f"{month[:5]}{int(month[5:]) % 12 + 1:02d}"
            self.answer(200, page("Calendar", f'<a href="?month={following}">Next</a>').encode())
        elif urlsplit(path).query:
            self.path = str(self.site.file(path).relative_to(self.site.root).as_posix())
            self.path = "/" + self.path
            super().do_GET()
        else:
            super().do_GET()

    def answer(self, status: int, body: bytes, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)
