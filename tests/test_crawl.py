"""`kg fetch --site`: a whole site mirrored and kept current, against a real web server on
loopback (Python's file server) serving a site the team wrote in the IMCWP site's
structure (tests/localsite.py)."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from conftest import loopback
from kg.cli import main
from kg.pipeline import build
from kg.sources import read_document
from kg.sources.crawl import MANIFEST, STATE, Crawl, CrawlReport, CrawlSettings
from kg.sources.discover import SitemapError, normalised, query_loops, read_links, read_sitemap
from kg.sources.fetch import Fetcher, FetchSettings
from localsite import (
    ARTICLES,
    CHANGED,
    MOVED,
    NEW_ARTICLE,
    REMOVED,
    SIDEBAR_EVENT,
    LocalSite,
    Served,
)

DOWN = "/article/down-statement/"  # answers 503 whatever is asked
HELD = {a.path for a in ARTICLES} - {DOWN}  # the article and event pages a crawl keeps
NEVER = ("/static/", "/files/", "/calendar/", "/private/", "/tag/")  # assets, loops, forbidden


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[LocalSite, str]]:
    local = LocalSite(tmp_path / "site")
    local.write()
    Served.site, Served.clock_offset = local, 0.0
    Served.hits.clear()
    with loopback(Served) as root:
        yield local, root


def crawl(root: str, out: Path, **settings: object) -> CrawlReport:
    fetcher = Fetcher(out, FetchSettings(delay=0, retries=2, backoff=0.01, timeout=(5.0, 5.0)))
    return Crawl(fetcher, CrawlSettings(f"{root}/", **settings)).run()  # type: ignore[arg-type]


def without_sitemap(local: LocalSite) -> None:
    local.sitemap = False
    local.write()
    (local.root / "sitemap.xml").unlink()


def held(out: Path, root: str) -> dict[str, dict[str, object]]:
    pages = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["pages"]
    return {url.removeprefix(root): page for url, page in pages.items()}


def asked_articles() -> set[str]:
    return {path for path in Served.hits if is_article(path)}


def is_article(path: str) -> bool:
    return "/article/" in path or "/event/" in path


def test_a_site_with_sitemaps_is_mirrored_article_and_event_pages_only(
    site: tuple[LocalSite, str], tmp_path: Path
) -> None:
    _, root = site
    report = crawl(root, tmp_path / "pages")
    assert report.discovery == "sitemap" and report.complete
    pages = held(tmp_path / "pages", root)
    assert set(pages) == HELD  # every article and event page, in three languages
    saved = sorted(p.name for p in (tmp_path / "pages").glob("*.html"))
    assert len(saved) == len(HELD)  # the home, about and listing pages are not kept
    assert not [path for path in Served.hits if path.startswith(NEVER)]
    assert Served.hits["/article/busy-statement/"] == 2  # a 503, then the page
    [failure] = report.failed
    assert DOWN in failure and "503" in failure  # said, and the rest was crawled
    page = pages["/article/24-imcwp-final-declaration/"]
    assert page["status"] == "current" and page["changed"] is True
    assert page["first_retrieved"] == page["last_retrieved"] and len(str(page["sha256"])) == 64
    assert report.requests == sum(Served.hits.values())


def test_a_second_crawl_asks_only_for_what_is_new_changed_or_gone(
    site: tuple[LocalSite, str], tmp_path: Path
) -> None:
    local, root = site
    out = tmp_path / "pages"
    crawl(root, out)
    before = held(out, root)
    local.change()
    Served.hits.clear()
    report = crawl(root, out)
    assert asked_articles() == {CHANGED, NEW_ARTICLE.path, REMOVED, DOWN}
    assert [u.removeprefix(root) for u in report.new] == [NEW_ARTICLE.path]
    assert [u.removeprefix(root) for u in report.updated] == [CHANGED]
    assert [u.removeprefix(root) for u in report.withdrawn] == [REMOVED]
    assert report.not_asked >= len(HELD) - 2
    after = held(out, root)
    assert after[REMOVED]["status"] == "withdrawn" and after[REMOVED]["http_status"] == 410
    assert (out / str(after[REMOVED]["file"])).exists()  # withdrawn, never dropped
    assert after[CHANGED]["sha256"] != before[CHANGED]["sha256"]
    assert after[CHANGED]["first_retrieved"] == before[CHANGED]["first_retrieved"]
    unchanged = "/article/24-imcwp-final-declaration/"
    assert after[unchanged] == before[unchanged]


def test_a_site_without_a_sitemap_is_crawled_by_its_links_and_kept_current(
    site: tuple[LocalSite, str], tmp_path: Path
) -> None:
    local, root = site
    without_sitemap(local)
    out = tmp_path / "pages"
    report = crawl(root, out, sections=("/articles/", "/imcwp/"))
    assert report.discovery == "links" and report.complete
    pages = held(out, root)
    assert set(pages) == HELD
    # the listing links an old address: the page is kept at its own, the old one an alias
    assert pages[MOVED[1]]["aliases"] == [root + MOVED[0]]
    assert Served.hits["/articles/?page=3"] == 1  # pagination followed
    assert not [path for path in Served.hits if path.startswith(NEVER)]
    assert sum(Served.hits[path] for path in HELD) == len(HELD) + 1  # busy: a 503 first
    local.change()
    Served.hits.clear()
    again = crawl(root, out, sections=("/articles/", "/imcwp/"))
    # Listing pages are asked again (conditionally); of the articles, only the new one, and
    # the one no longer listed (gone: withdrawn). Without a sitemap a changed article
    # still listed is not asked: nothing says it changed.
    assert asked_articles() == {NEW_ARTICLE.path, REMOVED, DOWN}
    assert [u.removeprefix(root) for u in again.withdrawn] == [REMOVED]
    assert again.unchanged >= 1  # a listing page the server said was not modified


def test_a_crawl_stopped_at_its_maximum_goes_on_at_the_next_run(
    site: tuple[LocalSite, str], tmp_path: Path
) -> None:
    _, root = site
    out = tmp_path / "pages"
    first = crawl(root, out, max_pages=4)
    assert not first.complete and (out / STATE).exists()
    asked_first = asked_articles()
    Served.hits.clear()
    second = crawl(root, out)
    assert second.complete and second.resumed and not (out / STATE).exists()
    assert not (asked_articles() & asked_first - {DOWN})  # none asked twice
    assert set(held(out, root)) == HELD


def test_a_killed_crawl_resumes_where_it_stopped(
    site: tuple[LocalSite, str], tmp_path: Path
) -> None:
    local, root = site
    without_sitemap(local)
    out = tmp_path / "pages"
    command = [sys.executable, "-m", "kg", "fetch", "--site", f"{root}/", "--section",
               "/articles/", "--delay", "0.2", "--out", str(out), "-q"]  # fmt: skip
    crawler = subprocess.Popen(command, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    deadline = time.monotonic() + 60

    def pages_saved() -> int:
        try:
            return len(json.loads((out / MANIFEST).read_text(encoding="utf-8"))["pages"])
        except (OSError, ValueError):
            return 0

    while pages_saved() < 3 and time.monotonic() < deadline:  # saved every 2 s
        time.sleep(0.05)
    crawler.send_signal(signal.SIGKILL)
    crawler.wait()
    assert (out / STATE).exists()
    kept = set(held(out, root))
    assert kept and kept != HELD
    Served.hits.clear()
    again = ["fetch", "--site", f"{root}/", "--section", "/articles/", "--out", str(out)]
    result = CliRunner().invoke(main, [*again, "--delay", "0"])
    assert result.exit_code == 3  # the page that is always down
    assert "(resumed)" in result.stderr and "complete" in result.stderr
    assert not (asked_articles() & kept)  # what the killed crawl kept is not asked again
    # the articles' listing (not the meetings', which links the event page)
    assert set(held(out, root)) == HELD - {"/event/24th-congress-cpim/"}


def test_the_mirror_builds_into_a_graph_without_the_site_s_template(
    site: tuple[LocalSite, str], tmp_path: Path
) -> None:
    local, root = site
    without_sitemap(local)  # links: the listing's old address of a page is met
    out = tmp_path / "pages"
    crawl(root, out)
    local.change()
    crawl(root, out)
    page = held(out, root)["/article/24-imcwp-final-declaration/"]
    declaration = read_document(out / str(page["file"]))
    text = declaration.text
    for furniture in ("Share on social media", "Related articles", "newsletter", "webmaster",
                      "Home | Articles", "Statutes"):  # fmt: skip
        assert furniture not in text
    assert text.splitlines()[1] == "10/25/23, 9:00 AM"  # the markup's date as the site's line
    assert text.rstrip().endswith(SIDEBAR_EVENT)  # the sidebar's event, after the text
    assert "  • 24th IMCWP" in text.splitlines()[2:4]  # the markup's tags as tag lines
    statement = read_document(out / str(held(out, root)[REMOVED]["file"]))
    assert "  • Communist Party of Greece" in statement.text.splitlines()  # its author
    result = build([out], tmp_path / "graph", workers=1)
    store = ox.Store()
    store.load(path=str(tmp_path / "graph" / "graph.nq"), format=ox.RdfFormat.N_QUADS)

    def ask(query: str) -> list[str]:
        prefixes = (
            "PREFIX schema: <https://schema.org/> PREFIX prov: <http://www.w3.org/ns/prov#> "
            "PREFIX kg: <https://w3id.org/imcwp/vocab#> "
        )
        return sorted(
            str(row[0].value)
            for row in store.query(prefixes + query, use_default_graph_as_union=True)
        )  # type: ignore[union-attr]

    withdrawn = ask("SELECT ?url { ?page prov:invalidatedAtTime ?t ; schema:url ?url }")
    assert withdrawn == [root + REMOVED]
    assert ask("SELECT ?alias { ?page schema:sameAs ?alias }") == [root + MOVED[0]]
    events = ask("SELECT DISTINCT ?o { ?e a schema:Event ; kg:ordinal ?o }")
    assert "12" in events  # the sidebar's XII Congress of the CP of the Peoples of Spain
    [finding] = [f for f in result.kb.findings if f.code == "page-withdrawn"]
    assert REMOVED.strip("/").replace("/", "-") in finding.source
    assert result.validation.conforms


def test_since_keeps_only_the_pages_published_from_that_day(
    site: tuple[LocalSite, str], tmp_path: Path
) -> None:
    local, root = site
    without_sitemap(local)
    report = crawl(root, tmp_path / "pages", since=dt.date(2024, 1, 1))
    recent = {a.path for a in ARTICLES if a.published >= "2024"} - {DOWN}
    assert set(held(tmp_path / "pages", root)) == recent
    assert report.complete and len(recent) < len(HELD)


def test_a_page_that_moved_is_one_page_under_its_new_address_and_gone_once(
    site: tuple[LocalSite, str], tmp_path: Path
) -> None:
    local, root = site
    out = tmp_path / "pages"
    crawl(root, out)
    before = held(out, root)
    new = local.move(CHANGED, "cuba-resolution")
    local.removed.add(REMOVED)
    local.write()
    Served.hits.clear()
    moved = crawl(root, out)
    after = held(out, root)
    assert CHANGED not in after and after[new]["aliases"] == [root + CHANGED]
    assert after[new]["first_retrieved"] == before[CHANGED]["first_retrieved"]
    assert [u.removeprefix(root) for u in moved.withdrawn] == [REMOVED]
    files = [p.name for p in out.glob("*.html")]
    assert len(files) == len(HELD)  # the moved page's old copy is gone, the withdrawn kept
    Served.hits.clear()
    again = crawl(root, out)
    assert asked_articles() == {DOWN}  # a page withdrawn and listed nowhere is not asked
    assert not again.withdrawn  # … nor reported again, its time kept
    assert held(out, root)[REMOVED]["withdrawn_at"] == after[REMOVED]["withdrawn_at"]


def test_the_template_cut_keeps_the_article_whatever_its_classes() -> None:
    from kg.sources.html import html_to_text

    tagged = (
        '<html><body class="single page-events"><nav>Menu</nav><main>'
        '<div class="category">Joint Statements</div>'
        '<article class="post tag-social-democracy category-statements">'
        "<h1>Joint statement</h1><p>We call for peace.</p>"
        '<div class="editor-comment"><p>Adopted unanimously.</p></div>'
        '<p><a rel="tag" href="/t/1">Peace</a></p></article></main>'
        '<aside><div class="events"><ul><li>May 1, 2024 - May 2, 2024 - Lisbon Rally</li></ul>'
        '</div><a rel="tag" href="/t/2">Unrelated</a></aside></body></html>'
    )
    text = html_to_text(tagged)
    assert text.count("Joint statement") == 1 and "We call for peace." in text
    assert "Adopted unanimously." in text and "Menu" not in text
    assert text.rstrip().endswith("Lisbon Rally") and "Unrelated" not in text
    lines = text.splitlines()
    with_date = html_to_text(tagged.replace(
        "<html>", '<html><head><meta property="article:published_time" '
        'content="2024-05-03T10:00:00+00:00"><meta property="article:tag" content="IMCWP">'
        "</head>"))  # fmt: skip
    dated = with_date.splitlines()
    assert dated[dated.index("Joint statement") + 1] == "5/3/24, 10:00 AM"  # after the h1
    assert "  • IMCWP" in dated and "Peace" in lines


def test_usage_errors_of_a_site_crawl_exit_2(site: tuple[LocalSite, str], tmp_path: Path) -> None:
    _, root = site
    runner = CliRunner()
    both = runner.invoke(main, ["fetch", f"{root}/a", "--site", f"{root}/"])
    assert both.exit_code == 2 and "not both" in both.stderr
    ftp = runner.invoke(main, ["fetch", "--site", "ftp://example.org/", "--out", str(tmp_path)])
    assert ftp.exit_code == 2 and "http(s)" in ftp.stderr
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / MANIFEST).write_text('{"site": "https://elsewhere.org/", "pages": {}}')
    other = runner.invoke(main, ["fetch", "--site", f"{root}/", "--out", str(tmp_path / "other")])
    assert other.exit_code == 2 and "elsewhere.org" in other.stderr


# -- what pages say about other pages --------------------------------------------------------


def test_one_page_has_one_address() -> None:
    assert normalised("HTTP://WWW.Site.org:80/a/?utm_source=x&b=2&a=1#top") == (
        "http://www.site.org/a/?a=1&b=2"
    )
    assert normalised("/b", "https://site.org:443/a/") == "https://site.org/b"
    assert normalised("mailto:someone@site.org") is None
    assert normalised("javascript:void(0)") is None
    assert query_loops("https://site.org/calendar/?month=2024-02")
    assert not query_loops("https://site.org/articles/?page=7")


def test_a_page_is_an_article_by_its_markup_or_else_its_address() -> None:
    def kind(markup: str, url: str = "https://site.org/p/") -> str:
        return read_links(f"<html><head>{markup}</head><body></body></html>".encode(), url).kind

    assert kind('<meta property="og:type" content="article">') == "article"
    assert kind("</head><body><article><h1>A</h1></article>") == "article"
    assert kind("</head><body><article>A</article><article>B</article>") == "listing"
    assert kind('<link rel="next" href="?page=2">') == "listing"
    assert kind("", "https://www.solidnet.org/article/CP-of-Greece-On-the-war/") == "article"
    assert kind("", "https://site.org/about/") == "other"
    assert kind('<meta property="og:type" content="website">', "https://s.org/article/x/") == (
        "other"
    )
    teasers = "<aside><article>T1</article><article>T2</article></aside>"
    assert kind(f"</head><body><article><h1>A</h1></article>{teasers}") == "article"


def test_a_sitemap_is_read_gzipped_or_not_and_its_entities_are_never_expanded() -> None:
    index = (
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>/s1.xml</loc></sitemap></sitemapindex>"
    )
    assert read_sitemap(index, "https://site.org/sitemap.xml").sitemaps == (
        "https://site.org/s1.xml",
    )
    import gzip

    urlset = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/a/</loc>'
        b"<lastmod>2024-05-01</lastmod></url><url><loc>/b/</loc></url></urlset>"
    )
    [first, second] = read_sitemap(gzip.compress(urlset), "https://site.org/").pages
    assert first.url == "https://site.org/a/" and first.lastmod and first.lastmod.day == 1
    assert second.lastmod is None
    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">'
        b'<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>/p/&x;&b;</loc></url></urlset>"
    )
    for entry in read_sitemap(hostile, "https://site.org/").pages:
        assert "root:" not in entry.url and "aaaaaaaaaa" not in entry.url
    with pytest.raises(SitemapError):
        read_sitemap(b"<html><body>Not found</body></html>", "https://site.org/sitemap.xml")
