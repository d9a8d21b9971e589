"""The site in a real browser: Debian's Chromium, headless, driven through Debian's
chromedriver by Selenium, opens the site `kg site` writes for the test corpus, served over
HTTP on loopback below a folder (as a site is when it is not a server's root). Every
internal link and `#fragment` resolves; each kind of page renders without a console
error; the search box finds a party by its name in another language and leads to its
page. Screenshots of each kind of page go into `$KG_SCREENSHOTS` (else a temporary
folder, printed) for a person to look at."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urlsplit

import lxml.html
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from conftest import PROJECT
from kg.pipeline import build
from kg.site import write_site

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
PAGES = {  # a page of each kind: (name of its screenshot, its path in the site)
    "home": "index.html",
    "meetings": "by/meeting.html",
    "parties": "by/party.html",
    "countries": "by/country.html",
    "years": "by/year.html",
    "party": "party/gr-kke.html",
}
KINDS = ("declaration", "source", "event", "place", "graph")  # and one page of each


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browsed")
    build([PROJECT / "tests" / "corpus"], out, workers=1)
    write_site(out, out / "site")
    return out / "site"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The site's address: served by Python's file server on loopback, at `/site/`."""
    handler = functools.partial(QuietHandler, directory=str(site.parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/site/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,1600"):  # fmt: skip
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("KG_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"screenshots in {folder}")
    return folder


def pages_of_each_kind(site: Path) -> dict[str, str]:
    found = dict(PAGES)
    for kind in KINDS:
        found[kind] = sorted(p.relative_to(site).as_posix() for p in (site / kind).rglob("*.html"))[
            0
        ]
    with_list = [
        p for p in sorted((site / "source").glob("*.html")) if b'id="signatories' in p.read_bytes()
    ]
    found["source with its list"] = with_list[0].relative_to(site).as_posix()
    return found


def test_every_internal_link_and_fragment_resolves(site: Path) -> None:
    ids: dict[Path, set[str]] = {}

    def ids_of(page: Path) -> set[str]:
        if page not in ids:
            ids[page] = set(lxml.html.fromstring(page.read_bytes()).xpath("//@id"))
        return ids[page]

    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    broken, checked = [], 0
    for page in pages:
        tree = lxml.html.fromstring(page.read_bytes())
        for link in tree.xpath("//a/@href | //link/@href | //script/@src"):
            if urlsplit(link).scheme or link.startswith("//"):
                continue  # another site's (Wikidata's)
            path, fragment = urldefrag(link)
            target = (page.parent / unquote(path)).resolve() if path else page
            checked += 1
            if not target.is_file() or not target.is_relative_to(site.resolve()):
                broken.append(f"{page.relative_to(site)}: {link}")
            elif fragment and target.suffix == ".html" and unquote(fragment) not in ids_of(target):
                broken.append(f"{page.relative_to(site)}: {link} (no such #id)")
    assert checked > 1000
    assert not broken, broken[:20]


def test_each_kind_of_page_renders_without_a_console_error(
    site: Path, served: str, browser: WebDriver, screenshots: Path
) -> None:
    for name, path in pages_of_each_kind(site).items():
        browser.get(served + path)
        WebDriverWait(browser, 10).until(
            lambda d: d.execute_script("return document.readyState") == "complete"
        )
        WebDriverWait(browser, 10).until(  # the search box: the page's script ran
            lambda d: d.find_elements(By.CSS_SELECTOR, "#search input")
        )
        errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert not errors, f"{path}: {errors}"
        assert browser.find_element(By.TAG_NAME, "h1").text.strip(), path
        browser.save_screenshot(str(screenshots / f"{name.replace(' ', '-')}.png"))


def test_the_search_finds_a_party_by_its_name_in_another_language(
    served: str, browser: WebDriver, screenshots: Path
) -> None:
    browser.get(served + "index.html")
    box = WebDriverWait(browser, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "#search input")
    )
    box.send_keys("Ελλάδας")  # Greek: "of Greece"; the home page is in English
    results = WebDriverWait(browser, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-link")
    )
    browser.save_screenshot(str(screenshots / "search.png"))
    hrefs = [result.get_attribute("href") or "" for result in results]
    assert any(href.endswith("/site/party/gr-kke.html") for href in hrefs), hrefs
    found = next(r for r in results if (r.get_attribute("href") or "").endswith("gr-kke.html"))
    found.click()
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("/site/party/gr-kke.html"))
    assert "Communist Party of Greece" in browser.find_element(By.TAG_NAME, "h1").text
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
